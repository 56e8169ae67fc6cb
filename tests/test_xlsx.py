"""``audit --format xlsx``: the findings sheet holds what the CSV holds, as real cells (dates, numbers,
text that never becomes a formula), the summary sheets hold the summary's numbers, and the content does not
depend on --jobs."""

from __future__ import annotations

import copy
import csv
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from dossier_check.cli import main
from dossier_check.render import xlsx as xlsx_out
from dossier_check.render.columns import HEADERS

HERE = Path(__file__).parent
ROOT = HERE.parent
AS_OF = "2026-11-27T12:00:00+07:00"
SPEC: dict[str, Any] = json.loads((HERE / "data" / "spec-dossier.json").read_text(encoding="utf-8"))
BAD: dict[str, Any] = json.loads((HERE / "data" / "faulty-dossier.json").read_text(encoding="utf-8"))
EXAMPLE = str(ROOT / "examples" / "exports")


def audit(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(["audit", *argv, "--as-of", AS_OF, "--quiet"], out=out), out.getvalue()


def cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    wb = load_workbook(path)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}


@pytest.fixture(scope="module")
def example_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("xlsx") / "audit.xlsx"
    status, out = audit(EXAMPLE, "--format", "xlsx", "--output", str(target), "--jobs", "1")
    assert status == 1 and out == ""  # 1: the example holds faulty dossiers
    return target


def test_the_workbook_has_its_sheets_in_the_chosen_language(example_xlsx: Path, tmp_path: Path) -> None:
    wb = load_workbook(example_xlsx)
    assert wb.sheetnames == [
        "Vi phạm",
        "Theo quy tắc",
        "Theo bộ phận",
        "Theo thủ tục",
        "Theo tháng",
        "Chỉ số 766",
        "Không đánh giá được",
    ]
    english = tmp_path / "en.xlsx"
    audit(EXAMPLE, "--format", "xlsx", "--output", str(english), "--lang", "en")
    wb_en = load_workbook(english)
    assert wb_en.sheetnames[0] == "Findings" and "Indicators 766" in wb_en.sheetnames
    assert [c.value for c in wb_en["Findings"][1]][-2:] == ["Finding", "Legal basis"]


def test_the_findings_sheet_is_the_csv_with_real_cells(example_xlsx: Path) -> None:
    wb = load_workbook(example_xlsx)
    ws = wb["Vi phạm"]
    header = [c.value for c in ws[1]]
    assert tuple(header) == HEADERS["vi"]  # the CSV's titles
    assert (
        header[0] == "Nguồn dữ liệu"
        and header[-1] == "Căn cứ pháp lý"
        and len(header) == len(xlsx_out.COLUMNS)
    )
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:L{ws.max_row}"
    assert ws.column_dimensions["K"].width >= 60 and ws.column_dimensions["A"].width >= 30
    # One row per violation and per unreadable input, in the CSV's order and with its values.
    _, text = audit(EXAMPLE, "--format", "csv", "--jobs", "1")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:]
    sheet = list(ws.iter_rows(min_row=2))
    assert len(sheet) == len(rows) > 100
    for row, want in zip(sheet, rows, strict=True):
        values = [c.value for c in row]
        received = values[4]
        if want[4]:
            assert isinstance(received, datetime) and received.date().isoformat() == want[4]
            assert row[4].number_format == "dd/mm/yyyy"
        else:  # no readable receipt date
            assert received is None
        assert values[5] == want[5] in ("Đạt", "Không đạt", "Không đọc được")  # the CSV's values, in words
        assert values[8] == (want[8] or None) and (not want[8] or want[8] in ("Lỗi", "Cảnh báo", "Thông tin"))
        assert [v or "" for i, v in enumerate(values) if i != 4] == [w for i, w in enumerate(want) if i != 4]
        assert row[10].alignment.wrap_text and row[11].alignment.wrap_text
        # a rule code (the portal part's rows that no dossier claims have none)
        assert row[6].data_type == "s" or want[5] == "error"


def test_the_summary_sheets_hold_the_summary(example_xlsx: Path) -> None:
    sheets = cells(example_xlsx)
    rules = {r[0]: r for r in sheets["Theo quy tắc"][1:]}
    assert rules["DC102"][2:4] == (288, 26)  # evaluated on, dossiers
    assert abs(rules["DC102"][4] - 26 / 288) < 1e-9 and "NĐ 118/2025 Điều 5" in rules["DC102"][6]
    units = {r[0]: r for r in sheets["Theo bộ phận"][1:]}
    assert sum(r[1] for r in units.values()) == 351  # 288 native dossiers, 63 portal records
    months = sheets["Theo tháng"][1:]
    assert any(isinstance(r[0], datetime) and r[0].month == 3 for r in months)
    indicators = sheets["Chỉ số 766"]
    total = indicators[1]
    assert total[0] == "Toàn bộ" and total[2:5] == (306, 286, 20)  # judged, on time, late
    assert abs(total[5] - 286 / 306) < 1e-9 and abs(total[6] - 20 * 286 / 306) < 1e-9
    text = " ".join(str(v) for row in indicators for v in row if isinstance(v, str))
    assert "Quyết định 766/QĐ-TTg" in text and "điểm = tỷ lệ × 20" in text
    assert "không được tiếp nhận" in text  # the dossiers left out, with their reason


def test_no_cell_becomes_a_formula(tmp_path: Path) -> None:
    d = copy.deepcopy(BAD)
    d["receiving_unit"] = '=HYPERLINK("http://x","y")'
    d["code"] = "=1+1\x01"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "f.json").write_text(json.dumps(d), encoding="utf-8")
    (tmp_path / "in" / "g.jsonl").write_text("+SUM(A1)\n@x\n", encoding="utf-8")
    target = tmp_path / "out.xlsx"
    audit(str(tmp_path / "in"), "--format", "xlsx", "--output", str(target))
    wb = load_workbook(target)
    ws = wb["Vi phạm"]
    units = {c.value for c in ws["D"][1:]}
    assert units == {'=HYPERLINK("http://x","y")', None}
    assert all(c.data_type == "s" for c in ws["D"][1:] if c.value)
    codes = {c.value for c in ws["B"][1:]}
    assert "=1+1\ufffd" in codes  # a control character XML cannot carry is replaced, not a crash
    with zipfile.ZipFile(target) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_the_content_does_not_depend_on_jobs(tmp_path: Path) -> None:
    one, two = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    audit(EXAMPLE, "--format", "xlsx", "--output", str(one), "--jobs", "1")
    audit(EXAMPLE, "--format", "xlsx", "--output", str(two), "--jobs", "2")
    assert cells(one) == cells(two)


def test_xlsx_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = audit(EXAMPLE, "--format", "xlsx")
    assert status == 2 and out == ""
    assert "--output" in capsys.readouterr().err
