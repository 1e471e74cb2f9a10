"""Property tests (CI profile): every fuzz target of targets.py holds its invariants on generated input.

benchmarks/fuzz.py runs the same targets with >= 10,000 examples each.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.hardening.targets import TARGETS, Target

#: The CI profile: enough to catch regressions in a few seconds per target.
CI_EXAMPLES = 150


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_target_holds_its_invariants(target: Target) -> None:
    @settings(
        max_examples=CI_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(target.strategy)
    def run(value: Any) -> None:
        target.check(value)

    run()
