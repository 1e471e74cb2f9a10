"""Fixtures shared by the whole suite: where the sample and ../shared live."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

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


def load_benchmark(name: str) -> ModuleType:
    """A script of benchmarks/ (not a package) loaded by path, so tests can check its floors."""
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture
def shared_dir() -> Path:
    return require_shared()


@pytest.fixture
def meantime_dir() -> Path:
    return require_shared("data", "meantime-en")
