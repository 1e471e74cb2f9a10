"""The Streamlit app: widgets, layout and calls into `timeline`; the logic lives in the library.

Run: `streamlit run app.py` (add `-- --db FILE` to open a store's data sets). The whole view
lives in the URL (timeline.view.ViewState), so a copied link reproduces it on the same server;
`?presentation=1` hides the sidebar. Data sets (sources, caches, store queries) live in app_datasets.py.
Speed: a chart click reruns only the `detail` fragment (URL, share link, exports, drill-down), so
the chart is neither rebuilt nor re-sent; filtered frames, figures and drill-down indexes are cached
per data set and view (`_cached`), shared by all sessions.
Article text is only ever shown escaped (timeline.drilldown.to_markdown) or as plain text.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

import app_datasets as data
from timeline import drilldown, export, plot, view
from timeline.model import SourceError, Timeline

#: Rows sent to the browser per table: every rerun ships the table again (10k rows cost seconds).
TABLE_ROWS = int(os.environ.get("TIMELINE_TABLE_ROWS", "2000"))
LIST_WIDGETS = {"actors": "participants", "countries": "country", "types": "type", "outlets": "outlets"}
#: The fragment a chart click reruns: the drill-down, the URL and the share link, nothing else.
DETAIL = "detail"
SELECT_MODES = ("points", "box", "lasso")
esc = drilldown.escape_markdown


def _init_widgets(url_view: view.ViewState, events: pd.DataFrame) -> None:
    """Seed the filter widgets from the URL once per session; values absent from the data are dropped."""
    if st.session_state.get("_seeded") == url_view.dataset:
        return
    for name, column in LIST_WIDGETS.items():
        options = set(data.options(events, column))
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
        bar.multiselect(name.capitalize(), data.options(events, column), key=f"w_{name}")
    bar.number_input("Minimum number of sources", min_value=1, max_value=1000, step=1, key="w_min_sources")
    bar.checkbox("Include background events", key="w_include_background")
    bar.checkbox("Include announced events", key="w_include_announced")
    bar.header("Display")
    bar.selectbox("Lanes", list(view.LANES), key="w_lanes")
    bar.date_input("Zoom", value=st.session_state["_seed_zoom"], key="w_zoom")
    last_day = events["end"].max().date() if len(events) and pd.notna(events["end"].max()) else None
    for column, (label, months) in zip(bar.columns(len(view.ZOOM_PRESETS)), view.ZOOM_PRESETS, strict=True):
        column.button(label, key=f"zoom_{label}", on_click=_zoom_preset, args=(months, last_day))
    d_from, d_to = _pair(st.session_state.get("w_dates"))
    z_from, z_to = _pair(st.session_state.get("w_zoom"))
    fields: dict[str, Any] = {name: tuple(st.session_state[f"w_{name}"]) for name in LIST_WIDGETS}
    fields.update(date_from=d_from, date_to=d_to, zoom_from=z_from, zoom_to=z_to)
    for name in ("min_sources", "include_background", "include_announced", "search", "lanes"):
        fields[name] = st.session_state[f"w_{name}"]
    fields["min_sources"] = int(fields["min_sources"])
    return fields


def _consume_chart() -> bool:
    """A new chart selection becomes the selected event, or (an aggregated bin) the date range: True then."""
    ids, span = plot.selection_ids(st.session_state.get("chart"))
    signature = (tuple(ids), span)
    if signature == st.session_state.get("_chart_sig"):
        return False
    st.session_state["_chart_sig"] = signature
    if ids:
        st.session_state["event"], st.session_state["selected_ids"] = ids[0], ids
        # Plotly already shows a chart selection; redrawing the figure would reset it (and cost seconds).
        st.session_state["_from_chart"] = True
    elif span:
        lo, hi = (pd.Timestamp(v, unit="ms").date() for v in span)
        st.session_state["w_dates"] = (lo, hi - pd.Timedelta(days=1))
        return True
    return False


def _on_chart_select() -> None:
    """Chart selection callback: rerun only the drill-down fragment, unless the date filter changed.

    The chart is then neither rebuilt nor re-sent, so the browser keeps it (and its selection) as drawn.
    A chart that rings an event picked elsewhere (a link, the table) is redrawn once, without the ring.
    """
    ringed = bool(st.session_state.get("event")) and not st.session_state.get("_from_chart")
    if not _consume_chart() and not ringed:
        st.rerun(DETAIL)


def _consume_selections() -> None:
    """Chart or table selections made in the last run become the selected event (or a date range).

    The callbacks consume selections first; this catches any the callbacks did not see (AppTest sets
    widget state directly), and is a no-op otherwise (same signatures).
    """
    _consume_chart()
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


def _zoom_button() -> None:
    """Offer a box drawn with Box Select as the zoom, so the range reaches the Zoom widget and the URL.

    Streamlit 1.67 reports selections only, never a drag-zoom or pan (relayout) of the chart.
    """
    box = plot.selection_box_dates(st.session_state.get("chart"))
    if box:
        st.button(f"Zoom to the box: {box[0]} … {box[1]}", key="zoom_box", on_click=_zoom_to, args=box)


def _zoom_preset(months: int | None, last_day: date | None) -> None:
    """Preset button callback: the Zoom widget (and so the URL) takes the preset's days."""
    lo, hi = view.zoom_preset(months, last_day)
    st.session_state["w_zoom"] = (lo, hi) if lo and hi else ()


def _zoom_to(lo: date, hi: date) -> None:
    """Button callback: the Zoom widget takes the box's days; a full rerun redraws the chart with them."""
    st.session_state["w_zoom"] = (lo, hi)
    st.rerun()


def _render_source(source: drilldown.SourceDetail, index: int) -> None:
    published = source.published.isoformat() if source.published else "date unknown"
    st.markdown(f"**{esc(source.outlet)}** — {esc(source.title)}")
    st.caption(f"Published {published}: {esc(source.published_how)}")
    st.markdown("> " + drilldown.to_markdown(source.sentence))
    if source.url and source.url.startswith(("https://", "http://")):
        st.link_button("Open the article", source.url)
    with st.expander("Full article (page furniture greyed)", expanded=False):
        # One element for the whole article: an element per paragraph is a message and a React node each.
        st.markdown("\n\n".join(drilldown.to_markdown(paragraph) for paragraph in source.article))


def _render_detail(tl: Timeline, event_id: str | None, presentation: bool) -> None:
    if not event_id:
        st.info("Click an event on the chart (or a row of the Events table) to see its sources.")
        return
    source = data.detail_timeline(tl, event_id)  # a stored data set reads just this event
    index = _cached("index", tl, "", lambda: drilldown.index_timeline(tl)) if source is tl else None
    detail = drilldown.event_detail(source, event_id, index)
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
    """Download buttons; the files are made only when clicked (deferred callables).

    The callables run in a server thread outside the session (no st.session_state there): what they
    need from the session (the selected events, the stored data set) is read now, at render time.
    """
    options = plot.PlotOptions(lanes=current.lanes, max_marks=20_000, title="News timeline")
    chosen = list(st.session_state.get("selected_ids") or [])
    stored = data.stored_dataset(current.dataset)

    def evidence(events: pd.DataFrame) -> pd.DataFrame:
        return stored.mentions(events["id"].tolist()) if stored else mentions

    def full_figure() -> Any:
        return plot.timeline_figure(shown, articles, options)

    def pptx() -> bytes:
        picked = shown.loc[shown["id"].isin(chosen)] if chosen else shown
        try:
            image: bytes | None = export.figure_image(full_figure(), "png", timeout=60)
        except export.ImageExportError:
            image = None
        slides = export.briefing_events(picked, evidence(picked))
        return export.briefing_pptx("News timeline", f"{len(shown)} events", image, slides)

    cols = st.columns(6)
    # on_click="ignore": a download needs no rerun (a rerun re-sends the page for nothing).
    cols[0].download_button(
        "CSV", lambda: export.events_csv(shown), "events.csv", "text/csv", on_click="ignore"
    )
    cols[1].download_button(
        "JSON",
        lambda: export.events_json(shown, evidence(shown)),
        "events.json",
        "application/json",
        on_click="ignore",
    )
    cols[2].download_button(
        "HTML", lambda: export.figure_html(full_figure()), "timeline.html", "text/html", on_click="ignore"
    )
    if export.find_browser() is None:
        cols[3].caption("PNG/SVG/PPTX need Chromium: none found on this server.")
        return
    cols[3].download_button(
        "PNG",
        lambda: export.figure_image(full_figure(), "png"),
        "timeline.png",
        "image/png",
        on_click="ignore",
    )
    cols[4].download_button(
        "SVG",
        lambda: export.figure_image(full_figure(), "svg"),
        "timeline.svg",
        "image/svg+xml",
        on_click="ignore",
    )
    pptx_mime = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    cols[5].download_button("PPTX", pptx, "briefing.pptx", pptx_mime, on_click="ignore")


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
        data.sidebar_dataset()
    with notes:
        loaded = data.load(st.session_state["dataset"])
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
    filters = replace(current, event=None, lanes="type", zoom_from=None, zoom_to=None, presentation=False)
    shown = _cached("shown", events, repr(filters), lambda: data.filtered(events, mentions, current))
    options = plot.PlotOptions(lanes=current.lanes, zoom_from=current.zoom_from, zoom_to=current.zoom_to,
                               selected_id=None if st.session_state.get("_from_chart") else current.event,
                               presentation=current.presentation)  # fmt: skip
    fig = _cached("figure", shown, repr(options), lambda: plot.timeline_figure(shown, articles, options))
    st.caption(f"{len(shown)} of {len(events)} events · {len(articles)} articles · {esc(current.dataset)}")
    if current.presentation:  # theme=None: Streamlit's theme would override the large presentation type
        st.plotly_chart(fig, key="chart", on_select=_on_chart_select, selection_mode=SELECT_MODES, theme=None)
        _detail(tl, current, None)
        return
    _page(fig, tl, (shown, mentions, articles), current)


# Shared by all sessions. Each entry holds its owner, so the owner's id cannot be reused while cached.
# Sizes bound memory: a filtered frame of a 100k-event data set is tens of MB, a figure ~1 MB.
@st.cache_resource(show_spinner=False, max_entries=12)
def _memo_frame(owner_id: int, key: str, _owner: object, _make: Callable[[], Any]) -> tuple[object, Any]:
    return _owner, _make()


@st.cache_resource(show_spinner=False, max_entries=32)
def _memo_figure(owner_id: int, key: str, _owner: object, _make: Callable[[], Any]) -> tuple[object, Any]:
    return _owner, _make()


@st.cache_resource(show_spinner=False, max_entries=8)
def _memo_index(owner_id: int, key: str, _owner: object, _make: Callable[[], Any]) -> tuple[object, Any]:
    return _owner, _make()


_MEMOS = {"shown": _memo_frame, "figure": _memo_figure, "index": _memo_index}


def _cached(kind: str, owner: object, key: str, make: Callable[[], Any]) -> Any:
    """`make()` once per (owner object, key): a filtered frame, a figure, a drill-down index.

    Owners are the cached data set's frames (or what was derived from them), never mutated, so
    their identity stands for their content; an unchanged view thus reuses the same figure, whose
    identical spec the browser does not redraw.
    """
    return _MEMOS[kind](id(owner), key, owner, make)[1]


@st.fragment(key=DETAIL)
def _detail(tl: Timeline, current: view.ViewState, tab: tuple[Any, tuple[pd.DataFrame, ...]] | None) -> None:
    """What a selection changes: URL, drill-down, and in `tab` (a container and the frames) the share link
    and the exports (the PPTX briefs the selected events). A chart click reruns only this fragment.

    `current` is the view of the last full run: filters only change in full runs.
    """
    now = replace(current, event=st.session_state.get("event"))
    _sync_url(now)
    if tab is not None:
        share, (shown, mentions, articles) = tab
        with share:
            _share_link(now)
            _zoom_button()
            with st.expander("Export the filtered timeline"):
                _exports(shown, mentions, articles, now)
    _render_detail(tl, now.event, presentation=now.presentation)


def _page(fig: Any, tl: Timeline, frames_: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
          current: view.ViewState) -> None:  # fmt: skip
    """Tabs Timeline / Events / Articles, then the drill-down of the selected event (shared by all tabs)."""
    shown, _, articles = frames_
    timeline_tab, events_tab, articles_tab = st.tabs(["Timeline", "Events", "Articles"])
    with timeline_tab:
        st.plotly_chart(fig, key="chart", on_select=_on_chart_select, selection_mode=SELECT_MODES)
        share = st.container()  # the share link and exports, kept current by the detail fragment
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
    _detail(tl, current, (share, frames_))


main()
