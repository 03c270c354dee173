"""What the quality desk puts at the top of the home screen: the open handover notes
(交接记录本, urgent first) that greet the next clerk, and the complaints against us whose
appeal deadline falls within 4 hours (R-32), in the warning colour."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from kefu_tui.domain.untrusted import visible


@dataclass
class Greeting:
    notes: list = field(default_factory=list)  # HandoverNote, urgent first
    appeals: list = field(default_factory=list)  # dicts from services.quality.appeals_due_soon


def load_greeting(store, now) -> Greeting:
    """Read in the home screen's worker (its own store)."""
    from kefu_tui.services import quality as svc

    return Greeting(svc.open_notes(store), svc.appeals_due_soon(store, now))


def greeting_text(g: Greeting | None, shown: int = 3) -> Text:
    """The lines for the top of the home screen; empty when there is nothing to say."""
    t = Text()
    if g is None:
        return t
    if g.notes:
        t.append(f"交接记录 {len(g.notes)} 条未办 (F11 质控 → 6 交接, d 办结)\n", "bold")
        for n in g.notes[:shown]:
            t.append(f"  {'紧急 ' if n.urgent else '     '}{n.at[5:16]} {visible(n.by)}: {visible(n.text)}\n",
                     "bold red" if n.urgent else "")
        if len(g.notes) > shown:
            t.append(f"  … 另有 {len(g.notes) - shown} 条\n", "dim")
    for a in g.appeals:
        t.append(f"仲裁 {a['case']} 申诉截止 {a['appeal_by'][5:16]} (4小时内, R-32) {visible(a['complainant'])}\n",
                 "bold yellow")
    return t
