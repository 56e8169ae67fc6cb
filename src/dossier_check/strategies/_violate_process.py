"""Violating recipes of the DC5xx family: supplements, rejection, apologies, overdue results."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from ._common import (
    _BOOL,
    _DAY,
    _END_OF_DAY,
    _between,
    _blank,
    _DrawFn,
    _drop,
    _insert,
    _ints,
    _pick,
    _render,
)
from ._dossiers import _apology, _appraisal_limit, _Draft, _fix_statuses, _new_appointment, _request


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
