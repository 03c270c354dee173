"""kefu intake save, items, receipt, brushing, unidentified (SPEC §14.1, issue 10)."""

from __future__ import annotations


def register(sub, common):
    """Adds this module's commands (none yet)."""
