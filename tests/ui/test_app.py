"""The Streamlit app under AppTest: starts, filters, round-trips the URL, drills down, presentation mode."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import timeline
from tests.ui.apprun import APP, run_app
from tests.ui.synthetic import small_timeline


@pytest.fixture
def fake_build(monkeypatch):
    """The app on the synthetic timeline, whatever the pipeline does (AppTest runs in this process)."""
    monkeypatch.setattr(
        timeline, "build_timeline", lambda sources, settings=None: small_timeline(), raising=False
    )
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def _chart_ids(at: AppTest) -> set[str]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {
        row[0] for t in spec["data"] if "customdata" in t for row in t["customdata"] if isinstance(row, list)
    }


def _qp(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key)
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_starts_and_renders_a_chart(fake_build):
    at = run_app()
    assert _chart_ids(at) >= {"ev-visit", "ev-lands", "ev-month"}
    assert at.caption[0].value.startswith("3 of 3 events")
    assert [t.label for t in at.tabs][:3] == ["Timeline", "Events", "Articles"]


@pytest.mark.parametrize(
    ("widget", "value", "caption", "param"),
    [
        ("w_types", ["visit"], "1 of 3", ("type", ["visit"])),
        ("w_actors", ["Wang Yi"], "3 of 3", ("actor", ["Wang Yi"])),
        ("w_countries", ["Russia"], "1 of 3", ("country", ["Russia"])),
        ("w_search", "consultations", "1 of 3", ("q", ["consultations"])),
        ("w_include_background", False, "2 of 3", ("background", ["0"])),
        ("w_lanes", "actor", "3 of 3", ("lanes", ["actor"])),
    ],
)
def test_filters_update_chart_and_url(fake_build, widget, value, caption, param):
    at = run_app()
    at.sidebar.get("multiselect")  # the sidebar exists outside presentation mode
    element = next(w for kind in ("multiselect", "text_input", "checkbox", "selectbox")
                   for w in at.sidebar.get(kind) if getattr(w, "key", None) == widget)  # fmt: skip
    element.set_value(value).run()
    assert not at.exception
    assert at.caption[0].value.startswith(caption)
    assert _qp(at, param[0]) == param[1]


def test_query_params_round_trip(fake_build):
    params = {"type": ["visit", "arrival"], "lanes": "country", "event": "ev-lands", "min_sources": "1",
              "from": "2024-01-01", "to": "2025-12-31"}  # fmt: skip
    at = run_app(params)
    assert at.sidebar.multiselect(key="w_types").value == ["visit", "arrival"]
    assert at.sidebar.selectbox(key="w_lanes").value == "country"
    assert at.caption[0].value.startswith("2 of 3")
    expected = {k: v if isinstance(v, list) else [v] for k, v in params.items() if k != "min_sources"}
    assert {k: _qp(at, k) for k in expected} == expected


def test_event_link_opens_its_sources(fake_build):
    at = run_app({"event": "ev-visit"})
    assert at.subheader[0].value == "Shoigu visits China"
    text = _markdown(at)
    assert ":orange-background[next week]" in text and ":orange-background[Nov\\. 11\\-14]" in text
    assert 'narrowed by \\"Nov\\. 11\\-14\\"' in text
    assert any("The Moscow Times of 2024" in m.value.replace("\\", "") for m in at.markdown)


def test_chart_selection_opens_drilldown(fake_build):
    at = run_app()
    at.session_state["chart"] = {"selection": {"points": [{"customdata": {"0": "ev-lands"}}]}}
    at.run()
    assert not at.exception
    assert at.subheader[0].value == "Shoigu lands in Beijing"
    assert _qp(at, "event") == ["ev-lands"]
    assert "**Shoigu** _arrived_ in Beijing :orange-background[on Friday]" in _markdown(at)


def test_article_text_is_never_markup(fake_build):
    at = run_app({"event": "ev-lands"})
    text = _markdown(at)
    assert "[*evil*](http://x)" not in text and "\\[\\*evil\\*\\]\\(http\\:\\/\\/x\\)" in text
    assert "<script>" not in text


def test_presentation_mode_hides_the_sidebar(fake_build):
    at = run_app({"presentation": "1", "event": "ev-visit"})
    assert len(at.sidebar.children) == 0 if hasattr(at.sidebar, "children") else not list(at.sidebar)
    assert at.subheader[0].value == "Shoigu visits China"
    assert at.get("plotly_chart")


@pytest.mark.parametrize(
    ("params", "message"),
    [({"lanes": "bogus"}, "lanes must be one of"),
     ({"min_sources": "lots"}, "min\\_sources must be a whole number"),
     ({"type": "nonexistent"}, "Not in this data set")],
)  # fmt: skip
def test_bad_params_warn_not_crash(fake_build, params, message):
    at = run_app(params)
    assert any(message in w.value for w in at.warning), [w.value for w in at.warning]


@pytest.mark.parametrize("dataset", ["upload:0123456789abcdef", "path:/etc", "bogus"])
def test_unknown_dataset_says_so(fake_build, dataset):
    at = run_app({"dataset": dataset})
    assert at.error and ("not on this server" in at.error[0].value or "unknown data set" in at.error[0].value)


def test_real_pipeline_on_sample():
    """The sample through the real pipeline (once timeline.build_timeline exists)."""
    st.cache_resource.clear()
    if getattr(timeline, "build_timeline", None) is None:
        pytest.skip("timeline.build_timeline is not in this checkout yet")
    at = run_app()
    assert len(_chart_ids(at)) >= 3


def test_pasted_text_builds_its_own_data_set():
    """Paste one sample article: the real pipeline builds it and the view points at the new data set."""
    st.cache_resource.clear()
    text = next((Path(APP).parent / "sample_data").glob("000_*.txt")).read_text(encoding="utf-8")
    at = run_app()
    at.sidebar.radio(key="w_source").set_value("Paste").run()
    at.sidebar.text_area[0].set_value(text).run()
    next(b for b in at.sidebar.button if b.label == "Build from text").click().run()
    assert not at.exception, at.exception
    assert _qp(at, "dataset")[0].startswith("paste:")
    assert "1 articles" in at.caption[0].value
    assert _chart_ids(at)


def test_box_selection_offers_its_range_as_the_zoom_in_the_url(fake_build):
    at = run_app()
    box = {"xref": "x", "yref": "y", "x": ["2024-11-09 18:02:40.79", "2025-03-02 06:00:00"], "y": [2.5, -0.5]}
    at.session_state["chart"] = {"selection": {"points": [{"customdata": {"0": "ev-lands"}}], "box": [box]}}
    at.run()
    assert not at.exception, at.exception
    button = at.button(key="zoom_box")
    assert button.label == "Zoom to the box: 2024-11-09 … 2025-03-02"
    button.click().run()
    assert not at.exception, at.exception
    assert (_qp(at, "zoom_from"), _qp(at, "zoom_to")) == (["2024-11-09"], ["2025-03-02"])
    assert at.sidebar.date_input(key="w_zoom").value == (date(2024, 11, 9), date(2025, 3, 2))
    assert not [w.value for w in at.warning], [w.value for w in at.warning]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["xaxis"]["range"] == ["2024-11-09", "2025-03-03"]


def test_a_click_without_a_box_offers_no_zoom(fake_build):
    at = run_app()
    at.session_state["chart"] = {"selection": {"points": [{"customdata": {"0": "ev-lands"}}], "box": []}}
    at.run()
    assert not at.exception
    assert not [b for b in at.button if b.key == "zoom_box"]


@pytest.mark.parametrize(
    ("preset", "expected"),
    [("year", (["2024-02-29"], ["2025-02-28"])), ("all", ([], []))],
)
def test_zoom_presets_are_in_the_url(fake_build, preset, expected):
    at = run_app({"zoom_from": "2024-12-01", "zoom_to": "2024-12-31"})
    at.sidebar.button(key=f"zoom_{preset}").click().run()
    assert not at.exception, at.exception
    assert (_qp(at, "zoom_from"), _qp(at, "zoom_to")) == expected
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert ("range" in spec["layout"]["xaxis"]) == bool(expected[0])
