"""Issue 16 item 4, proof by real processes: a clerk whose login runs only kefu
(sshd's ForceCommand, as docs/deploy.md sets it up) fetches a report onto their own machine
with ``ssh clerk@server kefu export daily --output - > daily.xlsx``; a shell command or
sftp through the same login gets one line and no session. Its own sshd on 127.0.0.1 and a
free port, its key and config under the test's folder; needs root, sshd and ssh."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.e2e

NOW = "2026-11-24T09:30:00+08:00"
SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path, store, db_path):
    """sshd whose every session runs the login script (ForceCommand) that starts kefu on the
    branch database, like kefu-login in docs/deploy.md."""
    if os.geteuid() != 0 or not Path(SSHD).exists() or not shutil.which("ssh"):
        pytest.fail("needs root, sshd and ssh (.ci/run installs them)")
    store.conn.execute("INSERT INTO tickets (waybill, type, text, status, created_at, created_by, updated_at)"
                       " VALUES ('518000000101', 'damaged', '=HYPERLINK(\"x\")', 'open', ?, 'a', ?)",
                       ("2026-11-24 08:00:00", "2026-11-24 08:00:00"))
    store.conn.commit()
    d = tmp_path / "ssh"
    d.mkdir()
    for key in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(d / key)], check=True)
    (d / "keys").write_text((d / "client.pub").read_text())
    os.chmod(d / "keys", 0o600)
    login = d / "kefu-login"
    login.write_text(f"#!/bin/sh\nexport KEFU_DB={db_path} KEFU_NOW={NOW} LANG=C.UTF-8\n"
                     f"exec {sys.executable} -m kefu_tui \"$@\"\n")
    login.chmod(0o755)
    port = _free_port()
    (d / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {d / 'host'}\nPidFile {d / 'pid'}\n"
        f"AuthorizedKeysFile {d / 'keys'}\nPermitRootLogin yes\nStrictModes no\nUsePAM no\n"
        f"SetEnv PYTHONPATH={Path(__file__).resolve().parents[2]}\n"
        f"ForceCommand {login}\nSubsystem sftp internal-sftp\n")
    proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(d / "sshd_config")], stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        opts = ["-p", str(port), "-i", str(d / "client"), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes"]
        yield opts
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_clerk_fetches_a_report_with_one_ssh_command_issue_16_item_4(server, tmp_path):
    r = subprocess.run(["ssh", *server, "root@127.0.0.1", "kefu", "export", "tickets", "--output", "-"],
                       capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "tickets.xlsx"
    out.write_bytes(r.stdout)
    ws = load_workbook(out).active
    assert ws.cell(row=2, column=2).value == "518000000101"
    assert ws.cell(row=2, column=4).value == '=HYPERLINK("x")' and ws.cell(row=2, column=4).data_type == "s"


def test_anything_else_through_that_login_is_one_line_and_no_session_issue_16_item_4(server):
    r = subprocess.run(["ssh", *server, "root@127.0.0.1", "id"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and r.stdout == "", r.stderr
    r = subprocess.run(["sftp", "-b", "-", "-P", server[1], *server[2:], "root@127.0.0.1"], input="ls\n",
                       capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
