"""Shared test configuration. Keep it small: fixtures used by several test modules only."""

from __future__ import annotations

import os
from typing import Any

import pytest

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


# --- the real browser (Chromium from the system, driven by Playwright) ---------------------------------
#
# The report's layout is tested in a real browser. CI installs Chromium (.ci/run), so a missing browser
# fails there; on a machine without one, DOSSIER_CHECK_ALLOW_NO_BROWSER=1 skips those tests instead.

CHROMIUM = os.environ.get("DOSSIER_CHECK_CHROMIUM", "/usr/bin/chromium")


def _missing_browser() -> str | None:
    if not os.path.exists(CHROMIUM):
        return f"{CHROMIUM} is not installed (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def browser_required() -> str:
    """The Chromium executable; a test that needs it fails without it unless skipping was asked for."""
    why = _missing_browser()
    if why is not None:
        if os.environ.get("DOSSIER_CHECK_ALLOW_NO_BROWSER") == "1":
            pytest.skip(why)
        pytest.fail(
            f"{why}; browser tests never skip in CI (DOSSIER_CHECK_ALLOW_NO_BROWSER=1 skips them locally)"
        )
    return CHROMIUM
