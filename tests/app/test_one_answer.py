"""One answer per rule (issue 7): on the demo branch every figure on home equals the number
on the desk it opens and the number the CLI prints under ``--json``, because all three ask
the same service function (R-06, R-09, R-21, R-22, R-23, R-34)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from desk_c_data import DeskApp, sync, wait_for

from kefu_tui.domain import clock
from kefu_tui.screens.home import load_overview
from kefu_tui.screens.transfers import TransfersScreen
from kefu_tui.services import huaibin, monitor, transfers
from kefu_tui.services.demo import build_demo
from kefu_tui.services.overview import day_overview
from kefu_tui.services.tickets import TicketFilter, count_tickets
from kefu_tui.store import open_store
from kefu_tui.widgets.waybill_list import WaybillList

NOW = "2026-11-24T09:30:00+08:00"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("one-answer")
    with open_store(folder / "kefu.db") as s:
        build_demo(s, seed=1, now=clock.parse_iso(NOW), scale=0.3)
    return folder


def kefu_json(db, *args) -> dict:
    r = subprocess.run([sys.executable, "-m", "kefu_tui", "--db", str(db), "--now", NOW, *args,
                        "--json"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_home_counts_equal_the_desks_and_the_cli(demo_dir):
    db = demo_dir / "kefu.db"
    now = clock.parse_iso(NOW)
    with open_store(db) as s:
        home = load_overview(s, now)  # exactly what the home screen shows
        ov = day_overview(s, now)
        desk = {
            "open_total": count_tickets(s, TicketFilter(), now),
            "overdue": count_tickets(s, TicketFilter(overdue=True), now),
            "returnable": count_tickets(s, TicketFilter(returnable=True), now),
            "transfers_due": len(transfers.due_followups(s, now)),
            "huaibin_today": len(huaibin.day_list(s, now.date())),
            "agent_unsigned": len(huaibin.unsigned_agent_items(s, now)),
            "checks_missing": len(monitor.unchecked_today(s, now)),
        }
        # R-23 on the Huaibin desk and R-28 on the board are one rule: the same parcels
        board_r28 = [f.waybill for f in monitor.findings(s, "R-28", now)]
        assert board_r28 == [i.waybill for i in huaibin.unsigned_agent_items(s, now)]
    figures = {"open_total": home.open_total, "overdue": home.overdue,
               "returnable": home.returnable, **{k: v for d in home.desks.values() for k, v in d.items()}}
    assert figures["open_tickets"] == home.open_total == ov.open_total
    for name, n in desk.items():
        assert figures[name] == n, name
    # the demo has something in every figure, or the comparison would prove little
    assert all(n > 0 for n in desk.values()), desk
    cli = {
        "open_total": kefu_json(db, "ticket", "list", "--limit", "0")["count"],
        "overdue": kefu_json(db, "ticket", "list", "--overdue", "--limit", "0")["count"],
        "returnable": kefu_json(db, "ticket", "list", "--returnable", "--limit", "0")["count"],
        "transfers_due": len(kefu_json(db, "transfer", "list", "--due")["transfers"]),
        "checks_missing": len(kefu_json(db, "monitor", "checks")["unchecked"]),
    }
    for name, n in cli.items():
        assert figures[name] == n, name


def test_R21_home_and_desk_agree_across_the_day_boundary(tmp_path):
    """R-21 in calendar days: a transfer made at 23:00 three days ago and one made at 08:00
    two days ago straddle 72 h at 09:30; the home count and the desk list agree on both."""
    from kefu_tui.domain.transfers import TransferRegistration

    now = clock.parse_iso(NOW)
    with open_store(tmp_path / "k.db") as s:
        for no, at in (("518000000001", "2026-11-21T23:00:00+08:00"),
                       ("518000000002", "2026-11-22T08:00:00+08:00")):
            transfers.register_transfer(s, TransferRegistration(waybill=no, mode="original",
                                                                courier_name="王", courier_contact="1"),
                                        clock.parse_iso(at), "t")
        due = [f.transfer.waybill for f in transfers.due_followups(s, now)]
        assert due == ["518000000001"]
        assert transfers.due_count(s, now) == 1
        assert day_overview(s, now).desks["出港"]["transfers_due"] == 1


@sync
async def test_transfers_desk_shows_the_home_figure(demo_dir):
    now = clock.parse_iso(NOW)
    with open_store(demo_dir / "kefu.db") as s:
        expected = day_overview(s, now).desks["出港"]["transfers_due"]
    app = DeskApp(demo_dir, TransfersScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        # the desk opens on every registration; its title already names home's figure
        await wait_for(pilot, lambda: "转件登记" in str(screen.query_one("#transfers-title").render()))
        assert f"待跟进 {expected} 票" in str(screen.query_one("#transfers-title").render())
        await pilot.press("d")
        await wait_for(pilot, lambda: "待跟进 R-21" in str(screen.query_one("#transfers-title").render()))
        assert screen.query_one(WaybillList).row_count == expected
        assert f"{expected} 票" in str(screen.query_one("#transfers-title").render())
