"""Hypothesis strategies for property-based tests of dossier software (an optional extra).

Install with ``pip install "dossier-check[hypothesis]"``.

Three families of strategies, all JSON-ready and all shrinking toward small examples (few components, one
hand-over row, no optional parts):

* :func:`procedures`, :func:`procedure_documents`, :func:`procedure_versions` — valid procedure definitions
  (SPEC §2): components of both kinds with forms, quantities, conditions (``if_fact`` / ``unless_fact``),
  alternative groups and channel restrictions; every time-limit unit, ``same_day`` cut-offs and
  ``channel_time_limits``.
* :func:`valid_dossiers` — complete, consistent dossiers (SPEC §3) of one procedure that produce **no
  violation at all** when checked against :func:`catalog_for` that procedure with ``as_of=AS_OF``.
* :func:`dossiers_violating` — dossiers that trigger one rule code (DC001–DC509) and, wherever the rule
  allows it, nothing else (see :data:`CO_FIRING` for the two exceptions).

Example (runs as written)::

    from hypothesis import given, settings
    from dossier_check import check
    from dossier_check.strategies import AS_OF, dossiers_violating, valid_dossiers

    @settings(max_examples=20)
    @given(valid_dossiers("1.004222"))
    def test_valid_dossiers_pass(dossier):
        assert check(dossier, as_of=AS_OF).violations == ()

    @settings(max_examples=20)
    @given(dossiers_violating("DC102"))
    def test_excess_component_is_found(dossier):
        assert check(dossier, as_of=AS_OF).codes[0] == "DC102"

    test_valid_dossiers_pass()
    test_excess_component_is_found()

Conventions the guarantees rely on:

* Check with the catalogue :func:`catalog_for` returns for the ``procedure`` argument (the built-in
  catalogue for a code or ``None``; a one-procedure catalogue for a :class:`~dossier_check.models.Procedure`
  or :class:`~dossier_check.catalog.ProcedureVersion`), with ``as_of=AS_OF`` (a fixed audit time after
  every date generated here) and the default settings (or the ``settings`` given to
  :func:`valid_dossiers`).
* Receipts fall inside the years with an official holiday schedule (so no DC007), unless the arguments
  leave no such date: see :func:`valid_dossiers`.
* Importing :mod:`dossier_check` never imports Hypothesis; only this module needs it.

The library works without this module; it is an integration (STYLE.md) and raises a clear
:class:`ImportError` when Hypothesis is missing.
"""

from __future__ import annotations

try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as _exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        'dossier_check.strategies needs Hypothesis; install it with: pip install "dossier-check[hypothesis]"'
    ) from _exc

import copy
import functools
import json
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, TypeVar

from ._text import normalize_name
from .catalog import Catalog, ComponentIndex, ProcedureVersion, load_catalog, load_procedure_file
from .config import Settings
from .deadlines import Deadline, effective_receipt, limit_deadline, to_local, transfer_deadline
from .models import IfFact, Procedure, ProcedureComponent, UnlessFact
from .rules import rules as _registered_rules
from .rules.components import is_required
from .timeutil import parse_when

__all__ = [
    "AS_OF",
    "CO_FIRING",
    "InvalidArgument",
    "catalog_for",
    "dossiers_violating",
    "procedure_documents",
    "procedure_versions",
    "procedures",
    "valid_dossiers",
]

AS_OF = "2100-01-01T00:00:00+07:00"
"""The audit time to check generated dossiers with: later than every date these strategies produce."""

CO_FIRING: Mapping[str, frozenset[str]] = {
    "DC003": frozenset({"DC007"}),
    "DC101": frozenset({"DC202"}),
}
"""Codes that :func:`dossiers_violating` cannot always isolate, and what may come with them.

* ``DC003`` + ``DC007``: when every date on which no version of the procedure is in force lies in a year
  without an official schedule (a procedure in force since before the first official year and still open),
  the receipt — and so the calendar the check relies on — is provisional.
* ``DC101`` + ``DC202``: when the channel offers no other ``submit`` component, a dossier missing the
  required one keeps nothing, and its appointment slip cannot list any component (``components`` must have
  at least one row, SPEC §5.1). Built-in example: 2.000815, whose only kept component is TP1.

Every other code comes alone (possibly several findings of that one code).
"""

CHANNELS: tuple[str, ...] = ("direct", "postal", "online")
FORMS: tuple[str, ...] = ("original", "copy", "certified_copy", "photocopy", "electronic")
OUTCOMES: tuple[str, ...] = ("accepted", "supplement_requested", "rejected")

_MIN_DAY = date(2000, 1, 1)  # the dossier code's YYMMDD counts years from 2000
_MAX_DAY = date(2099, 12, 31)
_PROVISIONAL_MAX = date(2040, 12, 31)
_MINUTE = timedelta(minutes=1)
_DAY = timedelta(days=1)
_END_OF_DAY = time(23, 59)

# Circular 01/2018 order and Decision 20/2020 order (SPEC §4, DC004), ASCII digits only.
_TT01 = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}-([0-9]{6})-[0-9]{4}\Z")
_QD20 = re.compile(r"^[A-Z][0-9]{2}(?:\.[0-9A-Z]{1,3}){1,4}-([0-9]{6})-[0-9]{4}\Z")

# --- vocabulary -------------------------------------------------------------------------------------

_DESKS = (
    ("Bộ phận Một cửa UBND phường An Lộc", "Công an phường An Lộc"),
    ("Trung tâm Phục vụ hành chính công tỉnh Đồng Tháp", "Sở Xây dựng tỉnh Đồng Tháp"),
    ("Bộ phận Một cửa UBND xã Tân Hòa", "Ủy ban nhân dân xã Tân Hòa"),
    ("Bộ phận tiếp nhận và trả kết quả huyện Châu Thành", "Phòng Tài nguyên và Môi trường"),
)
_COOPERATING = ("Văn phòng đăng ký đất đai", "Phòng Kinh tế", "Chi cục Thuế khu vực II", "Phòng Tư pháp")
_PEOPLE = ("Nguyễn Thị Mai", "Lê Văn Cường", "Trần Văn Bình", "Phạm Thị Hoa", "Võ Minh Tuấn", "Đặng Thu Hà")
_ADDRESSES = ("Khóm An Thạnh A, phường An Lộc", "Ấp Tân Phú, xã Tân Hòa", "Số 12 đường Lê Lợi, phường 1")
_REASONS = (
    "Hồ sơ cần xác minh thêm thông tin",
    "Thiếu bản sao giấy tờ chứng minh chỗ ở hợp pháp",
    "Hồ sơ không thuộc thẩm quyền giải quyết",
    "Cần lấy ý kiến cơ quan phối hợp",
)
_COMPONENT_NAMES = (
    "Tờ khai thay đổi thông tin cư trú",
    "Giấy tờ chứng minh chỗ ở hợp pháp",
    "Văn bản ủy quyền",
    "Giấy tờ tùy thân",
    "Giấy chứng sinh",
    "Đơn đề nghị cấp giấy phép xây dựng",
    "Bản vẽ thiết kế xây dựng",
    "Giấy chứng nhận quyền sử dụng đất",
    "Tờ khai đăng ký kết hôn",
    "Giấy cam đoan về việc sinh",
)
_PROCEDURE_NAMES = (
    "Đăng ký thường trú",
    "Đăng ký khai sinh",
    "Cấp giấy phép xây dựng",
    "Đăng ký kết hôn",
    "Chứng thực bản sao từ bản chính",
)
_FACTS = (
    "by_representative",
    "residence_in_database",
    "identity_in_database",
    "abandoned_child",
    "on_behalf",
)
_GROUPS = ("lawful_dwelling", "birth_proof", "proxy_document")

_DrawFn = st.DrawFn
_T = TypeVar("_T")
_BOOL = st.booleans()


# Strategies built once and reused: a dossier takes a few hundred draws, and validating a fresh strategy
# object for each of them would cost more than drawing from it.
@functools.lru_cache(maxsize=4096)
def _ints(lo: int, hi: int) -> st.SearchStrategy[int]:
    return st.integers(lo, hi)


@functools.lru_cache(maxsize=4096)
def _pick_hashable(options: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(options)


def _pick(options: Sequence[_T]) -> st.SearchStrategy[_T]:
    """``sampled_from`` (shrinks toward the first option), cached when the options are hashable."""
    values = tuple(options)
    try:
        return _pick_hashable(values)
    except TypeError:
        return st.sampled_from(values)


@functools.lru_cache(maxsize=64)
def _texts(pool: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Non-blank text: the pool first (shrinks there), sometimes arbitrary Unicode."""
    free = st.text(min_size=1, max_size=40).filter(lambda s: bool(s.strip()))
    return st.one_of(st.sampled_from(pool), free)


def _variant(draw: _DrawFn, name: str) -> str:
    """The same name as people type it: other case, extra spaces or decomposed accents (SPEC §1)."""
    style = draw(_pick(("same", "upper", "spaces", "nfd")))
    if style == "upper":
        out = name.upper()
    elif style == "spaces":
        out = "  " + name.replace(" ", "   ") + " "
    elif style == "nfd":
        out = unicodedata.normalize("NFD", name)
    else:
        out = name
    return out if normalize_name(out) == normalize_name(name) else name


# --- procedures -------------------------------------------------------------------------------------


def _component_names() -> st.SearchStrategy[str]:
    letters = st.characters(categories=("Lu", "Ll", "Nd"), include_characters=" ()/-,.")
    free = st.text(alphabet=letters, min_size=1, max_size=30).filter(lambda s: bool(normalize_name(s)))
    return st.one_of(st.sampled_from(_COMPONENT_NAMES), free)


@st.composite
def _time_limits(draw: _DrawFn) -> dict[str, Any]:
    unit = draw(_pick(("working_days", "calendar_days", "working_hours", "same_day")))
    if unit == "same_day":
        limit: dict[str, Any] = {"unit": unit}
        if draw(_BOOL):
            limit["cutoff"] = f"{draw(_ints(0, 23)):02d}:{draw(_ints(0, 59)):02d}"
        return limit
    top = {"working_days": 30, "calendar_days": 60, "working_hours": 64}[unit]
    return {"amount": draw(_ints(1, top)), "unit": unit}


@st.composite
def _procedure_documents(draw: _DrawFn, min_components: int, max_components: int) -> dict[str, Any]:
    n = draw(_ints(min_components, max_components))
    names = draw(st.lists(_component_names(), min_size=n, max_size=n, unique_by=normalize_name))
    components: list[dict[str, Any]] = []
    for i, name in enumerate(names):
        # The first component is kept on every channel, so every channel has something to keep.
        kind = "submit" if i == 0 else draw(_pick(("submit", "show")))
        comp: dict[str, Any] = {
            "code": f"{'TP' if kind == 'submit' else 'XT'}{i + 1}",
            "name": name,
            "kind": kind,
            "forms": draw(st.lists(st.sampled_from(FORMS), min_size=1, max_size=5, unique=True)),
            "required": draw(
                st.one_of(
                    st.just(True),
                    st.just(False),
                    st.sampled_from(_FACTS).map(lambda f: {"if_fact": f}),
                    st.sampled_from(_FACTS).map(lambda f: {"unless_fact": f}),
                )
            ),
        }
        if draw(_BOOL):
            comp["quantity"] = draw(_ints(1, 4))
        if i > 0 and draw(_BOOL):
            comp["channels"] = draw(st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=3, unique=True))
        if i > 0 and draw(_BOOL):
            comp["group"] = draw(_pick(_GROUPS))
        components.append(comp)
    valid_from = draw(st.dates(date(2021, 1, 1), date(2026, 6, 30)))
    doc: dict[str, Any] = {
        "code": f"{draw(_ints(1, 3))}.{draw(_ints(0, 999_999)):06d}",
        "name": draw(_pick(_PROCEDURE_NAMES)),
        "valid_from": valid_from.isoformat(),
        "time_limit": draw(_time_limits()),
        "components": components,
    }
    if draw(_BOOL):
        doc["valid_to"] = (valid_from + timedelta(days=draw(_ints(60, 2000)))).isoformat()
    if draw(_BOOL):
        doc["sets"] = draw(_ints(1, 3))
    if draw(_BOOL):
        doc["channel_time_limits"] = draw(
            st.dictionaries(st.sampled_from(CHANNELS), _time_limits(), max_size=3)
        )
    if draw(_ints(0, 9)) == 9:
        doc["immediate_result"] = True
    if draw(_BOOL):
        doc["decision"] = draw(_pick(("163/QĐ-BTP", "1523/QĐ-BCA-C06", None)))
        doc["level"] = draw(_pick(("commune", "province", None)))
        doc["notes"] = ["an unknown key: allowed and ignored (SPEC §1)"]
    return doc


def _check_component_bounds(min_components: int, max_components: int) -> None:
    for name, value in (("min_components", min_components), ("max_components", max_components)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidArgument(f"{name} must be an int, got {value!r}")
    if not 1 <= min_components <= max_components <= 30:
        raise InvalidArgument(
            f"need 1 <= min_components <= max_components <= 30, got {min_components} and {max_components}"
        )


def procedure_documents(
    *, min_components: int = 1, max_components: int = 6
) -> st.SearchStrategy[dict[str, Any]]:
    """Procedure definition files (SPEC §2) as JSON-ready dicts, exactly as a user would write them.

    Optional keys are sometimes left out, so the documents exercise defaults (``quantity``, ``sets``,
    ``cutoff``). Component names are unique after normalisation and component codes are unique, so every
    document loads (:func:`dossier_check.catalog.load_procedure_file`). The first component is a ``submit``
    component offered on every channel; procedures are in force from a date in 2021–2026 and time limits
    stay short enough that valid dossiers fit in the official calendar years.
    """
    _check_component_bounds(min_components, max_components)
    return _procedure_documents(min_components, max_components)


def procedures(*, min_components: int = 1, max_components: int = 6) -> st.SearchStrategy[Procedure]:
    """Valid procedure definitions as :class:`dossier_check.models.Procedure` models.

    A ``Procedure`` is the published definition; turn it into something the engine can use with
    ``catalog_for(procedure)`` (or use :func:`procedure_versions`). See :func:`procedure_documents` for
    what is generated.
    """
    _check_component_bounds(min_components, max_components)
    return _procedure_documents(min_components, max_components).map(Procedure.model_validate)


def _to_version(procedure: Procedure) -> ProcedureVersion:
    text = json.dumps(procedure.model_dump(mode="json"), ensure_ascii=False)
    return load_procedure_file(f"<generated>/{procedure.code}.json", text)


def procedure_versions(
    *, min_components: int = 1, max_components: int = 6
) -> st.SearchStrategy[ProcedureVersion]:
    """Valid procedures loaded as :class:`~dossier_check.catalog.ProcedureVersion` (what the engine uses).

    Each one went through :func:`~dossier_check.catalog.load_procedure_file`, so ``Catalog([version])`` is
    a catalogue holding just that procedure. This is the most convenient form for tests::

        @given(st.data(), procedure_versions())
        def test(data, version):
            dossier = data.draw(valid_dossiers(version))
            assert check(dossier, catalog=Catalog([version]), as_of=AS_OF).violations == ()
    """
    return procedures(min_components=min_components, max_components=max_components).map(_to_version)


# --- resolving the ``procedure`` argument -------------------------------------------------------------

ProcedureArg = str | Procedure | ProcedureVersion | st.SearchStrategy[Any]


@dataclass(frozen=True, eq=False)
class _Env:
    """One procedure version with the catalogue it is checked against and the settings."""

    version: ProcedureVersion
    catalog: Catalog
    settings: Settings


def catalog_for(procedure: str | Procedure | ProcedureVersion | None = None) -> Catalog:
    """The catalogue to check generated dossiers against.

    ``None`` or a code: the built-in catalogue. A :class:`~dossier_check.models.Procedure` or a
    :class:`~dossier_check.catalog.ProcedureVersion`: a catalogue holding only that procedure.
    """
    if procedure is None or isinstance(procedure, str):
        return load_catalog()
    if isinstance(procedure, Procedure):
        return Catalog([_to_version(procedure)])
    if isinstance(procedure, ProcedureVersion):
        return Catalog([procedure])
    raise InvalidArgument(
        f"expected a procedure code, Procedure or ProcedureVersion, got {type(procedure).__name__}"
    )


def _envs_of(value: Any, settings: Settings) -> list[_Env]:
    """The versions a concrete ``procedure`` argument stands for (several for a code with several versions)."""
    if isinstance(value, str):
        catalog = load_catalog()
        versions = catalog.versions(value.strip())
        if not versions:
            raise InvalidArgument(
                f"no procedure {value!r} in the built-in catalogue (known: {catalog.codes()})"
            )
        return [_Env(v, catalog, settings) for v in versions]
    if isinstance(value, Procedure):
        version = _to_version(value)
        return [_Env(version, Catalog([version]), settings)]
    if isinstance(value, ProcedureVersion):
        return [_Env(value, Catalog([value]), settings)]
    raise InvalidArgument(
        "procedure must be a procedure code, a Procedure, a ProcedureVersion or a strategy of them, "
        f"got {type(value).__name__}"
    )


def _env_strategy(
    procedure: Any, settings: Settings, feasible: Callable[[_Env], bool], what: str
) -> st.SearchStrategy[_Env]:
    """Envs for a ``procedure`` argument: checked now when concrete, filtered at draw time for a strategy."""
    if isinstance(procedure, st.SearchStrategy):
        return procedure.flatmap(lambda p: st.sampled_from(_envs_of(p, settings))).filter(feasible)
    envs = [e for e in _envs_of(procedure, settings) if feasible(e)]
    if not envs:
        raise InvalidArgument(f"procedure {_describe(procedure)}: {what}")
    return st.sampled_from(envs)


def _describe(procedure: Any) -> str:
    if isinstance(procedure, str):
        return procedure
    if isinstance(procedure, (Procedure, ProcedureVersion)):
        return procedure.code
    return repr(procedure)


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


_SAFE_CACHE: dict[tuple[int, str, int], tuple[ProcedureVersion, Settings, date | None]] = {}


def _last_safe_day(env: _Env, channel: str) -> date | None:
    """The latest receipt date whose every calendar computation stays in official years (no DC007)."""
    key = (id(env.version), channel, id(env.settings))
    hit = _SAFE_CACHE.get(key)
    if hit is not None and hit[0] is env.version and hit[1] is env.settings:
        return hit[2]
    block = _official_block(env.settings)
    result: date | None = None
    if block is not None:
        first, last = block
        cal = env.settings.calendar
        limit = env.version.time_limit(channel)
        d, floor = date(last, 12, 31), date(first, 1, 15)
        while d >= floor:
            received = datetime.combine(d, _END_OF_DAY)  # the latest time of a day gives the latest deadline
            due = _deadline(env, limit, received).due_date
            eff = effective_receipt(received, cal, env.settings.hours)
            third = cal.nth_working_day_after(eff.date(), 3)
            transfer = transfer_deadline(received, cal, env.settings.hours).due_date
            if max(due, third, transfer).year <= last:
                result = d
                break
            d -= _DAY
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


def _windows(env: _Env, channel: str, receipt: Receipt, between: tuple[date, date] | None) -> list[_Window]:
    """Where a receipt may fall for this channel (empty: impossible)."""
    block = _official_block(env.settings)
    safe: tuple[date, date] | None = None
    if block is not None:
        last_safe = _last_safe_day(env, channel)
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


ChannelTest = Callable[[ProcedureVersion, str], bool]


def _any_channel(version: ProcedureVersion, channel: str) -> bool:
    return True


def _submits(version: ProcedureVersion, channel: str) -> list[ProcedureComponent]:
    return [c for c in version.index(channel).components if c.kind == "submit"]


def _has_submit(version: ProcedureVersion, channel: str) -> bool:
    return bool(_submits(version, channel))


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


def _accepted_possible(version: ProcedureVersion, channel: str, plan: _Plan) -> bool:
    # An accepted dossier's slip lists at least one kept component (SPEC §5.1); without any, only an
    # immediate-result procedure (no slip due) can be accepted on that channel.
    return _has_submit(version, channel) or (version.procedure.immediate_result and not plan.all_parts)


def _between_dates(plan: _Plan) -> tuple[date, date] | None:
    return (plan.between[0].date(), plan.between[1].date()) if plan.between else None


def _channels_for(env: _Env, plan: _Plan) -> list[tuple[str, list[_Window], tuple[str, ...]]]:
    out: list[tuple[str, list[_Window], tuple[str, ...]]] = []
    if not plan.version_ok(env.version):
        return out
    for channel in plan.channels:
        if not plan.channel_ok(env.version, channel):
            continue
        windows = _windows(env, channel, plan.receipt, _between_dates(plan))
        if not windows:
            continue
        outcomes = tuple(
            o for o in plan.outcomes if o != "accepted" or _accepted_possible(env.version, channel, plan)
        )
        if outcomes:
            out.append((channel, windows, outcomes))
    return out


def _feasible(plan: _Plan) -> Callable[[_Env], bool]:
    return lambda env: bool(_channels_for(env, plan))


# --- the dossier builder ------------------------------------------------------------------------------


@dataclass
class _Draft:
    """A generated dossier and what was decided while building it (the recipes need it)."""

    doc: dict[str, Any]
    env: _Env
    plan: _Plan
    channel: str
    received: datetime
    effective: datetime
    deadline: Deadline
    transfer: Deadline
    appointment: datetime | None = None
    new_appointment: datetime | None = None

    @property
    def version(self) -> ProcedureVersion:
        return self.env.version

    @property
    def index(self) -> ComponentIndex:
        return self.env.version.index(self.channel)

    @property
    def latest(self) -> datetime | None:
        """The later of the appointment and the new one, as generated (instants)."""
        if self.appointment is None:
            return None
        return max(self.appointment, self.new_appointment or self.appointment)


def _deadline(env: _Env, limit: Any, received: datetime) -> Deadline:
    return limit_deadline(limit, received, env.settings)


def _between(draw: _DrawFn, lo: datetime, hi: datetime) -> datetime:
    """A time in [lo, hi] to the minute; shrinks to ``lo``."""
    if hi <= lo:
        return lo
    return lo + draw(_ints(0, int((hi - lo) // _MINUTE))) * _MINUTE


def _render(draw: _DrawFn, local: datetime, *, date_only: bool = False) -> str:
    """An ISO 8601 rendering of a Việt Nam local time: with +07:00, without offset, in UTC, or date only."""
    if date_only:
        return local.date().isoformat()
    style = draw(_pick(("vn", "naive", "utc", "seconds", "space")))
    if style == "naive":
        return local.strftime("%Y-%m-%dT%H:%M")
    if style == "utc":
        return (local - timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
    if style == "seconds":
        return local.strftime("%Y-%m-%dT%H:%M:%S+07:00")
    if style == "space":
        return local.strftime("%Y-%m-%d %H:%M+07:00")
    return local.strftime("%Y-%m-%dT%H:%M+07:00")


def _maybe_date_only(draw: _DrawFn, local: datetime) -> str:
    return _render(draw, local, date_only=draw(_ints(0, 3)) == 3)


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


def _row(draw: _DrawFn, comp: ProcedureComponent, quantity: int, *, exact: bool = False) -> dict[str, Any]:
    """A dossier row for a published component: by code, by name, or both; a form it accepts."""
    style = "both" if exact else draw(_pick(("both", "code", "name")))
    if comp.code != comp.code.strip() or not comp.code:
        style = "name"  # a padded code never matches a (stripped) row code
    if not normalize_name(comp.name):
        style = "code"
    row: dict[str, Any] = {}
    if style in ("both", "code"):
        row["code"] = comp.code
    if style in ("both", "name"):
        row["name"] = comp.name if exact or style == "both" else _variant(draw, comp.name)
    if draw(_ints(0, 5)) > 0:
        row["form"] = draw(_pick(comp.forms))
    if quantity != 1 or draw(_BOOL):
        row["quantity"] = quantity
    return row


def _component_rows(
    draw: _DrawFn, version: ProcedureVersion, channel: str, facts: Mapping[str, Any], exact: bool
) -> list[dict[str, Any]]:
    submits = _submits(version, channel)
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
        remaining = c.quantity
        n = draw(_ints(1, min(c.quantity, 2)))
        for i in range(n):
            q = draw(_ints(1, remaining - (n - i - 1)))
            remaining -= q
            rows.append(_row(draw, c, q, exact=exact))
    return list(draw(st.permutations(rows)))


def _facts(draw: _DrawFn, version: ProcedureVersion) -> dict[str, bool | None]:
    names: list[str] = []
    for c in version.procedure.components:
        r = c.required
        name = r.if_fact if isinstance(r, IfFact) else r.unless_fact if isinstance(r, UnlessFact) else None
        if name is not None and name not in names:
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
        new = _row(draw, comp, 1)
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
    words = {"working_days": "ngày làm việc", "calendar_days": "ngày", "working_hours": "giờ làm việc"}
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


@st.composite
def _drafts(draw: _DrawFn, env: _Env, plan: _Plan) -> _Draft:
    options = _channels_for(env, plan)
    assume(options)
    channel, windows, outcomes = draw(_pick(options))
    version, settings = env.version, env.settings
    received = _receipt(draw, env, plan, windows)
    effective = effective_receipt(received, settings.calendar, settings.hours)
    dl = _deadline(env, version.time_limit(channel), received)
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
    dr = _Draft(doc, env, plan, channel, received, effective, dl, tr)
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
    rows = _component_rows(draw, version, dr.channel, facts, plan.exact_slip_rows)
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
    limit = version.time_limit(dr.channel)
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

    What is generated: a receipt in force for the version; a dossier code whose date is the local receipt
    date; the components the facts require (one member per required group), in accepted forms and within
    quantities, sometimes with optional ones, matched by code, by name (in another case or spacing) or both;
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
    envs = _env_strategy(procedure, s, _feasible(plan), "no receipt date in force for these arguments")
    return envs.flatmap(lambda env: _drafts(env, plan)).map(lambda dr: dr.doc)


# --- violating dossiers -------------------------------------------------------------------------------

Mutation = Callable[[_DrawFn, _Draft], None]


@dataclass(frozen=True)
class _Recipe:
    plan: _Plan
    mutate: Mutation
    needs: str  # what the procedure must offer, for the error message


def _blank(draw: _DrawFn, obj: dict[str, Any], key: str, kind: str = "text") -> None:
    """Make a field *missing* (SPEC §1) without breaking its type (which would be DC001)."""
    choices: tuple[Any, ...] = {
        "text": ("<del>", None, "", "   "),
        "time": ("<del>", None),
        "list": ("<del>", None, []),
    }[kind]
    value = draw(_pick(choices))
    if value == "<del>":
        obj.pop(key, None)
    else:
        obj[key] = value


def _other_unit(draw: _DrawFn, *avoid: str) -> str:
    banned = {normalize_name(a) for a in avoid if isinstance(a, str)}
    unit = draw(_texts((*_COOPERATING, "Phòng Văn hóa - Thông tin", "Chi cục Thống kê")))
    assume(normalize_name(unit) not in banned and normalize_name(unit))
    return unit


def _carriers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    parts = [doc.get(k) for k in ("appointment_slip", "control_slip", "tracking_entry", "rejection")]
    parts += list(doc.get("apologies") or [])
    return [p for p in parts if isinstance(p, dict) and "dossier_code" in p]


def _set_code(doc: dict[str, Any], code: str) -> None:
    doc["code"] = code
    for part in _carriers(doc):
        part["dossier_code"] = code


def _code_day(code: str) -> date | None:
    for rx in (_TT01, _QD20):
        m = rx.match(code)
        if m:
            ymd = m.group(1)
            try:
                return date(2000 + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:]))
            except ValueError:
                return None
    return None


def _malformed(code: str) -> bool:
    return _code_day(code) is None


def _m_dc001(draw: _DrawFn, dr: _Draft) -> None:
    doc = dr.doc
    how = draw(_pick(("received_by", "applicant", "shown", "entry_no", "slip_phone", "no_unit")))
    if how == "received_by":
        doc["received_by"] = draw(st.one_of(st.integers(), st.lists(st.integers(), max_size=2)))
    elif how == "applicant":
        doc["applicant"] = draw(st.one_of(st.text(), st.integers(), st.lists(st.text(), max_size=2)))
    elif how == "shown":
        doc["shown_documents"] = draw(st.one_of(st.text(), st.just([5]), st.just({"code": "XT1"})))
    elif how == "entry_no":
        doc["tracking_entry"]["entry_no"] = draw(st.one_of(st.just(1.5), st.just([1]), st.booleans()))
    elif how == "slip_phone" and isinstance(doc.get("appointment_slip"), dict):
        doc["appointment_slip"]["phone"] = draw(_ints(0, 10**9))
    else:
        del doc["receiving_unit"]  # a required field; the rule that needs it (DC304) is skipped


def _m_dc002(draw: _DrawFn, dr: _Draft) -> None:
    unknown = draw(
        st.builds(lambda a, b: f"{a}.{b:06d}", st.integers(0, 9), st.integers(0, 999_999)).filter(
            lambda c: c not in dr.env.catalog and c != dr.version.code
        )
    )
    dr.doc["procedure_code"] = unknown


def _m_none(draw: _DrawFn, dr: _Draft) -> None:
    """The plan alone makes the violation (DC003, DC007)."""


def _m_dc004(draw: _DrawFn, dr: _Draft) -> None:
    code = dr.doc["code"]
    how = draw(_pick(("date", "digit", "letter", "text")))
    if how == "date":
        bad = draw(_pick(("1301", "0001", "0230", "0432", "1200", "1932")))
        new = code.replace(f"-{dr.received:%y%m%d}-", f"-{dr.received:%y}{bad}-")
    elif how == "digit":
        i = draw(_pick([i for i, ch in enumerate(code) if ch.isdigit()]))
        new = code[:i] + draw(_pick(("٣", "３", "୩"))) + code[i + 1 :]
    elif how == "letter":
        new = code.lower() if code.lower() != code else code.replace("-", "_", 1)
    else:
        new = draw(st.text(min_size=1, max_size=30).filter(lambda s: bool(s.strip())))
    assume(_malformed(new) and new.strip())
    _set_code(dr.doc, new)


def _m_dc005(draw: _DrawFn, dr: _Draft) -> None:
    shift = draw(_ints(1, 400)) * draw(_pick((1, -1)))
    other = dr.received.date() + shift * _DAY
    assume(_MIN_DAY <= other <= _MAX_DAY)
    code = dr.doc["code"]
    _set_code(dr.doc, code.replace(f"-{dr.received:%y%m%d}-", f"-{other:%y%m%d}-"))


def _m_dc006(draw: _DrawFn, dr: _Draft) -> None:
    part = draw(_pick(_carriers(dr.doc)))
    code = dr.doc["code"]
    other = draw(
        st.sampled_from((code[:-1] + ("1" if code[-1] != "1" else "2"), "000.00.00.H00-000101-0001"))
    )
    assume(other.strip() != code.strip())
    part["dossier_code"] = other


def _rows_matching(dr: _Draft, codes: set[str]) -> list[int]:
    return [
        i
        for i, r in enumerate(dr.doc["components"])
        if (c := dr.index.match(r.get("code"), r.get("name"))) is not None and c.code in codes
    ]


def _m_dc101(draw: _DrawFn, dr: _Draft) -> None:
    submits = _submits(dr.version, dr.channel)
    target = draw(_pick([c for c in submits if c.required is not False]))
    facts = dr.doc.get("facts")
    if not isinstance(facts, dict):
        facts = dr.doc["facts"] = {}
    if isinstance(target.required, IfFact):
        facts[target.required.if_fact] = True
    elif isinstance(target.required, UnlessFact):
        facts[target.required.unless_fact] = False
    members = [c for c in submits if target.group is not None and c.group == target.group] or [target]
    gone = {c.code for c in members}
    drop = set(_rows_matching(dr, gone))
    rows = [r for i, r in enumerate(dr.doc["components"]) if i not in drop]
    if not rows:
        others = [c for c in submits if c.code not in gone]
        if others:  # keep something, so the slip still lists a component (else DC202 co-fires)
            rows = [_row(draw, draw(_pick(others)), 1)]
    dr.doc["components"] = rows
    _sync_slip(draw, dr)


def _insert(draw: _DrawFn, rows: list[dict[str, Any]], row: dict[str, Any]) -> None:
    rows.insert(draw(_ints(0, len(rows))), row)


def _m_dc102(draw: _DrawFn, dr: _Draft) -> None:
    index = dr.index
    elsewhere = [c for c in dr.version.procedure.components if index.by_code.get(c.code) is not c]
    how = draw(_pick(("unlisted", "name_only", "other_channel", "bad_code")))
    if how == "other_channel" and elsewhere:
        c = draw(_pick(elsewhere))
        row: dict[str, Any] = {"code": c.code, "name": c.name, "form": c.forms[0]}
    elif how == "bad_code" and index.components:
        c = draw(_pick(index.components))  # its real name, under a code nobody published
        row = {"code": "X" + c.code, "name": c.name}
    elif how == "name_only":
        row = {"name": draw(_texts(("Sổ hộ khẩu", "Giấy xác nhận tình trạng hôn nhân")))}
    else:
        row = {"code": "SHK", "name": "Sổ hộ khẩu", "form": draw(_pick(FORMS)), "quantity": 1}
    assume(index.match(row.get("code"), row.get("name")) is None)
    _insert(draw, dr.doc["components"], row)
    _sync_slip(draw, dr)


def _m_dc103(draw: _DrawFn, dr: _Draft) -> None:
    c = draw(_pick([c for c in dr.index.components if c.kind == "show"]))
    _insert(draw, dr.doc["components"], _row(draw, c, 1))
    _sync_slip(draw, dr)


def _restricted(version: ProcedureVersion, channel: str) -> list[ProcedureComponent]:
    return [c for c in _submits(version, channel) if set(FORMS) - set(c.forms)]


def _m_dc104(draw: _DrawFn, dr: _Draft) -> None:
    c = draw(_pick(_restricted(dr.version, dr.channel)))
    form = draw(_pick([f for f in FORMS if f not in c.forms]))
    rows = dr.doc["components"]
    mine = _rows_matching(dr, {c.code})
    if mine:
        rows[draw(_pick(mine))]["form"] = form
    else:
        row = _row(draw, c, 1)
        row["form"] = form
        _insert(draw, rows, row)
    _sync_slip(draw, dr)


def _m_dc105(draw: _DrawFn, dr: _Draft) -> None:
    c = draw(_pick(_submits(dr.version, dr.channel)))
    rows = dr.doc["components"]
    held = sum(
        q if isinstance(q := rows[i].get("quantity"), int) else 1 for i in _rows_matching(dr, {c.code})
    )
    extra = c.quantity - held + draw(_ints(1, 2))
    _insert(draw, rows, _row(draw, c, extra))
    _sync_slip(draw, dr)


def _m_dc106(draw: _DrawFn, dr: _Draft) -> None:
    sets = dr.version.procedure.sets + draw(_ints(1, 3))
    dr.doc["sets"] = sets
    slip = dr.doc.get("appointment_slip")
    if isinstance(slip, dict):
        slip["sets"] = sets


def _drop(draw: _DrawFn, doc: dict[str, Any], key: str) -> None:
    if draw(_BOOL):
        doc.pop(key, None)
    else:
        doc[key] = None


_SLIP_FIELDS = {
    "number": "text",
    "issued_at": "time",
    "dossier_code": "text",
    "receiving_unit": "text",
    "applicant_name": "text",
    "applicant_id_number": "text",
    "address": "text",
    "request": "text",
    "components": "list",
    "sets": "time",  # null or absent only: "" would be the wrong type
    "time_limit": "text",
    "received_at": "time",
    "appointment_at": "time",
    "return_place": "text",
    "received_by": "text",
}


def _m_dc202(draw: _DrawFn, dr: _Draft) -> None:
    slip = dr.doc["appointment_slip"]
    fields = dict(_SLIP_FIELDS)
    if dr.doc.get("representative"):
        fields["representative"] = (
            "time"  # null or absent ({} counts as given: SPEC §1 names strings and lists)
        )
    name = draw(_pick(sorted(fields)))
    _blank(draw, slip, name, fields[name])


def _m_dc203(draw: _DrawFn, dr: _Draft) -> None:
    """The plan puts the appointment after the deadline."""


def _m_dc204(draw: _DrawFn, dr: _Draft) -> None:
    slip = dr.doc["appointment_slip"]
    how = draw(_pick(("components", "received_at", "sets")))
    if how == "received_at":
        shift = draw(_ints(1, 3000)) * draw(_pick((1, -1)))
        slip["received_at"] = _render(draw, dr.received + shift * _MINUTE)
    elif how == "sets":
        sets = dr.doc.get("sets")
        slip["sets"] = (sets if isinstance(sets, int) else 1) + draw(_ints(1, 2))
    else:
        rows = slip["components"]
        op = draw(_pick(("quantity", "form", "drop", "duplicate")))
        i = draw(_ints(0, len(rows) - 1))
        row = rows[i]
        if op == "quantity":
            q = row.get("quantity")
            row["quantity"] = (q if isinstance(q, int) else 1) + draw(_ints(1, 3))
        elif op == "form":
            row["form"] = draw(_pick([f for f in FORMS if f != row.get("form")]))
        elif op == "drop" and len(rows) > 1:
            del rows[i]
        else:
            _insert(draw, rows, copy.deepcopy(row))


def _m_dc205(draw: _DrawFn, dr: _Draft) -> None:
    slip = dr.doc["appointment_slip"]
    slip["issued_at"] = _render(draw, dr.received - draw(_ints(1, 5000)) * _MINUTE)


def _m_dc206(draw: _DrawFn, dr: _Draft) -> None:
    _drop(draw, dr.doc["appointment_slip"], "delivered_via")


def _m_dc302(draw: _DrawFn, dr: _Draft) -> None:
    cs = dr.doc["control_slip"]
    header = {"number": "text", "dossier_code": "text", "lead_agency": "text", "received_at": "time"}
    header |= {"appointment_at": "time", "handovers": "list"}
    row_fields = {"from_unit": "text", "to_unit": "text", "handed_at": "time", "giver": "text"}
    row_fields |= {"receiver": "text", "status": "time"}
    if draw(_BOOL):
        name = draw(_pick(sorted(header)))
        _blank(draw, cs, name, header[name])
    else:
        row = draw(_pick(cs["handovers"]))
        name = draw(_pick(sorted(row_fields)))
        _blank(draw, row, name, row_fields[name])


def _handed(dr: _Draft) -> list[datetime]:
    out = []
    for row in dr.doc["control_slip"]["handovers"]:
        w = parse_when(row["handed_at"])
        assert w is not None
        out.append(w.local)
    return out


def _m_dc303(draw: _DrawFn, dr: _Draft) -> None:
    rows = dr.doc["control_slip"]["handovers"]
    times = _handed(dr)
    if len(rows) > 1 and draw(_BOOL):
        i = draw(_ints(1, len(rows) - 1))
        rows[i]["handed_at"] = _render(draw, times[i - 1] - draw(_ints(1, 600)) * _MINUTE)
    else:
        rows[0]["handed_at"] = _render(draw, dr.received - draw(_ints(1, 600)) * _MINUTE)


def _m_dc304(draw: _DrawFn, dr: _Draft) -> None:
    doc = dr.doc
    rows = doc["control_slip"]["handovers"]
    options = ["first"]
    if len(rows) > 1:
        options.append("gap")
    if doc.get("returned_at"):
        options.append("no_return")
    how = draw(_pick(options))
    if how == "first":
        rows[0]["from_unit"] = _other_unit(draw, doc["receiving_unit"])
    elif how == "gap":
        j = draw(_ints(1, len(rows) - 1))
        rows[j]["from_unit"] = _other_unit(draw, rows[j - 1]["to_unit"])
    else:
        rows[-1]["to_unit"] = _other_unit(draw, doc["receiving_unit"])


def _m_dc305(draw: _DrawFn, dr: _Draft) -> None:
    rows = dr.doc["control_slip"]["handovers"]
    latest = dr.latest
    assert latest is not None
    when = max(
        datetime.combine(latest.date() + draw(_ints(1, 5)) * _DAY, time(9, 0)),
        max(_handed(dr)) + _MINUTE,
    )
    last = rows[-1]["to_unit"]
    rows.append(
        {
            "from_unit": last,
            "to_unit": last if dr.doc.get("returned_at") else draw(_pick(_COOPERATING)),
            "handed_at": _render(draw, when),
            "giver": draw(_pick(_PEOPLE)),
            "receiver": draw(_pick(_PEOPLE)),
            "status": draw(_pick(("on_time", "early"))),
        }
    )


def _m_dc306(draw: _DrawFn, dr: _Draft) -> None:
    cs = dr.doc["control_slip"]
    if draw(_BOOL):
        shift = draw(_ints(1, 3000)) * draw(_pick((1, -1)))
        cs["received_at"] = _render(draw, dr.received + shift * _MINUTE)
    else:
        assert dr.appointment is not None
        shift = draw(_ints(1, 5)) * draw(_pick((1, -1)))
        cs["appointment_at"] = _render(draw, dr.appointment + shift * _DAY)


def _m_dc307(draw: _DrawFn, dr: _Draft) -> None:
    rows = dr.doc["control_slip"]["handovers"]
    times = _handed(dr)
    first = dr.transfer.due + draw(_ints(1, 3000)) * _MINUTE
    for i, row in enumerate(rows):
        if i == 0 or times[i] < first:
            row["handed_at"] = _render(draw, first)
    _fix_statuses(dr.doc)


def _m_dc402(draw: _DrawFn, dr: _Draft) -> None:
    entry = dr.doc["tracking_entry"]
    columns = {"entry_no": "text", "dossier_code": "text", "procedure_name": "text", "applicant_name": "text"}
    columns |= {
        "address_phone": "text",
        "lead_agency": "text",
        "received_at": "time",
        "appointment_at": "time",
    }
    if dr.doc.get("returned_at"):
        columns |= {"returned_at": "time", "return_method": "time"}
    name = draw(_pick(sorted(columns)))
    _blank(draw, entry, name, columns[name])


def _m_dc403(draw: _DrawFn, dr: _Draft) -> None:
    doc = dr.doc
    entry = doc["tracking_entry"]
    options = ["received_at", "appointment_at", "returned_at"]
    how = draw(_pick(options))
    if how == "received_at":
        entry["received_at"] = _render(draw, dr.received + draw(_ints(1, 10)) * _DAY)
    elif how == "appointment_at":
        assert dr.appointment is not None
        entry["appointment_at"] = _render(draw, dr.appointment + draw(_ints(1, 10)) * _DAY)
    elif doc.get("returned_at"):
        back = parse_when(doc["returned_at"])
        assert back is not None
        entry["returned_at"] = _render(draw, back.local + draw(_ints(1, 10)) * _DAY)
    else:  # a return in the book for a dossier that records none
        entry["returned_at"] = _render(draw, dr.received + draw(_ints(0, 10)) * _DAY)


def _requests(dr: _Draft) -> list[dict[str, Any]]:
    reqs = dr.doc.get("supplement_requests")
    if not isinstance(reqs, list):
        reqs = dr.doc["supplement_requests"] = []
    return reqs


def _m_dc501(draw: _DrawFn, dr: _Draft) -> None:
    reqs = _requests(dr)
    have = sum(1 for r in reqs if r.get("stage") == "intake")
    for _ in range(max(0, 2 - have) + draw(_ints(0, 1))):
        _insert(draw, reqs, _request(draw, "intake", _between(draw, dr.received - 7 * _DAY, dr.received)))


def _m_dc502(draw: _DrawFn, dr: _Draft) -> None:
    end = datetime.combine(_appraisal_limit(dr), _END_OF_DAY)
    req = _request(draw, "appraisal", _between(draw, dr.received, end))
    if draw(_BOOL):
        if draw(_BOOL):
            req["items"] = draw(_pick(([""], ["  ", ""])))
        else:
            _blank(draw, req, "items", "list")
    else:
        _blank(draw, req, "reason")
    _insert(draw, _requests(dr), req)


def _m_dc503(draw: _DrawFn, dr: _Draft) -> None:
    late = datetime.combine(_appraisal_limit(dr) + draw(_ints(1, 10)) * _DAY, time(9, 0))
    _insert(draw, _requests(dr), _request(draw, "appraisal", late))


def _m_dc504(draw: _DrawFn, dr: _Draft) -> None:
    if draw(_BOOL):
        _drop(draw, dr.doc, "rejection")
    else:
        _blank(draw, dr.doc["rejection"], "reason")


def _reopen(dr: _Draft) -> None:
    """No result yet (and none in the book): the as-of time is judged instead."""
    for key in ("resolved_at", "returned_at", "stop_notice"):
        dr.doc.pop(key, None)
    for key in ("returned_at", "return_method"):
        dr.doc["tracking_entry"].pop(key, None)


def _late_or_open(draw: _DrawFn, dr: _Draft, due: datetime) -> None:
    """A result 1–30 days after ``due``, or no result yet (judged at the as-of time)."""
    if draw(_BOOL):
        _reopen(dr)
    else:
        late = due.date() + draw(_ints(1, 30)) * _DAY
        dr.doc["resolved_at"] = _render(draw, datetime.combine(late, time(draw(_ints(0, 23)), 0)))
        dr.doc.pop("stop_notice", None)


def _m_dc505(draw: _DrawFn, dr: _Draft) -> None:
    assert dr.appointment is not None
    _late_or_open(draw, dr, dr.appointment)


def _m_dc506(draw: _DrawFn, dr: _Draft) -> None:
    assert dr.appointment is not None
    apology = dr.doc["apologies"][0]
    latest = dr.env.settings.calendar.previous_working_day(dr.appointment.date())
    day = latest + draw(_ints(1, (dr.appointment.date() - latest).days + 2)) * _DAY
    apology["issued_at"] = _render(draw, datetime.combine(day, time(draw(_ints(7, 16)), 0)))


def _m_dc507(draw: _DrawFn, dr: _Draft) -> None:
    assert dr.appointment is not None
    for _ in range(draw(_ints(1, 2))):
        second = _apology(draw, dr, dr.doc["code"], _new_appointment(draw, dr.appointment))
        _insert(draw, dr.doc["apologies"], second)


def _m_dc508(draw: _DrawFn, dr: _Draft) -> None:
    assert dr.appointment is not None
    apology = dr.doc["apologies"][0]
    how = draw(_pick(("reason", "new_appointment_at", "not_later")))
    if how == "reason":
        _blank(draw, apology, "reason")
        return
    # The apology no longer moves the appointment: keep the result by it (no DC505 or DC509).
    if how == "new_appointment_at":
        _blank(draw, apology, "new_appointment_at", "time")
        limit = dr.appointment
        dr.new_appointment = None
    elif draw(_BOOL):  # the very appointment it claims to move
        apology["new_appointment_at"] = dr.doc["appointment_slip"]["appointment_at"]
        limit = dr.appointment
        dr.new_appointment = limit
    else:  # an earlier time
        limit = _between(draw, dr.received, dr.appointment)
        apology["new_appointment_at"] = _render(draw, limit)
        dr.new_appointment = limit
    dr.doc["resolved_at"] = _render(draw, _between(draw, dr.received, limit))
    _fix_statuses(dr.doc)


def _m_dc509(draw: _DrawFn, dr: _Draft) -> None:
    assert dr.new_appointment is not None
    _late_or_open(draw, dr, dr.new_appointment)


def _not_immediate(version: ProcedureVersion) -> bool:
    return not version.procedure.immediate_result


def _and(*tests: ChannelTest) -> ChannelTest:
    return lambda v, ch: all(t(v, ch) for t in tests)


_ACCEPTED = _Plan(
    outcomes=("accepted",), channel_ok=_has_submit, all_parts=True, apology="never", extras=False
)
_WITH_APOLOGY = replace(_ACCEPTED, apology="always")


def _requirable(version: ProcedureVersion, channel: str) -> bool:
    return any(c.required is not False for c in _submits(version, channel))


def _has_show(version: ProcedureVersion, channel: str) -> bool:
    return any(c.kind == "show" for c in version.index(channel).components)


_RECIPES: dict[str, _Recipe] = {
    "DC001": _Recipe(_ACCEPTED, _m_dc001, "a channel with a submit component"),
    "DC002": _Recipe(replace(_ACCEPTED, exact_slip_rows=True), _m_dc002, "a channel with a submit component"),
    "DC003": _Recipe(
        replace(_ACCEPTED, exact_slip_rows=True, receipt="outside"), _m_none, "a date 2000–2099 out of force"
    ),
    "DC004": _Recipe(_ACCEPTED, _m_dc004, "a channel with a submit component"),
    "DC005": _Recipe(_ACCEPTED, _m_dc005, "a channel with a submit component"),
    "DC006": _Recipe(_ACCEPTED, _m_dc006, "a channel with a submit component"),
    "DC007": _Recipe(
        replace(_ACCEPTED, receipt="provisional"), _m_none, "a receipt date in a provisional year"
    ),
    "DC101": _Recipe(
        replace(_ACCEPTED, channel_ok=_and(_has_submit, _requirable)),
        _m_dc101,
        "a submit component not optional",
    ),
    "DC102": _Recipe(_ACCEPTED, _m_dc102, "a channel with a submit component"),
    "DC103": _Recipe(
        replace(_ACCEPTED, channel_ok=_and(_has_submit, _has_show)), _m_dc103, "a show component"
    ),
    "DC104": _Recipe(
        replace(_ACCEPTED, channel_ok=lambda v, ch: bool(_restricted(v, ch))),
        _m_dc104,
        "a submit component that does not accept every form",
    ),
    "DC105": _Recipe(_ACCEPTED, _m_dc105, "a channel with a submit component"),
    "DC106": _Recipe(_ACCEPTED, _m_dc106, "a channel with a submit component"),
    "DC201": _Recipe(
        replace(_ACCEPTED, version_ok=_not_immediate),
        lambda draw, dr: _drop(draw, dr.doc, "appointment_slip"),
        "not immediate_result",
    ),
    "DC202": _Recipe(_ACCEPTED, _m_dc202, "a channel with a submit component"),
    "DC203": _Recipe(
        replace(_ACCEPTED, late_appointment=True), _m_dc203, "a channel with a submit component"
    ),
    "DC204": _Recipe(_ACCEPTED, _m_dc204, "a channel with a submit component"),
    "DC205": _Recipe(_ACCEPTED, _m_dc205, "a channel with a submit component"),
    "DC206": _Recipe(replace(_ACCEPTED, channels=("online",)), _m_dc206, "a submit component online"),
    "DC301": _Recipe(
        replace(_ACCEPTED, version_ok=_not_immediate),
        lambda draw, dr: _drop(draw, dr.doc, "control_slip"),
        "not immediate_result",
    ),
    "DC302": _Recipe(_ACCEPTED, _m_dc302, "a channel with a submit component"),
    "DC303": _Recipe(_ACCEPTED, _m_dc303, "a channel with a submit component"),
    "DC304": _Recipe(_ACCEPTED, _m_dc304, "a channel with a submit component"),
    "DC305": _Recipe(_ACCEPTED, _m_dc305, "a channel with a submit component"),
    "DC306": _Recipe(_ACCEPTED, _m_dc306, "a channel with a submit component"),
    "DC307": _Recipe(
        replace(_ACCEPTED, channels=("direct", "postal")), _m_dc307, "a submit component on direct or postal"
    ),
    "DC401": _Recipe(
        _ACCEPTED, lambda draw, dr: _drop(draw, dr.doc, "tracking_entry"), "a channel with a submit component"
    ),
    "DC402": _Recipe(_ACCEPTED, _m_dc402, "a channel with a submit component"),
    "DC403": _Recipe(_ACCEPTED, _m_dc403, "a channel with a submit component"),
    "DC501": _Recipe(_ACCEPTED, _m_dc501, "a channel with a submit component"),
    "DC502": _Recipe(_ACCEPTED, _m_dc502, "a channel with a submit component"),
    "DC503": _Recipe(_ACCEPTED, _m_dc503, "a channel with a submit component"),
    "DC504": _Recipe(
        _Plan(outcomes=("rejected",), apology="never", extras=False), _m_dc504, "nothing (always possible)"
    ),
    "DC505": _Recipe(_ACCEPTED, _m_dc505, "a channel with a submit component"),
    "DC506": _Recipe(_WITH_APOLOGY, _m_dc506, "a channel with a submit component"),
    "DC507": _Recipe(_WITH_APOLOGY, _m_dc507, "a channel with a submit component"),
    "DC508": _Recipe(_WITH_APOLOGY, _m_dc508, "a channel with a submit component"),
    "DC509": _Recipe(_WITH_APOLOGY, _m_dc509, "a channel with a submit component"),
}


@st.composite
def _violating(draw: _DrawFn, env: _Env, recipe: _Recipe) -> dict[str, Any]:
    dr = draw(_drafts(env, recipe.plan))
    recipe.mutate(draw, dr)
    return dr.doc


def dossiers_violating(code: str, procedure: ProcedureArg | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Dossiers (JSON-ready dicts) that trigger rule ``code`` — and, where the rule allows it, only that code.

    Each is a dossier from :func:`valid_dossiers` with one targeted defect: a field of the wrong type
    (DC001), an unknown procedure code (DC002), a receipt on a day no version is in force (DC003), a
    malformed or wrongly dated dossier code (DC004, DC005), a form that carries another code (DC006), a
    receipt in a year without an official schedule (DC007), a missing, excess, show-only, wrongly formed or
    over-counted component or too many sets (DC101–DC106), a missing, incomplete, late, inconsistent,
    back-dated or undelivered appointment slip (DC201–DC206), a missing, incomplete, out-of-order, broken,
    mis-marked, inconsistent or late control slip (DC301–DC307), a missing, incomplete or inconsistent
    tracking entry (DC401–DC403), and process faults (DC501–DC509). A rule that reports one finding per
    item may report several.

    Checked against ``catalog_for(procedure)`` with ``as_of=AS_OF`` and default settings, the report's
    codes are exactly ``{code}``, except for the combinations in :data:`CO_FIRING`.

    ``procedure``: ``None`` (any built-in procedure the defect applies to), a built-in code, a
    :class:`~dossier_check.models.Procedure`, a :class:`~dossier_check.catalog.ProcedureVersion` or a
    strategy of those (drawn values the defect cannot apply to are filtered out — e.g. DC201 needs a
    procedure that is not ``immediate_result``, DC103 one with a ``show`` component).

    Raises :class:`InvalidArgument` at call time for a code that is not a registered rule, or a concrete
    procedure the defect cannot apply to.
    """
    known = [r.code for r in _registered_rules()]
    if not isinstance(code, str) or code.strip().upper() not in known:
        raise InvalidArgument(f"code must be a registered rule code ({known[0]}–{known[-1]}), got {code!r}")
    code = code.strip().upper()
    recipe = _RECIPES.get(code)
    if recipe is None:  # pragma: no cover - a rule registered after this module was written
        raise InvalidArgument(f"no strategy for {code} yet")
    feasible = _feasible(recipe.plan)
    if procedure is None:
        catalog = load_catalog()
        envs = [_Env(v, catalog, Settings.default()) for v in catalog]
        envs = [e for e in envs if feasible(e)]
        if not envs:
            raise InvalidArgument(f"{code}: no built-in procedure offers {recipe.needs}")
        env_strategy: st.SearchStrategy[_Env] = st.sampled_from(envs)
    else:
        env_strategy = _env_strategy(
            procedure, Settings.default(), feasible, f"cannot violate {code}: needs {recipe.needs}"
        )
    return env_strategy.flatmap(lambda env: _violating(env, recipe))
