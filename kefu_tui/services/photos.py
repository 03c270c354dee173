"""Photos clerks attach (照片): one rule for a ticket's photo (破损/错分, SPEC §5) and for
unidentified goods (不明货物, R-12) — issue 15 item 6, docs/hostile-input.md.

- Only a regular file is taken: opened with O_NOFOLLOW (a symlink to /etc/shadow is refused,
  never followed), then checked with fstat (no folder, FIFO or device).
- At most :data:`MAX_PHOTO_BYTES` (20 MB; a phone's photo is 2–8 MB), counted while it is
  copied, so a file that grows or lies about its size is cut off and refused too.
- Copied first, to a temporary name in the target folder, outside any database
  transaction (a 30 GB "photo" held the write lock for 28 s, and other clerks' notes failed
  with 数据库正忙); the copy then takes its final name with a hard link, which fails if
  the name exists (two clerks' ``1.jpg`` both kept), and the row is committed; a failure
  anywhere removes the copy. A photo is never half-written under its final name.
- Folders 0770, files 0660, for the clerks' group (issue 9)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_PHOTO_BYTES = 20 * 1024 * 1024
FOLDER_MODE = 0o770
FILE_MODE = 0o660
_CHUNK = 1024 * 1024


class PhotoRefused(ValueError):
    """A photo file that is not taken; ``str()`` is the clerk's one line."""


@dataclass
class Staged:
    """A photo copied whole under a temporary name in its folder, not yet named."""

    name: str  # the name the clerk's file had
    tmp: Path

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)


def stage(src: str | Path, folder: Path) -> Staged:
    """Check ``src`` by the rule above and copy it, bounded, to a temporary file in
    ``folder`` (made 0770). Raises :class:`PhotoRefused`; leaves nothing behind then."""
    src = Path(src)
    try:
        fd = os.open(src, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as e:
        raise PhotoRefused(f"照片文件不存在 (no such photo file): {src}") from e
    except OSError as e:  # ELOOP: a symlink; EACCES
        why = "不接受链接 (a symlink is not taken)" if src.is_symlink() else (e.strerror or str(e))
        raise PhotoRefused(f"照片必须是普通文件, {why}: {src}") from e
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise PhotoRefused(f"照片必须是普通文件 (not a regular file): {src}")
        if st.st_size > MAX_PHOTO_BYTES:
            raise PhotoRefused(_too_big(src))
        folder = make_folder(folder)
        out_fd, tmp = _temp_in(folder, src.name)
        try:
            _copy_bounded(fd, out_fd, src)
            os.fsync(out_fd)
        except BaseException:
            os.close(out_fd)
            Path(tmp).unlink(missing_ok=True)
            raise
        os.close(out_fd)
    finally:
        os.close(fd)
    return Staged(src.name, Path(tmp))


def place(staged: Staged, folder: Path) -> Path:
    """The staged copy under ``folder/name`` (else ``stem-2.ext``, ``stem-3.ext`` …),
    never over an existing file; the temporary name is gone afterwards."""
    folder = make_folder(folder)
    stem, suffix = Path(staged.name).stem, Path(staged.name).suffix
    n = 1
    while True:
        target = folder / (staged.name if n == 1 else f"{stem}-{n}{suffix}")
        try:
            os.link(staged.tmp, target)
        except FileExistsError:
            n += 1
            continue
        except OSError:  # no hard links here (some shares): take the name, then rename
            try:
                os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE))
            except FileExistsError:
                n += 1
                continue
            os.replace(staged.tmp, target)
            return target
        staged.discard()
        return target


def make_folder(folder: Path) -> Path:
    """``folder`` (and its parents) made 0770 whatever the umask; a symlink there is refused."""
    folder = Path(folder)
    missing = []
    f = folder
    while not f.exists() and not f.is_symlink() and f != f.parent:
        missing.append(f)
        f = f.parent
    for f in reversed(missing):
        try:
            f.mkdir(mode=FOLDER_MODE)
            os.chmod(f, FOLDER_MODE)
        except FileExistsError:
            pass
    if folder.is_symlink() or not folder.is_dir():
        raise PhotoRefused(f"照片文件夹不是普通文件夹: {folder}")
    return folder


def _temp_in(folder: Path, name: str) -> tuple[int, str]:
    while True:
        tmp = folder / f".{name[:64]}.{os.urandom(6).hex()}.part"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
        except FileExistsError:
            continue
        os.fchmod(fd, FILE_MODE)
        return fd, str(tmp)


def _copy_bounded(src_fd: int, out_fd: int, src: Path) -> None:
    copied = 0
    while chunk := os.read(src_fd, _CHUNK):
        copied += len(chunk)
        if copied > MAX_PHOTO_BYTES:
            raise PhotoRefused(_too_big(src))
        view = memoryview(chunk)
        while view:
            view = view[os.write(out_fd, view):]


def _too_big(src: Path) -> str:
    return f"照片超过 {MAX_PHOTO_BYTES // 1024 // 1024} MB, 未保存 (photo too big): {src}"
