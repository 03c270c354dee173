"""kefu return (SPEC §14.1 Returns, R-09, issue 12)."""

from __future__ import annotations


def register(sub, common):
    """Adds this module's commands (none yet)."""
