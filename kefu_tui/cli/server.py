"""kefu audit, kefu backup, kefu restore (SPEC §14.1, issue 9)."""

from __future__ import annotations


def register(sub, common):
    """Adds this module's commands (none yet)."""
