"""Issues 9 and 16 (items 2, 5), proof by real processes: docs/deploy.md followed as
written — every shell block of the page run as it stands, and no step the page does not
name (names and paths through its variables; the machine's own sshd configuration, on a
free port, is the sshd the page reloads). Then, on the database the page fills from the
legacy exports: ``ssh -T``, ``ssh clerk ls``, sftp and a refused report answer in one line
and leave no kefu behind; two clerk accounts log in over SSH through tmux at 80×24, pick
their post at first login and work the same ticket: both add a note; one closes it; the
other's close, decided on the same open ticket, is refused naming the first; the audit
trail has each action under its own clerk, the database files are 0660 of the clerks'
group; their killed clients leave no kefu; the page's cron line, run as cron runs it,
makes the night's backup, and the page's restore puts it back.

Needs root, sshd, ssh and tmux: ``.ci/run`` installs them (CI runs as root), cron by the
page's own step 1."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import stat
import subprocess
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "docs" / "deploy.md"
NO = "518000000101"


def deploy_blocks() -> dict[str, str]:
    """The page's shell blocks, each opening with ``# deploy: NAME``; a shell block
    without a name would be a step no test runs, so there is none."""
    text = DEPLOY.read_text(encoding="utf-8")
    named = re.findall(r"```sh\n# deploy: (\w+)\n(.*?)```", text, re.S)
    assert len(named) == len(re.findall(r"```sh\n", text)), "a ```sh block without '# deploy: NAME'"
    return dict(named)


def sh(script: str, env: dict[str, str], timeout: float = 600) -> str:
    r = subprocess.run(["bash", "-euc", script], env={**os.environ, **env}, capture_output=True,
                       text=True, timeout=timeout)
    assert r.returncode == 0, f"{script}\n--- stdout\n{r.stdout}\n--- stderr\n{r.stderr}"
    return r.stdout


class Page:
    """Runs docs/deploy.md's blocks as root, each script after the page's names (step 0),
    and remembers which ran. ``systemctl`` is the one word that changes meaning: this
    machine's sshd is the test's own on a free port, so ``reload ssh`` is noted, and the
    test starts that sshd after the page asked for it."""

    def __init__(self, env: dict[str, str], base: Path):
        self.blocks = deploy_blocks()
        self.env = env
        self.systemctl = base / "systemctl.log"
        self.ran: set[str] = set()

    def run(self, *names: str, then: str = "", timeout: float = 600) -> str:
        shim = f'systemctl() {{ printf "%s\\n" "$*" >> {shlex.quote(str(self.systemctl))}; }}\n'
        self.ran.update(("names", *names))
        script = shim + "\n".join(self.blocks[n] for n in ("names", *names)) + "\n" + then
        return sh(script, self.env, timeout=timeout)

    def packages(self) -> None:
        """Step 1 runs when a package it names is missing (CI's .ci/run installs them by
        this very block; apt-get on every run would only repeat it)."""
        names = re.search(r"apt-get install -y ([^\n]+)", self.blocks["packages"]).group(1).split()
        missing = [n for n in names if subprocess.run(
            ["dpkg-query", "-W", "-f=${db:Status-Status}", n], capture_output=True,
            text=True).stdout != "installed"]
        if missing:
            self.run("packages", timeout=1200)
        self.ran.add("packages")


class Term:
    """One clerk's terminal: a detached tmux session at 80×24."""

    def __init__(self, command: str):
        self.name = f"kefu-{uuid.uuid4().hex[:8]}"
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24", command],
                       check=True, timeout=10)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True,
                              text=True, timeout=10).stdout

    def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(t in shown for t in texts):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{texts!r} not on screen after {timeout}s:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True, timeout=10)

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True, timeout=10)

    def kill(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True, timeout=10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def kefu_processes(user: str) -> list[int]:
    """The clerk's kefu processes still running (zombies are gone)."""
    r = subprocess.run(["pgrep", "-u", user, "-f", "bin/kefu"], capture_output=True, text=True, timeout=30)
    return [pid for pid in map(int, r.stdout.split()) if _alive(pid)]


def assert_none_left(user: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while kefu_processes(user) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not kefu_processes(user), f"{user}: kefu still running {timeout}s later"


@pytest.fixture
def branch_server(tmp_path):
    """docs/deploy.md, steps 0–5, on this machine, with names of this run; undone after.
    The clerks' sshd is this machine's own configuration (/etc/ssh/sshd_config, the page's
    drop-in in /etc/ssh/sshd_config.d included) on a free port of 127.0.0.1."""
    missing = [t for t in ("tmux", "ssh", "sftp", "ssh-keygen", "useradd", "dpkg-query")
               if shutil.which(t) is None]
    assert os.geteuid() == 0 and not missing and os.path.exists("/usr/sbin/sshd"), (
        "this test creates clerk accounts and runs sshd: it needs root, openssh-server, "
        f"openssh-client and tmux (.ci/run installs them); missing: {missing}")
    tag = uuid.uuid4().hex[:6]
    base = Path(f"/tmp/kefu-e2e-{tag}")  # /tmp: a clerk account can reach it (pytest's tmp is 0700)
    base.mkdir(mode=0o755)
    os.chmod(base, 0o755)
    env = {"KEFU_GROUP": f"kefu{tag}", "KEFU_HOME": str(base / "srv"), "KEFU_VENV": str(base / "opt"),
           "KEFU_SRC": str(ROOT), "KEFU_EXPORTS": str(ROOT / "tests" / "data" / "samples"),
           "KEFU_SSHD_CONF": f"/etc/ssh/sshd_config.d/kefu-e2e-{tag}.conf",
           "KEFU_CRON": str(base / "cron-kefu-backup")}
    clerks = [f"ka{tag}", f"kb{tag}"]
    page = Page(env, base)
    port = _free_port()
    sshd = None
    try:
        page.packages()
        key = base / "clerk_key"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True, timeout=30)
        Path("/run/sshd").mkdir(exist_ok=True)  # there on a machine whose sshd runs
        page.run("folder", "install", "login", "clerk", "sshd", "reload", timeout=900,
                 then="".join(f'add_clerk {c}\nadd_key {c} "$(cat {key}.pub)"\n' for c in clerks))
        assert page.systemctl.read_text().split("\n")[0] == "reload ssh", "the page reloads sshd"
        sshd = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", "/etc/ssh/sshd_config", "-p", str(port),
                                 "-o", "ListenAddress=127.0.0.1", "-o", f"PidFile={base / 'sshd.pid'}"],
                                stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert sshd.poll() is None, sshd.stderr.read().decode(errors="replace")
                assert time.monotonic() < deadline, "sshd did not listen"
                time.sleep(0.1)
        yield {"env": env, "clerks": clerks, "port": port, "key": key, "base": base, "page": page}
    finally:
        if sshd is not None:
            sshd.terminate()
            sshd.wait(timeout=10)
        for c in clerks:
            subprocess.run(["pkill", "-KILL", "-u", c], capture_output=True)
            subprocess.run(["userdel", "-r", c], capture_output=True)
        subprocess.run(["groupdel", env["KEFU_GROUP"]], capture_output=True)
        Path(env["KEFU_SSHD_CONF"]).unlink(missing_ok=True)
        shutil.rmtree(base, ignore_errors=True)


def _ssh_args(s: dict) -> list[str]:
    return ["-i", str(s["key"]), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR", "-o", "BatchMode=yes"]


def ssh(s: dict, clerk: str, *remote: str, flags: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run(["ssh", *flags, "-p", str(s["port"]), *_ssh_args(s), f"{clerk}@127.0.0.1", *remote],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)


def weekday() -> str:
    """The weekday as cron's C locale writes it (the backup file's name)."""
    return subprocess.run(["date", "+%a"], env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, check=True).stdout.strip()


def run_as_cron(cron_file: Path) -> None:
    """The page's cron line as cron runs it: root, /bin/sh, cron's bare PATH, ``\\%`` → ``%``."""
    lines = [ln for ln in cron_file.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(lines) == 1, lines
    *when, user, command = lines[0].split(None, 6)
    assert (when, user) == (["30", "2", "*", "*", "*"], "root"), lines[0]
    assert "%" not in command.replace("\\%", ""), "an unescaped % would end cron's command"
    subprocess.run(["/bin/sh", "-c", command.replace("\\%", "%")], check=True, timeout=300,
                   env={"PATH": "/usr/bin:/bin", "HOME": "/root", "SHELL": "/bin/sh", "LOGNAME": "root"})


def test_two_clerks_over_ssh_same_ticket_second_close_refused_naming_the_first(branch_server):
    s = branch_server
    env, (a, b), page = s["env"], s["clerks"], s["page"]
    home, venv = Path(env["KEFU_HOME"]), Path(env["KEFU_VENV"])
    db = home / "kefu.db"
    kefu = [str(venv / "bin" / "kefu"), "--db", str(db)]
    # step 6: the legacy exports fill the database
    filled = page.run("fill")
    assert "新增" in filled, filled
    known = subprocess.run([*kefu, "track", "518023259997"], capture_output=True, text=True, timeout=120)
    assert known.returncode == 0 and "未知单号" not in known.stdout, known
    # clerk a registers the ticket from the command line with a umask that would shut the
    # group out: the database must still come out 0660 of the clerks' group
    subprocess.run(["su", "-s", "/bin/sh", a, "-c",
                    f"umask 022; KEFU_DB={db} {venv}/bin/kefu ticket add --type phone --text 电话错误 {NO}"],
                   check=True, timeout=120)
    # no terminal, or a command: one line, nothing left running (issue 16 item 2)
    no_tty = ssh(s, a, flags=("-T",))
    assert no_tty.returncode == 2 and no_tty.stderr.count("\n") == 1 and "终端" in no_tty.stderr, no_tty
    listing = ssh(s, a, "ls")
    assert listing.returncode == 2 and listing.stderr.count("\n") == 1, listing
    assert "不运行: 'ls'" in listing.stderr and listing.stdout == "", listing
    report = ssh(s, a, "kefu", "export", "nosuch")  # reaches kefu export itself, which refuses
    assert report.returncode == 2 and "nosuch" in report.stderr, report
    sftp = subprocess.run(["sftp", "-b", "-", "-P", str(s["port"]), *_ssh_args(s), f"{a}@127.0.0.1"],
                          input="ls\n", capture_output=True, text=True, timeout=120)
    # refused (sshd drops a subsystem's stderr: the client says only "Connection closed")
    assert sftp.returncode != 0 and sftp.stdout == "", sftp
    assert_none_left(a)
    ssh_tt = (f"ssh -tt -p {s['port']} -i {s['key']} -o StrictHostKeyChecking=no "
              "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR")
    terms = {c: Term(f"env TERM=xterm-256color LANG=C.UTF-8 {ssh_tt} {c}@127.0.0.1") for c in (a, b)}
    try:
        for c, t in terms.items():
            t.wait_for("选择岗位", "进港", timeout=60)  # step 8: the post chooser of a first login
            t.keys("1")
            t.wait_for("客服工作台", c, "[进港]")
            t.keys("F3")
            t.wait_for(NO)
            t.keys("Enter")
            t.wait_for("运单号 " + NO, "未结")
        for c, t in terms.items():
            t.keys("n")
            t.wait_for("跟进内容")
            t.type(f"note by {c}")
            t.keys("Enter")
            t.wait_for(f"note by {c}")
        terms[a].wait_for(f"note by {b}", timeout=5)  # b's note reached a's open screen unasked
        for f in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            st = f.stat()
            assert stat.S_IMODE(st.st_mode) == 0o660, (f, oct(st.st_mode))
            assert st.st_gid == home.stat().st_gid, f
        terms[b].keys("c")  # b decides to close on what she sees: the ticket open ...
        terms[b].wait_for("关闭原因")
        terms[a].keys("c")  # ... but a closes it first
        terms[a].wait_for("关闭原因")
        terms[a].type("sender replied")
        terms[a].keys("Enter")
        terms[a].wait_for("已结")
        terms[b].type("b closes too")
        terms[b].keys("Enter")
        shown = terms[b].wait_for(a, "未关闭", timeout=10)
        assert "已结" in terms[b].wait_for("已结", timeout=5)  # b's screen reloaded
        assert "b closes too" not in shown
    finally:
        for t in terms.values():
            t.kill()  # the ssh clients go: their workstations must follow
    for c in (a, b):
        assert_none_left(c)
    out = subprocess.run([*kefu, "audit", "--waybill", NO, "--json"],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    trail = [(e["user"], e["action"]) for e in json.loads(out)["entries"]]
    assert sorted(trail) == sorted([(a, "ticket.add"), (a, "ticket.note"), (b, "ticket.note"),
                                    (a, "ticket.close")]), trail
    # found by its action, not its place: the clerks' sessions run on the real clock and the
    # suite may run under faketime at another date (issue 16 item 0)
    closes = next(e for e in json.loads(out)["entries"] if e["action"] == "ticket.close")
    assert closes["after"]["reason"] == "sender replied"
    # step 7: the cron line the page writes, run as cron would; then a restore from it
    page.run("backup")
    run_as_cron(Path(env["KEFU_CRON"]))
    day = weekday()
    assert (home / "backup" / f"kefu-{day}.db").exists()
    page.run("restore", then=f"restore_backup {day}")
    assert list(home.glob("kefu.db.before-restore-*")), "the replaced database is kept"
    again = subprocess.run([*kefu, "audit", "--waybill", NO, "--json"],
                           capture_output=True, text=True, check=True, timeout=60).stdout
    assert sorted((e["user"], e["action"]) for e in json.loads(again)["entries"]) == sorted(trail)
    assert page.ran == set(page.blocks), f"blocks of docs/deploy.md no test ran: {set(page.blocks) - page.ran}"
