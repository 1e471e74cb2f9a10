"""The Streamlit app: widgets, layout and calls into `timeline`; the logic lives in the library.

Run: `streamlit run app.py` (add `-- --db FILE` to open a store's data sets). The whole view
lives in the URL (timeline.view.ViewState), so a copied link reproduces it on the same server;
`?presentation=1` hides the sidebar.
Article text is only ever shown escaped (timeline.drilldown.to_markdown) or as plain text.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

import timeline
from timeline import drilldown, export, frames, ingest, plot, view
from timeline.model import SourceError, Timeline
from timeline.settings import Settings
from timeline.store import Store, StoreError

HERE = Path(__file__).resolve().parent
SAMPLE_DIR = HERE / "sample_data"
#: Folders a `path:` data set may point at (a shared link must not read arbitrary server files).
DATA_ROOTS = [
    HERE,
    *(Path(p).resolve() for p in os.environ.get("TIMELINE_DATA_ROOTS", "").split(os.pathsep) if p),
]
#: Rows sent to the browser per table: every rerun ships the table again (10k rows cost seconds).
TABLE_ROWS = int(os.environ.get("TIMELINE_TABLE_ROWS", "2000"))
LIST_WIDGETS = {"actors": "participants", "countries": "country", "types": "type", "outlets": "outlets"}
esc = drilldown.escape_markdown


@st.cache_resource
def _registry() -> dict[str, tuple[str, Any]]:
    """Uploaded, pasted and URL data sets of this server process, by content hash (for shared links)."""
    return {}


def _files_hash(root: Path) -> str:
    """A content hash of every file below root, so edits to a folder invalidate the cache."""
    digest = hashlib.sha256()
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    for path in files:
        digest.update(str(path.relative_to(root) if root.is_dir() else path.name).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
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
    elif kind == "store":
        with Store.open(_store_path() or "", read_only=True) as store:
            tl = store.load(value)
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


def _sidebar_dataset() -> None:
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


def _load(dataset: str) -> tuple[Timeline, pd.DataFrame, pd.DataFrame, pd.DataFrame] | None:
    fingerprint = _fingerprint(dataset)
    if fingerprint is None:
        return None
    built = st.session_state.setdefault("_built", set())
    try:
        if (dataset, fingerprint) in built:
            return _build(dataset, fingerprint, Settings())
        with st.status(f"Reading and extracting {dataset} …", expanded=False) as status:
            result = _build(dataset, fingerprint, Settings())
            status.update(
                label=f"{len(result[0].articles)} articles, {len(result[0].events)} events", state="complete"
            )
        built.add((dataset, fingerprint))
        return result
    except Exception as exc:  # the analyst needs the reason, not a traceback
        st.error(f"Could not build the timeline for {dataset!r}: {exc}")
        return None


def _init_widgets(url_view: view.ViewState, events: pd.DataFrame) -> None:
    """Seed the filter widgets from the URL once per session; values absent from the data are dropped."""
    if st.session_state.get("_seeded") == url_view.dataset:
        return
    for name, column in LIST_WIDGETS.items():
        options = set(frames.distinct_values(events, column))
        wanted = getattr(url_view, name)
        missing = [v for v in wanted if v not in options]
        if missing:
            st.warning(f"Not in this data set, ignored: {esc(', '.join(missing))}")
        st.session_state[f"w_{name}"] = [v for v in wanted if v in options]
    # Date widgets are seeded through their (constant) value: a range widget needs a tuple value.
    st.session_state["_seed_dates"] = tuple(d for d in (url_view.date_from, url_view.date_to) if d)
    st.session_state["_seed_zoom"] = tuple(d for d in (url_view.zoom_from, url_view.zoom_to) if d)
    for name in ("min_sources", "include_background", "include_announced", "search", "lanes"):
        st.session_state[f"w_{name}"] = getattr(url_view, name)
    st.session_state["_seeded"] = url_view.dataset


def _pair(value: object) -> tuple[date | None, date | None]:
    items = list(value) if isinstance(value, list | tuple) else []
    return (items[0] if items else None, items[1] if len(items) > 1 else None)


def _sidebar_filters(events: pd.DataFrame) -> dict[str, Any]:
    """The filter widgets; returns the ViewState fields they set."""
    bar = st.sidebar
    bar.header("Filters")
    bar.text_input("Search labels and sentences", key="w_search")
    bar.date_input("Date range", value=st.session_state["_seed_dates"], key="w_dates")
    for name, column in LIST_WIDGETS.items():
        bar.multiselect(name.capitalize(), frames.distinct_values(events, column), key=f"w_{name}")
    bar.number_input("Minimum number of sources", min_value=1, max_value=1000, step=1, key="w_min_sources")
    bar.checkbox("Include background events", key="w_include_background")
    bar.checkbox("Include announced events", key="w_include_announced")
    bar.header("Display")
    bar.selectbox("Lanes", list(view.LANES), key="w_lanes")
    bar.date_input("Zoom", value=st.session_state["_seed_zoom"], key="w_zoom")
    d_from, d_to = _pair(st.session_state.get("w_dates"))
    z_from, z_to = _pair(st.session_state.get("w_zoom"))
    fields: dict[str, Any] = {name: tuple(st.session_state[f"w_{name}"]) for name in LIST_WIDGETS}
    fields.update(date_from=d_from, date_to=d_to, zoom_from=z_from, zoom_to=z_to)
    for name in ("min_sources", "include_background", "include_announced", "search", "lanes"):
        fields[name] = st.session_state[f"w_{name}"]
    fields["min_sources"] = int(fields["min_sources"])
    return fields


def _consume_selections() -> None:
    """Chart or table selections made in the last run become the selected event (or a date range)."""
    ids, span = plot.selection_ids(st.session_state.get("chart"))
    signature = (tuple(ids), span)
    if signature != st.session_state.get("_chart_sig"):
        st.session_state["_chart_sig"] = signature
        if ids:
            st.session_state["event"], st.session_state["selected_ids"] = ids[0], ids
            # Plotly already shows a chart selection; redrawing the figure would reset it (and cost seconds).
            st.session_state["_from_chart"] = True
        elif span:
            lo, hi = (pd.Timestamp(v, unit="ms").date() for v in span)
            st.session_state["w_dates"] = (lo, hi - pd.Timedelta(days=1))
    table = st.session_state.get("events_table")
    rows = list(getattr(getattr(table, "selection", None), "rows", []) or [])
    shown = st.session_state.get("_table_ids", [])
    if rows and tuple(rows) != st.session_state.get("_table_sig") and rows[0] < len(shown):
        st.session_state["_table_sig"] = tuple(rows)
        st.session_state["event"] = shown[rows[0]]
        st.session_state["_from_chart"] = False
        st.session_state["selected_ids"] = [shown[r] for r in rows if r < len(shown)]


def _sync_url(current: view.ViewState) -> None:
    wanted = current.to_query_params()
    have = {k: st.query_params.get_all(k) for k in st.query_params}
    normal = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if normal != have:
        st.query_params.from_dict(wanted)


def _share_link(current: view.ViewState) -> None:
    base = str(st.context.url or "").split("?")[0]
    query = urlencode(current.to_query_params(), doseq=True)
    with st.popover("Copy link to this view"):
        st.code(f"{base}?{query}" if query else base, language=None)
        present = urlencode(replace(current, presentation=True).to_query_params(), doseq=True)
        st.caption("Presentation mode (no sidebar):")
        st.code(f"{base}?{present}", language=None)


def _render_source(source: drilldown.SourceDetail, index: int) -> None:
    published = source.published.isoformat() if source.published else "date unknown"
    st.markdown(f"**{esc(source.outlet)}** — {esc(source.title)}")
    st.caption(f"Published {published}: {esc(source.published_how)}")
    st.markdown("> " + drilldown.to_markdown(source.sentence))
    if source.url and source.url.startswith(("https://", "http://")):
        st.link_button("Open the article", source.url)
    with st.expander("Full article (page furniture greyed)", expanded=False):
        for paragraph in source.article:
            st.markdown(drilldown.to_markdown(paragraph))


def _render_detail(tl: Timeline, event_id: str | None, presentation: bool) -> None:
    if not event_id:
        st.info("Click an event on the chart (or a row of the Events table) to see its sources.")
        return
    detail = drilldown.event_detail(tl, event_id)
    if detail is None:
        st.warning(f"Event {esc(event_id)} is not in this data set.")
        return
    st.subheader(esc(detail.label))
    if not presentation:
        facts = [
            ("Type", detail.type),
            ("Status", detail.status),
            ("Place", detail.place or "—"),
            ("Country", detail.country or "—"),
            ("Participants", ", ".join(detail.participants) or "—"),
        ]
        st.markdown(" · ".join(f"**{k}** {esc(str(v))}" for k, v in facts))
    st.markdown(f"**When** {esc(detail.when)}")
    st.markdown("\n".join(f"- {esc(line)}" for line in detail.how_resolved))
    for disagreement in detail.disagreements:
        st.warning(f"Sources disagree on the date: {esc(disagreement)}")
    st.markdown(f"**Sources ({len(detail.sources)})**")
    for i, source in enumerate(detail.sources):
        _render_source(source, i)


def _render_errors(errors: tuple[SourceError, ...]) -> None:
    if errors:
        with st.expander(f"{len(errors)} source(s) could not be read", expanded=False):
            for error in errors:
                st.text(f"{error.source}: {error.reason}")


def _exports(
    shown: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame, current: view.ViewState
) -> None:
    """Download buttons; the files are made only when clicked (deferred callables)."""
    options = plot.PlotOptions(lanes=current.lanes, max_marks=20_000, title="News timeline")

    def full_figure() -> Any:
        return plot.timeline_figure(shown, articles, options)

    def pptx() -> bytes:
        chosen = st.session_state.get("selected_ids") or []
        picked = shown.loc[shown["id"].isin(chosen)] if chosen else shown
        try:
            image: bytes | None = export.figure_image(full_figure(), "png", timeout=60)
        except export.ImageExportError:
            image = None
        slides = export.briefing_events(picked, mentions)
        return export.briefing_pptx("News timeline", f"{len(shown)} events", image, slides)

    cols = st.columns(6)
    cols[0].download_button("CSV", lambda: export.events_csv(shown), "events.csv", "text/csv")
    cols[1].download_button(
        "JSON", lambda: export.events_json(shown, mentions), "events.json", "application/json"
    )
    cols[2].download_button("HTML", lambda: export.figure_html(full_figure()), "timeline.html", "text/html")
    if export.find_browser() is None:
        cols[3].caption("PNG/SVG/PPTX need Chromium: none found on this server.")
        return
    cols[3].download_button(
        "PNG", lambda: export.figure_image(full_figure(), "png"), "timeline.png", "image/png"
    )
    cols[4].download_button(
        "SVG", lambda: export.figure_image(full_figure(), "svg"), "timeline.svg", "image/svg+xml"
    )
    pptx_mime = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    cols[5].download_button("PPTX", pptx, "briefing.pptx", pptx_mime)


def main() -> None:
    raw = {k: st.query_params.get_all(k) for k in st.query_params}
    url_view, warnings = view.parse_query_params(raw)
    st.set_page_config(page_title="News timeline", layout="wide",
                       initial_sidebar_state="collapsed" if url_view.presentation else "auto")  # fmt: skip
    if "dataset" not in st.session_state:
        st.session_state["dataset"], st.session_state["event"] = url_view.dataset, url_view.event
    st.title("News timeline")
    # Messages that come and go live in one container, so the chart keeps its place in the page:
    # an element that moves is re-created by Streamlit (a 10k-mark chart costs seconds to redraw).
    notes = st.container()
    with notes:
        for warning in warnings:
            st.warning(esc(warning))
    _consume_selections()
    if not url_view.presentation:
        _sidebar_dataset()
    with notes:
        loaded = _load(st.session_state["dataset"])
    if loaded is None:
        st.stop()
    tl, events, mentions, articles = loaded
    with notes:
        _init_widgets(url_view, events)
        if tl.errors:
            st.warning(f"{len(tl.errors)} source(s) could not be read: see the Articles tab.")
    fields = vars(url_view).copy() if url_view.presentation else _sidebar_filters(events)
    fields.update(dataset=st.session_state["dataset"], event=st.session_state.get("event"))
    current = replace(url_view, **fields)
    _sync_url(current)
    shown = view.filter_events(events, mentions, current)
    options = plot.PlotOptions(lanes=current.lanes, zoom_from=current.zoom_from, zoom_to=current.zoom_to,
                               selected_id=None if st.session_state.get("_from_chart") else current.event,
                               presentation=current.presentation)  # fmt: skip
    fig = plot.timeline_figure(shown, articles, options)
    st.caption(f"{len(shown)} of {len(events)} events · {len(tl.articles)} articles · {esc(current.dataset)}")
    if current.presentation:  # theme=None: Streamlit's theme would override the large presentation type
        st.plotly_chart(
            fig, key="chart", on_select="rerun", selection_mode=("points", "box", "lasso"), theme=None
        )
        _render_detail(tl, current.event, presentation=True)
        return
    _page(fig, tl, (shown, mentions, articles), current)


def _page(fig: Any, tl: Timeline, frames_: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
          current: view.ViewState) -> None:  # fmt: skip
    """Tabs Timeline / Events / Articles, then the drill-down of the selected event (shared by all tabs)."""
    shown, mentions, articles = frames_
    timeline_tab, events_tab, articles_tab = st.tabs(["Timeline", "Events", "Articles"])
    with timeline_tab:
        st.plotly_chart(fig, key="chart", on_select="rerun", selection_mode=("points", "box", "lasso"))
        _share_link(current)
        with st.expander("Export the filtered timeline"):
            _exports(shown, mentions, articles, current)
    table = shown.head(TABLE_ROWS)
    st.session_state["_table_ids"] = table["id"].tolist()
    with events_tab:
        if len(shown) > TABLE_ROWS:
            st.caption(f"The first {TABLE_ROWS:,} of {len(shown):,} events: filter or search to narrow.")
        st.dataframe(
            table, key="events_table", on_select="rerun", selection_mode="multi-row", hide_index=True
        )
    with articles_tab:
        if len(articles) > TABLE_ROWS:
            st.caption(f"The first {TABLE_ROWS:,} of {len(articles):,} articles.")
        st.dataframe(articles.head(TABLE_ROWS), hide_index=True)
        _render_errors(tl.errors)
    st.divider()
    _render_detail(tl, current.event, presentation=False)


main()
