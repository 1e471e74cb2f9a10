"""Resource limits: zip bombs, entry floods, path traversal, oversize files, and URL fetching guards.

Every refusal is one SourceError that names the source and the setting to change;
the good sources beside it still load. URL tests use a local server on 127.0.0.1
(allow_private_urls=True) for what must work, and literal addresses for what must not.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
from pathlib import Path

import pytest

from tests.hardening.conftest import HostileServer
from timeline.errors import SourceReadError
from timeline.ingest import read_sources, read_uploads, read_urls
from timeline.ingest.fetch import fetch_url
from timeline.settings import Settings

BODY = "Officials said the talks would continue next week in the capital, according to a statement."
GOOD = f"A headline about the talks\n\n{BODY}\n".encode()
LOCAL = Settings(allow_private_urls=True, fetch_timeout=3.0)


def make_zip(entries: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression, compresslevel=9) as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def lying_zip(real: bytes, stated: int) -> bytes:
    """A one-entry zip whose headers state `stated` bytes uncompressed while the entry holds `real`."""
    data = bytearray(make_zip([("small.txt", real)]))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(signature)
        data[at + offset : at + offset + 4] = struct.pack("<I", stated)
    return bytes(data)


def _errors_for(name: str, data: bytes, settings: Settings) -> tuple[list[str], list[str]]:
    articles, errors = read_uploads([(name, data), ("good.txt", GOOD)], settings)
    return [a.source_path or "" for a in articles], [f"{e.source}: {e.reason}" for e in errors]


BOMB = make_zip([("zeros.txt", b"\n" * 12_000_000)])  # 12 MB in ~12 kB: under max_zip_bytes, extreme ratio
ZIP_CASES = [
    # name, archive, settings, expected words in the one error
    (
        "over-total.zip",
        make_zip([("a.txt", GOOD * 2000), ("b.txt", GOOD * 2000)]),
        Settings(max_zip_bytes=300_000),
        "max_zip_bytes",
    ),
    ("ratio-bomb.zip", BOMB, Settings(), "zip bomb"),
    ("bomb-inside.zip", make_zip([("inner.zip", BOMB)]), Settings(), "zip bomb"),
    (
        "flood.zip",
        make_zip([(f"f{i}.txt", GOOD) for i in range(51)]),
        Settings(max_zip_entries=50),
        "max_zip_entries",
    ),
    (
        "entry-over-file-cap.zip",
        make_zip([("big.txt", GOOD * 100)]),
        Settings(max_file_bytes=5_000),
        "5,000-byte limit",
    ),
    ("lying-sizes.zip", lying_zip(b"x" * 200_000, 10), Settings(), "could not be read"),
    ("corrupt.zip", b"PK\x03\x04" + b"\xff" * 200, Settings(), "not a readable zip archive"),
]


@pytest.mark.parametrize(
    ("name", "archive", "settings", "expected"), ZIP_CASES, ids=[c[0] for c in ZIP_CASES]
)
def test_zip_limits_refuse_with_one_error(
    name: str, archive: bytes, settings: Settings, expected: str
) -> None:
    loaded, errors = _errors_for(name, archive, settings)
    assert loaded == ["good.txt"]
    assert len(errors) == 1 and errors[0].startswith(name) and expected in errors[0], errors


def test_deeply_nested_zips_are_refused() -> None:
    inner = make_zip([("a.txt", GOOD)])
    for depth in range(3):
        inner = make_zip([(f"level{depth}.zip", inner)])
    loaded, errors = _errors_for("nested.zip", inner, Settings())
    assert loaded == ["good.txt"]
    assert len(errors) == 1 and "nested more than" in errors[0]


TRAVERSAL = [
    "../../etc/passwd",
    "/etc/passwd",
    "a/../../escape.txt",
    "..\\..\\windows\\win.ini",
    "C:\\evil.txt",
    "C:/evil.txt",
]


@pytest.mark.parametrize("entry", TRAVERSAL)
def test_zip_path_traversal_is_refused_and_nothing_is_written(
    entry: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    archive = make_zip([(entry, GOOD), ("ok/fine.txt", GOOD.replace(b"talks", b"meetings"))])
    articles, errors = read_uploads([("upload.zip", archive)], Settings())
    assert [a.source_path for a in articles] == ["upload.zip!/ok/fine.txt"]
    assert len(errors) == 1 and "leaves the archive" in errors[0].reason
    assert list(tmp_path.iterdir()) == []  # archives are read in memory, never extracted


def test_oversize_upload_and_file_are_refused_without_reading(tmp_path: Path) -> None:
    settings = Settings(max_file_bytes=1_000)
    _, errors = read_uploads([("big.txt", GOOD * 20)], settings)
    assert "over the 1,000-byte limit" in errors[0].reason
    (tmp_path / "big.txt").write_bytes(GOOD * 20)
    _, errors = read_sources([tmp_path / "big.txt"], settings)
    assert "settings.max_file_bytes" in errors[0].reason


REFUSED_URLS = [
    "http://127.0.0.1/",
    "http://localhost:8501/",
    "http://[::1]/",
    "http://0.0.0.0/",
    "http://10.0.0.1/admin",
    "http://172.16.3.4/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://[fe80::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://2130706433/",  # 127.0.0.1 written as one decimal number
    "http://0x7f000001/",  # ... and in hexadecimal
    "http://127.1/",
    "http://100.64.0.1/",  # carrier-grade NAT: not public
    "file:///etc/passwd",
    "ftp://example.org/file.txt",
    "gopher://127.0.0.1:25/",
    "javascript:alert(1)",
    "http:///nohost",
]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_fetch_refuses_non_public_addresses_and_schemes(url: str) -> None:
    with pytest.raises(SourceReadError) as caught:
        fetch_url(url, Settings(fetch_timeout=1.0))
    assert caught.value.source == url.strip()


def test_loopback_allowed_only_when_the_setting_says_so(hostile_server: HostileServer) -> None:
    url = hostile_server.page("/a.txt", GOOD)
    with pytest.raises(SourceReadError, match="allow_private_urls"):
        fetch_url(url, Settings())
    assert hostile_server.hits == []  # refused before any connection
    assert fetch_url(url, LOCAL).data == GOOD


@pytest.mark.parametrize(("hops", "limit", "ok"), [(0, 0, True), (3, 3, True), (4, 3, False), (6, 5, False)])
def test_redirect_limit(hostile_server: HostileServer, hops: int, limit: int, ok: bool) -> None:
    target = hostile_server.page("/final.txt", GOOD)
    url = target
    for i in range(hops):
        url = hostile_server.redirect(f"/hop{i}", url.removeprefix(hostile_server.base))
    settings = Settings(allow_private_urls=True, fetch_timeout=3.0, fetch_max_redirects=limit)
    if ok:
        assert fetch_url(url, settings).data == GOOD
    else:
        with pytest.raises(SourceReadError, match="redirect"):
            fetch_url(url, settings)


def test_redirect_to_another_scheme_is_refused(hostile_server: HostileServer) -> None:
    url = hostile_server.redirect("/to-file", "file:///etc/passwd")
    articles, errors = read_urls([url], LOCAL)
    assert articles == [] and len(errors) == 1


@pytest.mark.parametrize(("size", "ok"), [(10_000, True), (10_001, False)])
def test_byte_cap(hostile_server: HostileServer, size: int, ok: bool) -> None:
    url = hostile_server.page("/body.txt", b"a" * size)
    settings = Settings(allow_private_urls=True, fetch_timeout=3.0, fetch_max_bytes=10_000)
    if ok:
        assert len(fetch_url(url, settings).data) == size
    else:
        with pytest.raises(SourceReadError, match="fetch_max_bytes"):
            fetch_url(url, settings)


def test_endless_body_stops_at_the_byte_cap(hostile_server: HostileServer) -> None:
    url = hostile_server.endless("/forever")
    settings = Settings(allow_private_urls=True, fetch_timeout=5.0, fetch_max_bytes=200_000)
    began = time.perf_counter()
    with pytest.raises(SourceReadError, match="fetch_max_bytes"):
        fetch_url(url, settings)
    assert time.perf_counter() - began < 10


def test_silent_server_times_out(hostile_server: HostileServer) -> None:
    url = hostile_server.stall("/silent", seconds=4.0)
    began = time.perf_counter()
    articles, errors = read_urls([url], Settings(allow_private_urls=True, fetch_timeout=0.5))
    assert articles == [] and len(errors) == 1
    assert time.perf_counter() - began < 3.5


def test_dns_rebinding_is_refused_at_connect_time(
    hostile_server: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A host that resolves to a public address for the check and to 127.0.0.1 for the connection."""
    import socket

    port = int(hostile_server.base.rsplit(":", 1)[1])
    hostile_server.page("/secret", b"internal data")
    real = socket.getaddrinfo
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1", "127.0.0.1"])

    def rebinding(host: str, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host != "rebind.test":
            return real(host, *args, **kwargs)  # type: ignore[arg-type]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    url = f"http://rebind.test:{port}/secret"
    with pytest.raises(SourceReadError, match="non-public address") as caught:
        fetch_url(url, Settings(fetch_timeout=2.0))
    assert caught.value.source == url and "127.0.0.1" in caught.value.reason
    assert hostile_server.hits == []
