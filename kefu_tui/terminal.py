"""The workstation's terminal link (终端连接): when it goes away, kefu goes too, within 2 s
(SPEC §14.2, issue 16 item 2).

A clerk's terminal goes away in four ways: sshd closes the pty (link dropped, client
killed, a quiet dead link found by ``ClientAliveInterval``), which hangs the terminal up;
SIGHUP; the terminal starts failing reads and writes; or the client freezes while the link
stays up (a stopped ``ssh``, a PC asleep). sshd's keep-alives cannot see the last one: the
header clock writes every second, and OpenSSH (9.2) probes the client only after a quiet
interval. So kefu asks the terminal itself where its cursor is (``ESC [6n``) every
``PROBE_SECONDS``; a terminal that has answered before and then stays silent for
``SILENT_SECONDS`` is gone (one that never answers is never judged). Textual 8.2.8 on its own then
spins on ``read() == 0`` and, worse, can hang for good: the hang-up's SIGCONT makes it
restart application mode (a second output thread), that thread dies on its first write
(EIO), and the next 30 frames fill its bounded queue, so the UI thread blocks in
``Queue.put`` forever — seen right after F8, when the board redraws many times a second.

``WorkstationDriver`` closes every one of these doors: writes to a gone terminal are
dropped instead of killing the output thread, SIGCONT resumes only after our own suspend,
a watcher thread sees the hang-up (POLLHUP) at once, and once the terminal is lost a
kernel timer (``ITIMER_REAL``, SIGALRM's default action) ends the process if the orderly
exit has not within ``DEADLINE_SECONDS`` — a board still computing cannot hold it. Ending
mid-transaction is safe: every write is one SQLite transaction, rolled back whole."""

from __future__ import annotations

import asyncio
import select
import signal
import threading
import time
from functools import partial
from queue import Full

from textual import events
from textual.drivers.linux_driver import LinuxDriver

DEADLINE_SECONDS = 1.5  # the orderly exit's time; SIGALRM ends the process after it
PROBE_SECONDS = 1.5  # how often the terminal is asked where its cursor is (first at once)
SILENT_SECONDS = 5.0  # unanswered this long: the client is frozen or gone (gone within 10 s)
CURSOR_QUERY = "\x1b[6n"  # DSR 6: every VT100-class terminal answers ESC [ row ; col R
LOST_RETURN_CODE = 129  # 128 + SIGHUP, the shell's word for "ended by a hang-up"
_HANGUP = select.POLLHUP | select.POLLERR | select.POLLNVAL


class _DroppingFile:
    """The terminal as Textual's output thread sees it: once a write or flush fails (the
    terminal is gone), everything after is dropped, so the thread lives on and keeps
    emptying its queue."""

    def __init__(self, file, on_gone) -> None:
        self._file = file
        self._on_gone = on_gone
        self.gone = False

    def write(self, text: str) -> int:
        return self._guarded(self._file.write, text) or 0

    def flush(self) -> None:
        self._guarded(self._file.flush)

    def _guarded(self, call, *args):
        if self.gone:
            return None
        try:
            return call(*args)
        except (OSError, ValueError):  # EIO on a hung-up tty; ValueError: closed file
            self.gone = True
            self._on_gone()
            return None

    def __getattr__(self, name: str):
        return getattr(self._file, name)


class WorkstationDriver(LinuxDriver):
    """Textual's Linux driver, leaving promptly when the terminal goes away."""

    def __init__(self, app, **kwargs) -> None:
        self._lost = threading.Event()
        self._watching = threading.Event()  # cleared: this application mode's watcher stops
        self._loop: asyncio.AbstractEventLoop | None = None
        self._answered = False  # the terminal has answered a cursor query at least once
        self._asked_at: float | None = None  # the query still unanswered, when it was sent
        super().__init__(app, **kwargs)
        self._file = _DroppingFile(self._file, self.terminal_lost)

    @property
    def is_lost(self) -> bool:
        return self._lost.is_set()

    def start_application_mode(self) -> None:
        self._loop = asyncio.get_running_loop()
        # the kernel's action, whatever a library may have set: the deadline must not be caught
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        super().start_application_mode()
        self._asked_at = None
        self._watching = threading.Event()
        self._watching.set()
        threading.Thread(target=self._watch, args=(self._watching,), name="kefu-terminal-watch",
                         daemon=True).start()

    def stop_application_mode(self) -> None:
        self._watching.clear()
        super().stop_application_mode()

    def close(self) -> None:
        self._watching.clear()
        super().close()

    def process_message(self, message) -> None:
        """The answer to our cursor query is ours; Textual does nothing with it."""
        if isinstance(message, events.CursorPosition):
            self._answered = True
            self._asked_at = None
            return
        super().process_message(message)

    def run_input_thread(self) -> None:
        try:
            super().run_input_thread()
        except OSError:  # EIO: the terminal went away under the read
            self.terminal_lost()

    def _sigcont_application(self, *_) -> None:
        """Resume only what our own SIGTSTP suspended: a hang-up sends SIGCONT too, and
        restarting application mode on a dead terminal is what hung kefu for good."""
        if self._must_signal_resume and not self.is_lost:
            super()._sigcont_application()

    def _watch(self, watching: threading.Event) -> None:
        """Wait, without spinning, for the terminal's hang-up (registered for no event, a
        descriptor still reports POLLHUP/POLLERR), and ask the terminal now and then."""
        poller = select.poll()
        poller.register(self.fileno, 0)
        # at once: a client frozen before the first answer would never be judged
        next_probe = time.monotonic()
        while watching.is_set():
            if any(mask & _HANGUP for _fd, mask in poller.poll(500)):
                self.terminal_lost()
                return
            now = time.monotonic()
            asked = self._asked_at
            if asked is not None and self._answered and now - asked > SILENT_SECONDS:
                self.terminal_lost()
                return
            if now >= next_probe and watching.is_set():
                next_probe = now + PROBE_SECONDS
                if asked is None:
                    self._asked_at = now
                self._ask()

    def _ask(self) -> None:
        """One item of the output queue (never inside a frame's sequence), put without
        waiting: a terminal that takes no more frames must not stop the watch."""
        queue = getattr(self._writer_thread, "_queue", None)  # Textual's WriterThread (8.2.8)
        if queue is not None:
            try:
                queue.put_nowait(CURSOR_QUERY)
            except Full:  # the silence decides
                pass

    def terminal_lost(self) -> None:
        """From any thread, once: arm the deadline, then ask the app to exit."""
        if self._lost.is_set():
            return
        self._lost.set()
        signal.setitimer(signal.ITIMER_REAL, DEADLINE_SECONDS)
        loop = self._loop
        if loop is not None:
            try:
                loop.call_soon_threadsafe(partial(self._app.exit, return_code=LOST_RETURN_CODE))
            except RuntimeError:  # the loop has already closed: the exit is under way
                pass
