"""Bulk writes and batched reads of scans, waybills and delivery lists; the import service
(R-03: never lose or duplicate a scan on re-import)."""

from __future__ import annotations

import pytest

from kefu_tui.importers.reader import Unreadable
from kefu_tui.services.imports import StrictRefusal, import_files
from kefu_tui.store.delivery import insert_delivery_items
from kefu_tui.store.scans import insert_scans, known_waybills, scans_for
from kefu_tui.store.waybills import WAYBILL_COLUMNS, upsert_waybills, waybills_for

TABLES = ("scans", "waybills", "delivery_items", "imports", "audit")


def _counts(store):
    return {t: store.query(f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def _scan(no, kind="到件", at="2026-11-23 08:00:00", site="信阳二部"):
    return (no, kind, at, site, None, None, "吴霞", None, None)


def _waybill(no, **fields):
    row = dict.fromkeys(WAYBILL_COLUMNS)
    row.update(waybill=no, **fields)
    return tuple(row[c] for c in WAYBILL_COLUMNS)


def test_r03_scans_insert_counts_new_and_known(store):
    with store.write() as conn:
        assert insert_scans(conn, [_scan("518012345678"), _scan("518012345679")]) == (2, 0)
    with store.write() as conn:
        assert insert_scans(conn, [_scan("518012345678"), _scan("518012345678", kind="派件")]) == (1, 1)
    assert store.query("SELECT count(*) FROM scans")[0][0] == 3


def test_r03_waybill_upsert_fills_blanks_never_overwrites(store):
    with store.write() as conn:
        assert upsert_waybills(conn, [_waybill("518012345678", receiver="张先生")]) == (1, 0, 0)
    with store.write() as conn:
        got = upsert_waybills(conn, [
            _waybill("518012345678", receiver="张先生"),           # same: known
            _waybill("518012345678", receiver="李先生", phone="13800000000"),  # fills phone only
        ])
    assert got == (0, 1, 1)
    w = waybills_for(store, ["518012345678", "518000000000"])
    assert list(w) == ["518012345678"]
    assert (w["518012345678"].receiver, w["518012345678"].phone) == ("张先生", "13800000000")


def test_r03_delivery_items_ignore_repeats(store):
    row = ("518012345678", "淮滨代派", "2026-11-23 10:21:00", "2026-11-23", "淮滨", None)
    with store.write() as conn:
        assert insert_delivery_items(conn, [row, row]) == (1, 1)


def test_r04_scans_for_is_batched_and_in_time_order(store):
    numbers = [f"5180{i:08d}" for i in range(2000)]
    with store.write() as conn:
        insert_scans(conn, [_scan(n, "签收", "2026-11-23 12:00:00") for n in numbers])
        insert_scans(conn, [_scan(n, "到件", "2026-11-23 08:00:00") for n in numbers])
    got = scans_for(store, numbers + ["518999999999"])
    assert len(got) == 2000 and "518999999999" not in got
    assert [s.kind for s in got[numbers[1500]]] == ["到件", "签收"]


def test_known_waybills_counts_scans_waybills_and_delivery_items(store):
    with store.write() as conn:
        insert_scans(conn, [_scan("518000000001")])
        upsert_waybills(conn, [_waybill("518000000002")])
        insert_delivery_items(conn, [("518000000003", "x", "2026-11-23 10:00:00", "2026-11-23", None, None)])
    asked = [f"51800000000{i}" for i in range(1, 5)] + [f"5181{i:08d}" for i in range(1000)]
    assert known_waybills(store, asked) == {"518000000001", "518000000002", "518000000003"}


def _samples(samples):
    return [samples / "扫描记录_20261123.csv", samples / "运单导出_20261123.xlsx", samples / "派件清单_淮滨_20261123.csv"]


def test_r03_samples_import_and_reimport_adds_nothing(store, samples, now):
    first = import_files(store, _samples(samples), now, "clerk")
    assert [(r.format, r.new, r.known, len(r.rejected)) for r in first] == [
        ("scans", 257, 0, 0), ("waybills", 60, 0, 0), ("delivery", 15, 0, 0)]
    before = _counts(store)
    imports_audit = store.query("SELECT count(*) FROM audit WHERE entity='import' OR action LIKE 'import%'")[0][0]
    assert before["imports"] == 3 and imports_audit == 3
    again = import_files(store, _samples(samples), now, "clerk")
    assert [(r.new, r.known, r.updated) for r in again] == [(0, 257, 0), (0, 60, 0), (0, 15, 0)]
    after = _counts(store)
    assert {t: after[t] for t in TABLES[:3]} == {t: before[t] for t in TABLES[:3]}
    cod = waybills_for(store, ["518054499155"])["518054499155"]
    assert (cod.payment, cod.cod_fen, cod.weight_kg) == ("cod", 19300, 8.97)


def test_r03_one_unreadable_file_means_nothing_is_written(store, samples, now, tmp_path):
    bad = tmp_path / "garbage.csv"
    bad.write_bytes(bytes(range(256)) * 10)
    before = _counts(store)
    with pytest.raises(Unreadable):
        import_files(store, _samples(samples) + [bad], now, "clerk")
    assert _counts(store) == before


def test_r03_strict_with_rejects_writes_nothing(store, now, tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("运单号,扫描类型,扫描时间,扫描网点\n518012345678,到件,2026-11-23 08:00,信阳二部\nbad,到件,2026-11-23 08:00,信阳二部\n", encoding="gbk")
    before = _counts(store)
    with pytest.raises(StrictRefusal) as e:
        import_files(store, [p], now, "clerk", strict=True)
    assert e.value.reports[0].rejected[0].row == 3
    assert _counts(store) == before
    [r] = import_files(store, [p], now, "clerk")
    assert (r.new, len(r.rejected)) == (1, 1)


def test_progress_reaches_the_total(store, samples, now):
    seen = []
    import_files(store, _samples(samples), now, "clerk", progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
