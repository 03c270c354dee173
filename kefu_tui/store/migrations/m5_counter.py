"""Migration slot: the counter and exceptions desk (issue 10): intake, R-10..R-12, R-39..R-41."""

SQL = """
CREATE TABLE intakes (
    waybill TEXT PRIMARY KEY,
    weight_kg TEXT NOT NULL,
    dims TEXT NOT NULL,
    volumetric_kg REAL NOT NULL,
    chargeable_kg REAL NOT NULL,
    header TEXT,
    service TEXT NOT NULL,
    payment TEXT NOT NULL,
    cod_fen INTEGER,
    cod_fee_fen INTEGER NOT NULL,
    contents TEXT,
    checks TEXT,
    label_note TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX intakes_created ON intakes (created_at);
CREATE TABLE unidentified_goods (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    arrived_at TEXT NOT NULL,
    channel TEXT NOT NULL,
    packaging TEXT NOT NULL,
    contents TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    returned_at TEXT,
    returned_by TEXT
);
CREATE INDEX unidentified_goods_arrived ON unidentified_goods (arrived_at);
CREATE TABLE unidentified_photos (
    id INTEGER PRIMARY KEY,
    goods_id INTEGER NOT NULL REFERENCES unidentified_goods(id),
    path TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX unidentified_photos_goods ON unidentified_photos (goods_id);
"""
