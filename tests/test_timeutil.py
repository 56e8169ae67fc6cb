"""Date-time parsing: the fast path for common shapes agrees with the full grammar on every string."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dossier_check import timeutil
from dossier_check.timeutil import When, parse_when

_parse = timeutil._parse_when.__wrapped__


def _full_grammar(value: str) -> When | None:
    original = timeutil._common_shape
    timeutil._common_shape = lambda v: False  # type: ignore[assignment]
    try:
        return _parse(value)
    finally:
        timeutil._common_shape = original


SEEDS = [
    "2026-10-20T09:10:00+07:00",
    "2026-10-20T09:10",
    "2026-10-20 09:10:00",
    "2026-10-20T09:10+07:00",
    "2026-10-20",
    "2026-02-29T09:10",
    "2024-02-29",
    "2026-10-20T24:00",
    "2026-10-20T09:10:00+0700",
    "2026-10-20T09:10+07",
]
ALPHABET = "0123456789-T :+Z.z٠١"


@st.composite
def near_dates(draw: st.DrawFn) -> str:
    chars = list(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 3))):
        chars[draw(st.integers(0, len(chars) - 1))] = draw(st.sampled_from(ALPHABET))
    return "".join(chars)


@given(near_dates())
def test_fast_path_agrees_with_the_grammar(value: str) -> None:
    assert _parse(value) == _full_grammar(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-20T09:10:00+07:00", When(datetime(2026, 10, 20, 9, 10), True)),
        ("2026-10-20T02:10:00Z", When(datetime(2026, 10, 20, 9, 10), True)),
        ("2026-10-19T20:00:00-05:00", When(datetime(2026, 10, 20, 8, 0), True)),
        ("2026-10-20T09:10:00+0700", When(datetime(2026, 10, 20, 9, 10), True)),
        ("2026-10-20T09:10:00+07", When(datetime(2026, 10, 20, 9, 10), True)),
        ("2026-10-20T09:10:00+07:0", None),
        ("2026-10-20", When(datetime(2026, 10, 20), False)),
        ("2026-02-30T09:10", None),
        ("2026-10-20T24:00", None),
        ("2026-10-20T09:10\n", None),
        ("２０２６-10-20", None),
        ("9999-12-31T23:00-05:00", None),
        (20261020, None),
    ],
)
def test_parse_when(text: object, expected: When | None) -> None:
    assert parse_when(text) == expected
