"""The workstation on a database it may read but not write (issue 15 item 8): the queue is
shown, a note says it cannot be saved, and the workstation carries on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
from test_ticket_queue import QueueApp, fill_db, settle, sync  # noqa: E402

from tests.mounts import read_only_bind  # noqa: E402


@pytest.fixture
def read_only_db(tmp_path):
    """The queue's database file read-only (root only)."""
    db = tmp_path / "kefu.db"
    fill_db(db)
    with read_only_bind(db):
        yield db


@sync
async def test_the_queue_on_a_read_only_database_reads_and_a_note_says_it_cannot_write(read_only_db):
    app = QueueApp(read_only_db.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.total > 0
        await pilot.press("n", *"call again", "enter")
        await settle(pilot)
        notes = [str(n.message) for n in app._notifications]
        assert any("无法写入" in m for m in notes), notes
        assert app.screen is screen and app.is_running
