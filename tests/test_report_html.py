"""The HTML report's content (its layout is tested in a real browser, test_report_browser.py): Vietnamese
dates, failing dossiers by receiving unit, hashes folded away, the law per rule and per finding, and the
Decision 766/QĐ-TTg indicators with their formulas in words."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pytest

from dossier_check.cli import main
from dossier_check.indicators import TEXTS

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-27T12:00:00+07:00"
EXAMPLE = str(ROOT / "examples" / "exports")


def report(tmp_path: Path, *paths: str, lang: str = "vi") -> str:
    target = tmp_path / f"{lang}.html"
    main(
        ["audit", *paths, "--report", str(target), "--as-of", AS_OF, "--quiet", "--lang", lang],
        out=io.StringIO(),
    )
    return target.read_text(encoding="utf-8")


def visible(page: str) -> str:
    """The text a reader sees: no tags, no attributes, entities decoded."""
    body = page[page.index("<body>") :] if "<body>" in page else page
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


@pytest.fixture(scope="module")
def vi(tmp_path_factory: pytest.TempPathFactory) -> str:
    return report(tmp_path_factory.mktemp("vi"), EXAMPLE)


@pytest.fixture(scope="module")
def en(tmp_path_factory: pytest.TempPathFactory) -> str:
    return report(tmp_path_factory.mktemp("en"), EXAMPLE, lang="en")


def test_dates_are_dd_mm_yyyy_in_vietnamese_and_iso_in_english(vi: str, en: str) -> None:
    text = visible(vi)
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), re.search(r".{40}\d{4}-\d{2}-\d{2}.{20}", text)
    assert "27/11/2026 12:00" in text  # the audit time in the header
    assert '<time datetime="2026-11-27T12:00:00+07:00"' in vi  # machine-readable underneath
    assert re.search(r"Ngày tiếp nhận\s+\d{2}/\d{2}/\d{4}", text)  # the failing list
    assert re.search(r"\d{2}/\d{2}/\d{4}\s+–\s+nay", text)  # the catalogue's validity
    assert "2026-11-27 12:00" in visible(en)


def test_failing_dossiers_are_grouped_by_receiving_unit_with_counts(vi: str) -> None:
    section = vi[vi.index('<section id="failing">') :]
    section = section[: section.index("</section>")]
    heads = re.findall(
        r'<h3 id="unit-\d+">([^<]*)<span class="muted">— (\d+) hồ sơ không đạt</span></h3>', section
    )
    assert len(heads) == 7  # the five native units and the two that pushed portal records
    assert sum(int(n) for _, n in heads) == 114  # every failing dossier of the example, each under its unit
    assert section.count('<article class="dossier">') == 114
    # Within a unit, by dossier code.
    first_unit = section[section.index('id="unit-1"') : section.index('id="unit-2"')]
    codes = re.findall(r'<h4><span class="code">([^<]*)</span></h4>', first_unit)
    assert codes == sorted(codes) and len(codes) == int(heads[0][1])


def test_the_input_hashes_are_folded_away(vi: str) -> None:
    details = vi[vi.index("<details>") : vi.index("</details>")]
    assert details.count("<tr>") == 124  # 123 files (119 native, 4 of the portal part) + the header row
    assert re.search(r"[0-9a-f]{64}", details)
    assert not re.search(r"[0-9a-f]{64}", vi.replace(details, ""))


def test_the_law_is_cited_per_rule_and_per_finding(vi: str) -> None:
    rules = vi[vi.index('<section id="rules">') :]
    rules = rules[: rules.index("</section>")]
    assert rules.count('<span class="basis">') >= 36  # one per rule listed (notes on replaced texts add more)
    assert "đã được thay thế bởi" in rules  # a note on a replaced text
    failing = vi[vi.index('<section id="failing">') :]
    findings = failing.count("<li><code>DC")
    assert findings > 100 and failing.count("(Căn cứ pháp lý:") == findings  # every finding listed


def test_the_indicators_section_names_the_decision_and_the_formulas(vi: str, en: str) -> None:
    section = vi[vi.index('<section id="indicators">') :]
    section = html.unescape(section[: section.index("</section>")])
    assert "Quyết định" in section and "766/QĐ-TTg" in section
    for key in ("on_time_formula", "processing_formula", "channels_formula"):
        assert TEXTS["vi"][key] in section
    assert "286 đúng hạn, 20 trễ hạn: tỷ lệ 93,5%, điểm 18,69/20" in section
    assert "không được tiếp nhận (từ chối hoặc yêu cầu bổ sung ngay khi nộp)" in section  # left out, and why
    for label in (
        "Các chỉ số theo bộ phận tiếp nhận",
        "Các chỉ số theo thủ tục",
        "Các chỉ số theo tháng tiếp nhận",
    ):
        assert label in section
    english = visible(en[en.index('<section id="indicators">') :].replace("<body>", "")).replace("  ", " ")
    assert "Decision 766/QĐ-TTg" in english and TEXTS["en"]["on_time_formula"] in english


def test_hostile_values_stay_text(tmp_path: Path) -> None:
    spec = json.loads((ROOT / "tests" / "data" / "faulty-dossier.json").read_text(encoding="utf-8"))
    spec["receiving_unit"] = "<img src=x onerror=alert(1)> & co"
    spec["procedure_code"] = "<i>1</i>"
    src = tmp_path / "in"
    src.mkdir()
    (src / "x.json").write_text(json.dumps(spec), encoding="utf-8")
    page = report(tmp_path, str(src))
    assert "<img" not in page and "<i>1</i>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; co" in page
    assert "<script" not in page and "http" not in page and "url(" not in page
