"""Shared test configuration. Keep it small: fixtures used by several test modules only."""

from __future__ import annotations

import os
from typing import Any

# --- Hypothesis profiles (property-based testing kit: test_properties.py, test_fuzz.py) ----------------
#
#   ci    the default: bounded, so the property and fuzz suites stay well under 3 minutes on 2 cores
#   long  on demand, many more examples: pytest --hypothesis-profile=long   (or HYPOTHESIS_PROFILE=long)
#
# Per-example deadlines stay on in both profiles: they are how the fuzz tests prove "no hang".
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # the library and most tests work without Hypothesis
    settings = None  # type: ignore[assignment,misc]
else:
    settings.register_profile(
        "ci",
        max_examples=25,
        derandomize=True,  # CI gates merges: the same examples every run; the long profile explores
        deadline=2000,  # ms per example
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.register_profile(
        "long",
        max_examples=1000,
        deadline=10_000,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config: Any) -> None:
    # Hypothesis's own plugin loads --hypothesis-profile; doing it here too makes the choice independent
    # of the order in which the plugin and this file are configured.
    if settings is not None:
        chosen = config.getoption("hypothesis_profile", None)
        settings.load_profile(chosen or os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# --- end of Hypothesis profiles --------------------------------------------------------------------------
