"""``bmm serve``: the assistant in a web browser, through textual-serve.

Each browser tab starts its own ``python -m assistant.serve`` process (textual-serve runs
one command per tab), so two tabs on one assessment meet the store's lock exactly as two
terminals would: the second is told who holds it, and nothing is written twice.

The server listens on 127.0.0.1 unless told otherwise with ``--allow-remote`` (the page
has no login). The page loads nothing from outside: its font, style and script come from
textual-serve's own package. Requests whose ``Host`` is not a loopback name (when bound to
loopback), and websockets opened from a page of another origin, are refused, so a web
site visited in the same browser cannot drive the assistant.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from assistant.errors import BmmError, UsageError
from assistant.i18n import t

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PAGE = Path(__file__).resolve().parent / "web"
LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1 or localhost)."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_host(host: str, allow_remote: bool) -> str | None:
    """Refuse a non-loopback address without ``--allow-remote``; with it, the warning to print."""
    if is_loopback(host):
        return None
    if not allow_remote:
        raise UsageError(f"--host {host}: the page has no login, so `bmm serve` listens on this computer only "
                         "(127.0.0.1); add --allow-remote to listen on another address")
    return (f"warning: listening on {host}: the page has no login; anyone who can reach this address can open, "
            "read and change every assessment in the data folder. Use it on a network you trust, and stop "
            "the server (Ctrl+C) when the workshop ends.")


def child_command(data: Path, aid: str | None = None) -> str:
    """The shell command textual-serve starts for each browser tab."""
    argv = [sys.executable, "-m", "assistant.serve", "--data", str(data)]
    if aid:
        argv.append(aid)
    return shlex.join(argv)


def serve(data: Path, aid: str | None = None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          allow_remote: bool = False, lang: str = "en") -> int:
    """Serve the assistant until Ctrl+C; one assistant process per browser tab."""
    warning = check_host(host, allow_remote)
    if not 0 < port < 65536:
        raise UsageError(f"--port {port}: give a port between 1 and 65535")
    try:
        server = _server_class()(data, aid, host=host, port=port, lang=lang, local_only=warning is None)
    except ImportError as exc:  # pragma: no cover - textual-serve is a dependency
        raise BmmError(f"`bmm serve` needs the textual-serve package ({exc}); "
                       "install it with `pip install textual-serve`") from None
    if warning:
        print(warning, file=sys.stderr)
    try:
        server.serve()
    except OSError as exc:
        raise BmmError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
                       "choose another port with --port N") from None
    return 0


def _server_class() -> type:
    """textual-serve's Server with our page, our start-up lines and the origin checks (imported late:
    aiohttp is not needed by any other command)."""
    import logging

    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.server import Server

    class LocalServer(Server):
        def __init__(self, data: Path, aid: str | None, *, host: str, port: int, lang: str,
                     local_only: bool) -> None:
            super().__init__(child_command(data, aid), host=host, port=port, title="bmm-assistant",
                             templates_path=PAGE)
            self.data, self.lang = data, lang
            self.local_only = local_only

        def initialize_logging(self) -> None:
            """Problems only; not one line per request."""
            logging.basicConfig(level=logging.WARNING, format="bmm serve: %(message)s")

        async def on_startup(self, app: web.Application) -> None:
            shown = f"[{self.host}]" if ":" in self.host else self.host
            url = f"http://{shown}:{self.port}"
            print(t(self.lang, "serve.started", url=url, data=str(self.data)), flush=True)

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(self._guard)
            return app

        @web.middleware
        async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
            """Only this machine's names when bound to loopback (no DNS rebinding), and a websocket only
            from the page this server gave (no other site driving the assistant)."""
            hostname = (urlsplit(f"//{request.host}").hostname or "") if request.host else ""
            if self.local_only and not is_loopback(hostname):
                raise web.HTTPForbidden(text="bmm serve: this server answers on 127.0.0.1 / localhost only\n")
            origin = request.headers.get("Origin")
            if request.path == "/ws" and origin is not None and urlsplit(origin).netloc != request.host:
                raise web.HTTPForbidden(text="bmm serve: a page of another site cannot open the assistant\n")
            return await handler(request)

        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request: web.Request) -> dict[str, Any]:
            """The page, with addresses as the browser reached us (also behind another name)."""
            base = f"{request.scheme}://{request.host}"
            font_size = request.query.get("fontsize", "16")
            lang = "fr" if request.headers.get("Accept-Language", "").lower().startswith("fr") else "en"
            return {
                "font_size": int(font_size) if font_size.isdigit() and 6 <= int(font_size) <= 96 else 16,
                "app_websocket_url": "ws" + base[4:] + str(request.app.router["websocket"].url_for()),
                "config": {"static": {"url": f"{base}/static/"}},
                "application": {"name": self.title},
                "loading": t(lang, "serve.page.loading"), "start": t(lang, "serve.page.start"),
                "ended": t(lang, "serve.page.ended"), "restart": t(lang, "serve.page.restart"),
            }

    return LocalServer


def child_main(argv: list[str]) -> int:
    """One browser tab: the interactive assistant on the web driver textual-serve set up."""
    import argparse

    from assistant import paths
    from assistant.store import Store

    p = argparse.ArgumentParser(prog="python -m assistant.serve")
    p.add_argument("--data", required=True)
    p.add_argument("id", nargs="?")
    args = p.parse_args(argv)
    paths.use_data_dir(args.data)
    from assistant.tui.app import run_app

    return run_app(Store(paths.data_dir()), open_id=args.id)


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
