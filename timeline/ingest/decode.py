"""Bytes to text: refusing what is not text (empty, binary, images, too large) and detecting encodings.

Each refusal raises SourceReadError with a reason the user can act on; a guessed
encoding is returned so it can be recorded as a warning on the article.
"""

from __future__ import annotations

import codecs

from timeline.errors import SourceReadError

#: Magic numbers of binary formats people drop by mistake, with their names.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF document (save it as text or HTML first)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def check_size(name: str, size: int, limit: int) -> None:
    """Refuse a source larger than the configured cap."""
    if size > limit:
        raise SourceReadError(
            name, f"the file is {size:,} bytes, over the {limit:,}-byte limit (settings.max_file_bytes)"
        )


def refuse_binary(name: str, data: bytes) -> None:
    """Refuse empty sources, known binary formats and anything with NUL bytes (after BOM checks)."""
    if not data.strip():
        raise SourceReadError(name, "the file is empty")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise SourceReadError(name, "the file is a WEBP image, not text")
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise SourceReadError(name, f"the file is {what}, not text")


def decode(name: str, data: bytes) -> tuple[str, str]:
    """The text of a source and the encoding it was read with (BOM, UTF-8, else detected)."""
    refuse_binary(name, data)
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise SourceReadError(
                    name, f"the file starts with a {encoding} mark but is not {encoding}"
                ) from exc
    if b"\x00" in data[:65536]:
        raise SourceReadError(name, "the file is binary (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    western = _as_western(data)
    if western is not None:
        return western, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise SourceReadError(name, "the text encoding could not be detected; save the file as UTF-8")
    return data.decode(best.encoding, errors="replace"), best.encoding


def _as_western(data: bytes) -> str | None:
    """The text as Windows-1252 when that reads as mostly-ASCII Western prose, else None.

    charset-normalizer guesses poorly on short Western texts (cp1257 for a French accent);
    English news saved by Windows tools is cp1252 (a superset of Latin-1's printable range),
    whereas a Cyrillic or Greek code page decoded this way turns most letters non-ASCII.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [c for c in text if c.isalpha()]
    foreign = sum(1 for c in letters if not c.isascii())
    return text if letters and foreign / len(letters) < 0.2 else None
