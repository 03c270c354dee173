"""The one path every write from a screen takes (写入): off the UI thread, errors as a
message on the screen, never a crash; a write that waits for another clerk's write lock
says so ("等待数据库…") while it waits.

    from kefu_tui.screens.writes import write

    write(self, lambda store: close_ticket(store, tid, reason, now, user),
          done=lambda _: self.notify("已关闭"), failed="未关闭")

``job`` runs in a worker thread with a store of its own (``app.open_store()``, one sqlite
connection per thread) and must do all its reading and writing through the store it is
given. ``done(result)`` and ``error(text)`` run back on the UI thread. Capture what the job
needs (``app.clock()``, ``app.user``, the cursor row) before calling: the screen may have
moved on by the time the job runs."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker

T = TypeVar("T")

WAITING = "等待数据库…(其他终端正在写入)"
BUSY = "数据库忙(其他终端正在写入),未保存,请稍后重试"


def is_busy(error: BaseException) -> bool:
    """SQLite says another connection holds the lock (the busy timeout ran out)."""
    return isinstance(error, sqlite3.OperationalError) and (
        "locked" in str(error) or "busy" in str(error))


def error_text(error: BaseException, failed: str = "未保存") -> str:
    """One line for the clerk: a refusal's own words (services raise ValueError with a
    Chinese sentence), a busy database, or what went wrong."""
    if is_busy(error):
        reason = BUSY
    elif isinstance(error, (ValueError, OSError)):
        reason = str(error) or type(error).__name__
    else:
        reason = f"{type(error).__name__}: {error}"
    return f"{failed}: {reason}" if failed else reason


def write(
    node: DOMNode,
    job: Callable[[Any], T],
    *,
    done: Callable[[T], None] | None = None,
    failed: str = "未保存",
    error: Callable[[str], None] | None = None,
    waiting: Callable[[], None] | None = None,
    group: str = "write",
) -> Worker:
    """Run ``job(store)`` off the UI thread; ``done(result)`` on success. On any error the
    screen shows ``failed: reason`` (``error(text)`` when given, else a notification).
    While the write waits for the database lock, ``waiting()`` runs (default: a
    notification "等待数据库…")."""
    app = node.app

    def tell_waiting() -> None:
        if waiting is not None:
            waiting()
        else:
            app.notify(WAITING, severity="warning", timeout=3)

    def tell_error(text: str) -> None:
        if error is not None:
            error(text)
        else:
            app.notify(text, severity="error", timeout=6)

    def back(fn: Callable, *args) -> None:
        try:
            app.call_from_thread(fn, *args)
        except RuntimeError:  # the app is closing; nothing is left to tell
            pass

    def body() -> None:
        try:
            with app.open_store() as store:
                store.on_busy = lambda: back(tell_waiting)
                result = job(store)
        except Exception as e:  # every failure is a message on the screen, never a crash
            back(tell_error, error_text(e, failed))
            return
        if done is not None:
            back(done, result)

    return node.run_worker(body, thread=True, group=group, exit_on_error=False,
                           description=f"write:{failed}")
