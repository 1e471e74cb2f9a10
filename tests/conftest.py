"""Fixtures shared by the whole suite: where the sample and ../shared live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_data"
SHARED_DIR = ROOT.parent / "shared"


def require_shared(*parts: str) -> Path:
    """The path below ../shared, or skip (fail under CI=true) when it is missing."""
    path = SHARED_DIR.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: these tests need the team's ../shared checkout"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true, so this is a failure, not a skip)")
        pytest.skip(message)
    return path


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture
def shared_dir() -> Path:
    return require_shared()


@pytest.fixture
def meantime_dir() -> Path:
    return require_shared("data", "meantime-en")
