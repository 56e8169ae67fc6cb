"""What a rule sees of one dossier: the record, its procedure version, parsed times and cached deadlines."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from .._text import is_missing
from ..deadlines import (
    DAY_UNITS,
    TRANSFER_CUTOFF,
    DeadlineFacts,
    deadline_facts,
    deadline_key,
    effective_receipt,
    transfer_facts,
    within_cutoff,
)
from ..timeutil import Precision, When, parse_when, parse_when_str
from ._keys import (
    APOLOGIES,
    APPOINTMENT_AT,
    APPOINTMENT_SLIP,
    CHANNEL,
    CODE,
    COMPONENTS,
    CONTROL_SLIP,
    NAME,
    NEW_APPOINTMENT_AT,
    OUTCOME,
    RESOLVED_AT,
    RETURNED_AT,
    TRACKING_ENTRY,
)

if TYPE_CHECKING:
    from ..catalog import ProcedureVersion
    from ..config import Settings

__all__ = ["Context", "DeadlineFacts"]

_T = TypeVar("_T")


def _later(a: DeadlineFacts, b: DeadlineFacts) -> bool:
    """Whether deadline ``a`` allows more than ``b``: a later day, or the same day as a whole day."""
    return (a.due_date, not a.instant, a.due) > (b.due_date, not b.instant, b.due)


def _latest(candidates: list[When]) -> When | None:
    """The latest of these times, in order: a later one, or the same one written more precisely, replaces
    the one kept (None for none)."""
    latest = None
    for w in candidates:
        if latest is None or w.after(latest) or (w.same(latest) and w.precision > latest.precision):
            latest = w
    return latest


def _effective(received: datetime, calendar: Any, hours: Any) -> datetime:
    return effective_receipt(received, calendar, hours)


_MEMO_LIMIT = 1 << 16
_DATE = Precision.DATE
# Shared by every context until it has something of its own: most dossiers cross no provisional year, and the
# engine gives each context the format problems it found. Never changed (note_provisional makes a set).
_NO_YEARS: frozenset[int] = frozenset()
_NO_PROBLEMS: tuple[Any, ...] = ()
# The pointer of the field "the appointment" is read from, in each part it is looked for in (in order: the
# slip, the control slip, the tracking entry).
_APPOINTMENT_AT = (
    "/appointment_slip/appointment_at",
    "/control_slip/appointment_at",
    "/tracking_entry/appointment_at",
)
# Where "the result came" is read, in order, with each field's pointer.
_RESULT_AT = ((RESOLVED_AT, "/resolved_at"), (RETURNED_AT, "/returned_at"))
_UNSET: Any = object()  # a derived value not computed yet (None is a value: "unknown", "none")


class Context:
    """Per-dossier state shared by the rules of one check. Created and used by one thread only.

    ``memo`` is shared by every dossier a checker checks (one settings, one calendar): it keeps the values
    that depend only on a receipt time — the effective receipt, the statutory deadline of a limit, the
    transfer deadline — keyed by what is read of that time (the deadlines: by
    :func:`~dossier_check.deadlines.deadline_key`, mostly the date), so an export of many dossiers
    received on the same days counts each deadline once. Its values are functions of their keys: threads
    sharing it may race to store one, never store a different one.
    """

    __slots__ = (
        "_appointment",
        "_cache",
        "_deadline",
        "_effective",
        "_index",
        "_latest",
        "_memo",
        "_news",
        "_result",
        "_terms",
        "_transfer",
        "_unknown",
        "appointment_slip",
        "as_of",
        "case",
        "catalog",
        "channel",
        "control_slip",
        "deadline_unit",
        "dossier",
        "handover_rows",
        "matched",
        "problems",
        "procedure_status",
        "provisional_years",
        "received",
        "settings",
        "tracking_entry",
        "version",
    )

    def __init__(
        self,
        dossier: dict[str, Any],
        version: ProcedureVersion | None,
        procedure_status: str | None,
        received: When | None,
        settings: Settings,
        as_of: datetime,
        memo: dict[tuple[Any, ...], Any] | None = None,
    ) -> None:
        self.dossier = dossier
        self.channel = str(dossier.get(CHANNEL))
        self.version = version
        self.procedure_status = procedure_status
        self.received = received
        self.settings = settings
        self.as_of = as_of
        self.provisional_years: set[int] | frozenset[int] = _NO_YEARS  # a set of its own once one is noted
        self.problems: Sequence[Any] = _NO_PROBLEMS
        self.catalog: Any = None
        self.case: str | None = None  # the id of the case the dossier names (None: it names none)
        self._cache: dict[str, Any] | None = None  # memo()'s, made on its first use: most dossiers need none
        self._memo: dict[tuple[Any, ...], Any] = memo if memo is not None else {}
        # The values the rules read most, each computed once: slots rather than ``_cache`` entries, for a
        # cheaper test on every read.
        self._deadline = self._unknown = self._effective = self._transfer = _UNSET
        # The unit of the limit that gave the statutory deadline, noted by deadline_and_case (None while no
        # deadline is known): the audit's indicators measure in it, and need not ask the catalogue again.
        self.deadline_unit: str | None = None
        self._terms: tuple[tuple[str | None, tuple[str, int | None, str | None]], ...] = ()
        self._index: Any = None
        self._appointment = self._news = self._latest = self._result = _UNSET
        # The control slip's hand-over rows as DC3xx reads them (rules/control.py's _rows), None until read:
        # five rules read them, and a slot costs less than a memo() entry.
        self.handover_rows: Any = None
        # The component rows with their matches (matched_components()), None until matched: five DC1xx
        # rules read them, ``ctx.matched or ctx.matched_components()``, an attribute where a call cost more.
        self.matched: list[tuple[int, dict[str, Any], Any]] | None = None
        # The three slips, as part() reads them: most rules of DC2xx, DC3xx and DC4xx start from one, and an
        # attribute costs a fraction of a call. Read here once (a dossier is not changed while checked).
        part = dossier.get(APPOINTMENT_SLIP)
        self.appointment_slip: dict[str, Any] | None = part if isinstance(part, dict) else None
        part = dossier.get(CONTROL_SLIP)
        self.control_slip: dict[str, Any] | None = part if isinstance(part, dict) else None
        part = dossier.get(TRACKING_ENTRY)
        self.tracking_entry: dict[str, Any] | None = part if isinstance(part, dict) else None

    # -- plain access --------------------------------------------------------------------------
    @property
    def outcome(self) -> str:
        return str(self.dossier.get(OUTCOME))

    def part(self, key: str) -> dict[str, Any] | None:
        """A top-level object (slip, control slip, …), or None when absent or null (or not an object). The
        three slips are also the attributes ``appointment_slip``, ``control_slip`` and ``tracking_entry``."""
        value = self.dossier.get(key)
        return value if isinstance(value, dict) else None

    def items(self, key: str) -> list[Any]:
        value = self.dossier.get(key)
        return value if isinstance(value, list) else []

    # -- time ------------------------------------------------------------------------------------
    def note_provisional(self, years: frozenset[int] | set[int]) -> None:
        if not years:
            return
        noted = self.provisional_years
        if noted is _NO_YEARS:
            self.provisional_years = set(years)
        else:
            noted.update(years)  # type: ignore[union-attr]  # a set of its own: see __init__

    def statutory_deadline(self) -> DeadlineFacts | None:
        """The latest allowed appointment, or None when the procedure, the receipt time or the limit is unknown.

        A dossier that names no case of a procedure with cases is held to the longest of the cases'
        limits: the deadlines are compared (not the amounts, which may be in different units), and the
        latest wins. A limit of unknown unit makes the deadline unknown (see :meth:`limit_unknown`).
        """
        return self.deadline_and_case()[0]

    def deadline_and_case(self) -> tuple[DeadlineFacts | None, str | None]:
        """:meth:`statutory_deadline` and the id of the case whose limit gave it (None without cases)."""
        result: tuple[DeadlineFacts | None, str | None] = self._deadline
        if result is _UNSET:
            result = (None, None)
            effective = self._effective  # each read inline when already computed: no call
            if effective is _UNSET:
                effective = self.effective_receipt()
            if self.version is not None and effective is not None:
                unknown = self._unknown
                if unknown is _UNSET:
                    unknown = self.limit_unknown()
                if not unknown:
                    s = self.settings
                    for case, (unit, amount, cutoff) in self._terms:  # read by limit_unknown
                        # Keyed on what the counting reads of the time (the date alone for day-based
                        # limits), so the dossiers of one day share their deadlines. deadline_key's key of a
                        # day-based limit (most) built here, without its call: tests/test_deadline_memo.py
                        # holds the keys stored to the key functions'.
                        if unit in DAY_UNITS:
                            key = (unit, amount, effective.date())
                        else:
                            key = deadline_key(unit, amount, cutoff, effective)
                        found = self._memo.get(key)
                        if found is None:
                            found = deadline_facts(
                                unit, amount, cutoff, effective, s.calendar, s.hours, s.count_receipt_day
                            )
                            self._remember(key, found)
                        # Its provisional years, by position; mostly none: no call to add nothing.
                        if found[3]:
                            self.note_provisional(found[3])
                        if result[0] is None or _later(found, result[0]):
                            result = (found, case)
                            self.deadline_unit = unit
            self._deadline = result
        return result

    def limit_unknown(self) -> bool:
        """True when a time limit the dossier may be held to was published without a unit."""
        unknown: bool = self._unknown
        if unknown is _UNSET:
            terms = self.version.deadline_terms(self.channel, self.case) if self.version is not None else ()
            self._terms = terms  # what deadline_and_case counts with
            unknown = False
            for _, t in terms:  # a loop, not any() of a generator: once per dossier, mostly one term
                if t[0] == "unknown":
                    unknown = True
                    break
            self._unknown = unknown
        return unknown

    def index(self) -> Any:
        """The published component list for this dossier: its version, channel and case."""
        index = self._index
        if index is None:
            assert self.version is not None
            index = self._index = self.version.index(self.channel, self.case)
        return index

    def effective_receipt(self) -> datetime | None:
        """The effective receipt: the receipt time, moved to the next opening when outside office hours."""
        result: datetime | None = self._effective
        if result is _UNSET:
            result = None
            received = self.received
            if received is not None and received[1] is not _DATE:  # received.precise, inline
                local = received[0]  # received.local, by position
                hours = self.settings.hours
                key = ("effective", local.date(), bisect_right(hours.bounds, local.time()))  # effective_key's
                found = self._memo.get(key)
                if found is None:
                    cal = self.settings.calendar
                    moved = _effective(local, cal, hours)
                    years = cal.provisional_years(local.date(), moved.date())
                    # Inside a session each receipt is its own effective receipt: kept as None, "itself".
                    found = (None if moved == local else moved, years)
                    self._remember(key, found)
                own, years = found
                result = local if own is None else own
                if years:
                    self.note_provisional(years)
            self._effective = result
        return result

    def _remember(self, key: tuple[Any, ...], value: Any) -> None:
        if len(self._memo) >= _MEMO_LIMIT:  # a bound on memory for a long run: start again
            self._memo.clear()
        self._memo[key] = value

    def memo(self, key: str, compute: Callable[[Context], _T]) -> _T:
        """A value derived from this dossier (``compute(self)``), computed once for all the rules that need
        it. ``compute`` takes the context, so that a caller need not build a closure on every call."""
        cache = self._cache
        if cache is None:
            cache = self._cache = {}
        found = cache.get(key, _UNSET)
        if found is _UNSET:
            found = cache[key] = compute(self)
        return found  # type: ignore[no-any-return]

    def is_broken(self, pointer: str) -> bool:
        """True when DC001 reported a problem at, above or below this JSON Pointer."""
        if not self.problems:
            return False
        for p in self.problems:
            b = p.path
            if b == pointer or b == "" or pointer.startswith(b + "/") or b.startswith(pointer + "/"):
                return True
        return False

    def _note_range(self, a: date, b: date) -> None:
        cal = self.settings.calendar
        lo, hi = (a, b) if a <= b else (b, a)
        self.note_provisional({y for y in range(lo.year, hi.year + 1) if not cal.is_official(y)})

    def working_day_after(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` (DC503), noting any provisional year it crossed."""
        result = self.settings.calendar.nth_working_day_after(d, n)
        self._note_range(d, result)
        return result

    def working_day_before(self, d: date) -> date:
        """The last working day before ``d`` (DC506), noting any provisional year it crossed."""
        result = self.settings.calendar.previous_working_day(d)
        self._note_range(result, d)
        return result

    def transfer_deadline(self) -> datetime | None:
        """The transfer deadline: when a direct/postal dossier must have left the desk."""
        result: datetime | None = self._transfer
        if result is _UNSET:
            result = None
            received = self.received
            if received is not None and received[1] is not _DATE:  # received.precise, inline
                effective = self._effective
                if effective is _UNSET:
                    effective = self.effective_receipt()
                assert effective is not None
                # transfer_key's key (the date and the side of the cut-off), without its call: as above
                key = ("transfer", effective.date(), within_cutoff(effective, TRANSFER_CUTOFF))
                found = self._memo.get(key)
                if found is None:
                    s = self.settings
                    found = transfer_facts(effective, s.calendar, s.hours)
                    self._remember(key, found)
                if found[3]:  # by position, as above
                    self.note_provisional(found[3])
                result = found[1]
            self._transfer = result
        return result

    def matched_components(self) -> list[tuple[int, dict[str, Any], Any]]:
        """Each kept component row with the published component it matches (None if none); computed once."""
        rows = self.matched
        if rows is None:
            rows = []
            if self.version is not None and isinstance(self.dossier.get(COMPONENTS), list):
                index = self.index()
                exact = index.by_exact_code  # the usual row's code, found with no call (see ComponentIndex)
                for i, row in enumerate(self.dossier[COMPONENTS]):
                    if isinstance(row, dict):
                        code = row.get(CODE)
                        comp = exact.get(code) if type(code) is str else None
                        if comp is None:
                            comp = index.match(code, row.get(NAME))
                        rows.append((i, row, comp))
            self.matched = rows
        return rows

    def appointment(self) -> tuple[When, str] | None:
        """What the rules call "the appointment": the slip's, else the control slip's, else the tracking entry's.

        A part that has the field but in a broken form stops the search: the appointment is then unknown
        rather than silently taken from another form.
        """
        found: tuple[When, str] | None = self._appointment
        if found is _UNSET:
            # The usual dossier: a slip with its appointment written as a text, not blank. Read first, alone,
            # without the search's tuple of parts (what the search gives it: tests/test_appointment_shortcuts.py).
            slip = self.appointment_slip
            value = slip.get(APPOINTMENT_AT) if slip is not None else None
            if type(value) is str and value.strip():
                w = parse_when_str(value)
                found = self._appointment = (w, _APPOINTMENT_AT[0]) if w is not None else None
            else:
                found = self._appointment = self._search_appointment()
        return found

    def _search_appointment(self) -> tuple[When, str] | None:
        """:meth:`appointment` in general: the first of the three parts that has the field decides."""
        found: tuple[When, str] | None = None
        for part, pointer in (
            (self.appointment_slip, _APPOINTMENT_AT[0]),
            (self.control_slip, _APPOINTMENT_AT[1]),
            (self.tracking_entry, _APPOINTMENT_AT[2]),
        ):
            if part is None:
                continue
            value = part.get(APPOINTMENT_AT)
            # is_missing and parse_when, a text (the usual value) read inline: no call for either
            if type(value) is str:
                if not value.strip():
                    continue
                w = parse_when_str(value)
            elif is_missing(value):
                continue
            else:
                w = None  # not a text: no time (parse_when's verdict)
            found = (w, pointer) if w is not None else None
            break
        return found

    def new_appointments(self) -> list[tuple[When, int]]:
        """Every apology's parsed ``new_appointment_at`` with the apology's index; computed once (DC305,
        DC505, DC509 and the audit's indicators read it). The list is shared: read it, never change it."""
        out: list[tuple[When, int]] = self._news
        if out is _UNSET:
            out = []
            apologies = self.dossier.get(APOLOGIES)  # self.items("apologies"), inline: most have none
            if isinstance(apologies, list):
                for i, apology in enumerate(apologies):
                    if isinstance(apology, dict):
                        w = parse_when(apology.get(NEW_APPOINTMENT_AT))
                        if w is not None:
                            out.append((w, i))
            self._news = out
        return out

    def latest_appointment(self) -> When | None:
        """The later of the appointment and every apology's new appointment; computed once (DC305 and the
        audit's indicators read it)."""
        latest: When | None = self._latest
        if latest is _UNSET:
            news = self._news  # each read from its slot when already computed: no call
            if news is _UNSET:
                news = self.new_appointments()
            first = self._appointment
            if first is _UNSET:
                first = self.appointment()
            if not news:
                # The usual dossier, with no apology: the appointment is the only candidate, and the latest
                # of one time is that time (what _latest gives, without building the list).
                latest = first[0] if first is not None else None
            else:
                candidates = [w for w, _ in news]
                if first is not None:
                    candidates.append(first[0])
                latest = _latest(candidates)
            self._latest = latest
        return latest

    def result_time(self) -> tuple[When, str] | None:
        """What the rules call "the result came": ``resolved_at`` when present, else ``returned_at``; computed
        once (DC505, DC509 and the audit's indicators read it)."""
        found: tuple[When, str] | None = self._result
        if found is _UNSET:
            found = None
            for key, pointer in _RESULT_AT:
                w = parse_when(self.dossier.get(key))
                if w is not None:
                    found = (w, pointer)
                    break
            self._result = found
        return found

    def as_of_when(self) -> When:
        return When.of(self.as_of, Precision.SECOND)
