"""Fixtures of the ingestion tests: a local HTTP server (tests never touch the internet)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

import pytest

from tests.local_http import serving


@dataclass
class LocalServer:
    """Routes path -> (status, content type, body, extra headers) served on 127.0.0.1."""

    base: str = ""
    routes: dict[str, tuple[int, str, bytes, dict[str, str]]] = field(default_factory=dict)

    def add(
        self,
        path: str,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        self.routes[path] = (status, content_type, body, headers or {})
        return self.base + path

    def redirect(self, path: str, target: str) -> str:
        return self.add(path, b"", status=302, headers={"Location": target})


@pytest.fixture
def server() -> Iterator[LocalServer]:
    state = LocalServer()

    def on_get(handler: BaseHTTPRequestHandler) -> None:
        status, ctype, body, headers = state.routes.get(handler.path, (404, "text/plain", b"not found", {}))
        handler.send_response(status)
        handler.send_header("Content-Type", ctype)
        handler.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(body)

    with serving(on_get) as base:
        state.base = base
        yield state
