"""Migration slot: one answer per rule (issue 7)."""

SQL = """
-- F12 on a whole filter (R-04/R-05): the rule columns of a waybill's open tickets read
-- from the index alone (store.tracking.ticket_facts_by_waybill)
CREATE INDEX tickets_waybill_facts ON tickets (waybill, status, type, created_at, updated_at, hold_until,
    reply_kind, reply_at);
"""
