"""Command palette (ctrl+p): every desk and action with the key that opens it.

Keys are read from the app's bindings and keymap, so a remapped key shows as remapped."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (label, action, binding id or None)
ENTRIES: tuple[tuple[str, str, str | None], ...] = (
    ("首页 Home", "home", "home"),
    ("问题件 Problem queue", "queue", "queue"),
    ("批量登记 Bulk entry", "bulk", "bulk"),
    ("批量跟踪 Batch tracking", "track", "track"),
    ("切换岗位 Choose post", "choose_post", None),
    ("单货统一 Warehouse reconciliation", "reconcile", "reconcile"),
    ("淮滨代派 Huaibin agent", "huaibin", "huaibin"),
    ("超区转件 Overzone transfers", "transfers", "transfers"),
    ("监控 Monitoring", "monitor", "monitor"),
    ("报表 Reports", "reports", "reports"),
    ("营业/异常 Counter and exceptions", "counter", "counter"),
    ("退出 Quit", "quit", "quit"),
)


def key_for(app, binding_id: str | None) -> str:
    """The key(s) a binding id is on now (the keymap first, then the default)."""
    if binding_id is None or not hasattr(app, "key_of"):
        return ""
    return app.key_of(binding_id)


class KefuCommands(Provider):
    """Desks and actions of the workstation."""

    def _entries(self):
        app = self.app
        for label, action, binding_id in ENTRIES:
            key = key_for(app, binding_id)
            yield label, action, key

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.run_action, action)

    async def discover(self) -> Hits:
        for label, action, key in self._entries():
            yield DiscoveryHit(f"{label}  [{key}]" if key else label, partial(self._run, action),
                               help=f"键 {key}" if key else None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, action, key in self._entries():
            text = f"{label}  [{key}]" if key else label
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._run, action), text=text,
                          help=f"键 {key}" if key else None)
