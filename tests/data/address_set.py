"""The address test set (``addresses.tsv``, issue 17 item 5) and how a reader is scored
on it; shared by tests/domain/test_address_set.py and bench/bench_address.py so both
count the same way.

A reader maps an address to (province, city, district), full official names or None.
Each field is right when it equals the expected one (None included); the header is right
when kefu's header rule (R-38) gives the same for the reading as for the expected place,
so an empty header is right exactly where the expected place gives none."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SET = HERE / "addresses.tsv"
FAILURES = HERE / "addresses_failures.tsv"
FIELDS = ("province", "city", "district", "header")

Reading = tuple[str | None, str | None, str | None]


def load_rows(path: Path = SET) -> list[tuple[str, Reading, str]]:
    """(address, expected reading, source) of every row."""
    rows = []
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
    for line in lines[1:]:
        address, province, city, district, source = line.split("\t")
        rows.append((address, (province or None, city or None, district or None), source))
    return rows


def header(reading: Reading) -> str | None:
    from kefu_tui.domain.address import Place
    from kefu_tui.domain.header import header_of

    province, city, district = reading
    return header_of(Place(province=province, city=city, district=district)).text


def score(read: Callable[[str], Reading], rows: Iterable[tuple[str, Reading, str]]):
    """Per-field accuracy (0–1) and the rows read wrong: (address, got, want, source)."""
    right = dict.fromkeys(FIELDS, 0)
    wrong, n = [], 0
    for address, want, source in rows:
        n += 1
        got = read(address)
        ok = [got[i] == want[i] for i in range(3)] + [header(got) == header(want)]
        for f, good in zip(FIELDS, ok):
            right[f] += good
        if not all(ok):
            wrong.append((address, got, want, source))
    return {f: right[f] / n for f in FIELDS}, wrong


def kefu_reading(address: str) -> Reading:
    from kefu_tui.domain.address import read_address

    p = read_address(address)
    return p.province, p.city, p.district


def listed_failures(path: Path = FAILURES) -> dict[str, str]:
    """address → why kefu still reads it wrong (one line each in addresses_failures.tsv)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            address, why = line.split("\t")
            out[address] = why
    return out
