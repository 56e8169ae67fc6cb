"""Date-time parsing: the fast path for common shapes agrees with the full grammar on every string."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier_check import timeutil
from dossier_check.timeutil import Precision, When, parse_when

D, M, S = Precision.DATE, Precision.MINUTE, Precision.SECOND

_parse = timeutil._parse_when.__wrapped__
_full_grammar = timeutil._grammar


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
ALPHABET = "0123456789-T :+Z.z٠١é\ud800"


@st.composite
def near_dates(draw: st.DrawFn) -> str:
    chars = list(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 3))):
        chars[draw(st.integers(0, len(chars) - 1))] = draw(st.sampled_from(ALPHABET))
    return "".join(chars)


@settings(max_examples=500)  # microseconds each: many strings for the shapes' edges
@given(near_dates())
def test_fast_path_agrees_with_the_grammar(value: str) -> None:
    assert _parse(value) == _full_grammar(value)


SHAPES = [
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dt%H:%M",
]
OFFSETS = [
    "",
    "",
    "+07:00",
    "+07:00",
    "+08:00",
    "-07:00",
    "+07:30",
    "+0700",
    "+07",
    "Z",
    ".250",
    ".250+07:00",
]


@st.composite
def shaped(draw: st.DrawFn) -> str:
    """A real date or date-time in one of the common shapes or near one (another offset, a fraction), some
    with one character replaced (a letter, another digit, a non-ASCII digit, a line break)."""
    moment = draw(st.datetimes(min_value=datetime(1000, 1, 1)))
    shape = draw(st.sampled_from(SHAPES))
    text = moment.strftime(shape) + (draw(st.sampled_from(OFFSETS)) if "H" in shape else "")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text) - 1))
        text = text[:at] + draw(st.sampled_from(ALPHABET + "t\n29")) + text[at + 1 :]
    return text


@settings(max_examples=500)  # microseconds each: many strings for the shapes' edges
@given(shaped())
def test_fast_path_agrees_on_shaped_strings(value: str) -> None:
    assert _parse(value) == _full_grammar(value)


@settings(max_examples=500)  # microseconds each: many strings for the shapes' edges
@given(st.text(alphabet=ALPHABET, min_size=8, max_size=26))
def test_fast_path_agrees_on_any_string(value: str) -> None:
    assert _parse(value) == _full_grammar(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-20T09:10:00+07:00", When(datetime(2026, 10, 20, 9, 10), S)),
        ("2026-10-20T02:10:00Z", When(datetime(2026, 10, 20, 9, 10), S)),
        ("2026-10-19T20:00:00-05:00", When(datetime(2026, 10, 20, 8, 0), S)),
        ("2026-10-20T09:10:00+0700", When(datetime(2026, 10, 20, 9, 10), S)),
        ("2026-10-20T09:10:00+07", When(datetime(2026, 10, 20, 9, 10), S)),
        ("2026-10-20T09:10+07:00", When(datetime(2026, 10, 20, 9, 10), M)),
        ("2026-10-20 09:10", When(datetime(2026, 10, 20, 9, 10), M)),
        ("2026-10-20T09:10:30.250", When(datetime(2026, 10, 20, 9, 10, 30), S)),  # fractions below precision
        ("2026-10-20T02:10Z", When(datetime(2026, 10, 20, 9, 10), M)),
        ("2026-10-20T09:10:00+07:0", None),
        ("2026-10-20", When(datetime(2026, 10, 20), D)),
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


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        # the coarser precision of the two wins: date, minute or second
        ("2026-10-20T09:10", "2026-10-20T09:10:30", "same"),
        ("2026-10-20T09:10:30+07:00", "2026-10-20T09:10", "same"),
        ("2026-10-20T09:10:30", "2026-10-20T09:10:45", "before"),
        ("2026-10-20T09:10:30.900", "2026-10-20T09:10:30", "same"),
        ("2026-10-20T09:10:59", "2026-10-20T09:11", "before"),
        ("2026-10-20T09:11", "2026-10-20T09:10:59", "after"),
        ("2026-10-20", "2026-10-20T23:59:59", "same"),
        ("2026-10-20T23:59", "2026-10-21", "before"),
        ("2026-10-20T02:10:30Z", "2026-10-20T09:10", "same"),
    ],
)
def test_times_compare_at_the_coarser_precision(a: str, b: str, relation: str) -> None:
    x, y = parse_when(a), parse_when(b)
    assert x is not None and y is not None
    assert (x.same(y), x.before(y), x.after(y)) == (
        relation == "same",
        relation == "before",
        relation == "after",
    )
    assert (y.same(x), y.after(x), y.before(x)) == (x.same(y), x.before(y), x.after(y))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2026-10-20", "2026-10-20"),
        ("2026-10-20T09:10", "2026-10-20T09:10"),
        ("2026-10-20T09:10:00+07:00", "2026-10-20T09:10"),
        ("2026-10-20T09:10:30+07:00", "2026-10-20T09:10:30"),
    ],
)
def test_isoformat_shows_seconds_only_when_written_and_not_zero(text: str, shown: str) -> None:
    w = parse_when(text)
    assert w is not None and w.isoformat() == shown


_HOUR_24 = st.builds(
    lambda day, rest: f"{day}T24:{rest}",
    st.sampled_from(["2026-10-20", "2026-12-31", "2026-02-30"]),
    st.sampled_from(["00", "00:00", "01", "00:00+07:00", "00+07:00", "00:01:00+07:00", "00:00+08:00"]),
)


def _reads_hour_24(text: str) -> datetime:
    """``datetime.fromisoformat`` as Python 3.12 and later read hour 24: midnight of the next day."""
    if len(text) > 11 and text[11:13] == "24" and text[13:19] in (":00", ":00:00"):
        return datetime.fromisoformat(text[:11] + "00" + text[13:]) + timedelta(days=1)
    return datetime.fromisoformat(text)


@settings(max_examples=200)
@given(st.one_of(_HOUR_24, near_dates()))
def test_hour_24_is_left_to_the_grammar_whatever_fromisoformat_reads(value: str) -> None:
    # The fast path skips its own hour-24 test where fromisoformat rejects hour 24 as the grammar does: on a
    # Python whose fromisoformat reads it (3.12 on), the test must come back and the grammar decide.
    assert timeutil._rejects_hour_24() == timeutil._NO_HOUR_24
    assert _parse(value) == _full_grammar(value)
    saved = timeutil._from_iso, timeutil._NO_HOUR_24
    timeutil._from_iso = _reads_hour_24  # type: ignore[assignment]
    try:
        timeutil._NO_HOUR_24 = timeutil._rejects_hour_24()
        assert not timeutil._NO_HOUR_24
        assert _parse(value) == _full_grammar(value)
    finally:
        timeutil._from_iso, timeutil._NO_HOUR_24 = saved
