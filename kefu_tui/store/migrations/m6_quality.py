"""Migration slot: the quality desk (issue 11): R-31..R-33 registers, complaints, handover."""

SQL = """
CREATE TABLE network_orders (
    order_no TEXT PRIMARY KEY,
    ordered_at TEXT NOT NULL,
    sender TEXT,
    sender_phone TEXT,
    sender_address TEXT,
    waybill TEXT,
    status TEXT,
    extra TEXT,
    handled_at TEXT,
    handled_by TEXT
);
CREATE INDEX network_orders_at ON network_orders (ordered_at);
CREATE TABLE arbitrations (
    case_no TEXT PRIMARY KEY,
    waybill TEXT NOT NULL,
    complainant TEXT NOT NULL,
    kind TEXT NOT NULL,
    accepted_at TEXT NOT NULL,
    respondent TEXT,
    content TEXT,
    amount_fen INTEGER,
    status TEXT,
    extra TEXT,
    decision TEXT,
    decision_reason TEXT,
    decided_at TEXT,
    decided_by TEXT
);
CREATE INDEX arbitrations_accepted ON arbitrations (accepted_at);
CREATE TABLE fines (
    fine_no TEXT PRIMARY KEY,
    fined_at TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    waybill TEXT,
    kind TEXT,
    note TEXT,
    extra TEXT,
    supervisor TEXT,
    told_at TEXT,
    told_by TEXT
);
CREATE INDEX fines_at ON fines (fined_at);
CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    caller TEXT NOT NULL,
    phone TEXT NOT NULL,
    text TEXT NOT NULL,
    waybill TEXT,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL,
    step TEXT NOT NULL,
    step_at TEXT NOT NULL,
    justified INTEGER,
    outcome TEXT,
    reopened INTEGER NOT NULL DEFAULT 0,
    closed_at TEXT
);
CREATE INDEX complaints_step ON complaints (step, step_at);
CREATE INDEX complaints_received ON complaints (received_at);
CREATE TABLE complaint_steps (
    id INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints (id),
    step TEXT NOT NULL,
    text TEXT NOT NULL,
    answer TEXT,
    at TEXT NOT NULL,
    by TEXT NOT NULL
);
CREATE INDEX complaint_steps_complaint ON complaint_steps (complaint_id, id);
CREATE INDEX complaint_steps_step_at ON complaint_steps (step, at);
CREATE TABLE handover_notes (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    urgent INTEGER NOT NULL DEFAULT 0,
    waybills TEXT,
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    done_at TEXT,
    done_by TEXT
);
CREATE INDEX handover_notes_open ON handover_notes (done_at, urgent, at);
"""
