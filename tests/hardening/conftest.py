"""Fixtures of the hardening tests: a hostile local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

import pytest

from tests.local_http import serving

Responder = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class HostileServer:
    """Routes path -> a function that writes the whole response (so it can stall, stream or lie)."""

    base: str = ""
    routes: dict[str, Responder] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)

    def page(self, path: str, body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> str:
        def respond(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(status)
            handler.send_header("Content-Type", "text/plain; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[path] = respond
        return self.base + path

    def redirect(self, path: str, target: str) -> str:
        return self.page(path, b"", status=302, headers={"Location": target})

    def endless(self, path: str, chunk: bytes = b"a" * 65536) -> str:
        """A body with no length that never ends (until the client hangs up)."""

        def respond(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/plain")
            handler.end_headers()
            try:
                for _ in range(100_000):  # ~6.5 GB at most: the client must stop long before
                    handler.wfile.write(chunk)
            except OSError:
                return

        self.routes[path] = respond
        return self.base + path

    def stall(self, path: str, seconds: float) -> str:
        """A server that accepts the request and answers nothing for `seconds`."""

        def respond(handler: BaseHTTPRequestHandler) -> None:
            time.sleep(seconds)

        self.routes[path] = respond
        return self.base + path


@pytest.fixture
def hostile_server() -> Iterator[HostileServer]:
    state = HostileServer()

    def on_get(handler: BaseHTTPRequestHandler) -> None:
        state.hits.append(handler.path)
        respond = state.routes.get(handler.path)
        if respond is None:
            handler.send_error(404)
            return
        respond(handler)

    with serving(on_get) as base:
        state.base = base
        yield state
