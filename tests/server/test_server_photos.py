"""Photos on the branch server (issue 9): two clerks attaching a photo of the same name at
once both keep theirs; only regular files are taken, a symlink is never followed; the
photo folder is 0770 for the clerks' group."""

import os
import subprocess
import sys

import pytest

from kefu_tui.services import tickets as ts

NO = "518000000101"

ATTACH = """
import sys, time
from pathlib import Path
from kefu_tui.domain import clock
from kefu_tui.services import tickets as ts
from kefu_tui.store import open_store
db, root, src, go = sys.argv[1:5]
while not Path(go).exists():
    time.sleep(0.001)
s = open_store(db)
tid = ts.open_tickets_of(s, "%s")[0].id
for _ in range(10):
    ts.attach_photo(s, tid, Path(src), Path(root), clock.parse_iso("2026-11-24T09:30:00+08:00"), sys.argv[5])
""" % NO


@pytest.fixture
def ticket_id(store, now):
    ts.add_tickets(store, [NO], "damaged", "破损", now, "alice")
    return ts.open_tickets_of(store, NO)[0].id


def test_same_name_photos_from_two_clerks_at_once_are_all_kept(db_path, ticket_id, tmp_path):
    root, go = tmp_path / "photos", tmp_path / "go"
    srcs = []
    for who in ("alice", "bob"):
        (tmp_path / who).mkdir()
        srcs.append(tmp_path / who / "1.jpg")
        srcs[-1].write_bytes(who.encode() * 100)
    procs = [subprocess.Popen([sys.executable, "-c", ATTACH, str(db_path), str(root), str(src), str(go), who],
                              stderr=subprocess.PIPE, text=True)
             for src, who in zip(srcs, ("alice", "bob"))]
    go.touch()
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()
    files = sorted((root / NO).iterdir())
    assert len(files) == 20
    contents = [f.read_bytes() for f in files]
    assert contents.count(b"alice" * 100) == 10 and contents.count(b"bob" * 100) == 10


def test_a_symlink_is_refused_and_never_followed(store, now, ticket_id, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the server's secret")
    link = tmp_path / "photo.jpg"
    link.symlink_to(secret)
    root = tmp_path / "photos"
    with pytest.raises(ts.TicketError, match="普通文件"):
        ts.attach_photo(store, ticket_id, link, root, now, "alice")
    with pytest.raises(ts.TicketError, match="普通文件"):
        ts.attach_photo(store, ticket_id, tmp_path, root, now, "alice")  # a folder
    assert not (root / NO).exists() or not list((root / NO).iterdir())
    assert ts.ticket_detail(store, ticket_id).photos == []


def test_photo_folder_is_0770_whatever_the_umask(store, now, ticket_id, tmp_path):
    src = tmp_path / "a.jpg"
    src.write_bytes(b"x")
    old = os.umask(0o077)
    try:
        target = ts.attach_photo(store, ticket_id, src, tmp_path / "photos", now, "alice")
    finally:
        os.umask(old)
    assert (target.parent.stat().st_mode & 0o777) == 0o770
    assert ((tmp_path / "photos").stat().st_mode & 0o777) == 0o770
    assert (target.stat().st_mode & 0o777) == 0o660


# ---- issue 15 item 6: one photo rule for tickets and unidentified goods ----------------

ADD = ("unidentified", "add", "--arrived", "2026-11-24T06:30:00+08:00", "--channel", "夜车",
       "--packaging", "纸箱", "--contents", "衣服")


def _goods_rows(db_path) -> int:
    import sqlite3

    with sqlite3.connect(db_path) as c:
        return c.execute("SELECT count(*) FROM unidentified_goods").fetchone()[0] + \
            c.execute("SELECT count(*) FROM unidentified_photos").fetchone()[0]


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_unidentified_photo_refuses_a_symlink_like_tickets_issue_15_item_6(store, db_path, tmp_path):
    """Issue 15 item 6: `unidentified add --photo` followed a symlink (it copied /etc/shadow
    into the photo folder). One rule for both: refused in one line, exit 2, nothing kept."""
    from tests.cli.inprocess import run_kefu

    secret = tmp_path / "secret.txt"
    secret.write_text("root:$6$hash")
    link = tmp_path / "photo.jpg"
    link.symlink_to(secret)
    r = run_kefu(["--db", db_path, "--now", "2026-11-24T09:30:00+08:00", *ADD, "--photo", str(link)])
    assert r.returncode == 2 and "普通文件" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert _files(tmp_path / "photos") == [] and _goods_rows(db_path) == 0
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    r = run_kefu(["--db", db_path, "--now", "2026-11-24T09:30:00+08:00", *ADD, "--photo", str(fifo)])
    assert r.returncode == 2 and "普通文件" in r.stderr, r.stderr


def test_a_30_gb_photo_is_refused_at_once_issue_15_item_6(store, now, db_path, ticket_id, tmp_path):
    """Issue 15 item 6: a 30 GB photo was copied inside the write transaction for 28 s and
    other clerks' notes failed meanwhile. Photos are at most 20 MB (docs/hostile-input.md):
    refused before any copy or transaction, for tickets and unidentified goods alike."""
    import time

    from kefu_tui.services.counter import add_unidentified
    from kefu_tui.domain.counter import FieldError

    huge = tmp_path / "huge.jpg"
    with open(huge, "wb") as fh:
        fh.truncate(30 * 1024**3)  # sparse: 30 GB to read, nothing on disk
    root = tmp_path / "photos"
    t0 = time.perf_counter()
    with pytest.raises(ts.TicketError, match="20 MB"):
        ts.attach_photo(store, ticket_id, huge, root, now, "alice")
    with pytest.raises(FieldError, match="20 MB"):
        add_unidentified(store, now, "夜车", "纸箱", "衣服", [huge], root, now, "alice")
    assert time.perf_counter() - t0 < 2
    assert _files(root) == [] and _goods_rows(db_path) == 0
    assert ts.ticket_detail(store, ticket_id).photos == []


def test_a_photo_at_the_limit_is_taken_whole_issue_15_item_6(store, now, db_path, ticket_id, tmp_path):
    from kefu_tui.services.counter import add_unidentified
    from kefu_tui.services.photos import MAX_PHOTO_BYTES

    src = tmp_path / "big.jpg"
    src.write_bytes(os.urandom(1024) * (MAX_PHOTO_BYTES // 1024))
    root = tmp_path / "photos"
    target = ts.attach_photo(store, ticket_id, src, root, now, "alice")
    goods = add_unidentified(store, now, "夜车", "纸箱", "衣服", [src, src], root, now, "alice")
    assert target.read_bytes() == src.read_bytes()
    assert [os.path.basename(p) for p in goods.photos] == ["big.jpg", "big-2.jpg"]
    assert _files(root) == sorted([f"{NO}/big.jpg", f"不明货物/{goods.id}/big.jpg", f"不明货物/{goods.id}/big-2.jpg"])


KEEP_FAILING = """
import resource, signal, sys
from pathlib import Path
from kefu_tui.domain import clock
from kefu_tui.services import tickets as ts
from kefu_tui.services.counter import add_unidentified
from kefu_tui.store import open_store
db, root, src = sys.argv[1:4]
s = open_store(db)
now = clock.parse_iso("2026-11-24T09:30:00+08:00")
tid = ts.open_tickets_of(s, "%s")[0].id
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (1024 * 1024, 1024 * 1024))
for attempt in (lambda: ts.attach_photo(s, tid, Path(src), Path(root), now, "a"),
                lambda: add_unidentified(s, now, "夜车", "纸箱", "衣服", [Path(src)], Path(root), now, "a")):
    try:
        attempt()
    except OSError as e:
        print(e.errno)
""" % NO


def test_a_photo_copy_that_fails_leaves_nothing_issue_15_item_6(db_path, ticket_id, tmp_path):
    """A copy that fails half-way (a file-size limit in a real process): no half photo under
    any name, no row, no temporary file."""
    src = tmp_path / "p.jpg"
    src.write_bytes(os.urandom(3 * 1024 * 1024))
    root = tmp_path / "photos"
    r = subprocess.run([sys.executable, "-c", KEEP_FAILING, str(db_path), str(root), str(src)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.split() == ["27", "27"], r.stderr
    assert _files(root) == [] and _goods_rows(db_path) == 0


@pytest.mark.parametrize("kind", ["ticket", "unidentified"])
def test_the_copy_is_made_before_the_write_lock_is_taken_issue_15_item_6(db_path, ticket_id, tmp_path, kind):
    """Issue 15 item 6: the copy ran inside the write transaction, so other clerks waited on
    it. Here another clerk holds the write lock: the photo is copied meanwhile (its temporary
    file appears), and the registration commits once the lock is free."""
    import sqlite3
    import threading
    import time

    from kefu_tui.domain import clock
    from kefu_tui.services.counter import add_unidentified
    from kefu_tui.store import open_store

    src = tmp_path / "p.jpg"
    src.write_bytes(os.urandom(2 * 1024 * 1024))
    root = tmp_path / "photos"
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    done: list = []

    def register():
        s = open_store(db_path)
        now = clock.parse_iso("2026-11-24T09:30:00+08:00")
        try:
            if kind == "ticket":
                done.append(ts.attach_photo(s, ticket_id, src, root, now, "bob"))
            else:
                done.append(add_unidentified(s, now, "夜车", "纸箱", "衣服", [src], root, now, "bob"))
        except Exception as e:  # noqa: BLE001 — reported by the assertion below
            done.append(e)
        finally:
            s.close()

    worker = threading.Thread(target=register)
    worker.start()
    try:
        end = time.monotonic() + 5
        copies = []
        while time.monotonic() < end and not copies:
            copies = [p for p in root.rglob("*") if p.is_file() and p.stat().st_size == src.stat().st_size]
            time.sleep(0.01)
        assert copies, "the photo was not copied while another clerk held the write lock"
        assert not done
    finally:
        other.rollback()
        other.close()
        worker.join(30)
    assert len(done) == 1 and not isinstance(done[0], Exception), done
    assert [p.name for p in root.rglob("*") if p.is_file()] == ["p.jpg"]
