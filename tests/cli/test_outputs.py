"""Every output all or nothing, never onto the database, shared with the group (issue 15
item 5, issue 16 item 4). Write failures are real: a child process whose file-size limit
(RLIMIT_FSIZE, SIGXFSZ ignored) is below the output's size, and, as root, a 64 KB tmpfs."""

from __future__ import annotations

import csv
import os
import random
import resource
import signal
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.inprocess import run_kefu
from tests.mounts import tmpfs

NOW = "2026-11-24T09:30:00+08:00"
DAY = "2026-11-24"
EVIL = "=cmd|' /C calc'!A0"
LIMIT = 40 * 1024  # above the database's -shm (32 KB), below every output below


def kefu(db, *args, **kw):
    return run_kefu(["--db", db, "--now", NOW, *args], **kw)


@pytest.fixture
def branch(store, db_path):
    """A day of 6000 到付 parcels on couriers' lists (slips far over LIMIT) and open
    tickets of text that does not compress (an export over LIMIT); one courier is named
    like a formula."""
    rnd = random.Random(7)
    c = store.conn
    nos = [f"5180000{n:05d}" for n in range(6000)]
    c.executemany("INSERT INTO waybills (waybill, receiver, phone, payment, collect_fen) VALUES (?, '王五', ?, 'collect', 1250)",
                  [(no, "13800000000") for no in nos])
    c.executemany("INSERT INTO delivery_items (waybill, courier, at, day, outlet) VALUES (?, ?, ?, ?, '信阳二部')",
                  [(no, EVIL if n % 2 else "李强", f"{DAY} 09:00:00", DAY) for n, no in enumerate(nos)])
    c.executemany("INSERT INTO tickets (waybill, type, text, status, created_at, created_by, updated_at)"
                  " VALUES (?, 'damaged', ?, 'open', ?, 'a', ?)",
                  [(no, "".join(chr(rnd.randrange(0x4E00, 0x9FA5)) for _ in range(80)),
                    f"{DAY} 08:00:00", f"{DAY} 08:00:00") for no in nos[:600]])
    c.commit()
    return db_path


def _kefu_limited(db: Path, *args: str, limit: int = LIMIT) -> subprocess.CompletedProcess:
    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "kefu_tui", "--db", str(db), "--now", NOW, *args],
                          preexec_fn=small_files, capture_output=True, text=True, timeout=120)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.stat().st_size == 0)


_SLIPS = ("slips", "--date", DAY, "--force", "--output")
_EXPORT = ("export", "tickets", "--force", "--output")  # reports are .csv or .xlsx only


@pytest.mark.parametrize("args, suffix", [
    (_SLIPS, ".txt"), (_SLIPS, ".csv"), (_SLIPS, ".xlsx"), (_EXPORT, ".csv"), (_EXPORT, ".xlsx"),
], ids=["slips-txt", "slips-csv", "slips-xlsx", "export-csv", "export-xlsx"])
def test_a_failed_write_leaves_the_old_file_whole_issue_15_item_5(branch, tmp_path, args, suffix):
    """Issue 15 item 5: `slips --force` under a write failure replaced the old file with
    a 4 KB half and left 0-byte files; an XLSX export printed two tracebacks. Now: the
    old file whole, no temporary or empty file, one line on stderr, exit 2."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / f"r{suffix}"
    target.write_bytes(b"the old file, whole\n")
    r = _kefu_limited(branch, *args, str(target))
    assert r.returncode == 2, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr and "File too large" in r.stderr
    assert target.read_bytes() == b"the old file, whole\n"
    assert sorted(p.name for p in out_dir.iterdir()) == [target.name]


def test_a_full_disk_leaves_no_half_report_issue_15_item_5(branch, tmp_path):
    """Issue 15 item 5 on a real full file system: a 64 KB tmpfs, an old report on it."""
    with tmpfs(tmp_path / "small", "64k") as mnt:
        old = mnt / "tickets.xlsx"
        old.write_bytes(b"x" * 20_000)
        for suffix in (".xlsx", ".csv"):
            r = kefu(branch, "export", "tickets", "--force", "--output", str(mnt / f"tickets{suffix}"))
            assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert old.read_bytes() == b"x" * 20_000
        assert sorted(p.name for p in mnt.iterdir()) == ["tickets.xlsx"]


def test_a_target_that_is_the_database_is_refused_issue_15_item_5(branch, tmp_path):
    """Issue 15 item 5: no output lands on the database or its -wal/-shm, by whatever name
    (a symlink, a hard link)."""
    for name, to in (("wal.csv", Path(f"{branch}-wal")), ("db.txt", branch)):
        link = tmp_path / name
        link.symlink_to(to)
        before = branch.read_bytes()
        r = kefu(branch, "slips", "--date", DAY, "--force", "--output", str(link))
        assert r.returncode == 2 and "数据库" in r.stderr, r.stderr
        assert branch.read_bytes() == before
    hard = tmp_path / "same.txt"
    os.link(branch, hard)
    r = kefu(branch, "slips", "--date", DAY, "--force", "--output", str(hard))
    assert r.returncode == 2 and "数据库" in r.stderr
    r = kefu(branch, "export", "tickets", "--force", "--output", str(tmp_path / "wal.csv"))
    assert r.returncode == 2 and "数据库" in r.stderr, r.stderr
    assert kefu(branch, "track", "518000000001").returncode == 0


def test_slips_as_csv_and_xlsx_never_hold_a_live_formula_issue_15_item_5(branch, tmp_path):
    """Issue 15 item 5: `slips --output x.csv` wrote plain text, so a courier named
    `=cmd|' /C calc'!A0` became a live cell; now the CSV is escaped like every export and
    the XLSX holds text cells."""
    out = tmp_path / "slips.csv"
    assert kefu(branch, "slips", "--date", DAY, "--output", str(out)).returncode == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["日期", "派件员", "运单号", "类型", "金额"]
    couriers = {r[1] for r in rows[1:]}
    assert couriers == {"李强", "'" + EVIL}
    assert ["2026-11-24", "李强", "交款合计", "", "37500.00"] in rows
    out = tmp_path / "slips.xlsx"
    assert kefu(branch, "slips", "--date", DAY, "--output", str(out)).returncode == 0
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    ws = load_workbook(out).active
    assert {ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)} == {"李强", EVIL}


@pytest.mark.parametrize("umask", [0o077, 0o022])
def test_outputs_are_0660_with_the_folders_group_issue_16_item_4(branch, tmp_path, umask):
    """Issue 16 item 4: exports and slips were -rw------- of the clerk who made them and
    the next clerk got Permission denied; now 0660 and the folder's group, whatever the
    umask (like the database)."""
    shared = tmp_path / "shared"
    shared.mkdir()
    gid = 100 if os.geteuid() == 0 else os.getgid()  # root: another group, like a setgid folder's
    os.chown(shared, -1, gid)
    old = os.umask(umask)
    try:
        outs = [shared / "daily.xlsx", shared / "tickets.csv", shared / "slips.txt", shared / "slips.csv"]
        assert kefu(branch, "export", "daily", "--output", str(outs[0])).returncode == 0
        assert kefu(branch, "export", "tickets", "--output", str(outs[1])).returncode == 0
        assert kefu(branch, "slips", "--date", DAY, "--output", str(outs[2])).returncode == 0
        assert kefu(branch, "slips", "--date", DAY, "--output", str(outs[3])).returncode == 0
    finally:
        os.umask(old)
    for p in outs:
        st = p.stat()
        assert stat.S_IMODE(st.st_mode) == 0o660, (p.name, oct(st.st_mode))
        assert st.st_gid == gid


def test_an_existing_file_is_kept_without_force_issue_15_item_5(branch, tmp_path):
    out = tmp_path / "slips.txt"
    out.write_text("昨天的交款单")
    r = kefu(branch, "slips", "--date", DAY, "--output", str(out))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert out.read_text() == "昨天的交款单"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_to_stdout_for_a_clerk_without_a_shell_issue_16_item_4(branch, tmp_path):
    """Issue 16 item 4: `kefu export REPORT --output -` writes the whole file to stdout, so
    `ssh clerk@server kefu export daily --output - > daily.xlsx` brings it to the clerk's PC;
    a login that runs only kefu (ForceCommand) runs that one command from
    $SSH_ORIGINAL_COMMAND and refuses any other (sftp, a shell) in one line."""
    env = dict(os.environ, KEFU_DB=str(branch), KEFU_NOW=NOW)
    kefu_cmd = [sys.executable, "-m", "kefu_tui"]
    r = subprocess.run([*kefu_cmd, "export", "tickets", "--output", "-"], capture_output=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    (tmp_path / "t.xlsx").write_bytes(r.stdout)
    ws = load_workbook(tmp_path / "t.xlsx").active
    assert ws.max_row == 601 and ws.cell(row=1, column=2).value == "运单号"
    r = subprocess.run([*kefu_cmd], capture_output=True, timeout=120,
                       env=dict(env, SSH_ORIGINAL_COMMAND="kefu export tickets --format csv --output -"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(b"\xef\xbb\xbf") and len(r.stdout.decode("utf-8-sig").splitlines()) == 601
    assert b"138****0000" in r.stdout  # phones masked, like every export
    # `--output -` is implied: `ssh clerk@server kefu export tickets --format csv > t.csv`
    r = subprocess.run([*kefu_cmd], capture_output=True, timeout=120,
                       env=dict(env, SSH_ORIGINAL_COMMAND="kefu export tickets --format csv"))
    assert r.returncode == 0 and len(r.stdout.decode("utf-8-sig").splitlines()) == 601, r.stderr
    for asked in ("internal-sftp", "/usr/lib/openssh/sftp-server", "sh -c id", "kefu --user boss export daily --output -",
                  "kefu export daily --output /srv/kefu/kefu.db", "kefu ticket close 518000000001 --reason x"):
        r = subprocess.run(kefu_cmd, capture_output=True, text=True, timeout=120,
                           env=dict(env, SSH_ORIGINAL_COMMAND=asked))
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, (asked, r.stderr)
        assert r.stdout == ""


def test_a_read_only_folder_is_one_line_and_exit_2_issue_15_item_5(branch, tmp_path):
    """A folder the clerk cannot write (a read-only mount for root, mode 0555 otherwise):
    one line, exit 2, the old file as it was, for the text slips, a table and an export."""
    if os.geteuid() == 0:  # root writes through 0555: a read-only file system it is
        with tmpfs(tmp_path / "ro", "1m") as ro:
            (ro / "slips.txt").write_text("昨天的交款单")
            subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
            _writes_refused_in(branch, ro)
        return
    ro = tmp_path / "ro"
    ro.mkdir()
    (ro / "slips.txt").write_text("昨天的交款单")
    ro.chmod(0o555)
    try:
        _writes_refused_in(branch, ro)
    finally:
        ro.chmod(0o755)


def _writes_refused_in(branch, ro):
    old = ro / "slips.txt"
    for args in (("slips", "--date", DAY, "--force", "--output", str(old)),
                 ("slips", "--date", DAY, "--output", str(ro / "slips.csv")),
                 ("export", "daily", "--output", str(ro / "daily.xlsx"))):
        r = kefu(branch, *args)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, (args, r.stderr)
        assert "无法写入" in r.stderr
    assert old.read_text() == "昨天的交款单" and sorted(p.name for p in ro.iterdir()) == ["slips.txt"]


@pytest.mark.parametrize("name, args", [
    ("out.txt", ("slips", "--date", DAY, "--force", "--output")),
    ("out.csv", ("export", "daily", "--date", DAY, "--force", "--output")),
    ("out.db", ("backup", "--force")),
], ids=["slips", "export", "backup"])
def test_force_never_replaces_a_fifo_or_a_device_issue_15_item_5(branch, tmp_path, name, args):
    """Second look at issue 15 item 5: ``--force`` renamed the new file over whatever had
    the name: a FIFO another program reads from, or (for root) a device such as /dev/null.
    Only a regular file (or a symlink, itself replaced) is overwritten."""
    target = tmp_path / name
    os.mkfifo(target)
    r = kefu(branch, *args, str(target))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
