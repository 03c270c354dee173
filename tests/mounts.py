"""Mounts for the tests of full disks and read-only databases (issue 15 items 5 and 8).

They need root, as CI has (`.ci/run`): without it the test fails and says why, never
skips, so a machine that cannot run them turns the suite red instead of hiding them."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _need_root(what: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.fail(f"{what} needs root and mount(8) (.ci/run runs as root)")


def _mount(args: list[str], undo: Path, what: str) -> None:
    if subprocess.run(["mount", *args]).returncode:
        subprocess.run(["umount", "-l", str(undo)])
        pytest.fail(f"cannot {what} here: mount {' '.join(args)} failed")


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` (e.g. ``64k``) on ``folder``: a full disk that is not the database's."""
    _need_root("a tmpfs")
    folder.mkdir(exist_ok=True)
    _mount(["-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], folder, "mount a tmpfs")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)])


@contextmanager
def read_only_bind(source: Path, at: Path | None = None) -> Iterator[Path]:
    """``source`` (a file or folder) bind-mounted read-only at ``at`` (over itself when
    None): a file alone keeps its folder writable, so SQLite may keep its -shm there."""
    _need_root("a read-only mount")
    at = at or source
    _mount(["--bind", str(source), str(at)], at, "bind-mount")
    _mount(["-o", "remount,bind,ro", str(at)], at, "remount read-only")
    try:
        yield at
    finally:
        subprocess.run(["umount", "-l", str(at)])
