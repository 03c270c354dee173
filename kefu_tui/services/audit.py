"""The audit trail as clerks read it (issue 9, SPEC §14.1): ``kefu audit``, the history on
the ticket and waybill detail screens, and the ``reveal`` entry written when a phone is
shown whole."""

from __future__ import annotations

import json
from typing import Any

import arrow
from pydantic import BaseModel

from kefu_tui.domain.clock import stamp
from kefu_tui.store import audit as q

# what each action means on a history line (the detail screens)
ACTION_WORDS = {
    "ticket.add": "登记问题件", "ticket.note": "跟进", "ticket.close": "关闭",
    "ticket.reopen": "重新打开", "ticket.type": "改类型", "ticket.undo": "撤销批量登记",
    "ticket.photo": "添加照片", "add": "登记", "sign": "签收", "attempt": "派送一次",
    "transfer.edit": "修改转件", "reveal": "查看完整电话", "import": "导入", "restore": "恢复数据库",
}


class AuditEntry(BaseModel):
    """One line of the trail: who did what when, and the before/after of the change."""

    at: str
    user: str
    action: str
    waybill: str | None = None
    before: Any = None
    after: Any = None

    @property
    def summary(self) -> str:
        """A short Chinese line: ``2026-12-02 10:15 alice 关闭 (退件)``."""
        word = ACTION_WORDS.get(self.action, self.action)
        detail = _detail(self.after) if isinstance(self.after, dict) else ""
        return f"{self.at[:16]}  {self.user}  {word}{f'  {detail}' if detail else ''}"


def _detail(after: dict) -> str:
    for key in ("text", "reason", "type", "status", "signed_at", "attempts"):
        if after.get(key) not in (None, ""):
            return str(after[key])
    return ""


def _load(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def trail(store, waybill: str | None = None, user: str | None = None, since: str | None = None,
          limit: int | None = None) -> list[AuditEntry]:
    """The trail, newest first, filtered by waybill, user and time (``since``: stored text)."""
    out = []
    for r in q.entries(store, waybill, user, since, limit):
        out.append(AuditEntry(at=r["at"], user=r["user"], action=r["action"],
                              waybill=r["waybill"] or waybill, before=_load(r["before"]),
                              after=_load(r["after"])))
    return out


def record_reveal(store, waybills: list[str], now: arrow.Arrow, user: str, where: str) -> None:
    """A phone was shown whole (SPEC §14.1): one ``reveal`` entry naming the waybills."""
    nos = sorted(set(w for w in waybills if w))
    if not nos:
        return
    at = stamp(now)
    with store.write():
        store.audit(at, user, "reveal", "waybills", None, None, {"waybills": nos, "where": where},
                    waybill=nos[0] if len(nos) == 1 else None)
