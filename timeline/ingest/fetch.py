"""Fetching one URL safely: http(s) only, a timeout, a byte cap, a redirect limit and an SSRF guard.

The guard refuses loopback, private, link-local and reserved addresses (for the URL and
every redirect) unless settings.allow_private_urls is set, as tests with a local server do.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

from timeline.errors import SourceReadError
from timeline.settings import Settings

USER_AGENT = "news-timeline/0.1 (+https://pypi.org/project/news-timeline)"


@dataclass(frozen=True)
class Fetched:
    """A fetched response body with its final URL and declared content type."""

    url: str
    data: bytes
    content_type: str


def guard_url(url: str, settings: Settings) -> None:
    """Refuse non-http(s) URLs and, unless allowed, hosts that resolve to non-public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceReadError(url, "only http:// and https:// URLs can be fetched")
    if settings.allow_private_urls:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise SourceReadError(url, f"the host name could not be resolved ({exc})") from exc
    _refuse_private(url, parts.hostname, infos)


def _refuse_private(url: str, host: str, infos: list[Any]) -> None:
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise SourceReadError(
                url,
                f"refused: {host} resolves to a non-public address ({address}); "
                "set allow_private_urls to fetch from a local network",
            )


def _pinned_connection(
    address: tuple[str, int], timeout: Any = None, source_address: Any = None
) -> socket.socket:
    """socket.create_connection that checks the very addresses it connects to (no DNS rebinding).

    guard_url resolves the host once; the connection resolves it again, and a hostile DNS
    server can answer a public address the first time and 127.0.0.1 the second.
    """
    host, port = address
    infos = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    _refuse_private(f"{host}:{port}", host, infos)
    error: OSError = OSError(f"no address for {host}")
    for family, kind, proto, _, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not None and timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _pinned_connection  # http.client sets it per instance


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _pinned_connection


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_PinnedHTTPConnection, req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_PinnedHTTPSConnection, req)


def redirect_handler(settings: Settings) -> urllib.request.HTTPRedirectHandler:
    """A redirect handler following at most settings.fetch_max_redirects hops, each through the SSRF guard."""

    class GuardedRedirects(urllib.request.HTTPRedirectHandler):
        max_redirections = settings.fetch_max_redirects
        max_repeats = settings.fetch_max_redirects

        def redirect_request(  # noqa: PLR0917 (the signature of the method it overrides)
            self,
            req: urllib.request.Request,
            fp: IO[bytes],
            code: int,
            msg: str,
            headers: HTTPMessage,
            newurl: str,
        ) -> urllib.request.Request | None:
            guard_url(urljoin(req.full_url, newurl), settings)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return GuardedRedirects()


def fetch_url(url: str, settings: Settings) -> Fetched:
    """The body of one URL (at most settings.fetch_max_bytes); SourceReadError with the reason otherwise."""
    url = url.strip()
    guard_url(url, settings)
    handlers: list[urllib.request.BaseHandler] = [redirect_handler(settings)]
    if not settings.allow_private_urls:  # check again at connect time, on the addresses used
        handlers += [_PinnedHTTPHandler(), _PinnedHTTPSHandler()]
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 (scheme checked by guard_url)
    try:
        with opener.open(request, timeout=settings.fetch_timeout) as response:
            data = _read_capped(response, url, settings.fetch_max_bytes)
            return Fetched(response.geturl(), data, response.headers.get("Content-Type", ""))
    except SourceReadError as exc:  # refused at a redirect or at connect time: name the URL given
        raise SourceReadError(url, exc.reason) from exc
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise SourceReadError(
                url, f"too many redirects (more than {settings.fetch_max_redirects})"
            ) from exc
        raise SourceReadError(url, f"the server answered HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise SourceReadError(url, f"the URL could not be reached ({exc.reason})") from exc
    except TimeoutError as exc:
        raise SourceReadError(url, f"no answer within {settings.fetch_timeout:g} s") from exc
    except (OSError, ValueError) as exc:
        raise SourceReadError(url, f"the URL could not be fetched ({exc})") from exc


def _read_capped(response: Any, url: str, limit: int) -> bytes:
    data: bytes = response.read(limit + 1)
    if len(data) > limit:
        raise SourceReadError(
            url, f"the response is over the {limit:,}-byte limit (settings.fetch_max_bytes)"
        )
    return data
