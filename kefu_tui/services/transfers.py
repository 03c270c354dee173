"""Registering and following up overzone transfers (R-18, R-21)."""

from __future__ import annotations

import arrow

from kefu_tui.domain import clock
from kefu_tui.domain.transfers import (
    FollowUp,
    TransferQuote,
    RegistrationCheck,
    TransferRecord,
    TransferRegistration,
    clean_text,
    check_contact,
    check_registration,
    follow_up_due,
    follow_up_made_before,
    quote_transfer,
)
from kefu_tui.store import areas as area_table
from kefu_tui.store import transfers as sql
from kefu_tui.store.db import Store


class NotFound(LookupError):
    """No such transfer."""


class StaleTransfer(ValueError):
    """The transfer changed since the clerk's view of it was read (no lost update, issue 9):
    refused, naming who changed it and when."""

    def __init__(self, waybill: str, who: str, when: str, what: str):
        self.waybill, self.who, self.when, self.what = waybill, who, when, what
        super().__init__(f"{waybill} 的转件已由 {who} 于 {when} {what},未作更改")


_CHANGES = {"sign": "标记签收", "transfer.edit": "修改"}


def _stale(store: Store, row: dict) -> StaleTransfer:
    from kefu_tui.store.audit import last_change

    last = last_change(store, "transfers", row["id"], tuple(_CHANGES))
    if last is None:
        return StaleTransfer(row["waybill"], "?", row["signed_at"] or row["created_at"], "修改")
    return StaleTransfer(row["waybill"], last["user"], last["at"], _CHANGES[last["action"]])


def _fresh(store: Store, transfer_id: int, seen_version: int | None) -> dict:
    row = sql.get_transfer(store, transfer_id)
    if row is None:
        raise NotFound(f"no transfer {transfer_id}")
    if seen_version is not None and row["version"] != seen_version:
        raise _stale(store, row)
    return row


def edit_transfer(store: Store, transfer_id: int, changes: dict, now: arrow.Arrow, user: str,
                  seen_version: int | None = None) -> TransferRecord:
    """Correct a registered transfer (R-18: carrier, new number, fee, address, courier…).
    Refused (:class:`StaleTransfer`) when the clerk edited a view older than the row."""
    changes = {k: clean_text(k, v) for k, v in changes.items()}
    at = clock.stamp(now)
    with store.write():
        before = _fresh(store, transfer_id, seen_version)
        sql.update_fields(store, transfer_id, changes)
        after = sql.get_transfer(store, transfer_id)
        keys = [k for k in changes if k in sql.EDITABLE]
        store.audit(at, user, "transfer.edit", "transfers", transfer_id,
                    {k: before[k] for k in keys}, {k: after[k] for k in keys}, waybill=before["waybill"])
    return TransferRecord(**after)


def register_transfer(store: Store, reg: TransferRegistration, now: arrow.Arrow,
                      user: str) -> tuple[TransferRecord, RegistrationCheck]:
    """R-18: register one transfer in one transaction with its audit entry. The fee is
    confirmed only when every field is there and the address equals the original's."""
    at = clock.stamp(now)
    with store.write():
        check = check_registration(reg, sql.original_address(store, reg.waybill))
        tid = sql.insert_transfer(store, reg, check.fee_confirmed, at, user)
        record = TransferRecord(**sql.get_transfer(store, tid))
        store.audit(at, user, "add", "transfers", tid, None,
                    {**record.model_dump(exclude={"id"}), "missing": check.missing,
                     "address_differs": check.address_differs, "warnings": check.warnings})
    return record, check


def list_transfers(store: Store, day: str | None = None, waybill: str | None = None,
                   unsigned: bool = False) -> list[TransferRecord]:
    """Transfers, oldest first; ``day`` (YYYY-MM-DD) limits to those made that day."""
    since = until = None
    if day:
        start = clock.parse_stamp(f"{day} 00:00:00")
        since, until = clock.stamp(start), clock.stamp(start.shift(days=1))
    return [TransferRecord(**r) for r in sql.select_transfers(store, since, until, waybill, unsigned)]


def mark_signed(store: Store, transfer_id: int, now: arrow.Arrow, user: str,
                signed_at: arrow.Arrow | None = None, seen_version: int | None = None) -> TransferRecord:
    """The other carrier signed (R-21 stops following it up). Signed already, or changed
    since ``seen_version``: refused, naming who did it and when (issue 9)."""
    at = clock.stamp(now)
    with store.write():
        before = _fresh(store, transfer_id, seen_version)
        if before["signed_at"] is not None:
            raise _stale(store, before)
        sql.set_signed(store, transfer_id, clock.stamp(signed_at or now))
        after = sql.get_transfer(store, transfer_id)
        store.audit(at, user, "sign", "transfers", transfer_id,
                    {"signed_at": before["signed_at"]}, {"signed_at": after["signed_at"]})
    return TransferRecord(**after)


def record_attempt(store: Store, transfer_id: int, now: arrow.Arrow, user: str) -> TransferRecord:
    """One more delivery attempt seen in the other carrier's tracking (R-21)."""
    at = clock.stamp(now)
    with store.write():
        before = sql.get_transfer(store, transfer_id)
        if before is None:
            raise NotFound(f"no transfer {transfer_id}")
        sql.add_attempt(store, transfer_id)
        after = sql.get_transfer(store, transfer_id)
        store.audit(at, user, "attempt", "transfers", transfer_id,
                    {"attempts": before["attempts"]}, {"attempts": after["attempts"]})
    return TransferRecord(**after)


def due_followups(store: Store, now: arrow.Arrow) -> list[FollowUp]:
    """R-21: every transfer made 3 days ago or more (by date) and not signed; several
    attempts flag a wrong address or phone to check."""
    today = clock.day_of(now)
    out = []
    for r in sql.select_transfers(store, unsigned=True, created_before=follow_up_made_before(now)):
        rec = TransferRecord(**r)
        made = clock.parse_stamp(rec.created_at).date()
        if follow_up_due(made, False, today):
            out.append(FollowUp(transfer=rec, days=(today - made).days, check_contact=check_contact(rec.attempts)))
    return out


def due_count(store: Store, now: arrow.Arrow) -> int:
    """R-21: how many transfers :func:`due_followups` lists (the home screen's 转件待跟进)."""
    return sql.count_unsigned_before(store, follow_up_made_before(now))


def quote(store: Store, to: str, weight_kg, arrived: arrow.Arrow, **kw) -> TransferQuote:
    """R-13 – R-19 for one parcel against the branch's own area table (R-01)."""
    return quote_transfer(to, weight_kg, arrived, areas=area_table.load_areas(store), **kw)


def areas_in_file(path):
    """The area table of an existing database file, read-only (``kefu transfer quote``
    opens no database); None when the file has none."""
    return area_table.read_areas_file(path)
