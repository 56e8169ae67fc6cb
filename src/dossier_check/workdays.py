"""The civil-servant working-day calendar of Việt Nam and the one-stop desk's office hours.

Every deadline the checker judges is counted in working days or office hours, so this module
answers one question fast and explains the answer: *is this date a working day, and if not, why not?*

Where the answer comes from, per calendar year:

1. **Official schedule** (shipped as package data in ``dossier_check/calendars/official-YYYY.json``): the
   days off and working Saturdays (làm bù) announced for civil servants by the Government / Ministry of
   Home Affairs (formerly MOLISA). Saturdays and Sundays are days off unless listed as working days.
2. **User calendar files** layered on top with :meth:`WorkCalendar.with_files` (a local day off, a year
   published after this release, a correction).
3. Otherwise the **statutory holidays** of Labour Code 2019 Art. 112, derived with the Vietnamese lunar
   calendar: 1/1; five Tết days = the last day of the lunar year and mùng 1–4; Giỗ Tổ Hùng
   Vương 10/3 lunar; 30/4; 1/5; 2/9 plus its companion day by the weekday rule (Mon→Tue, Tue→Mon, Wed→Tue,
   Thu→Fri, Fri→Thu, Sat→Fri, Sun→Mon); 24/11 from 2026 (NQ 28/2026/QH16); and, by Art. 111(3), a
   compensatory day off on the next working day for a holiday that falls on a Saturday or Sunday. Such a
   year is *provisional*: :meth:`WorkCalendar.is_official` is False and results relying on it carry DC007.
   Older years follow the rules of their time where they differ: Tết has 4 days before 2013, Giỗ Tổ is a
   holiday from 2007, 2/9 has no companion day before 2021. Outside the lunar calendar's range
   (1900–2199, :mod:`dossier_check.lunar`) the lunar holidays cannot be placed: such a year keeps its
   weekends and its fixed-date holidays only, so that a dossier dated in any year 0001–9999 still gets a
   verdict, provisional like every computed year.

Every date from 0001-01-01 to 9999-12-31 can be asked about. A walk that would leave that range stops at
its end: the first working day after 9999-12-31 is "9999-12-31" (nothing representable is later), the
last one before 0001-01-01 is "0001-01-01".

Calendar file format (UTF-8 JSON; one year object, or a JSON array of year objects)::

    {
      "year": 2026,                      # required, 1900–2199
      "official": true,                  # default false; true = the Government's published schedule
      "replace_year": false,             # default false; true = discard every earlier layer for this year
      "source": "TB 9441/TB-BNV ngày 16/10/2025; CV 12729/VPCP-KGVX",   # required when official is true
      "days_off": [
        {"date": "2026-01-02",           # required, inside "year"
         "reason_vi": "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)",   # required
         "reason_en": "Swapped day off around New Year's Day",                          # optional
         "kind": "swap"}                 # holiday | swap | compensatory | local (default holiday)
      ],
      "working_days": [
        {"date": "2026-01-10",           # required, inside "year"; usually a Saturday (làm bù)
         "reason_vi": "Làm bù cho thứ Sáu 02/01/2026",                                   # required
         "reason_en": "Make-up working day for Friday 02/01/2026",                      # optional
         "replaces": "2026-01-02"}       # optional: the weekday given off in exchange
      ]
    }

Unknown keys are ignored (a ``notes`` key is customary). A date may appear only once per file.

Layering: files apply in order, built-in schedules first. A file for a year overrides the dates it lists
and keeps every other day of that year as the earlier layers had it, unless it says ``"replace_year":
true``. One exception keeps derived data from leaking into published data: a file that is ``"official":
true`` for a year that so far only had *computed* holidays replaces that year (an official schedule is
complete by definition). A year is official when its base layer (the last replacing one) is official; an
overlay never changes that status.

Performance: every year's set of non-working dates is built once (per calendar for years with files,
process-wide via :func:`functools.cache` for computed years), so :meth:`WorkCalendar.is_working_day` is a
dictionary look-up and a set membership test; each year's running totals of working days
(:meth:`WorkCalendar.year_counts`) are built on first use, so that counting the working days of a period, or
finding its n-th, is a subtraction or a bisection. Calendars are immutable and safe to share between threads.
"""

from __future__ import annotations

import json
import os
import re
import stat
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

from .lunar import MAX_YEAR, MIN_YEAR, can_chi, lunar_new_year, lunar_to_solar, solar_to_lunar
from .reasons import Reason, os_error, register_reason

__all__ = [
    "DAY_OFF_KINDS",
    "DEFAULT_SESSIONS",
    "VN_TZ",
    "CalendarError",
    "DayInfo",
    "OfficeHours",
    "ScheduleEntry",
    "WorkCalendar",
    "YearSchedule",
    "format_date",
    "load_calendar_file",
    "parse_calendar",
    "weekday_name",
]

NOT_A_FILE = register_reason(
    "not_a_regular_file_read",
    vi="không phải tệp thông thường (một đường ống hoặc thiết bị): không đọc",
    en="not a regular file (a pipe or a device): not read",
)

VN_TZ = timezone(timedelta(hours=7))
"""Việt Nam local time (Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 1975)."""

DAY_OFF_KINDS = frozenset({"holiday", "swap", "compensatory", "local"})
"""``holiday`` a public holiday; ``swap`` a weekday given off in exchange for a working Saturday;
``compensatory`` nghỉ bù for a holiday on a weekend; ``local`` a day off decided locally."""

DEFAULT_SESSIONS: tuple[tuple[time, time], ...] = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))

_ONE_DAY = timedelta(days=1)
_NO_YEARS: frozenset[int] = frozenset()
_Date = date  # for annotations inside classes that have a field named ``date``
_WEEKDAYS_VI = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def weekday_name(d: date, lang: str = "vi", *, capitalize: bool = False) -> str:
    """The weekday as written in running text ("thứ Sáu", "Chủ nhật"; "Friday")."""
    if lang == "en":
        return _WEEKDAYS_EN[d.weekday()]
    name = _WEEKDAYS_VI[d.weekday()]
    return name[0].upper() + name[1:] if capitalize else name


def format_date(d: date, lang: str = "vi", *, capitalize: bool = False) -> str:
    """A date the way an officer writes it, with its weekday: "thứ Sáu 25/04/2025"."""
    return f"{weekday_name(d, lang, capitalize=capitalize)} {d:%d/%m/%Y}"


# ---------------------------------------------------------------------------------------------------
# Office hours
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """The desk's daily sessions, the same on every working day (made-up Saturdays included).

    Provinces set their own hours (legal brief R-6), so they are configuration, not constants. A session
    includes its start and excludes its end (11:30 sharp is outside the 07:30–11:30 session).
    Sessions must be in order and must not overlap; adjacent sessions (one ends when the next starts) are
    allowed.
    """

    sessions: tuple[tuple[time, time], ...] = DEFAULT_SESSIONS
    # The sessions' starts and ends in order, derived once: what the effective receipt's memo key bisects,
    # for every dossier (see deadlines.effective_key).
    bounds: tuple[time, ...] = field(init=False, repr=False, compare=False)
    # When the desk opens and closes and when the first session ends, derived once: fields rather than
    # properties, as every deadline the checker counts reads one (a property is a call).
    opening: time = field(init=False, repr=False, compare=False)
    """When the desk opens: a receipt outside office hours counts from the next opening."""
    closing: time = field(init=False, repr=False, compare=False)
    """When the desk closes: a day-based deadline ends at this time of its last day."""
    morning_end: time = field(init=False, repr=False, compare=False)
    """End of the first session: the transfer tolerance for dossiers received after 15:00."""

    def __post_init__(self) -> None:
        sessions = tuple(tuple(s) for s in self.sessions)
        if not sessions:
            raise ValueError("office hours need at least one session")
        previous_end: time | None = None
        for i, session in enumerate(sessions):
            if len(session) != 2 or not all(isinstance(t, time) for t in session):
                raise ValueError(f"session {i + 1}: expected a (start, end) pair of datetime.time")
            start, end = session
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError(f"session {i + 1}: times must be local (no tzinfo)")
            if not start < end:
                raise ValueError(f"session {i + 1}: start {start:%H:%M} is not before end {end:%H:%M}")
            if previous_end is not None and start < previous_end:
                raise ValueError(
                    f"session {i + 1}: starts at {start:%H:%M}, before the previous session ends "
                    f"({previous_end:%H:%M}); sessions must be ordered and must not overlap"
                )
            previous_end = end
        object.__setattr__(self, "sessions", sessions)
        object.__setattr__(self, "bounds", tuple(t for session in sessions for t in session))
        object.__setattr__(self, "opening", sessions[0][0])
        object.__setattr__(self, "closing", sessions[-1][1])
        object.__setattr__(self, "morning_end", sessions[0][1])

    @classmethod
    def parse(cls, spec: str | Sequence[str]) -> OfficeHours:
        """Build from text: ``"07:30-11:30, 13:30-17:00"`` or ``["07:30-11:30", "13:30-17:00"]``."""
        parts = spec.split(",") if isinstance(spec, str) else list(spec)
        sessions: list[tuple[time, time]] = []
        for part in parts:
            pieces = part.strip().replace("–", "-").split("-")
            if len(pieces) != 2:
                raise ValueError(f"expected HH:MM-HH:MM, got {part.strip()!r}")
            sessions.append((_parse_hhmm(pieces[0]), _parse_hhmm(pieces[1])))
        return cls(tuple(sessions))

    def is_open(self, t: time) -> bool:
        """Whether a time of day falls inside a session (start included, end excluded)."""
        return any(start <= t < end for start, end in self.sessions)

    @property
    def minutes_per_day(self) -> int:
        """Office minutes in one working day (8 h × 60 with the default hours is 450: 4 h + 3 h 30)."""
        total = 0
        for start, end in self.sessions:
            total += (datetime.combine(date.min, end) - datetime.combine(date.min, start)) // timedelta(
                minutes=1
            )
        return total

    def describe(self) -> str:
        """``"07:30–11:30, 13:30–17:00"``."""
        return ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in self.sessions)


def _parse_hhmm(text: str) -> time:
    text = text.strip()
    if not re.fullmatch(r"[0-9]{2}:[0-9]{2}", text):
        raise ValueError(f"expected a time HH:MM, got {text!r}")
    return time.fromisoformat(text)


# ---------------------------------------------------------------------------------------------------
# Parsed calendar files
# ---------------------------------------------------------------------------------------------------


class CalendarError(ValueError):
    """A calendar file that cannot be used; the message names the file, the record and field, and why."""

    def __init__(
        self,
        source: str,
        reason: str,
        *,
        record: int | None = None,
        field: str | None = None,
        why: Reason | None = None,
    ) -> None:
        self.source = source
        self.record = record
        self.field = field
        self.reason = reason
        self.why = why
        """The reason as a registered key, when it has one (shown in the run's language)."""
        where = source
        if record is not None:
            where += f": record [{record}]"
        if field is not None:
            where += f": {field}"
        self.where = where
        super().__init__(f"{where}: {reason}")

    def message(self, lang: str) -> str:
        """The message in ``lang`` where the reason has a text in it (else as ``str()`` gives it)."""
        if self.why is None:
            return str(self)
        where = self.source
        if self.record is not None:
            where += f": {'bản ghi' if lang == 'vi' else 'record'} [{self.record}]"
        if self.field is not None:
            where += f": {self.field}"
        return f"{where}: {self.why.render(lang)}"


@dataclass(frozen=True, slots=True)
class ScheduleEntry:
    """One dated line of a schedule: a day off (``working`` False) or a declared working day (làm bù)."""

    date: date
    working: bool
    kind: str
    """For a day off one of :data:`DAY_OFF_KINDS`; ``"makeup_working_day"`` for a working day."""
    reason_vi: str
    reason_en: str
    replaces: _Date | None = None


@dataclass(frozen=True, slots=True)
class YearSchedule:
    """One year of one calendar file, validated."""

    year: int
    official: bool
    replace_year: bool
    source: str
    """The notice(s) cited by the file, else the file name."""
    origin: str
    """The file (or other input) it was read from, for messages."""
    entries: tuple[ScheduleEntry, ...]


# The reasons a calendar file is refused (shown in the run's language by the command line).
register_reason(
    "cal_not_date",
    vi="cần ngày YYYY-MM-DD, nhận được {value}",
    en="expected a date YYYY-MM-DD, got {value}",
)
register_reason(
    "cal_unreal_date",
    vi="{value} không phải ngày có thật",
    en="{value} is not a real date",
)
register_reason(
    "cal_text",
    vi="cần một chuỗi ký tự không rỗng",
    en="expected a non-empty string",
)
register_reason(
    "cal_text_or_null",
    vi="cần một chuỗi ký tự không rỗng hoặc null",
    en="expected a non-empty string or null",
)
register_reason(
    "cal_not_object",
    vi="cần một đối tượng JSON, nhận được {kind}",
    en="expected a JSON object, got {kind}",
)
register_reason(
    "cal_year_type",
    vi="cần năm là số nguyên, nhận được {value}",
    en="expected an integer year, got {value}",
)
register_reason(
    "cal_year_range",
    vi="năm {year} ngoài phạm vi hỗ trợ {low}–{high}",
    en="{year} is outside the supported range {low}–{high}",
)
register_reason(
    "cal_bool",
    vi="cần true hoặc false, nhận được {value}",
    en="expected true or false, got {value}",
)
register_reason(
    "cal_source",
    vi="cần một chuỗi ký tự không rỗng dẫn thông báo nghỉ lễ",
    en="expected a non-empty string citing the notice",
)
register_reason(
    "cal_official_source",
    vi="lịch chính thức phải dẫn thông báo của nó ở trường `source`",
    en="an official schedule must cite its notice in 'source'",
)
register_reason(
    "cal_list",
    vi="cần một mảng",
    en="expected a list",
)
register_reason(
    "cal_item_object",
    vi="cần một đối tượng, nhận được {kind}",
    en="expected an object, got {kind}",
)
register_reason(
    "cal_other_year",
    vi="ngày {day} không thuộc năm {year} của tệp",
    en="{day} is not in the file's year {year}",
)
register_reason(
    "cal_listed_twice",
    vi="ngày {day} đã có ở {other}",
    en="{day} is already listed in {other}",
)
register_reason(
    "cal_kind",
    vi="cần một trong {kinds}, nhận được {value}",
    en="expected one of {kinds}, got {value}",
)
register_reason(
    "cal_empty_array",
    vi="mảng không có năm lịch nào",
    en="the array holds no calendar year",
)
register_reason(
    "cal_cannot_read",
    vi="không đọc được tệp ({error})",
    en="cannot read the file ({error})",
)
register_reason(
    "cal_not_utf8",
    vi="không phải văn bản UTF-8 ({detail} ở byte {byte})",
    en="not UTF-8 text ({detail} at byte {byte})",
)
register_reason(
    "cal_bad_json",
    vi="không phải JSON hợp lệ ({detail} ở dòng {line}, cột {column})",
    en="not valid JSON ({detail} at line {line}, column {column})",
)


def _fail(source: str, record: int | None, field: str | None, key: str, **params: Any) -> NoReturn:
    why = Reason(key, params)
    raise CalendarError(source, why.render("en"), record=record, field=field, why=why)


def _parse_date(value: Any, source: str, record: int | None, field: str) -> date:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        _fail(source, record, field, "cal_not_date", value=repr(value))
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(source, record, field, "cal_unreal_date", value=repr(value))


def _text(
    item: Mapping[str, Any], key: str, source: str, record: int | None, where: str, required: bool
) -> str:
    value = item.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        _fail(source, record, f"{where}.{key}", "cal_text" if required else "cal_text_or_null")
    return " ".join(value.split())


def _parse_year(doc: Any, source: str, record: int | None) -> YearSchedule:
    if not isinstance(doc, dict):
        _fail(source, record, None, "cal_not_object", kind=type(doc).__name__)
    year = doc.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        _fail(source, record, "year", "cal_year_type", value=repr(year))
    if not MIN_YEAR <= year <= MAX_YEAR:
        _fail(source, record, "year", "cal_year_range", year=year, low=MIN_YEAR, high=MAX_YEAR)
    flags: dict[str, bool] = {}
    for key in ("official", "replace_year"):
        value = doc.get(key, False)
        if not isinstance(value, bool):
            _fail(source, record, key, "cal_bool", value=repr(value))
        flags[key] = value
    src = doc.get("source")
    if src is not None and (not isinstance(src, str) or not src.strip()):
        _fail(source, record, "source", "cal_source")
    if flags["official"] and src is None:
        _fail(source, record, "source", "cal_official_source")

    entries: list[ScheduleEntry] = []
    seen: dict[date, str] = {}
    for list_key, working in (("days_off", False), ("working_days", True)):
        items = doc.get(list_key, [])
        if items is None:
            items = []
        if not isinstance(items, list):
            _fail(source, record, list_key, "cal_list")
        for i, item in enumerate(items):
            where = f"{list_key}[{i}]"
            if not isinstance(item, dict):
                _fail(source, record, where, "cal_item_object", kind=type(item).__name__)
            d = _parse_date(item.get("date"), source, record, f"{where}.date")
            if d.year != year:
                _fail(source, record, f"{where}.date", "cal_other_year", day=d.isoformat(), year=year)
            if d in seen:
                _fail(source, record, f"{where}.date", "cal_listed_twice", day=d.isoformat(), other=seen[d])
            seen[d] = where
            reason_vi = _text(item, "reason_vi", source, record, where, True)
            reason_en = _text(item, "reason_en", source, record, where, False) or reason_vi
            replaces: date | None = None
            if working:
                kind = "makeup_working_day"
                if item.get("replaces") is not None:
                    replaces = _parse_date(item["replaces"], source, record, f"{where}.replaces")
            else:
                kind_value = item.get("kind", "holiday")
                if kind_value not in DAY_OFF_KINDS:
                    _fail(
                        source,
                        record,
                        f"{where}.kind",
                        "cal_kind",
                        kinds=", ".join(sorted(DAY_OFF_KINDS)),
                        value=repr(kind_value),
                    )
                kind = str(kind_value)
            entries.append(ScheduleEntry(d, working, kind, reason_vi, reason_en, replaces))
    entries.sort(key=lambda e: e.date)
    return YearSchedule(
        year=year,
        official=flags["official"],
        replace_year=flags["replace_year"],
        source=" ".join(src.split()) if isinstance(src, str) else source,
        origin=source,
        entries=tuple(entries),
    )


def parse_calendar(data: Any, source: str = "<calendar>") -> tuple[YearSchedule, ...]:
    """Validate already-decoded calendar JSON (one year object or an array of them).

    ``source`` names the input in :class:`CalendarError` messages. Records are numbered from 0 only when
    the document is an array.
    """
    if isinstance(data, list):
        if not data:
            _fail(source, None, None, "cal_empty_array")
        return tuple(_parse_year(doc, source, i) for i, doc in enumerate(data))
    return (_parse_year(data, source, None),)


def load_calendar_file(path: str | os.PathLike[str]) -> tuple[YearSchedule, ...]:
    """Read and validate one calendar file (see the module docstring for the format)."""
    name = os.fspath(path)
    try:
        if not stat.S_ISREG(os.stat(name).st_mode):  # a pipe or a device would be waited for, or endless
            why = Reason(NOT_A_FILE)
            raise CalendarError(name, why.render("en"), why=why)
        raw = Path(name).read_bytes()
    except OSError as exc:
        _fail(name, None, None, "cal_cannot_read", error=os_error(exc))
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        _fail(name, None, None, "cal_not_utf8", detail=exc.reason, byte=exc.start)
    except json.JSONDecodeError as exc:
        _fail(name, None, None, "cal_bad_json", detail=exc.msg, line=exc.lineno, column=exc.colno)
    return parse_calendar(data, name)


# ---------------------------------------------------------------------------------------------------
# Per-year data
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class _Year:
    year: int
    official: bool
    computed: bool
    sources: tuple[str, ...]
    entries: dict[date, tuple[ScheduleEntry, str]]  # entry and the source that listed it; never mutated
    off: frozenset[date]  # every non-working date of the year, weekends included


def _make_year(
    year: int,
    official: bool,
    computed: bool,
    sources: tuple[str, ...],
    entries: dict[date, tuple[ScheduleEntry, str]],
) -> _Year:
    off: set[date] = set()
    first = date(year, 1, 1).toordinal()
    for n in range(first, date(year, 12, 31).toordinal() + 1):  # ordinals: no step past 9999-12-31
        d = date.fromordinal(n)
        if d.weekday() >= 5:
            off.add(d)
    for e, _source in entries.values():
        if e.working:
            off.discard(e.date)
        else:
            off.add(e.date)
    return _Year(year, official, computed, sources, entries, frozenset(off))


_LUNAR_DAY_VI = {1: "mùng 1", 2: "mùng 2", 3: "mùng 3", 4: "mùng 4"}
_ORDINAL_EN = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 28: "28th", 29: "29th", 30: "30th"}

# Labour Code 2019 Art. 112(1)(đ) as applied each year: the companion of 2/9 by its weekday (Mon=0).
_NATIONAL_DAY_COMPANION = {0: 1, 1: -1, 2: -1, 3: 1, 4: -1, 5: -1, 6: 1}

_STATUTORY_SOURCE = (
    "Tạm tính theo Bộ luật Lao động 2019 Điều 111(3), 112 (chưa có lịch nghỉ chính thức) / "
    "computed from Labour Code 2019 Art. 111(3), 112 (no official schedule)"
)


def _lunar_holidays(year: int) -> list[tuple[date, str, str, str, str]]:
    """Tết and Giỗ Tổ Hùng Vương of a year of the lunar calendar's range."""
    holidays: list[tuple[date, str, str, str, str]] = []
    tet = lunar_new_year(year)
    cc = can_chi(year)
    tet_vi, tet_en = f"Tết Nguyên đán {cc}", f"Lunar New Year (Tết {cc})"
    eve = tet - _ONE_DAY
    eve_day = solar_to_lunar(eve)[0]
    holidays.append(
        (eve, tet_vi, f"{eve_day} tháng Chạp", tet_en, f"{_ORDINAL_EN[eve_day]} day of the 12th lunar month")
    )
    for i in range(1, 5 if year >= 2013 else 4):
        holidays.append(
            (
                tet + timedelta(days=i - 1),
                tet_vi,
                f"{_LUNAR_DAY_VI[i]} tháng Giêng",
                tet_en,
                f"{_ORDINAL_EN[i]} day of the 1st lunar month",
            )
        )
    if year >= 2007:
        holidays.append(
            (
                lunar_to_solar(10, 3, year),
                "Giỗ Tổ Hùng Vương",
                "10/3 âm lịch",
                "Hùng Kings' Commemoration Day",
                "10th day of the 3rd lunar month",
            )
        )
    return holidays


@cache
def _statutory_year(year: int) -> _Year:
    """The statutory days off of a year without an official schedule. Cached, immutable."""
    # (date, short Vietnamese name, Vietnamese detail, short English name, English detail)
    holidays: list[tuple[date, str, str, str, str]] = []
    holidays.append((date(year, 1, 1), "Tết Dương lịch", "", "New Year's Day", ""))
    if MIN_YEAR <= year <= MAX_YEAR:  # beyond, the lunar holidays cannot be placed (module docstring)
        holidays.extend(_lunar_holidays(year))
    holidays.append((date(year, 4, 30), "Ngày Chiến thắng", "30/4", "Reunification Day", "30 April"))
    holidays.append((date(year, 5, 1), "Ngày Quốc tế Lao động", "1/5", "International Labour Day", "1 May"))
    national = date(year, 9, 2)
    holidays.append((national, "Quốc khánh", "2/9", "National Day", "2 September"))
    if year >= 2021:
        companion = national + timedelta(days=_NATIONAL_DAY_COMPANION[national.weekday()])
        holidays.append(
            (companion, "Quốc khánh", "ngày liền kề 2/9", "National Day", "day adjacent to 2 September")
        )
    if year >= 2026:
        holidays.append(
            (date(year, 11, 24), "Ngày Văn hóa Việt Nam", "24/11", "Vietnam Culture Day", "24 November")
        )

    entries: dict[date, tuple[ScheduleEntry, str]] = {}
    for d, vi, vi_detail, en, en_detail in holidays:
        entry = ScheduleEntry(
            d,
            False,
            "holiday",
            f"{vi} ({vi_detail})" if vi_detail else vi,
            (f"{en}, {en_detail}" if en.endswith(")") else f"{en} ({en_detail})") if en_detail else en,
        )
        entries[d] = (entry, _STATUTORY_SOURCE)
    # Art. 111(3): a holiday on a weekly rest day gives a day off on the next working day.
    for d, vi, _vi_detail, en, _en_detail in sorted(holidays):
        if d.weekday() < 5:
            continue
        c = d + _ONE_DAY
        while c.weekday() >= 5 or c in entries:
            c += _ONE_DAY
        if c.year != year:  # cannot happen with the current holidays; never leak into another year
            continue
        entry = ScheduleEntry(
            c,
            False,
            "compensatory",
            f"Nghỉ bù {vi} (thay cho {format_date(d)})",
            f"Day off in lieu of {en} (falling on {format_date(d, 'en')})",
        )
        entries[c] = (entry, _STATUTORY_SOURCE)
    return _make_year(year, False, True, (_STATUTORY_SOURCE,), entries)


def _apply(base: _Year, schedule: YearSchedule) -> _Year:
    sources: tuple[str, ...]
    if schedule.replace_year or (schedule.official and base.computed):
        entries: dict[date, tuple[ScheduleEntry, str]] = {}
        official, computed, sources = schedule.official, False, (schedule.source,)
    else:
        entries = dict(base.entries)
        official, computed, sources = base.official, base.computed, (*base.sources, schedule.source)
    for e in schedule.entries:
        entries[e.date] = (e, schedule.source)
    return _make_year(schedule.year, official, computed, sources, entries)


@cache
def _builtin_schedules() -> tuple[YearSchedule, ...]:
    folder = resources.files("dossier_check").joinpath("calendars")
    names = sorted(
        entry.name for entry in folder.iterdir() if re.fullmatch(r"official-[0-9]{4}\.json", entry.name)
    )
    out: list[YearSchedule] = []
    for name in names:
        text = folder.joinpath(name).read_text(encoding="utf-8")
        out.extend(parse_calendar(json.loads(text), f"dossier_check/calendars/{name}"))
    return tuple(out)


# ---------------------------------------------------------------------------------------------------
# The calendar
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayInfo:
    """Why a date is or is not a working day, in words an officer can check against the notice."""

    date: date
    is_working_day: bool
    code: str
    """``working_day``, ``weekend``, ``makeup_working_day`` (a declared working day, usually a Saturday),
    or a day-off kind: ``holiday``, ``swap``, ``compensatory``, ``local``."""
    reason_vi: str
    reason_en: str
    official: bool
    """Whether the date's year follows an official schedule (False: computed, provisional)."""
    source: str | None = None
    """The notice or file that defines this date (None for an ordinary weekday or weekend)."""
    replaces: _Date | None = None
    """For a made-up working day: the weekday given off in exchange."""

    def reason(self, lang: str = "vi") -> str:
        """The reason in ``"vi"`` or ``"en"``."""
        return self.reason_en if lang == "en" else self.reason_vi


class WorkCalendar:
    """Working days of Vietnamese state agencies: weekends, holidays, swaps and working Saturdays.

    Immutable and thread-safe; build variants with :meth:`with_files`. Dates, not datetimes, are the
    unit: convert with ``.date()`` after moving to Việt Nam local time. Every date a ``datetime.date`` can
    hold may be asked about; years outside 1900–2199 have no lunar holidays (module docstring).
    """

    __slots__ = ("_counts", "_layers", "_years")

    _layers: tuple[YearSchedule, ...]
    _years: dict[int, _Year]
    _counts: dict[int, tuple[int, tuple[int, ...]]]

    def __init__(self, schedules: Iterable[YearSchedule] = ()) -> None:
        """A calendar from schedules applied in order over the computed statutory years.

        ``WorkCalendar()`` has no official data at all (every year computed); use :meth:`builtin` for the
        shipped official schedules.
        """
        layers = tuple(schedules)
        years: dict[int, _Year] = {}
        for schedule in layers:
            base = years.get(schedule.year)
            if base is None:
                base = _statutory_year(schedule.year)
            years[schedule.year] = _apply(base, schedule)
        object.__setattr__(self, "_layers", layers)
        object.__setattr__(self, "_years", years)
        # Each year's running totals of working days (year_counts), made on first use: a value of the year
        # alone, so threads that race to make one store equal values.
        object.__setattr__(self, "_counts", {})

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("WorkCalendar is immutable; use with_files() to derive a new calendar")

    def __reduce__(self) -> tuple[type[WorkCalendar], tuple[tuple[YearSchedule, ...]]]:
        return (WorkCalendar, (self._layers,))

    def __repr__(self) -> str:
        official = ", ".join(str(y) for y in self.official_years)
        return f"WorkCalendar(official years: {official or 'none'}; {len(self._layers)} layer(s))"

    @classmethod
    def builtin(cls) -> WorkCalendar:
        """The shipped official schedules (2021–2026) over the statutory rules; one shared instance."""
        return _builtin_calendar()

    def with_files(self, *paths: str | os.PathLike[str]) -> WorkCalendar:
        """A new calendar with the given calendar files layered on top, in order (a later file wins).

        Raises :class:`CalendarError` naming the file, record, field and reason for a file that cannot be
        read or breaks the format; nothing is applied in that case.
        """
        loaded: list[YearSchedule] = []
        for path in paths:
            loaded.extend(load_calendar_file(path))
        return WorkCalendar((*self._layers, *loaded))

    def with_schedules(self, *schedules: YearSchedule) -> WorkCalendar:
        """A new calendar with already-parsed schedules (see :func:`parse_calendar`) layered on top."""
        return WorkCalendar((*self._layers, *schedules))

    # -- queries -------------------------------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        y = self._years.get(year)
        return y if y is not None else _statutory_year(year)

    def is_working_day(self, d: date) -> bool:
        """Whether civil servants work on this date (the hot path: two look-ups)."""
        if type(d) is not date:
            d = _as_date(d)
        y = self._years.get(d.year)
        if y is None:
            y = _statutory_year(d.year)
        return d not in y.off

    def days_off(self, year: int) -> frozenset[date]:
        """Every non-working date of ``year``, weekends included: ``d not in days_off(d.year)`` is
        :meth:`is_working_day`, for loops that walk many days of one year."""
        y = self._years.get(year)
        return (y if y is not None else _statutory_year(year)).off

    def year_counts(self, year: int) -> tuple[int, tuple[int, ...]]:
        """The ordinal of 1 January of ``year``, and the working days from that day up to and including
        each day of the year (``counts[d.toordinal() - first]``): counting the working days of a period,
        or finding its n-th, is then a subtraction or a bisection instead of a walk over its days."""
        found = self._counts.get(year)
        if found is None:
            off = self.days_off(year)
            first = date(year, 1, 1).toordinal()
            counts = []
            n = 0
            for day in range(first, date(year, 12, 31).toordinal() + 1):  # ordinals: no step past 9999
                if date.fromordinal(day) not in off:
                    n += 1
                counts.append(n)
            found = self._counts[year] = (first, tuple(counts))
        return found

    def working_days_between(self, start: date, stop: date) -> int:
        """The working days after ``start`` up to and including ``stop`` (0 when ``stop`` is not later)."""
        if stop <= start:
            return 0
        first, counts = self._counts.get(stop.year) or self.year_counts(stop.year)
        n = counts[stop.toordinal() - first]
        if start.year != stop.year:
            n += sum(self.year_counts(y)[1][-1] for y in range(start.year, stop.year))
            first, counts = self._counts.get(start.year) or self.year_counts(start.year)
        return n - counts[start.toordinal() - first]

    def nth_after(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d``, not counting ``d`` (``n == 0`` gives ``d``), found by
        bisecting the running totals of :meth:`year_counts`; ``n`` must not be negative.

        Raises :class:`OverflowError` when it would lie past 9999-12-31, as a walk day by day does when it
        steps off the calendar (the deadlines turn that into the end of the calendar, as
        :meth:`nth_working_day_after` does).
        """
        if n == 0:
            return d
        year = d.year
        first, counts = self._counts.get(year) or self.year_counts(year)
        target = counts[d.toordinal() - first] + n  # the running total the day sought has in d's year
        while target > counts[-1]:  # beyond this year: count on from the next one's start
            target -= counts[-1]
            year += 1
            if year > 9999:
                raise OverflowError(f"{n} working days after {d.isoformat()} is past 9999-12-31")
            first, counts = self._counts.get(year) or self.year_counts(year)
        # The first day the running total reaches the target: a working day, as the total rises on them only.
        return date.fromordinal(first + bisect_left(counts, target))

    def provisional_years(self, first: date, last: date) -> frozenset[int]:
        """The years from ``first``'s to ``last``'s (in either order) without an official schedule: what a
        result that examined the days between them relies on that is provisional (DC007)."""
        if last < first:
            first, last = last, first
        year = first.year
        if year == last.year:  # most results: one year, mostly official
            y = self._years.get(year)
            return _NO_YEARS if y is not None and y.official else frozenset((year,))
        return frozenset(y for y in range(year, last.year + 1) if not self.is_official(y))

    def is_official(self, year: int) -> bool:
        """Whether the year follows an official schedule; False means computed (provisional, DC007)."""
        y = self._years.get(year)
        return y is not None and y.official

    @property
    def official_years(self) -> tuple[int, ...]:
        """Years with an official schedule, ascending."""
        return tuple(sorted(y for y, data in self._years.items() if data.official))

    def sources(self, year: int) -> tuple[str, ...]:
        """The notices (or files) the year's data comes from, base layer first."""
        return self._year(year).sources

    def day_info(self, d: date) -> DayInfo:
        """The full explanation of one date."""
        if type(d) is not date:
            d = _as_date(d)
        y = self._year(d.year)
        listed = y.entries.get(d)
        if listed is not None:
            e, source = listed
            if e.working:
                return DayInfo(
                    d, True, "makeup_working_day", e.reason_vi, e.reason_en, y.official, source, e.replaces
                )
            return DayInfo(d, False, e.kind, e.reason_vi, e.reason_en, y.official, source)
        if d.weekday() >= 5:
            return DayInfo(
                d,
                False,
                "weekend",
                f"Nghỉ hằng tuần ({weekday_name(d)})",
                f"Weekly rest day ({weekday_name(d, 'en')})",
                y.official,
            )
        return DayInfo(d, True, "working_day", "Ngày làm việc", "Working day", y.official)

    def day_off_reason(self, d: date, lang: str = "vi") -> str | None:
        """Why the date is a day off, or None for a working day."""
        info = self.day_info(d)
        return None if info.is_working_day else info.reason(lang)

    def schedule(self, year: int) -> tuple[DayInfo, ...]:
        """Every listed date of a year (holidays, swaps, compensatory days, working Saturdays), ascending."""
        y = self._year(year)
        return tuple(self.day_info(d) for d in sorted(y.entries))

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        if type(d) is not date:
            d = _as_date(d)
        try:
            d += _ONE_DAY
            while not self.is_working_day(d):
                d += _ONE_DAY
        except OverflowError:  # past 9999-12-31: the walk stops at the end (module docstring)
            return date.max
        return d

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before ``d`` (DC506: an apology is due by then)."""
        if type(d) is not date:
            d = _as_date(d)
        try:
            d -= _ONE_DAY
            while not self.is_working_day(d):
                d -= _ONE_DAY
        except OverflowError:  # before 0001-01-01: the walk stops at the start (module docstring)
            return date.min
        return d

    def nth_working_day_after(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d``, not counting ``d`` itself; ``n == 0`` gives ``d``.

        DC503: a supplement request at the appraisal stage is due by the 3rd working day after the
        effective receipt date.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if type(d) is not date:
            d = _as_date(d)
        try:
            return self.nth_after(d, n)
        except OverflowError:  # past 9999-12-31: the count stops at the end (module docstring)
            return date.max


def _as_date(d: object) -> date:
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return date(d.year, d.month, d.day)
    raise TypeError(f"expected a datetime.date, got {type(d).__name__}")


@cache
def _builtin_calendar() -> WorkCalendar:
    return WorkCalendar(_builtin_schedules())
