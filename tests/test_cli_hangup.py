"""The terminal going away ends the interface: nothing left running, the assessment free again."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(not hasattr(pty, "fork"), reason="needs a pseudo-terminal")


def _read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    seen, end = b"", time.monotonic() + timeout
    while needle not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 1 << 16)
            except OSError:
                break
    return seen


def test_closing_the_terminal_ends_bmm_even_under_nohup(cli_env):
    """A dropped SSH link or a closed window (here: the pty closed, hangups ignored as under nohup)
    ends bmm within seconds; it neither keeps running nor spins on a terminal that is gone."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: bmm's interface on the pty, hangups ignored as `nohup` does
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        os.execvpe(sys.executable, [sys.executable, "-m", "assistant"],
                   {**cli_env, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"})
    try:
        shown = _read_until(fd, b"\x1b[?1049h", 30)  # the interface took over the screen
        assert b"\x1b[?1049h" in shown, shown[-500:]
        _read_until(fd, b"never", 2)  # let it draw its first screen
    finally:
        os.close(fd)  # the terminal goes away
    end = time.monotonic() + 10
    while time.monotonic() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        pytest.fail("bmm kept running after its terminal went away")
