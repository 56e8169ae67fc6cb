"""The HTML report in a real browser: it fits a 390 px phone and a 1,280 px desktop without sideways
scrolling, never breaks a code or a number over two lines, and prints to A4 pages with its title and
tables. Chromium is the system's, driven by Playwright; the tests never skip in CI (see conftest)."""

from __future__ import annotations

import io
import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dossier_check.cli import main
from scriptkit import load_script

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-27T12:00:00+07:00"


rb: Any = load_script(ROOT / "tools" / "report_browser.py", keep=True)


@pytest.fixture(scope="module")
def chromium(browser_required: str) -> Iterator[Any]:
    with rb.browser() as b:
        yield b


def _stress_export(folder: Path) -> Path:
    """Dossiers with what a layout fears: very long unit names and codes, markup, many units."""
    spec = json.loads((ROOT / "tests" / "data" / "spec-dossier.json").read_text(encoding="utf-8"))
    faulty = json.loads((ROOT / "tests" / "data" / "faulty-dossier.json").read_text(encoding="utf-8"))
    folder.mkdir(parents=True)
    lines = []
    for i in range(40):
        d = dict(faulty if i % 2 else spec)
        d["receiving_unit"] = (
            f"Trung tâm Phục vụ hành chính công xã Số{i} "
            + "<b>&amp;</b> "
            + ("Khôngcókhoảngtrắngnàotrongtênrấtdàinày" if i % 5 == 0 else "ấp Tân Thạnh")
        )
        d["code"] = f"000.00.{20 + i % 7}.H20-261020-{i:04d}" + ("X" * 30 if i == 3 else "")
        lines.append(json.dumps(d, ensure_ascii=False))
    deep = folder / ("thư-mục-" + "rất-dài-" * 12) / "xuất"
    deep.mkdir(parents=True)
    (deep / "hồ-sơ-tháng-10-năm-2026-của-trung-tâm.jsonl").write_text("\n".join(lines) + "\n{oops\n", "utf-8")
    return folder


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("reports")
    made = {
        "vi": rb.example_report(out / "vi.html", "vi"),
        "en": rb.example_report(out / "en.html", "en"),
    }
    stress = _stress_export(out / "stress")
    target = out / "stress.html"
    main(["audit", str(stress), "--report", str(target), "--as-of", AS_OF, "--quiet"], out=io.StringIO())
    made["stress"] = target
    return made


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", ["vi", "en", "stress"])
def test_the_page_never_scrolls_sideways(
    chromium: Any, reports: dict[str, Path], name: str, width: int
) -> None:
    with rb.opened(chromium, reports[name], {"width": width, "height": 900}) as page:
        assert rb.overflow(page) == 0
        if width == 390:
            # The wide tables are wider than a phone: they scroll in their own boxes instead of the page.
            boxes = page.evaluate(
                "[...document.querySelectorAll('.scroll')].filter(e => e.scrollWidth > e.clientWidth).length"
            )
            assert boxes > 0
            # Charts scale with the width.
            widths = page.evaluate(
                "[...document.querySelectorAll('svg.chart')].map(s => s.getBoundingClientRect().width)"
            )
            assert widths and max(widths) <= 390


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", ["vi", "stress"])
def test_codes_dates_and_numbers_stay_on_one_line(
    chromium: Any, reports: dict[str, Path], name: str, width: int
) -> None:
    with rb.opened(chromium, reports[name], {"width": width, "height": 900}) as page:
        measured = page.evaluate(
            f"document.querySelectorAll('{rb.CODE_SELECTOR}, {rb.NUMBER_SELECTOR}').length"
        )
        assert measured > 200  # the check ran over the report's codes and numbers, not over nothing
        assert rb.wrapped(page) == []


def test_the_layout_checks_catch_a_broken_layout(chromium: Any, reports: dict[str, Path]) -> None:
    """The two measurements fail on a page that does scroll sideways and does break its codes."""
    with rb.opened(chromium, reports["vi"], rb.PHONE) as page:
        page.add_style_tag(content="svg.chart{width:900px;max-width:none}")
        assert rb.overflow(page) > 0
    with rb.opened(chromium, reports["vi"], rb.PHONE) as page:
        page.add_style_tag(
            content="code,.code,td.n{white-space:normal!important;word-break:break-all} .w{min-width:0}"
        )
        page.add_style_tag(content="td.n,.dossier h4 .code{display:inline-block;max-width:2.2em}")
        assert rb.wrapped(page)


def _pdf_text(data: bytes) -> tuple[int, str, list[Any]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), unicodedata.normalize("NFC", text), [p.mediabox for p in reader.pages]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        (
            "vi",
            (
                "Báo cáo kiểm tra hồ sơ thủ tục hành chính",
                "Theo quy tắc",
                "Căn cứ pháp lý",
                "Quyết định 766/QĐ-TTg",
                "Hồ sơ không đạt",
            ),
        ),
        (
            "en",
            (
                "Inspection report on administrative-procedure dossiers",
                "By rule",
                "Legal basis",
                "766/QĐ-TTg",
            ),
        ),
    ],
)
def test_printing_gives_a4_pages_with_the_title_and_the_tables(
    chromium: Any, reports: dict[str, Path], name: str, words: tuple[str, ...]
) -> None:
    with rb.opened(chromium, reports[name], rb.DESKTOP, media="print") as page:
        styles = page.evaluate(
            """() => {
              const s = e => getComputedStyle(document.querySelector(e));
              return [s('thead').display, s('tbody tr').breakInside, s('nav.toc').display];
            }"""
        )
        assert styles == ["table-header-group", "avoid", "none"]
        data = page.pdf(format="A4")
    pages, text, boxes = _pdf_text(data)
    assert pages >= 2
    # A4 is 595.3 × 841.9 points (Chromium rounds it to its own page units).
    assert all(abs(float(b.width) - 595.3) < 2 and abs(float(b.height) - 841.9) < 2 for b in boxes)
    flat = " ".join(text.split())
    for w in words:
        assert w in flat, w


def test_printed_tables_fit_the_a4_width(chromium: Any, reports: dict[str, Path]) -> None:
    """At the printable width of A4 (210 mm less 2 × 12 mm margins ≈ 703 px), nothing sticks out."""
    with rb.opened(chromium, reports["vi"], {"width": 703, "height": 1000}, media="print") as page:
        assert rb.overflow(page) == 0
        wide = page.evaluate(
            "[...document.querySelectorAll('table')].filter(t => t.getBoundingClientRect().right > window.innerWidth + 1).length"
        )
        assert wide == 0


def test_the_readme_screenshots_are_made_from_the_example(
    chromium: Any, reports: dict[str, Path], tmp_path: Path
) -> None:
    desktop, phone = rb.screenshots(reports["vi"], tmp_path, chromium)
    for shot in (desktop, phone):
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert int.from_bytes(phone.read_bytes()[16:20], "big") == 390 * 2  # PNG width: a phone at 2× density
    assert int.from_bytes(desktop.read_bytes()[16:20], "big") == 1280
    for name in ("report-desktop.png", "report-phone.png"):
        assert (ROOT / "docs" / "images" / name).is_file(), f"run python tools/report_browser.py ({name})"
