"""Violating recipes of the DC1xx family: components against the published list."""

from __future__ import annotations

from typing import Any

from hypothesis import assume

from ..catalog import ProcedureVersion
from ..models import IfFact, ProcedureComponent, UnlessFact
from ._common import FORMS, _DrawFn, _insert, _ints, _pick, _texts
from ._dossiers import _Draft, _row, _submits, _sync_slip


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
