"""Migration slot: the branch server (issue 9): audit trail, row versions, personal data.

``audit.waybill`` lets the trail be read per waybill (``kefu audit --waybill``, the detail
screens' history); ``version`` columns let a change made on a stale view be refused
(no lost update: the clerk's screen read version N, the row is now N+1)."""

SQL = """
ALTER TABLE audit ADD COLUMN waybill TEXT;
CREATE INDEX audit_waybill ON audit (waybill, at);
CREATE INDEX audit_user ON audit (user, at);
ALTER TABLE tickets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE transfers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
"""
