"""Three outcomes per rule: violated, held, or not evaluable — the engine's hooks for other source formats.

A reader of another source format hands the engine an :class:`~dossier_check.origin.Origin`; these tests
drive those hooks directly with the native example dossier, so they hold whatever the readers do.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dossier_check import Checker, Report
from dossier_check.origin import NATIVE, Origin
from dossier_check.reasons import Reason, reason_text, register_reason
from dossier_check.render.common import LABELS
from dossier_check.render.html import render_html
from dossier_check.render.records import build_record, exit_status, record_for
from dossier_check.render.text import text_tables, totals_line
from dossier_check.rules import REGISTRY, Finding, Rule, Text, finding, not_evaluable
from dossier_check.schema import Problem
from dossier_check.sources import InputRecord
from dossier_check.summary import AuditSummary, ReportMeta

DATA = Path(__file__).parent / "data"
SPEC: dict[str, Any] = json.loads((DATA / "spec-dossier.json").read_text(encoding="utf-8"))
AS_OF = "2026-11-27T12:00:00+07:00"

REASON = register_reason(
    "test-format-cannot-carry", vi="định dạng thử nghiệm không có phần này", en="the test format lacks it"
)


def faulty() -> dict[str, Any]:
    d = copy.deepcopy(SPEC)
    d["components"].append({"name": "Sổ hộ khẩu", "form": "original", "quantity": 1})  # DC102 (and DC204)
    return d


def test_native_records_are_fully_evaluable() -> None:
    report = Checker(as_of=AS_OF).check_object(faulty())
    assert report.format == "native"
    assert dict(report.not_evaluable) == {}
    assert "DC102" in report.codes
    assert report.to_dict()["not_evaluable"] == []


def test_rules_the_origin_names_are_not_run_and_are_listed_sorted() -> None:
    origin = Origin("dvcqg", {"DC204": REASON, "DC102": REASON, "DC999": REASON})
    report = Checker(as_of=AS_OF).check_object(faulty(), origin=origin)
    assert "DC102" not in report.codes and "DC204" not in report.codes
    assert list(report.not_evaluable) == ["DC102", "DC204"]  # a code no rule has is not listed
    assert report.format == "dvcqg"
    assert report.to_dict()["not_evaluable"] == ["DC102", "DC204"]


def test_not_evaluable_only_lists_selected_rules() -> None:
    origin = Origin("dvcqg", {"DC204": REASON, "DC102": REASON})
    report = Checker(as_of=AS_OF, select="DC2").check_object(faulty(), origin=origin)
    assert list(report.not_evaluable) == ["DC204"]
    report = Checker(as_of=AS_OF, ignore="DC204").check_object(faulty(), origin=origin)
    assert list(report.not_evaluable) == ["DC102"]


def test_unknown_parts_are_never_format_problems() -> None:
    d = copy.deepcopy(SPEC)
    del d["channel"]
    assert "DC001" in Checker(as_of=AS_OF).check_object(d).codes
    origin = Origin("dvcqg", {"DC206": REASON, "DC307": REASON}, unknown=frozenset({"/channel"}))
    report = Checker(as_of=AS_OF).check_object(d, origin=origin)
    assert "DC001" not in report.codes


def test_reader_problems_replace_the_format_problem_at_the_same_pointer_and_paths_translate() -> None:
    d = copy.deepcopy(SPEC)
    del d["received_at"]
    own = Problem("/received_at", "pattern", "yyyyMMddHHmmss")
    origin = Origin("dvcqg", problems=(own,), paths={"/received_at": "/NgayTiepNhan", "/code": "/MaHoSo"})
    report = Checker(as_of=AS_OF, lang="en").check_object(d, origin=origin)
    dc001 = [v for v in report.violations if v.code == "DC001"]
    assert [(v.path, v.params["problem"]) for v in dc001] == [("/NgayTiepNhan", "pattern")]


def test_translate_uses_the_longest_prefix() -> None:
    origin = Origin(paths={"/a": "/A", "/a/b": "/AB"})
    assert origin.translate("/a/b/0") == "/AB/0"
    assert origin.translate("/a/c") == "/A/c"
    assert origin.translate("/ab") == "/ab"  # not below "/a"
    assert origin.translate("/a") == "/A"
    assert NATIVE.translate("/x") == "/x"
    assert Origin(unknown=frozenset({"/channel"})).is_unknown("/channel")
    assert not Origin(unknown=frozenset({"/channel"})).is_unknown("/channels")


@pytest.fixture
def rule_that_cannot_judge(monkeypatch: pytest.MonkeyPatch) -> str:
    """A temporary rule that finds something, then says it cannot judge dossiers received online."""

    def check(ctx: Any) -> Iterator[Any]:
        yield finding("/components", n=1)
        if ctx.dossier.get("channel") == "online":
            yield not_evaluable(REASON)
        yield finding("/sets", n=2)

    fake = Rule(
        code="DC998",
        name="test-rule",
        severity="error",
        title=Text("thử", "test"),
        summary=Text("thử", "test"),
        message=Text("thử {n}", "test {n}"),
        doc=Text("", ""),
        legal_basis=(),
        legal_notes=Text("", ""),
        check=check,
        outcomes=None,
    )
    monkeypatch.setitem(REGISTRY, "DC998", fake)
    return "DC998"


def test_a_rule_can_declare_itself_not_evaluable_and_its_findings_are_dropped(
    rule_that_cannot_judge: str,
) -> None:
    checker = Checker(as_of=AS_OF, select="DC998")
    held = checker.check_object(copy.deepcopy(SPEC))
    assert held.codes == ["DC998", "DC998"]
    online = copy.deepcopy(SPEC)
    online["channel"] = "online"
    report = checker.check_object(online)
    assert report.codes == []
    assert dict(report.not_evaluable) == {"DC998": REASON}
    assert report.passed


def test_report_round_trips_with_its_format_and_reasons() -> None:
    origin = Origin("book", {"DC204": REASON})
    report = Checker(as_of=AS_OF).check_object(faulty(), origin=origin)
    again = Report.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again == report
    import pickle

    assert pickle.loads(pickle.dumps(report)) == report


def test_records_carry_format_and_not_evaluable_and_skipped_records_are_counted_not_failed() -> None:
    checker = Checker(as_of=AS_OF, lang="vi")
    item = InputRecord("x.json", faulty(), format="dvcqg", origin=Origin("dvcqg", {"DC204": REASON}))
    record, reasons = build_record(checker, item)
    assert record["format"] == "dvcqg" and record["not_evaluable"] == ["DC204"]
    assert dict(reasons) == {"DC204": REASON}
    skip = InputRecord(
        "x.json#1",
        error=Reason(REASON),
        format="dvcqg",
        skipped=True,
        dossier_code="000.00.20.H20-261020-0009",
    )
    srec = record_for(checker, skip)
    assert srec["status"] == "skipped"
    assert srec["error"] == reason_text(REASON, "vi") == "định dạng thử nghiệm không có phần này"
    assert srec["dossier_code"] == "000.00.20.H20-261020-0009"
    assert exit_status(["pass", "skipped"]) == 0
    assert exit_status(["fail", "skipped"]) == 1

    summary = AuditSummary()
    summary.add_record(record, "unit", "2026-10-20", False, reasons)
    summary.add_record(srec, "", "", False)
    native = record_for(checker, InputRecord("y.json", copy.deepcopy(SPEC)))
    summary.add_record(native, "unit", "2026-10-20", False, {})
    assert summary.checked == 2 and summary.skipped_records == 1
    assert summary.by_format == {"dvcqg": [1, 1, 1], "native": [1, 0, 0]}
    assert summary.evaluated("DC204") == 1 and summary.evaluated("DC102") == 2
    merged = AuditSummary()
    merged.merge(summary)
    merged.merge(summary)
    assert merged.evaluated("DC204") == 2 and merged.skipped_records == 2
    assert merged.not_evaluable == {"dvcqg": {"DC204": {REASON: 2}}}

    text = text_tables(summary, "vi")
    assert LABELS["vi"]["not_evaluable"] in text
    assert "định dạng thử nghiệm không có phần này" in text
    assert LABELS["vi"]["rate_note_evaluated"] in text
    assert "1" in totals_line(summary, "vi") and "bỏ qua" in totals_line(summary, "vi")
    en = text_tables(summary, "en")
    assert "the test format lacks it" in en and "Rules not evaluable" in en
    meta = ReportMeta("0", "2026-11-27T12:00:00+07:00", "2026-11-27T12:00:00+07:00", [], [], 0, [])
    page = render_html(summary, meta, "en")
    assert "Rules not evaluable, by source format" in page and "the test format lacks it" in page
    assert "Evaluated on" in page


def test_native_only_summary_text_is_unchanged_by_the_evaluability_columns() -> None:
    checker = Checker(as_of=AS_OF)
    summary = AuditSummary()
    summary.add_record(record_for(checker, InputRecord("y.json", faulty())), "u", "2026-10-20", False, {})
    text = text_tables(summary, "en")
    assert "Evaluated on" not in text and "Rules not evaluable" not in text


def test_finding_type_is_unchanged() -> None:
    assert finding("/x", a=1) == Finding("/x", {"a": 1})


def test_text_block_of_a_skipped_record() -> None:
    from dossier_check.render.text import text_block

    skip = record_for(Checker(as_of=AS_OF), InputRecord("a#0", error=Reason(REASON), skipped=True))
    assert (
        text_block(skip, "vi").splitlines()[-1]
        == "  BỎ QUA, KHÔNG KIỂM TRA: định dạng thử nghiệm không có phần này"
    )
    skip_en = record_for(
        Checker(as_of=AS_OF, lang="en"), InputRecord("a#0", error=Reason(REASON), skipped=True)
    )
    assert text_block(skip_en, "en").splitlines()[-1] == "  SKIPPED, NOT CHECKED: the test format lacks it"
