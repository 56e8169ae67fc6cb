"""Violating recipes of the DC3xx family: Phiếu kiểm soát quá trình giải quyết hồ sơ."""

from __future__ import annotations

from datetime import datetime, time

from hypothesis import assume

from .._text import normalize_name
from ..timeutil import parse_when
from ._common import (
    _BOOL,
    _COOPERATING,
    _DAY,
    _MINUTE,
    _PEOPLE,
    _blank,
    _DrawFn,
    _ints,
    _pick,
    _render,
    _texts,
)
from ._dossiers import _Draft, _fix_statuses


def _other_unit(draw: _DrawFn, *avoid: str) -> str:
    banned = {normalize_name(a) for a in avoid if isinstance(a, str)}
    unit = draw(_texts((*_COOPERATING, "Phòng Văn hóa - Thông tin", "Chi cục Thống kê")))
    assume(normalize_name(unit) not in banned and normalize_name(unit))
    return unit


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
