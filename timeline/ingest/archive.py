"""Zip archives: the entries to read, with the guards against bombs, floods and path traversal."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath

from timeline.errors import SourceReadError
from timeline.model import SourceError
from timeline.settings import Settings

#: A ratio of uncompressed to compressed size beyond this is treated as a zip bomb.
MAX_RATIO = 200


def _unsafe(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def zip_entries(name: str, data: bytes, settings: Settings) -> Iterator[tuple[str, bytes] | SourceError]:
    """Each readable entry of the archive as (archive!/entry, bytes), or a SourceError for a refused one.

    Raises SourceReadError when the whole archive is refused (corrupt, too many entries,
    too large once uncompressed).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise SourceReadError(name, f"not a readable zip archive ({exc})") from exc
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > settings.max_zip_entries:
        raise SourceReadError(
            name,
            f"the archive has {len(infos):,} files, over the limit of {settings.max_zip_entries:,} "
            "(settings.max_zip_entries)",
        )
    total = sum(i.file_size for i in infos)
    if total > settings.max_zip_bytes or (total > MAX_RATIO * max(len(data), 1) and total > 10_000_000):
        raise SourceReadError(
            name,
            f"the archive would uncompress to {total:,} bytes, over the limit of "
            f"{settings.max_zip_bytes:,} (settings.max_zip_bytes): refused as a possible zip bomb",
        )
    yield from _entries(name, archive, infos, settings)


def _entries(
    name: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], settings: Settings
) -> Iterator[tuple[str, bytes] | SourceError]:
    budget = settings.max_zip_bytes
    for info in infos:
        where = f"{name}!/{info.filename}"
        base = PurePosixPath(info.filename).name
        if _unsafe(info.filename):
            yield SourceError(where, "refused: the entry's path leaves the archive (absolute or '..')")
            continue
        if base.startswith(".") or info.filename.startswith("__MACOSX/"):
            continue
        if info.file_size > settings.max_file_bytes:
            yield SourceError(
                where,
                f"the file is {info.file_size:,} bytes, over the {settings.max_file_bytes:,}-byte limit",
            )
            continue
        try:
            with archive.open(info) as handle:  # sizes in headers can lie: read with a cap
                body = handle.read(min(settings.max_file_bytes, budget) + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
            yield SourceError(where, f"the entry could not be read ({exc})")
            continue
        if len(body) > min(settings.max_file_bytes, budget):
            yield SourceError(
                where, "refused: the entry uncompresses beyond its stated size or the archive's limit"
            )
            continue
        budget -= len(body)
        yield where, body
