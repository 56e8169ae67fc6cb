"""Valid dossiers: where a receipt may fall, what a dossier must look like, and the builder.

A :class:`_Draft` is a generated dossier with what was decided while building it (channel, receipt,
deadlines, appointments); the violating recipes start from one and change it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from .._text import normalize_name
from ..catalog import ComponentIndex, ProcedureVersion
from ..config import Settings
from ..deadlines import (
    Deadline,
    UnknownDeadline,
    compute_deadline,
    effective_receipt,
    procedure_deadline,
    to_local,
    transfer_deadline,
)
from ..models import AllOf, AnyOf, IfFact, ProcedureComponent, UnlessFact
from ..rules.components import is_required
from ..timeutil import parse_when
from ._common import (
    _ADDRESSES,
    _BOOL,
    _COMPONENT_NAMES,
    _COOPERATING,
    _DAY,
    _DESKS,
    _END_OF_DAY,
    _MAX_DAY,
    _MIN_DAY,
    _MINUTE,
    _PEOPLE,
    _PROVISIONAL_MAX,
    _REASONS,
    CHANNELS,
    OUTCOMES,
    _between,
    _DrawFn,
    _ints,
    _maybe_date_only,
    _pick,
    _render,
    _texts,
    _variant,
)
from ._procedures import ProcedureArg, _Env, _env_strategy

# --- receipt windows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Window:
    lo: date
    hi: date
    after_close: bool = False  # receive after office hours (the DC007 year-end case)


def _official_block(settings: Settings) -> tuple[int, int] | None:
    """The run of consecutive official years that ends with the latest one."""
    years = set(settings.calendar.official_years)
    if not years:
        return None
    last = max(years)
    first = last
    while first - 1 in years:
        first -= 1
    return first, last


_SAFE_CACHE: dict[tuple[int, str, str | None, int], tuple[ProcedureVersion, Settings, date | None]] = {}


def _last_safe_day(env: _Env, channel: str, case: str | None) -> date | None:
    """The latest receipt date whose every calendar computation stays in official years (no DC007).

    Every deadline the check computes is monotone in the receipt time, so the day is found by bisection.
    """
    key = (id(env.version), channel, case, id(env.settings))
    hit = _SAFE_CACHE.get(key)
    if hit is not None and hit[0] is env.version and hit[1] is env.settings:
        return hit[2]
    block = _official_block(env.settings)
    result: date | None = None
    if block is not None:
        first, last = block
        cal, hours = env.settings.calendar, env.settings.hours

        def safe(d: date) -> bool:
            received = datetime.combine(d, _END_OF_DAY)  # the latest time of a day gives the latest deadline
            due = _statutory(env, channel, case, received)
            eff = effective_receipt(received, cal, hours)
            third = cal.nth_working_day_after(eff.date(), 3)
            transfer = transfer_deadline(received, cal, hours).due_date
            dues = [third, transfer] + ([due.due_date] if isinstance(due, Deadline) else [])
            return max(dues).year <= last

        lo, hi = date(first, 1, 15), date(last, 12, 31)
        if safe(lo):
            while lo < hi:  # invariant: lo is safe
                mid = lo + (hi - lo + _DAY) // 2
                if safe(mid):
                    lo = mid
                else:
                    hi = mid - _DAY
            result = lo
    if len(_SAFE_CACHE) > 20_000:
        _SAFE_CACHE.clear()
    _SAFE_CACHE[key] = (env.version, env.settings, result)
    return result


def _intersect(a: tuple[date, date], b: tuple[date, date]) -> tuple[date, date] | None:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else None


def _validity(version: ProcedureVersion) -> tuple[date, date]:
    return version.valid_from, version.valid_to or _MAX_DAY


def _outside_validity(env: _Env) -> list[tuple[date, date]]:
    """Dates (2000–2099) on which no version of the procedure's code is in force in the catalogue."""
    spans = sorted(_validity(v) for v in env.catalog.versions(env.version.code))
    out: list[tuple[date, date]] = []
    cursor = _MIN_DAY
    for lo, hi in spans:
        if lo > cursor:
            out.append((cursor, lo - _DAY))
        cursor = max(cursor, hi + _DAY) if hi < _MAX_DAY else _MAX_DAY + _DAY
    if cursor <= _MAX_DAY:
        out.append((cursor, _MAX_DAY))
    return out


Receipt = Literal["safe", "provisional", "outside"]


def _windows(
    env: _Env, channel: str, case: str | None, receipt: Receipt, between: tuple[date, date] | None
) -> list[_Window]:
    """Where a receipt may fall for this channel and named case (empty: impossible)."""
    block = _official_block(env.settings)
    safe: tuple[date, date] | None = None
    if block is not None:
        last_safe = _last_safe_day(env, channel, case)
        if last_safe is not None:
            safe = (date(block[0], 1, 15), last_safe)
    if receipt == "outside":
        spans = _outside_validity(env)
        preferred = [w for s in spans if safe is not None and (w := _intersect(s, safe)) is not None]
        return [_Window(lo, hi) for lo, hi in (preferred or spans)]
    base = _intersect(_validity(env.version), between or (_MIN_DAY, _MAX_DAY))
    base = _intersect(base, (_MIN_DAY, _MAX_DAY)) if base is not None else None
    if base is None:
        return []
    if receipt == "safe":
        if safe is not None and (w := _intersect(base, safe)) is not None:
            return [_Window(*w)]
        return [_Window(*base)]  # documented: DC007 (info) may then appear
    # provisional: a year without an official schedule
    if block is None:
        rest = _intersect(base, (_MIN_DAY, _PROVISIONAL_MAX))
        return [_Window(*rest)] if rest else []
    first, last = block
    ranges = [(_MIN_DAY, date(first - 1, 12, 31)), (date(last + 1, 1, 1), _PROVISIONAL_MAX)]
    found = [_Window(*w) for r in ranges if r[0] <= r[1] and (w := _intersect(base, r)) is not None]
    if not found:
        year_end = date(last, 12, 31)
        if base[0] <= year_end <= base[1]:
            found = [_Window(year_end, year_end, after_close=True)]
    return found


# --- plans --------------------------------------------------------------------------------------------


ChannelTest = Callable[[ProcedureVersion, str, "str | None"], bool]
"""A test of (version, channel, named case) — the case the dossier names, None when it names none."""


def _any_channel(version: ProcedureVersion, channel: str, case: str | None) -> bool:
    return True


def _submits(version: ProcedureVersion, channel: str, case: str | None = None) -> list[ProcedureComponent]:
    return [c for c in version.index(channel, case).components if c.kind == "submit"]


def _has_submit(version: ProcedureVersion, channel: str, case: str | None = None) -> bool:
    return bool(_submits(version, channel, case))


def _known_limit(version: ProcedureVersion, channel: str, case: str | None) -> bool:
    """A deadline can be computed: no limit the dossier may be held to is of unknown unit."""
    return all(limit.unit != "unknown" for _, limit in version.time_limits(channel, case))


@dataclass(frozen=True)
class _Plan:
    """What a generated dossier must look like; the violation recipes adjust it."""

    outcomes: tuple[str, ...] = OUTCOMES
    channels: tuple[str, ...] = CHANNELS
    channel_ok: ChannelTest = _any_channel
    between: tuple[datetime, datetime] | None = None
    receipt: Receipt = "safe"
    all_parts: bool = False  # slip, control slip and tracking entry even for immediate-result procedures
    apology: Literal["never", "maybe", "always"] = "maybe"
    extras: bool = True  # optional supplement requests, stop notice, open dossiers
    late_appointment: bool = False
    exact_slip_rows: bool = False  # slip rows copy the dossier's verbatim (no procedure to match them by)
    version_ok: Callable[[ProcedureVersion], bool] = field(default=lambda v: True)
    offered: bool = True  # on a channel the procedure is offered on (False: on one it is not, DC107)
    cases: Literal["any", "named"] = "any"  # "named": a procedure with cases gets a dossier naming one


def _actual_cases(version: ProcedureVersion, channel: str, case: str | None) -> list[str | None]:
    """The cases whose components an accepted dossier may hold: the named one, else any with a submit."""
    if case is not None or not version.cases:
        return [case]
    return [c.id for c in version.cases if _has_submit(version, channel, c.id)]


def _accepted_possible(version: ProcedureVersion, channel: str, case: str | None, plan: _Plan) -> bool:
    # An accepted dossier's slip lists at least one kept component; without any, only an
    # immediate-result procedure (no slip due) can be accepted on that channel.
    holds_something = any(_has_submit(version, channel, c) for c in _actual_cases(version, channel, case))
    return holds_something or (version.procedure.immediate_result and not plan.all_parts)


def _between_dates(plan: _Plan) -> tuple[date, date] | None:
    return (plan.between[0].date(), plan.between[1].date()) if plan.between else None


_Option = tuple[str, "str | None", list[_Window], tuple[str, ...]]


def _options(env: _Env, plan: _Plan) -> list[_Option]:
    """Every (channel, named case, receipt windows, outcomes) a dossier under this plan may have."""
    out: list[_Option] = []
    version = env.version
    if not plan.version_ok(version):
        return out
    cases: list[str | None] = [c.id for c in version.cases]
    if plan.cases == "any" or not cases:
        cases.insert(0, None)
    for channel in plan.channels:
        if (channel in version.offered) != plan.offered:
            continue
        for case in cases:
            if not plan.channel_ok(version, channel, case):
                continue
            windows = _windows(env, channel, case, plan.receipt, _between_dates(plan))
            if not windows:
                continue
            outcomes = tuple(
                o
                for o in plan.outcomes
                if o != "accepted" or _accepted_possible(version, channel, case, plan)
            )
            if outcomes:
                out.append((channel, case, windows, outcomes))
    return out


def _feasible(plan: _Plan) -> Callable[[_Env], bool]:
    return lambda env: bool(_options(env, plan))


# --- the dossier builder ------------------------------------------------------------------------------


@dataclass
class _Draft:
    """A generated dossier and what was decided while building it (the recipes need it).

    ``case`` is the case the dossier names (None: none); ``actual`` the case whose components it holds.
    ``deadline`` is the statutory deadline the check computes — or, when the limit has no unit and the
    check computes none, a stand-in that only paces the generated appointment (``limit_known`` False).
    """

    doc: dict[str, Any]
    env: _Env
    plan: _Plan
    channel: str
    case: str | None
    actual: str | None
    received: datetime
    effective: datetime
    deadline: Deadline
    limit_known: bool
    transfer: Deadline
    appointment: datetime | None = None
    new_appointment: datetime | None = None

    @property
    def version(self) -> ProcedureVersion:
        return self.env.version

    @property
    def index(self) -> ComponentIndex:
        """The list the check judges the dossier against (the named case's, or every case's)."""
        return self.env.version.index(self.channel, self.case)

    @property
    def own_index(self) -> ComponentIndex:
        """The list of the case the dossier is really in, which its components follow."""
        return self.env.version.index(self.channel, self.actual)

    @property
    def latest(self) -> datetime | None:
        """The later of the appointment and the new one, as generated (instants)."""
        if self.appointment is None:
            return None
        return max(self.appointment, self.new_appointment or self.appointment)


def _statutory(env: _Env, channel: str, case: str | None, received: datetime) -> Deadline | UnknownDeadline:
    """The deadline the check computes for this channel and named case."""
    names = {c.id: c.name for c in env.version.cases}
    candidates = [
        (cid, names.get(cid) if cid else None, limit) for cid, limit in env.version.time_limits(channel, case)
    ]
    return procedure_deadline(candidates, received, env.settings)


def _pacing(env: _Env, channel: str, case: str | None, received: datetime) -> tuple[Deadline, bool]:
    found = _statutory(env, channel, case, received)
    if isinstance(found, Deadline):
        return found, True
    s = env.settings
    stand_in = compute_deadline("working_days", 5, received, calendar=s.calendar, hours=s.hours)
    return stand_in, False


def _receipt(draw: _DrawFn, env: _Env, plan: _Plan, windows: list[_Window]) -> datetime:
    window = draw(_pick(windows))
    day = window.lo + draw(_ints(0, (window.hi - window.lo).days)) * _DAY
    lo_min, hi_min = 0, 24 * 60 - 1
    if window.after_close:
        closing = env.settings.hours.closing
        lo_min = closing.hour * 60 + closing.minute + 1
    if plan.between is not None:
        if day == plan.between[0].date():
            lo_min = max(lo_min, plan.between[0].hour * 60 + plan.between[0].minute)
        if day == plan.between[1].date():
            hi_min = min(hi_min, plan.between[1].hour * 60 + plan.between[1].minute)
    assume(lo_min <= hi_min)
    preferred = min(max(7 * 60 + 30, lo_min), hi_min)  # shrink toward the opening, 07:30
    span = hi_min - lo_min + 1
    minute = lo_min + (preferred - lo_min + draw(_ints(0, span - 1))) % span
    return datetime.combine(day, time(minute // 60, minute % 60))


def _dossier_code(draw: _DrawFn, day: date) -> str:
    ymd = day.strftime("%y%m%d")
    seq = draw(_ints(1, 9999))
    if draw(_BOOL):
        segments = draw(st.lists(st.from_regex(r"[0-9A-Z]{1,3}", fullmatch=True), min_size=1, max_size=4))
        head = f"{draw(_pick('HGTX'))}{draw(_ints(0, 99)):02d}"
        return f"{head}{''.join('.' + s for s in segments)}-{ymd}-{seq:04d}"
    a, b, c = draw(_ints(0, 999)), draw(_ints(0, 99)), draw(_ints(0, 99))
    return f"{a:03d}.{b:02d}.{c:02d}.{draw(_pick('HGTX'))}{draw(_ints(0, 99)):02d}-{ymd}-{seq:04d}"


_ANY_FORM = "<any>"


def _row(
    draw: _DrawFn,
    comp: ProcedureComponent,
    quantity: int,
    *,
    exact: bool = False,
    form: str | None = _ANY_FORM,
    index: ComponentIndex | None = None,
) -> dict[str, Any]:
    """A dossier row for a published component: by code, by name, or both; a form it accepts.

    ``index``: the list the check matches rows against; a name it resolves to another component (two
    cases naming different documents alike) is not used alone.
    """
    style = "both" if exact else draw(_pick(("both", "code", "name")))
    if comp.code != comp.code.strip() or not comp.code:
        style = "name"  # a padded code never matches a (stripped) row code
    elif not normalize_name(comp.name):
        style = "code"
    elif style == "name" and index is not None:
        found = index.match(None, comp.name)
        if found is None or found.code != comp.code:
            style = "code"
    row: dict[str, Any] = {}
    if style in ("both", "code"):
        row["code"] = comp.code
    if style in ("both", "name"):
        row["name"] = comp.name if exact or style == "both" else _variant(draw, comp.name)
    if form == _ANY_FORM:
        if draw(_ints(0, 5)) > 0:
            row["form"] = draw(_pick(comp.accepted_forms))
    elif form is not None:
        row["form"] = form
    if quantity != 1 or draw(_BOOL):
        row["quantity"] = quantity
    return row


def _split(draw: _DrawFn, total: int) -> list[int]:
    """``total`` copies as one or two rows."""
    n = draw(_ints(1, min(total, 2)))
    first = total if n == 1 else draw(_ints(1, total - 1))
    return [first] if n == 1 else [first, total - first]


def _held(draw: _DrawFn, comp: ProcedureComponent) -> list[tuple[str | None, int]]:
    """(form, quantity) rows of one component within its published counts (``_ANY_FORM``: any form)."""
    if comp.copies is None:
        return [(_ANY_FORM, q) for q in _split(draw, draw(_ints(1, comp.quantity)))]
    total = comp.total_quantity
    budget = total if total is not None else sum(comp.copies.values())
    out: list[tuple[str | None, int]] = []
    forms = draw(st.lists(_pick(tuple(comp.copies)), min_size=1, max_size=len(comp.copies), unique=True))
    for form in forms:
        if budget:
            n = draw(_ints(1, min(comp.copies[form], budget)))
            budget -= n
            out += [(form, q) for q in _split(draw, n)]
    if budget and draw(_ints(0, 3)) == 3:  # a row that does not say its form counts toward the total only
        out.append((None, draw(_ints(1, budget))))
    return out


def _component_rows(
    draw: _DrawFn, own: ComponentIndex, facts: Mapping[str, Any], exact: bool, judged: ComponentIndex
) -> list[dict[str, Any]]:
    """The rows a dossier in the case of ``own`` keeps; ``judged`` is the list the check matches them in."""
    submits = [c for c in own.components if c.kind == "submit"]
    chosen: list[ProcedureComponent] = []
    groups: dict[str, list[ProcedureComponent]] = {}
    for c in submits:
        if c.group is not None:
            groups.setdefault(c.group, []).append(c)
        elif is_required(c, facts):
            chosen.append(c)
    for members in groups.values():
        if any(is_required(m, facts) for m in members):
            chosen.append(draw(_pick(members)))
    for c in submits:
        if c not in chosen and draw(_ints(0, 3)) == 3:
            chosen.append(c)
    if not chosen and submits:
        chosen.append(draw(_pick(submits)))  # the slip must list at least one component
    rows: list[dict[str, Any]] = []
    for c in chosen:
        for form, q in _held(draw, c):
            rows.append(_row(draw, c, q, exact=exact, form=form, index=judged))
    return list(draw(st.permutations(rows)))


def fact_names(condition: Any) -> list[str]:
    """The facts a ``required`` value reads, in order of appearance."""
    if isinstance(condition, IfFact):
        return [condition.if_fact]
    if isinstance(condition, UnlessFact):
        return [condition.unless_fact]
    if isinstance(condition, (AllOf, AnyOf)):
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        return [name for part in parts for name in fact_names(part)]
    return []


def _facts(draw: _DrawFn, version: ProcedureVersion) -> dict[str, bool | None]:
    names: list[str] = []
    rows = list(version.procedure.components) + [c for case in version.cases for c in case.components]
    for c in rows:
        for name in fact_names(c.required):
            if name not in names:
                names.append(name)
    facts: dict[str, bool | None] = {}
    for name in names:
        choice = draw(_ints(0, 3))  # False, True, null, absent; shrinks to False
        if choice < 3:
            facts[name] = (False, True, None)[choice]
    return facts


def _slip_rows(draw: _DrawFn, dr: _Draft, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The slip's copy of the kept rows: the same multiset, possibly identified differently, in any order."""
    out = []
    for row in rows:
        if dr.plan.exact_slip_rows:
            out.append(copy.deepcopy(row))
            continue
        comp = dr.index.match(row.get("code"), row.get("name"))
        if comp is None:
            out.append(copy.deepcopy(row))
            continue
        new = _row(draw, comp, 1, index=dr.index)
        for key in ("form", "quantity"):
            new.pop(key, None)
            if row.get(key) is not None:
                new[key] = row[key]
            elif key == "quantity" and draw(_BOOL):
                new[key] = 1
        out.append(new)
    return list(draw(st.permutations(out)))


def _sync_slip(draw: _DrawFn, dr: _Draft) -> None:
    slip = dr.doc.get("appointment_slip")
    if isinstance(slip, dict):
        slip["components"] = _slip_rows(draw, dr, dr.doc["components"])


def _limit_text(limit: Any) -> str:
    if limit.unit == "same_day":
        return f"Trong ngày (tiếp nhận sau {limit.cutoff} trả vào ngày làm việc tiếp theo)"
    if limit.unit == "unknown":
        return "Không có thông tin" if limit.amount is None else str(limit.amount)
    words = {
        "working_days": "ngày làm việc",
        "calendar_days": "ngày",
        "working_hours": "giờ làm việc",
        "calendar_months": "tháng",
    }
    return f"{limit.amount} {words[limit.unit]}"


def _appointment(draw: _DrawFn, dr: _Draft) -> datetime:
    dl = dr.deadline
    if dr.plan.late_appointment:
        # Whole days after the deadline: late at any precision the parts are written in.
        day = dl.due_date + draw(_ints(1, 10)) * _DAY
        return datetime.combine(day, time(draw(_ints(7, 16)), draw(_pick((0, 30)))))
    hi = dl.due if dl.instant else datetime.combine(dl.due_date, _END_OF_DAY)
    return _between(draw, dr.received, hi)


def _handovers(draw: _DrawFn, dr: _Draft, desk: str, lead: str, returned: bool) -> list[dict[str, Any]]:
    n = draw(_ints(1, 4))
    pool = [lead, *_COOPERATING]
    units = [desk] + [draw(_pick(pool)) for _ in range(n)]
    if returned:
        units[-1] = desk  # the result came back to the desk before it was returned (DC304)
    # The first hand-over is due by the transfer deadline (DC307); later rows follow in order (DC303).
    first_hi = dr.transfer.due if dr.channel in ("direct", "postal") else dr.received + 2 * _DAY
    times = [_between(draw, dr.received, first_hi)]
    for _ in range(n - 1):
        times.append(_between(draw, times[-1], times[-1] + 3 * _DAY))
    rows = []
    for i in range(n):
        rows.append(
            {
                "from_unit": _variant(draw, units[i]),
                "to_unit": _variant(draw, units[i + 1]),
                "handed_at": _render(draw, times[i]),
                "giver": draw(_pick(_PEOPLE)),
                "receiver": draw(_pick(_PEOPLE)),
                "status": draw(_pick(("on_time", "early", "late"))),
                "note": None,
            }
        )
        if not draw(_BOOL):
            del rows[-1]["note"]
    return rows


def _fix_statuses(doc: dict[str, Any]) -> None:
    """Mark ``late`` every hand-over after any appointment the dossier records (DC305).

    Which value is "the latest appointment" depends on how each part writes it (a date-only value and a
    time on the same day compare equal), so every recorded appointment counts: a row marked late before
    the latest appointment is allowed (it may be late for its own step).
    """
    cs = doc.get("control_slip")
    if not isinstance(cs, dict) or not isinstance(cs.get("handovers"), list):
        return
    marks = [
        part.get("appointment_at")
        for part in (doc.get("appointment_slip"), cs, doc.get("tracking_entry"))
        if isinstance(part, dict)
    ]
    marks += [a.get("new_appointment_at") for a in doc.get("apologies") or [] if isinstance(a, dict)]
    appointments = [w for w in map(parse_when, marks) if w is not None]
    for row in cs["handovers"]:
        w = parse_when(row.get("handed_at")) if isinstance(row, dict) else None
        if w is not None and any(w.after(a) for a in appointments):
            row["status"] = "late"


def _request(draw: _DrawFn, stage: str, issued: datetime) -> dict[str, Any]:
    return {
        "number": f"{draw(_ints(1, 999))}/PYCBS",
        "issued_at": _render(draw, issued),
        "stage": stage,
        "items": draw(_ITEMS),
        "reason": draw(_texts(_REASONS)),
        "issued_by": draw(_pick(_PEOPLE)),
    }


_ITEMS = st.lists(_texts(_COMPONENT_NAMES), min_size=1, max_size=3)


def _appraisal_limit(dr: _Draft) -> date:
    return dr.env.settings.calendar.nth_working_day_after(dr.effective.date(), 3)


def _apology(draw: _DrawFn, dr: _Draft, code: str, new: datetime) -> dict[str, Any]:
    """A valid apology (Mẫu 04) moving the appointment to ``new``, issued by the working day before it."""
    assert dr.appointment is not None
    cal = dr.env.settings.calendar
    latest_day = cal.previous_working_day(dr.appointment.date())
    if latest_day >= dr.received.date():
        issued = _between(draw, dr.received, datetime.combine(latest_day, _END_OF_DAY))
    else:  # an appointment the same day as the receipt: only an apology written before it is in time
        issued = datetime.combine(latest_day, time(8, 0))
    apology: dict[str, Any] = {
        "number": f"{draw(_ints(1, 99))}/XL",
        "issued_at": _render(draw, issued),
        "dossier_code": code,
        "original_appointment_at": _maybe_date_only(draw, dr.appointment),
        "reason": draw(_texts(_REASONS)),
        "new_appointment_at": _maybe_date_only(draw, new),
        "signed_by": draw(_pick(_PEOPLE)),
    }
    for key in ("dossier_code", "original_appointment_at"):
        if not draw(_ints(0, 3)):
            del apology[key]
    return apology


def _new_appointment(draw: _DrawFn, after: datetime) -> datetime:
    # Whole days later, so it is later at any precision (DC508).
    day = after.date() + draw(_ints(1, 15)) * _DAY
    return datetime.combine(day, time(draw(_ints(7, 16)), draw(_pick((0, 30)))))


def _name_case(draw: _DrawFn, doc: dict[str, Any], version: ProcedureVersion, case: str | None) -> None:
    """How a dossier names its case: by id (maybe padded) or by name as people type it; or names none."""
    if case is None:
        if version.cases or draw(_ints(0, 7)) == 7:
            how = draw(_pick(("absent", "null", "blank")))
            if how != "absent":
                doc["case"] = None if how == "null" else draw(_pick(("", "  ")))
        return
    name = next(c.name for c in version.cases if c.id == case)
    how = draw(_pick(("id", "padded", "name")))
    if how == "name" and version.find_case(name) == case:
        doc["case"] = _variant(draw, name)
    else:
        doc["case"] = case if how == "id" else f" {case} "


@st.composite
def _drafts(draw: _DrawFn, env: _Env, plan: _Plan) -> _Draft:
    options = _options(env, plan)
    assume(options)
    channel, case, windows, outcomes = draw(_pick(options))
    version, settings = env.version, env.settings
    received = _receipt(draw, env, plan, windows)
    effective = effective_receipt(received, settings.calendar, settings.hours)
    dl, known = _pacing(env, channel, case, received)
    tr = transfer_deadline(received, settings.calendar, settings.hours)

    code = _dossier_code(draw, received.date())
    desk, lead = draw(_pick(_DESKS))
    if draw(_ints(0, 4)) == 4:
        desk = draw(_texts(_DESKS[0][:1]))
    officer = draw(_pick(_PEOPLE))
    applicant = {
        "name": draw(_pick(_PEOPLE)),
        "id_number": f"{draw(_ints(0, 10**12 - 1)):012d}",
        "address": draw(_texts(_ADDRESSES)),
        "phone": f"09{draw(_ints(0, 10**8 - 1)):08d}",
        "email": None,
    }
    outcome = draw(_pick(outcomes))
    proc_code = version.code if draw(_ints(0, 7)) else f" {version.code} "
    doc: dict[str, Any] = {
        "code": code,
        "procedure_code": proc_code,
        "receiving_unit": desk,
        "channel": channel,
        "received_at": _render(draw, received),
        "received_by": officer,
        "outcome": outcome,
        "components": [],
    }
    if draw(_BOOL):
        doc["applicant"] = applicant
    _name_case(draw, doc, version, case)
    actual = case
    if case is None and version.cases:
        holding = _actual_cases(version, channel, None) or [c.id for c in version.cases]
        actual = draw(_pick(holding))
    dr = _Draft(doc, env, plan, channel, case, actual, received, effective, dl, known, tr)
    if outcome == "accepted":
        _accepted(draw, dr, code, desk, lead, officer, applicant)
    elif outcome == "supplement_requested":
        issued = _between(draw, received, received + 2 * _DAY)
        doc["supplement_requests"] = [_request(draw, "intake", issued)]
    else:
        doc["rejection"] = {
            "number": f"{draw(_ints(1, 999))}/TC",
            "issued_at": _render(draw, _between(draw, received, received + 2 * _DAY)),
            "dossier_code": code,
            "reason": draw(_texts(_REASONS)),
            "issued_by": officer,
        }
    if draw(_ints(0, 5)) == 5:
        doc["x_export"] = {"system": "một cửa điện tử", "id": draw(_ints(0, 10**6))}  # unknown: ignored
    return dr


def _accepted(
    draw: _DrawFn, dr: _Draft, code: str, desk: str, lead: str, officer: str, applicant: dict[str, Any]
) -> None:
    doc, plan, version = dr.doc, dr.plan, dr.version
    received = dr.received
    facts = _facts(draw, version)
    keep_empty_facts = draw(_BOOL)
    if facts or keep_empty_facts:
        doc["facts"] = facts
    rows = _component_rows(draw, dr.own_index, facts, plan.exact_slip_rows, dr.index)
    doc["components"] = rows
    proc_sets = version.procedure.sets
    sets: int | None = draw(_ints(1, proc_sets)) if draw(_BOOL) else None
    if sets is not None:
        doc["sets"] = sets
    show = [c for c in dr.index.components if c.kind == "show"]
    list_shown = draw(_BOOL)
    if show and list_shown:
        doc["shown_documents"] = [{"code": c.code, "name": c.name} for c in show]
    representative = None
    if draw(_ints(0, 3)) == 3:
        representative = {
            "name": draw(_pick(_PEOPLE)),
            "id_number": f"{draw(_ints(0, 10**12 - 1)):012d}",
            "address": draw(_pick(_ADDRESSES)),
            "phone": None,
            "email": None,
            "authorization": "Giấy ủy quyền số 12/UQ",
        }
        doc["representative"] = representative

    dr.appointment = appointment = _appointment(draw, dr)
    apology_wanted = plan.apology == "always" or (plan.apology == "maybe" and draw(_ints(0, 3)) == 3)
    if apology_wanted:
        dr.new_appointment = _new_appointment(draw, appointment)

    # The result: by the latest appointment (DC505, DC509), unless stopped and still open.
    stopped = plan.extras and draw(_ints(0, 5)) == 5
    still_open = stopped and draw(_BOOL)
    resolved = returned = None
    if not still_open:
        assert dr.latest is not None
        result = _between(draw, received, dr.latest)
        if draw(_ints(0, 3)):
            resolved = result
            if draw(_BOOL):
                returned = _between(draw, result, result + 3 * _DAY)
        else:
            returned = result
    if resolved is not None:
        doc["resolved_at"] = _render(draw, resolved)
    if returned is not None:
        doc["returned_at"] = _render(draw, returned)
    if stopped:
        doc["stop_notice"] = {
            "number": f"{draw(_ints(1, 99))}/TB-DGQ",
            "issued_at": _render(draw, _between(draw, received, received + 5 * _DAY)),
            "requested_at": _render(draw, _between(draw, received, received + 2 * _DAY)),
        }

    immediate = version.procedure.immediate_result
    limit = version.time_limit(dr.channel, dr.actual)
    optional_slip = bool(rows) and draw(_BOOL)
    if not immediate or plan.all_parts or optional_slip:
        slip: dict[str, Any] = {
            "number": f"{draw(_ints(1, 999))}/TTPVHCC",
            "issued_at": _render(draw, _between(draw, received, received + 30 * _MINUTE)),
            "dossier_code": code,
            "receiving_unit": _variant(draw, desk),
            "applicant_name": applicant["name"],
            "applicant_id_number": applicant["id_number"],
            "address": applicant["address"],
            "phone": applicant["phone"],
            "email": None,
            "request": version.procedure.name,
            "components": [],
            "sets": sets if sets is not None else 1,
            "time_limit": _limit_text(limit),
            "received_at": _render(draw, received),
            "appointment_at": _maybe_date_only(draw, appointment),
            "return_place": desk,
            "received_by": officer,
            "delivered_via": draw(_pick(("portal", "email", "sms")))
            if dr.channel == "online" or draw(_BOOL)
            else None,
        }
        for key in ("phone", "email"):
            if draw(_BOOL):
                del slip[key]
        if representative is not None:
            slip["representative"] = dict(representative)
        doc["appointment_slip"] = slip
        _sync_slip(draw, dr)
    if not immediate or plan.all_parts or draw(_BOOL):
        doc["control_slip"] = {
            "number": f"{draw(_ints(1, 999))}/PKS",
            "dossier_code": code,
            "lead_agency": lead,
            "cooperating_agency": draw(_pick((None, *_COOPERATING))),
            "received_at": _render(draw, received),
            "appointment_at": _maybe_date_only(draw, appointment),
            "handovers": _handovers(draw, dr, desk, lead, returned is not None),
        }
    entry: dict[str, Any] = {
        "entry_no": draw(st.one_of(st.integers(1, 9999), st.integers(1, 9999).map(str))),
        "dossier_code": code,
        "procedure_name": version.procedure.name,
        "applicant_name": applicant["name"],
        "address_phone": f"{applicant['address']} - {applicant['phone']}",
        "lead_agency": lead,
        "received_at": _maybe_date_only(draw, received),
        "appointment_at": _maybe_date_only(draw, appointment),
    }
    if returned is not None:
        entry["returned_at"] = _maybe_date_only(draw, returned)
        entry["return_method"] = draw(_pick(("direct", "postal", "online")))
    doc["tracking_entry"] = entry

    requests: list[dict[str, Any]] = []
    if plan.extras and draw(_ints(0, 3)) == 3:
        requests.append(_request(draw, "intake", _between(draw, received - 7 * _DAY, received)))
    if plan.extras:
        limit_end = datetime.combine(_appraisal_limit(dr), _END_OF_DAY)
        for _ in range(draw(_ints(0, 2)) if draw(_ints(0, 3)) == 3 else 0):
            requests.append(_request(draw, "appraisal", _between(draw, received, limit_end)))
    if requests:
        doc["supplement_requests"] = list(draw(st.permutations(requests)))
    if dr.new_appointment is not None:
        doc["apologies"] = [_apology(draw, dr, code, dr.new_appointment)]
    _fix_statuses(doc)


# --- valid dossiers ----------------------------------------------------------------------------------


def _as_local(value: Any, name: str, end: bool) -> datetime:
    if isinstance(value, datetime):
        return to_local(value).replace(second=0, microsecond=0)
    if isinstance(value, date):
        return datetime.combine(value, _END_OF_DAY if end else time(0, 0))
    raise InvalidArgument(f"received_between: {name} must be a date or datetime, got {type(value).__name__}")


def valid_dossiers(
    procedure: ProcedureArg,
    *,
    channel: str | None = None,
    received_between: tuple[date | datetime, date | datetime] | None = None,
    outcome: str | None = None,
    settings: Settings | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Complete, consistent dossiers (JSON-ready dicts) of one procedure that produce no violation at all.

    ``procedure`` is a code of the built-in catalogue (any of its versions), a
    :class:`~dossier_check.models.Procedure`, a :class:`~dossier_check.catalog.ProcedureVersion`, or a
    strategy of those. Check the result against ``catalog_for(procedure)`` (for a strategy: against
    ``Catalog([version])`` of the drawn version — draw it yourself with ``st.data()``) with ``as_of=AS_OF``
    and the same ``settings``: the report has no violation, not even a warning.

    What is generated: a receipt in force for the version, on a channel it is offered on; for a procedure
    with cases, a case named by id or by name, or none (the dossier then holds one case's components and
    its appointment is within the longest of the cases' limits); a dossier code whose date is the local
    receipt date; the components the facts require (one member per required group), in accepted forms and
    within quantities (per form where ``copies`` says so), sometimes with optional ones, matched by code,
    by name (in another case or spacing) or both;
    ``sets`` within the procedure's; for an ``accepted`` dossier an appointment slip with every field (its
    components the same multiset, written differently), an appointment by the statutory deadline computed
    with the real calendar (:func:`dossier_check.deadlines.compute_deadline`), a control slip whose chain
    starts and (once returned) ends at the desk with the first hand-over by the transfer deadline and late
    rows marked ``late``, a tracking entry, a result by the appointment; and sometimes valid process
    records: one intake supplement request, appraisal requests within 3 working days, one apology moving
    the appointment (and a result after the original appointment but by the new one), a stop notice with
    the dossier still open. ``supplement_requested`` and ``rejected`` dossiers carry their request or
    reasoned rejection. Times are written with ``+07:00``, without offset, in UTC or date-only.

    ``channel`` fixes the channel (default: any). ``outcome`` fixes the outcome (default: any, shrinking
    to ``accepted``). ``received_between`` (a pair of dates or datetimes, local time) bounds the receipt;
    by default receipts fall in the official calendar years, late enough in them that every deadline does
    too. When the bounds (or the procedure's validity) leave no such date, receipts fall where they can and
    the report may carry DC007 (info: provisional calendar) — the only exception to "no violation".
    ``settings`` (default :meth:`Settings.default`) supplies the calendar, office hours and day-counting
    convention the deadlines are computed with.

    Raises :class:`InvalidArgument` at call time for an unknown code, a bad channel, outcome or bounds, or a
    procedure with no receipt date in force within the bounds.
    """
    s = settings if settings is not None else Settings.default()
    if not isinstance(s, Settings):
        raise InvalidArgument(f"settings must be a dossier_check.Settings, got {type(settings).__name__}")
    if channel is not None and channel not in CHANNELS:
        raise InvalidArgument(f"channel must be one of {CHANNELS} or None, got {channel!r}")
    if outcome is not None and outcome not in OUTCOMES:
        raise InvalidArgument(f"outcome must be one of {OUTCOMES} or None, got {outcome!r}")
    between = None
    if received_between is not None:
        if not isinstance(received_between, (tuple, list)) or len(received_between) != 2:
            raise InvalidArgument("received_between must be a pair (earliest, latest)")
        lo = _as_local(received_between[0], "earliest", end=False)
        hi = _as_local(received_between[1], "latest", end=True)
        if hi < lo:
            raise InvalidArgument(f"received_between: latest {hi} is before earliest {lo}")
        between = (lo, hi)
    plan = _Plan(
        outcomes=(outcome,) if outcome else OUTCOMES,
        channels=(channel,) if channel else CHANNELS,
        between=between,
    )
    what = "no receipt date in force for these arguments"
    if channel is not None:
        what = f"no receipt date in force, on channel {channel!r} if it is offered, for these arguments"
    envs = _env_strategy(procedure, s, _feasible(plan), what)
    return envs.flatmap(lambda env: _drafts(env, plan)).map(lambda dr: dr.doc)
