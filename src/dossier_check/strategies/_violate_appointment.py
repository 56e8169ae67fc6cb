"""Violating recipes of the DC2xx family: Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

from __future__ import annotations

import copy

from ._common import _MINUTE, FORMS, _blank, _DrawFn, _drop, _insert, _ints, _pick, _render
from ._dossiers import _Draft

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
            "time"  # null or absent ({} counts as given: the format names strings and lists)
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
