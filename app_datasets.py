"""Where the app's data sets come from, and how they are built, cached and queried.

The sample, a folder on the server, uploads, pasted text, URL lists, and a store's data sets
(`streamlit run app.py -- --db FILE`): each has an id for the URL (`view.dataset_kind`), a content
fingerprint that keys the caches, and a loader. A stored data set is never loaded whole: filters,
widget options and drill-downs are SQL queries (`timeline.storeview`). Streamlit-side only; the
logic lives in `timeline`.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import timeline
from timeline import drilldown, frames, ingest, view
from timeline.model import Timeline
from timeline.settings import Settings
from timeline.store import Store, StoreError
from timeline.storeview import StoredDataset

HERE = Path(__file__).resolve().parent
SAMPLE_DIR = HERE / "sample_data"
#: Folders a `path:` data set may point at (a shared link must not read arbitrary server files).
DATA_ROOTS = [
    HERE,
    *(Path(p).resolve() for p in os.environ.get("TIMELINE_DATA_ROOTS", "").split(os.pathsep) if p),
]
esc = drilldown.escape_markdown


@st.cache_resource
def _registry() -> dict[str, tuple[str, Any]]:
    """Uploaded, pasted and URL data sets of this server process, by content hash (for shared links)."""
    return {}


def _files_hash(root: Path) -> str:
    """A content hash of every file below root, so edits to a folder invalidate the cache.

    Every filter change reruns the script: the files are only stat-ed then, and read again only
    when a name, size or modification time changed."""
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    stats = []
    for path in files:
        info, name = path.stat(), str(path.relative_to(root) if root.is_dir() else path.name)
        stats.append((name, info.st_size, info.st_mtime_ns))
    return _content_hash(root, tuple(stats))


@functools.lru_cache(maxsize=64)
def _content_hash(root: Path, stats: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for name, _size, _mtime in stats:
        digest.update(name.encode())
        digest.update(hashlib.sha256((root / name if root.is_dir() else root).read_bytes()).digest())
    return digest.hexdigest()


def _from_articles(reader_name: str, payload: Any, settings: Settings) -> Timeline:
    reader = getattr(ingest, reader_name)
    articles, errors = reader(payload, settings)
    return timeline.build_timeline_from_articles(articles, errors, settings)


def _store_path() -> Path | None:
    """The store named on the command line: `streamlit run app.py -- --db FILE`."""
    parser = argparse.ArgumentParser(prog="app.py", add_help=False)
    parser.add_argument("--db", default=None)
    args, _ = parser.parse_known_args(sys.argv[1:])
    return Path(args.db).resolve() if args.db else None


# cache_resource, not cache_data: cache_data unpickles a copy on every rerun (measured 0.4 s for
# 10k events, 4.9 s for 100k); the Timeline is frozen and the frames are never mutated.
@st.cache_resource(show_spinner=False, max_entries=8)
def _build(
    dataset: str, fingerprint: str, settings: Settings
) -> tuple[Timeline, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Build and flatten one data set; cached on (data set, content hash, settings)."""
    kind, value = view.dataset_kind(dataset)
    if kind in ("sample", "path"):
        tl = timeline.build_timeline([str(SAMPLE_DIR if kind == "sample" else value)], settings)
    elif kind == "store":  # never loaded whole: filters, options and drill-down query the store
        opened = StoredDataset(_store_path() or Path(), value).open()
        return opened.timeline, opened.events, frames.mentions_frame(Timeline()), opened.articles
    else:
        reader, payload = _registry()[fingerprint]
        tl = _from_articles(reader, payload, settings)
    return tl, frames.events_frame(tl), frames.mentions_frame(tl), frames.articles_frame(tl)


def _fingerprint(dataset: str) -> str | None:
    """The content hash of a data set, or None (with an error shown) when it is not on this server."""
    try:
        kind, value = view.dataset_kind(dataset)
    except ValueError as exc:
        st.error(str(exc))
        return None
    if kind in ("sample", "path"):
        root = SAMPLE_DIR if kind == "sample" else Path(value).resolve()
        allowed = any(root == r or r in root.parents for r in DATA_ROOTS)
        if not root.exists() or not allowed:
            st.error(f"The data set {dataset!r} is not on this server (or is outside the allowed folders).")
            return None
        return _files_hash(root)
    if kind == "store":
        return _store_fingerprint(dataset, value)
    if value not in _registry():
        st.error(
            f"The data set {dataset!r} was uploaded in another session of a server that has since restarted: "
            "it is not on this server. Upload the files again, or choose the sample."
        )
        return None
    return value


def _store_datasets() -> pd.DataFrame | None:
    """The data sets of the store given with --db, or None (with the reason shown) when it cannot be read."""
    path = _store_path()
    if path is None or not path.exists():
        st.error("No store on this server: start the app with `streamlit run app.py -- --db FILE`.")
        return None
    try:
        with Store.open(path, read_only=True) as store:
            return store.datasets()
    except StoreError as exc:
        st.error(f"The store {path.name} cannot be read now: {exc}")
        return None


def _store_fingerprint(dataset: str, name: str) -> str | None:
    """Version and counts of a stored data set: an ingest into it invalidates the cache."""
    table = _store_datasets()
    if table is None:
        return None
    row = table[table["name"] == name]
    if row.empty:
        st.error(f"The data set {dataset!r} is not in this server's store.")
        return None
    first = row.iloc[0]
    return f"{name}:{first['extraction_version']}:{first['articles']}:{first['events']}"


def _register(kind: str, reader: str, payload: Any, raw: bytes) -> None:
    key = hashlib.sha256(raw).hexdigest()[:16]
    _registry()[key] = (reader, payload)
    st.session_state["dataset"] = f"{kind}:{key}"


def sidebar_dataset() -> None:
    """Data set choice: the sample, uploads (files or a zip), pasted text, URLs, a folder on the server."""
    bar = st.sidebar
    bar.header("Data set")
    bar.caption(f"Current: {esc(st.session_state['dataset'])}")
    sources = ["Sample", "Upload", "Paste", "URLs", "Folder"] + (["Store"] if _store_path() else [])
    source = bar.radio("Source", sources, horizontal=True, key="w_source")
    if source == "Sample" and bar.button("Use the sample articles"):
        st.session_state["dataset"] = "sample"
    elif source == "Upload":
        files = bar.file_uploader("Articles (txt, html, csv, zip …)", accept_multiple_files=True)
        if files and bar.button("Build from uploads"):
            items = [(f.name, f.getvalue()) for f in files]
            _register("upload", "read_uploads", items, b"".join(n.encode() + b for n, b in items))
    elif source == "Paste":
        text = bar.text_area("Article text (separate articles with a line of ---)")
        if text.strip() and bar.button("Build from text"):
            _register("paste", "read_pasted", text, text.encode())
    elif source == "URLs":
        text = bar.text_area("One URL per line")
        if text.strip() and bar.button("Fetch and build"):
            urls = [u.strip() for u in text.splitlines() if u.strip()]
            _register("urls", "read_urls", urls, "\n".join(urls).encode())
    elif source == "Store":
        table = _store_datasets()
        names = [] if table is None else table["name"].tolist()
        name = bar.selectbox("Data set of the store", names) if names else None
        if name and bar.button("Open data set"):
            st.session_state["dataset"] = f"store:{name}"
    elif source == "Folder":
        folder = bar.text_input("Folder on this server")
        if folder and bar.button("Build from folder"):
            st.session_state["dataset"] = f"path:{Path(folder).resolve()}"


def stored_dataset(dataset: str | None = None) -> StoredDataset | None:
    """The store data set being viewed (the session's, unless named), or None for the other kinds."""
    kind, value = view.dataset_kind(dataset or st.session_state["dataset"])
    return StoredDataset(_store_path() or Path(), value) if kind == "store" else None


@st.cache_resource(show_spinner=False, max_entries=8)
def _store_options(dataset: str, fingerprint: str) -> dict[str, list[str]]:
    """The filter choices of a stored data set, from SQL; cached until an ingest changes it."""
    stored = stored_dataset(dataset)
    return stored.options() if stored else {}


def options(events: pd.DataFrame, column: str) -> list[str]:
    """The choices of a filter widget: from the store for a stored data set, else from the frame."""
    key = st.session_state.get("_store_key")
    if key and key[0] == st.session_state["dataset"]:
        return _store_options(*key).get(column, [])
    return frames.distinct_values(events, column)


def filtered(events: pd.DataFrame, mentions: pd.DataFrame, current: view.ViewState) -> pd.DataFrame:
    """The events the view shows: filtered in SQL for a stored data set, in pandas otherwise."""
    stored = stored_dataset(current.dataset)
    return stored.filter(events, current) if stored else view.filter_events(events, mentions, current)


@st.cache_resource(show_spinner=False, max_entries=16)
def _store_detail(dataset: str, fingerprint: str, event_id: str) -> Timeline:
    """One event of a stored data set with its mentions and articles, until an ingest changes the set."""
    stored = stored_dataset(dataset)
    return stored.detail([event_id]) if stored else Timeline()


def detail_timeline(tl: Timeline, event_id: str) -> Timeline:
    """What the drill-down reads: for a stored data set, just the event, its mentions and articles."""
    key = st.session_state.get("_store_key")
    if key and key[0] == st.session_state["dataset"]:
        return _store_detail(*key, event_id)
    return tl


def load(dataset: str) -> tuple[Timeline, pd.DataFrame, pd.DataFrame, pd.DataFrame] | None:
    fingerprint = _fingerprint(dataset)
    if fingerprint is None:
        return None
    st.session_state["_store_key"] = (dataset, fingerprint) if dataset.startswith("store:") else None
    built = st.session_state.setdefault("_built", set())
    try:
        if (dataset, fingerprint) in built:
            return _build(dataset, fingerprint, Settings())
        with st.status(f"Reading and extracting {dataset} …", expanded=False) as status:
            result = _build(dataset, fingerprint, Settings())
            status.update(label=f"{len(result[3])} articles, {len(result[1])} events", state="complete")
        built.add((dataset, fingerprint))
        return result
    except Exception as exc:  # the analyst needs the reason, not a traceback
        st.error(f"Could not build the timeline for {dataset!r}: {exc}")
        return None
