"""The store: the only code that speaks SQL. SQLite through sqlite-utils, WAL, migrations,
one transaction per write with its audit entry. Never imports textual."""

from kefu_tui.store.db import Store, open_store

__all__ = ["Store", "open_store"]
