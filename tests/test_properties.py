"""Property-based tests of the checker, built on :mod:`dossier_check.strategies`.

What is claimed, for every generated input:

* valid dossiers (of every built-in procedure and of generated procedures) produce no violation at all;
* each rule code fires on its violating strategy, for every built-in procedure it applies to, and alone
  (except the combinations documented in ``strategies.CO_FIRING``);
* ``check`` is deterministic, leaves its input untouched, and does not depend on the order of
  ``components``, ``shown_documents`` or ``supplement_requests`` — compared as the multiset of
  (code, path with the index into those arrays blanked out, params without the index-valued ones);
* a ``Report`` round-trips through JSON;
* arbitrary JSON values and random mutations of valid dossiers never raise (only violations, and for a
  non-object nothing but DC001);
* the JSON Schemas (python ``jsonschema``, Draft 2020-12, plus the documented addition that dates must
  be real dates), the pydantic models and the compiled validator accept and reject the same documents;
* deadlines fall on working days, never move earlier when the receipt is later, and never move earlier
  when a day off is added to the calendar.

Example counts come from the Hypothesis profile (tests/conftest.py): ``ci`` by default,
``pytest --hypothesis-profile=long`` for many more.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("hypothesis")

import jsonschema
import orjson
from hypothesis import HealthCheck, Phase, assume, find, given, note, reject, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from pydantic import ValidationError

from dossier_check import Catalog, Checker, Report, check
from dossier_check.catalog import ProcedureVersion, load_catalog
from dossier_check.deadlines import compute_deadline, effective_receipt, transfer_deadline
from dossier_check.models import Dossier, Procedure
from dossier_check.render.csv import RowWriter
from dossier_check.render.records import record_for, record_line
from dossier_check.render.text import text_block
from dossier_check.render.xlsx import finding_cells, row_line
from dossier_check.rules import rules
from dossier_check.schema import dossier_schema, procedure_schema, validate_dossier
from dossier_check.sources import InputRecord
from dossier_check.strategies import (
    AS_OF,
    CO_FIRING,
    catalog_for,
    dossiers_violating,
    procedure_documents,
    procedure_versions,
    procedures,
    valid_dossiers,
)
from dossier_check.timeutil import parse_when
from dossier_check.workdays import WorkCalendar, parse_calendar

BUILTIN = load_catalog().codes()
CODES = [r.code for r in rules()]
CHECKER = Checker(as_of=AS_OF)  # built-in catalogue; one instance serves every test


def examples(percent: int) -> int:
    """A share of the profile's ``max_examples`` (at least 2), for the tests that run many times."""
    return max(2, settings.default.max_examples * percent // 100)


def describe(report: Report) -> list[tuple[str, str, dict[str, Any]]]:
    return [(v.code, v.path, dict(v.params)) for v in report.violations]


def applies(code: str, procedure: str) -> bool:
    try:
        dossiers_violating(code, procedure)
    except InvalidArgument:
        return False
    return True


PAIRS = [(code, proc) for code in CODES for proc in BUILTIN if applies(code, proc)]
APPLICABLE = {code: [proc for c, proc in PAIRS if c == code] for code in CODES}


def any_dossiers() -> st.SearchStrategy[dict[str, Any]]:
    """Valid and violating dossiers of the built-in procedures, for the whole-engine properties."""
    return st.one_of(
        st.sampled_from(BUILTIN).flatmap(valid_dossiers),
        st.sampled_from(CODES).flatmap(dossiers_violating),
    )


# --- valid dossiers never fail ------------------------------------------------------------------------


@pytest.mark.parametrize("procedure", BUILTIN)
@settings(max_examples=examples(100))
@given(data=st.data())
def test_valid_dossiers_of_builtin_procedures_have_no_violation(procedure: str, data: st.DataObject) -> None:
    dossier = data.draw(valid_dossiers(procedure))
    report = CHECKER.check(dossier)
    assert report.violations == (), describe(report)
    json.dumps(dossier)  # JSON-ready


@settings(max_examples=examples(300), suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), version=procedure_versions())
def test_valid_dossiers_of_generated_procedures_have_no_violation(
    data: st.DataObject, version: ProcedureVersion
) -> None:
    dossier = data.draw(valid_dossiers(version))
    report = check(dossier, catalog=Catalog([version]), as_of=AS_OF)
    assert report.violations == (), describe(report)


@settings(max_examples=examples(40))
@given(data=st.data(), procedure=procedures(max_components=4))
def test_valid_dossiers_accept_a_procedure_model_and_catalog_for_holds_it(
    data: st.DataObject, procedure: Procedure
) -> None:
    dossier = data.draw(valid_dossiers(procedure))
    assert check(dossier, catalog=catalog_for(procedure), as_of=AS_OF).violations == ()


@settings(max_examples=examples(40))
@given(
    data=st.data(),
    channel=st.sampled_from(["direct", "online"]),  # 1.004222 is not offered by post
    outcome=st.sampled_from(["accepted", "supplement_requested", "rejected"]),
    first=st.dates(date(2025, 7, 1), date(2026, 9, 30)),
    days=st.integers(0, 40),
)
def test_valid_dossiers_honour_their_arguments(
    data: st.DataObject, channel: str, outcome: str, first: date, days: int
) -> None:
    last = first + timedelta(days=days)
    dossier = data.draw(
        valid_dossiers("1.004222", channel=channel, outcome=outcome, received_between=(first, last))
    )
    assert dossier["channel"] == channel and dossier["outcome"] == outcome
    received = parse_when(dossier["received_at"])
    assert received is not None and first <= received.date <= last
    assert CHECKER.check(dossier).violations == ()


@settings(max_examples=examples(40))
@given(dossier=valid_dossiers(st.sampled_from(BUILTIN), outcome="accepted"))
def test_valid_dossiers_accept_a_strategy_of_procedures(dossier: dict[str, Any]) -> None:
    assert dossier["procedure_code"].strip() in BUILTIN
    assert CHECKER.check(dossier).violations == ()


def test_valid_dossiers_shrink_to_small_dossiers() -> None:
    smallest = find(valid_dossiers("1.004222"), lambda d: True, settings=settings(database=None))
    assert smallest["outcome"] == "accepted"
    assert len(smallest["components"]) <= 2  # TP1 and one member of the lawful-dwelling group
    assert len(smallest["control_slip"]["handovers"]) == 1
    assert "apologies" not in smallest and "supplement_requests" not in smallest


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: valid_dossiers("9.999999"), "no procedure"),
        (lambda: valid_dossiers(42), "procedure must be"),  # type: ignore[arg-type]
        (lambda: valid_dossiers("1.004222", channel="fax"), "channel"),
        (lambda: valid_dossiers("1.004222", channel="postal"), "offered"),
        (lambda: valid_dossiers("1.004222", outcome="lost"), "outcome"),
        (lambda: valid_dossiers("1.004222", received_between=(date(2026, 2, 1), date(2026, 1, 1))), "before"),
        (
            lambda: valid_dossiers("1.004222", received_between=(date(2020, 1, 1), date(2020, 2, 1))),
            "in force",
        ),
        (lambda: dossiers_violating("DC999"), "registered rule code"),
        (lambda: dossiers_violating(102), "registered rule code"),  # type: ignore[arg-type]
        (lambda: dossiers_violating("DC103", "1.001612"), "show component"),
        (lambda: procedures(min_components=0), "min_components"),
        (lambda: procedures(max_components=1, cases=True), "max_components >= 2"),
        (lambda: procedure_documents(cases="yes"), "cases must be"),  # type: ignore[arg-type]
    ],
)
def test_arguments_are_validated_when_the_strategy_is_built(call: Any, message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        call()  # not at draw time: no example is drawn here


# --- every rule fires on its violating strategy ---------------------------------------------------------


def test_every_registered_code_has_a_violating_strategy_and_applies_somewhere() -> None:
    assert {code for code, _ in PAIRS} == set(CODES)
    assert set(CO_FIRING) <= set(CODES)


# One test per code, drawing the procedure: a test parametrized over every (code, procedure) pair of a
# 30-procedure catalogue runs Hypothesis's pytest plugin into a recursion (it stacks one settings object
# per parametrized call), and would cost far more than the examples below.
@pytest.mark.parametrize("code", CODES)
@settings(max_examples=examples(100))
@given(data=st.data())
def test_violating_dossiers_of_builtin_procedures_fire_their_code(code: str, data: st.DataObject) -> None:
    procedure = data.draw(st.sampled_from(APPLICABLE[code]), label="procedure")
    dossier = data.draw(dossiers_violating(code, procedure))
    codes = set(CHECKER.check(dossier).codes)
    assert code in codes, describe(CHECKER.check(dossier))
    assert codes <= {code} | CO_FIRING.get(code, frozenset()), describe(CHECKER.check(dossier))


@pytest.mark.parametrize("code", CODES)
@settings(
    max_examples=examples(40), suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(data=st.data(), version=procedure_versions())
def test_violating_dossiers_of_generated_procedures_fire_their_code(
    code: str, data: st.DataObject, version: ProcedureVersion
) -> None:
    try:
        violating = dossiers_violating(code, version)
    except InvalidArgument:
        reject()  # this procedure offers nothing to break for this rule (e.g. no show component)
    dossier = data.draw(violating)
    report = check(dossier, catalog=Catalog([version]), as_of=AS_OF)
    assert code in report.codes, describe(report)
    assert set(report.codes) <= {code} | CO_FIRING.get(code, frozenset()), describe(report)


# --- the grown format: cases, conditions, copies, channels, months, unknown units ------------------------

WITH_CASES = procedure_versions(cases=True)
# The rules that read a case's list or limit (the rest read the dossier alone, or the procedure as a whole:
# their recipes run on procedures with cases one time in four in the tests above).
CASE_AWARE = ["DC101", "DC102", "DC104", "DC105", "DC203", "DC204"]


@settings(max_examples=examples(100))
@given(data=st.data(), version=WITH_CASES)
def test_valid_dossiers_of_procedures_with_cases_have_no_violation(
    data: st.DataObject, version: ProcedureVersion
) -> None:
    dossier = data.draw(valid_dossiers(version))
    report = check(dossier, catalog=Catalog([version]), as_of=AS_OF)
    assert report.violations == (), describe(report)
    named = dossier.get("case")
    assert named is None or not named.strip() or version.find_case(named) is not None


@pytest.mark.parametrize("code", CASE_AWARE)
@settings(
    max_examples=examples(40), suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(data=st.data(), version=WITH_CASES)
def test_violating_dossiers_of_procedures_with_cases_fire_their_code(
    code: str, data: st.DataObject, version: ProcedureVersion
) -> None:
    try:
        violating = dossiers_violating(code, version)
    except InvalidArgument:
        reject()
    report = check(data.draw(violating), catalog=Catalog([version]), as_of=AS_OF)
    assert code in report.codes, describe(report)
    assert set(report.codes) <= {code} | CO_FIRING.get(code, frozenset()), describe(report)


def _has(shape: str) -> Any:
    def test(doc: dict[str, Any]) -> bool:
        rows = doc["components"] + [c for case in doc.get("cases", []) for c in case["components"]]
        limits = [doc["time_limit"]] + [c.get("time_limit") or {} for c in doc.get("cases", [])]
        return {
            "cases": "cases" in doc,
            "a component in two cases": len({c["code"] for c in rows}) < len(rows),
            "nested conditions": any(
                isinstance(c.get("required"), dict) and {"all", "any"} & set(c["required"]) for c in rows
            ),
            "copies": any("copies" in c for c in rows),
            "procedure channels": len(doc.get("channels", CHANNELS)) < 3,
            "months": any(limit.get("unit") == "calendar_months" for limit in limits),
            "unknown unit": any(limit.get("unit") == "unknown" for limit in limits),
            "fees": "fees" in doc,
        }[shape]

    return test


CHANNELS = ["direct", "postal", "online"]


@pytest.mark.parametrize(
    "shape",
    [
        "cases",
        "a component in two cases",
        "nested conditions",
        "copies",
        "procedure channels",
        "months",
        "unknown unit",
        "fees",
    ],
)
def test_generated_procedures_show_every_shape_of_the_format(shape: str) -> None:
    quick = settings(database=None, max_examples=500, phases=[Phase.generate], derandomize=True)
    found = find(procedure_documents(), _has(shape), settings=quick)  # no shrinking: any example will do
    Procedure.model_validate(found)


@pytest.mark.parametrize("names_a_case", [True, False])
def test_valid_dossiers_name_a_case_or_none(names_a_case: bool) -> None:
    def named(d: dict[str, Any]) -> bool:
        return isinstance(d.get("case"), str) and bool(d["case"].strip()) == names_a_case

    quick = settings(database=None, max_examples=300, phases=[Phase.generate], derandomize=True)
    find(valid_dossiers(WITH_CASES), named, settings=quick)


# --- determinism, order, round trips ----------------------------------------------------------------

_PERMUTED = ("components", "shown_documents", "supplement_requests")
_INDEX_PARAMS = ("rows", "requests")  # parameters whose values are indexes into the permuted arrays


def order_free(report: Report) -> Counter[tuple[str, str, str]]:
    """The report as a multiset of (code, path, params) with every index into a permuted array removed."""
    out: Counter[tuple[str, str, str]] = Counter()
    for v in report.violations:
        path = re.sub(r"^/(components|shown_documents|supplement_requests)/[0-9]+", r"/\1/#", v.path)
        params = {k: val for k, val in v.params.items() if k not in _INDEX_PARAMS}
        if isinstance(params.get("number"), str) and re.fullmatch(r"#[0-9]+", params["number"]):
            params["number"] = "#"  # DC502 names an unnumbered request by its position
        out[(v.code, path, json.dumps(params, sort_keys=True, ensure_ascii=False))] += 1
    return out


@settings(max_examples=examples(200))
@given(dossier=any_dossiers(), data=st.data())
def test_check_is_deterministic_pure_and_independent_of_list_order(
    dossier: dict[str, Any], data: st.DataObject
) -> None:
    before = copy.deepcopy(dossier)
    report = CHECKER.check(dossier)
    assert dossier == before  # the input is not modified
    assert CHECKER.check(copy.deepcopy(dossier)) == report
    assert CHECKER.check(json.dumps(dossier, ensure_ascii=False)) == report  # dict and JSON text agree
    shuffled = copy.deepcopy(dossier)
    for key in _PERMUTED:
        if isinstance(shuffled.get(key), list):
            shuffled[key] = data.draw(st.permutations(shuffled[key]), label=key)
    assert order_free(CHECKER.check(shuffled)) == order_free(report)


@settings(max_examples=examples(100))
@given(dossier=any_dossiers(), lang=st.sampled_from(["vi", "en"]))
def test_reports_round_trip_through_json(dossier: dict[str, Any], lang: str) -> None:
    report = check(dossier, as_of=AS_OF, lang=lang)
    again = Report.from_dict(json.loads(json.dumps(report.to_dict(), ensure_ascii=False)))
    assert again == report
    assert again.to_dict() == report.to_dict()
    assert again.passed == report.passed and again.codes == report.codes


# --- nothing raises -----------------------------------------------------------------------------------

_DATEISH = st.sampled_from(
    [
        "2026-02-30",
        "2026-10-20T25:00",
        "2026-10-20T09:10:00+24:00",
        "2026-13-01T09:00",
        "0000-01-01",
        "2026-10-20",
        "2026-10-20T09:10:00Z",
        "20261020",
        "٢٠٢٦-١٠-٢٠",
    ]
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    # Integer-valued floats are left out on purpose: JSON Schema calls 2.0 an integer, strict pydantic
    # does not (see test_integer_valued_floats_are_judged_by_value below).
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()),
    st.text(max_size=12),
    _DATEISH,
)
JSON_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _pointers(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if len(prefix) > 50:  # a value already made deep (see EXTREME_VALUES): its inside is not a target
        return out
    if isinstance(value, dict):
        for k, v in value.items():
            out += _pointers(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _pointers(v, (*prefix, i))
    return out


def _tweaks(value: Any) -> st.SearchStrategy[Any]:
    """Plausible mistakes for a value of this type (no trailing newlines: see the xfail test below)."""
    if isinstance(value, bool):
        return st.sampled_from([not value, int(value), "true", None])
    if isinstance(value, int):
        return st.sampled_from([0, -1, value + 1, value + 0.5, str(value), None, [value]])
    if isinstance(value, str):
        return st.sampled_from(
            [
                "",
                "   ",
                value.upper(),
                value + "x",
                value[:-1],
                value.replace("-", "/"),
                "2026-02-30",
                5,
                [value],
            ]
        )
    if isinstance(value, list):
        return st.sampled_from([[], None, value[:1] * 3, {"0": value}])
    return st.sampled_from([{}, None, [value], "object"])


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    """A generated dossier with one to three random edits: a value replaced, tweaked, deleted or added."""
    doc = copy.deepcopy(draw(base))
    for _ in range(draw(st.integers(1, 3))):
        pointers = _pointers(doc)
        if not pointers:
            break
        path = draw(st.sampled_from(pointers))
        parent: Any = doc
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        action = draw(st.sampled_from(["tweak", "replace", "delete", "add"]))
        if action == "tweak":
            parent[key] = draw(_tweaks(parent[key]))
        elif action == "replace":
            parent[key] = draw(JSON_VALUES)
        elif action == "delete":
            del parent[key]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(JSON_VALUES)
        else:
            parent.insert(key, draw(JSON_VALUES))
    return doc


# Far years and extreme values: what JSON can carry and a careless export writes.
FAR_WHEN = st.sampled_from(
    [
        "0001-01-01",
        "0001-01-01T07:30",
        "0001-01-01T00:00:00+08:00",  # one hour before the first representable instant, in Việt Nam
        "1900-01-01T09:00:00+07:00",
        "1900-01-31",  # Tết 1900
        "2199-12-31T16:00",
        "2200-02-12T09:00:00+07:00",
        "5000-06-15T10:00:00Z",
        "9999-12-30T16:59:00+07:00",
        "9999-12-31T23:59:00+07:00",  # the last minute there is
        "9999-12-31T23:59:00Z",  # +7 hours is in year 10000
        "9999-12-31T23:59:59.999999-12:00",
    ]
)
EXTREME_NUMBERS = st.one_of(
    st.sampled_from([10**20, -(10**20), 2**63, 2**64, -(2**63) - 1, 10**400, 1e308, -1e308, 5e-324]),
    st.sampled_from([float("inf"), float("-inf"), float("nan")]),
    st.integers(),  # unbounded
    st.floats(),
)


def _nested(depth: int) -> list[Any]:
    """Lists ``depth`` deep, built without recursion."""
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


EXTREME_VALUES = st.one_of(
    FAR_WHEN,
    EXTREME_NUMBERS,
    st.text(min_size=1, max_size=4).map(lambda t: t * 50_000),  # long strings
    st.integers(50, 2000).map(_nested),  # deep nesting
)


# The built-in procedures in force in every year, so that deadlines are computed whatever the year.
TIMELESS = Catalog(dataclasses.replace(v, valid_from=date.min, valid_to=None) for v in load_catalog())


@st.composite
def extreme(draw: st.DrawFn, base: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    """A generated dossier moved to a far year, with up to four values replaced: dates by far years,
    numbers by huge ones, anything by long strings or deep nesting."""
    doc = copy.deepcopy(draw(base))
    year = draw(st.sampled_from(["0001", "1900", "2199", "2200", "5000", "9999", None]))
    if year is not None:
        text = re.sub(r'"[0-9]{4}-(?!02-29)', f'"{year}-', json.dumps(doc, ensure_ascii=False))
        doc = json.loads(text.replace('"2026-02-29', f'"{year}-02-28'))
    for _ in range(draw(st.integers(0, 4))):
        path = draw(st.sampled_from(_pointers(doc)))
        parent: Any = doc
        for key in path[:-1]:
            parent = parent[key]
        old = parent[path[-1]]
        if isinstance(old, str) and re.match(r"[0-9]{4}-", old):
            parent[path[-1]] = draw(FAR_WHEN)
        elif isinstance(old, (int, float)) and not isinstance(old, bool):
            parent[path[-1]] = draw(EXTREME_NUMBERS)
        else:
            parent[path[-1]] = draw(EXTREME_VALUES)
    return doc


@settings(max_examples=examples(200), suppress_health_check=[HealthCheck.too_slow])
@given(dossier=extreme(any_dossiers()), lang=st.sampled_from(["vi", "en"]))
def test_far_years_and_extreme_values_never_raise_and_every_output_writes_them(
    dossier: dict[str, Any], lang: str
) -> None:
    checker = Checker(TIMELESS, as_of="9999-12-31T23:59:59+07:00", lang=lang)
    report = checker.check(dossier)
    assert "rule_failed" not in report.not_evaluable.values(), report.not_evaluable  # no rule gave up
    record = record_for(checker, InputRecord("x.json", dossier))
    assert record["status"] in ("pass", "fail")
    json.loads(record_line(record))  # jsonl and json
    text_block(record, lang).encode("utf-8")  # text
    RowWriter().rows(record, "unit", "2026-01-01")  # csv
    for cells in finding_cells(record, "unit", "2026-01-01"):  # xlsx: the rows the workers send
        orjson.loads(row_line("x.json", cells))


@settings(max_examples=examples(200))
@given(value=JSON_VALUES)
def test_arbitrary_json_values_never_raise(value: Any) -> None:
    report = CHECKER.check_object(value)
    if not isinstance(value, dict):
        assert report.codes and set(report.codes) == {"DC001"}
    assert CHECKER.check_bytes(json.dumps(value).encode()) == report


def test_an_outcome_of_the_wrong_type_is_dc001_not_a_crash() -> None:
    """BUG (engine.py, Checker.check_object): ``outcome not in outcomes`` tests a JSON list or object
    against the rule's frozenset of outcomes and raises TypeError (unhashable) instead of reporting DC001.
    Found by test_mutated_dossiers_never_raise with the long profile."""
    for wrong in ([], {}, ["accepted"]):
        dossier = {
            "code": "000.00.20.H20-261020-0007",
            "procedure_code": "1.004222",
            "receiving_unit": "Bộ phận Một cửa",
            "channel": "direct",
            "received_at": "2026-10-20T09:10:00+07:00",
            "outcome": wrong,
            "components": [],
        }
        assert "DC001" in CHECKER.check(dossier).codes


@settings(max_examples=examples(300))
@given(dossier=mutated(any_dossiers()))
def test_mutated_dossiers_never_raise(dossier: dict[str, Any]) -> None:
    report = CHECKER.check(dossier)
    assert all(v.code in CODES for v in report.violations)
    assert check(dossier, as_of=AS_OF, lang="en").codes == report.codes


# --- three validators, one format ---------------------------------------------------------------------

_REAL = re.compile(
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?"
    r"(Z|z|[+-]([0-9]{2}):([0-9]{2}))?)?$"
)


def real_date(text: str) -> bool:
    """The documented addition to the schemas' date patterns, written independently of the library."""
    m = _REAL.fullmatch(text)  # ECMA-262: "$" is the end of the input, not before a final newline
    if m is None:
        return False
    y, mo, d, hh, mi, ss, _tz, th, tm = m.groups()
    try:
        date(int(y), int(mo), int(d))
        if hh is not None:
            time(int(hh), int(mi), int(ss or 0))
    except ValueError:
        return False
    return th is None or (int(th) <= 23 and int(tm) <= 59)


def _pattern_with_real_dates(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    yield from jsonschema.Draft202012Validator.VALIDATORS["pattern"](validator, pattern, instance, schema)
    dated = pattern.startswith("^[0-9]{4}-[0-9]{2}-[0-9]{2}")
    if dated and isinstance(instance, str) and re.search(pattern, instance) and not real_date(instance):
        yield jsonschema.ValidationError(f"{instance!r} is not a real date")


RealDates = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, {"pattern": _pattern_with_real_dates}
)
DOSSIER_JS = RealDates(dossier_schema())
PROCEDURE_JS = RealDates(procedure_schema())


def pydantic_accepts(model: Any, document: Any) -> bool:
    try:
        model.model_validate(document)
    except ValidationError:
        return False
    return True


@st.composite
def naming_a_case(draw: st.DrawFn, base: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    """A generated dossier whose ``case`` is any JSON value: a string (a case or not), null, or a wrong type."""
    doc = copy.deepcopy(draw(base))
    doc["case"] = draw(st.one_of(st.sampled_from(["tr1", "", "  ", "Trường hợp 1"]), JSON_VALUES))
    return doc


@settings(max_examples=examples(300))
@given(document=st.one_of(any_dossiers(), mutated(any_dossiers()), naming_a_case(any_dossiers())))
def test_dossier_schema_models_and_compiled_validator_agree(document: dict[str, Any]) -> None:
    # Known disagreement, pinned by test_information_separators_are_judged_alike above.
    assume(
        not any(
            ch in str(document.get(k))
            for k in ("code", "procedure_code", "receiving_unit")
            for ch in _SEPARATORS
        )
    )
    by_schema = DOSSIER_JS.is_valid(document)
    by_models = pydantic_accepts(Dossier, document)
    by_compiled = not validate_dossier(document)
    note(f"schema={by_schema} models={by_models} compiled={by_compiled}")
    assert by_schema == by_models == by_compiled


@st.composite
def mutated_procedures(draw: st.DrawFn) -> dict[str, Any]:
    return draw(mutated(procedure_documents(max_components=4)))


@settings(max_examples=examples(300))
@given(document=st.one_of(procedure_documents(max_components=4), mutated_procedures()))
def test_procedure_schema_and_models_agree(document: dict[str, Any]) -> None:
    assert PROCEDURE_JS.is_valid(document) == pydantic_accepts(Procedure, document)


def test_a_trailing_newline_is_not_a_date_time() -> None:
    document = {
        "code": "000.00.20.H20-261020-0007",
        "procedure_code": "1.004222",
        "receiving_unit": "Bộ phận Một cửa",
        "channel": "direct",
        "received_at": "2026-10-20T09:10:00+07:00\n",  # Python's "$" matches before a final newline
        "outcome": "accepted",
        "components": [],
    }
    assert not pydantic_accepts(Dossier, document)
    assert validate_dossier(document) != []
    assert not DOSSIER_JS.is_valid(document)  # thanks to the real-date addition (ECMA-262 "$")


# Python's str.isspace() (and re's \s) counts the information separators U+001C..U+001F as white space;
# Unicode's White_Space property, which pydantic's Rust regex uses for \S, does not.
_SEPARATORS = "\x1c\x1d\x1e\x1f"


@pytest.mark.parametrize("field", ["code", "procedure_code", "receiving_unit"])
def test_information_separators_are_judged_alike(field: str) -> None:
    document = {
        "code": "000.00.20.H20-261020-0007",
        "procedure_code": "1.004222",
        "receiving_unit": "Bộ phận Một cửa",
        "channel": "direct",
        "received_at": "2026-10-20T09:10:00+07:00",
        "outcome": "accepted",
        "components": [],
        field: "\x1c",
    }
    assert pydantic_accepts(Dossier, document) == (validate_dossier(document) == [])


@settings(max_examples=1, phases=[Phase.generate], database=None)
@given(dossier=dossiers_violating("DC106", "1.004222"))
def test_integer_valued_floats_are_judged_by_value(dossier: dict[str, Any]) -> None:
    dossier["sets"] = float(dossier["sets"])
    dossier["appointment_slip"]["sets"] = float(dossier["appointment_slip"]["sets"])
    assert CHECKER.check(dossier).codes != []


# --- deadlines -----------------------------------------------------------------------------------------

BUILTIN_CALENDAR = WorkCalendar.builtin()
RECEIPTS = st.datetimes(datetime(2021, 1, 1), datetime(2030, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)
)
LIMITS = st.one_of(
    st.tuples(
        st.sampled_from(["working_days", "calendar_days", "working_hours"]), st.integers(1, 40), st.none()
    ),
    st.tuples(st.just("calendar_months"), st.integers(1, 12), st.none()),
    st.tuples(st.just("same_day"), st.none(), st.sampled_from(["15:00", "11:30", "07:30", "00:00", "23:59"])),
)


def due(limit: tuple[str, int | None, str | None], received: datetime, calendar: WorkCalendar) -> datetime:
    unit, amount, cutoff = limit
    return compute_deadline(unit, amount, received, cutoff=cutoff, calendar=calendar).due


@settings(max_examples=examples(400))
@given(limit=LIMITS, received=RECEIPTS)
def test_deadlines_fall_on_working_days(
    limit: tuple[str, int | None, str | None], received: datetime
) -> None:
    unit, amount, cutoff = limit
    dl = compute_deadline(unit, amount, received, cutoff=cutoff)
    effective = effective_receipt(received)
    assert BUILTIN_CALENDAR.is_working_day(dl.due_date)
    assert dl.due >= effective and dl.due_date >= effective.date()
    if unit == "working_days":
        counted = sum(
            BUILTIN_CALENDAR.is_working_day(effective.date() + timedelta(days=k))
            for k in range(1, (dl.due_date - effective.date()).days + 1)
        )
        assert counted == amount
    transfer = transfer_deadline(received)
    assert BUILTIN_CALENDAR.is_working_day(transfer.due_date) and transfer.due >= effective


@settings(max_examples=examples(400))
@given(limit=LIMITS, received=RECEIPTS, later=st.integers(0, 60 * 24 * 20))
def test_a_later_receipt_never_gives_an_earlier_deadline(
    limit: tuple[str, int | None, str | None], received: datetime, later: int
) -> None:
    assert due(limit, received, BUILTIN_CALENDAR) <= due(
        limit, received + timedelta(minutes=later), BUILTIN_CALENDAR
    )


def _with_day_off(day: date) -> WorkCalendar:
    layer = {
        "year": day.year,
        "days_off": [{"date": day.isoformat(), "reason_vi": "Nghỉ đột xuất", "kind": "local"}],
    }
    return BUILTIN_CALENDAR.with_schedules(*parse_calendar(layer, "<test>"))


@settings(max_examples=examples(400))
@given(limit=LIMITS, received=RECEIPTS, offset=st.integers(-3, 60))
def test_adding_a_day_off_never_gives_an_earlier_deadline(
    limit: tuple[str, int | None, str | None], received: datetime, offset: int
) -> None:
    day = received.date() + timedelta(days=offset)
    assert due(limit, received, BUILTIN_CALENDAR) <= due(limit, received, _with_day_off(day))


@settings(max_examples=examples(40))
@given(limit=LIMITS, received=RECEIPTS, offset=st.integers(0, 30))
def test_a_calendar_file_adding_a_day_off_never_gives_an_earlier_deadline(
    limit: tuple[str, int | None, str | None], received: datetime, offset: int
) -> None:
    day = received.date() + timedelta(days=offset)
    layer = {"year": day.year, "days_off": [{"date": day.isoformat(), "reason_vi": "Nghỉ đột xuất"}]}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "local.json"
        path.write_text(json.dumps(layer), encoding="utf-8")
        calendar = BUILTIN_CALENDAR.with_files(path)
    assert not calendar.is_working_day(day)
    assert due(limit, received, BUILTIN_CALENDAR) <= due(limit, received, calendar)


# --- the documentation runs ------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def _documented_examples() -> list[tuple[str, str]]:
    import dossier_check.strategies as module

    doc = module.__doc__ or ""
    start = doc.index("Example (runs as written)::") + len("Example (runs as written)::")
    out = [("strategies-module-docstring", textwrap.dedent(doc[start : doc.index("Conventions the")]))]
    page = (ROOT / "docs" / "integrators.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", page, re.S | re.M)
    assert len(blocks) >= 7, "docs/integrators.md shows the API and the strategies at work"
    out += [(f"docs-integrators-{i}", block) for i, block in enumerate(blocks)]
    return out


@pytest.mark.parametrize(("name", "code"), _documented_examples(), ids=lambda x: x if len(x) < 40 else "")
def test_documented_examples_run(name: str, code: str) -> None:
    # The example runs as written; only Hypothesis' per-example deadline is lifted, since what is tested
    # here is that it works, not how fast a loaded machine runs it.
    run = (
        "from hypothesis import settings\n"
        "settings.register_profile('documented-example', deadline=None)\n"
        "settings.load_profile('documented-example')\n"
        f"exec(compile({code!r}, '<documented example>', 'exec'), {{'__name__': '__main__'}})\n"
    )
    done = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]


# --- the integration stays optional ---------------------------------------------------------------------


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_importing_dossier_check_does_not_import_hypothesis() -> None:
    done = _python(
        "import sys, dossier_check, dossier_check.engine, dossier_check.schema, dossier_check.deadlines\n"
        "dossier_check.deadline\n"
        "assert 'hypothesis' not in sys.modules, 'hypothesis was imported'\n"
    )
    assert done.returncode == 0, done.stderr


def test_strategies_without_hypothesis_say_how_to_install_it() -> None:
    done = _python(
        "import sys\n"
        "sys.modules['hypothesis'] = None  # as if it were not installed\n"
        "try:\n"
        "    import dossier_check.strategies\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
        "else:\n"
        "    raise SystemExit('imported without hypothesis')\n"
    )
    assert done.returncode == 0, done.stderr
    assert 'pip install "dossier-check[hypothesis]"' in done.stdout
