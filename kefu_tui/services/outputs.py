"""Files kefu writes for people (输出文件): reports, payment slips, messages — all or nothing.

Every output goes to a temporary file in the target's own folder, is fsynced, and only
then takes the target's name (issue 15 item 5): a full disk, a file-size limit or a lost
link leaves the old file whole and no half or empty file behind. A target that is the
database or its ``-wal``/``-shm`` is refused, whatever name leads to it (a symlink, a
hard link): writing there would corrupt the branch's data.

Files clerks share (issue 16 item 4): an output is ``0660`` with the group of its folder,
whatever the clerk's umask, so the next clerk of the group can open or replace it; the
shared ``exports`` folder beside the database is ``2770`` like the database's own."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

OUTPUT_MODE = 0o660
SHARED_FOLDER_MODE = 0o2770
STDOUT = "-"


class OutputError(Exception):
    """A target kefu may not or cannot write; ``str()`` is the clerk's one line. Nothing
    was written and an existing file is as it was (the CLI exits 2: the target named
    cannot be used)."""


def write_bytes(target: str | Path, data: bytes, *, overwrite: bool = True, db: Path | None = None) -> Path:
    """``data`` as ``target``, all or nothing."""
    return write_with(target, lambda fh: fh.write(data), overwrite=overwrite, db=db)


def write_text(target: str | Path, text: str, *, overwrite: bool = True, db: Path | None = None) -> Path:
    return write_bytes(target, text.encode("utf-8"), overwrite=overwrite, db=db)


def write_with(target: str | Path, fill: Callable[[BinaryIO], object], *, overwrite: bool = True,
               db: Path | None = None) -> Path:
    """Create ``target`` by ``fill(binary file)``: a temporary file beside it, fsync,
    rename. Without ``overwrite`` an existing target is refused, and a file another clerk
    creates meanwhile is never replaced (the name is taken with a hard link, which fails
    when the name exists). Raises :class:`OutputError`; ``target`` is never half-written."""
    target = Path(target)
    refuse_database(target, db)
    folder = target.parent
    if target.is_dir():
        raise OutputError(f"{target} 是文件夹, 不能写入 (a folder, not a file)")
    if why := not_replaceable(target):
        raise OutputError(why)
    if not overwrite and (target.exists() or target.is_symlink()):
        raise OutputError(f"{target} 已存在, 未覆盖 (exists; use --force to overwrite it)")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as e:
        raise OutputError(_cannot(target, e)) from e
    try:
        share(fd, folder)
        with os.fdopen(fd, "wb") as fh:
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, target)
        else:
            _link_new(tmp, target)
        _sync_folder(folder)
    except OutputError:
        Path(tmp).unlink(missing_ok=True)
        raise
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(_cannot(target, e)) from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def not_replaceable(target: Path) -> str | None:
    """Why an existing ``target`` may not be replaced by a new file, or None: a FIFO, a
    device or a socket has its name for another program (``--force`` once renamed a
    report over a FIFO; for root, over /dev/null). A regular file or a symlink (itself
    replaced, never followed) may be."""
    try:
        mode = os.lstat(target).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode) or stat.S_ISDIR(mode):
        return None  # a folder has its own refusal, worded by the caller
    return f"{target} 不是普通文件, 拒绝覆盖 (not a regular file: a FIFO, device or socket)"


def _link_new(tmp: str, target: Path) -> None:
    try:
        os.link(tmp, target)
    except FileExistsError as e:
        raise OutputError(f"{target} 已存在, 未覆盖 (exists; use --force to overwrite it)") from e
    except OSError:  # a file system without hard links (some shares): check, then rename
        if target.exists():
            raise OutputError(f"{target} 已存在, 未覆盖 (exists)") from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def _cannot(target: Path, e: OSError) -> str:
    return f"无法写入 {target}: {e.strerror or e}; 原文件未改动 (cannot write; nothing changed)"


def share(fd: int, folder: Path) -> None:
    """Mode 0660 and the folder's group on an open file, whatever the umask (issue 16
    item 4); a group we are not in is left as it is."""
    from kefu_tui.store.db import _own_group_of_folder  # the database's own rule, one place

    os.fchmod(fd, OUTPUT_MODE)
    _own_group_of_folder(fd, folder)


def shared_folder(folder: Path) -> Path:
    """``folder`` made (if needed) ``2770`` with its parent's group, so every clerk of the
    group reads and replaces what another wrote there (the F9 ``exports`` folder); one this
    clerk made earlier with other bits (an older kefu, another umask) is put right."""
    folder = Path(folder)
    try:
        folder.mkdir(mode=0o770)
    except FileExistsError:
        pass
    except OSError as e:
        raise OutputError(_cannot(folder, e)) from e
    if folder.is_symlink() or not folder.is_dir():
        raise OutputError(f"{folder} 不是文件夹 (not a folder)")
    try:
        st = folder.stat()
        if st.st_uid == os.getuid():
            gid = folder.parent.stat().st_gid
            if st.st_gid != gid:
                os.chown(folder, -1, gid)
            if stat.S_IMODE(st.st_mode) != SHARED_FOLDER_MODE:
                os.chmod(folder, SHARED_FOLDER_MODE)
    except OSError:
        pass  # another clerk's folder: theirs to set, and the group can already use it
    return folder


def _sync_folder(folder: Path) -> None:
    # the rename itself reaches the disk: after a power cut the name is the old or the new file
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def refuse_database(target: Path, db: Path | None) -> None:
    """:class:`OutputError` when ``target`` is the database or one of its own files, by
    resolved path or by inode (a hard link or a symlink to it): the store's one test."""
    from kefu_tui.store.backup import own_files

    if db is not None and own_files(Path(db), Path(target)):
        raise OutputError(f"{target} 是数据库自己的文件, 不能写入 (the database's own file)")
