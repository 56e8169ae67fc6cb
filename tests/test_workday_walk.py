"""The deadlines' working-day count (each year's days off read once) against a walk that asks
:meth:`WorkCalendar.is_working_day` day by day: the same due date and time on any calendar, with and
without a recorder of the counted days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier_check.deadlines import _working_days
from dossier_check.workdays import OfficeHours, WorkCalendar, parse_calendar

BUILTIN = WorkCalendar.builtin()
HOURS = OfficeHours()
STARTS = st.one_of(
    st.dates(date(2016, 1, 1), date(2031, 12, 31)),
    st.dates(date(9999, 11, 1), date(9999, 12, 31)),  # the walk may run past the last date
    st.dates(date(2025, 12, 1), date(2026, 1, 5)),  # across a new year
)


def _with_days_off(days: list[date]) -> WorkCalendar:
    layers = [
        {"year": d.year, "days_off": [{"date": d.isoformat(), "reason_vi": "Nghỉ đột xuất", "kind": "local"}]}
        for d in days
    ]
    return BUILTIN.with_schedules(*(s for layer in layers for s in parse_calendar(layer, "<test>")))


def _walked(n: int, start: date, cal: WorkCalendar, counted: bool) -> object:
    """The n-th working day after ``start`` asked day by day (the receipt day as the first when it is
    counted), at the closing time; or the OverflowError past 9999-12-31."""
    k = 1 if counted and n > 0 else 0
    d = start
    try:
        while k < n:
            d += timedelta(days=1)
            k += cal.is_working_day(d)
    except OverflowError:
        return OverflowError
    return d, datetime.combine(d, HOURS.closing)


def _counted(n: int, start: date, cal: WorkCalendar, counted: bool, recorded: bool) -> object:
    try:
        return _working_days(n, start, cal, HOURS, counted, (lambda *_: None) if recorded else None)
    except OverflowError:
        return OverflowError


@settings(max_examples=300)
@given(
    n=st.integers(0, 80),
    start=STARTS,
    counted=st.booleans(),
    offsets=st.lists(st.integers(0, 40), max_size=4),
    recorded=st.booleans(),
)
def test_the_count_is_the_walk_day_by_day(
    n: int, start: date, counted: bool, offsets: list[int], recorded: bool
) -> None:
    # Days off of a calendar layer (a layer's years are 1900–2199; the walk past 9999 runs on the built-in one)
    days = [start + timedelta(days=o) for o in offsets if start.year < 2199]
    cal = _with_days_off(days) if days else BUILTIN
    assert _counted(n, start, cal, counted, recorded) == _walked(n, start, cal, counted)


@settings(max_examples=200)
@given(day=STARTS)
def test_days_off_is_is_working_day(day: date) -> None:
    cal = _with_days_off([day, day + timedelta(days=2)] if day.year < 2199 else [])
    assert (day not in cal.days_off(day.year)) is cal.is_working_day(day)
