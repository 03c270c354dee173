"""Transfers desk: register a transfer from the keyboard (R-18), mark signed and count a
delivery attempt (R-21), all through the real shell over a real SQLite file."""

from __future__ import annotations

from desk_c_data import DeskApp, sync, wait_for
from textual.widgets import Input, Label

from kefu_tui.screens.modals import TextPrompt

from kefu_tui.screens.transfer_form import RegisterTransferForm
from kefu_tui.screens.transfers import TransfersScreen
from kefu_tui.store import open_store
from kefu_tui.widgets.waybill_list import WaybillList


def _transfers(db, waybill):
    with open_store(db) as s:
        return [dict(r) for r in s.query("SELECT * FROM transfers WHERE waybill=? ORDER BY id", (waybill,))]


async def _type(pilot, text: str) -> None:
    await pilot.press(*list(text), "enter")


@sync
async def test_r18_register_rewaybill_transfer_by_keys_fee_unconfirmed_without_address(tmp_path):
    app = DeskApp(tmp_path, TransfersScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        lst = app.screen.query_one(WaybillList)
        await wait_for(pilot, lambda: lst.row_count == 4)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RegisterTransferForm))
        form = app.screen
        form.query_one("#form-waybill", Input).value = ""
        form.query_one("#form-waybill", Input).focus()
        await _type(pilot, "518399999999")
        await _type(pilot, "换单")
        await _type(pilot, "申通")
        await _type(pilot, "773012345678")
        await _type(pilot, "7")
        await pilot.press("ctrl+s")  # no address: registered, but the fee is not confirmed
        await wait_for(pilot, lambda: isinstance(app.screen, TransfersScreen))
        await wait_for(pilot, lambda: lst.row_count == 5)
    rows = _transfers(app.db_path, "518399999999")
    assert [(r["mode"], r["carrier"], r["new_waybill"], r["fee_fen"], r["fee_confirmed"]) for r in rows] == [
        ("rewaybill", "sto", "773012345678", 700, 0)]


@sync
async def test_r18_form_refuses_a_bad_number_and_keeps_the_form(tmp_path):
    app = DeskApp(tmp_path, TransfersScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(WaybillList).row_count == 4)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RegisterTransferForm))
        form = app.screen
        form.query_one("#form-waybill", Input).value = "12345"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RegisterTransferForm)
        assert "12位" in str(form.query_one("#form-result").render())


@sync
async def test_r21_signed_and_attempt_keys_update_the_cursor_transfer(tmp_path):
    app = DeskApp(tmp_path, TransfersScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        lst = app.screen.query_one(WaybillList)
        await wait_for(pilot, lambda: lst.row_count == 4)
        waybill = lst.cursor_row.waybill
        await pilot.press("t")
        await pilot.press("s")
        await wait_for(pilot, lambda: lst.row_at(0).cells[-1] != "未签")
    (row,) = _transfers(app.db_path, waybill)
    assert row["attempts"] >= 1 and row["signed_at"] == "2026-11-24 09:30:00"


@sync
async def test_r18_every_field_is_labelled(tmp_path):
    from kefu_tui.screens.transfer_form import FIELDS

    app = DeskApp(tmp_path, TransfersScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(WaybillList).row_count == 4)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RegisterTransferForm))
        for fid, label, _ in FIELDS:
            row = app.screen.query_one(f"#form-{fid}", Input).parent
            assert str(row.query_one(Label).render()) == label


@sync
async def test_r14_a_fee_off_the_rule_asks_for_a_reason_before_saving(tmp_path):
    app = DeskApp(tmp_path, TransfersScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        lst = app.screen.query_one(WaybillList)
        await wait_for(pilot, lambda: lst.row_count == 4)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RegisterTransferForm))
        form = app.screen
        for fid, value in (("waybill", "518399999998"), ("mode", "换单"), ("carrier", "申通"),
                           ("new_waybill", "773012345679"), ("fee", "5.00"), ("weight", "2.7")):
            form.query_one(f"#form-{fid}", Input).value = value
        await pilot.press("ctrl+s")  # R-14 says 7.00 for 2.7 kg (3 kg): a reason first
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        assert "应为 7.00" in app.screen.title_text and "按 3 kg" in app.screen.title_text
        await pilot.press("escape")  # no reason: nothing saved, the form stays
        await wait_for(pilot, lambda: app.screen is form)
        assert _transfers(app.db_path, "518399999998") == []
        assert "应为 7.00" in str(form.query_one("#form-result").render())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        await _type(pilot, "老客户优惠")
        await wait_for(pilot, lambda: isinstance(app.screen, TransfersScreen))
    (row,) = _transfers(app.db_path, "518399999998")
    assert row["fee_fen"] == 500 and "应为7.00" in row["note"] and "老客户优惠" in row["note"]
