"""The shortcuts of the DC1xx–DC4xx rule bodies give the reports their general paths give.

A few rules skip work when its answer is already known: a slip that lists the dossier's own component rows has the
same multiset of them (DC204); a unit, or a time, written with the same text as the field it is compared with is
the same unit (DC304) or the same time (DC204, DC306, DC403); a form whose every field is filled, tested at once
(all the hand-over rows of a control slip in one test, read and tested in C when they are all texts), has no
missing field (DC202, DC302, DC402; the slip's texts tested in C, DC202); hand-over times of one precision that
never go back, the first not before the receipt, are in order (DC303, decided in C); a dossier without format
problems has the receipt time the engine read, not read again (DC204, DC205, DC303); a component whose one maximum
the running total never passes has nothing to count row by row (DC105); a dossier without apologies has its
appointment as its latest appointment, with no candidates compared (DC305); a component list already judged for the
same codes and the same facts misses the same components (DC101, memoised); a slip that copies the dossier's
receipt time, sets and rows differs in nothing (DC204, one test of the three); the appointment is the slip's own
when it has one written (Context.appointment, read before the search over the three parts). Each property below
checks a dossier twice — shortcuts on, then every shortcut replaced by its general path — and asks for the same
report, on valid, violating and fuzzed dossiers of the built-in procedures and of generated ones (cases,
conditions, groups, per-form copies).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from dossier_check.catalog import Catalog, ComponentIndex, ProcedureVersion
from dossier_check.engine import Checker
from dossier_check.rules import _common, _context, appointment, components, control, tracking
from dossier_check.rules._context import Context
from dossier_check.strategies import AS_OF, dossiers_violating, procedure_versions, valid_dossiers
from dossier_check.timeutil import Precision, When
from scriptkit import load_script

CORPUS = load_script(Path(__file__).resolve().parent.parent / "benchmarks" / "strategies_corpus.py")
BUILTIN = Checker(as_of=AS_OF)
BUILTIN_CODES = sorted({v.procedure.code for v in BUILTIN.catalog})
# The rules whose bodies have shortcuts, and the ones that build the parts those shortcuts read.
CODES = [
    "DC101",
    "DC102",
    "DC104",
    "DC105",
    "DC202",
    "DC203",
    "DC204",
    "DC205",
    "DC302",
    "DC303",
    "DC304",
    "DC305",
    "DC306",
    "DC307",
    "DC402",
    "DC403",
]


@contextmanager
def general_paths() -> Iterator[None]:
    """Every shortcut replaced by its general path."""

    def never(*values: Any) -> bool:  # a shortcut's test answering "take the general path"
        return False

    with ExitStack() as patches:
        patches.enter_context(mock.patch.object(appointment, "_copies", never))
        patches.enter_context(mock.patch.object(appointment, "_all_filled", never))
        patches.enter_context(mock.patch.object(appointment, "_copies_dossier", never))
        patches.enter_context(mock.patch.object(Context, "appointment", _appointment_searched))
        patches.enter_context(mock.patch.object(appointment, "_same_count", never))
        patches.enter_context(mock.patch.object(components, "_within", never))
        patches.enter_context(mock.patch.object(components, "_one_row_each_within", never))
        patches.enter_context(mock.patch.object(components, "_missing", components._judge))
        # No row's code found in an index's table of exact codes: every row matched by ComponentIndex.match.
        patches.enter_context(
            mock.patch.object(
                ComponentIndex,
                "by_exact_code",
                property(lambda self: {}, lambda self, value: None),
                create=True,
            )
        )
        for module in (_common, control):
            patches.enter_context(mock.patch.object(module, "filled", never))
        patches.enter_context(mock.patch.object(control, "_every_column_filled", never))
        patches.enter_context(mock.patch.object(control, "_in_order", never))
        for shortcut in ("_all_filled", "_chain_intact", "_none_after", "_times_copied"):
            patches.enter_context(mock.patch.object(control, shortcut, never))
        for module in (_common, appointment, control, tracking):
            patches.enter_context(mock.patch.object(module, "same_text", never))
        for module in (appointment, control):
            patches.enter_context(mock.patch.object(module, "received_time", _received_read_again))
        yield


def _appointment_searched(ctx: Context) -> tuple[When, str] | None:
    """Context.appointment without its first look at the slip: the search over the three parts, once."""
    found = ctx._appointment
    if found is _context._UNSET:
        found = ctx._appointment = ctx._search_appointment()
    return found


def _received_read_again(ctx: Context) -> When | None:
    """The dossier's `received_at` read as any other time field is, not taken from the engine's reading."""
    return _common.time_at(ctx, ctx.dossier, "received_at", "")


def same_report(checker: Checker, dossier: dict[str, Any]) -> None:
    fast = checker.check_object(copy.deepcopy(dossier))
    with general_paths():
        general = checker.check_object(copy.deepcopy(dossier))
    assert fast == general
    assert [v.params for v in fast.violations] == [v.params for v in general.violations]


def edited(dossier: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The dossier with edits aimed at the shortcuts: the slip's rows made the dossier's own (or a copy with
    one row changed), a giver written as the row above's receiver (or respelled, or both units the same value
    that is not a text), the slip's sets changed, a fact flipped, quantities changed."""
    doc = copy.deepcopy(dossier)
    slip, kept = doc.get("appointment_slip"), doc.get("components")
    if isinstance(slip, dict) and isinstance(kept, list) and rng.random() < 0.7:
        slip["components"] = copy.deepcopy(kept)
        if kept and rng.random() < 0.4:
            row = rng.choice(slip["components"])
            if isinstance(row, dict):
                row[rng.choice(["quantity", "form", "name", "code"])] = rng.choice(
                    [2, 0, 1.0, "copy", "original", "  Tờ khai  ", None]
                )
    cs = doc.get("control_slip")
    rows = cs.get("handovers") if isinstance(cs, dict) else None
    if isinstance(rows, list):
        for above, row in pairwise(rows):
            if isinstance(above, dict) and isinstance(row, dict) and rng.random() < 0.5:
                to = above.get("to_unit")
                row["from_unit"] = rng.choice([to, f" {to} ", str(to).upper(), "Phòng Tư pháp", None, 3])
                if rng.random() < 0.1:  # the same value on both sides, but not a text
                    above["to_unit"] = row["from_unit"] = rng.choice([None, 3, ["x"]])
    if isinstance(slip, dict) and rng.random() < 0.5:  # the slip's sets: the dossier's, or another value
        slip["sets"] = rng.choice([doc.get("sets"), 1, 2, 1.0, 2.0, True, False, 0, "1", [1]])
        if rng.random() < 0.3:
            doc["sets"] = rng.choice([1, 2, 1.0, True, 0, None])
    facts = doc.get("facts")
    if isinstance(facts, dict) and facts and rng.random() < 0.5:  # the same rows, other facts
        name = rng.choice(sorted(facts))
        facts[name] = rng.choice([True, False, None, "true", 1])
    if isinstance(kept, list):
        for row in kept:
            if isinstance(row, dict) and rng.random() < 0.3:
                row["quantity"] = rng.choice([0, 1, 2, 3, 5, 2.0, -1])
    return doc


def drawn_variants(
    data: st.DataObject, version: ProcedureVersion, code: str | None, seed: int
) -> tuple[Checker, list[dict[str, Any]]]:
    """A checker for ``version`` and the variants of a dossier drawn for it: valid (``code`` None) or
    violating ``code``; the example is rejected when the procedure has nothing for that rule to break."""
    try:
        strategy = valid_dossiers(version) if code is None else dossiers_violating(code, version)
    except InvalidArgument:
        reject()  # nothing to break for this rule in this procedure
    return Checker(Catalog([version]), as_of=AS_OF), variants(data.draw(strategy), seed)


def variants(dossier: dict[str, Any], seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [dossier, edited(dossier, rng), CORPUS.fuzz(dossier, rng), CORPUS.fuzz(edited(dossier, rng), rng)]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    dossier=st.one_of(
        st.sampled_from(BUILTIN_CODES).flatmap(valid_dossiers),
        st.sampled_from(CODES).flatmap(dossiers_violating),
    ),
    seed=st.integers(0, 2**32),
)
def test_shortcuts_change_no_report_of_a_built_in_procedure(dossier: dict[str, Any], seed: int) -> None:
    for doc in variants(dossier, seed):
        same_report(BUILTIN, doc)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    data=st.data(),
    version=st.one_of(procedure_versions(), procedure_versions(cases=True)),
    code=st.sampled_from([None, *CODES, "DC101", "DC105", "DC105"]),  # more of the rules on per-form copies
    seed=st.integers(0, 2**32),
)
def test_shortcuts_change_no_report_of_a_generated_procedure(
    data: st.DataObject, version: ProcedureVersion, code: str | None, seed: int
) -> None:
    checker, docs = drawn_variants(data, version, code, seed)
    for doc in docs:
        same_report(checker, doc)


def test_the_general_paths_are_the_ones_patched() -> None:
    """The patch really takes every shortcut away: a slip copying the dossier is then counted row by row."""
    calls: list[int] = []
    real = appointment._multiset

    def counting(ctx: Any, rows: list[Any]) -> Any:
        calls.append(len(rows))
        return real(ctx, rows)

    dossier = next(
        d
        for d in CORPUS._draw(valid_dossiers("1.004222", outcome="accepted"), 5)
        if isinstance(d.get("appointment_slip"), dict)
    )
    with mock.patch.object(appointment, "_multiset", counting):
        BUILTIN.check_object(copy.deepcopy(dossier))
        assert calls == []  # the shortcut: the slip lists the dossier's rows
        with general_paths():
            BUILTIN.check_object(copy.deepcopy(dossier))
    assert len(calls) == 2


# Values a form's field may hold: texts (blank ones, white space of every kind, real words), numbers, lists, objects.
FIELD_VALUES = st.lists(
    st.one_of(
        st.sampled_from(["", " ", "\t", "\u3000", " \n ", "Phòng Tư pháp", " x ", "late", "\x00", "\x1c"]),
        st.text(max_size=4),
        st.none(),
        st.booleans(),
        st.integers(-2, 2),
        st.lists(st.none(), max_size=2),
        st.dictionaries(st.text(max_size=2), st.none(), max_size=2),
    ),
    max_size=12,
)


@settings(max_examples=500, deadline=None)
@given(values=FIELD_VALUES)
def test_texts_filled_is_filled(values: list[Any]) -> None:
    """Every column of every hand-over row is tested in C when they are all texts: the same verdict as filled();
    a value that is not a text gets "no verdict" (False), and filled() decides."""
    for given_as in (values, tuple(values), iter(values)):
        if all(type(v) is str for v in values):
            assert _common.texts_filled(given_as) == _common.filled(values)
        elif _common.texts_filled(given_as):
            raise AssertionError("a verdict on values that are not all texts")


class _Text(str):
    """A text of a ``str`` subclass: neither test counts one missing, but filled() may still say "no verdict"."""


@settings(max_examples=1000, deadline=None)
@given(values=FIELD_VALUES | st.lists(st.sampled_from([_Text(" "), _Text("x"), "x", 1, [0]]), max_size=6))
def test_filled_is_the_field_by_field_verdict(values: list[Any]) -> None:
    """filled() (a form's shortcut) answers True only when the field-by-field loop of missing_fields finds
    nothing missing, and False ("no verdict") when it finds nothing only for a falsy value that is not missing
    (0, false) or a text of a ``str`` subclass made of white space: then the loop decides."""
    names = [f"f{i}" for i in range(len(values))]
    ctx = Context({}, None, None, None, BUILTIN.settings, AS_OF)
    nothing_missing = not _common.missing_among(ctx, "", names, values)
    if _common.filled(values):
        assert nothing_missing
    elif nothing_missing:  # a falsy value that is not missing (0, false), or a _Text of white space
        assert not all(values) or any(type(v) is _Text and v.isspace() for v in values)


def _out_of_order(times: list[When | None], received: When | None) -> bool:
    """DC303's row-by-row comparisons, as the rule makes them: whether any row would be reported."""
    latest: When | None = None
    for w in times:
        if w is None:
            continue
        if (latest is not None and w.before(latest)) or (received is not None and w.before(received)):
            return True
        if latest is None or w.after(latest):
            latest = w
    return False


START = datetime(2026, 10, 19, 8, 0)
WHENS = st.builds(
    lambda minutes, seconds, precision: When.of(
        START + timedelta(minutes=minutes, seconds=seconds), precision
    ),
    st.integers(0, 3 * 24 * 60),
    st.integers(0, 59),
    st.sampled_from([Precision.DATE, Precision.MINUTE, Precision.MINUTE, Precision.SECOND]),
)


@settings(max_examples=500, deadline=None)
@given(
    times=st.lists(st.one_of(WHENS, st.none()), max_size=6)
    | st.lists(WHENS, max_size=6).map(sorted)
    | st.builds(
        lambda ws, p: sorted(When.of(w.local, p) for w in ws),
        st.lists(WHENS, max_size=6),
        st.sampled_from(list(Precision)),
    ),
    received=st.one_of(st.none(), WHENS),
)
def test_times_in_order_have_nothing_out_of_order(times: list[When | None], received: When | None) -> None:
    """The hand-over times found in order in C (DC303's shortcut) are the ones the rows compared one by one find
    in order; the cases where the shortcut answers (one precision, never going back) are drawn often."""
    if control._in_order(times, received):
        assert not _out_of_order(times, received)
    if times and None not in times and len({w.precision for w in times if w is not None}) == 1:
        precision = times[0].precision  # type: ignore[union-attr]
        if received is None or received.precision is precision:
            assert control._in_order(times, received) == (not _out_of_order(times, received))


@settings(max_examples=300, deadline=None)
@given(appointment=st.one_of(st.none(), WHENS), news=st.lists(WHENS, max_size=3))
def test_the_latest_appointment_is_the_latest_of_every_candidate(
    appointment: When | None, news: list[When]
) -> None:
    """The latest appointment of a dossier without apologies (taken as the appointment itself, with no list of
    candidates) is what comparing every candidate gives, as it is for a dossier with apologies."""
    dossier: dict[str, Any] = {"apologies": [{"new_appointment_at": w.isoformat()} for w in news]}
    if appointment is not None:
        dossier["appointment_slip"] = {"appointment_at": appointment.isoformat()}
    ctx = Context(dossier, None, None, None, BUILTIN.settings, datetime(2100, 1, 1))
    candidates = [w for w, _ in ctx.new_appointments()]
    first = ctx.appointment()
    assert ctx.latest_appointment() == _context._latest(candidates + ([first[0]] if first else []))


def _afresh(ctx: Context) -> Context:
    """A context for the same dossier with nothing computed yet."""
    fresh = Context(ctx.dossier, ctx.version, ctx.procedure_status, ctx.received, ctx.settings, ctx.as_of)
    fresh.problems, fresh.catalog, fresh.case = ctx.problems, ctx.catalog, ctx.case
    return fresh


READS = ("appointment", "new_appointments", "latest_appointment", "result_time", "deadline_and_case")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    dossier=st.one_of(
        st.sampled_from(BUILTIN_CODES).flatmap(valid_dossiers),
        st.sampled_from([*CODES, "DC305", "DC505", "DC506", "DC508", "DC509"]).flatmap(dossiers_violating),
    ),
    seed=st.integers(0, 2**32),
)
def test_reads_computed_once_are_the_reads_made_afresh(dossier: dict[str, Any], seed: int) -> None:
    """The appointment, the apologies' new appointments, the latest of them, the result time and the hand-over
    rows are computed once per dossier and shared by the rules and the audit's indicators: after every rule
    has read them, each is what a context that never computed anything reads."""
    for doc in variants(dossier, seed):
        seen: list[Context] = []
        BUILTIN.check_object(copy.deepcopy(doc), observe=seen.append)
        if not seen:
            continue  # not an object: no context
        (ctx,) = seen
        for name in READS:
            assert getattr(ctx, name)() == getattr(_afresh(ctx), name)(), name
        # The hand-over rows DC3xx keep in the context's slot: what reading them afresh reads.
        assert control._rows(ctx) == control._handovers(_afresh(ctx))
        # The component rows DC1xx read from the slot once matched: what matching them afresh gives.
        assert (ctx.matched or ctx.matched_components()) == _afresh(ctx).matched_components()


def _deadline_unit_is_the_catalogue_s(checker: Checker, doc: Any) -> None:
    seen: list[Context] = []
    checker.check_object(copy.deepcopy(doc), observe=seen.append)
    for ctx in seen:
        deadline, case = ctx.deadline_and_case()
        if deadline is None:
            assert ctx.deadline_unit is None
        else:
            assert ctx.version is not None
            assert ctx.deadline_unit == ctx.version.limit_terms(ctx.channel, case)[0]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    data=st.data(),
    version=st.one_of(procedure_versions(cases=True), procedure_versions()),
    code=st.sampled_from([None, "DC505", "DC509", *CODES]),
    seed=st.integers(0, 2**32),
)
def test_the_deadline_unit_noted_is_the_catalogue_s(
    data: st.DataObject, version: ProcedureVersion, code: str | None, seed: int
) -> None:
    """The unit deadline_and_case notes with the deadline (the audit's indicators measure in it) is the unit
    of the limit the catalogue gives for the dossier's channel and the case that gave the deadline — one named,
    or the longest of the cases' — on valid, violating and fuzzed dossiers; none without a deadline."""
    checker, docs = drawn_variants(data, version, code, seed)
    for doc in docs:
        _deadline_unit_is_the_catalogue_s(checker, doc)
        _deadline_unit_is_the_catalogue_s(BUILTIN, doc)


SLIPS = ("appointment_slip", "control_slip", "tracking_entry")
_PART_VALUES = st.one_of(
    st.none(),
    st.dictionaries(st.sampled_from(["appointment_at", "number", "x"]), st.one_of(st.none(), st.text())),
    st.lists(st.integers(), max_size=2),
    st.text(max_size=3),
    st.integers(),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(parts=st.dictionaries(st.sampled_from([*SLIPS, "channel"]), _PART_VALUES))
def test_the_slips_read_once_are_what_part_reads(parts: dict[str, Any]) -> None:
    """The context reads the three slips once, into attributes the rules read instead of calling part(): each
    is what part() reads, the same object (None for an absent, null or non-object part)."""
    ctx = Context(parts, None, None, None, BUILTIN.settings, AS_OF)
    for key in SLIPS:
        assert getattr(ctx, key) is ctx.part(key), key


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    dossier=st.one_of(
        st.sampled_from(BUILTIN_CODES).flatmap(valid_dossiers),
        st.sampled_from(CODES).flatmap(dossiers_violating),
    ),
    seed=st.integers(0, 2**32),
)
def test_the_slips_of_a_checked_dossier_are_what_part_reads(dossier: dict[str, Any], seed: int) -> None:
    """As above, on the contexts the checker makes for real, violating and fuzzed dossiers."""
    for doc in variants(dossier, seed):
        seen: list[Context] = []
        BUILTIN.check_object(copy.deepcopy(doc), observe=seen.append)
        for ctx in seen:
            for key in SLIPS:
                assert getattr(ctx, key) is ctx.part(key), key


FORM_KEYS = ["number", "issued_at", "dossier_code", "sets", "components", "x"]


@settings(max_examples=300, deadline=None)
@given(
    objs=st.lists(
        st.dictionaries(st.sampled_from(FORM_KEYS), st.one_of(st.none(), st.integers()), max_size=6)
    ),
    names=st.lists(st.sampled_from(FORM_KEYS), min_size=1, max_size=6, unique=True),
)
def test_forms_are_read_as_get_reads_them(objs: list[dict[str, Any]], names: list[str]) -> None:
    """values_of() and reader_of() read with the parser's own key strings (other objects than the names of the
    records below, equal to them): what they read is what ``get`` reads, in the order of the names."""
    fields = tuple(names)
    with mock.patch.dict(_common._READERS, clear=True):
        reader = _common.reader_of(fields)
        for obj in objs:
            assert list(_common.values_of(obj, fields)) == [obj.get(n) for n in names]
            if all(n in obj for n in names):
                assert list(reader(obj)) == [obj[n] for n in names]


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(), version=st.one_of(procedure_versions(max_components=8), procedure_versions(cases=True))
)
def test_missing_components_are_judged_from_the_facts_that_can_matter(
    data: st.DataObject, version: ProcedureVersion
) -> None:
    """DC101's memo reads only the facts named by the conditions of what is not present: for any codes kept
    and any facts, on the first judgement of a list and codes and on a later one, it finds what the general
    judgement finds (a subset of the list's codes, other codes, facts true, false, null or of another type)."""
    index = version.index(data.draw(st.sampled_from(["direct", "postal", "online"])))
    codes = [*sorted({c.code for c in index.components}), "X9"]
    names = [*sorted({n for c in index.components for n in components._fact_names(c.required)}), "other"]
    value = st.sampled_from([True, False, None, 1, "true"])
    with mock.patch.dict(components._BY_CODES, clear=True):
        for _ in range(4):
            present = tuple(data.draw(st.lists(st.sampled_from(codes), max_size=len(codes))))
            facts = data.draw(st.dictionaries(st.sampled_from(names), value))
            assert components._missing(index.components, present, facts) == components._judge(
                index.components, present, facts
            )
