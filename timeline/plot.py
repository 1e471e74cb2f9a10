"""Events and articles frames + view options -> one Plotly figure (pure; no Streamlit).

Speed comes from typed arrays: x is epoch milliseconds and y an integer lane code,
both numpy arrays that Plotly serialises as base64 (NOTES.md: 16 ms for 100k marks
against ~480 ms for datetimes and strings). Beyond `max_marks` marks the figure shows
counts per day/week/month instead of single events, because 100k SVG marks take
tens of seconds to draw and are unreadable anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline.frames import split_list
from timeline.model import Granularity

DAY_MS = 86_400_000
#: Granularities drawn as exact days; anything coarser is a light, wide band (never a fake day).
FINE = {str(Granularity.TIME), str(Granularity.DAY)}
PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
    "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939",
)  # fmt: skip
PUBLISHED_LANE = "published"
OTHER_LANE = "(other)"
NONE_LANE = "(none)"
_LANE_COLUMNS = {"type": "type", "actor": "participants", "country": "country", "outlet": "outlets"}
_LIST_LANES = {"actor", "outlet"}


@dataclass(frozen=True)
class PlotOptions:
    """How to draw: lanes, initial zoom, highlighted event, when to aggregate, presentation size."""

    lanes: str = "type"
    zoom_from: date | None = None
    zoom_to: date | None = None
    selected_id: str | None = None
    max_marks: int = 3000
    #: The range slider redraws every SVG mark a second time: only shown for small figures.
    max_slider_marks: int = 300
    max_lanes: int = 25
    presentation: bool = False
    title: str = ""


def to_ms(column: pd.Series) -> np.ndarray:
    """Epoch milliseconds (int64) of a datetime column; NaT becomes the int64 minimum."""
    return column.to_numpy(dtype="datetime64[ms]").astype("int64")


def _lane_rows(events: pd.DataFrame, lanes: str) -> tuple[np.ndarray, np.ndarray]:
    """(row positions, lane names): list-valued lanes put an event in each of its lanes."""
    positions = np.arange(len(events))
    if lanes not in _LANE_COLUMNS:
        return positions, np.full(len(events), "", dtype=object)
    values = events[_LANE_COLUMNS[lanes]].fillna("").astype(str).to_numpy(dtype=object)
    if lanes not in _LIST_LANES:
        return positions, np.where(values == "", NONE_LANE, values)
    # Split each distinct cell once (cells repeat a lot), then expand to rows with numpy.
    codes, uniques = pd.factorize(values)
    parts = [split_list(cell) or [NONE_LANE] for cell in uniques]
    lens = np.array([len(p) for p in parts], dtype="int64")
    offsets = np.concatenate([[0], np.cumsum(lens)[:-1]])
    flat = np.array([item for p in parts for item in p], dtype=object)
    per_row = lens[codes]
    rows = np.repeat(positions, per_row)
    first = np.repeat(np.cumsum(per_row) - per_row, per_row)
    return rows, flat[np.repeat(offsets[codes], per_row) + (np.arange(len(rows)) - first)]


def _lane_codes(names: np.ndarray, max_lanes: int) -> tuple[np.ndarray, list[str]]:
    """Integer code per row and the lane labels, busiest lane first; the tail is folded into 'other'."""
    if len(names) == 0:
        return np.zeros(0, dtype="int32"), []
    inverse, labels = pd.factorize(names, sort=False)
    counts = np.bincount(inverse, minlength=len(labels))
    label_text = np.asarray([str(v) for v in labels], dtype=object)
    order = np.lexsort((label_text, -counts))
    keep = order[:max_lanes]
    rank = np.full(len(labels), len(keep), dtype="int32")
    rank[keep] = np.arange(len(keep), dtype="int32")
    lane_labels = [str(label_text[i]) for i in keep]
    if len(order) > max_lanes:
        lane_labels.append(OTHER_LANE)
    return rank[inverse], lane_labels


def _spread(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """y per mark: its lane code, fanned over five sub-rows when a lane is busy so marks stay apart."""
    y = codes.astype("float64")
    if len(codes) == 0:
        return y, np.zeros(0, dtype=bool)
    counts = np.bincount(codes)
    order = np.argsort(codes, kind="stable")
    rank = np.empty(len(codes), dtype="int64")
    rank[order] = np.arange(len(codes)) - np.repeat(np.cumsum(counts) - counts, counts)
    busy = counts[codes] > 8
    return y + np.where(busy, (rank % 5 - 2) * 0.16, 0.0), busy


def _colours(types: pd.Series) -> dict[str, str]:
    names = sorted({str(t) for t in types.dropna().unique()}, key=str.casefold)
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def _hover(frame: pd.DataFrame) -> np.ndarray:
    """Label, date as written, as resolved and number of sources, escaped for Plotly's HTML hover."""
    start = frame["start"].dt.strftime("%Y-%m-%d")
    end = frame["end"].dt.strftime("%Y-%m-%d")
    resolved = start.where(start == end, start + " … " + end)
    written = frame["date_text"].fillna("") if "date_text" in frame else pd.Series("", index=frame.index)
    written = written.map(lambda t: f' ("{t}")' if t else "")
    text = (
        "<b>" + frame["label"].fillna("").map(_esc) + "</b><br>"
        + resolved + written.map(_esc) + " · " + frame["granularity"].fillna("?").astype(str)
        + "<br>" + frame["n_sources"].astype(str) + " source(s) · " + frame["status"].astype(str)
    )  # fmt: skip
    return text.to_numpy(dtype=object)


def _esc(text: str) -> str:
    """Plotly hover text is HTML: escape article-derived text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: (fine?, announced?) -> bar style; one trace per style keeps every array numeric (string arrays
#: such as per-point symbols are validated point by point by plotly.py: 100x slower).
_BAR_STYLE: dict[tuple[bool, bool], tuple[float, float, str]] = {  # width, opacity, pattern
    (True, False): (0.45, 0.9, ""),
    (True, True): (0.45, 0.9, "/"),
    (False, False): (0.85, 0.3, ""),
    (False, True): (0.85, 0.3, "/"),
}


Trace = dict[str, object]


def _trace(kind: str, **props: object) -> Trace:
    """A trace as a plain dict: the figure is built without plotly.py's per-property validation.

    Validation costs ~4 ms per trace and per-point for string arrays; tests re-validate
    every figure (`go.Figure(fig.to_dict())`) so a wrong property still fails there.
    """
    return {"type": kind, **props}


def _event_traces(rows: pd.DataFrame, colour: str, name: str) -> list[Trace]:
    """Bars for intervals and coarse dates (wide, light bands), markers for exact single days."""
    fine = rows["granularity"].isin(FINE).to_numpy()
    single = fine & (rows["start"] == rows["end"]).to_numpy()
    announced = (rows["status"] == "announced").to_numpy()
    # float64, not int64: Plotly serialises only JS typed-array dtypes as base64 (epoch ms fit exactly).
    start = to_ms(rows["start"]).astype("float64")
    end = to_ms(rows["end"]).astype("float64") + DAY_MS
    size = 9 + 4 * np.sqrt(rows["n_sources"].to_numpy(dtype="float64"))
    custom = rows[["id"]].to_numpy(dtype=object)
    hover = _hover(rows)
    y = rows["_y"].to_numpy(dtype="float64")
    # Busy lanes fan marks over sub-rows (see _spread): bars there must fit one sub-row.
    thin = rows["_busy"].to_numpy(dtype=bool) if "_busy" in rows else np.zeros(len(rows), dtype=bool)
    common = {"name": name, "legendgroup": name, "hovertemplate": "%{hovertext}<extra></extra>"}
    traces: list[Trace] = []
    for (is_fine, is_announced), (width, opacity, pattern) in _BAR_STYLE.items():
        pick = ~single & (fine == is_fine) & (announced == is_announced)
        if pick.any():
            traces.append(_trace(
                "bar",
                orientation="h", base=start[pick], x=(end - start)[pick], y=y[pick],
                width=np.where(thin[pick], 0.14, width),
                marker={"color": colour, "opacity": opacity, "line": {"color": colour, "width": 1},
                        "pattern": {"shape": pattern, "fgcolor": "white"}},
                customdata=custom[pick], hovertext=hover[pick], showlegend=not traces, **common,
            ))  # fmt: skip
    for is_announced in (False, True):
        pick = single & (announced == is_announced)
        if pick.any():
            kind = "scattergl" if pick.sum() > 1000 else "scatter"
            traces.append(_trace(
                kind,
                x=start[pick] + DAY_MS // 2, y=y[pick], mode="markers", showlegend=not traces,
                marker={"color": colour, "size": size[pick], "line": {"color": colour, "width": 2},
                        "symbol": "diamond-open" if is_announced else "diamond"},
                customdata=custom[pick], hovertext=hover[pick], **common,
            ))  # fmt: skip
    return traces


def _publication_trace(articles: pd.DataFrame, y: float) -> Trace | None:
    """The strip of publication dates: filled ticks when stated, open grey ticks when inferred."""
    dated = articles.loc[articles["published"].notna()]
    if dated.empty:
        return None
    inferred = dated["published_inferred"].fillna(False).astype(bool).to_numpy()
    x = (to_ms(dated["published"]) + DAY_MS // 2).astype("float64")
    marker = {"symbol": "line-ns-open", "size": 16, "line": {"width": 2}, "cmin": 0, "cmax": 1,
              "color": inferred.astype("float64"), "colorscale": [[0, "#333"], [1, "#aaa"]]}  # fmt: skip
    if len(dated) > 500:
        # Many articles: one tick per (day or coarser bin, stated/inferred) with its count, in SVG
        # (a WebGL context costs seconds to start in software rendering).
        days = to_ms(dated["published"])
        if len(np.unique(days)) > 1000:
            lo, hi = _bins(days, _bin_unit((days.max() - days.min()) / DAY_MS))
            x = ((lo + hi) // 2).astype("float64")
        keys, counts = np.unique(np.column_stack([x, inferred]), axis=0, return_counts=True)
        marker["color"] = keys[:, 1]
        return _trace("scatter", x=keys[:, 0], y=np.full(len(keys), y),
                      mode="markers", name="published", marker=marker, customdata=counts.astype("float64"),
                      hovertemplate="%{customdata:,} article(s), %{x|%Y-%m-%d}<extra></extra>")  # fmt: skip
    how = dated["published_how"].fillna("").astype(str)
    text = (dated["outlet"].fillna("?").map(_esc) + " — " + dated["title"].fillna("").map(_esc)
            + "<br>published " + dated["published"].dt.strftime("%Y-%m-%d") + " (" + how + ")")  # fmt: skip
    return _trace(
        "scatter", x=x, y=np.full(len(x), y), mode="markers", name="published", marker=marker,
        customdata=("article:" + dated["id"].astype(str)).to_numpy(dtype=object)[:, None],
        hovertext=text.to_numpy(dtype=object), hovertemplate="%{hovertext}<extra></extra>",
    )  # fmt: skip


def _bin_unit(span_days: float) -> str:
    if span_days <= 180:
        return "day"
    return "week" if span_days <= 3 * 366 else "month"


def _bins(start_ms: np.ndarray, unit: str) -> tuple[np.ndarray, np.ndarray]:
    """(bin start ms, bin end ms) of each value for a calendar unit (weeks start on Monday)."""
    days = start_ms // DAY_MS
    if unit == "day":
        return days * DAY_MS, (days + 1) * DAY_MS
    if unit == "week":
        monday = days - (days + 3) % 7  # 1970-01-01 was a Thursday
        return monday * DAY_MS, (monday + 7) * DAY_MS
    months = start_ms.astype("datetime64[ms]").astype("datetime64[M]")
    lo = months.astype("datetime64[ms]").astype("int64")
    hi = (months + 1).astype("datetime64[ms]").astype("int64")
    return lo, hi


def _aggregate_trace(start_ms: np.ndarray, codes: np.ndarray) -> tuple[Trace, str, int]:
    """Counts per (lane, calendar bin) as one WebGL trace; customdata holds the bin's [start, end) ms."""
    unit = _bin_unit((start_ms.max() - start_ms.min()) / DAY_MS)
    lo, hi = _bins(start_ms, unit)
    keys = (codes.astype("int64") << 40) | ((lo // DAY_MS) - (lo.min() // DAY_MS))
    unique, first, counts = np.unique(keys, return_index=True, return_counts=True)
    lane = (unique >> 40).astype("float64")
    b_lo, b_hi = lo[first], hi[first]
    size = 6 + 22 * np.sqrt(counts / counts.max())
    trace = _trace(
        "scattergl" if len(unique) > 1000 else "scatter",  # WebGL start-up costs more than a few SVG marks
        x=((b_lo + b_hi) // 2).astype("float64"), y=lane, mode="markers", name=f"events per {unit}",
        marker={"size": size, "color": counts.astype("float64"), "colorscale": "Viridis", "showscale": True,
                "colorbar": {"title": {"text": f"per {unit}"}}},
        customdata=np.column_stack([b_lo, b_hi]).astype("float64"),
        hovertemplate=f"%{{marker.color:,}} events in the {unit} of %{{x|%Y-%m-%d}}<extra></extra>",
    )  # fmt: skip
    return trace, unit, len(unique)


def _layout(lane_labels: list[str], options: PlotOptions, show_slider: bool) -> dict[str, object]:
    """Lanes on y (first on top), dates on x with a range slider, larger type to present.

    Zoom presets are the app's (view.ZOOM_PRESETS), not Plotly's range buttons: those act in the
    browser only, so the view they show could not be shared as a link.
    """
    n = len(lane_labels)
    font = 18 if options.presentation else 12
    xaxis: dict[str, object] = {
        "type": "date",
        "rangeslider": {"visible": show_slider, "thickness": 0.06},
    }
    if options.zoom_from or options.zoom_to:
        lo = options.zoom_from or date(1900, 1, 1)
        hi = (options.zoom_to or date(2100, 1, 1)) + timedelta(days=1)
        xaxis["range"] = [lo.isoformat(), hi.isoformat()]
    return {
        "title": {"text": _esc(options.title)} if options.title else None,
        "barmode": "overlay", "clickmode": "event+select", "hovermode": "closest",
        "height": int(min(1200, max(360, 170 + (44 if options.presentation else 34) * n))),
        "margin": {"l": 10, "r": 10, "t": 40 if options.title else 20, "b": 10},
        "font": {"size": font}, "xaxis": xaxis, "legend": {"orientation": "h", "y": -0.18},
        "yaxis": {"tickvals": list(range(n)), "ticktext": [_esc(s) for s in lane_labels],
                  "range": [n - 0.4, -0.6], "fixedrange": True, "showgrid": True, "zeroline": False,
                  "automargin": True},  # lane names are never clipped, whatever the type size
    }  # fmt: skip


def timeline_figure(events: pd.DataFrame, articles: pd.DataFrame, options: PlotOptions) -> go.Figure:
    """The timeline: one lane per actor/country/type/outlet, events coloured by type, sources strip below."""
    dated = events.loc[events["start"].notna()].copy()
    dated.loc[dated["end"].isna(), "end"] = dated["start"]
    positions, names = _lane_rows(dated, options.lanes)
    codes, lane_labels = _lane_codes(names, options.max_lanes) if len(names) else (np.zeros(0, "int32"), [])
    if options.lanes not in _LANE_COLUMNS and len(positions):
        lane_labels = ["events"]
    traces: list[Trace] = []
    notes: list[dict[str, object]] = []
    aggregated = len(positions) > options.max_marks
    if aggregated:
        trace, unit, n_marks = _aggregate_trace(to_ms(dated["start"])[positions], codes)
        traces.append(trace)
        notes.append(
            _note(f"{len(dated):,} events as {n_marks:,} counts per {unit}: filter or zoom to see each event")
        )
    elif len(positions):
        y, busy = _spread(codes)
        rows = dated.iloc[positions].assign(_y=y, _busy=busy)
        colours = _colours(rows["type"])
        for name, group in rows.groupby("type", sort=True):
            traces.extend(_event_traces(group, colours[str(name)], str(name)))
        traces.extend(_selected(rows, options.selected_id))
    pub = _publication_trace(articles, float(len(lane_labels))) if len(articles) else None
    if pub is not None:
        traces.append(pub)
        lane_labels = [*lane_labels, PUBLISHED_LANE]
    if not len(positions):
        notes.append(_note("No dated events match the current filters", x=0.5, y=0.5))
    layout = _layout(
        lane_labels, options, show_slider=not aggregated and len(positions) <= options.max_slider_marks
    )
    layout["annotations"] = notes
    return go.Figure(data=traces, layout=layout, _validate=False)


def _note(text: str, x: float = 0, y: float = 1.02) -> dict[str, object]:
    """A paper-positioned text note (aggregation notice, empty-view message)."""
    left = x == 0
    return {"text": text, "xref": "paper", "yref": "paper", "x": x, "y": y, "showarrow": False,
            "xanchor": "left" if left else "center", "yanchor": "bottom" if left else "middle"}  # fmt: skip


def _selected(rows: pd.DataFrame, selected_id: str | None) -> list[Trace]:
    """Ring the selected event so the drill-down and the chart point at the same thing."""
    chosen = rows.loc[rows["id"] == selected_id] if selected_id else rows.iloc[0:0]
    if chosen.empty:
        return []
    mid = ((to_ms(chosen["start"]) + to_ms(chosen["end"]) + DAY_MS) // 2).astype("float64")
    return [_trace(
        "scatter", x=mid, y=chosen["_y"].to_numpy(dtype="float64"), mode="markers", name="selected",
        showlegend=False,
        marker={"symbol": "circle-open", "size": 26, "color": "black", "line": {"width": 3}},
        customdata=chosen[["id"]].to_numpy(dtype=object), hoverinfo="skip",
    )]  # fmt: skip


def selection_ids(selection: object) -> tuple[list[str], tuple[int, int] | None]:
    """Event ids and an aggregated bin ([start, end) ms) from a Streamlit plotly selection state.

    Streamlit returns each point's customdata as a dict {'0': value} (or a list); a
    bar's x is its end, so positions are never used: only the ids we put in customdata.
    """
    points = _part(selection, "points")
    ids: list[str] = []
    span: tuple[int, int] | None = None
    for point in points:
        custom = point.get("customdata") if isinstance(point, dict) else None
        values = list(custom.values()) if isinstance(custom, dict) else custom
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list | tuple) or not values:
            continue
        first = values[0]
        if isinstance(first, str) and not first.startswith("article:"):
            ids.append(first)
        elif isinstance(first, int | float) and len(values) > 1 and span is None:
            span = (int(first), int(values[1]))
    return list(dict.fromkeys(ids)), span


def _part(selection: object, name: str) -> list[object]:
    """selection.selection.<name> ('points', 'box') of a Streamlit plotly state, a dict or attributes."""
    inner = (
        selection.get("selection") if isinstance(selection, dict) else getattr(selection, "selection", None)
    )
    if inner is None:
        return []
    part = inner.get(name) if isinstance(inner, dict) else getattr(inner, name, None)
    return list(part) if isinstance(part, list | tuple) else []


def selection_box_dates(selection: object) -> tuple[date, date] | None:
    """The days spanned by the first box drawn with Plotly's Box Select tool, or None.

    Streamlit 1.67 reports no zoom or pan (relayout) of a chart, only selections: a box is the one
    x-range the app receives. On a date axis its ends come as date strings ('2024-01-10 18:02:40.79'),
    on a numeric axis as epoch milliseconds.
    """
    boxes = _part(selection, "box")
    ends = boxes[0].get("x") if boxes and isinstance(boxes[0], dict) else None
    if not isinstance(ends, list | tuple) or len(ends) != 2:
        return None
    try:
        stamps = sorted(
            pd.Timestamp(v, unit="ms") if isinstance(v, int | float) else pd.Timestamp(v) for v in ends
        )
    except (TypeError, ValueError):
        return None
    if any(pd.isna(s) for s in stamps):
        return None
    return stamps[0].date(), stamps[1].date()
