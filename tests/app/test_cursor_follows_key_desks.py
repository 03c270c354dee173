"""A record is known by its key on every desk (SPEC §14.2, issue 16 item 1), table-driven:
clerk A has the cursor on a row of a list; clerk B (a second Store on the same SQLite file)
adds or takes away a record above it; A's screen refreshes by itself (the app's poll) and the
cursor is still on A's record. Where B takes A's record itself away, the cursor goes to its
neighbour and A is told in one line who did it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from desk_c_data import D2_LIST, D3_LIST, UNSIGNED, DeskApp, settle, sync, wait_for

from kefu_tui.domain import clock
from kefu_tui.screens.counter import CounterScreen
from kefu_tui.screens.huaibin import HuaibinScreen
from kefu_tui.screens.monitor import MonitorScreen
from kefu_tui.screens.quality import QualityScreen
from kefu_tui.screens.returns import ReturnsScreen
from kefu_tui.screens.tracking import TrackingScreen
from kefu_tui.screens.transfers import TransfersScreen
from kefu_tui.services import quality as qs
from kefu_tui.services import returns as rs
from kefu_tui.services import tickets as ts
from kefu_tui.store import open_store
from kefu_tui.widgets.waybill_list import ListRow, WaybillList

A_BEFORE = clock.parse_iso("2026-11-24T08:00:00+08:00")
B_NOW = clock.parse_iso("2026-11-24T09:40:00+08:00")
B_STAMP = "2026-11-24 09:40:00"
RETURNABLE = [f"51820000{i:04d}" for i in range(5)]  # notified 11-20: may go back


def seed(store) -> None:
    """What the desks list besides the sample branch: complaints, handover notes,
    unidentified goods, returnable problem parcels (each made by clerk01 before 09:30)."""
    for i in range(4):
        qs.add_complaint(store, f"客户{i}", f"1390000000{i}", f"投诉{i}", None,
                         A_BEFORE.shift(minutes=i), "clerk01")
        qs.add_note(store, f"交接{i}", False, A_BEFORE.shift(minutes=i), "clerk01")
    with store.write():
        store.conn.executemany(
            "INSERT INTO unidentified_goods (title, arrived_at, channel, packaging, contents,"
            " created_at, created_by) VALUES ('不明货物', ?, '郑州', '纸箱', ?, ?, 'clerk01')",
            [(f"2026-11-24 0{i}:00:00", f"内件{i}", f"2026-11-24 0{i}:00:00") for i in range(1, 5)])
        store.conn.executemany("INSERT INTO waybills (waybill, sender_outlet) VALUES (?, '义乌二部')",
                               [(n,) for n in RETURNABLE])
    for i in range(4):
        intake(store, f"51837600000{i}", f"2026-11-24 08:0{i}:00", "clerk01")
    for i, no in enumerate(RETURNABLE):
        ts.add_tickets(store, [no], "address", "地址不详",
                       clock.parse_iso(f"2026-11-20T08:0{i}:00+08:00"), "clerk01")


def intake(store, waybill: str, at: str, user: str) -> None:
    """A parcel taken in at the counter (R-40), as saving the intake form writes it."""
    with store.write():
        store.conn.execute(
            "INSERT INTO intakes (waybill, weight_kg, dims, volumetric_kg, chargeable_kg, service,"
            " payment, cod_fee_fen, created_at, created_by) VALUES"
            " (?, '1.0', '10x10x10', 0.1, 1.0, 'standard', 'prepaid', 0, ?, ?)", (waybill, at, user))


def sign(store, row: ListRow) -> None:
    """B's 签收 of a parcel (as an import of the agent's scans would write it)."""
    with store.write():
        store.conn.execute("INSERT INTO scans (waybill, kind, at, site, operator)"
                           " VALUES (?, '签收', ?, '淮滨', '淮滨代派-刘')", (row.waybill, B_STAMP))
        store.audit(B_STAMP, "bob", "sign", "scans", None, None, {"waybill": row.waybill},
                    waybill=row.waybill)


def give_back(store, row: ListRow) -> None:
    """B returns a parcel to its sender outlet (R-09)."""
    batch = rs.return_parcels(store, [row.waybill], B_NOW, "bob")
    assert not batch.refused, batch.refused


def new_transfer(store, row: ListRow) -> None:
    with store.write():
        store.conn.execute(
            "INSERT INTO transfers (waybill, mode, created_at, created_by) VALUES"
            " ('518399999999', 'original', ?, 'bob')", (B_STAMP,))


def early_agent_line(store, row: ListRow) -> None:
    """One more line on today's agent list, delivered before the others (R-22)."""
    with store.write():
        store.conn.execute(
            "INSERT INTO delivery_items (waybill, courier, at, day, outlet) VALUES"
            " ('518240000099', '淮滨代派-刘', '2026-11-24 07:00:00', '2026-11-24', '淮滨')")


def newer_goods(store, row: ListRow) -> None:
    with store.write():
        store.conn.execute(
            "INSERT INTO unidentified_goods (title, arrived_at, channel, packaging, contents,"
            " created_at, created_by) VALUES ('不明货物', ?, '郑州', '编织袋', '新到', ?, 'bob')",
            (B_STAMP, B_STAMP))


def done_note(store, row: ListRow) -> None:
    qs.mark_note_done(store, int(row.key), B_NOW, "bob")


@dataclass
class Desk:
    name: str  # the test id (今日退件 is returns-today)
    screen: Callable
    list_id: str
    at: int  # the row A's cursor is on
    above: Callable  # B's change to the record above A's (or a new record above it)
    mine: Callable | None = None  # B's change that takes A's record itself away
    says: str = "已由 bob"  # what the one-line notice says when A's record left
    keys: tuple = ()  # keys to press to reach the list, after the screen is shown


DESKS = [
    Desk("returns-today", ReturnsScreen, "#returns-list", 2, give_back, give_back, says="已由 bob 退件"),
    Desk("board R-28", MonitorScreen, "#monitor-findings", 2, sign, sign, says="已由 bob 签收",
         keys=("down", "down", "down", "down", "enter")),
    Desk("transfers", TransfersScreen, "#transfers-list", 1, new_transfer),
    Desk("Huaibin today", HuaibinScreen, "#huaibin-today", 2, early_agent_line),
    Desk("Huaibin unsigned", HuaibinScreen, "#huaibin-unsigned", 2, sign, sign, says="已由 bob 签收"),
    Desk("quality complaints", QualityScreen, "#quality-list", 1,
         lambda s, r: qs.add_complaint(s, "新客户", "13900001111", "新投诉", None, B_NOW, "bob")),
    Desk("quality handover", lambda: QualityScreen("handover"), "#quality-list", 1, done_note,
         done_note, says="已不在列表中"),
    Desk("counter unidentified", lambda: CounterScreen("unidentified"), "#unid-list", 1, newer_goods),
    Desk("counter intake", lambda: CounterScreen("intake"), "#intake-list", 1,
         lambda s, r: intake(s, "518376000099", B_STAMP, "bob")),
    Desk("F12 tracking", lambda: TrackingScreen(D3_LIST + D2_LIST), "#tracking-list", 2, sign),
]


async def _on_row(pilot, app, desk: Desk) -> WaybillList:
    """The desk shown, the poll's watch open, A's cursor on row ``desk.at``."""
    await settle(pilot)
    await pilot.press(*desk.keys)
    lst = app.screen.query_one(desk.list_id, WaybillList)
    await wait_for(pilot, lambda: lst.row_count > desk.at + 1)
    await asyncio.sleep(1.2)  # the watch connection is opened at the poll's first tick
    lst.focus()
    await pilot.pause()
    await pilot.press(*["down"] * (desk.at - lst.cursor_index))
    assert lst.cursor_index == desk.at
    return lst


def _keys(lst: WaybillList) -> list:
    return [lst.row_at(i).key for i in range(lst.row_count)]


@pytest.mark.parametrize("desk", DESKS, ids=[d.name for d in DESKS])
@sync
async def test_cursor_stays_on_its_record_when_b_changes_the_one_above(tmp_path, desk):
    """Issue 16 item 1: B's change above A's row; after the refresh A is on the same key."""
    app = DeskApp(tmp_path, desk.screen)
    with open_store(tmp_path / "kefu.db") as s:
        seed(s)
    async with app.run_test(size=(120, 40)) as pilot:
        lst = await _on_row(pilot, app, desk)
        mine, before = lst.cursor_row, _keys(lst)
        with open_store(tmp_path / "kefu.db") as b:
            desk.above(b, lst.row_at(desk.at - 1))
        if desk.name != "F12 tracking":  # its rows are the numbers asked for: none come or go
            await wait_for(pilot, lambda: _keys(lst) != before, timeout=6)
        await settle(pilot)
        assert lst.cursor_row.key == mine.key


MINE = [d for d in DESKS if d.mine is not None]


@pytest.mark.parametrize("desk", MINE, ids=[d.name for d in MINE])
@sync
async def test_record_taken_away_leaves_the_cursor_on_its_neighbour_and_says_who(tmp_path, desk):
    """Issue 16 item 1: B takes A's record out of the list; A's cursor goes to the row that
    was below it and one line names the record and, where the trail knows, who."""
    app = DeskApp(tmp_path, desk.screen)
    with open_store(tmp_path / "kefu.db") as s:
        seed(s)
    async with app.run_test(size=(120, 40)) as pilot:
        lst = await _on_row(pilot, app, desk)
        mine, below = lst.cursor_row, lst.row_at(desk.at + 1)
        with open_store(tmp_path / "kefu.db") as b:
            desk.mine(b, mine)
        await wait_for(pilot, lambda: mine.key not in _keys(lst), timeout=6)
        await settle(pilot)
        assert lst.cursor_row.key == below.key
        label = mine.waybill or f"{lst.source.columns[0].title} {mine.cells[0]}"
        await wait_for(pilot, lambda: any(f"{label} {desk.says}" in str(n.message)
                                          for n in app._notifications), timeout=4)
