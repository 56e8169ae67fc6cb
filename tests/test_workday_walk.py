"""The deadlines' day counts against a walk that asks :meth:`WorkCalendar.is_working_day` day by day:
the working-day count (a walk over each year's days off with a recorder of the counted days; without one,
a bisection of the calendar's running totals of working days), the calendar-day count (one step without a
recorder), and the running totals themselves (:meth:`WorkCalendar.nth_after`,
:meth:`WorkCalendar.working_days_between`, the indicators' working days): the same answers on any
calendar, across new years and past 9999-12-31."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier_check.deadlines import _calendar_days, _working_days
from dossier_check.indicators import elapsed
from dossier_check.workdays import OfficeHours, WorkCalendar, parse_calendar

BUILTIN = WorkCalendar.builtin()
HOURS = OfficeHours()
STARTS = st.one_of(
    st.dates(date(2016, 1, 1), date(2031, 12, 31)),
    st.dates(date(9999, 11, 1), date(9999, 12, 31)),  # the walk may run past the last date
    st.dates(date(2025, 12, 1), date(2026, 1, 5)),  # across a new year
)


def _with_days_off(days: Sequence[date], working: Sequence[date] = ()) -> WorkCalendar:
    """The built-in calendar with these days off and these (weekend) days worked, one layer a date."""
    layers = [
        {"year": d.year, "days_off": [{"date": d.isoformat(), "reason_vi": "Nghỉ đột xuất", "kind": "local"}]}
        for d in days
    ] + [
        {"year": d.year, "working_days": [{"date": d.isoformat(), "reason_vi": "Làm bù"}]}
        for d in working
        if d not in days
    ]
    return BUILTIN.with_schedules(*(s for layer in layers for s in parse_calendar(layer, "<test>")))


def _calendar(start: date, offsets: list[int], worked: list[int]) -> WorkCalendar:
    """Days off and worked days near ``start`` (a layer's years are 1900–2199; past them, the built-in one)."""
    if start.year >= 2199:
        return BUILTIN
    off = [start + timedelta(days=o) for o in offsets]
    on = [start + timedelta(days=o) for o in worked]
    return _with_days_off(off, on) if off or on else BUILTIN


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


def _nth_walked(d: date, n: int, cal: WorkCalendar) -> object:
    """The n-th working day after ``d`` asked day by day; the OverflowError past 9999-12-31."""
    try:
        while n > 0:
            d += timedelta(days=1)
            n -= cal.is_working_day(d)
    except OverflowError:
        return OverflowError
    return d


OFFSETS = st.lists(st.integers(-10, 400), max_size=6)


@settings(max_examples=300)
@given(n=st.integers(0, 400), start=STARTS, offsets=OFFSETS, worked=OFFSETS)
def test_nth_after_is_the_walk_day_by_day(n: int, start: date, offsets: list[int], worked: list[int]) -> None:
    cal = _calendar(start, offsets, worked)
    try:
        found: object = cal.nth_after(start, n)
    except OverflowError:
        found = OverflowError
    walked = _nth_walked(start, n, cal)
    assert found == walked
    # The public count (DC503's): the same day, the end of the calendar where the walk steps off it
    assert cal.nth_working_day_after(start, n) == (date.max if walked is OverflowError else walked)


@settings(max_examples=300)
@given(start=STARTS, days=st.integers(-5, 800), offsets=OFFSETS, worked=OFFSETS, counted=st.booleans())
def test_working_days_between_is_the_walk_day_by_day(
    start: date, days: int, offsets: list[int], worked: list[int], counted: bool
) -> None:
    cal = _calendar(start, offsets, worked)
    stop = date.fromordinal(min(start.toordinal() + days, date.max.toordinal()))
    walked = sum(
        cal.is_working_day(date.fromordinal(o)) for o in range(start.toordinal() + 1, stop.toordinal() + 1)
    )
    assert cal.working_days_between(start, stop) == walked
    # The indicators' working days: the same count (the receipt day as one more when counted)
    begin, end = datetime.combine(start, HOURS.opening), datetime.combine(stop, HOURS.closing)
    assert elapsed("working_days", begin, end, cal, HOURS, count_receipt_day=counted) == (
        walked + counted if stop >= start else 0
    )


@settings(max_examples=300)
@given(n=st.integers(0, 80), start=STARTS, counted=st.booleans(), offsets=OFFSETS, worked=OFFSETS)
def test_the_calendar_day_count_is_the_recorded_walk(
    n: int, start: date, counted: bool, offsets: list[int], worked: list[int]
) -> None:
    cal = _calendar(start, offsets, worked)

    def count(recorded: bool) -> object:
        try:
            return _calendar_days(n, start, cal, HOURS, counted, (lambda *_: None) if recorded else None)
        except OverflowError:
            return OverflowError

    assert count(False) == count(True)
