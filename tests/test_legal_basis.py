"""The law cited in every output: the registry's legal basis reaches the text summary, the HTML report
and the CSV, per rule and per finding, and the citations rest on the texts in force or say why not."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

import dossier_check
from dossier_check.render import csv as csv_out
from dossier_check.render.html import render_html
from dossier_check.render.records import record_for
from dossier_check.render.text import text_tables
from dossier_check.rules import REPLACED_TEXTS, get_rule, legal_notes, rules
from dossier_check.sources import iter_records, walk
from dossier_check.summary import AuditSummary, ReportMeta

DATA = Path(__file__).parent / "data"
AS_OF = "2026-11-27T12:00:00+07:00"
FAULTY_BASIS = {
    "DC102": "NĐ 118/2025 Điều 5; NĐ 118/2025 Điều 6.1.b; NĐ 63/2010 Điều 18.6",
    "DC104": "NĐ 23/2015 Điều 6; NĐ 63/2010 Điều 18.6",
    "DC202": "NĐ 118/2025 Điều 17; TT 03/2025/TT-VPCP Mẫu 01; TT 01/2018/TT-VPCP Điều 10.1.c",
    "DC205": "NĐ 118/2025 Điều 17; TT 03/2025/TT-VPCP Mẫu 01",
    "DC307": "NĐ 118/2025 Điều 18; NĐ 61/2018 Điều 18.2",
}


def _summary(lang: str) -> AuditSummary:
    checker = dossier_check.Checker(as_of=AS_OF, lang=lang)
    summary = AuditSummary()
    files = [str(DATA / "faulty-dossier.json")]
    for item in iter_records(files, walk(files)):
        summary.add_record(
            record_for(checker, item), "Bộ phận Một cửa UBND phường An Lộc", "2026-10-21", True
        )
    return summary


def _meta() -> ReportMeta:
    return ReportMeta("0", "2026-11-27 12:00", AS_OF, ["x"], [], 0, [])


@pytest.mark.parametrize(("lang", "heading"), [("vi", "Căn cứ pháp lý"), ("en", "Legal basis")])
def test_the_text_summary_cites_every_rule_it_lists(lang: str, heading: str) -> None:
    text = text_tables(_summary(lang), lang)
    block = text[text.index(f"\n{heading}\n") :]
    for code, basis in FAULTY_BASIS.items():
        assert f"\n  {code}  {basis}\n" in block


def _plain_codes(page: str) -> str:
    """The report with its document numbers' no-break wrappers removed."""
    return re.sub(r'<span class="nowrap">([^<]*)</span>', r"\1", page)


def test_the_html_report_cites_the_law_per_rule_and_per_finding() -> None:
    page = _plain_codes(render_html(_summary("vi"), _meta(), "vi"))
    by_rule = page[page.index("<h2>Theo quy tắc</h2>") : page.index("<h2>Theo thủ tục</h2>")]
    assert '<th class="w">Căn cứ pháp lý</th>' in by_rule
    failing = page[page.index("<h2>Hồ sơ không đạt") :]
    for basis in FAULTY_BASIS.values():
        assert f'<span class="basis">{basis}</span>' in by_rule
        assert f'<span class="basis">(Căn cứ pháp lý: {basis})</span></li>' in failing
    english = _plain_codes(render_html(_summary("en"), _meta(), "en"))
    assert (
        '<th class="w">Legal basis</th>' in english
        and "(Legal basis: NĐ 23/2015 Điều 6; NĐ 63/2010 Điều 18.6)" in english
    )


def test_a_code_not_registered_here_renders_without_a_basis() -> None:
    summary = _summary("vi")
    summary.by_rule["DC999"] = [1, 1]
    summary.rule_names["DC999"] = "from-a-newer-version"
    page = render_html(summary, _meta(), "vi")
    assert "from-a-newer-version" in page
    assert "\n  DC999  —\n" in text_tables(summary, "vi")


def test_the_csv_has_a_legal_basis_column() -> None:
    assert csv_out.COLUMNS[-1] == "legal_basis"
    assert csv_out.header("vi").decode("utf-8-sig").rstrip("\r\n").split(",")[-1] == "Căn cứ pháp lý"
    assert csv_out.header("en").decode("utf-8-sig").rstrip("\r\n").split(",")[-1] == "Legal basis"
    report = dossier_check.check(DATA / "faulty-dossier.json", as_of=AS_OF)
    record = {"source": "f", "status": report.status, **report.to_dict()}
    rows = csv_out.RowWriter().rows(record, "unit", "2026-10-21")
    parsed = list(csv.reader(io.StringIO("\r\n".join(r.decode("utf-8") for r in rows))))
    assert {row[5]: row[-1] for row in parsed} == FAULTY_BASIS  # code → basis (source cell not written here)
    error = {"source": "f", "status": "error", "dossier_code": None, "procedure_code": None, "error": "x"}
    [row] = list(csv.reader(io.StringIO(csv_out.RowWriter().rows(error, "", "")[0].decode("utf-8"))))
    assert len(row) == len(csv_out.COLUMNS) - 1 and row[-1] == ""


def test_every_finding_carries_its_rules_basis() -> None:
    report = dossier_check.check(DATA / "faulty-dossier.json", as_of=AS_OF)
    for v in report.violations:
        assert v.legal_basis == get_rule(v.code).legal_basis


# --- the citations themselves ---------------------------------------------------------------------------


def test_no_rule_cites_decree_118_article_18_for_the_control_slip() -> None:
    """Article 18 of Decree 118 governs the transfer, not the control slip."""
    for code in ("DC301", "DC302", "DC303", "DC304", "DC305", "DC306"):
        assert "NĐ 118/2025 Điều 18" not in get_rule(code).legal_basis, code
    assert "NĐ 118/2025 Điều 18" in get_rule("DC307").legal_basis


@pytest.mark.parametrize(
    ("code", "cited", "not_cited"),
    [
        ("DC206", "NĐ 118/2025 Điều 17.2", "NĐ 61/2018 Điều 17.2.b"),  # 17.2.b is about transferring
        ("DC505", "NĐ 61/2018 Điều 19.9", "NĐ 61/2018 Điều 21"),  # 21 has no apology clause
        ("DC102", "NĐ 118/2025 Điều 6.1.b", None),  # the applicant may refuse requests with no legal basis
        ("DC501", "NĐ 61/2018 Điều 15.3", "NĐ 63/2010 Điều 20.4"),  # 20.4 is "not more than twice"
    ],
)
def test_corrected_citations(code: str, cited: str, not_cited: str | None) -> None:
    basis = get_rule(code).legal_basis
    assert cited in basis
    assert not_cited is None or not_cited not in basis


def test_every_citation_on_a_replaced_text_carries_a_note() -> None:
    for r in rules():
        replaced = [c for c in r.legal_basis if any(c.startswith(t + " ") for t in REPLACED_TEXTS)]
        assert bool(replaced) == bool(r.legal_notes.vi) == bool(r.legal_notes.en), r.code
        for citation in replaced:
            article = citation.split(" ", 2)[-1]  # "NĐ 61/2018 Điều 39.1" → "Điều 39.1"
            assert article in r.legal_notes.vi and article in r.legal_notes.en, (r.code, citation)


def test_derived_notes_group_the_articles_of_one_text() -> None:
    notes = legal_notes(["NĐ 61/2018 Điều 26.1", "NĐ 61/2018 Điều 17.3", "NĐ 118/2025 Điều 17"])
    assert notes.en == (
        "NĐ 61/2018 (Điều 26.1, Điều 17.3) was replaced by NĐ 118/2025 from 01/07/2025; successor article not "
        "yet identified."
    )
    assert notes.vi.startswith(
        "NĐ 61/2018 (Điều 26.1, Điều 17.3) đã được thay thế bởi NĐ 118/2025 từ 01/07/2025"
    )
    assert legal_notes(["NĐ 118/2025 Điều 5", "NĐ 63/2010 Điều 18.6"]).en == ""


def test_the_transfer_note_says_what_was_not_checked() -> None:
    notes = get_rule("DC307").legal_notes
    assert "NĐ 118/2025 Điều 18" in notes.en and "15:00" in notes.en
    assert "NĐ 118/2025 Điều 18" in notes.vi and "15 giờ" in notes.vi


def test_rules_json_is_the_registry() -> None:
    data = [r.to_dict() for r in rules()]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert [d["code"] for d in data] == sorted(d["code"] for d in data)
