"""The recipe table: for each rule code, the dossier plan it needs and the defect it makes.

:func:`dossiers_violating` draws a valid dossier under the recipe's plan and applies its mutation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..catalog import ProcedureVersion, load_catalog
from ..config import Settings
from ..rules import rules as _registered_rules
from ._common import _DrawFn, _drop
from ._dossiers import ChannelTest, _Draft, _drafts, _feasible, _has_submit, _known_limit, _Plan, _submits
from ._procedures import ProcedureArg, _Env, _env_strategy
from ._violate_appointment import _m_dc202, _m_dc203, _m_dc204, _m_dc205, _m_dc206
from ._violate_components import (
    _m_dc101,
    _m_dc102,
    _m_dc103,
    _m_dc104,
    _m_dc105,
    _m_dc106,
    _restricted,
    assignment,
)
from ._violate_control import _m_dc302, _m_dc303, _m_dc304, _m_dc305, _m_dc306, _m_dc307
from ._violate_dossier import _m_dc001, _m_dc002, _m_dc004, _m_dc005, _m_dc006, _m_dc008, _m_none
from ._violate_process import (
    _m_dc501,
    _m_dc502,
    _m_dc503,
    _m_dc504,
    _m_dc505,
    _m_dc506,
    _m_dc507,
    _m_dc508,
    _m_dc509,
)
from ._violate_tracking import _m_dc402, _m_dc403

# --- violating dossiers -------------------------------------------------------------------------------

Mutation = Callable[[_DrawFn, _Draft], None]


@dataclass(frozen=True)
class _Recipe:
    plan: _Plan
    mutate: Mutation
    needs: str  # what the procedure must offer, for the error message


def _not_immediate(version: ProcedureVersion) -> bool:
    return not version.procedure.immediate_result


def _and(*tests: ChannelTest) -> ChannelTest:
    return lambda v, ch, case: all(t(v, ch, case) for t in tests)


_ACCEPTED = _Plan(
    outcomes=("accepted",), channel_ok=_has_submit, all_parts=True, apology="never", extras=False
)
_WITH_APOLOGY = replace(_ACCEPTED, apology="always")


def _requirable(version: ProcedureVersion, channel: str, case: str | None) -> bool:
    return any(assignment(c.required) is not None for c in _submits(version, channel, case))


def _uses_the_calendar(version: ProcedureVersion, channel: str, case: str | None) -> bool:
    # DC007 notes only a calendar the check relied on: the statutory deadline (none for a limit without a
    # unit) or, in person and by post, the transfer deadline.
    return channel in ("direct", "postal") or _known_limit(version, channel, case)


def _has_show(version: ProcedureVersion, channel: str, case: str | None) -> bool:
    return any(c.kind == "show" for c in version.index(channel, case).components)


def _restricts_forms(version: ProcedureVersion, channel: str, case: str | None) -> bool:
    return bool(_restricted(version, channel, case))


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
        replace(_ACCEPTED, receipt="provisional", channel_ok=_and(_has_submit, _uses_the_calendar)),
        _m_none,
        "a receipt date in a provisional year, and a deadline the check computes",
    ),
    "DC008": _Recipe(_ACCEPTED, _m_dc008, "a channel with a submit component"),
    "DC101": _Recipe(
        # Missing in every case is hard to aim at; naming the case makes the missing component certain.
        replace(_ACCEPTED, channel_ok=_and(_has_submit, _requirable), cases="named"),
        _m_dc101,
        "a submit component that can be required",
    ),
    "DC102": _Recipe(_ACCEPTED, _m_dc102, "a channel with a submit component"),
    "DC103": _Recipe(
        replace(_ACCEPTED, channel_ok=_and(_has_submit, _has_show)), _m_dc103, "a show component"
    ),
    "DC104": _Recipe(
        replace(_ACCEPTED, channel_ok=_restricts_forms),
        _m_dc104,
        "a submit component that does not accept every form",
    ),
    "DC105": _Recipe(_ACCEPTED, _m_dc105, "a channel with a submit component"),
    "DC106": _Recipe(_ACCEPTED, _m_dc106, "a channel with a submit component"),
    "DC107": _Recipe(
        replace(_ACCEPTED, offered=False), _m_none, "a channel it is not offered on, with a submit component"
    ),
    "DC201": _Recipe(
        replace(_ACCEPTED, version_ok=_not_immediate),
        lambda draw, dr: _drop(draw, dr.doc, "appointment_slip"),
        "not immediate_result",
    ),
    "DC202": _Recipe(_ACCEPTED, _m_dc202, "a channel with a submit component"),
    "DC203": _Recipe(
        replace(_ACCEPTED, late_appointment=True, channel_ok=_and(_has_submit, _known_limit)),
        _m_dc203,
        "a time limit with a unit",
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
    receipt in a year without an official schedule (DC007), a misspelled key (DC008), a missing, excess,
    show-only, wrongly formed or over-counted component (per form where the procedure gives ``copies``) or
    too many sets (DC101–DC106), a channel the procedure is not offered on (DC107), a missing, incomplete,
    late, inconsistent,
    back-dated or undelivered appointment slip (DC201–DC206), a missing, incomplete, out-of-order, broken,
    mis-marked, inconsistent or late control slip (DC301–DC307), a missing, incomplete or inconsistent
    tracking entry (DC401–DC403), and process faults (DC501–DC509). A rule that reports one finding per
    item may report several.

    Checked against ``catalog_for(procedure)`` with ``as_of=AS_OF`` and default settings, the report's
    codes are exactly ``{code}``, except for the combinations in :data:`CO_FIRING`.

    ``procedure``: ``None`` (any built-in procedure the defect applies to), a built-in code, a
    :class:`~dossier_check.models.Procedure`, a :class:`~dossier_check.catalog.ProcedureVersion` or a
    strategy of those (drawn values the defect cannot apply to are filtered out — e.g. DC201 needs a
    procedure that is not ``immediate_result``, DC103 one with a ``show`` component, DC107 one offered on
    fewer than three channels, DC203 a time limit with a unit). For a procedure with cases the dossier
    names one or none; the DC101 dossiers always name the case whose component they lack.

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
