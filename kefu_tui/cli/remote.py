"""A command asked of a clerk's login that runs only kefu (``ForceCommand``, docs/deploy.md).

sshd starts the login command whatever the clerk asked for, and puts what was asked in
``$SSH_ORIGINAL_COMMAND``. A clerk fetching a report onto the PC in front of them
(issue 16 item 4)::

    ssh wangli@server kefu export daily --date 2026-12-05 --output - > daily.xlsx

gets that report; anything else asked this way (a shell, ``sftp``, another command) is
refused in one line with exit 2 instead of starting a workstation with no terminal. The
global options stay those of the login (``--db``, the login name as ``--user``): a
remote command cannot act as someone else or on another file."""

from __future__ import annotations

import os
import shlex

from kefu_tui.cli.context import Unusable

VARIABLE = "SSH_ORIGINAL_COMMAND"
_ALLOWED = "kefu export REPORT [--date D | --month YYYY-MM] [--format xlsx|csv] --output -"


def forced_command(environ=os.environ) -> list[str] | None:
    """The ``export`` arguments asked for over ssh, None when nothing was asked; raises
    :class:`Unusable` for anything this login does not run."""
    asked = environ.get(VARIABLE)
    if asked is None or not asked.strip():
        return None
    try:
        words = shlex.split(asked)
    except ValueError:
        words = []
    if words and os.path.basename(words[0]) in ("kefu", "kefu-login"):
        words = words[1:]
    if not words or words[0] != "export" or not _to_stdout(words[1:]):
        raise Unusable(f"此账号经 ssh 只能打开工作台, 或取报表: {_ALLOWED} (this login runs only that)")
    return words


def _to_stdout(words: list[str]) -> bool:
    for i, w in enumerate(words):
        if w in ("--output", "-o") and i + 1 < len(words) and words[i + 1] == "-":
            return True
        if w in ("--output=-", "-o-"):
            return True
    return False
