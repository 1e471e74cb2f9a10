"""app.py under AppTest with the given query parameters: shared by the UI and store AppTests."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run_app(params: dict[str, str | list[str]] | None = None) -> AppTest:
    """One run of the app with `params` in its URL; fails the test on any exception."""
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at
