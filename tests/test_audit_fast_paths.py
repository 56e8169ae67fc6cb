"""The audit's own fast paths give exactly what the general code they stand beside gives.

An audit cuts a JSON Lines file into byte ranges and reads each range at once (``range_records``); the
``check`` command reads the same file line by line (``jsonl_records``). Whatever the cut and whatever the
lines — objects, blank lines, broken JSON, a byte-order mark, lines over the size limit, a last line with
no newline — the ranges together must give the records, line numbers and reasons the line reader gives (and a range's
lines, cut at each newline ``find`` finds, are the pieces ``split`` makes).

Each record's findings are written without a ``to_dict`` call per finding, and the summary counts each
dossier with subscripts and sums its indicator total from the procedures' tallies: the findings must be
what ``to_dict`` writes, and every table what plain counting makes.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dossier_check import Checker
from dossier_check import summary as summary_mod
from dossier_check.config import Settings
from dossier_check.engine import _DICT_FIELDS, _sort_findings
from dossier_check.indicators import FACTS_FAILED, DossierFacts, IndicatorTally, dossier_facts
from dossier_check.origin import NATIVE, Origin
from dossier_check.reasons import Reason
from dossier_check.render.records import build_record, violation_dicts
from dossier_check.rules import REGISTRY
from dossier_check.rules._context import Context
from dossier_check.sources import InputRecord
from dossier_check.sources import native as native_mod
from dossier_check.sources.native import _split_lines, jsonl_records, range_records
from dossier_check.strategies import AS_OF
from dossier_check.summary import AuditSummary, FactsLater, received_date
from dossier_check.timeutil import parse_when
from dossier_check.violations import Report, Violation
from test_core_fast_paths import _VIOLATIONS, DOSSIERS

SPEC_DOSSIER: dict[str, Any] = orjson.loads(
    (Path(__file__).parent / "data" / "spec-dossier.json").read_bytes()
)

_LINES = st.one_of(
    st.just(b'{"code": "H1", "n": 1}'),
    st.just(b'{"code": "H2", "text": "' + b"x" * 40 + b'"}'),
    st.just(b"[1, 2, 3]"),
    st.just(b""),
    st.just(b"   "),
    st.just(b'{"broken": '),
    st.just(b"\xef\xbb\xbf{}"),
    st.just(b"\xff\xfe"),
    st.binary(max_size=12),
)


def _reason(error: Any) -> str | None:
    if error is None:
        return None
    return error.render("en") if isinstance(error, Reason) else str(error)


def _seen(source: str, data: Any, error: Any) -> tuple[str, Any, str | None]:
    return source, data, _reason(error)


def _by_ranges(path: Path, cuts: list[int], limit: int) -> list[tuple[str, Any, str | None]]:
    size = path.stat().st_size
    bounds = sorted({0, size, *(c for c in cuts if 0 < c < size)})
    out = []
    base = 1
    for start, end in pairwise(bounds):
        newlines, items = range_records(str(path), start, end, limit)
        for rel, item in items:
            out.append(_seen(f"f:{base + rel}", item.data, item.error))
        base += newlines
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(_LINES, max_size=12),
    last_newline=st.booleans(),
    cuts=st.lists(st.integers(0, 400), max_size=6),
    limit=st.sampled_from([8, 20, 30, 1 << 20]),
    blocks=st.sampled_from([(1, 4), (2, 16), (3, 1 << 20), (native_mod.EDGE_BLOCK, native_mod.LINE_BLOCK)]),
)
@example(lines=[b'{"a": 1}', b'{"b": 22}'], last_newline=False, cuts=[12], limit=1 << 20, blocks=(1, 4))
@example(lines=[b'{"a": 1}', b'{"b": 22}'], last_newline=True, cuts=[3], limit=8, blocks=(1, 4))
@example(lines=[b'{"a": 1}', b'{"b": 222222222}'], last_newline=False, cuts=[2], limit=12, blocks=(2, 16))
def test_ranges_read_what_the_line_reader_reads(
    tmp_path: Path,
    lines: list[bytes],
    last_newline: bool,
    cuts: list[int],
    limit: int,
    blocks: tuple[int, int],
) -> None:
    """``blocks``: the first and the largest read that looks for a line's end at a range's edges (a few
    bytes, so that a line runs over several reads and the doubling is walked; or as shipped)."""
    body = b"\n".join(lines) + (b"\n" if last_newline and lines else b"")
    path = tmp_path / "f.jsonl"
    path.write_bytes(body)
    general = [_seen(r.source, r.data, r.error) for r in jsonl_records(io.BytesIO(body), "f", limit)]
    if len(general) == 1 and general[0][0] == "f":  # no record at all: the audit says so for the file
        general = []
    saved = native_mod.EDGE_BLOCK, native_mod.LINE_BLOCK
    # Not a fixture: Hypothesis runs every example in one test call.
    native_mod.EDGE_BLOCK, native_mod.LINE_BLOCK = blocks
    try:
        got = _by_ranges(path, cuts, limit)
    finally:
        native_mod.EDGE_BLOCK, native_mod.LINE_BLOCK = saved
    assert got == general


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.just(b"\n"), st.just(b"\n\n"), st.just(b"\r\n"), st.binary(max_size=40), _LINES),
        max_size=20,
    ).map(b"".join)
)
@example(b"")
@example(b"\n")
@example(b"a\n")
@example(b"\na")
def test_lines_are_split_as_split_splits_them(data: bytes) -> None:
    """A range's lines are cut at each newline found by ``find``: the pieces ``split`` makes, one more than
    the newlines."""
    assert _split_lines(data) == data.split(b"\n")
    assert len(_split_lines(data)) == data.count(b"\n") + 1


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.just(b"\n"), st.just(b"\n\n"), st.binary(max_size=30), _LINES),
        max_size=20,
    ).map(b"".join),
    st.integers(1, 40),
    st.integers(0, 60),
)
@example(b"", 1, 0)
@example(b"abc", 1, 2)
@example(b"abc\n", 2, 3)
@example(b"\nabcdef\ngh", 3, 4)
def test_the_line_reader_reads_lines_as_split_cuts_the_whole(data: bytes, block: int, limit: int) -> None:
    """``check``'s line reader, which cuts each block it reads and carries a line over the blocks' seams,
    gives every line ``split`` finds in the whole stream, numbered from 1, None for one longer than the
    limit, and whether a newline ended it; whatever the block size."""
    pieces = data.split(b"\n")
    tail = pieces.pop()
    expected = [(i, p if len(p) <= limit else None, True) for i, p in enumerate(pieces, 1)]
    if tail:
        expected.append((len(pieces) + 1, tail if len(tail) <= limit else None, False))
    saved = native_mod.LINE_BLOCK
    native_mod.LINE_BLOCK = block  # not a fixture: Hypothesis runs every example in one test call
    try:
        got = list(native_mod._bounded_lines(io.BytesIO(data), limit))
    finally:
        native_mod.LINE_BLOCK = saved
    assert got == expected


# --- the record's findings and the summary's counts ------------------------------------------------------
#
# ``violation_dicts`` writes a record's findings without calling ``Violation.to_dict`` on each, and the
# summary counts each dossier with subscripts instead of ``get`` calls: the findings must come out exactly as
# ``to_dict`` writes them, which is a finding's fields in their order (the order of the JSON output) with
# plain copies of its params and legal basis, and the counts, keys and key order of every table exactly as
# plain counting makes them.

_SUMMARY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
_CHECKERS = {lang: Checker(as_of=AS_OF, lang=lang) for lang in ("vi", "en")}
_RULE_CODES = sorted(REGISTRY)


@_SUMMARY_SETTINGS
@given(DOSSIERS)
def test_violation_dicts_are_what_to_dict_writes(doc: Any) -> None:
    for checker in _CHECKERS.values():
        found = checker.check_object(doc).violations
        fast = violation_dicts(found)
        general = [v.to_dict() for v in found]
        assert [list(d.items()) for d in fast] == [list(d.items()) for d in general]
        assert all(type(d["params"]) is dict and type(d["legal_basis"]) is list for d in fast)
        assert orjson.dumps(fast) == orjson.dumps(general)
        # Both from the finding's own fields, read one by one
        fields = [f.name for f in dataclasses.fields(Violation)]
        by_fields = [
            {
                name: dict(v.params)
                if name == "params"
                else list(v.legal_basis)
                if name == "legal_basis"
                else getattr(v, name)
                for name in fields
            }
            for v in found
        ]
        assert [list(d.items()) for d in fast] == [list(d.items()) for d in by_fields]


# ``Checker.check_record`` (what an audit's records are built from) makes each finding a dictionary straight
# from what its rule stamps on it, with no ``Violation`` or ``Report`` in between: its parts must be what
# ``check_object``'s report says, written as ``to_dict`` writes it, for any dossier, origin, language and
# severity — findings in the same order with the same keys in the same order, the status ``Report.status``
# gives (a report with warnings alone passes) and the rules not evaluable in the report's order.

_WARNINGS = Settings(severities={c: ("warning" if i % 3 else "info") for i, c in enumerate(_RULE_CODES)})
_RECORD_CHECKERS = [
    *_CHECKERS.values(),
    Checker(as_of=AS_OF, lang="en", settings=_WARNINGS),
    Checker(as_of=AS_OF, select=["DC0", "DC2", "DC403"], ignore=["DC008"]),
]
_ORIGINS = st.one_of(
    st.just(NATIVE),
    st.builds(
        Origin,
        st.sampled_from(["dvcqg", "book"]),
        st.dictionaries(st.sampled_from(_RULE_CODES), st.sampled_from(["no_part", "a_reason"]), max_size=4),
        st.frozensets(st.sampled_from(["/channel", "/components", "/received_at"]), max_size=2),
        st.just(()),
        st.dictionaries(
            st.sampled_from(["/received_at", "/components", "/components/0", "/code", ""]),
            st.sampled_from(["/NgayTiepNhan", "/TP", "/A/0", "/MaHoSo"]),
            max_size=3,
        ),
        st.lists(
            st.tuples(
                st.sampled_from(["DC403", "DC101", "DC204"]),
                st.sampled_from(["", "/components/1", "/received_at"]),
                st.dictionaries(st.sampled_from(["field", "n"]), st.integers(0, 3), max_size=2),
            ),
            max_size=3,
        ).map(tuple),
    ),
)


@_SUMMARY_SETTINGS
@given(DOSSIERS, _ORIGINS)
@example(["not", "a", "record"], NATIVE)
@example(SPEC_DOSSIER, NATIVE)
def test_a_checked_record_is_what_the_report_says(doc: Any, origin: Origin) -> None:
    for checker in _RECORD_CHECKERS:
        seen: list[Context] = []
        fmt, code, procedure, status, found, not_evaluable = checker.check_record(
            doc, origin=origin, observe=seen.append
        )
        general: list[Context] = []
        report = checker.check_object(doc, origin=origin, observe=general.append)
        assert (fmt, code, procedure, status) == (
            report.format,
            report.dossier_code,
            report.procedure_code,
            report.status,
        )
        assert _ordered(found) == _ordered(violation_dicts(report.violations))
        assert list(not_evaluable.items()) == list(report.not_evaluable.items())
        assert len(seen) == len(general)
        if not isinstance(doc, dict):  # build_record never checks a value that is not an object
            continue
        # The record the audit writes, byte for byte
        record, reasons = build_record(checker, InputRecord("f", doc, format=fmt, origin=origin))
        assert list(reasons.items()) == list(report.not_evaluable.items())
        expected = {"source": "f", **report.to_dict(), "error": None}
        del expected["not_evaluable_reasons"]
        assert orjson.dumps(record) == orjson.dumps({k: expected[k] for k in record})
        assert list(record) == [
            "source",
            "format",
            "dossier_code",
            "procedure_code",
            "status",
            "violations",
            "not_evaluable",
            "error",
        ]


class _OwnCheck(Checker):
    """A library user's checker with its own ``check_object``: one finding on every dossier."""

    def check_object(self, obj: Any, **kw: Any) -> Report:
        report = super().check_object(obj, **kw)
        extra = Violation("DC999", "own", "error", "/x", "own rule", {"n": 1}, ("basis",))
        return Report(report.dossier_code, report.procedure_code, (extra,), "own", {"DC101": "why"})


def test_a_subclass_check_object_makes_the_record() -> None:
    # check_record's findings bypass check_object, which a subclass may have replaced: then its report decides.
    fmt, code, _, status, found, not_evaluable = _OwnCheck(as_of=AS_OF).check_record(SPEC_DOSSIER)
    assert (fmt, code, status) == ("own", SPEC_DOSSIER["code"], "fail")
    assert [f["code"] for f in found] == ["DC999"]
    assert dict(not_evaluable) == {"DC101": "why"}


@given(st.lists(_VIOLATIONS, max_size=8))
def test_finding_dicts_sort_as_their_violations_do(found: list[Violation]) -> None:
    dicts = violation_dicts(found)
    _sort_findings(dicts, _DICT_FIELDS)
    assert dicts == violation_dicts(sorted(found, key=Violation.sort_key))


def _plain_count(table: dict[str, list[int]], key: str, failed: bool, n: int) -> None:
    row = table.get(key)
    if row is None:
        row = table[key] = [0, 0, 0]
    row[0] += 1
    row[1] += failed
    row[2] += n


def _plain_facts(tally: IndicatorTally, facts: DossierFacts) -> None:
    """One tally counted as the summary counted before its fast paths: a ``get`` and a store per count."""
    timeliness, timeliness_out, measure, amount, elapsed_out, channel, channel_out = facts
    counts, key = (tally.timeliness, timeliness) if timeliness else (tally.timeliness_out, timeliness_out)
    counts[key] = counts.get(key, 0) + 1
    if measure:
        row = tally.durations.setdefault(measure, [0, 0])
        row[0] += 1
        row[1] += amount
    else:
        tally.duration_out[elapsed_out] = tally.duration_out.get(elapsed_out, 0) + 1
    counts, key = (tally.channels, channel) if channel else (tally.channel_out, channel_out)
    counts[key] = counts.get(key, 0) + 1


def _ordered(value: Any) -> Any:
    """``value`` with every dict as its list of items, so that equality also compares key order."""
    if isinstance(value, dict):
        return [(k, _ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    if isinstance(value, IndicatorTally):
        return _ordered(vars(value))
    return value


def _unordered(tables: dict[str, dict[str, IndicatorTally]]) -> Any:
    """The tallies' counts, every dict as its sorted items: equal whatever order the keys came in."""
    return sorted(
        (dim, key, sorted((name, sorted(counts.items())) for name, counts in vars(tally).items()))
        for dim, table in tables.items()
        for key, tally in table.items()
    )


_FACTS = st.builds(
    DossierFacts,
    st.sampled_from(["", "ended_on_time", "open_overdue"]),
    st.sampled_from(["indicator-open", "indicator-no-appointment"]),
    st.sampled_from(["", "working_days", "calendar_days"]),
    st.integers(0, 30),
    st.sampled_from(["indicator-open", "indicator-bad-end"]),
    st.sampled_from(["", "direct", "online"]),
    st.sampled_from(["indicator-no-channel", "indicator-bad-channel"]),
)
_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["pass", "fail"]),
        st.sampled_from(["native", "dvcqg", ""]),
        st.sampled_from([None, "1.004222", " 1.004222 ", "", 7]),
        st.sampled_from(["", "UBND xã A", "UBND xã B"]),
        st.sampled_from(["", "2026-10-20", "2026-11-02"]),
        st.lists(st.sampled_from(["DC001", "DC101", "DC505"]), max_size=3),
        st.one_of(st.none(), _FACTS),
    ),
    max_size=25,
)


@_SUMMARY_SETTINGS
@given(_ROWS)
def test_the_summary_counts_as_plain_counting_does(rows: list[Any]) -> None:
    summary = AuditSummary()
    # The audit's way: the facts set aside and counted together, at the end and at one cut on the way.
    later_summary = AuditSummary()
    later: FactsLater = {}
    cut = len(rows) // 2
    by: dict[str, dict[str, list[int]]] = {"procedure": {}, "unit": {}, "month": {}}
    tallies: dict[str, dict[str, IndicatorTally]] = {}
    total = IndicatorTally()
    formats: dict[str, list[int]] = {}
    severities: dict[str, int] = {}
    rules: dict[str, list[int]] = {}
    for status, fmt, proc, unit, received, codes, facts in rows:
        vios = [
            {
                "code": c,
                "rule": c.lower(),
                "severity": "warning" if c == "DC505" else "error",
                "path": "",
                "message": "",
            }
            for c in codes
        ]
        record = {"status": status, "format": fmt, "procedure_code": proc, "violations": vios}
        summary.add_record(record, unit, received, False, None, facts)
        if later_summary.records == cut:
            later_summary.count_later(later)
        later_summary.add_record(record, unit, received, False, None, facts, later)
        failed = status == "fail"
        _plain_count(formats, fmt or "native", failed, 0)
        for i, v in enumerate(vios):
            severities[v["severity"]] = severities.get(v["severity"], 0) + 1
            row = rules.setdefault(v["code"], [0, 0])
            row[0] += v["code"] not in codes[:i]  # dossiers with the code: its first finding counts
            row[1] += 1
        key = proc.strip() if isinstance(proc, str) else ""
        for dim, k in (("procedure", key), ("unit", unit), ("month", received[:7])):
            _plain_count(by[dim], k, failed, len(vios))
        if facts is not None:
            _plain_facts(total, facts)
            for dim in ("procedure", "unit", "month"):
                tallies.setdefault(dim, {})
            for dim, k in (("procedure", key), ("unit", unit), ("month", received[:7])):
                _plain_facts(tallies[dim].setdefault(k, IndicatorTally()), facts)
    assert _ordered(summary.by_format) == _ordered({k: [n, f, 0] for k, (n, f, _) in formats.items()})
    assert _ordered(summary.by_severity) == _ordered(severities)
    assert _ordered(summary.by_rule) == _ordered(rules)
    assert summary.rule_names == {code: code.lower() for code in rules}
    assert _ordered(summary.by_procedure) == _ordered(by["procedure"])
    assert _ordered(summary.by_unit) == _ordered(by["unit"])
    assert _ordered(summary.by_month) == _ordered(by["month"])
    assert _ordered(summary.indicators) == _ordered(tallies)
    later_summary.count_later(later)
    assert not later
    # Counted together, every count is the same; only the order the tallies' keys were first seen in may
    # differ, and no output reads them in that order.
    assert _unordered(later_summary.indicators) == _unordered(tallies)
    assert _ordered(later_summary.by_unit) == _ordered(summary.by_unit)
    # The total is not counted but summed from the procedures: the same numbers as counting it, every count
    # (the order its keys were first seen in may differ, and no output reads it in that order).
    made = summary.indicator_total()
    assert made.to_dict() == total.to_dict()
    assert {k: sorted(v.items()) for k, v in vars(made).items()} == {
        k: sorted(v.items()) for k, v in vars(total).items()
    }


# The audit groups each dossier under the local date of its ``received_at``, remembered for each string
# (``received_date``): it must be the date ``parse_when`` reads, the first time a string is seen and every
# time after, for times in any shape, dates, strings that are no time, and values that are no string.
_RECEIVED = st.one_of(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31)).flatmap(
        lambda t: st.sampled_from(
            [
                t.isoformat(timespec="minutes"),
                t.isoformat(timespec="seconds"),
                t.isoformat(timespec="seconds") + "+07:00",
                t.isoformat(timespec="minutes") + "+00:00",
                t.isoformat(timespec="milliseconds") + "Z",
                t.date().isoformat(),
                t.isoformat(sep=" ", timespec="minutes"),
                t.strftime("%Y-%m-%dT24:00"),
                t.strftime("%d/%m/%Y"),
            ]
        )
    ),
    st.text(alphabet="0123456789-T:+Z ", max_size=26),
    st.text(max_size=12),
    st.sampled_from([None, 20261020, 3.5, True, [], {}, "2026-02-30T08:00", "2026-12-31T24:00"]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_RECEIVED, max_size=8))
def test_the_received_date_is_the_date_parse_when_reads(values: list[Any]) -> None:
    summary_mod._DATES.clear()
    summary_mod._DAYS.clear()
    for value in values * 2:  # each value seen once, then again from the memo
        w = parse_when(value)
        assert received_date(value) == (w.local.date().isoformat() if w is not None else "")
    summary_mod._DATES.clear()  # each string new again, its day seen before: the day's date written out
    for value in values:
        w = parse_when(value)
        assert received_date(value) == (w.local.date().isoformat() if w is not None else "")


# The indicator facts read what the rules have already computed (the result, the latest appointment, the
# deadline, the effective receipt) from the context's slots, and compute it themselves only when no rule
# has: a context after a check that ran every rule and one after a check that ran the validator alone must
# give the same facts, on valid, violating and fuzzed dossiers and in every source format's reading.

_EVERY_RULE = Checker(as_of=AS_OF)
_VALIDATOR_ONLY = Checker(as_of=AS_OF, select="DC001")


def _facts_after(checker: Checker, doc: Any, fmt: str) -> list[DossierFacts]:
    seen: list[Context] = []
    checker.check_object(doc, observe=seen.append)
    out = []
    for ctx in seen:
        try:  # as the audit's worker does: a bug in the facts leaves the dossier out of the indicators
            out.append(dossier_facts(ctx, fmt))
        except Exception:
            out.append(FACTS_FAILED)
    return out


@_SUMMARY_SETTINGS
@given(DOSSIERS, st.sampled_from(["native", "dvcqg", "book"]))
@example(SPEC_DOSSIER, "native")
def test_facts_from_the_rules_slots_are_the_facts_computed_afresh(doc: Any, fmt: str) -> None:
    computed = _facts_after(_VALIDATOR_ONLY, doc, fmt)
    assert _facts_after(_EVERY_RULE, doc, fmt) == computed
    assert FACTS_FAILED not in computed


# The facts compare the result with the latest appointment and the receipt as ``When.after`` and
# ``When.before`` do, of one precision without their call: on either side of each bound, at it, and at every
# precision, the verdicts must be those the methods give.
_AROUND = [
    "2026-10-29T14:00:00+07:00",
    "2026-10-29T14:00+07:00",
    "2026-10-29T14:00:01+07:00",
    "2026-10-29T13:59:59+07:00",
    "2026-10-29T13:59+07:00",
    "2026-10-29T14:01",
    "2026-10-29",
    "2026-10-28",
    "2026-10-30",
    "2026-10-20T09:10:00+07:00",
    "2026-10-20T09:10+07:00",
    "2026-10-20T09:09:59+07:00",
    "2026-10-20T09:11",
    "2026-10-20",
    "2026-10-19",
]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(_AROUND),
    st.sampled_from(_AROUND[:9]),
    st.sampled_from(["2026-10-20T09:10:00+07:00", "2026-10-20T09:10+07:00", "2026-10-20T09:09"]),
)
@example("2026-10-29T14:00:00+07:00", "2026-10-29T14:00:00+07:00", "2026-10-20T09:10:00+07:00")
@example("2026-10-20T09:10:00+07:00", "2026-10-29T14:00:00+07:00", "2026-10-20T09:10:00+07:00")
def test_facts_compare_times_as_when_does(end: str, appointment: str, received: str) -> None:
    doc = orjson.loads(orjson.dumps(SPEC_DOSSIER))
    doc["resolved_at"], doc["received_at"] = end, received
    for part in ("appointment_slip", "control_slip", "tracking_entry"):
        doc[part]["appointment_at"] = appointment
    (facts,) = _facts_after(_EVERY_RULE, doc, "native")
    w_end, w_appointment, w_received = parse_when(end), parse_when(appointment), parse_when(received)
    assert w_end is not None and w_appointment is not None and w_received is not None
    assert (facts.timeliness == "ended_late") == w_end.after(w_appointment)
    assert (facts.elapsed_out == "indicator-before-receipt") == w_end.before(w_received)
