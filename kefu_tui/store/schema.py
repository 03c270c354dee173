"""Versioned migrations. Each entry is applied once, in order, in one transaction;
``PRAGMA user_version`` records how far a database file has come.

Times are local wall-clock text ``YYYY-MM-DD HH:MM:SS`` (see domain.clock); money is
integer fen; ``extra`` columns keep unrecognised import columns as JSON (SPEC §15)."""

from kefu_tui.store.migrations import EXTRA_MIGRATIONS

MIGRATIONS: list[str] = [
    # 1: the whole first schema
    """
    CREATE TABLE scans (
        id INTEGER PRIMARY KEY,
        waybill TEXT NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        site TEXT NOT NULL,
        prev_site TEXT,
        next_site TEXT,
        operator TEXT,
        note TEXT,
        extra TEXT
    );
    -- R-03: a scan is (waybill, kind, time, site); re-importing it adds nothing.
    CREATE UNIQUE INDEX scans_identity ON scans (waybill, at, kind, site);
    CREATE INDEX scans_kind_at ON scans (kind, at);
    CREATE INDEX scans_site_kind_at ON scans (site, kind, at);

    CREATE TABLE waybills (
        waybill TEXT PRIMARY KEY,
        sender_outlet TEXT,
        sent_at TEXT,
        receiver TEXT,
        phone TEXT,
        address TEXT,
        dest_outlet TEXT,
        pieces INTEGER,
        weight_kg REAL,
        payment TEXT,
        cod_fen INTEGER,
        collect_fen INTEGER,
        receipt_no TEXT,
        master_no TEXT,
        label_note TEXT,
        entered_at TEXT,
        extra TEXT
    );
    CREATE INDEX waybills_phone ON waybills (phone);
    CREATE INDEX waybills_receiver ON waybills (receiver);
    CREATE INDEX waybills_master ON waybills (master_no);
    CREATE INDEX waybills_receipt ON waybills (receipt_no);
    CREATE INDEX waybills_sender_sent ON waybills (sender_outlet, sent_at);

    CREATE TABLE delivery_items (
        id INTEGER PRIMARY KEY,
        waybill TEXT NOT NULL,
        courier TEXT NOT NULL,
        at TEXT NOT NULL,
        day TEXT NOT NULL,
        outlet TEXT,
        extra TEXT
    );
    CREATE UNIQUE INDEX delivery_identity ON delivery_items (waybill, courier, at);
    CREATE INDEX delivery_day_outlet ON delivery_items (day, outlet);

    CREATE TABLE tickets (
        id INTEGER PRIMARY KEY,
        waybill TEXT NOT NULL,
        type TEXT NOT NULL,
        text TEXT NOT NULL,
        party TEXT,
        status TEXT NOT NULL DEFAULT 'open',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        closed_at TEXT,
        closed_by TEXT,
        close_reason TEXT,
        hold_until TEXT,
        batch_id INTEGER
    );
    CREATE INDEX tickets_status_updated ON tickets (status, updated_at, id);
    CREATE INDEX tickets_status_created ON tickets (status, created_at, id);
    CREATE INDEX tickets_waybill ON tickets (waybill, status);
    CREATE INDEX tickets_type ON tickets (type, status, updated_at);
    CREATE INDEX tickets_party ON tickets (party, status, updated_at);
    CREATE INDEX tickets_batch ON tickets (batch_id);

    CREATE TABLE ticket_notes (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL REFERENCES tickets(id),
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX ticket_notes_ticket ON ticket_notes (ticket_id, at);

    CREATE TABLE ticket_photos (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL REFERENCES tickets(id),
        waybill TEXT NOT NULL,
        path TEXT NOT NULL,
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL
    );
    CREATE INDEX ticket_photos_ticket ON ticket_photos (ticket_id);

    CREATE TABLE bulk_batches (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        type TEXT NOT NULL,
        text TEXT NOT NULL,
        n INTEGER NOT NULL,
        undone_at TEXT
    );

    CREATE TABLE templates (
        id INTEGER PRIMARY KEY,
        type TEXT,
        text TEXT NOT NULL UNIQUE
    );

    CREATE TABLE transfers (
        id INTEGER PRIMARY KEY,
        waybill TEXT NOT NULL,
        mode TEXT NOT NULL,            -- original | rewaybill (R-18)
        carrier TEXT,                  -- postal | sto | zto | yto | ems
        new_waybill TEXT,
        fee_fen INTEGER,
        fee_confirmed INTEGER NOT NULL DEFAULT 0,
        address TEXT,
        courier_name TEXT,
        courier_contact TEXT,
        weight_kg REAL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        signed_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        note TEXT
    );
    CREATE INDEX transfers_waybill ON transfers (waybill);
    CREATE INDEX transfers_created ON transfers (created_at);

    CREATE TABLE outlets (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL,            -- own | county | contract
        state TEXT NOT NULL,           -- active | suspended
        handler TEXT,
        note TEXT
    );

    CREATE TABLE areas (
        id INTEGER PRIMARY KEY,
        city TEXT NOT NULL,
        district TEXT,
        town TEXT,
        scope TEXT,                    -- seat | towns | whole
        outlet TEXT,
        delivery TEXT NOT NULL,        -- own | contract | county | agent | overzone | ask
        internal_reach INTEGER NOT NULL,
        fee_allowed INTEGER NOT NULL,
        note TEXT
    );

    CREATE TABLE monitor_checks (
        id INTEGER PRIMARY KEY,
        rule TEXT NOT NULL,
        day TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        checked_by TEXT NOT NULL,
        findings INTEGER,
        note TEXT
    );
    CREATE INDEX monitor_checks_day ON monitor_checks (day, rule);

    CREATE TABLE count_sessions (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        started_by TEXT NOT NULL,
        finished_at TEXT
    );
    CREATE TABLE count_items (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES count_sessions(id),
        waybill TEXT NOT NULL,
        at TEXT NOT NULL,
        side TEXT NOT NULL             -- goods | slip
    );
    CREATE UNIQUE INDEX count_items_identity ON count_items (session_id, side, waybill);

    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT,
        before TEXT,
        after TEXT
    );
    CREATE INDEX audit_entity ON audit (entity, entity_id);
    CREATE INDEX audit_at ON audit (at);

    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        file TEXT NOT NULL,
        format TEXT NOT NULL,
        encoding TEXT,
        new INTEGER NOT NULL,
        known INTEGER NOT NULL,
        rejected INTEGER NOT NULL
    );
    """,
    # 2: problem-queue speed at 200,000 tickets (tickets owner). R-09 "returnable" excludes
    # the few tickets on a sender-asked hold through a small partial index; a search by
    # receiver/phone reaches tickets by waybill and sorts by last update from the index.
    """
    CREATE INDEX tickets_hold ON tickets (hold_until) WHERE hold_until IS NOT NULL;
    CREATE INDEX tickets_waybill_updated ON tickets (waybill, status, updated_at);
    """,
] + EXTRA_MIGRATIONS


def statements(script: str) -> list[str]:
    """A migration script's statements: migrations hold no triggers, so ';' at a line end
    closes a statement."""
    out, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        if line.rstrip().endswith(";"):
            stmt = "\n".join(buf).strip()
            if stmt.strip(" ;\n"):
                out.append(stmt)
            buf = []
    return out
