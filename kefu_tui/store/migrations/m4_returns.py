"""Migration slot: returns (issue 12): the sender's reply, returns (R-09).

The newest reply lives on the ticket (``reply_kind``, ``reply_at``; a hold's end in the
existing ``hold_until``) so the queue's R-09 filter stays one indexed query; every reply
is also kept in ``ticket_replies`` (with its dated note, R-07). ``returns`` is one row per
parcel sent back, with what its label said."""

SQL = """
ALTER TABLE tickets ADD COLUMN reply_kind TEXT;
ALTER TABLE tickets ADD COLUMN reply_at TEXT;
CREATE INDEX tickets_reply ON tickets (reply_kind, status) WHERE reply_kind IS NOT NULL;
CREATE TABLE ticket_replies (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    waybill TEXT NOT NULL,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    hold_until TEXT,
    text TEXT NOT NULL DEFAULT '',
    note_id INTEGER
);
CREATE INDEX ticket_replies_ticket ON ticket_replies (ticket_id, at);
CREATE TABLE returns (
    id INTEGER PRIMARY KEY,
    waybill TEXT NOT NULL,
    returned_at TEXT NOT NULL,
    returned_by TEXT NOT NULL,
    sender_outlet TEXT NOT NULL,
    reason TEXT NOT NULL,
    asked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX returns_waybill ON returns (waybill);
CREATE INDEX returns_at ON returns (returned_at);
"""
