"""What every benchmark module shares: a figure (value against its floor and target),
a timer, and the one table the runner prints."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

_NUM = re.compile(r"[-+]?\d+(?:\.\d+)?")


def figure(name: str, value: float, unit: str, floor_name: str | None = None,
           floor_value: float | None = None, target: float | str | None = None) -> dict:
    """One measured figure. ``ratio`` is value / floor; ``target`` is a number in ``unit``
    (value must not exceed it) or text such as ``"≤ 3×"`` (a ratio) or ``"< 15 s"``."""
    ratio = round(value / floor_value, 2) if floor_value else None
    return {"name": name, "value": round(value, 4), "unit": unit, "floor_name": floor_name,
            "floor_value": None if floor_value is None else round(floor_value, 4),
            "ratio": ratio, "target": target}


def passed(fig: dict) -> bool | None:
    """Whether a figure meets its target; None when it has none that can be read. A
    module's own verdict (``pass`` or ``ok``) wins; else each clause of the target
    (``"< 100 ms and ≤ 3× floor"``) must hold: a clause with × compares the ratio."""
    for key in ("pass", "ok"):
        if key in fig:
            return bool(fig[key])
    target = fig.get("target")
    if target is None:
        return None
    if isinstance(target, (int, float)):
        return fig["value"] <= target
    verdicts = []
    for clause in re.split(r"\band\b|,|&|且", str(target)):
        m = _NUM.search(clause)
        if not m:
            continue
        limit = float(m.group())
        if "×" in clause or re.search(r"\d\s*x\b", clause):
            got = fig.get("ratio")
            verdicts.append(got is not None and got <= limit)
        elif "<" in clause and "≤" not in clause and "<=" not in clause:
            verdicts.append(fig["value"] < limit)
        else:
            verdicts.append(fig["value"] <= limit)
    return all(verdicts) if verdicts else None


@contextmanager
def timer() -> Iterator[dict]:
    """``with timer() as t: ...`` then ``t["s"]`` holds the seconds it took."""
    box: dict = {}
    t0 = time.perf_counter()
    try:
        yield box
    finally:
        box["s"] = time.perf_counter() - t0


HEADERS = ("figure", "value", "unit", "floor", "ratio", "target", "result")


def rows(figures: list[dict]) -> list[tuple[str, ...]]:
    out = []
    for f in figures:
        ok = passed(f)
        floor = f"{f['floor_value']:g} ({f['floor_name']})" if f.get("floor_value") is not None else "-"
        out.append((str(f["name"]), f"{f['value']:g}", str(f.get("unit", "")), floor,
                    "-" if f.get("ratio") is None else f"{f['ratio']:g}",
                    "-" if f.get("target") is None else str(f["target"]),
                    "error" if f.get("error") else "-" if ok is None else "pass" if ok else "FAIL"))
    return out


def _width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)  # CJK takes two columns


def print_table(figures: list[dict]) -> None:
    table = [HEADERS, *rows(figures)]
    widths = [max(_width(r[i]) for r in table) for i in range(len(HEADERS))]
    for n, r in enumerate(table):
        print("  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def markdown(figures: list[dict]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows(figures)]
    return "\n".join(lines) + "\n"
