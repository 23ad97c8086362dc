"""`bmm serve`: the assistant in a browser, on this computer only unless told otherwise.

The server is started as a user would (`bmm serve` in a subprocess, on a free loopback port),
its page fetched over HTTP and its tabs opened as a browser does, over the websocket.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from assistant import framework as fw
from assistant.cli import main
from assistant.serve import check_host, is_loopback
from assistant.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ESCAPES = re.compile(rb"\x1b(\[[0-9;?$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("BMM_PROMPTS", str(FIXTURES))
    monkeypatch.delenv("BMM_LANG", raising=False)
    root = tmp_path / "data"
    store = Store(root)
    store.create("Ruritania", "mini", fw.get("mini").version, aid="ruritania-0001").close()
    return root


def start(data: Path, *args: str) -> Iterator[str]:
    """`bmm serve` on a free loopback port; yields its address once it answers, then stops it."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "--data", str(data), "serve", "--port", str(port),
                             *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # at most 20 s on a busy machine
            if proc.poll() is not None:
                raise AssertionError(f"bmm serve stopped: {proc.stdout.read().decode()}")  # type: ignore[union-attr]
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the server and the tabs it started
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()  # type: ignore[union-attr]


@pytest.fixture
def served(data) -> Iterator[str]:
    yield from start(data)


@pytest.fixture
def served_one(data) -> Iterator[str]:
    yield from start(data, "ruritania-0001")


class Tab:
    """A browser tab's websocket: what the assistant draws in it, as text."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws, self.screen = ws, b""

    async def wait_for(self, *texts: str, timeout: float = 30) -> str:
        """Read the screen updates until each of ``texts`` has been drawn (escape codes removed)."""
        async with asyncio.timeout(timeout):
            while True:
                shown = ESCAPES.sub(b"", self.screen).decode("utf-8", "replace")
                if all(t in shown for t in texts):
                    return shown
                msg = await self.ws.receive()
                if msg.type == aiohttp.WSMsgType.BINARY:
                    self.screen += msg.data
                elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    raise AssertionError(f"the tab closed; it showed: {shown[-2000:]}")


async def open_tab(session: aiohttp.ClientSession, url: str) -> Tab:
    ws = await session.ws_connect(url.replace("http", "ws", 1) + "/ws?width=120&height=30")
    await ws.send_json(["resize", {"width": 120, "height": 30}])
    return Tab(ws)


def test_loopback_names():
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.10", "example.org", ""))
    assert check_host("127.0.0.1", allow_remote=False) is None
    assert "no login" in (check_host("0.0.0.0", allow_remote=True) or "")


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::"])
def test_another_address_is_refused_without_allow_remote(data, host, capsys):
    assert main(["--data", str(data), "serve", "--host", host, "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"--host {host}" in err and "--allow-remote" in err


def test_a_missing_assessment_is_named_before_serving(data, capsys):
    assert main(["--data", str(data), "serve", "nowhere-0001", "--port", str(free_port())]) == 1
    assert "no assessment 'nowhere-0001'" in capsys.readouterr().err


async def test_the_page_is_served_whole_from_this_computer(served):
    async with aiohttp.ClientSession() as http:
        async with http.get(served + "/?fontsize=24") as r:
            assert r.status == 200
            page = await r.text()
        assert 'data-font-size="24"' in page
        assert f'data-session-websocket-url="{served.replace("http", "ws", 1)}/ws"' in page
        fetched = set(re.findall(r'(?:src|href)="([^"]+)"|url\("([^"]+)"\)', page))
        urls = {u for pair in fetched for u in pair if u}
        assert urls and all(u.startswith(served + "/static/") for u in urls), urls  # no CDN, no web font host
        for u in urls:  # and every one of them is there
            async with http.get(u) as r:
                assert r.status == 200, u
        async with http.get(served + "/", headers={"Host": "attacker.example:80"}) as r:
            assert r.status == 403  # a name pointed at 127.0.0.1 by another site (DNS rebinding)
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(served.replace("http", "ws", 1) + "/ws", headers={"Origin": "http://attacker.example"})
        assert refused.value.status == 403  # a page of another site cannot open a tab of the assistant


async def test_each_tab_is_its_own_assistant_and_the_second_meets_the_lock(served_one, data):
    async with aiohttp.ClientSession() as http:
        first = await open_tab(http, served_one)
        await first.wait_for("1/2", "When did the assessment start?")
        second = await open_tab(http, served_one)
        shown = await second.wait_for("is open in process")
        assert "close it there first" in shown  # and it stays on the home screen, nothing opened twice
        await first.ws.send_json(["stdin", "2026-03-14\r"])
        await first.wait_for("Recorded: 2026-03-14")
        await first.ws.close()
        await second.ws.close()
    with Store(data).open("ruritania-0001", write=False) as a:
        assert a.answers()["ctx_date"].value == "2026-03-14"
