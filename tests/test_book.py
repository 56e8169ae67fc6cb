"""The tracking-book reader (``book``): header layouts and synonyms, dates, the "Phương thức nhận kết quả"
values, continuation rows, bad input, a book alone, and a book joined to the dossier records of the run.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from dossier_check import Checker, Report
from dossier_check.catalog import load_catalog
from dossier_check.render.records import build_record
from dossier_check.sources import InputRecord
from dossier_check.sources.book import COLUMNS, BookIndex, match_header, read_book, return_method
from dossier_check.sources.run import read_run

AS_OF = "2026-11-27T12:00:00+07:00"
SPEC: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "spec-dossier.json").read_text(encoding="utf-8")
)
CODE = SPEC["code"]

TITLE = [["UBND PHƯỜNG AN LỘC"], ["BỘ PHẬN MỘT CỬA"], ["SỔ THEO DÕI HỒ SƠ"], []]
TOP = ["TT", "Mã hồ sơ", "Tên TTHC", "Tên tổ chức, cá nhân", "Địa chỉ, số điện thoại", "Cơ quan chủ trì giải quyết",
       "Ngày, tháng, năm", None, None, "Phương thức nhận kết quả", "Ký nhận"]  # fmt: skip
SUB = [None] * 6 + ["Nhận hồ sơ", "Hẹn trả kết quả", "Trả kết quả", None, None]
NUMBERS = [f"({n})" for n in range(1, 12)]
ROW = [125, CODE, "Đăng ký thường trú", "Trần Văn Bình", "Khóm An Thạnh A, phường An Lộc - 0912345678",
       "Công an phường An Lộc", "20/10/2026 09:10", "29/10/2026 14:00", "29/10/2026 09:00", "Trực tiếp", None]  # fmt: skip


def xlsx(path: Path, sheets: dict[str, list[list[Any]]], merges: dict[str, list[str]] | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for cells in (merges or {}).get(title, []):
            ws.merge_cells(cells)
    wb.save(path)
    return path


def official(path: Path, rows: list[list[Any]], sheet: str = "Sổ theo dõi") -> Path:
    merges = ["G5:I5", *(f"{c}5:{c}6" for c in "ABCDEFJK")]
    return xlsx(path, {sheet: [*TITLE, TOP, SUB, NUMBERS, *rows]}, {sheet: merges})


def csv_file(path: Path, rows: list[list[Any]], sep: str = ",", bom: bool = True) -> Path:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=sep).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))
    return path


def rows_of(path: Path) -> list[Any]:
    return read_book(path).items


def entries(path: Path) -> list[dict[str, Any]]:
    return [dict(i.entry) for i in rows_of(path) if not isinstance(i, InputRecord)]


def check(item: InputRecord, lang: str = "en") -> Report:
    assert item.error is None, item.error
    return Checker(as_of=AS_OF, lang=lang).check_object(item.data, origin=item.origin)


def read(*paths: Path, **kw: Any) -> list[InputRecord]:
    return read_run([str(p) for p in paths], catalog=load_catalog(), **kw)


# --- headers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("column", "text"), [(c, t) for c, texts in COLUMNS.items() for t in texts])
def test_every_synonym(column: str, text: str) -> None:
    assert match_header(text)[0] == column  # type: ignore[index]
    assert match_header(text.upper())[0] == column  # type: ignore[index]
    if column in ("received_at", "appointment_at", "returned_at"):
        assert match_header(f"Ngày, tháng, năm\n{text}")[0] == column  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("Ngay hen tra ket qua", "appointment_at"),  # without diacritics
        ("NGÀY HẸN TRẢ KẾT QUẢ", "appointment_at"),
        ("Thời gian hẹn trả kết quả", "appointment_at"),  # contains "trả kết quả" too: the appointment wins
        ("Ngày hẹn trả hồ sơ", "appointment_at"),
        ("Ngày trả kết quả thực tế", "returned_at"),
        ("Họ tên, địa chỉ người nộp hồ sơ", "applicant_name"),
        ("Địa chỉ/SĐT", "address_phone"),
        ("Số thứ tự", "entry_no"),
        ("Ký nhận", None),
        ("Ghi chú", None),
        ("Trạng thái", None),  # contains no synonym as a whole word ("tt" is not a word of it)
    ],
)
def test_most_specific_match_and_unmatched_columns(text: str, column: str | None) -> None:
    hit = match_header(text)
    assert (hit[0] if hit else None) == column


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("Trực tiếp", "direct"),
        ("Tại Bộ phận Một cửa", "direct"),
        ("truc tiep", "direct"),
        ("Bưu điện", "postal"),
        ("Bưu chính (công ích)", "postal"),
        ("Qua dịch vụ bưu chính", "postal"),
        ("Trực tuyến", "online"),
        ("Qua mạng", "online"),
        ("Điện tử", "online"),
        ("Fax", None),
    ],
)
def test_return_method_values(text: str, method: str | None) -> None:
    assert return_method(text) == method


def test_the_official_two_row_header_with_numbered_columns(tmp_path: Path) -> None:
    path = official(tmp_path / "so.xlsx", [ROW])
    items = rows_of(path)
    assert len(items) == 1 and not isinstance(items[0], InputRecord)
    row = items[0]
    assert row.source == f"{path}[Sổ theo dõi]:8"
    assert dict(row.entry) == {
        "entry_no": 125,
        "dossier_code": CODE,
        "procedure_name": "Đăng ký thường trú",
        "applicant_name": "Trần Văn Bình",
        "address_phone": "Khóm An Thạnh A, phường An Lộc - 0912345678",
        "lead_agency": "Công an phường An Lộc",
        "received_at": "2026-10-20T09:10",
        "appointment_at": "2026-10-29T14:00",
        "returned_at": "2026-10-29T09:00",
        "return_method": "direct",
    }
    assert row.cells["appointment_at"] == "H" and row.cells["return_method"] == "J"


def test_a_one_row_header_in_another_order_with_extra_columns(tmp_path: Path) -> None:
    header = [
        "STT",
        "Ghi chú",
        "Ngày hẹn trả",
        "Số hồ sơ",
        "Ngày nhận",
        "Người nộp hồ sơ",
        "Ngày trả thực tế",
    ]
    path = xlsx(
        tmp_path / "so.xlsx", {"S": [header, [1, "x", "29/10/2026", CODE, "20/10/2026", "Bình", None]]}
    )
    [entry] = entries(path)
    assert entry == {
        "entry_no": 1,
        "appointment_at": "2026-10-29",
        "dossier_code": CODE,
        "received_at": "2026-10-20",
        "applicant_name": "Bình",
    }


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_either_separator_with_or_without_bom(tmp_path: Path, sep: str, bom: bool) -> None:
    rows = [["Sổ theo dõi hồ sơ năm 2026"], [], [t or "" for t in TOP], [t or "" for t in SUB], ROW]
    path = csv_file(tmp_path / "so.csv", rows, sep, bom)
    [entry] = entries(path)
    assert entry["dossier_code"] == CODE and entry["returned_at"] == "2026-10-29T09:00"
    assert [i.source for i in rows_of(path)] == [f"{path}:5"]


def test_csv_separator_hint_line(tmp_path: Path) -> None:
    path = tmp_path / "so.csv"
    path.write_text("sep=;\nMã hồ sơ;Ngày nhận hồ sơ\n" + CODE + ";20/10/2026\n", encoding="utf-8")
    [row] = rows_of(path)
    assert row.source == f"{path}:3" and row.entry["received_at"] == "2026-10-20"


# --- dates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("20/10/2026", "2026-10-20"),
        ("5/3/2026", "2026-03-05"),
        ("20/10/2026 09:10", "2026-10-20T09:10"),
        ("20/10/2026 09:10:30", "2026-10-20T09:10:30"),
        ("2026-10-20", "2026-10-20"),
        ("2026-10-20T09:10:00+07:00", "2026-10-20T09:10:00+07:00"),
        (46315, "2026-10-20"),
        (46315.5, "2026-10-20T12:00:00"),
        ("46315", "2026-10-20"),
        (datetime(2026, 10, 20, 9, 10), "2026-10-20T09:10:00"),
        (datetime(2026, 10, 20), "2026-10-20"),
    ],
)
def test_every_date_form_of_a_cell(tmp_path: Path, value: Any, iso: str) -> None:
    path = xlsx(tmp_path / "so.xlsx", {"S": [["Mã hồ sơ", "Ngày nhận hồ sơ"], [CODE, value]]})
    [entry] = entries(path)
    assert entry["received_at"] == iso


@pytest.mark.parametrize("value", ["31/02/2026", "hôm qua", 12, "20.10.2026"])
def test_a_cell_that_is_not_a_date_is_dc001_naming_its_column(tmp_path: Path, value: Any) -> None:
    path = xlsx(tmp_path / "so.xlsx", {"S": [["Mã hồ sơ", "Ngày nhận hồ sơ"], [CODE, value]]})
    [item] = read(path)
    report = check(item, lang="vi")
    [dc001] = [v for v in report.violations if v.code == "DC001"]
    assert dc001.path == "/B" and dc001.params["problem"] == "date"
    assert item.source == f"{path}[S]:2"
    assert "/B" in dc001.message and "dd/MM/yyyy" in dc001.message


def test_an_unknown_return_method_is_dc001(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "so.xlsx", {"S": [["Mã hồ sơ", "Phương thức nhận kết quả"], [CODE, "Fax"]]})
    [item] = read(path)
    assert [(v.code, v.path, v.params["problem"]) for v in check(item).violations if v.code == "DC001"] == [
        ("DC001", "/B", "enum")
    ]


# --- rows that are not dossiers, and bad input ----------------------------------------------------------


def test_rows_without_a_code_are_reported_once_per_sheet(tmp_path: Path) -> None:
    note = [None, None, "(tiếp theo dòng trên)"]
    footer = ["Người lập sổ", None, None]
    path = official(tmp_path / "so.xlsx", [ROW, note, [126, CODE[:-1] + "8", "x"], footer])
    items = rows_of(path)
    records = [i for i in items if isinstance(i, InputRecord)]
    assert len(items) == 3 and len(records) == 1
    [notes] = records
    assert notes.skipped and notes.source == f"{path}[Sổ theo dõi]"
    assert (
        notes.error.render("en")
        == "2 row(s) without a dossier code (rows 9, 11) are continuation or note rows, not dossiers"
    )  # type: ignore[union-attr]
    assert "dòng ghi tiếp hoặc ghi chú" in notes.error.render("vi")  # type: ignore[union-attr]


def test_every_matching_sheet_is_read_and_the_others_are_said(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "so.xlsx",
        {
            "Hướng dẫn": [["Cách ghi sổ"], ["Ghi đủ các cột"]],
            "Quý I": [["Mã hồ sơ", "Ngày nhận"], [CODE, "20/10/2026"]],
            "Quý II": [["Mã hồ sơ", "Ngày nhận"], [CODE[:-1] + "8", "21/10/2026"]],
        },
    )
    items = rows_of(path)
    assert [i.source for i in items] == [f"{path}[Quý I]:2", f"{path}[Quý II]:2", f"{path}[Hướng dẫn]"]
    assert items[2].skipped  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("sheets", "reason"),
    [
        ({"S": [["Họ tên", "Ngày sinh"], ["Bình", "1990"]]}, "book-no-header"),
        ({"S": [["STT", "Tên TTHC", "Ngày nhận"], [1, "x", "20/10/2026"]]}, "book-no-code-column"),
        ({"S": []}, "book-no-header"),
    ],
)
def test_a_header_that_matches_nothing_is_an_error_record(
    tmp_path: Path, sheets: dict[str, Any], reason: str
) -> None:
    path = xlsx(tmp_path / "so.xlsx", sheets)
    [item] = rows_of(path)
    assert isinstance(item, InputRecord) and not item.skipped and item.error.key == reason  # type: ignore[union-attr]
    record, _ = build_record(Checker(lang="vi"), item)
    assert record["status"] == "error" and record["format"] == "book" and record["error"]


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (b"PK\x03\x04not really a zip", "so.xlsx", "book-unreadable"),
        (b"", "so.xlsx", "empty_input"),  # an empty input of any type: one error record that says so
        ("Mã hồ sơ,Ngày nhận\n".encode("utf-16"), "so.csv", "book-not-utf8"),
        (b"M\xe3 h\xf4 s\xf4;Ng\xe0y nh\xe2n\n", "so.csv", "book-not-utf8"),  # a Windows code page
        (b"", "so.csv", "empty_input"),
        (b"\xef\xbb\xbf \r\n", "so.csv", "empty_input"),
    ],
)
def test_unreadable_spreadsheets_are_error_records(
    tmp_path: Path, content: bytes, name: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [item] = read(path)
    assert item.error is not None and item.error.key == reason and not item.skipped  # type: ignore[union-attr]
    assert item.error.render("vi") != item.error.render("en")  # type: ignore[union-attr]


# --- a book alone ---------------------------------------------------------------------------------------


def test_a_book_alone_judges_the_code_the_columns_and_the_deadline(tmp_path: Path) -> None:
    late = [126, "000.00.20.H20-261019-0008", "Đăng ký thường trú", "Lê Thị Hoa", "", "Công an phường An Lộc",
            "20/10/2026", "05/11/2026", None, None, None]  # fmt: skip
    path = official(tmp_path / "so.xlsx", [ROW, late])
    clean, faulty = read(path)
    assert clean.format == "book" and clean.data["procedure_code"] == "1.004222"
    report = check(clean)
    assert report.violations == ()
    judged = {r.code for r in Checker().rules} - set(report.not_evaluable)
    assert judged == {"DC001", "DC004", "DC005", "DC007", "DC203", "DC402"}
    assert report.not_evaluable["DC401"] == "book-alone"
    report = check(faulty)
    assert [(v.code, v.path) for v in report.violations] == [
        ("DC005", "/B"),
        ("DC203", "/H"),
        ("DC402", "/E"),
    ]


@pytest.mark.parametrize(
    ("name", "reason"),
    [("Thủ tục không có trong danh mục", "book-procedure-name"), (None, "book-procedure-name")],
)
def test_a_procedure_name_not_in_the_catalogue_leaves_the_deadline_unjudged(
    tmp_path: Path, name: str | None, reason: str
) -> None:
    row = copy.copy(ROW)
    row[2] = name
    [item] = read(official(tmp_path / "so.xlsx", [row]))
    report = check(item)
    assert report.not_evaluable["DC203"] == reason and "procedure_code" not in item.data
    assert "DC001" not in report.codes


def test_a_date_only_receipt_and_a_limit_in_hours(tmp_path: Path) -> None:
    row = [1, "000.00.20.H20-261020-0009", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam; cơ quan, tổ chức có thẩm quyền của nước ngoài; cơ quan, tổ chức có thẩm quyền của Việt Nam liên kết với cơ quan, tổ chức có thẩm quyền của nước ngoài cấp hoặc chứng nhận",
           "Bình", "x", "UBND", "20/10/2026", "20/10/2026", None, None, None]  # fmt: skip
    [item] = read(official(tmp_path / "so.xlsx", [row]))
    assert check(item).not_evaluable["DC203"] == "book-no-time"
    row[6] = "20/10/2026 09:10"
    [item] = read(official(tmp_path / "so.xlsx", [row]))
    assert "DC203" not in check(item).not_evaluable


# --- a book with dossier records ------------------------------------------------------------------------


def native(tmp_path: Path, dossier: dict[str, Any], name: str = "hoso.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(dossier, ensure_ascii=False), encoding="utf-8")
    return path


def without_entry() -> dict[str, Any]:
    d = copy.deepcopy(SPEC)
    del d["tracking_entry"]
    return d


def test_a_row_becomes_the_entry_of_a_dossier_without_one(tmp_path: Path) -> None:
    [item] = read(native(tmp_path, without_entry()), official(tmp_path / "so.xlsx", [ROW]))
    assert item.format == "native" and item.data["tracking_entry"]["entry_no"] == 125
    assert check(item).violations == ()


def test_a_dossier_with_no_row_is_dc401_and_a_row_with_no_dossier_is_reported(tmp_path: Path) -> None:
    stray = [*ROW]
    stray[1] = "000.00.20.H20-261020-0099"
    items = read(native(tmp_path, without_entry()), official(tmp_path / "so.xlsx", [stray]))
    dossier, orphan = items
    assert [(v.code, v.path) for v in check(dossier).violations] == [("DC401", "/tracking_entry")]
    record, _ = build_record(Checker(lang="en"), orphan)
    assert record["status"] == "error" and record["dossier_code"] == "000.00.20.H20-261020-0099"
    assert record["error"].startswith("in the book, not in the export")
    record, _ = build_record(Checker(lang="vi"), orphan)
    assert record["error"].startswith("có trong sổ, không có trong bản xuất")


def test_the_records_own_entry_wins_and_a_differing_row_is_dc403(tmp_path: Path) -> None:
    row = [*ROW]
    row[6], row[8] = "21/10/2026", "31/02/2026"
    [item] = read(native(tmp_path, SPEC), official(tmp_path / "so.xlsx", [row]))
    assert item.data["tracking_entry"] == SPEC["tracking_entry"]
    report = check(item)
    dc403 = [(v.path, v.params["found"], v.params["expected"], v.params["source"]) for v in report.violations]
    assert dc403 == [
        ("/tracking_entry/received_at", "2026-10-21", "2026-10-20T09:10", "tracking_entry"),
        ("/tracking_entry/returned_at", "31/02/2026", "2026-10-29T09:00", "tracking_entry"),
    ]
    assert report.violations[0].params["book"] == f"{tmp_path / 'so.xlsx'}[Sổ theo dõi]:8 G"
    [same] = read(native(tmp_path, SPEC), official(tmp_path / "so2.xlsx", [ROW]))
    assert check(same).violations == ()


def test_a_bad_cell_of_a_joined_row_names_its_book_cell(tmp_path: Path) -> None:
    row = [*ROW]
    row[7] = "hôm sau"
    [item] = read(native(tmp_path, without_entry()), official(tmp_path / "so.xlsx", [row]))
    [dc001] = [v for v in check(item).violations if v.code == "DC001"]
    assert dc001.path == "/tracking_entry/appointment_at"
    assert dc001.params["expected"].endswith("[Sổ theo dõi]:8 H")


def test_a_second_row_of_the_same_dossier_is_skipped_not_lost(tmp_path: Path) -> None:
    items = read(native(tmp_path, without_entry()), official(tmp_path / "so.xlsx", [ROW, ROW]))
    dossier, second = items
    assert dossier.error is None and second.skipped and second.dossier_code == CODE
    assert second.error.key == "book-duplicate"  # type: ignore[union-attr]


def test_book_index_api(tmp_path: Path) -> None:
    index = BookIndex()
    assert not index.has_book
    items = index.add(read_book(official(tmp_path / "so.xlsx", [ROW])))
    assert index.has_book and len(index) == 1 and len(items) == 1
    assert index.row_for(f" {CODE} ") is not None and index.row_for(None) is None
    assert [r.dossier_code for r in index.unmatched(set())] == [CODE]
    assert index.unmatched({CODE}) == []
