"""Statutory deadlines, with a day-by-day explanation an officer can check.

Why a module of its own: the deadline is the yardstick of DC203 (appointment beyond the time limit), DC307
(late transfer), DC503 and DC506, and an inspector who disagrees with a finding needs to see *how* the date
was reached: which day was the receipt day, which days were skipped and why (weekend, which holiday, which
swap), which Saturday was worked. Every result therefore carries its explanation (:attr:`Deadline.steps`,
:meth:`Deadline.explain`).

Conventions:

* **Time zone.** Everything is Việt Nam local time. Functions take naive local datetimes; an aware one is
  converted with :func:`to_local` first.
* **Effective receipt**: ``received_at`` moved to the next opening time when it falls outside office
  hours or on a day off.
* **Units**: ``working_days`` N = the end of the N-th working day after the effective receipt date,
  the receipt day not counted (Civil Code 2015 Art. 147; ``count_receipt_day=True`` selects the practice of
  counting it as day 1); ``calendar_days`` N = receipt date + N days, moved to the next working day when that
  is a day off (Civil Code Art. 148(5)); ``calendar_months`` N = the same day of the month N months after the
  receipt date, or that month's last day when it has no such day (Civil Code Art. 148(1)), moved to the
  next working day when that is a day off (the receipt-day convention does not apply to months); ``working_hours`` N = N hours of office time counted from the
  effective receipt time (an exact instant); ``same_day`` = the receipt date when received at or before the
  cut-off (default 15:00), else the next working day.
* **Transfer**: received at or before 15:00, the dossier must reach the deciding agency by the close
  of that day; after 15:00, by the end of the next working day's morning session.
* **Provisional years**: a result that examined a day of a year without an official schedule lists that
  year in ``provisional_years`` (DC007). The helpers :func:`nth_working_day_after` and
  :func:`previous_working_day` report it the same way through :class:`WorkdayResult`.
* **The end of the calendar**: a deadline (or an effective receipt) that would fall after 9999-12-31, the
  last date Python can hold, is ``datetime.max``: nothing representable is later, so every appointment is
  within it — the verdict such a deadline deserves, never an exception.

Performance: the deadline itself is computed with look-ups only (a count of working days bisects the
calendar's running totals of each year, :meth:`WorkCalendar.year_counts`); the explanation (``steps``) is built
lazily on first access, so checking 30,000 dossiers a second does not pay for text nobody reads.
"""

from __future__ import annotations

from bisect import bisect_right
from calendar import monthrange
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import MAXYEAR, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

from .workdays import VN_TZ, DayInfo, OfficeHours, WorkCalendar, format_date

__all__ = [
    "DEFAULT_CUTOFF",
    "TRANSFER_CUTOFF",
    "UNITS",
    "VN_TZ",
    "CaseDeadline",
    "Deadline",
    "DeadlineFacts",
    "DeadlineStep",
    "UnknownDeadline",
    "WorkdayResult",
    "compute_deadline",
    "deadline_facts",
    "effective_receipt",
    "next_working_day",
    "nth_working_day_after",
    "previous_working_day",
    "procedure_deadline",
    "to_local",
    "transfer_deadline",
    "transfer_facts",
]

UNITS = frozenset({"working_days", "calendar_days", "working_hours", "same_day", "calendar_months"})
"""The ``time_limit.unit`` values a deadline can be computed for (``unknown`` has none)."""

DEFAULT_CUTOFF = time(15, 0)
"""Same-day procedures: received after this time, the result is due the next working day (R-6)."""

TRANSFER_CUTOFF = time(15, 0)
"""Transfer to the deciding agency: received after this time, it may wait for the next morning (R-5)."""

_ONE_DAY = timedelta(days=1)
_Date = date  # for annotations inside classes that have a field named ``date``


def to_local(dt: datetime) -> datetime:
    """A naive Việt Nam local datetime: aware values are converted to UTC+7, naive ones are already local."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        return dt
    return dt.astimezone(VN_TZ).replace(tzinfo=None)


def _resolve(calendar: WorkCalendar | None, hours: OfficeHours | None) -> tuple[WorkCalendar, OfficeHours]:
    return (
        calendar if calendar is not None else WorkCalendar.builtin(),
        hours if hours is not None else _DEFAULT_HOURS,
    )


_DEFAULT_HOURS = OfficeHours()


def effective_receipt(
    received_at: datetime, calendar: WorkCalendar | None = None, hours: OfficeHours | None = None
) -> datetime:
    """When the clock starts: ``received_at``, or the next opening time if outside office hours.

    Before the first session of a working day → that session's start; in a gap between sessions → the next
    session's start (12:00 → 13:30; 11:30 sharp is outside); after the last session or on a day off → the
    opening time of the next working day. Returns a naive local datetime (aware input is converted).
    """
    cal, hrs = _resolve(calendar, hours)
    local = to_local(received_at)
    d = local.date()
    if cal.is_working_day(d):
        t = local.time()
        for start, end in hrs.sessions:
            if t < start:
                return datetime.combine(d, start)
            if t < end:
                return local
    following = cal.next_working_day(d)
    if following <= d:  # no working day after 9999-12-31: the clock starts at the end of the calendar
        return datetime.max
    return datetime.combine(following, hrs.opening)


# ---------------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeadlineStep:
    """One calendar day examined while computing a deadline, and what it contributed.

    ``code`` is one of: ``received_outside_office_hours`` (the day the dossier arrived outside office
    hours or on a day off; the clock starts later), ``receipt_day`` (the effective receipt day, not
    counted), ``receipt_day_counted`` (counted as day 1 under the alternative convention),
    ``working_day`` (a counted working day; ``day.code`` is ``makeup_working_day`` for a làm-bù Saturday),
    ``day_off`` (skipped; ``day.code`` says weekend, holiday, swap, compensatory or local),
    ``calendar_day`` (counted in a calendar-day period, day off or not), ``month_day`` /
    ``month_last_day`` (where a month period ends: the same day of the month, or the month's last day),
    ``moved_past_day_off`` /
    ``moved_due_date`` (a calendar-day period ending on a day off moves to the next working day),
    ``within_cutoff`` / ``after_cutoff`` / ``next_working_day`` (same-day and transfer deadlines),
    ``office_hours`` (working-hours period: ``minutes`` of office time counted that day),
    ``beyond_calendar`` (the count ran past 9999-12-31: every appointment is in time).
    """

    date: _Date
    counted: bool
    code: str
    day: DayInfo
    reason_vi: str
    reason_en: str
    ordinal: int | None = None
    minutes: int = 0
    provisional: bool = False

    def reason(self, lang: str = "vi") -> str:
        """The explanation in ``"vi"`` or ``"en"``."""
        return self.reason_en if lang == "en" else self.reason_vi


@dataclass(frozen=True)
class Deadline:
    """A computed deadline (the latest allowed appointment or transfer) and how it was reached.

    For day-based units the deadline is a *date*: an appointment on ``due_date`` at any hour is in time;
    ``due`` is that day's closing time, for display. For ``working_hours`` and ``transfer`` the deadline is
    the instant ``due`` (``instant`` is True): an appointment exactly at it is in time. Use
    :meth:`accepts` rather than comparing by hand.
    """

    unit: str
    """``working_days``, ``calendar_days``, ``calendar_months``, ``working_hours``, ``same_day`` or ``transfer``."""
    amount: int | None
    received_at: datetime
    """The receipt time as given, in local time."""
    effective_receipt: datetime
    due_date: date
    due: datetime
    instant: bool
    provisional: bool
    """True when a day examined fell in a year without an official schedule (DC007)."""
    provisional_years: frozenset[int]
    cutoff: time | None = None
    """The same-day or transfer cut-off that was applied, else None."""
    count_receipt_day: bool = False
    """Which day-counting convention was used (False: the receipt day is not counted)."""
    calendar: WorkCalendar = field(default_factory=WorkCalendar.builtin, repr=False, compare=False)
    hours: OfficeHours = field(default_factory=OfficeHours, repr=False, compare=False)
    case: str | None = None
    """The id of the procedure's case whose time limit this is; None for a procedure without cases."""
    case_name: str | None = None
    cases: tuple[CaseDeadline, ...] = ()
    """When no case was named: every case's deadline; this one is the longest of them."""

    @cached_property
    def steps(self) -> tuple[DeadlineStep, ...]:
        """One explanation item per calendar day examined, from the day of receipt to the due date."""
        return _build_steps(self)

    def accepts(self, appointment: date | datetime) -> bool:
        """Whether an appointment (or transfer) at this time is within the deadline.

        A date-only value compares by date; an aware datetime is converted to local time first.
        """
        if isinstance(appointment, datetime):
            local = to_local(appointment)
            return local <= self.due if self.instant else local.date() <= self.due_date
        return appointment <= self.due_date

    def describe_limit(self, lang: str = "vi") -> str:
        """The time limit in words: "7 ngày làm việc (không tính ngày tiếp nhận)"."""
        return _describe_limit(self, lang)

    def explain(self, lang: str = "vi") -> str:
        """A day-by-day explanation in Vietnamese (``"vi"``) or English (``"en"``), one line per day."""
        if lang not in ("vi", "en"):
            raise ValueError(f"lang must be 'vi' or 'en', got {lang!r}")
        return _explain(self, lang)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record of the result and its steps (ISO dates, local times without offset)."""
        return {
            "unit": self.unit,
            "amount": self.amount,
            "cutoff": _hm(self.cutoff) if self.cutoff is not None else None,
            "count_receipt_day": self.count_receipt_day,
            "received_at": self.received_at.isoformat(timespec="minutes"),
            "effective_receipt": self.effective_receipt.isoformat(timespec="minutes"),
            "due_date": self.due_date.isoformat(),
            "due": self.due.isoformat(timespec="minutes"),
            "instant": self.instant,
            "provisional": self.provisional,
            "provisional_years": sorted(self.provisional_years),
            "limit_vi": self.describe_limit("vi"),
            "limit_en": self.describe_limit("en"),
            **_case_dict(self),
            "steps": [
                {
                    "date": s.date.isoformat(),
                    "counted": s.counted,
                    "code": s.code,
                    "day_code": s.day.code,
                    "ordinal": s.ordinal,
                    "minutes": s.minutes,
                    "provisional": s.provisional,
                    "reason_vi": s.reason_vi,
                    "reason_en": s.reason_en,
                }
                for s in self.steps
            ],
        }


@dataclass(frozen=True, slots=True)
class WorkdayResult:
    """A date found by walking the calendar, with the provisional years the walk went through (DC007)."""

    date: _Date
    provisional_years: frozenset[int]

    @property
    def provisional(self) -> bool:
        """True when a day examined fell in a year without an official schedule."""
        return bool(self.provisional_years)


class CaseDeadline(NamedTuple):
    """One case's deadline, listed when a dossier names no case and the longest limit applies."""

    case: str
    name: str
    due_date: date | None
    """None when that case's limit has no unit (no deadline can be computed for it)."""
    limit_vi: str
    limit_en: str


@dataclass(frozen=True)
class UnknownDeadline:
    """A time limit published without a unit (a bare number, or no information): no deadline exists.

    The appointment cannot be judged against it (the deadline rule is not evaluable); :meth:`explain`
    says so in Vietnamese or English.
    """

    amount: int | None
    received_at: datetime
    case: str | None = None
    case_name: str | None = None
    cases: tuple[CaseDeadline, ...] = ()
    unit: str = "unknown"

    def describe_limit(self, lang: str = "vi") -> str:
        """The published limit in words: "5 (không rõ đơn vị tính)", or "không có thông tin"."""
        if self.amount is None:
            return "không có thông tin" if lang == "vi" else "no information"
        return f"{self.amount} (không rõ đơn vị tính)" if lang == "vi" else f"{self.amount} (no unit given)"

    def explain(self, lang: str = "vi") -> str:
        """Why no deadline can be computed, in Vietnamese (``"vi"``) or English (``"en"``)."""
        if lang not in ("vi", "en"):
            raise ValueError(f"lang must be 'vi' or 'en', got {lang!r}")
        vi = lang == "vi"
        lines = _case_lines(self, lang)
        if not self.cases:
            lines.append(("Thời hạn: " if vi else "Time limit: ") + self.describe_limit(lang) + ".")
        when = f"{_hm(self.received_at.time())} {format_date(self.received_at.date(), lang)}"
        lines.append(f"Nhận hồ sơ lúc {when}." if vi else f"Received at {when}.")
        lines.append(
            "Không tính được hạn giải quyết: thời hạn đã công bố không có đơn vị tính (ngày làm việc, ngày, "
            "giờ, tháng), nên không thể đối chiếu ngày hẹn trả kết quả với thời hạn."
            if vi
            else "No deadline can be computed: the published time limit has no unit (working days, days, "
            "hours, months), so the appointment cannot be judged against it."
        )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record: the limit as published, and no due date."""
        return {
            "unit": self.unit,
            "amount": self.amount,
            "received_at": self.received_at.isoformat(timespec="minutes"),
            "due_date": None,
            "due": None,
            "limit_vi": self.describe_limit("vi"),
            "limit_en": self.describe_limit("en"),
            **_case_dict(self),
            "steps": [],
        }


def _case_dict(dl: Deadline | UnknownDeadline) -> dict[str, Any]:
    return {
        "case": dl.case,
        "case_name": dl.case_name,
        "cases": [
            {
                "case": c.case,
                "name": c.name,
                "due_date": c.due_date.isoformat() if c.due_date else None,
                "limit_vi": c.limit_vi,
                "limit_en": c.limit_en,
            }
            for c in dl.cases
        ],
    }


def _case_lines(dl: Deadline | UnknownDeadline, lang: str) -> list[str]:
    """The lines that say which case's limit applies, before the day-by-day explanation."""
    vi = lang == "vi"
    if dl.cases:
        lines = [
            "Hồ sơ không ghi trường hợp: áp dụng thời hạn dài nhất trong các trường hợp của thủ tục."
            if vi
            else "The dossier names no case: the longest time limit of the procedure's cases applies."
        ]
        for c in dl.cases:
            due = (
                format_date(c.due_date, lang)
                if c.due_date
                else ("không tính được" if vi else "cannot be computed")
            )
            limit = c.limit_vi if vi else c.limit_en
            lines.append(f"- {c.case} ({c.name}): {limit}; " + (f"hạn {due}." if vi else f"due {due}."))
        if dl.case is not None:
            lines.append(
                f"Dài nhất: trường hợp {dl.case} ({dl.case_name})."
                if vi
                else f"The longest: case {dl.case} ({dl.case_name})."
            )
        return lines
    if dl.case is not None:
        return [f"Trường hợp {dl.case}: {dl.case_name}." if vi else f"Case {dl.case}: {dl.case_name}."]
    return []


def procedure_deadline(
    candidates: Sequence[tuple[str | None, str | None, Any]], received_at: datetime, settings: Any
) -> Deadline | UnknownDeadline:
    """The deadline of a procedure for a dossier: ``candidates`` are (case id, case name, time limit).

    One candidate: its deadline (an :class:`UnknownDeadline` for a limit without a unit). Several (a
    dossier that names none of the procedure's cases): the longest — deadlines are compared, not
    amounts, as the units may differ — listing every case's deadline in ``cases``; unknown when any
    case's limit is.
    """
    received = to_local(received_at)
    results: list[tuple[str | None, str | None, Any, Deadline | None]] = []
    for case, name, limit in candidates:
        found = None if limit.unit == "unknown" else limit_deadline(limit, received, settings)
        results.append((case, name, limit, found))
    if len(results) == 1:
        case, name, limit, found = results[0]
        if found is None:
            return UnknownDeadline(getattr(limit, "amount", None), received, case, name)
        return replace(found, case=case, case_name=name)
    listed = tuple(
        CaseDeadline(
            str(case),
            str(name),
            found.due_date if found else None,
            found.describe_limit("vi")
            if found
            else UnknownDeadline(limit.amount, received).describe_limit("vi"),
            found.describe_limit("en")
            if found
            else UnknownDeadline(limit.amount, received).describe_limit("en"),
        )
        for case, name, limit, found in results
    )
    known = [(case, name, found) for case, name, _, found in results if found is not None]
    if len(known) < len(results):
        return UnknownDeadline(None, received, cases=listed)
    case, name, longest = max(known, key=lambda k: (k[2].due_date, not k[2].instant, k[2].due))
    return replace(longest, case=case, case_name=name, cases=listed)


# ---------------------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------------------


def compute_deadline(
    unit: str,
    amount: int | None,
    received_at: datetime,
    *,
    cutoff: str | time | None = None,
    calendar: WorkCalendar | None = None,
    hours: OfficeHours | None = None,
    count_receipt_day: bool = False,
) -> Deadline:
    """The statutory deadline (the latest allowed appointment) for a dossier received at ``received_at``.

    ``amount`` is required (an int ≥ 0) for ``working_days``, ``calendar_days``, ``calendar_months`` and
    ``working_hours`` and
    ignored for ``same_day``, whose ``cutoff`` ("HH:MM" or a time, default 15:00) applies instead.
    ``count_receipt_day`` selects the convention of counting the receipt day as day 1 (day-based units
    only). ``calendar`` defaults to :meth:`WorkCalendar.builtin`, ``hours`` to the default office hours.
    Raises :class:`ValueError` for an unknown unit, a missing or negative amount, or a bad cut-off.
    """
    cal, hrs = _resolve(calendar, hours)
    n, cut = _limit(unit, amount, cutoff)
    received = to_local(received_at)
    er = effective_receipt(received, cal, hrs)
    due_date, due = _saturated(unit, n, er, cut, cal, hrs, count_receipt_day)
    years = cal.provisional_years(received.date(), due_date)
    return Deadline(
        unit=unit,
        amount=n,
        received_at=received,
        effective_receipt=er,
        due_date=due_date,
        due=due,
        instant=unit == "working_hours",
        provisional=bool(years),
        provisional_years=years,
        cutoff=cut,
        count_receipt_day=count_receipt_day if unit in ("working_days", "calendar_days") else False,
        calendar=cal,
        hours=hrs,
    )


_AMOUNT_UNITS = UNITS - {"same_day"}


def _limit(unit: str, amount: int | None, cutoff: str | time | None) -> tuple[int | None, time | None]:
    """The amount and the cut-off a deadline is counted with; ValueError for a limit that has no deadline."""
    if type(amount) is int and amount >= 0 and unit in _AMOUNT_UNITS:  # a valid limit in an amount: most
        return amount, None
    if unit == "unknown":
        raise ValueError("a time limit published without a unit has no deadline (unit 'unknown')")
    if unit not in UNITS:
        raise ValueError(f"unknown time-limit unit {unit!r}; expected one of {', '.join(sorted(UNITS))}")
    if unit == "same_day":
        return None, _parse_cutoff(cutoff, DEFAULT_CUTOFF)
    if amount is None or isinstance(amount, bool) or not isinstance(amount, int):
        raise ValueError(f"a {unit} time limit needs an integer amount, got {amount!r}")
    if amount < 0:
        raise ValueError(f"a time limit cannot be negative, got {amount}")
    return amount, None


class DeadlineFacts(NamedTuple):
    """What the checker's rules read of a :class:`Deadline`: no explanation, no receipt times."""

    due_date: date
    due: datetime
    instant: bool
    provisional_years: frozenset[int]


_new_facts = tuple.__new__  # DeadlineFacts(...) without the Python-level __new__ of a NamedTuple


# The checker counts a deadline for each receipt day it has not met yet (rules/_context.py memoises the rest):
# these give what the rules read of compute_deadline's and transfer_deadline's results for a receipt time
# already effective (effective_receipt of one is itself), without the Deadline, its fields and the receipt
# moved again. tests/test_deadline_memo.py holds them to those results.
def deadline_facts(
    unit: str,
    amount: int | None,
    cutoff: str | None,
    effective: datetime,
    calendar: WorkCalendar,
    hours: OfficeHours,
    count_receipt_day: bool,
) -> DeadlineFacts:
    """:func:`compute_deadline`'s due date and time, instant flag and provisional years for an effective
    receipt time (a naive local one that :func:`effective_receipt` leaves where it is)."""
    n, cut = _limit(unit, amount, cutoff)
    due_date, due = _saturated(unit, n, effective, cut, calendar, hours, count_receipt_day)
    years = calendar.provisional_years(effective.date(), due_date)
    return _new_facts(DeadlineFacts, (due_date, due, unit == "working_hours", years))


def transfer_facts(effective: datetime, calendar: WorkCalendar, hours: OfficeHours) -> DeadlineFacts:
    """:func:`deadline_facts` of :func:`transfer_deadline` (default cut-off)."""
    due_date, due = _saturated("transfer", None, effective, TRANSFER_CUTOFF, calendar, hours, False)
    return _new_facts(
        DeadlineFacts, (due_date, due, True, calendar.provisional_years(effective.date(), due_date))
    )


def within_cutoff(er: datetime, cut: time) -> bool:
    """Whether a dossier whose clock starts at ``er`` came at or before the cut-off ``cut``.

    The cut-off is written to the minute, and times compare at the coarser precision: 15:00:30 is 15:00.
    This is all the cut-off rules (``same_day``, the transfer) read of the time of day.
    """
    return time(er.hour, er.minute) <= cut


def effective_key(received: datetime, hours: OfficeHours) -> tuple[str, date, int]:
    """What :func:`effective_receipt` reads of a (local) receipt time, as a key for memoising it.

    ``"effective"`` (the key shares a memo with the deadlines' keys), the date, and how many of the
    sessions' bounds (starts and ends, in order) the time of day has reached: receipts with equal keys have
    one effective receipt, except inside a session (an odd count), where each receipt is its own.
    """
    return "effective", received.date(), bisect_right(hours.bounds, received.time())


DAY_UNITS = frozenset({"working_days", "calendar_days", "calendar_months"})
"""The units whose deadline depends on the date of the effective receipt alone (see :func:`deadline_key`)."""


def deadline_key(unit: str, amount: int | None, cutoff: str | None, effective: datetime) -> tuple[Any, ...]:
    """What :func:`compute_deadline` reads of an effective receipt time, as a key for memoising it.

    For one calendar, one set of office hours and one day-counting convention, two effective receipts
    with equal keys have deadlines with the same due date and time, instant flag and provisional years:
    the day-based units read only the date, ``same_day`` the date and the side of its cut-off, and
    ``working_hours`` the exact time. (The explanation differs: it tells the receipt time.)
    """
    if unit in DAY_UNITS:
        return (unit, amount, effective.date())
    if unit == "same_day":
        side = within_cutoff(effective, _same_day_cutoff(cutoff))
        return (unit, cutoff, effective.date(), side)
    return (unit, amount, cutoff, effective)


@lru_cache(maxsize=64)
def _same_day_cutoff(cutoff: str | None) -> time:
    return _parse_cutoff(cutoff, DEFAULT_CUTOFF)


def transfer_key(effective: datetime) -> tuple[Any, ...]:
    """What :func:`transfer_deadline` (default cut-off) reads of an effective receipt time: its date and
    the side of the cut-off; see :func:`deadline_key`."""
    return ("transfer", effective.date(), within_cutoff(effective, TRANSFER_CUTOFF))


def transfer_deadline(
    received_at: datetime,
    calendar: WorkCalendar | None = None,
    hours: OfficeHours | None = None,
    *,
    cutoff: str | time | None = None,
) -> Deadline:
    """By when the one-stop desk must hand a direct or postal dossier to the deciding agency.

    From the effective receipt time: at or before the cut-off (15:00) → the close of that day (the end of
    the last session); after it → the end of the first (morning) session of the next working day — the law
    says "at the start of the next working day" and the morning is the tolerance. The result is an instant
    (``unit == "transfer"``, ``instant`` True).
    """
    cal, hrs = _resolve(calendar, hours)
    cut = _parse_cutoff(cutoff, TRANSFER_CUTOFF)
    received = to_local(received_at)
    er = effective_receipt(received, cal, hrs)
    due_date, due = _saturated("transfer", None, er, cut, cal, hrs, False)
    years = cal.provisional_years(received.date(), due_date)
    return Deadline(
        unit="transfer",
        amount=None,
        received_at=received,
        effective_receipt=er,
        due_date=due_date,
        due=due,
        instant=True,
        provisional=bool(years),
        provisional_years=years,
        cutoff=cut,
        calendar=cal,
        hours=hrs,
    )


def limit_deadline(limit: Any, received_at: datetime, settings: Any) -> Deadline:
    """The deadline of a procedure's time limit (a ``time_limit`` model) under ``settings``."""
    return compute_deadline(
        limit.unit,
        getattr(limit, "amount", None),
        received_at,
        cutoff=getattr(limit, "cutoff", None),
        calendar=settings.calendar,
        hours=settings.hours,
        count_receipt_day=settings.count_receipt_day,
    )


def nth_working_day_after(d: date, n: int, calendar: WorkCalendar | None = None) -> WorkdayResult:
    """The ``n``-th working day after ``d`` (``d`` not counted), with the provisional years walked through.

    DC503: an appraisal-stage supplement request is late when issued after the 3rd working day following
    the effective receipt date. The days examined are those after ``d`` up to the result.
    """
    cal = calendar if calendar is not None else WorkCalendar.builtin()
    result = cal.nth_working_day_after(d, n)
    return WorkdayResult(result, cal.provisional_years(d + _ONE_DAY if n else d, result))


def next_working_day(d: date, calendar: WorkCalendar | None = None) -> WorkdayResult:
    """The first working day after ``d``, with the provisional years walked through."""
    cal = calendar if calendar is not None else WorkCalendar.builtin()
    result = cal.next_working_day(d)
    return WorkdayResult(result, cal.provisional_years(d + _ONE_DAY, result))


def previous_working_day(d: date, calendar: WorkCalendar | None = None) -> WorkdayResult:
    """The last working day before ``d``, with the provisional years walked through.

    DC506: an apology must be issued no later than the working day before the appointment it moves.
    The days examined are those from the result up to the day before ``d``.
    """
    cal = calendar if calendar is not None else WorkCalendar.builtin()
    result = cal.previous_working_day(d)
    return WorkdayResult(result, cal.provisional_years(result, d - _ONE_DAY))


# ---------------------------------------------------------------------------------------------------
# Computation (one code path for the fast result and for the explanation)
# ---------------------------------------------------------------------------------------------------

_Recorder = Callable[[date, bool, str, "int | None", int, str, str], None]


def _parse_cutoff(cutoff: str | time | None, default: time) -> time:
    if cutoff is None:
        return default
    if isinstance(cutoff, time):
        if cutoff.tzinfo is not None:
            raise ValueError("a cut-off must be a local time without tzinfo")
        return cutoff
    if (
        isinstance(cutoff, str)
        and len(cutoff) == 5
        and cutoff[2] == ":"
        and cutoff.replace(":", "").isascii()
    ):
        try:
            return time.fromisoformat(cutoff)
        except ValueError:
            pass
    raise ValueError(f"a cut-off must be a time HH:MM, got {cutoff!r}")


def _hm(t: time) -> str:
    return f"{t:%H:%M:%S}" if t.second or t.microsecond else f"{t:%H:%M}"


def _duration(minutes: int, lang: str) -> str:
    h, m = divmod(minutes, 60)
    if lang == "en":
        return f"{h} h {m:02d} min" if m else f"{h} h"
    return f"{h} giờ {m} phút" if m and h else (f"{m} phút" if m else f"{h} giờ")


def _ordinal_vi(k: int) -> str:
    return "thứ nhất" if k == 1 else f"thứ {k}"


def _compute(
    unit: str,
    n: int | None,
    er: datetime,
    cut: time | None,
    cal: WorkCalendar,
    hrs: OfficeHours,
    count_receipt_day: bool,
    rec: _Recorder | None,
) -> tuple[date, datetime]:
    start = er.date()
    if unit == "working_days":
        assert n is not None
        return _working_days(n, start, cal, hrs, count_receipt_day, rec)
    if unit == "calendar_days":
        assert n is not None
        return _calendar_days(n, start, cal, hrs, count_receipt_day, rec)
    if unit == "calendar_months":
        assert n is not None
        return _calendar_months(n, start, cal, hrs, rec)
    if unit == "working_hours":
        assert n is not None
        return _working_hours(n, er, cal, hrs, rec)
    assert cut is not None
    if unit == "same_day":
        return _cutoff_rule(er, cut, cal, hrs, hrs.closing, hrs.closing, False, rec)
    return _cutoff_rule(er, cut, cal, hrs, hrs.closing, hrs.morning_end, True, rec)


def _saturated(
    unit: str,
    n: int | None,
    er: datetime,
    cut: time | None,
    cal: WorkCalendar,
    hrs: OfficeHours,
    count_receipt_day: bool,
) -> tuple[date, datetime]:
    try:
        return _compute(unit, n, er, cut, cal, hrs, count_receipt_day, None)
    except OverflowError:  # the count ran past 9999-12-31 (module docstring: the end of the calendar)
        return date.max, datetime.max


def _working_days(
    n: int, start: date, cal: WorkCalendar, hrs: OfficeHours, count_receipt_day: bool, rec: _Recorder | None
) -> tuple[date, datetime]:
    if rec is None:
        # Nothing to record: the due day found from the calendar's running totals of working days, not
        # by a walk over the period (tests/test_workday_walk.py holds it to the walk day by day).
        d = cal.nth_after(start, n - 1 if count_receipt_day and n > 0 else n)
        return d, datetime.combine(d, hrs.closing)
    # The explanation's walk, a recorded line a day.
    k = 0
    if count_receipt_day and n > 0:
        k = 1
        rec(
            start,
            True,
            "receipt_day_counted",
            1,
            0,
            "ngày tiếp nhận, tính là ngày làm việc thứ nhất",
            "day of receipt, counted as working day 1",
        )
    else:
        rec(start, False, "receipt_day", None, 0, "ngày tiếp nhận, không tính", "day of receipt, not counted")
    d = start
    # Each year's days off read once (WorkCalendar.days_off), not a call a day.
    year = d.year
    off = cal.days_off(year)
    while k < n:
        d += _ONE_DAY
        if d.year != year:
            year = d.year
            off = cal.days_off(year)
        if d not in off:
            k += 1
            rec(d, True, "working_day", k, 0, f"ngày làm việc {_ordinal_vi(k)}", f"working day {k}")
        else:
            rec(d, False, "day_off", None, 0, "không tính: {day}", "not counted: {day}")
    return d, datetime.combine(d, hrs.closing)


def _calendar_days(
    n: int, start: date, cal: WorkCalendar, hrs: OfficeHours, count_receipt_day: bool, rec: _Recorder | None
) -> tuple[date, datetime]:
    first = 1
    if count_receipt_day and n > 0:
        first = 2
        if rec is not None:
            rec(
                start,
                True,
                "receipt_day_counted",
                1,
                0,
                "ngày tiếp nhận, tính là ngày thứ nhất",
                "day of receipt, counted as day 1",
            )
    elif rec is not None:
        rec(start, False, "receipt_day", None, 0, "ngày tiếp nhận, không tính", "day of receipt, not counted")
    d = start
    if rec is None:
        # Nothing to record: the period's last day in one step (an OverflowError past 9999-12-31, as the
        # walk's); tests/test_workday_walk.py holds it to the walk.
        d += timedelta(days=n - first + 1)
    else:
        for k in range(first, n + 1):
            d += _ONE_DAY
            vi, en = f"ngày {_ordinal_vi(k)}", f"day {k}"
            if not cal.is_working_day(d):
                vi += " — ngày nghỉ vẫn được tính: {day}"
                en += " — days off count too: {day}"
                if k == n:
                    vi += "; hạn rơi vào ngày nghỉ nên chuyển sang ngày làm việc tiếp theo"
                    en += "; the period ends on a day off, so it moves to the next working day"
            rec(d, True, "calendar_day", k, 0, vi, en)
    if cal.is_working_day(d):
        return d, datetime.combine(d, hrs.closing)
    return _past_days_off(d, cal, hrs, rec)


def _past_days_off(
    d: date, cal: WorkCalendar, hrs: OfficeHours, rec: _Recorder | None
) -> tuple[date, datetime]:
    """A period that ends on a day off ends on the next working day instead (Civil Code Art. 148(5))."""
    d += _ONE_DAY
    while not cal.is_working_day(d):
        if rec is not None:
            rec(
                d,
                False,
                "moved_past_day_off",
                None,
                0,
                "hạn tiếp tục lùi qua ngày nghỉ: {day}",
                "the end moves on past a day off: {day}",
            )
        d += _ONE_DAY
    if rec is not None:
        rec(
            d,
            False,
            "moved_due_date",
            None,
            0,
            "ngày làm việc tiếp theo: hạn chuyển sang ngày này (BLDS 2015 Điều 148 khoản 5)",
            "next working day: the period ends here (Civil Code 2015 Art. 148(5))",
        )
    return d, datetime.combine(d, hrs.closing)


def add_months(d: date, n: int) -> date:
    """The same day of the month ``n`` months later, or that month's last day when it has no such day."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    if year > MAXYEAR:  # past 9999-12-31: the end of the calendar, like every other count (module docstring)
        raise OverflowError(f"{n} months after {d.isoformat()} is past the last day of the calendar")
    return date(year, month, min(d.day, monthrange(year, month)[1]))


def _calendar_months(
    n: int, start: date, cal: WorkCalendar, hrs: OfficeHours, rec: _Recorder | None
) -> tuple[date, datetime]:
    end = add_months(start, n)
    if rec is not None:
        rec(start, False, "receipt_day", None, 0, "ngày tiếp nhận, không tính", "day of receipt, not counted")
        months_vi, months_en = f"{n} tháng", _plural(n, "month")
        if end.day == start.day:
            vi = f"ngày tương ứng sau {months_vi} (ngày {start.day})"
            en = f"the same day of the month {months_en} later (day {start.day})"
            code = "month_day"
        else:
            vi = f"tháng {end.month}/{end.year} không có ngày {start.day}: hạn là ngày cuối tháng"
            en = f"month {end.month}/{end.year} has no day {start.day}: the period ends on the month's last day"
            code = "month_last_day"
        if not cal.is_working_day(end):
            vi += " — ngày nghỉ: {day}; hạn chuyển sang ngày làm việc tiếp theo"
            en += " — a day off: {day}; the period moves to the next working day"
        rec(end, True, code, None, 0, vi, en)
    if cal.is_working_day(end):
        return end, datetime.combine(end, hrs.closing)
    return _past_days_off(end, cal, hrs, rec)


def _working_hours(
    n: int, er: datetime, cal: WorkCalendar, hrs: OfficeHours, rec: _Recorder | None
) -> tuple[date, datetime]:
    remaining = timedelta(hours=n)
    d = er.date()
    first_time: time | None = er.time()
    while True:
        if cal.is_working_day(d):
            spans: list[tuple[time, time]] = []
            counted = timedelta(0)
            for s, e in hrs.sessions:
                if first_time is not None:
                    if e <= first_time:
                        continue
                    s = max(s, first_time)
                begin = datetime.combine(d, s)
                available = datetime.combine(d, e) - begin
                if remaining <= available:
                    end = begin + remaining
                    spans.append((s, end.time()))
                    counted += remaining
                    if rec is not None:
                        _record_hours(rec, d, spans, counted, first_time is not None, n, end)
                    return d, end
                remaining -= available
                counted += available
                spans.append((s, e))
            if rec is not None:
                _record_hours(rec, d, spans, counted, first_time is not None, n, None)
        elif rec is not None:
            rec(d, False, "day_off", None, 0, "không tính: {day}", "not counted: {day}")
        first_time = None
        d += _ONE_DAY


def _record_hours(
    rec: _Recorder,
    d: date,
    spans: list[tuple[time, time]],
    counted: timedelta,
    first: bool,
    n: int,
    end: datetime | None,
) -> None:
    minutes = int(counted // timedelta(minutes=1))
    ranges = ", ".join(f"{_hm(s)}–{_hm(e)}" for s, e in spans) if spans else ""
    vi = f"tính {_duration(minutes, 'vi')} làm việc" + (f" ({ranges})" if ranges else "")
    en = f"{_duration(minutes, 'en')} of office time counted" + (f" ({ranges})" if ranges else "")
    if first:
        vi = "ngày tiếp nhận: " + vi
        en = "day of receipt: " + en
    if end is not None:
        vi += f"; đủ {n} giờ làm việc lúc {_hm(end.time())}"
        en += f"; {n} working hour{'s' if n != 1 else ''} reached at {_hm(end.time())}"
    rec(d, True, "office_hours", None, minutes, vi, en)


def _cutoff_rule(
    er: datetime,
    cut: time,
    cal: WorkCalendar,
    hrs: OfficeHours,
    same_day_end: time,
    next_day_end: time,
    transfer: bool,
    rec: _Recorder | None,
) -> tuple[date, datetime]:
    start = er.date()
    t = er.time()
    if within_cutoff(er, cut):
        if rec is not None:
            if transfer:
                vi = f"tiếp nhận lúc {_hm(t)}, không muộn hơn {_hm(cut)}: chuyển hồ sơ ngay trong ngày"
                en = f"received at {_hm(t)}, not after {_hm(cut)}: transfer the same day"
            else:
                vi = f"tiếp nhận lúc {_hm(t)}, không muộn hơn giờ chốt {_hm(cut)}: trả kết quả trong ngày"
                en = f"received at {_hm(t)}, not after the {_hm(cut)} cut-off: result due the same day"
            rec(start, True, "within_cutoff", None, 0, vi, en)
        return start, datetime.combine(start, same_day_end)
    if rec is not None:
        if transfer:
            vi = f"tiếp nhận lúc {_hm(t)}, sau {_hm(cut)}: chuyển vào đầu giờ ngày làm việc tiếp theo"
            en = f"received at {_hm(t)}, after {_hm(cut)}: transfer at the start of the next working day"
        else:
            vi = f"tiếp nhận lúc {_hm(t)}, sau giờ chốt {_hm(cut)}: trả kết quả vào ngày làm việc tiếp theo"
            en = f"received at {_hm(t)}, after the {_hm(cut)} cut-off: result due the next working day"
        rec(start, False, "after_cutoff", None, 0, vi, en)
    d = start + _ONE_DAY
    while not cal.is_working_day(d):
        if rec is not None:
            rec(d, False, "day_off", None, 0, "không tính: {day}", "not counted: {day}")
        d += _ONE_DAY
    if rec is not None:
        if transfer:
            vi = f"ngày làm việc tiếp theo: chuyển chậm nhất {_hm(next_day_end)} (hết buổi làm việc đầu tiên)"
            en = f"next working day: transfer by {_hm(next_day_end)} (end of the first session)"
        else:
            vi, en = "ngày làm việc tiếp theo: hạn trả kết quả", "next working day: the result is due"
        rec(d, True, "next_working_day", None, 0, vi, en)
    return d, datetime.combine(d, next_day_end)


# ---------------------------------------------------------------------------------------------------
# Explanation
# ---------------------------------------------------------------------------------------------------


def _build_steps(dl: Deadline) -> tuple[DeadlineStep, ...]:
    cal = dl.calendar
    steps: list[DeadlineStep] = []

    def rec(d: date, counted: bool, code: str, ordinal: int | None, minutes: int, vi: str, en: str) -> None:
        info = cal.day_info(d)
        if "{day}" in vi:
            vi = vi.replace("{day}", _inline(info.reason_vi))
            en = en.replace("{day}", _inline(info.reason_en))
        elif info.code == "makeup_working_day":
            vi = f"{vi}; {_inline(info.reason_vi)}"
            en = f"{en}; {_inline(info.reason_en)}"
        steps.append(DeadlineStep(d, counted, code, info, vi, en, ordinal, minutes, not info.official))

    # Days between the actual receipt and the effective receipt (arrival outside office hours).
    d = dl.received_at.date()
    start = dl.effective_receipt.date()
    if d < start:
        info = cal.day_info(d)
        if info.is_working_day:
            vi = (
                "nhận hồ sơ sau giờ làm việc; thời điểm tiếp nhận chuyển sang giờ mở cửa ngày làm việc "
                "tiếp theo"
            )
            en = "received after office hours; receipt counts from the next working day's opening"
        else:
            vi = (
                f"nhận hồ sơ vào ngày nghỉ: {_inline(info.reason_vi)}; thời điểm tiếp nhận chuyển sang giờ "
                "mở cửa ngày làm việc tiếp theo"
            )
            en = (
                f"received on a day off: {_inline(info.reason_en)}; receipt counts from the next working "
                "day's opening"
            )
        steps.append(
            DeadlineStep(d, False, "received_outside_office_hours", info, vi, en, None, 0, not info.official)
        )
        d += _ONE_DAY
        while d < start:
            rec(d, False, "day_off", None, 0, "không tính: {day}", "not counted: {day}")
            d += _ONE_DAY
    try:
        _compute(
            dl.unit, dl.amount, dl.effective_receipt, dl.cutoff, cal, dl.hours, dl.count_receipt_day, rec
        )
    except OverflowError:
        last = cal.day_info(date.max)
        vi = "hạn vượt quá ngày 31/12/9999, ngày cuối cùng của lịch: mọi ngày hẹn đều trong hạn"
        en = "the deadline lies beyond 31/12/9999, the last day of the calendar: every appointment is in time"
        steps.append(
            DeadlineStep(date.max, False, "beyond_calendar", last, vi, en, None, 0, not last.official)
        )
    return tuple(steps)


_GENERIC_STARTS = (
    "Nghỉ ",
    "Làm bù",
    "Ngày làm việc",
    "Weekly ",
    "Swapped ",
    "Day off",
    "Make-up",
    "Working day",
)


def _inline(reason: str) -> str:
    """A reason placed after a colon: generic phrases lose their capital, proper names keep theirs."""
    if reason.startswith(_GENERIC_STARTS):
        return reason[0].lower() + reason[1:]
    return reason


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _describe_limit(dl: Deadline, lang: str) -> str:
    n = dl.amount if dl.amount is not None else 0
    counted = dl.count_receipt_day
    cut = _hm(dl.cutoff) if dl.cutoff is not None else ""
    if lang == "en":
        if dl.unit == "working_days":
            return _plural(n, "working day") + (
                " (the receipt day counts as day 1)" if counted else " (the receipt day is not counted)"
            )
        if dl.unit == "calendar_days":
            return _plural(n, "calendar day") + (
                " (the receipt day counts as day 1)" if counted else " (the receipt day is not counted)"
            )
        if dl.unit == "calendar_months":
            return _plural(n, "month") + " (to the same day of the last month, or its last day)"
        if dl.unit == "working_hours":
            return _plural(n, "working hour") + " counted from the effective receipt time"
        if dl.unit == "same_day":
            return f"same day (received after {cut}: the next working day)"
        return f"the same day if received by {cut}, otherwise at the start of the next working day"
    if dl.unit == "working_days":
        return f"{n} ngày làm việc" + (
            " (ngày tiếp nhận được tính là ngày thứ nhất)" if counted else " (không tính ngày tiếp nhận)"
        )
    if dl.unit == "calendar_days":
        return f"{n} ngày theo lịch" + (
            " (ngày tiếp nhận được tính là ngày thứ nhất)" if counted else " (không tính ngày tiếp nhận)"
        )
    if dl.unit == "calendar_months":
        return f"{n} tháng (đến ngày tương ứng của tháng cuối cùng, hoặc ngày cuối của tháng đó)"
    if dl.unit == "working_hours":
        return f"{n} giờ làm việc, tính từ thời điểm tiếp nhận"
    if dl.unit == "same_day":
        return f"trong ngày (tiếp nhận sau {cut} thì trả vào ngày làm việc tiếp theo)"
    return f"trong ngày nếu tiếp nhận đến {cut}; sau {cut} thì chuyển vào đầu giờ ngày làm việc tiếp theo"


def _explain(dl: Deadline, lang: str) -> str:
    vi = lang == "vi"
    received, er = dl.received_at, dl.effective_receipt
    lines: list[str] = []
    if dl.unit == "transfer":
        label = (
            "Thời hạn chuyển hồ sơ cho cơ quan giải quyết: " if vi else "Transfer to the deciding agency: "
        )
    else:
        label = "Thời hạn: " if vi else "Time limit: "
    lines.extend(_case_lines(dl, lang))
    lines.append(label + _describe_limit(dl, lang) + ".")
    when = f"{_hm(received.time())} {format_date(received.date(), lang)}"
    lines.append(f"Nhận hồ sơ lúc {when}." if vi else f"Received at {when}.")
    eff = f"{_hm(er.time())} {format_date(er.date(), lang)}"
    if er != received:
        lines.append(
            f"Thời điểm tiếp nhận để tính hạn: {eff} (nhận ngoài giờ làm việc nên chuyển sang giờ làm "
            "việc kế tiếp)."
            if vi
            else f"Effective receipt: {eff} (received outside office hours, moved to the next opening)."
        )
    else:
        lines.append(f"Thời điểm tiếp nhận để tính hạn: {eff}." if vi else f"Effective receipt: {eff}.")
    if dl.unit in ("working_hours", "transfer"):
        lines.append(
            f"Giờ làm việc: {dl.hours.describe()}." if vi else f"Office hours: {dl.hours.describe()}."
        )
    for step in dl.steps:
        lines.append(f"- {format_date(step.date, lang, capitalize=True)}: {step.reason(lang)}.")
    due_day = format_date(dl.due_date, lang)
    if dl.due == datetime.max:
        lines.append(
            "Hạn cuối: sau ngày 31/12/9999, ngày cuối cùng của lịch; mọi ngày hẹn đều trong hạn."
            if vi
            else "Deadline: after 31/12/9999, the last day of the calendar; every appointment is in time."
        )
    elif dl.unit == "transfer":
        lines.append(
            f"Hạn chuyển hồ sơ: chậm nhất {_hm(dl.due.time())} {due_day}."
            if vi
            else f"Transfer due by {_hm(dl.due.time())} on {due_day}."
        )
    elif dl.instant:
        lines.append(
            f"Hạn cuối: {_hm(dl.due.time())} {due_day}; hẹn trả kết quả đúng thời điểm này vẫn đúng hạn."
            if vi
            else f"Deadline: {_hm(dl.due.time())} on {due_day}; an appointment at exactly this time is in "
            "time."
        )
    else:
        lines.append(
            f"Hạn cuối: hết giờ làm việc ({_hm(dl.due.time())}) {due_day}; ngày hẹn trả kết quả không được "
            "sau ngày này."
            if vi
            else f"Deadline: close of office ({_hm(dl.due.time())}) on {due_day}; the appointment date must "
            "not be later."
        )
    if dl.provisional_years:
        years = ", ".join(str(y) for y in sorted(dl.provisional_years))
        lines.append(
            f"Lưu ý: năm {years} chưa có lịch nghỉ chính thức; ngày nghỉ lễ được tạm tính theo Bộ luật Lao "
            "động 2019 (Điều 111, 112), nên hạn này chỉ là tạm tính."
            if vi
            else f"Note: {years} has no official holiday schedule; public holidays were computed from the "
            "Labour Code 2019 (Art. 111, 112), so this deadline is provisional."
        )
    return "\n".join(lines)
