"""The portal-sync example (``examples/exports/portal``): the files are what its script writes, and
``dossier-check check`` finds in each dossier exactly the faults the script planted that the source can
show — nothing else — while accounting for every row that is not a dossier.
"""

from __future__ import annotations

import json
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from dossier_check.cli import main
from scriptkit import load_script

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FOLDER = EXAMPLES / "exports" / "portal"
UNCLAIMED = EXAMPLES / "unclaimed"
AS_OF = "2026-11-27T12:00:00+07:00"


GENERATOR: Any = load_script(EXAMPLES / "make_portal_exports.py")
EXPORT, CODES = GENERATOR.generate()


def _cells(book: openpyxl.Workbook) -> list[tuple[str, list[tuple[Any, ...]], list[str]]]:
    return [
        (
            ws.title,
            [tuple(r) for r in ws.iter_rows(values_only=True)],
            sorted(map(str, ws.merged_cells.ranges)),
        )
        for ws in book.worksheets
    ]


@pytest.mark.parametrize("folder", [FOLDER, UNCLAIMED], ids=["portal", "unclaimed"])
def test_the_files_are_what_the_script_writes(folder: Path) -> None:
    files = (GENERATOR.render if folder == FOLDER else GENERATOR.render_unclaimed)(EXPORT)
    assert set(files) == {p.name for p in folder.iterdir() if p.name != "README.md"}
    for name, content in files.items():
        if isinstance(content, bytes):
            assert (folder / name).read_bytes() == content, name
        else:  # a workbook: the cell values and merged ranges (the file's bytes carry a timestamp)
            buf = BytesIO()
            content.save(buf)
            assert _cells(openpyxl.load_workbook(folder / name)) == _cells(openpyxl.load_workbook(buf)), name


def _records(*more: Path) -> tuple[int, list[dict[str, Any]]]:
    out = StringIO()
    status = main(["check", str(FOLDER), *map(str, more), "--format", "jsonl", "--as-of", AS_OF], out=out)
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def test_check_finds_what_was_planted_and_nothing_else() -> None:
    status, records = _records()
    assert status == 1  # faulty dossiers; every row of the export belongs to a dossier of the export
    dossiers = [r for r in records if r["format"] == "dvcqg" and r["status"] in ("pass", "fail")]
    assert sorted(
        r["dossier_code"] for r in records if r["format"] == "dvcqg" and r["status"] != "error"
    ) == sorted(CODES)
    shown = set()
    for r in dossiers:
        planted = EXPORT.planted.get(r["dossier_code"], set())
        expected = planted - set(r["not_evaluable"])
        assert {v["code"] for v in r["violations"]} == expected, r["dossier_code"]
        shown |= expected
    assert shown == {"DC001", "DC002", "DC005", "DC203", "DC303", "DC305", "DC401", "DC402", "DC403"}
    # A late transfer was planted, but the sending system writes its own reception row first: when the
    # dossier left the desk is not in the export, and the check says so rather than judge it.
    late = [r for r in dossiers if "DC307" in EXPORT.planted.get(r["dossier_code"], set())]
    assert late and all(r["dossier_code"] and "DC307" in r["not_evaluable"] for r in late)
    clean = [r for r in dossiers if not r["violations"]]
    assert len(clean) > len(dossiers) / 2


def test_every_row_that_is_not_a_dossier_is_accounted_for() -> None:
    _, records = _records()
    others = sorted(
        (r["source"].replace(f"{FOLDER}/", ""), r["status"], r["error"])
        for r in records
        if r["status"] in ("error", "skipped")
    )
    assert [(name, status, error.split(":")[0]) for name, status, error in others] == [
        ("dongbo-ho-so.jsonl:2#/data/5", "skipped", "TrangThaiHoSo 1 (mới đăng ký)"),
        (
            "so-theo-doi-sa-dec.csv",
            "skipped",
            "2 dòng không có mã hồ sơ (dòng 16, 29) là dòng ghi tiếp hoặc ghi chú, không phải hồ sơ",
        ),
        (
            "so-theo-doi-thanh-binh.xlsx[Sổ theo dõi hồ sơ]",
            "skipped",
            "3 dòng không có mã hồ sơ (dòng 20, 24, 29) là dòng ghi tiếp hoặc ghi chú, không phải hồ sơ",
        ),
    ]


def test_rows_whose_dossier_is_not_in_the_export_are_error_records_never_dropped() -> None:
    status, records = _records(UNCLAIMED)
    assert status == 3  # like unreadable input: something in the run matched no dossier
    unclaimed = [
        (r["source"].replace(f"{UNCLAIMED}/", ""), r["format"], r["error"].split(":")[0], r["dossier_code"])
        for r in records
        if r["status"] == "error"
    ]
    assert unclaimed == [
        (
            "so-theo-doi-thanh-binh-ngoai-ban-xuat.xlsx[Sổ theo dõi hồ sơ]:10",
            "book",
            "có trong sổ, không có trong bản xuất",
            EXPORT.unclaimed_book[0][1],
        ),
        (
            "tien-do-xu-ly-ngoai-ban-xuat.jsonl:1#/data/0",
            "dvcqg",
            "các dòng tiến độ xử lý không có hồ sơ trong bản xuất",
            EXPORT.unclaimed_rows[0]["MaHoSo"],
        ),
    ]
    assert not {code for *_, code in unclaimed} & set(CODES)
    assert records[-2:] == [r for r in records if r["status"] == "error"]  # after every other record


def test_the_quirks_of_both_senders_are_in_the_files() -> None:
    lines = (FOLDER / "dongbo-ho-so.jsonl").read_text(encoding="utf-8").splitlines()
    records = [r for line in lines for r in json.loads(line)["data"]]
    new = [r for r in records if r["MaHoSo"].startswith("000.00.24")]
    old = [r for r in records if r["MaHoSo"].startswith("000.00.25")]
    assert all("KenhThucHien" in r for r in new) and not any("KenhThucHien" in r for r in old)
    assert any(r.get("DinhDanhCHS") == [{"LoaiDinhDanh": "2", "SoDinhDanh": "000000001"}] for r in new)
    assert all(isinstance(r["MaTTHC"], float) for r in old if not str(r["MaTTHC"]).startswith("DTP"))
    assert all("/" in r["NgayTiepNhan"] for r in old)
    assert any(
        r["TrangThaiHoSo"] == "9" and r["DanhSachHoSoBoSung"] and not r["NgayKetThucXuLy"] for r in records
    )
    rows = [
        row
        for line in (FOLDER / "tien-do-xu-ly.jsonl").read_text(encoding="utf-8").splitlines()
        for row in json.loads(line)["data"]
    ]
    assert any(r["NoiDungXuLy"] == "Tiếp nhận hồ sơ" and r["NguoiXuLy"] == "Cán bộ một cửa" for r in rows)
    assert any(r["NoiDungXuLy"] == "Kết thúc xử lý hồ sơ" for r in rows)
