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
