"""The problem-parcel queue (问题件, SPEC §5) under Pilot, on a real SQLite file filled by
plain SQL: filters (R-06 overdue / before 10:00, R-09 returnable, type, outlet, status),
search, dated notes (R-07), closing with a reason, the detail screen, photos, F12 (R-05)."""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from kefu_tui.app import KefuApp
from kefu_tui.domain.tickets import TicketType
from kefu_tui.screens.modals import TextPrompt
from kefu_tui.screens.ticket_detail import TicketDetailScreen
from kefu_tui.screens.tickets import TicketQueueScreen
from kefu_tui.store import open_store
from kefu_tui.widgets.waybill_list import WaybillList
from tests.app.snapshot_app import clerk_config

NOW = "2026-11-24T09:30:00+08:00"
TODAY = "2026-11-24 00:00:00"
HELD = "2026-11-21 09:30:00"  # now - 72 h
NOW_STAMP = "2026-11-24 09:30:00"
USER = "clerk01"
N = 300
TYPES = [t.value for t in TicketType]
PARTIES = ["固始", "商城", "郑州", "上海青浦"]
SIZE = (120, 40)


def sync(fn):
    """No async pytest plugin: each Pilot flow runs in its own event loop."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


def _s(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S")


def ticket_specs(n: int = N) -> list[dict]:
    """Deterministic tickets: created 0–5 days back, a third updated today, a tenth closed,
    a few held by the sender (R-09), types and outlets in rotation."""
    base = datetime(2026, 11, 24, 8, 0)
    out = []
    for i in range(n):
        days_back = i % 6
        created = base - timedelta(days=days_back) + timedelta(minutes=i % 50)
        if i % 3 == 0:
            updated = datetime(2026, 11, 24, 9, 0)
        elif days_back and i % 3 == 2:
            updated = created + timedelta(hours=3)
        else:
            updated = created
        out.append({
            "id": i + 1,
            "waybill": f"51801{i:07d}",
            "type": TYPES[i % len(TYPES)],
            "text": f"登记{i}",
            "party": PARTIES[i % len(PARTIES)],
            "status": "closed" if i % 10 == 7 else "open",
            "created_at": _s(created),
            "updated_at": _s(updated),
            "hold_until": "2026-11-25 12:00:00" if i % 25 == 4 else None,
            "receiver": "王小明" if i % 50 == 2 else f"张三{i}",
            "phone": f"1390000{i:04d}",
        })
    return out


def fill_db(path: Path, n: int = N) -> list[dict]:
    """The queue's test database: migrated by the store, then plain SQL inserts."""
    open_store(path).close()
    specs = ticket_specs(n)
    con = sqlite3.connect(path)
    with con:
        con.executemany(
            "INSERT INTO waybills (waybill, receiver, phone, address, sender_outlet)"
            " VALUES (:waybill, :receiver, :phone, '河南省信阳市浉河区民权路1号', :party)", specs)
        con.executemany(
            "INSERT INTO tickets (id, waybill, type, text, party, status, created_at, created_by,"
            " updated_at, closed_at, close_reason, hold_until) VALUES (:id, :waybill, :type, :text,"
            " :party, :status, :created_at, 'clerk00', :updated_at,"
            " CASE WHEN :status = 'closed' THEN :updated_at END,"
            " CASE WHEN :status = 'closed' THEN '已回复' END, :hold_until)", specs)
        con.executemany(
            "INSERT INTO ticket_notes (ticket_id, at, by, text) VALUES (?, ?, 'clerk00', ?)",
            [(s["id"], s["updated_at"], f"跟进{s['id']}({s['updated_at'][5:7]}{s['updated_at'][8:10]})")
             for s in specs if s["updated_at"] != s["created_at"]])
        scans = []
        for s in specs[:40]:
            scans.append((s["waybill"], "发件", "2026-11-22 20:00:00", "郑州分拨中心", "信阳分拨中心"))
            scans.append((s["waybill"], "到件", "2026-11-23 07:10:00", "信阳二部", None))
        con.executemany(
            "INSERT INTO scans (waybill, kind, at, site, next_site, operator)"
            " VALUES (?, ?, ?, ?, ?, 'op1')", scans)
    con.close()
    return specs


class QueueApp(KefuApp):
    """The real shell with the queue on top; F12 requests are recorded, not answered."""

    def __init__(self, folder: Path, photos: Path | None = None):
        cfg = clerk_config(folder, "进港", photos_dir=str(photos) if photos else None)
        super().__init__(folder / "kefu.db", now_text=NOW, user=USER, config_dir=cfg)
        self.tracked: list[list[str]] = []

    def on_mount(self) -> None:
        super().on_mount()
        self.push_screen(TicketQueueScreen())

    def open_tracking(self, numbers):
        self.tracked.append(list(numbers or []))


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def expected(specs, **f) -> int:
    """The count the filter must give, computed in Python from the inserted data."""
    status = f.get("status", "open")
    rows = [s for s in specs if status == "all" or s["status"] == status]
    if f.get("overdue") or f.get("before_ten") or f.get("returnable"):
        rows = [s for s in rows if s["status"] == "open"]
    if f.get("overdue") or f.get("before_ten"):
        rows = [s for s in rows if s["updated_at"] < TODAY]
    if f.get("returnable"):
        rows = [s for s in rows if s["created_at"] <= HELD
                and (s["hold_until"] is None or s["hold_until"] <= NOW_STAMP)]
    if f.get("type"):
        rows = [s for s in rows if s["type"] == f["type"]]
    if f.get("party"):
        rows = [s for s in rows if s["party"] == f["party"]]
    return len(rows)


def queue(app) -> TicketQueueScreen:
    assert isinstance(app.screen, TicketQueueScreen), app.screen
    return app.screen


def db_rows(path: Path, sql: str, args=()) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


@sync
async def test_each_filter_key_changes_the_count_R06_R09(tmp_path):
    specs = fill_db(tmp_path / "kefu.db")
    app = QueueApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        q = queue(app)
        assert q.total == expected(specs) == q.list.row_count
        assert isinstance(app.focused, WaybillList)
        steps = [
            ("d", {"overdue": True}),  # not updated today
            ("d", {}),
            ("m", {"before_ten": True}),  # yesterday's, before 10:00
            ("r", {"before_ten": True, "returnable": True}),  # R-09 on top of it
            ("m", {"returnable": True}),
            ("r", {}),
            ("o", {"status": "closed"}),
            ("o", {"status": "all"}),
            ("o", {}),
            ("t", {"type": TYPES[0]}),
            ("t", {"type": TYPES[1]}),
        ]
        for key, f in steps:
            await pilot.press(key)
            await settle(pilot)
            assert q.total == expected(specs, **f), (key, f)
            assert q.list.row_count == q.total
        for _ in range(len(TYPES) - 1):
            await pilot.press("t")
        await settle(pilot)
        assert q.filter.type is None and q.total == expected(specs)
        await pilot.press("p")
        await settle(pilot)
        first = sorted(PARTIES)[0]
        assert q.filter.party == first
        assert q.total == expected(specs, party=first)
        assert all(q.list.row_at(i).cells[2] == first for i in range(q.total))
        status = str(q.query_one("#queue-status").render())
        assert f"共 {q.total:,} 件" in status and first in status


@sync
async def test_overdue_sorting_and_reverse(tmp_path):
    specs = fill_db(tmp_path / "kefu.db")
    app = QueueApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        q = queue(app)
        stalest = min((s for s in specs if s["status"] == "open"), key=lambda s: (s["updated_at"], s["id"]))
        assert q.list.cursor_row.waybill == stalest["waybill"]
        await pilot.press("S")
        await settle(pilot)
        assert q.filter.descending
        newest = max((s for s in specs if s["status"] == "open"), key=lambda s: (s["updated_at"], s["id"]))
        assert q.list.cursor_row.waybill == newest["waybill"]
        await pilot.press("s")  # sort by created
        await settle(pilot)
        assert q.filter.sort == "created"


@sync
async def test_search_by_phone_name_and_number_prefix(tmp_path):
    specs = fill_db(tmp_path / "kefu.db")
    app = QueueApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        q = queue(app)
        search = q.query_one("#queue-search")

        async def find(text: str) -> None:
            await pilot.press("slash")
            assert app.focused is search
            search.value = ""
            await pilot.press(*text)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.focused, WaybillList)

        await find("13900000123")  # receiver phone
        assert q.total == 1 and q.list.cursor_row.waybill == "518010000123"
        await find("5180100001")  # number prefix: tickets 100-199
        assert q.total == sum(1 for s in specs[100:200] if s["status"] == "open")
        search.value = "王小明"  # receiver name (typed by an IME: set, then Enter)
        await pilot.press("slash", "enter")
        await settle(pilot)
        want = [s["waybill"] for s in specs if s["receiver"] == "王小明" and s["status"] == "open"]
        assert q.total == len(want) > 0
        assert sorted(q.list.row_at(i).waybill for i in range(q.total)) == sorted(want)
        # Escape leaves the search box for the list; an empty search shows everything again
        await pilot.press("slash")
        await pilot.press("escape")
        assert isinstance(app.focused, WaybillList)
        search.value = ""
        await pilot.press("slash", "enter")
        await settle(pilot)
        assert q.total == expected(specs)


@sync
async def test_note_is_dated_MMDD_and_stored_R07(tmp_path):
    db = tmp_path / "kefu.db"
    fill_db(db)
    app = QueueApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        q = queue(app)
        row = q.list.cursor_row
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"暂放续送")
        await pilot.press("enter")
        await settle(pilot)
        assert queue(app)
        notes = db_rows(db, "SELECT text, by FROM ticket_notes WHERE ticket_id = ? ORDER BY id", (row.key,))
        assert notes[-1] == ("暂放续送(1124)", USER)
        updated = db_rows(db, "SELECT updated_at FROM tickets WHERE id = ?", (row.key,))[0][0]
        assert updated == NOW_STAMP
        # the ticket is no longer the stalest: it moved; find it and check its last note
        cells = [q.list.row_at(i) for i in range(q.total)]
        mine = next(r for r in cells if r.key == row.key)
        assert mine.cells[-1] == "暂放续送(1124)"  # the last column: the newest note


@sync
async def test_close_requires_a_reason(tmp_path):
    db = tmp_path / "kefu.db"
    specs = fill_db(db)
    app = QueueApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        q = queue(app)
        row = q.list.cursor_row
        await pilot.press("c")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        await pilot.press("enter")  # empty: refused with a message
        await pilot.pause()
        assert app.screen is prompt
        assert "不能为空" in str(prompt.query_one("#prompt-error").render())
        assert db_rows(db, "SELECT status FROM tickets WHERE id = ?", (row.key,))[0][0] == "open"
        await pilot.press(*"sender replied")
        await pilot.press("enter")
        await settle(pilot)
        assert db_rows(db, "SELECT status, close_reason, closed_by FROM tickets WHERE id = ?",
                       (row.key,))[0] == ("closed", "sender replied", USER)
        assert queue(app).total == expected(specs) - 1
        # Escape on the prompt closes nothing
        nxt = q.list.cursor_row
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert db_rows(db, "SELECT status FROM tickets WHERE id = ?", (nxt.key,))[0][0] == "open"


@sync
async def test_enter_opens_the_detail_with_notes_and_tracking(tmp_path):
    specs = fill_db(tmp_path / "kefu.db")
    app = QueueApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        q = queue(app)
        await pilot.press("slash", *"518010000003", "enter")
        await settle(pilot)
        assert q.total == 1
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, TicketDetailScreen) and detail.ticket_id == 4
        text = "\n".join(str(w.render()) for w in detail.query(".detail-block"))
        assert "518010000003" in text and specs[3]["party"] in text
        assert "信阳二部" in text  # the tracking timeline
        await pilot.press("n", *"call again", "enter")
        await settle(pilot)
        notes = str(detail.query_one("#detail-notes").render())
        assert "call again(1124)" in notes
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is q


@sync
async def test_attach_photo_copies_under_the_waybill_number(tmp_path):
    db = tmp_path / "kefu.db"
    fill_db(db)
    photos = tmp_path / "photos"
    src = tmp_path / "cam" / "IMG_0001.jpg"
    src.parent.mkdir()
    src.write_bytes(b"\xff\xd8\xff\xe0jpeg")
    app = QueueApp(tmp_path, photos=photos)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        q = queue(app)
        row = q.list.cursor_row
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, TicketDetailScreen)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(src)
        await pilot.press("enter")
        await settle(pilot)
        target = photos / row.waybill / "IMG_0001.jpg"
        assert target.read_bytes() == src.read_bytes()
        assert db_rows(db, "SELECT waybill, path FROM ticket_photos WHERE ticket_id = ?",
                       (row.key,)) == [(row.waybill, str(target))]
        assert str(target) in str(detail.query_one("#detail-photos").render())
        # a path that is not a file is refused visibly and nothing is recorded
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(tmp_path / "nope.jpg")
        await pilot.press("enter")
        await settle(pilot)
        assert len(db_rows(db, "SELECT id FROM ticket_photos")) == 1
        # F12 on the detail tracks its waybill
        await pilot.press("f12")
        await settle(pilot)
        assert app.tracked[-1] == [row.waybill]


@sync
async def test_f12_tracks_the_selected_numbers_R05(tmp_path):
    fill_db(tmp_path / "kefu.db")
    app = QueueApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        q = queue(app)
        first = q.list.row_at(0).waybill
        third = q.list.row_at(2).waybill
        await pilot.press("space", "down", "down", "space", "f12")
        await settle(pilot)
        assert app.tracked == [[first, third]]
        await pilot.press("escape", "f12")  # no selection: the cursor row
        await settle(pilot)
        assert app.tracked[-1] == [third]
