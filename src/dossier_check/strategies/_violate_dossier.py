"""Violating recipes of the DC0xx family: format, procedure, dossier code, provisional calendar."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from ..rules._places import Place, dossier_place
from ._common import _DAY, _MAX_DAY, _MIN_DAY, _DrawFn, _ints, _pick
from ._dossiers import _Draft

# Circular 01/2018 order and Decision 20/2020 order (DC004), ASCII digits only.
_TT01 = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}-([0-9]{6})-[0-9]{4}\Z")
_QD20 = re.compile(r"^[A-Z][0-9]{2}(?:\.[0-9A-Z]{1,3}){1,4}-([0-9]{6})-[0-9]{4}\Z")


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
    how = draw(_pick(("received_by", "applicant", "shown", "entry_no", "slip_phone", "case", "no_unit")))
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
    elif how == "case":
        # A case the procedure does not have (the rules that need the case are skipped), or not a string.
        named = draw(st.one_of(st.sampled_from(["tr9", "Trường hợp khác"]), st.integers(), st.just(["tr1"])))
        assume(not isinstance(named, str) or dr.version.find_case(named) is None)
        doc["case"] = named
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


def _places_in(obj: dict[str, Any], place: Place) -> list[tuple[dict[str, Any], Place]]:
    """Every object of the record that is a known place (the record, its parts, their rows)."""
    out = [(obj, place)]
    for key, part in place.parts.items():
        value = obj.get(key)
        rows = value if isinstance(value, list) else [value]
        for row in rows:
            if isinstance(row, dict):
                out += _places_in(row, part)
    return out


def _m_dc008(draw: _DrawFn, dr: _Draft) -> None:
    """Add, beside a known key, a misspelling of it (the value copied: only the key is wrong)."""
    obj, place = draw(_pick(_places_in(dr.doc, dossier_place())))
    key = draw(_pick(place.keys))
    how = draw(_pick(("upper", "underscore", "doubled", "dropped")))
    if how == "upper":
        wrong = key.upper()  # equal once case-folded
    elif how == "underscore":
        wrong = key + "_"  # equal once "_" is dropped
    elif how == "doubled":
        wrong = key[0] + key  # one insertion
    else:
        wrong = key[:-1] if len(key) > 3 else key + "x"  # one deletion (or insertion)
    assume(wrong not in place.known)
    obj[wrong] = obj.get(key, "x")
