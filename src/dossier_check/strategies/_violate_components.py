"""Violating recipes of the DC1xx family: components against the published list."""

from __future__ import annotations

from typing import Any

from hypothesis import assume

from ..catalog import ProcedureVersion
from ..models import AllOf, AnyOf, IfFact, ProcedureComponent, UnlessFact
from ._common import FORMS, _DrawFn, _insert, _ints, _pick, _texts
from ._dossiers import _Draft, _row, _submits, _sync_slip


def assignment(condition: Any) -> dict[str, bool] | None:
    """Facts that make a ``required`` value hold, or None when this search finds none (it never guesses)."""
    if isinstance(condition, bool):
        return {} if condition else None
    if isinstance(condition, IfFact):
        return {condition.if_fact: True}
    if isinstance(condition, UnlessFact):
        return {condition.unless_fact: False}
    if isinstance(condition, AnyOf):
        for part in condition.any:
            found = assignment(part)
            if found is not None:
                return found
        return None
    if isinstance(condition, AllOf):
        out: dict[str, bool] = {}
        for part in condition.all:
            found = assignment(part)
            if found is None or any(out.get(k, v) != v for k, v in found.items()):
                return None
            out.update(found)
        return out
    return None


def _rows_matching(dr: _Draft, codes: set[str]) -> list[int]:
    return [
        i
        for i, r in enumerate(dr.doc["components"])
        if (c := dr.index.match(r.get("code"), r.get("name"))) is not None and c.code in codes
    ]


def _m_dc101(draw: _DrawFn, dr: _Draft) -> None:
    submits = _submits(dr.version, dr.channel, dr.case)
    target = draw(_pick([c for c in submits if assignment(c.required) is not None]))
    facts = dr.doc.get("facts")
    if not isinstance(facts, dict):
        facts = dr.doc["facts"] = {}
    facts.update(assignment(target.required) or {})
    members = [c for c in submits if target.group is not None and c.group == target.group] or [target]
    gone = {c.code for c in members}
    drop = set(_rows_matching(dr, gone))
    rows = [r for i, r in enumerate(dr.doc["components"]) if i not in drop]
    if not rows:
        others = [c for c in submits if c.code not in gone]
        if others:  # keep something, so the slip still lists a component (else DC202 co-fires)
            rows = [_row(draw, draw(_pick(others)), 1, index=dr.index)]
    dr.doc["components"] = rows
    _sync_slip(draw, dr)


def _m_dc102(draw: _DrawFn, dr: _Draft) -> None:
    index = dr.index
    everywhere = list(dr.version.procedure.components) + [c for k in dr.version.cases for c in k.components]
    elsewhere = [c for c in everywhere if index.match(c.code, None) is None]
    how = draw(_pick(("unlisted", "name_only", "other_channel", "bad_code")))
    if how == "other_channel" and elsewhere:
        c = draw(_pick(elsewhere))  # on another channel, or in a case other than the one named
        row: dict[str, Any] = {"code": c.code, "name": c.name, "form": c.accepted_forms[0]}
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
    _insert(draw, dr.doc["components"], _row(draw, c, 1, index=dr.index))
    _sync_slip(draw, dr)


def _restricted(version: ProcedureVersion, channel: str, case: str | None = None) -> list[ProcedureComponent]:
    return [c for c in _submits(version, channel, case) if set(FORMS) - set(c.accepted_forms)]


def _m_dc104(draw: _DrawFn, dr: _Draft) -> None:
    c = draw(_pick(_restricted(dr.version, dr.channel, dr.case)))
    form = draw(_pick([f for f in FORMS if f not in c.accepted_forms]))
    rows = dr.doc["components"]
    mine = _rows_matching(dr, {c.code})
    if mine:
        rows[draw(_pick(mine))]["form"] = form
    else:
        row = _row(draw, c, 1, index=dr.index)
        row["form"] = form
        _insert(draw, rows, row)
    _sync_slip(draw, dr)


def _m_dc105(draw: _DrawFn, dr: _Draft) -> None:
    c = draw(_pick(_submits(dr.version, dr.channel, dr.case)))
    rows = dr.doc["components"]
    mine = [rows[i] for i in _rows_matching(dr, {c.code})]
    form: str | None
    if c.copies is not None and draw(_ints(0, 3)):
        # Over one form's count (the per-form maximum), in a form the component accepts.
        form = draw(_pick(tuple(c.copies)))
        held = sum(_count(r) for r in mine if r.get("form") == form)
        extra = c.copies[form] - held + draw(_ints(1, 2))
    else:
        form = draw(_pick(c.accepted_forms)) if draw(_ints(0, 5)) else None
        allowed = c.total_quantity if c.total_quantity is not None else sum((c.copies or {}).values())
        extra = allowed - sum(_count(r) for r in mine) + draw(_ints(1, 2))
    _insert(draw, rows, _row(draw, c, max(extra, 1), form=form, index=dr.index))
    _sync_slip(draw, dr)


def _count(row: dict[str, Any]) -> int:
    q = row.get("quantity")
    return q if isinstance(q, int) else 1


def _m_dc106(draw: _DrawFn, dr: _Draft) -> None:
    sets = dr.version.procedure.sets + draw(_ints(1, 3))
    dr.doc["sets"] = sets
    slip = dr.doc.get("appointment_slip")
    if isinstance(slip, dict):
        slip["sets"] = sets
