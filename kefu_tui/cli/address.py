"""`kefu address ADDR... | - [--json]` — read receivers' addresses into province, city,
district and the destination header (R-38, SPEC §14.2), so a clerk can check a whole list
before printing labels. Exit 0 when every address got a header, 1 when any did not, 2
when the input cannot be read."""

from __future__ import annotations

import json
import sys

from kefu_tui.cli.context import Unusable


def register(sub, common):
    p = sub.add_parser("address", parents=[common],
                       help="province, city, district and header (大头笔) of addresses; '-' reads stdin")
    p.add_argument("addresses", nargs="+", metavar="ADDR", help="addresses, or '-' for one a line on stdin")
    p.set_defaults(func=run)


def _stdin_text() -> str:
    """stdin as UTF-8, else GB18030 (legacy exports); neither is input that cannot be read."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        return sys.stdin.read()
    data = buffer.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unusable("stdin is neither UTF-8 nor GB18030 text")


def read_addresses(args: list[str]) -> list[str]:
    out: list[str] = []
    for a in args:
        if a == "-":
            out += [line.strip() for line in _stdin_text().splitlines() if line.strip()]
        elif a.strip():
            out.append(a.strip())
    return out


def run(ctx, args) -> int:
    from kefu_tui.domain.address import read_address
    from kefu_tui.domain.header import header_of
    from kefu_tui.domain.untrusted import visible

    addresses = read_addresses(args.addresses)
    if not addresses:
        raise Unusable("no address given, or '-' with nothing on stdin")
    missing = 0
    lines = []
    for a in addresses:
        place = read_address(a)
        h = header_of(place)
        missing += h.text is None
        if args.json:
            doc = {"address": a, "province": place.province, "city": place.city,
                   "district": place.district, "header": h.text}
            if h.text is None:
                doc["reason"] = h.reason
            lines.append(json.dumps(doc, ensure_ascii=False))
        else:
            cells = [a, place.province, place.city, place.district, h.text or f"无大头笔: {h.reason}"]
            # an argument may hold ESC or a tab: one visible cell each, one line an address
            lines.append("\t".join(visible(c) if c else "—" for c in cells))
    sys.stdout.write("\n".join(lines) + "\n")
    return 1 if missing else 0
