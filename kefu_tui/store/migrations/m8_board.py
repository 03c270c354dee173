"""Migration slot: the monitoring board on a big branch (issues 7 and 11)."""

SQL = """
-- R-26 (and R-24/R-27..R-30) pick a site's scans of one kind in a window, then look at
-- each parcel's other scans: with the waybill in the index that look needs no table row
-- (SQLite defers the row until a scan is kept). 1,000,000 scans: R-26 200 → 135 ms.
DROP INDEX scans_site_kind_at;
CREATE INDEX scans_site_kind_at ON scans (site, kind, at, waybill);
"""
