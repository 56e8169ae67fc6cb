"""The checker memoises deadlines on what the rules of counting read of the receipt time; the memo gives
exactly what computing each deadline afresh gives.

The keys (:func:`deadline_key`, :func:`transfer_key`) say that a day-based limit reads only the date of
the effective receipt, ``same_day`` and the transfer the date and the side of their cut-off, and
``working_hours`` the exact time. These properties hold that to the counting itself, on arbitrary receipt
times: working days, days off, the cut-off minute (seconds included), years without an official schedule,
and the last days of the calendar. What the checker counts on a memo miss (``deadline_facts``,
``transfer_facts``) is held to ``compute_deadline`` and ``transfer_deadline`` the same way.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dossier_check.config import Settings
from dossier_check.deadlines import (
    compute_deadline,
    deadline_facts,
    deadline_key,
    effective_key,
    effective_receipt,
    transfer_deadline,
    transfer_facts,
    transfer_key,
)
from dossier_check.rules._context import Context
from dossier_check.timeutil import Precision, When
from dossier_check.workdays import OfficeHours

_SETTINGS = Settings.default()
_CAL, _HOURS = _SETTINGS.calendar, _SETTINGS.hours

# Receipt days: this decade (official and provisional years, Tết, make-up Saturdays) and the end of the
# calendar, where a count runs past 9999-12-31.
_DAYS = st.one_of(
    st.dates(min_value=date(2024, 12, 20), max_value=date(2028, 2, 20)),
    st.dates(min_value=date(9999, 12, 20), max_value=date(9999, 12, 31)),
)
# Times of day near the session bounds and the 15:00 cut-off are drawn often.
_NEAR = [time(7, 29), time(7, 30), time(11, 29, 59), time(11, 30), time(13, 30), time(14, 59, 59)]
_NEAR += [time(15, 0), time(15, 0, 30), time(15, 0, 59, 999999), time(15, 1), time(16, 59), time(17, 0)]
_TIMES = st.one_of(st.sampled_from(_NEAR), st.times())
# (unit, amount, cut-off) as the catalogue's deadline terms give them.
_TERMS = st.one_of(
    st.tuples(st.sampled_from(["working_days", "calendar_days", "calendar_months"]), st.integers(0, 40)),
    st.tuples(st.just("working_hours"), st.integers(0, 30)),
    st.tuples(st.just("same_day"), st.none()),
).flatmap(
    lambda t: st.tuples(
        st.just(t[0]),
        st.just(t[1]),
        st.sampled_from([None, "15:00", "11:30", "16:00"]) if t[0] == "same_day" else st.none(),
    )
)


def _facts(unit: str, amount: int | None, cutoff: str | None, effective: datetime, count: bool) -> Any:
    d = compute_deadline(
        unit, amount, effective, cutoff=cutoff, calendar=_CAL, hours=_HOURS, count_receipt_day=count
    )
    return (d.due_date, d.due, d.instant, d.provisional_years)


def _transfer(effective: datetime) -> Any:
    d = transfer_deadline(effective, _CAL, _HOURS)
    return (d.due_date, d.due, d.instant, d.provisional_years)


@settings(max_examples=400, deadline=None)
@given(
    day=_DAYS,
    shift=st.integers(0, 1),
    t1=_TIMES,
    t2=_TIMES,
    terms=_TERMS,
    count=st.booleans(),
)
@example(
    day=date(2026, 10, 20),
    shift=0,
    t1=time(15, 0),
    t2=time(15, 0, 59),
    terms=("same_day", None, None),
    count=False,
)
@example(
    day=date(2026, 10, 20),
    shift=0,
    t1=time(15, 0),
    t2=time(15, 1),
    terms=("same_day", None, None),
    count=False,
)
@example(
    day=date(9999, 12, 31),
    shift=0,
    t1=time(9, 0),
    t2=time(16, 0),
    terms=("working_days", 3, None),
    count=True,
)
def test_receipts_with_equal_keys_have_equal_deadlines(
    day: date, shift: int, t1: time, t2: time, terms: tuple[str, int | None, str | None], count: bool
) -> None:
    unit, amount, cutoff = terms
    second = day + timedelta(days=shift) if day < date.max else day
    e1 = effective_receipt(datetime.combine(day, t1), _CAL, _HOURS)
    e2 = effective_receipt(datetime.combine(second, t2), _CAL, _HOURS)
    if deadline_key(unit, amount, cutoff, e1) == deadline_key(unit, amount, cutoff, e2):
        assert _facts(unit, amount, cutoff, e1, count) == _facts(unit, amount, cutoff, e2, count)
    if transfer_key(e1) == transfer_key(e2):
        assert _transfer(e1) == _transfer(e2)


_HOURS_VARIANTS = [
    _HOURS,
    OfficeHours(((time(7, 30), time(11, 30)), (time(11, 30), time(17, 0)))),  # adjacent sessions
    OfficeHours(((time(8, 0), time(16, 0)),)),
    OfficeHours(((time(7, 0), time(9, 0)), (time(10, 0), time(12, 0)), (time(14, 0), time(18, 30)))),
]


@settings(max_examples=400, deadline=None)
@given(day=_DAYS, t1=_TIMES, t2=_TIMES, hours=st.sampled_from(_HOURS_VARIANTS))
@example(day=date(2026, 10, 20), t1=time(11, 30), t2=time(12, 0), hours=_HOURS)
@example(day=date(2026, 10, 20), t1=time(11, 30), t2=time(11, 45), hours=_HOURS_VARIANTS[1])
def test_receipts_with_equal_effective_keys_move_alike(
    day: date, t1: time, t2: time, hours: OfficeHours
) -> None:
    """Equal keys: both receipts are their own effective receipts, or both move to the same one."""
    r1, r2 = datetime.combine(day, t1), datetime.combine(day, t2)
    if effective_key(r1, hours) == effective_key(r2, hours):
        e1, e2 = effective_receipt(r1, _CAL, hours), effective_receipt(r2, _CAL, hours)
        assert (e1 == r1) == (e2 == r2)
        assert e1 in (r1, e2)


# Limits that have no deadline, which both ways of counting refuse alike.
_NO_DEADLINE = st.sampled_from(
    [
        ("unknown", None, None),
        ("weeks", 2, None),
        ("working_days", None, None),
        ("working_days", -1, None),
        ("calendar_days", True, None),
        ("same_day", None, "3pm"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(
    day=_DAYS,
    t=_TIMES,
    terms=_TERMS | _NO_DEADLINE,
    count=st.booleans(),
    hours=st.sampled_from(_HOURS_VARIANTS),
)
@example(day=date(9999, 12, 31), t=time(16, 0), terms=("working_days", 3, None), count=True, hours=_HOURS)
def test_the_facts_counted_for_the_checker_are_the_deadlines_facts(
    day: date, t: time, terms: tuple[str, int | None, str | None], count: bool, hours: OfficeHours
) -> None:
    """What the checker counts on a memo miss (deadline_facts, transfer_facts: no Deadline built, the effective
    receipt not moved again) is what compute_deadline and transfer_deadline give of the same effective
    receipt, limits with no deadline refused with the same error."""
    unit, amount, cutoff = terms
    effective = effective_receipt(datetime.combine(day, t), _CAL, hours)
    try:
        d = compute_deadline(
            unit, amount, effective, cutoff=cutoff, calendar=_CAL, hours=hours, count_receipt_day=count
        )
    except ValueError as exc:
        with pytest.raises(ValueError, match=re.escape(str(exc))):
            deadline_facts(unit, amount, cutoff, effective, _CAL, hours, count)
    else:
        found = deadline_facts(unit, amount, cutoff, effective, _CAL, hours, count)
        assert tuple(found) == (d.due_date, d.due, d.instant, d.provisional_years)
    transfer = transfer_deadline(effective, _CAL, hours)
    found = transfer_facts(effective, _CAL, hours)
    assert tuple(found) == (transfer.due_date, transfer.due, transfer.instant, transfer.provisional_years)


class _Version:
    """A procedure version with the given deadline terms on every channel (what Context reads of one)."""

    def __init__(self, terms: tuple[str, int | None, str | None]) -> None:
        self.terms = ((None, terms),)

    def deadline_terms(self, channel: str, case: str | None = None) -> Any:
        return self.terms


@settings(max_examples=100, deadline=None)
@given(
    receipts=st.lists(st.tuples(_DAYS, _TIMES), min_size=1, max_size=12),
    terms=_TERMS,
)
def test_the_shared_memo_gives_what_counting_afresh_gives(
    receipts: list[tuple[date, time]], terms: tuple[str, int | None, str | None]
) -> None:
    """Dossiers checked one after another share one memo, as a checker's do."""
    unit, amount, cutoff = terms
    memo: dict[tuple[Any, ...], Any] = {}
    for day, t in receipts:
        received = When.of(datetime.combine(day, t), Precision.SECOND)
        ctx = Context(
            {"channel": "direct"}, _Version(terms), "ok", received, _SETTINGS, datetime(2026, 12, 31), memo
        )  # type: ignore[arg-type]
        effective = effective_receipt(received.local, _CAL, _HOURS)
        expected = _facts(unit, amount, cutoff, effective, _SETTINGS.count_receipt_day)
        if isinstance(expected, str):
            with pytest.raises(ValueError, match=re.escape(expected)):
                ctx.deadline_and_case()
            continue
        assert ctx.effective_receipt() == effective
        found, case = ctx.deadline_and_case()
        assert found is not None and case is None
        assert tuple(found) == expected
        transfer = transfer_deadline(effective, _CAL, _HOURS)
        assert ctx.transfer_deadline() == transfer.due
        moved = range(received.local.year, effective.year + 1)
        years = {y for y in moved if not _CAL.is_official(y)} | expected[3] | transfer.provisional_years
        assert ctx.provisional_years == years


@settings(max_examples=300, deadline=None)
@given(day=_DAYS, t=_TIMES, terms=_TERMS)
@example(day=date(2026, 10, 20), t=time(15, 0, 59), terms=("same_day", None, "15:00"))
def test_the_context_keys_its_memo_as_the_key_functions_do(
    day: date, t: time, terms: tuple[str, int | None, str | None]
) -> None:
    """The context builds the commonest keys itself (no call a dossier): the keys it stores are exactly
    those effective_key, deadline_key and transfer_key give."""
    unit, amount, cutoff = terms
    memo: dict[tuple[Any, ...], Any] = {}
    received = When.of(datetime.combine(day, t), Precision.SECOND)
    ctx = Context(
        {"channel": "direct"}, _Version(terms), "ok", received, _SETTINGS, datetime(2026, 12, 31), memo
    )  # type: ignore[arg-type]
    ctx.deadline_and_case()
    ctx.transfer_deadline()
    effective = effective_receipt(received.local, _CAL, _HOURS)
    assert set(memo) == {
        effective_key(received.local, _HOURS),
        deadline_key(unit, amount, cutoff, effective),
        transfer_key(effective),
    }
