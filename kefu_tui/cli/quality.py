"""kefu handover, kefu complaint (SPEC §14.1, issue 11)."""

from __future__ import annotations


def register(sub, common):
    """Adds this module's commands (none yet)."""
