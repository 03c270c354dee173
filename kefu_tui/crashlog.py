"""Where a real bug's stack trace goes (错误日志): a log file in the user data folder, never
the clerk's terminal. The clerk sees one line naming the file."""

from __future__ import annotations

import os
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

LOG_NAME = "kefu-errors.log"
MAX_LOG_BYTES = 1_000_000  # one old generation kept as .1


def log_dir() -> Path:
    from kefu_tui.config import data_dir

    return data_dir() / "logs"


def log_exception(exc: BaseException, context: str = "") -> Path | None:
    """Append ``exc``'s traceback to the error log; its path, or None when no folder
    could be written (then nothing else can be done about it)."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    head = f"==== {datetime.now().isoformat(timespec='seconds')} pid {os.getpid()} {context}\n"
    for folder in (log_dir, lambda: Path(tempfile.gettempdir()) / "kefu-logs"):
        try:
            d = folder()
            d.mkdir(parents=True, exist_ok=True)
            path = d / LOG_NAME
            if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
                os.replace(path, path.with_suffix(".log.1"))
            with open(path, "a", encoding="utf-8", errors="backslashreplace") as fh:
                fh.write(head + text)
            return path
        except OSError:
            continue
    return None


def one_line(exc: BaseException, path: Path | None) -> str:
    """The clerk's line for a real bug."""
    where = f", 详情已记录 (details logged) → {path}" if path else ""
    return f"内部错误 (internal error: {type(exc).__name__}){where}"
