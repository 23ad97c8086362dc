"""A program in a real pseudo-terminal, read through a terminal emulator (pyte), as a user sees it.

:class:`Term` starts a command on a pty of a fixed size, feeds everything it writes to a
``pyte`` screen and times a key press until a condition holds on that screen.

The pty is read by a thread of its own that stamps each chunk as it arrives, as a terminal
reads its pty: pyte, a terminal emulator written in Python, takes milliseconds per chunk, and
were it read in the same loop a long frame would wait in the pty's small buffer (the program
blocked on its write) while the previous chunk is parsed, and pyte's time would be counted as
the program's.
"""

from __future__ import annotations

import fcntl
import os
import pty
import queue
import signal
import struct
import sys
import termios
import threading
import time
from collections.abc import Callable

import pyte

sys.setswitchinterval(0.0005)  # the reader thread stamps a chunk within half a millisecond of its arrival

KEYS = {
    "enter": b"\r", "escape": b"\x1b", "space": b" ", "end": b"\x1b[F", "up": b"\x1b[A", "down": b"\x1b[B",
    "ctrl+b": b"\x02", "ctrl+q": b"\x11", "ctrl+s": b"\x13", "ctrl+u": b"\x15", "ctrl+g": b"\x07",
}


class Timeout(Exception):
    """The screen did not reach the expected state in time."""


class Term:
    """One process on a pty of ``cols`` x ``rows``, its output kept on a pyte screen."""

    def __init__(self, argv: list[str], cols: int = 120, rows: int = 40, env: dict[str, str] | None = None) -> None:
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: the program, on the pty's slave side
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execvpe(argv[0], argv, {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor",
                                       **(env or {})})
        self.pid, self.fd = pid, fd
        self.arrived: float | None = None  # when the last bytes read arrived
        self.parsing: list[float] = []  # seconds pyte took to read each chunk
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self._chunks: queue.SimpleQueue[tuple[float, bytes]] = queue.SimpleQueue()
        threading.Thread(target=self._read, daemon=True).start()

    # ---- reading ----------------------------------------------------------------------
    def _read(self) -> None:
        """The reader thread: every chunk the program writes, with the moment it arrived."""
        while True:
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:
                data = b""
            self._chunks.put((time.perf_counter(), data))
            if not data:
                return

    def pump(self, timeout: float) -> bool:
        """Read one chunk the program wrote within ``timeout`` seconds; False if nothing came."""
        try:
            arrived, data = self._chunks.get(timeout=timeout)
        except queue.Empty:
            return False
        if not data:
            self._chunks.put((arrived, data))  # still ended for the next reader
            raise Timeout("the program ended")
        self.arrived = arrived  # the bytes were here: a terminal shows them now
        started = time.perf_counter()
        self.stream.feed(data)
        self.parsing.append(time.perf_counter() - started)  # pyte's own time, in Python
        return True

    def rows(self) -> list[str]:
        return self.screen.display

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait(self, until: Callable[[list[str]], bool], timeout: float = 10.0) -> float:
        """Wait until ``until(rows)`` holds; the time it held, from perf_counter: when the bytes
        that made it hold arrived, not after pyte (a terminal emulator written in Python, far
        slower than a real terminal's parser) has read them; its time is kept in ``parsing``."""
        end = time.perf_counter() + timeout
        self.arrived = None
        while True:
            if until(self.screen.display):
                return self.arrived if self.arrived is not None else time.perf_counter()
            left = end - time.perf_counter()
            if left <= 0:
                raise Timeout("screen never showed what was expected:\n" + self.text())
            self.pump(min(left, 0.5))

    def drain(self, quiet: float = 0.05) -> None:
        """Read until the program has written nothing for ``quiet`` seconds."""
        while self.pump(quiet):
            pass

    # ---- keys ---------------------------------------------------------------------------
    def send(self, *keys: str) -> float:
        """Press keys (names from :data:`KEYS` or plain characters); the time of the last one."""
        for k in keys:
            if "+" in k and k not in KEYS:  # a key name this table lacks would be typed as its letters
                raise ValueError(f"bench/term.py: no bytes known for the key {k!r}; add it to KEYS")
            os.write(self.fd, KEYS.get(k, k.encode()))
        return time.perf_counter()

    def type(self, *keys: str, gap: float = 0.01) -> None:
        """Press keys one at a time, reading the screen between them (as typing does)."""
        if keys:
            self.drain(0.03)  # the new input has focus once the screen is idle
        for k in keys:
            self.send(k)
            self.drain(gap)

    def press(self, key: str, until: Callable[[list[str]], bool], timeout: float = 10.0) -> float:
        """Milliseconds from pressing ``key`` (once the screen is idle) until ``until(rows)`` holds."""
        self.drain(0.03)
        t0 = self.send(key)
        return (self.wait(until, timeout) - t0) * 1000

    # ---- the process ------------------------------------------------------------------------
    def memory(self) -> tuple[float, float]:
        """(resident, peak resident) memory of the process in MiB, from /proc."""
        fields = {}
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024

    def close(self) -> None:
        """End the process (it is ours: killed by its own id) and free the pty."""
        try:
            os.kill(self.pid, signal.SIGTERM)
            for _ in range(50):
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    break
                time.sleep(0.02)
            else:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


def lowest(rows: list[str], needle: str) -> int:
    """The lowest row showing ``needle`` (-1 if none)."""
    for i in range(len(rows) - 1, -1, -1):
        if needle in rows[i]:
            return i
    return -1
