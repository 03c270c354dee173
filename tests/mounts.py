"""Read-only mounts for the tests of a database kefu cannot write (issue 15 item 8)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only_bind(db: Path) -> Iterator[Path]:
    """``db`` bind-mounted read-only over itself (root only): the folder stays writable, so
    SQLite may keep its -shm beside the file while reading."""
    if os.geteuid() != 0:
        pytest.skip("a read-only mount needs root")
    if subprocess.run(["mount", "--bind", str(db), str(db)]).returncode or subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(db)]).returncode:
        subprocess.run(["umount", "-l", str(db)])
        pytest.skip("cannot bind-mount read-only here")
    try:
        yield db
    finally:
        subprocess.run(["umount", "-l", str(db)])
