"""Fetching one URL safely: http(s) only, a timeout, a byte cap, a redirect limit and an SSRF guard.

The guard refuses loopback, private, link-local and reserved addresses (for the URL and
every redirect) unless settings.allow_private_urls is set, as tests with a local server do.
"""

from __future__ import annotations

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
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise SourceReadError(
                url,
                f"refused: {parts.hostname} resolves to a non-public address ({address}); "
                "set allow_private_urls to fetch from a local network",
            )


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
    opener = urllib.request.build_opener(redirect_handler(settings))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 (scheme checked by guard_url)
    try:
        with opener.open(request, timeout=settings.fetch_timeout) as response:
            data = _read_capped(response, url, settings.fetch_max_bytes)
            return Fetched(response.geturl(), data, response.headers.get("Content-Type", ""))
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
