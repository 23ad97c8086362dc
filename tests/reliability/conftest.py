"""The reliability suite's runner: the real ``bmm`` entry point, in this process (fast), for
attacks whose answer is a message; the SIGKILL tests run it as separate processes."""

from __future__ import annotations

import io
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from assistant.cli import main


class _Stdin(io.StringIO):
    def isatty(self) -> bool:
        return False


@pytest.fixture
def bmm(monkeypatch, cli_env):
    """``bmm(args, env, stdin="")`` -> CompletedProcess, like ``helpers.run_bmm`` but in-process."""

    def run(args: list[str], env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess:
        for name in ("BMM_HOME", "BMM_PROMPTS", "BMM_CACHE"):
            value = (env or cli_env).get(name)
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        monkeypatch.chdir(Path((env or cli_env)["BMM_HOME"]).parent)
        monkeypatch.setattr(sys, "stdin", _Stdin(stdin))
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main([str(a) for a in args])
        return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())

    return run
