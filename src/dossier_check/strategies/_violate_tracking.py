"""Violating recipes of the DC4xx family: Sổ theo dõi hồ sơ."""

from __future__ import annotations

from ..timeutil import parse_when
from ._common import _DAY, _blank, _DrawFn, _ints, _pick, _render
from ._dossiers import _Draft


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
