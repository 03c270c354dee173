"""An old database holding hostile text (issue 15 item 3): the desk C sample branch plus the
quality registers, complaints and handover notes, a monitor check and unidentified goods,
then every free-text field a screen or a command draws rewritten with sqlite3 directly, as
a database written before the gate existed would hold it: an OSC title, SGR colours, Rich
and Textual markup that does not balance, a newline forging a 签收/audit line, a tab, a C1
CSI, a bidi override and DEL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kefu_tui.app import KefuApp
from tests.app import desk_c_data, quality_data
from tests.app.snapshot_app import clerk_config

NOW = desk_c_data.NOW
FORGE = "2026-11-24 10:00:00  签收  FORGED"
HOSTILE = ("\x1b]0;PWNED\x07\x1b[1;31m红[/] call back [/b] later [b]$x[@click=app.quit]"
           f"\n    {FORGE}\t\x9b2J\u202eevil\x7f\x1b[0m")

# table → the text columns a screen, a detail or a command shows (keys and kinds stay valid)
FIELDS = {
    "scans": ["site", "prev_site", "next_site", "operator", "note"],
    "waybills": ["sender_outlet", "receiver", "address", "label_note"],
    "delivery_items": ["courier"],
    "tickets": ["text", "party", "created_by", "closed_by", "close_reason"],
    "ticket_notes": ["by", "text"],
    "ticket_replies": ["by", "text"],
    "transfers": ["address", "courier_name", "courier_contact", "note", "created_by"],
    "monitor_checks": ["checked_by", "note"],
    "audit": ["user"],
    "unidentified_goods": ["channel", "packaging", "contents", "created_by"],
    "network_orders": ["sender", "sender_address", "status", "handled_by"],
    "arbitrations": ["complainant", "respondent", "content", "decision_reason", "decided_by"],
    "fines": ["kind", "note", "supervisor", "told_by"],
    "complaints": ["caller", "text", "received_by"],
    "complaint_steps": ["text", "by"],
    "handover_notes": ["text", "by", "done_by"],
    "returns": ["returned_by", "reason"],
    "imports": ["by", "file"],
}


def build_hostile_db(path: Path) -> Path:
    """The database above at ``path`` (built once per test; a few seconds)."""
    desk_c_data.build_db(path)
    quality_data.build_db(path)
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute("INSERT INTO monitor_checks (rule, day, checked_at, checked_by, findings, note)"
                        " VALUES ('R-24', '2026-11-24', '2026-11-24 09:00:00', 'x', 2, 'x')")
            con.execute("INSERT INTO unidentified_goods (title, arrived_at, channel, packaging,"
                        " contents, created_at, created_by) VALUES ('河南信阳分拨中心26年11月24日不明货物',"
                        " '2026-11-24 08:00:00', 'x', 'x', 'x', '2026-11-24 08:10:00', 'x')")
            con.execute("INSERT INTO ticket_notes (ticket_id, at, by, text)"
                        " SELECT id, updated_at, 'x', 'x' FROM tickets")
            con.execute("INSERT INTO ticket_replies (ticket_id, waybill, kind, at, by, text)"
                        " SELECT id, waybill, 'return', updated_at, 'x', 'x' FROM tickets LIMIT 1")
            con.execute("INSERT INTO returns (waybill, returned_at, returned_by, sender_outlet, reason)"
                        " SELECT waybill, '2026-11-24 08:30:00', 'x', '杭州萧山', 'x' FROM tickets LIMIT 1")
            con.execute("UPDATE tickets SET status = 'closed' WHERE id = (SELECT max(id) FROM tickets)")
            for table, columns in FIELDS.items():
                sets = ", ".join(f"{c} = ? || coalesce({c}, '')" for c in columns)
                con.execute(f"UPDATE {table} SET {sets}", [HOSTILE] * len(columns))
    finally:
        con.close()
    return path


class HostileApp(KefuApp):
    """The real shell on the hostile database, as clerk01 at the desk C clock."""

    def __init__(self, folder: Path, post: str = "质控"):
        folder = Path(folder)
        db = folder / "kefu.db"
        if not db.exists():
            build_hostile_db(db)
        super().__init__(db, now_text=NOW, user=desk_c_data.USER, config_dir=clerk_config(folder, post))
