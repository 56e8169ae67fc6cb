"""Procedure strategies (procedure definitions, documents, loaded versions) and the ``procedure`` argument."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from .._text import normalize_name
from ..catalog import Catalog, ProcedureVersion, load_catalog, load_procedure_file
from ..config import Settings
from ..models import Procedure
from ._common import (
    _BOOL,
    _COMPONENT_NAMES,
    _FACTS,
    _GROUPS,
    _PROCEDURE_NAMES,
    CHANNELS,
    FORMS,
    _DrawFn,
    _ints,
    _pick,
)

# --- procedures -------------------------------------------------------------------------------------


def _component_names() -> st.SearchStrategy[str]:
    letters = st.characters(categories=("Lu", "Ll", "Nd"), include_characters=" ()/-,.")
    free = st.text(alphabet=letters, min_size=1, max_size=30).filter(lambda s: bool(normalize_name(s)))
    return st.one_of(st.sampled_from(_COMPONENT_NAMES), free)


@st.composite
def _time_limits(draw: _DrawFn) -> dict[str, Any]:
    unit = draw(
        _pick(("working_days", "calendar_days", "working_hours", "same_day", "calendar_months", "unknown"))
    )
    if unit == "same_day":
        limit: dict[str, Any] = {"unit": unit}
        if draw(_BOOL):
            limit["cutoff"] = f"{draw(_ints(0, 23)):02d}:{draw(_ints(0, 59)):02d}"
        return limit
    if unit == "unknown":  # a bare number, or no information at all
        return {"unit": unit, "amount": draw(_ints(0, 30))} if draw(_BOOL) else {"unit": unit}
    # Months stay short enough that a receipt in an official year has its deadline in one too.
    top = {"working_days": 30, "calendar_days": 60, "working_hours": 64, "calendar_months": 5}[unit]
    return {"amount": draw(_ints(1, top)), "unit": unit}


def _conditions() -> st.SearchStrategy[Any]:
    """``required`` values: true, false, one fact, or ``all``/``any`` of them, nested (shrinks to true)."""
    leaves = st.one_of(
        st.just(True),
        st.just(False),
        st.sampled_from(_FACTS).map(lambda f: {"if_fact": f}),
        st.sampled_from(_FACTS).map(lambda f: {"unless_fact": f}),
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
        ),
        max_leaves=4,
    )


_CONDITIONS = _conditions()


def _component(draw: _DrawFn, code: str, name: str, kind: str, first: bool) -> dict[str, Any]:
    """One published row: forms, or per-form ``copies`` (sometimes both, saying the same), a condition."""
    comp: dict[str, Any] = {"code": code, "name": name, "kind": kind}
    forms = draw(st.lists(st.sampled_from(FORMS), min_size=1, max_size=5, unique=True))
    if kind == "submit" and draw(_ints(0, 3)) == 3:
        comp["copies"] = {f: draw(_ints(1, 3)) for f in forms}
        if draw(_ints(0, 3)) == 3:
            comp["forms"] = list(reversed(forms))  # allowed: the same forms as copies names
    else:
        comp["forms"] = forms
    comp["required"] = draw(_CONDITIONS)
    if draw(_BOOL):
        comp["quantity"] = draw(_ints(1, 4))
    if not first and draw(_BOOL):
        comp["channels"] = draw(st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=3, unique=True))
    if not first and draw(_BOOL):
        comp["group"] = draw(_pick(_GROUPS))
    if draw(_ints(0, 3)) == 3:
        comp["portal_code"] = f"GT-{code}"
    return comp


@st.composite
def _cases(draw: _DrawFn, pool: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """Cases drawn from the documents the shared list does not hold; a document may recur across cases
    (it is the same document: same code and name), with its own forms, counts and condition in each."""
    cases: list[dict[str, Any]] = []
    previous: list[tuple[str, str, str]] = []
    for k in range(draw(_ints(1, 3))):
        chosen = (
            draw(st.lists(st.sampled_from(pool), max_size=min(3, len(pool)), unique=True)) if pool else []
        )
        if previous and previous[0] not in chosen and draw(_BOOL):
            chosen.append(previous[0])  # the same document in this case too (the merge by code)
        previous = chosen
        case: dict[str, Any] = {
            "id": f"tr{k + 1}",
            "name": f"Trường hợp {k + 1}: {draw(_pick(_CASE_NAMES))}",
            "components": [_component(draw, code, name, kind, False) for code, name, kind in chosen],
        }
        if draw(_BOOL):
            case["time_limit"] = draw(_time_limits())
        if draw(_ints(0, 3)) == 3:
            case["channel_time_limits"] = draw(
                st.dictionaries(st.sampled_from(CHANNELS), _time_limits(), max_size=2)
            )
        cases.append(case)
    return cases


_CASE_NAMES = ("cấp mới", "cấp lại", "điều chỉnh nội dung", "người nước ngoài", "ủy quyền nộp thay")


@st.composite
def _procedure_documents(
    draw: _DrawFn, min_components: int, max_components: int, cases: bool | None
) -> dict[str, Any]:
    n = draw(_ints(max(min_components, 2) if cases else min_components, max_components))
    names = draw(st.lists(_component_names(), min_size=n, max_size=n, unique_by=normalize_name))
    documents = []
    for i, name in enumerate(names):
        # The first component is kept on every channel, so every channel has something to keep.
        kind = "submit" if i == 0 else draw(_pick(("submit", "show")))
        documents.append((f"{'TP' if kind == 'submit' else 'XT'}{i + 1}", name, kind))
    with_cases = n > 1 and (cases if cases is not None else draw(_ints(0, 3)) == 3)
    shared = documents[: draw(_ints(1, n - 1))] if with_cases else documents
    components = [_component(draw, code, name, kind, i == 0) for i, (code, name, kind) in enumerate(shared)]
    valid_from = draw(st.dates(date(2021, 1, 1), date(2026, 6, 30)))
    doc: dict[str, Any] = {
        "code": f"{draw(_ints(1, 3))}.{draw(_ints(0, 999_999)):06d}",
        "name": draw(_pick(_PROCEDURE_NAMES)),
        "valid_from": valid_from.isoformat(),
        "time_limit": draw(_time_limits()),
        "components": components,
    }
    if with_cases:
        doc["cases"] = draw(_cases(documents[len(shared) :]))
    if draw(_BOOL):
        doc["valid_to"] = (valid_from + timedelta(days=draw(_ints(60, 2000)))).isoformat()
    if draw(_BOOL):
        doc["sets"] = draw(_ints(1, 3))
    if draw(_BOOL):
        doc["channel_time_limits"] = draw(
            st.dictionaries(st.sampled_from(CHANNELS), _time_limits(), max_size=3)
        )
    if draw(_ints(0, 3)) == 3:
        doc["channels"] = draw(st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=3, unique=True))
    if draw(_ints(0, 9)) == 9:
        doc["immediate_result"] = True
    if draw(_BOOL):
        doc["decision"] = draw(_pick(("163/QĐ-BTP", "1523/QĐ-BCA-C06", None)))
        doc["level"] = draw(_pick(("commune", "province", None)))
        doc["notes"] = ["an unknown key: allowed and ignored"]
    if draw(_ints(0, 3)) == 3:
        doc["fees"] = [{"name": "Lệ phí", "amount_vnd": draw(_ints(0, 500_000)), "channels": ["direct"]}]
        doc["results"] = [{"code": "KQ.G17.000001", "name": "Giấy chứng nhận"}]
        doc["legal_basis"] = ["Nghị định 118/2025/NĐ-CP"]
    return doc


def _check_arguments(min_components: int, max_components: int, cases: bool | None) -> None:
    for name, value in (("min_components", min_components), ("max_components", max_components)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidArgument(f"{name} must be an int, got {value!r}")
    if not 1 <= min_components <= max_components <= 30:
        raise InvalidArgument(
            f"need 1 <= min_components <= max_components <= 30, got {min_components} and {max_components}"
        )
    if cases is not None and not isinstance(cases, bool):
        raise InvalidArgument(f"cases must be True, False or None, got {cases!r}")
    if cases and max_components < 2:
        raise InvalidArgument("cases=True needs max_components >= 2 (a shared component and a case's own)")


def procedure_documents(
    *, min_components: int = 1, max_components: int = 6, cases: bool | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Procedure definition files as JSON-ready dicts, exactly as a user would write them.

    Optional keys are sometimes left out, so the documents exercise defaults (``quantity``, ``sets``,
    ``cutoff``, ``channels``). Components carry ``forms`` or per-form ``copies``, conditions nested with
    ``all``/``any``, channel restrictions, groups and portal codes. Some procedures have ``cases``: each
    lists its own components (a document may recur in several cases, with its own forms and condition)
    and may have its own time limit. Time limits use every unit, ``calendar_months`` and ``unknown``
    included; some procedures are offered on fewer than three channels, and some carry fees, results
    and a legal basis. Component names are unique after normalisation and codes are unique per document,
    so every document loads (:func:`dossier_check.catalog.load_procedure_file`). The first component is
    a ``submit`` component offered on every channel and shared by every case; procedures are in force
    from a date in 2021–2026 and time limits stay short enough that valid dossiers fit in the official
    calendar years.

    ``cases``: ``None`` (default) gives a procedure with cases one time in four; ``True`` always (at least
    two components: one shared, the rest for the cases); ``False`` never.
    """
    _check_arguments(min_components, max_components, cases)
    return _procedure_documents(min_components, max_components, cases)


def procedures(
    *, min_components: int = 1, max_components: int = 6, cases: bool | None = None
) -> st.SearchStrategy[Procedure]:
    """Valid procedure definitions as :class:`dossier_check.models.Procedure` models.

    A ``Procedure`` is the published definition; turn it into something the engine can use with
    ``catalog_for(procedure)`` (or use :func:`procedure_versions`). See :func:`procedure_documents` for
    what is generated.
    """
    _check_arguments(min_components, max_components, cases)
    return _procedure_documents(min_components, max_components, cases).map(Procedure.model_validate)


def _to_version(procedure: Procedure) -> ProcedureVersion:
    text = json.dumps(procedure.model_dump(mode="json"), ensure_ascii=False)
    return load_procedure_file(f"<generated>/{procedure.code}.json", text)


def procedure_versions(
    *, min_components: int = 1, max_components: int = 6, cases: bool | None = None
) -> st.SearchStrategy[ProcedureVersion]:
    """Valid procedures loaded as :class:`~dossier_check.catalog.ProcedureVersion` (what the engine uses).

    Each one went through :func:`~dossier_check.catalog.load_procedure_file`, so ``Catalog([version])`` is
    a catalogue holding just that procedure. This is the most convenient form for tests::

        @given(st.data(), procedure_versions())
        def test(data, version):
            dossier = data.draw(valid_dossiers(version))
            assert check(dossier, catalog=Catalog([version]), as_of=AS_OF).violations == ()
    """
    return procedures(min_components=min_components, max_components=max_components, cases=cases).map(
        _to_version
    )


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
