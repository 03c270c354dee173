"""Problem-parcel use cases (问题件, SPEC §5): the queue, bulk registration (R-08) and its
undo, follow-up notes (R-06, R-07), closing, photos and templates.
Every write is one ``store.write()`` transaction with its audit entry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Literal

import arrow
from pydantic import BaseModel

from kefu_tui.domain import tickets as d
from kefu_tui.domain import words
from kefu_tui.domain.clock import stamp
from kefu_tui.domain.privacy import mask_phone
from kefu_tui.domain.trusted import rebuild
from kefu_tui.domain.returns import HOLD_HOURS, return_clock
from kefu_tui.domain.tickets import ProblemTicket, TicketNote, TicketType
from kefu_tui.domain.waybills import Waybill
from kefu_tui.domain.untrusted import MAX_TEXT, free_text, one_line
from kefu_tui.store import audit as audit_q
from kefu_tui.store import tickets as q
from kefu_tui.store.tracking import waybills_by_number


class TicketError(ValueError):
    """A ticket operation the data refuses (no such ticket, already closed, ...)."""


class StaleTicket(TicketError):
    """The ticket changed since the clerk's view of it was read, or is already in the state
    asked for: refused, naming who changed it and when (no lost update, issue 9)."""

    def __init__(self, waybill: str, who: str, when: str, what: str):
        self.waybill, self.who, self.when, self.what = waybill, who, when, what
        super().__init__(f"{waybill} 的问题件已由 {who} 于 {when} {what},未作更改")


class TicketFilter(BaseModel):
    """The queue's filter; all parts optional, combined with AND."""

    status: Literal["open", "closed", "all"] = "open"
    overdue: bool = False  # open and no update today
    before_ten: bool = False  # open, carried over from before today
    returnable: bool = False  # R-09 (domain.returns.return_clock): may or must go back now
    must_return: bool = False  # open, the sender replied "return"
    type: str | None = None
    party: str | None = None
    search: str | None = None
    sort: Literal["updated", "created", "waybill", "type", "party"] = "updated"
    descending: bool = False


class TicketRow(BaseModel):
    id: int
    waybill: str
    type: str
    type_label: str
    party: str | None = None
    status: str
    created_at: str
    updated_at: str
    age_days: int
    days_since_update: int
    last_note: str | None = None
    receiver: str | None = None
    phone: str | None = None
    reply_kind: str | None = None
    hold_until: str | None = None
    return_clock: str = ""  # R-09 in a few words (domain.returns.ReturnClock.short)
    # a closed ticket's why, who and when (SPEC §14.2; ``退件`` after a return)
    close_reason: str | None = None
    closed_by: str | None = None
    closed_at: str | None = None


class BulkPreview(BaseModel):
    """R-08 before the commit, by the commit's own predicate (``d.skipped_in_bulk``)."""

    ok: list[str] = []  # known, and will be registered
    unknown: list[str] = []  # no scan or waybill yet (still registered, R-08)
    already_open: list[str] = []  # an open ticket of this type: the commit skips it
    open_types: dict[str, list[str]] = {}  # every open ticket type per number (for display)


class BulkResult(BaseModel):
    batch_id: int | None
    created: int
    skipped_open: list[str] = []
    unknown: list[str] = []


class TicketDetail(BaseModel):
    ticket: ProblemTicket
    notes: list[TicketNote] = []
    photos: list[str] = []
    waybill_info: Waybill | None = None


# ------------------------------------------------------------------ the queue

def _query(f: TicketFilter, now: arrow.Arrow) -> q.QueueQuery:
    status = "open" if (f.overdue or f.before_ten or f.returnable or f.must_return) else f.status
    type_ = TicketType.parse(f.type).value if f.type else None
    return q.QueueQuery(
        status=status,
        updated_before=d.overdue_before(now) if (f.overdue or f.before_ten) else None,
        returnable_at=(stamp(now), stamp(now.shift(hours=-HOLD_HOURS))) if f.returnable else None,
        must_return=f.must_return,
        type=type_, party=f.party or None, search=f.search or None,
        sort=f.sort, descending=f.descending,
    )


def count_tickets(store, f: TicketFilter, now: arrow.Arrow) -> int:
    """How many tickets the filter selects (R-06 overdue/before-ten, R-09 returnable)."""
    return q.count(store, _query(f, now))


def page_tickets(store, f: TicketFilter, now: arrow.Arrow, offset: int, limit: int,
                 reveal: bool = False) -> list[TicketRow]:
    """One page of the queue, in the filter's order, each open row with its R-09 clock;
    phones masked unless ``reveal`` (issue 9)."""
    show = (lambda p: p) if reveal else mask_phone
    today = now.date()
    out = []
    for r in q.page(store, _query(f, now), offset, limit):
        clock = "" if r["status"] != "open" else return_clock(
            r["created_at"], r["reply_kind"], r["reply_at"], r["hold_until"], now).short(now)
        out.append(TicketRow(
            id=r["id"], waybill=r["waybill"], type=r["type"], type_label=_label(r["type"]),
            party=r["party"], status=r["status"], created_at=r["created_at"],
            updated_at=r["updated_at"],
            age_days=(today - date.fromisoformat(r["created_at"][:10])).days,
            days_since_update=(today - date.fromisoformat(r["updated_at"][:10])).days,
            last_note=r["last_note"], receiver=r["receiver"], phone=show(r["phone"]),
            reply_kind=r["reply_kind"], hold_until=r["hold_until"], return_clock=clock,
            close_reason=r["close_reason"], closed_by=r["closed_by"], closed_at=r["closed_at"]))
    return out


def ticket_waybills(store, f: TicketFilter, now: arrow.Arrow) -> Iterator[tuple[int, str]]:
    """(ticket id, waybill) of every ticket the filter selects, in the queue's order (R-05:
    F12 on "all of this filter" without reading the pages)."""
    return q.keyed_waybills(store, _query(f, now))


def follow_positions(store, f: TicketFilter, now: arrow.Arrow, watched) -> dict[int, int | None]:
    """Where the tickets a queue is on stand after a change: ``watched`` is the list's
    (cursor, neighbours, selected) keys; the neighbours are looked up only when the
    cursor's ticket has left (each lookup costs a count on 200,000 tickets)."""
    cursor, near, chosen = watched
    found = ticket_positions(store, f, now, ([cursor] if cursor is not None else []) + list(chosen))
    if cursor is not None and found[int(cursor)] is None:
        found.update(ticket_positions(store, f, now, near))
    return found


def ticket_positions(store, f: TicketFilter, now: arrow.Arrow, ids) -> dict[int, int | None]:
    """Where each ticket id stands in the filter's order now, None for one no longer in it:
    the queue keeps its cursor and selection on their tickets (issue 16 item 1)."""
    found = q.positions(store, _query(f, now), [int(i) for i in ids])
    return {int(i): found.get(int(i)) for i in ids}


def _label(code: str) -> str:
    return words.type_label(code)


# ------------------------------------------------------------------ bulk

def _unique(numbers) -> list[str]:
    return list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))


def preview_bulk(store, numbers: list[str], type: str | None = None) -> BulkPreview:
    """R-08: before a bulk registration of ``type``, which numbers will be registered
    (known or unknown) and which the commit will skip (an open ticket of this type; the
    same predicate as :func:`add_tickets`). Without a type nothing is skipped yet."""
    nos = _unique(numbers)
    known = q.known(store, nos)
    types = q.open_types(store, nos)
    tt = TicketType.parse(type).value if type else None
    skipped = {n for n in nos if tt and d.skipped_in_bulk(types.get(n, ()), tt)}
    return BulkPreview(
        ok=[n for n in nos if n in known and n not in skipped],
        unknown=[n for n in nos if n not in known and n not in skipped],
        already_open=[n for n in nos if n in skipped],
        open_types={n: sorted(ts) for n, ts in types.items()},
    )


def add_tickets(store, numbers: list[str], type: str, text: str, now: arrow.Arrow, user: str,
                party: str | None = None, audit_action: str = "ticket.add",
                audit_extra: dict | None = None) -> BulkResult:
    """R-08: register one type and text on many numbers in one transaction (one
    ``bulk_batches`` row, one audit row for the batch listing its numbers). A number that
    already has an open ticket of the same type is skipped and reported; unknown numbers
    are registered (a list can come before its scans) and reported. The party is
    ``party``, else each waybill's sender outlet. The Huaibin desk registers its day list
    through here too (R-22), audited as ``audit_action`` with ``audit_extra``."""
    tt = TicketType.parse(type)
    body = free_text(text).strip() or d.DEFAULT_TEXT.get(tt, "")
    party = one_line(party) or None
    if not body:
        raise TicketError("a problem registration needs a text")
    nos = _unique(numbers)
    at = stamp(now)
    with store.write():
        types = q.open_types(store, nos)
        already = {n for n in nos if d.skipped_in_bulk(types.get(n, ()), tt.value)}
        todo = [n for n in nos if n not in already]
        unknown = set(todo) - q.known(store, todo)
        batch_id = None
        if todo:
            senders = {} if party else q.sender_outlets(store, todo)
            batch_id = q.insert_batch(store, at, user, tt.value, body, len(todo))
            q.insert_tickets(store, [(n, tt.value, body, party or senders.get(n), at, user, batch_id)
                                     for n in todo])
        store.audit(at, user, audit_action, "bulk_batches", batch_id, None,
                    {"type": tt.value, "text": body, "party": party, "waybills": todo,
                     "skipped_open": [n for n in nos if n in already], **(audit_extra or {})})
    return BulkResult(batch_id=batch_id, created=len(todo),
                      skipped_open=[n for n in nos if n in already],
                      unknown=[n for n in todo if n in unknown])


def undo_batch(store, batch_id: int, now: arrow.Arrow, user: str) -> int:
    """R-08: take back a bulk registration whole: its tickets and their notes, in one
    transaction with an audit row listing what was removed. Returns tickets removed."""
    at = stamp(now)
    with store.write():
        b = q.batch(store, batch_id)
        if b is None:
            raise TicketError(f"no batch {batch_id}")
        if b["undone_at"]:
            raise TicketError(f"batch {batch_id} was already undone at {b['undone_at']}")
        nos = q.batch_waybills(store, batch_id)
        n = q.delete_batch(store, batch_id, at)
        store.audit(at, user, "ticket.undo", "bulk_batches", batch_id,
                    {"type": b["type"], "text": b["text"], "waybills": nos}, {"removed": n})
    return n


def last_batch(store, user: str) -> int | None:
    """The user's newest bulk batch not yet undone."""
    return q.last_batch(store, user)


# ------------------------------------------------------------------ one ticket

def _ticket(store, ticket_id: int) -> dict:
    t = q.get(store, ticket_id)
    if t is None:
        raise TicketError(f"no ticket {ticket_id}")
    return t


def add_note(store, ticket_id: int, text: str, now: arrow.Arrow, user: str) -> str:
    """R-06/R-07: append a follow-up dated ``(MMDD)``; the ticket counts as updated today.
    Returns the stored text."""
    text = free_text(text).strip()
    if not text:
        raise TicketError("an empty note")
    body = d.dated_note(text, now)
    at = stamp(now)
    with store.write():
        t = _ticket(store, ticket_id)
        if t["status"] != "open":
            raise _stale(store, t)
        nid = q.insert_note(store, ticket_id, at, user, body)
        store.audit(at, user, "ticket.note", "tickets", ticket_id, None,
                    {"note_id": nid, "waybill": t["waybill"], "text": body})
    return body


_STATE_CHANGES = ("ticket.close", "ticket.reopen", "ticket.type")
_WORDS = {"ticket.close": "关闭", "ticket.reopen": "重新打开", "ticket.type": "改了类型"}


def _stale(store, t: dict) -> StaleTicket:
    last = audit_q.last_change(store, "tickets", t["id"], _STATE_CHANGES)
    if last is not None:
        return StaleTicket(t["waybill"], last["user"], last["at"], _WORDS[last["action"]])
    if t["status"] == "closed":
        return StaleTicket(t["waybill"], t["closed_by"] or "?", t["closed_at"] or "?", "关闭")
    return StaleTicket(t["waybill"], "?", t["updated_at"], "修改")


def _check_fresh(store, t: dict, seen_version: int | None) -> None:
    """Issue 9: a change made on a view older than the row is refused with who and when."""
    if seen_version is not None and t["version"] != seen_version:
        raise _stale(store, t)


def close_ticket(store, ticket_id: int, reason: str, now: arrow.Arrow, user: str,
                 seen_version: int | None = None) -> None:
    """Close a ticket with its reason (e.g. the sender outlet's reply, R-10). Refused
    (:class:`StaleTicket`) if it is already closed or changed since ``seen_version``."""
    at = stamp(now)
    reason = one_line(reason, MAX_TEXT)
    with store.write():
        t = _ticket(store, ticket_id)
        _check_fresh(store, t, seen_version)
        if t["status"] != "open":
            raise _stale(store, t)
        q.close(store, ticket_id, at, user, reason)
        store.audit(at, user, "ticket.close", "tickets", ticket_id, {"status": "open"},
                    {"status": "closed", "reason": reason}, waybill=t["waybill"])


def reopen_ticket(store, ticket_id: int, now: arrow.Arrow, user: str,
                  seen_version: int | None = None) -> None:
    """Re-open a closed ticket (the sender outlet wrote again). Refused on a stale view."""
    at = stamp(now)
    with store.write():
        t = _ticket(store, ticket_id)
        _check_fresh(store, t, seen_version)
        if t["status"] == "open":
            raise _stale(store, t)
        q.reopen(store, ticket_id, at)
        store.audit(at, user, "ticket.reopen", "tickets", ticket_id,
                    {"status": t["status"], "reason": t["close_reason"]}, {"status": "open"},
                    waybill=t["waybill"])


def change_type(store, ticket_id: int, type: str, now: arrow.Arrow, user: str,
                seen_version: int | None = None) -> None:
    """Correct a ticket's type (SPEC §5). Refused on a stale view."""
    tt = TicketType.parse(type)
    at = stamp(now)
    with store.write():
        t = _ticket(store, ticket_id)
        _check_fresh(store, t, seen_version)
        q.set_type(store, ticket_id, tt.value, at)
        store.audit(at, user, "ticket.type", "tickets", ticket_id, {"type": t["type"]},
                    {"type": tt.value}, waybill=t["waybill"])


def last_closed_of(store, waybill: str) -> StaleTicket | None:
    """The refusal to give when a clerk closes a waybill whose ticket is already closed."""
    t = q.last_closed_for_waybill(store, waybill)
    return _stale(store, t) if t else None


def ticket_detail(store, ticket_id: int, reveal: bool = False) -> TicketDetail:
    """One ticket with its notes, photos and waybill; the phone masked unless ``reveal``."""
    t = _ticket(store, ticket_id)
    info = waybills_by_number(store, [t["waybill"]]).get(t["waybill"])
    if not reveal and info is not None and info.phone:
        info = rebuild(type(info), {**info.__dict__, "phone": mask_phone(info.phone)})
    return TicketDetail(ticket=ProblemTicket(**t), notes=[TicketNote(**n) for n in q.notes(store, ticket_id)],
                        photos=q.photos(store, ticket_id), waybill_info=info)


def open_tickets_of(store, waybill: str) -> list[ProblemTicket]:
    return [ProblemTicket(**t) for t in q.open_for_waybill(store, waybill)]


def attach_photo(store, ticket_id: int, src: Path, photos_root: Path, now: arrow.Arrow,
                 user: str) -> Path:
    """SPEC §5 (破损/错分): copy a photo into ``photos_root/<waybill>/``, never over an
    existing file (``name-2.jpg`` …), and record it on the ticket. The one photo rule
    (services.photos, issue 15 item 6): a regular file, never a symlink, at most 20 MB,
    copied before the write transaction and named only once whole; folders 0770, files 0660."""
    from kefu_tui.services import photos

    t = _ticket(store, ticket_id)
    try:
        photos.make_folder(photos_root)
        folder = Path(photos_root) / t["waybill"]
        staged = photos.stage(src, folder)
    except photos.PhotoRefused as e:
        raise TicketError(str(e)) from e
    target = None
    at = stamp(now)
    try:
        target = photos.place(staged, folder)
        with store.write():
            pid = q.insert_photo(store, ticket_id, t["waybill"], str(target), at, user)
            store.audit(at, user, "ticket.photo", "tickets", ticket_id, None,
                        {"photo_id": pid, "path": str(target)}, waybill=t["waybill"])
    except BaseException:
        staged.discard()
        if target is not None:
            target.unlink(missing_ok=True)
        raise
    return target


def list_templates(store) -> list[str]:
    """Saved registration texts, plus the seed's default texts per type (SPEC §5)."""
    saved = q.templates(store)
    return saved + [t for t in d.DEFAULT_TEXT.values() if t not in saved]


def save_template(store, text: str, type: str | None = None, now: arrow.Arrow | None = None,
                  user: str = "") -> None:
    body = free_text(text).strip()
    if not body:
        raise TicketError("an empty template")
    tt = TicketType.parse(type).value if type else None
    at = stamp(now) if now is not None else stamp(arrow.now("Asia/Shanghai"))
    with store.write():
        if q.insert_template(store, body, tt):
            store.audit(at, user or "?", "template.save", "templates", None, None,
                        {"text": body, "type": tt})


def list_parties(store) -> list[str]:
    """The outlets tickets were sent to (前方站), for cycling the queue's party filter.
    DISTINCT over the ``tickets_party`` index: it reads the index, not the rows."""
    rows = store.query(
        "SELECT DISTINCT party FROM tickets WHERE party IS NOT NULL AND party <> '' ORDER BY party"
    )
    return [r[0] for r in rows]
