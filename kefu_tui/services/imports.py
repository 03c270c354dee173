"""Importing legacy exports (导入乾坤系统导出) into the store (R-03, SPEC §15).

All files are read and checked first; if one cannot be read at all nothing is written.
Then everything is written in one transaction with one audit row and one ``imports`` row
per file. Importing the same rows again adds nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kefu_tui.domain import clock
from kefu_tui.domain.untrusted import path_text
from kefu_tui.importers import formats
from kefu_tui.importers.formats import FORMAT_LABELS, Parsed, Rejection  # noqa: F401
from kefu_tui.importers.reader import Unreadable, read_table
from kefu_tui.store.delivery import insert_delivery_items
from kefu_tui.store.quality import REGISTER_TABLES, upsert_register
from kefu_tui.store.scans import insert_scans
from kefu_tui.store.waybills import FIELDS, upsert_waybills

assert FIELDS == formats.WAYBILL_FIELDS, "importer and store disagree on waybill columns"

__all__ = ["ImportReport", "Rejection", "StrictRefusal", "Unreadable", "import_files", "read_files"]

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    """What one file brought: rows new to the store, already known, filled in (waybills),
    and the rejects with their row numbers and reasons (R-03)."""

    file: str
    format: str
    encoding: str
    new: int = 0
    known: int = 0
    updated: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    rows: int = 0  # data rows read (blank lines not counted)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["rejected"] = [{"row": r.row, "reason": r.reason} for r in self.rejected]
        return d


class StrictRefusal(Exception):
    """``strict`` import with rejected rows: nothing was written."""

    def __init__(self, reports: list[ImportReport]):
        n = sum(len(r.rejected) for r in reports)
        super().__init__(f"{n} row(s) rejected; --strict: nothing imported")
        self.reports = reports


def read_files(paths: Sequence[str | Path], progress: Progress | None = None) -> list[Parsed]:
    """Open, recognise and check every file (R-03); raises :class:`Unreadable` for the
    first file that cannot be read at all."""
    tables = [read_table(p, formats.recognise, formats.explain) for p in paths]
    total = sum(t.size_hint for t in tables)
    done = 0
    out = []
    for t in tables:
        tick = None
        if progress:
            base = done
            tick = lambda n, base=base: progress(min(base + n, total), total)  # noqa: E731
        # a file name that is not UTF-8 is stored and printed with U+FFFD (input boundary)
        parsed = formats.parse(t.match, t.rows, path_text(t.path.name), tick)
        parsed.encoding = t.encoding
        parsed.path = path_text(t.path)
        done += t.size_hint
        out.append(parsed)
    return out


def import_files(
    store,
    paths: Sequence[str | Path],
    now,
    user: str,
    strict: bool = False,
    progress: Progress | None = None,
) -> list[ImportReport]:
    """Import legacy exports (R-03): scans, waybills, delivery lists; CSV/XLSX; UTF-8,
    GBK, GB18030. One transaction for all files; ``strict`` refuses all of it
    (:class:`StrictRefusal`) when any row is rejected."""
    parsed = read_files(paths, progress)
    reports = [
        ImportReport(p.path, p.layout.format, p.encoding, rejected=p.rejected, rows=p.read)
        for p in parsed
    ]
    if strict and any(r.rejected for r in reports):
        raise StrictRefusal(reports)
    at = clock.stamp(now)
    with store.write() as conn, _big_cache(conn):
        for p, report in zip(parsed, reports):
            _write(conn, p, report)
            cur = conn.execute(
                "INSERT INTO imports (at, by, file, format, encoding, new, known, rejected)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (at, user, report.file, report.format, report.encoding, report.new,
                 report.known + report.updated, len(report.rejected)),
            )
            store.audit(at, user, "import", "imports", cur.lastrowid, None, {
                "file": report.file, "format": report.format, "encoding": report.encoding,
                "new": report.new, "known": report.known, "updated": report.updated,
                "rejected": len(report.rejected),
            })
    if progress:
        total = max(sum(p.read for p in parsed), 1)
        progress(total, total)
    return reports


@contextmanager
def _big_cache(conn, kib: int = 128 * 1024):
    """A larger page cache while bulk-inserting: unsorted numbers hit every page of the
    scans indexes, and the default 2 MB cache spills to disk constantly."""
    old = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size=-{kib}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size={old}")


def _write(conn, p: Parsed, report: ImportReport) -> None:
    fmt = p.layout.format
    if fmt == formats.SCANS:
        report.new, report.known = insert_scans(conn, p.rows)
    elif fmt == formats.DELIVERY:
        report.new, report.known = insert_delivery_items(conn, p.rows)
    elif fmt in REGISTER_TABLES:  # R-31..R-33
        report.new, report.known, report.updated = upsert_register(conn, fmt, p.rows)
    else:
        report.new, report.known, report.updated = upsert_waybills(conn, p.rows)
