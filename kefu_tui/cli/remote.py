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
from kefu_tui.domain.untrusted import shown_text

VARIABLE = "SSH_ORIGINAL_COMMAND"
_REFUSED = "本账号只用于工作台 (ssh -t) 和取报表 (kefu export REPORT --output -), 不运行: {}"


def forced_command(environ=os.environ) -> list[str] | None:
    """The ``export`` arguments asked for over ssh, None when nothing was asked; raises
    :class:`Unusable` for anything this login does not run. The one place this policy lives:
    docs/deploy.md's login script only sets the environment and runs ``kefu``.

    A report goes to the clerk's stdout only: ``--output -`` is added when not given, and
    any other ``--output`` (a file on the server, the database itself) is refused."""
    asked = environ.get(VARIABLE)
    if asked is None or not asked.strip():
        return None
    try:
        words = shlex.split(asked)
    except ValueError:
        words = []
    if words and os.path.basename(words[0]) in ("kefu", "kefu-login"):
        words = words[1:]
    if not words or words[0] != "export":
        raise Unusable(_REFUSED.format(shown_text(asked)))
    output = _output(words[1:])
    if output is None:
        return [*words, "--output", "-"]
    if output != "-":
        raise Unusable(_REFUSED.format(shown_text(asked)))
    return words


def _output(words: list[str]) -> str | None:
    """The ``--output`` asked for (the last one, as argparse takes it), None when none."""
    found = None
    for i, w in enumerate(words):
        if w in ("--output", "-o"):
            found = words[i + 1] if i + 1 < len(words) else ""
        elif w.startswith("--output="):
            found = w.split("=", 1)[1]
        elif w.startswith("-o") and len(w) > 2:
            found = w[2:]
    return found
