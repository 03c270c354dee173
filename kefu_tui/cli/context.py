"""What every command gets: the database path, the branch clock, the acting user."""

from __future__ import annotations

import getpass
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import arrow

from kefu_tui.domain import clock


class Unusable(Exception):
    """The input could not be understood (exit 2, one line on stderr, nothing written)."""


class Refused(Exception):
    """The input was understood but a rule said no (exit 1). ``payload``, if any, is
    printed as the JSON document under ``--json``."""

    def __init__(self, message: str, payload: Any = None):
        super().__init__(message)
        self.payload = payload


def fail(code: int, message: str) -> NoReturn:
    print(message.replace("\n", " "), file=sys.stderr)
    raise SystemExit(code)


def emit_json(doc: Any) -> None:
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, default=str))
    sys.stdout.write("\n")
    sys.stdout.flush()


def default_db_path() -> Path:
    env = os.environ.get("KEFU_DB")
    if env:
        return Path(env)
    from kefu_tui.config import data_dir

    return data_dir() / "kefu.db"


@dataclass
class Context:
    db_path: Path
    now_text: str | None
    user: str
    db_path_explicit: bool = False
    reveal: bool = False  # --reveal: phones whole, with a 'reveal' audit entry (SPEC §14.1)
    _store: Any = field(default=None, repr=False)

    @classmethod
    def from_args(cls, args: Any) -> "Context":
        now_text = args.now or os.environ.get("KEFU_NOW") or None
        if now_text:
            check_clock(now_text)
        db = Path(args.db) if args.db else default_db_path()
        return cls(
            db_path=db,
            now_text=now_text,
            user=acting_user(args.user),
            db_path_explicit=bool(args.db or os.environ.get("KEFU_DB")),
            reveal=bool(getattr(args, "reveal", False)),
        )

    def revealed(self, waybills, where: str) -> None:
        """Under ``--reveal``: the audit entry naming the waybills whose phones were shown."""
        if self.reveal:
            from kefu_tui.services.audit import record_reveal

            record_reveal(self.store(), list(waybills), self.now, self.user, where)

    @property
    def now(self) -> arrow.Arrow:
        """The branch clock; read once per command so every rule sees the same instant."""
        if not hasattr(self, "_now"):
            self._now = clock.now(self.now_text)
        return self._now

    def store(self):
        """The database, opened (and migrated) on first use."""
        if self._store is None:
            from kefu_tui.services.branch_db import BadDatabase, NotWritable, open_store

            try:
                from kefu_tui.domain.clock import stamp

                # one clock for the audit trail: a new file's seed entry is stamped --now too
                self._store = open_store(self.db_path, stamp(self.now) if self.now_text else None)
            except (BadDatabase, NotWritable) as e:  # not kefu's, a newer kefu's, read-only and old
                raise Unusable(str(e)) from e
            except Exception as e:  # a directory, a non-database file, no permission
                raise Unusable(f"cannot open database {self.db_path}: {e}") from e
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def check_clock(now_text: str) -> None:
    """``--now`` / ``$KEFU_NOW`` must be an ISO 8601 time within 2000–2100 (exit 2)."""
    from kefu_tui.domain.untrusted import CLOCK_YEARS, clock_year_ok, shown_text

    try:
        t = clock.parse_iso(now_text)
    except Exception as e:  # arrow raises ParserError, ValueError, OverflowError, ...
        fail(2, f"kefu: --now {shown_text(now_text)} 不是 ISO 8601 时间 (not an ISO 8601 time: {e})")
    if not clock_year_ok(t.year):
        lo, hi = CLOCK_YEARS
        fail(2, f"kefu: --now {shown_text(now_text)} 不在 {lo}–{hi} 年之间 (clock outside {lo}–{hi})")


def acting_user(given: str | None) -> str:
    """``--user`` (or the login name) through the text gate: a name with a newline or an
    escape sequence would forge entries in ``kefu audit`` and drive every clerk's terminal
    (issue 15 item 3). A name that is nothing but control characters is not a name: exit 2."""
    from kefu_tui.domain.untrusted import one_line, shown_text

    user = one_line(given if given is not None else _login(), 64)
    if not user:
        fail(2, f"kefu: --user {shown_text(given or '')} 不是名字 (not a name)")
    return user


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return os.environ.get("USER", "clerk")


def record_id(text: str) -> int:
    """A register number (不明货物, 交接记录, 投诉 …) as an argparse type: a whole number
    SQLite can hold (issue 15 item 8: ``99999999999999999999`` was an internal error, and
    ``-5`` was looked up; now a usage error, exit 2)."""
    import argparse

    from kefu_tui.domain.untrusted import shown_text, whole_number

    n = whole_number(text, 1, 2**63 - 1)
    if n is None:
        raise argparse.ArgumentTypeError(f"{shown_text(text)} 不是登记编号 (not a record number)")
    return n
