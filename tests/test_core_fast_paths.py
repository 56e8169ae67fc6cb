"""The checker's fast paths give exactly what the general code they stand beside gives.

Rendering a message, ordering findings (and the memoised path keys they are ordered by), the validator's
fused checks, the quick date-time reader and the DC008 walk each have a faster form than the plain one
(they run for every dossier of an audit); these properties hold the two to the same answers on valid
dossiers, dossiers violating every rule and fuzzed copies of both.
"""

from __future__ import annotations

import copy
import json
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import FrozenInstanceError, fields
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dossier_check import Checker, _labels
from dossier_check._labels import _render_general, render
from dossier_check.config import Settings
from dossier_check.engine import _sort_findings
from dossier_check.origin import NATIVE, Origin
from dossier_check.rules import REGISTRY
from dossier_check.rules._common import missing_among, missing_fields
from dossier_check.rules._context import Context
from dossier_check.rules._registry import NotEvaluable, _load_all
from dossier_check.schema import Problem, compile_schema, dossier_schema, validate_dossier
from dossier_check.strategies import AS_OF, dossiers_violating, valid_dossiers
from dossier_check.timeutil import Precision, When
from dossier_check.violations import Report, Violation, new_report, new_violation, path_key

_load_all()
_CODES = sorted(REGISTRY)
_PROCEDURES = ("1.004222", "1.001193", "2.000815", "3.000333", "1.001612")
_ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False),
    st.sampled_from(["", " ", "x", "2026-02-30", "2026-10-20T09:10", "24:00", "x_note", "Số 1/2"]),
    st.text(max_size=8),
    st.just([]),
    st.just({}),
)


def _containers(doc: Any) -> list[Any]:
    """Every object and list in ``doc``, the record first."""
    found = [doc]
    for value in doc.values() if isinstance(doc, dict) else doc if isinstance(doc, list) else ():
        if isinstance(value, (dict, list)):
            found += _containers(value)
    return found


@st.composite
def _fuzzed(draw: st.DrawFn, doc: Any) -> Any:
    """A copy of ``doc`` with a few values replaced, keys dropped, renamed or added, anywhere in it."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 6))):
        holder = draw(st.sampled_from(_containers(doc)))
        if isinstance(holder, dict) and holder:
            key = draw(st.sampled_from(sorted(holder)))
            how = draw(st.sampled_from(["drop", "value", "value", "rename", "extension", "case"]))
            if how == "drop":
                del holder[key]
            elif how == "value":
                holder[key] = draw(_ODD)
            elif how == "rename":
                holder[key[:-1] if len(key) > 2 else key + "s"] = holder.pop(key)
            elif how == "extension":
                holder["x_" + key] = draw(_ODD)
            else:
                holder[key.upper()] = holder[key]
        elif isinstance(holder, list) and holder:
            holder[draw(st.integers(0, len(holder) - 1))] = draw(_ODD)
    return doc


_BASE = st.one_of(
    st.sampled_from(_CODES).flatmap(dossiers_violating),
    st.sampled_from(_PROCEDURES).flatmap(valid_dossiers),
)
FUZZED = _BASE.flatmap(_fuzzed)
DOSSIERS = st.one_of(_BASE, FUZZED)
_SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
_CHECKERS = {lang: Checker(as_of=AS_OF, lang=lang) for lang in ("vi", "en")}


@_SETTINGS
@given(DOSSIERS)
@example(["not", "a", "record"])  # a DC001 at the record's root: {path} shows the whole record in words
def test_messages_render_as_the_general_renderer_does(doc: Any) -> None:
    for lang, checker in _CHECKERS.items():
        for v in checker.check_object(doc).violations:
            template = REGISTRY[v.code].template(lang)
            assert v.message == _render_general(template, v.params, lang, v.path)


_KEYS = sorted({"path", "value", "field", "problem", "expected", "open", "result", "time_limit", "form"})


@_SETTINGS
@given(
    template=st.one_of(
        st.sampled_from([r.template(lang) for r in REGISTRY.values() for lang in ("vi", "en")]),
        st.lists(
            st.one_of(
                st.sampled_from([f"{{{k}}}" for k in _KEYS] + [f"{{{k}:verbatim}}" for k in _KEYS]),
                st.sampled_from(["{{", "}}", " – ", "{x!r}", "{field:>12}", "{x.y}", "{0}", "{missing}"]),
                st.text(alphabet="abc :", max_size=4),
            ),
            max_size=6,
        ).map("".join),
    ),
    params=st.dictionaries(
        st.sampled_from(_KEYS),
        st.one_of(
            _ODD,
            st.sampled_from(
                ["type", "enum", "required", "json", "appointment_at", "copy", "7 working_days", "true"]
            ),
            st.lists(st.sampled_from(["direct", "online", "string", "x"]), max_size=3),
        ),
    ),
    lang=st.sampled_from(["vi", "en"]),
    path=st.sampled_from(["", "/code", "/components/0/form"]),
)
def test_any_template_renders_as_the_general_renderer_does(
    template: str, params: dict[str, Any], lang: str, path: str
) -> None:
    def outcome(fn: Any) -> Any:
        try:
            return fn(template, params, lang, path)
        except Exception as exc:  # a broken template fails alike on both paths
            return type(exc)

    # Twice: the second call reads the memoised words of the first.
    assert outcome(render) == outcome(_render_general) == outcome(render)


_SHARED_VALUES = st.sampled_from(
    ["string", "type", "copy", [1, True], [True, 1], ["copy", "original"], 1, True]
)


@_SETTINGS
@given(
    findings=st.lists(
        st.dictionaries(
            st.sampled_from(["expected", "problem", "accepted", "offered", "value"]), _SHARED_VALUES
        ),
        min_size=2,
        max_size=6,
    ),
    lang=st.sampled_from(["vi", "en"]),
)
@example(findings=[{"expected": "string"}, {"expected": "string", "problem": "type"}], lang="en")
@example(findings=[{"accepted": [1, True]}, {"accepted": [True, 1]}], lang="vi")
def test_memoised_words_read_alike_in_every_finding(findings: list[dict[str, Any]], lang: str) -> None:
    # One value in several findings (an ``expected`` with and without a ``problem``, lists whose items are
    # equal but of other types): the words memoised for one finding must be what the next one would show.
    _labels._SHOWN.clear()
    template = "{expected} | {problem} | {accepted} | {offered}"
    for params in findings:
        assert render(template, params, lang, "") == _render_general(template, params, lang, "")


_VIOLATIONS = st.builds(
    Violation,
    st.sampled_from(["DC001", "DC008", "DC102", "DC301"]),
    st.just("rule"),
    st.just("error"),
    st.sampled_from(["", "/code", "/components/2", "/components/10", "/components/2/form", "/a~1b"]),
    st.just("message"),
    st.dictionaries(st.sampled_from(["field", "n"]), st.one_of(st.integers(0, 3), st.text(max_size=2))),
    st.just(()),
)


@given(st.lists(_VIOLATIONS, max_size=8))
def test_findings_sort_as_by_their_whole_key(found: list[Violation]) -> None:
    fast = list(found)
    _sort_findings(fast)
    assert fast == sorted(found, key=Violation.sort_key)
    assert [id(v) for v in fast] == [id(v) for v in sorted(found, key=Violation.sort_key)]


@given(st.lists(st.text(alphabet="/0123456789ab~", max_size=12), max_size=8))
def test_a_memoised_path_key_is_the_key_worked_out_afresh(paths: list[str]) -> None:
    for path in paths + paths:  # the second round reads what the first put in the memo
        assert path_key(path) == path_key.__wrapped__(path)


_CLOSURES = compile_schema(dossier_schema())


@_SETTINGS
@given(FUZZED)
def test_the_generated_validator_finds_what_the_closures_find(doc: Any) -> None:
    # The generated code tests some members together first (and reads common date-times without the
    # grammar); the closure compiler tests each member alone, with the same problems in the same order.
    assert validate_dossier(doc) == _CLOSURES(doc)


_FIELDS = ("number", "issued_at", "sets", "components", "note")


_FILLS = st.one_of(st.sampled_from(["x", " ", "\t", "", "\u3000"]), _ODD, st.lists(st.integers(), max_size=1))


@settings(max_examples=300)
@given(
    obj=st.fixed_dictionaries({}, optional=dict.fromkeys(_FIELDS, _FILLS)),
    fields=st.lists(st.sampled_from(_FIELDS), max_size=5).map(tuple),
    broken=st.lists(st.sampled_from(["/slip/number", "/slip/sets", "/slip", "/other"]), max_size=2),
)
@example(obj={"number": " "}, fields=("number",), broken=[])
@example(obj={"number": "1", "sets": 1, "components": []}, fields=("number", "sets", "components"), broken=[])
@example(obj={"number": "1", "sets": 0, "note": "\t"}, fields=("number", "sets", "note"), broken=[])
def test_missing_fields_finds_what_the_field_by_field_loop_finds(
    obj: dict[str, Any], fields: tuple[str, ...], broken: list[str]
) -> None:
    ctx = Context({}, None, None, None, Settings.default(), datetime(2026, 12, 31))
    ctx.problems = [Problem(p, "type", "string") for p in broken]
    # The general loop on values read one by one: what the shortcuts (one read of the form, one test that
    # it is all filled) must not change.
    expected = missing_among(ctx, "/slip", fields, [obj.get(name) for name in fields])
    assert list(missing_fields(ctx, obj, "/slip", fields)) == expected
    assert list(missing_fields(ctx, obj, "/slip", iter(fields))) == expected


_MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31))


@given(a=_MOMENTS, b=_MOMENTS, pa=st.sampled_from(list(Precision)), pb=st.sampled_from(list(Precision)))
def test_times_truncate_and_compare_as_written(
    a: datetime, b: datetime, pa: Precision, pb: Precision
) -> None:
    def cut(d: datetime, p: Precision) -> datetime:
        if p is Precision.DATE:
            return datetime(d.year, d.month, d.day)
        return d.replace(second=0, microsecond=0) if p is Precision.MINUTE else d.replace(microsecond=0)

    x, y = When.of(a, pa), When.of(b, pb)
    assert x == When(cut(a, pa), pa) and type(x) is When
    coarser = min(pa, pb)
    assert x.before(y) == (cut(a, coarser) < cut(b, coarser))
    assert x.after(y) == (cut(a, coarser) > cut(b, coarser)) == y.before(x)
    assert x.same(y) == (cut(a, coarser) == cut(b, coarser))


def _as_generated(cls: type, args: tuple[Any, ...], convert: str, make: Any) -> Any:
    """What the __init__ a frozen dataclass generates would build (each field set through
    object.__setattr__), with the conversion its __post_init__ made of one field."""
    built = object.__new__(cls)
    values = dict(zip([f.name for f in fields(cls)], args, strict=False))
    values.setdefault("format", "native")
    values.setdefault("not_evaluable", MappingProxyType({}))
    for f in fields(cls):
        if f.name in values:
            object.__setattr__(built, f.name, values[f.name])
    value = getattr(built, convert)
    if not isinstance(value, MappingProxyType):
        object.__setattr__(built, convert, make(value))
    return built


_MAPS = st.dictionaries(st.sampled_from(["DC5", "DC1", "field", "x"]), _ODD, max_size=3)


@settings(max_examples=100)
@given(params=_MAPS | _MAPS.map(MappingProxyType), skipped=st.none() | _MAPS | _MAPS.map(MappingProxyType))
def test_findings_and_reports_are_built_as_the_dataclass_would_build_them(params: Any, skipped: Any) -> None:
    # Violation and Report set their slots through the slots' own setters, not object.__setattr__.
    args = ("DC204", "appointment-slip-mismatch", "error", "/x", "message", params, ("NĐ 1",))
    found = Violation(*args)
    expected = _as_generated(Violation, args, "params", lambda p: MappingProxyType(dict(p)))
    assert found == expected and repr(found) == repr(expected)
    assert type(found.params) is MappingProxyType
    assert (found.params is params) == (type(params) is MappingProxyType)  # a given mapping is copied
    report_args: tuple[Any, ...] = ("HS-1", None, (found,), "portal") + (
        () if skipped is None else (skipped,)
    )
    report = Report(*report_args)
    reference = _as_generated(
        Report,
        report_args,
        "not_evaluable",
        lambda m: MappingProxyType(dict(sorted(m.items()))) if m else MappingProxyType({}),
    )
    assert report == reference and repr(report) == repr(reference)
    assert list(report.not_evaluable) == list(reference.not_evaluable)
    assert type(report.not_evaluable) is MappingProxyType
    # The engine's builders (plain stores, then the class assigned) make the same objects.
    fast = new_violation(*args)
    assert type(fast) is Violation
    assert fast == expected and repr(fast) == repr(expected)
    assert (fast.params is params) == (type(params) is MappingProxyType)
    fast_report = new_report(*report_args[:4], None if skipped is None else skipped)
    assert type(fast_report) is Report
    assert fast_report == reference and repr(fast_report) == repr(reference)
    assert list(fast_report.not_evaluable) == list(reference.not_evaluable)
    assert type(fast_report.not_evaluable) is MappingProxyType
    for built, name in ((found, "code"), (fast, "code"), (fast_report, "format")):
        try:
            setattr(built, name, "DC001")
        except FrozenInstanceError:
            pass
        else:
            raise AssertionError("findings and reports must stay immutable")


class _PlainMapping(Mapping[str, Any]):
    """A mapping with no copy(): to_dict reads it with dict(), as it reads any mapping but a dict."""

    def __init__(self, items: Mapping[str, Any]) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


@settings(max_examples=100)
@given(
    params=st.one_of(
        _MAPS,
        _MAPS.map(MappingProxyType),
        _MAPS.map(lambda m: MappingProxyType(OrderedDict(m))),
        _MAPS.map(lambda m: MappingProxyType(_PlainMapping(m))),
    )
)
def test_a_findings_dict_holds_its_params_as_dict_reads_them(params: Any) -> None:
    # to_dict copies a finding's params in C where the proxy holds a dict (what findings hold).
    found = Violation("DC204", "appointment-slip-mismatch", "error", "/x", "message", params, ("NĐ 1",))
    as_dict = found.to_dict()["params"]
    assert type(as_dict) is dict
    assert list(as_dict.items()) == list(dict(found.params).items())
    assert as_dict is not found.to_dict()["params"]  # a fresh dict each time: the caller may change it


def _misbehaving(check: Any, how: str) -> Any:
    """A rule's check that yields what the rule yields, then stops as ``how`` says (after its findings), or
    that returns None (a rule that forgot its findings: a bug, which the engine must not take for a pass)."""
    if how == "none":
        return lambda ctx: None

    def run(ctx: Context) -> Any:
        yield from check(ctx)
        if how == "raise":
            raise ZeroDivisionError("a bug in one rule")
        if how == "not_evaluable":
            yield NotEvaluable("rule_failed")

    return run


def _rule_by_rule(checker: Checker, ctx: Context, origin: Origin) -> tuple[list[str], dict[str, str]]:
    """The engine's loop as written before plans: every selected rule in code order, each tested on its
    own for its procedure, outcome, part, the origin's skipped rules and its broken fields, its findings
    taken back from where they began when it stops. Findings as (code, path, params) texts, and the rules
    not evaluable."""
    doc, raw, unevaluable = ctx.dossier, [], dict(origin.not_evaluable)
    outcome = doc.get("outcome")
    for r, check, needs, part, requires_procedure, outcomes in checker._steps:
        if requires_procedure and ctx.version is None:
            continue
        if outcomes is not None and outcome not in outcomes:
            continue
        if part is not None and (doc.get(part) is None or doc.get(part) == []):
            continue
        if r.code in origin.not_evaluable or any(ctx.is_broken(n) for n in needs):
            continue
        start = len(raw)
        try:
            for f in check(ctx):
                if isinstance(f, NotEvaluable):
                    del raw[start:]
                    unevaluable[r.code] = f.reason
                    break
                raw.append(repr((r.code, f.path, sorted(f.params.items()))))
        except Exception:
            del raw[start:]
            unevaluable[r.code] = "rule_failed"
    return sorted(raw), unevaluable


_STEPS = Checker(as_of=AS_OF)._steps
_SPEC = json.loads((Path(__file__).parent / "data" / "spec-dossier.json").read_text(encoding="utf-8"))


@_SETTINGS
@given(
    doc=DOSSIERS,
    broken=st.dictionaries(
        st.sampled_from(_CODES), st.sampled_from(["raise", "not_evaluable", "none"]), max_size=4
    ),
    skipped=st.dictionaries(st.sampled_from(_CODES), st.just("no_part"), max_size=3),
    part=st.sampled_from(sorted({r.part for r in REGISTRY.values() if r.part is not None})),
    held=st.sampled_from(["as is", {}, "", 0, False, [{}], None, []]),
)
@example(doc=_SPEC, broken={}, skipped={}, part="appointment_slip", held={})
@example(doc=_SPEC, broken={"DC202": "not_evaluable"}, skipped={}, part="appointment_slip", held={})
@example(doc=_SPEC, broken={"DC202": "raise"}, skipped={"DC301": "no_part"}, part="control_slip", held={})
@example(doc=_SPEC, broken={"DC203": "none"}, skipped={}, part="appointment_slip", held={})
def test_the_engine_runs_the_rules_a_rule_by_rule_loop_runs(
    doc: Any, broken: dict[str, str], skipped: dict[str, str], part: str, held: Any
) -> None:
    # The plan leaves out the rules of the parts a dossier lacks, and a rule that stops takes back its own
    # findings (those at the end that name it) instead of those after a remembered length.
    checker = Checker(as_of=AS_OF)
    checker._steps = tuple(
        (r, _misbehaving(check, broken[r.code]) if r.code in broken else check, *rest)
        for r, check, *rest in _STEPS
    )
    origin = Origin(not_evaluable=skipped) if skipped else NATIVE
    doc = copy.deepcopy(doc)
    if isinstance(doc, dict) and held != "as is":
        doc[part] = held  # a part that is there but falsy is judged; None and [] are no part
    contexts: list[Context] = []
    report = checker.check_object(doc, origin=origin, observe=contexts.append)
    if not contexts:  # not an object: DC001 alone, no rule ran
        return
    ctx = contexts[0]
    found = [v for v in report.violations if v.code not in ("DC007",)]
    expected, unevaluable = _rule_by_rule(checker, ctx, origin)
    assert sorted(repr((v.code, v.path, sorted(v.params.items()))) for v in found) == expected
    assert dict(report.not_evaluable) == {c: r for c, r in unevaluable.items() if c in checker._severity}


def test_an_empty_plan_is_built_once_and_then_read() -> None:
    # A selection none of whose rules applies to a dossier (DC501 without supplement requests) has an empty
    # plan: it is remembered like any other, not rebuilt for every dossier.
    checker = Checker(as_of=AS_OF, select="DC501")
    dossier = json.loads(
        (Path(__file__).parent.parent / "examples" / "dossiers" / "DC001-pass.json").read_text()
    )
    dossier.pop("supplement_requests", None)
    built: list[Any] = []
    real = checker._plan_for

    def spy(*key: Any) -> Any:
        plan = real(*key)
        built.append(plan)
        return plan

    checker._plan_for = spy  # type: ignore[method-assign]
    reports = [checker.check_object(copy.deepcopy(dossier)) for _ in range(3)]
    assert built == [()]
    assert all(r.violations == () for r in reports)
