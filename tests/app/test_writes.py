"""The one write path of the screens (screens/writes.py): a write runs off the UI thread,
a write that waits on another clerk's lock says "等待数据库…", and a database that stays
busy is a message on the screen, never a crash. Real app, real SQLite file, a real second
connection holding the write lock."""

from __future__ import annotations

import asyncio
import sqlite3

from kefu_tui.screens.tickets import TicketQueueScreen
from kefu_tui.screens.writes import BUSY, WAITING, error_text
from kefu_tui.store import db as store_db

from test_ticket_queue import SIZE, QueueApp, db_rows, fill_db, settle, sync


def notes_of(app) -> list[str]:
    return [n.message for n in app._notifications]


async def wait_for(pilot, predicate, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if predicate():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not reached")


def hold_write_lock(db) -> sqlite3.Connection:
    """Another clerk's process in the middle of a write transaction."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    return con


@sync
async def test_a_write_that_waits_says_so_then_saves(tmp_path):
    db = tmp_path / "kefu.db"
    fill_db(db)
    app = QueueApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = app.screen.list.cursor_row
        other = hold_write_lock(db)
        try:
            await pilot.press("n", *"已联系", "enter")
            await wait_for(pilot, lambda: WAITING in notes_of(app))
            assert isinstance(app.screen, TicketQueueScreen)  # the screen answers meanwhile
            await pilot.press("down")
        finally:
            other.rollback()
            other.close()
        await wait_for(pilot, lambda: any("已跟进" in n for n in notes_of(app)))
        await settle(pilot)
        notes = db_rows(db, "SELECT text FROM ticket_notes WHERE ticket_id = ? ORDER BY id", (row.key,))
        assert notes[-1] == ("已联系(1124)",)


@sync
async def test_a_busy_database_is_a_message_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 200)
    db = tmp_path / "kefu.db"
    fill_db(db)
    app = QueueApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = app.screen.list.cursor_row
        other = hold_write_lock(db)
        try:
            await pilot.press("c", *"已回复", "enter")
            await wait_for(pilot, lambda: any(BUSY in n for n in notes_of(app)))
        finally:
            other.rollback()
            other.close()
        assert app.is_running and isinstance(app.screen, TicketQueueScreen)
        assert any(n.startswith("未关闭: ") for n in notes_of(app))
        assert db_rows(db, "SELECT status FROM tickets WHERE id = ?", (row.key,))[0][0] == "open"
        # the lock is gone: the same key now closes it
        await pilot.press("c", *"已回复", "enter")
        await settle(pilot)
        assert db_rows(db, "SELECT status FROM tickets WHERE id = ?", (row.key,))[0][0] == "closed"


def test_error_text_names_the_refusal_or_the_busy_database():
    assert error_text(ValueError("原因不能为空"), "未关闭") == "未关闭: 原因不能为空"
    assert error_text(sqlite3.OperationalError("database is locked"), "未保存") == f"未保存: {BUSY}"
    assert "KeyError" in error_text(KeyError("x"))


def test_the_store_tells_once_when_a_write_must_wait(tmp_path):
    from kefu_tui.store import open_store

    db = tmp_path / "kefu.db"
    told: list[int] = []
    with open_store(db) as store:
        store.on_busy = lambda: told.append(1)
        with store.write():  # free: nothing to tell
            pass
        assert told == []
        other = hold_write_lock(db)

        async def release_soon():
            await asyncio.sleep(0.2)
            other.rollback()

        async def main():
            task = asyncio.create_task(release_soon())
            await asyncio.to_thread(lambda: None)  # let the releaser be scheduled
            loop = asyncio.get_running_loop()

            def write():
                with open_store(db) as s2:
                    s2.on_busy = lambda: told.append(2)
                    with s2.write():
                        s2.conn.execute("INSERT INTO templates (text) VALUES ('x')")
            await loop.run_in_executor(None, write)
            await task

        asyncio.run(main())
        other.close()
    assert told == [2]
