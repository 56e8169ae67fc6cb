"""Write the portal-sync example in ``examples/exports/portal/`` (and ``examples/unclaimed/``: rows whose
dossier the export does not hold): what two one-stop desks pushed to the
National Public Service Portal in September–October 2026, and their tracking books.

Run ``python examples/make_portal_exports.py`` from the repository root (with the package installed).
The output is reproducible: a seeded ``random.Random`` draws everything; the dossiers are built by the
same generator as ``examples/make_exports.py`` (other units, another seed: none of them is in the native
files of ``examples/exports``), then written as the portal's records and progress rows by the writer the
round-trip test uses (``tests/portal_writer.py``), with the habits of two real senders on top:

- **xã Thanh Bình** runs a recent provincial system: it sends ``KenhThucHien``, writes ``yyyyMMddHHmmss``,
  adds its own first progress row "Tiếp nhận hồ sơ" at the receipt and last row "Kết thúc xử lý hồ sơ" at
  the end, pushes the statuses 5, 6 and 8 as 9, and writes ``000000001`` when it has no identity number.
  Its tracking book is a workbook (``so-theo-doi-thanh-binh.xlsx``) in the official layout.
- **phường Sa Đéc** runs an older system: no ``KenhThucHien``, dates as ``dd/MM/yyyy HH:mm:ss``,
  ``MaTTHC`` as a JSON number. Its book is a CSV file (``so-theo-doi-sa-dec.csv``, ``;``, with a BOM).

Each dossier is in the sync export once and, when it was received, in its unit's book once; the books
hold their own faults. ``generate()`` also returns what was planted in each dossier, which
``tests/test_examples.py`` checks ``dossier-check check`` finds — and nothing else.
"""

from __future__ import annotations

import csv
import io
import json
import random
import sys
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]  # the native generator, and the exact portal writer

import make_exports as gen  # noqa: E402

from dossier_check import deadline  # noqa: E402
from portal_writer import to_portal  # noqa: E402

SEED = 20261208  # chosen so that the sample plants every fault and shows every quirk
COUNT = 64
FIRST_DAY = date(2026, 9, 1)
LAST_DAY = date(2026, 10, 30)
OUT = HERE / "exports" / "portal"
UNCLAIMED = HERE / "unclaimed"  # rows whose dossier the export does not hold: audited beside it, on purpose
AS_OF = gen.AS_OF

UNITS = (
    gen.Unit(
        "thanhbinh",
        "Trung tâm Phục vụ hành chính công xã Thanh Bình",
        "000.00.24.H20",
        "xã Thanh Bình",
        False,
        ("Ấp Tân Thạnh", "Ấp Tân Hòa", "Ấp Tân Bình", "Ấp Tân Phú"),
        ("Trương Thị Mỹ Linh", "Đỗ Văn Tài"),
        640,
    ),
    gen.Unit(
        "sadec",
        "Bộ phận Một cửa UBND phường Sa Đéc",
        "000.00.25.H20",
        "phường Sa Đéc",
        True,
        ("đường Nguyễn Sinh Sắc", "đường Hùng Vương", "đường Trần Hưng Đạo", "đường Lê Lợi"),
        ("Huỳnh Thị Bích Tuyền", "Nguyễn Hoàng Phong"),
        905,
    ),
)
NEW_SYSTEM, OLD_SYSTEM = UNITS
PROCEDURES = {k: v for k, v in gen.PROCEDURES.items() if k != "1.013225"}
SESSION = "9f1c2a7e-portal-session"

# Fault rates, per received dossier. What they plant is in brackets.
RATES = {
    "late_appointment": 0.07,  # [DC203] the appointment is later than the law allows
    "late_transfer": 0.08,  # [DC307] the desk kept the dossier a day or more
    "row_before_receipt": 0.03,  # [DC303] a processing step dated before the receipt
    "unmarked_late_row": 0.05,  # [DC305] a step after the appointment the system counted on time
    "code_date_mismatch": 0.03,  # [DC005]
    "local_procedure_code": 0.03,  # [DC002] the desk's own code instead of the national one
    "unreadable_date": 0.03,  # [DC001] 31 September
    "appraisal_supplement": 0.08,  # a supplement round that moved the appointment (no fault)
    "not_in_book": 0.04,  # [DC401]
    "book_blank_column": 0.05,  # [DC402]
    "book_wrong_date": 0.04,  # [DC403]
    "book_note": 0.05,  # a note row under the dossier's row (continuation, reported once per sheet)
    "rejected": 0.05,  # refused at the desk (TrangThaiHoSo 3)
    "not_received": 0.04,  # an online filing never received (TrangThaiHoSo 1: skipped)
}


def portal_time(value: str, unit: gen.Unit) -> str:
    """A ``yyyyMMddHHmmss`` time as this unit's system writes it."""
    if unit is NEW_SYSTEM or not value or "/" in value:
        return value
    return datetime.strptime(value, "%Y%m%d%H%M%S").strftime("%d/%m/%Y %H:%M:%S")


def stamp(t: datetime) -> str:
    return t.strftime("%Y%m%d%H%M%S")


def local(value: str) -> datetime:
    return datetime.fromisoformat(value[:19])


class Export:
    """The portal records, the progress rows and the book rows being written, with what was planted."""

    def __init__(self) -> None:
        self.records: dict[str, list[dict[str, Any]]] = {u.key: [] for u in UNITS}
        self.rows: list[dict[str, Any]] = []
        self.book: dict[str, list[list[Any]]] = {u.key: [] for u in UNITS}
        self.unclaimed_rows: list[dict[str, Any]] = []  # progress rows of a dossier never synced
        self.unclaimed_book: list[list[Any]] = []  # a book row of a dossier never synced
        self.planted: dict[str, set[str]] = {}
        self.tally: Counter[str] = Counter()

    def plant(self, code: str, *rules: str, what: str) -> None:
        self.planted.setdefault(code, set()).update(rules)
        self.tally[what] += 1


def files_of(d: dict[str, Any]) -> list[dict[str, Any]]:
    """Submitted files as the sender lists them: its own document codes, which no published list carries."""
    return [
        {
            "TepDinhKemId": f"{d['code'][-11:-5]}{i + 1:02d}",
            "TenTepDinhKem": f"{gen._ascii(row.get('name') or 'tep').replace(' ', '_')[:40]}.pdf",
            "MaThanhPhanHoSo": "",
            "DuongDanTaiTepTin": "",
            "IsDeleted": "False",
        }
        for i, row in enumerate(d.get("components") or [])
    ]


def to_sync(draw: gen.Draw, d: dict[str, Any], unit: gen.Unit, ex: Export) -> None:
    """One dossier into the export: its record, its progress rows, its book row; plants faults as drawn."""
    record, rows = to_portal(d)
    code = d["code"]
    record["TenTTHC"] = gen.REQUEST[d["procedure_code"]]
    record["LoaiDoiTuong"] = "1"
    record["TrichYeuHoSo"] = f"{gen.REQUEST[d['procedure_code']]} - {d['applicant']['name']}"
    record["HinhThuc"] = "1" if d["channel"] == "postal" else "0"
    record["TaiLieuNop"] = []
    record["DanhSachLePhi"] = []
    record["DanhSachGiayToKetQua"] = []
    outcome = d["outcome"]
    if outcome == "accepted":
        record["TaiLieuNop"] = files_of(d)
    if unit is NEW_SYSTEM:
        record["NoiNopHoSo"] = "2"
        if draw.chance(0.25):
            record["DinhDanhCHS"] = [{"LoaiDinhDanh": "2", "SoDinhDanh": "000000001"}]  # no number at hand
        if outcome == "accepted":
            received = record["NgayTiepNhan"]
            synthesised = {"MaHoSo": code, "NguoiXuLy": "Cán bộ một cửa", "ChucDanh": "", "PhongBanXuLy": ""}
            start = {"ThoiDiemXuLy": received, "NoiDungXuLy": "Tiếp nhận hồ sơ", "TrangThai": "2"}
            rows.insert(0, {**synthesised, **start, "NgayKetThucTheoQuyDinh": ""})
            if record["NgayKetThucXuLy"]:
                end = {
                    "ThoiDiemXuLy": record["NgayKetThucXuLy"],
                    "NoiDungXuLy": "Kết thúc xử lý hồ sơ",
                    "TrangThai": "9",
                }
                end["NgayKetThucTheoQuyDinh"] = ""
                rows.append({**synthesised, **end})
    else:
        del record["KenhThucHien"]
        record["MaTTHC"] = float(record["MaTTHC"])
        record.pop("DinhDanhCHS")
        record["SoGiayToChuHoSo"] = d["applicant"]["id_number"]
    entry = dict(d["tracking_entry"]) if isinstance(d.get("tracking_entry"), dict) else None
    if outcome == "accepted":
        plant_faults(draw, d, record, rows, entry, unit, ex)
    for key in ("NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra", "NgayTuChoi"):
        record[key] = portal_time(record[key], unit)
    for r in record["DanhSachHoSoBoSung"]:
        for key in ("NgayBoSung", "NgayHenTraTruoc", "NgayHenTraMoi"):
            if key in r:
                r[key] = portal_time(r[key], unit)
    for row in rows:
        for key in ("ThoiDiemXuLy", "NgayKetThucTheoQuyDinh"):
            row[key] = portal_time(row[key], unit) if len(row[key]) == 14 else row[key]
    ex.records[unit.key].append(record)
    ex.rows.extend(rows)
    if entry is not None:
        book_row(draw, entry, unit, ex)


RECORD_FAULTS = (
    "late_appointment",
    "appraisal_supplement",
    "late_transfer",
    "row_before_receipt",
    "unmarked_late_row",
    "code_date_mismatch",
    "local_procedure_code",
    "unreadable_date",
)


def plant_faults(
    draw: gen.Draw,
    d: dict[str, Any],
    record: dict[str, Any],
    rows: list[dict[str, Any]],
    entry: dict[str, Any] | None,
    unit: gen.Unit,
    ex: Export,
) -> None:
    """At most one fault of the record (so that none hides another), drawn at the rates of ``RATES``."""
    roll, fault = draw.rng.random(), None
    for name in RECORD_FAULTS:
        roll -= RATES[name]
        if roll < 0:
            fault = name
            break
    code = d["code"]
    proc = d["procedure_code"]
    received = local(d["received_at"])
    appointment = local(d["appointment_slip"]["appointment_at"])
    real = [r for r in rows if r["NoiDungXuLy"] not in ("Tiếp nhận hồ sơ", "Kết thúc xử lý hồ sơ")]
    if fault == "late_appointment":
        later = gen.at(gen.add_working_days(appointment.date(), 3), 16, 0)
        record["NgayHenTra"] = stamp(later)
        if entry is not None:
            entry["appointment_at"] = gen.iso(later)
        channel_free = not (gen.version_2026(proc).procedure.channel_time_limits or {})
        if unit is NEW_SYSTEM or channel_free:
            ex.plant(code, "DC203", what="appointment beyond the time limit")
    elif fault == "appraisal_supplement" and appointment.date() > received.date() and len(real) > 1:
        moved = gen.at(gen.add_working_days(appointment.date(), 5), appointment.hour, appointment.minute)
        asked = gen.at(gen.add_working_days(received.date(), 1), 15, 0)
        record["DanhSachHoSoBoSung"] = [
            {
                "HoSoBoSungId": f"BS-{code[-11:]}",
                "NguoiYeuCauBoSung": real[0]["NguoiXuLy"],
                "NoiDungBoSung": "; ".join(gen.SUPPLEMENT_ITEMS[proc]),
                "NgayBoSung": stamp(asked),
                "NguoiTiepNhanBoSung": "",
                "ThongTinTiepNhan": "",
                "NgayTiepNhanBoSung": stamp(asked + timedelta(days=2)),
                "TrangThaiBoSung": True,
                "NgayHenTraTruoc": record["NgayHenTra"],
                "NgayHenTraMoi": stamp(moved),
            }
        ]
        record["NgayHenTra"] = stamp(moved)  # the system shows the moved date; the book keeps the first
        record["TrangThaiHoSo"] = "9" if unit is NEW_SYSTEM else "5"  # still waiting: the new system says 9
        record["NgayKetThucXuLy"] = record["NgayTra"] = ""
        rows[:] = [r for r in rows if r["NoiDungXuLy"] != "Kết thúc xử lý hồ sơ" and r is not real[-1]]
        if entry is not None:
            entry["returned_at"] = entry["return_method"] = None
        ex.tally[f"supplement round, appointment moved, status pushed as {record['TrangThaiHoSo']}"] += 1
    elif fault == "late_transfer" and d["channel"] in ("direct", "postal") and len(real) > 1:
        later = gen.at(gen.add_working_days(received.date(), 1), 14, 30)
        if local_of(real[1]["ThoiDiemXuLy"]) > later:
            real[0]["ThoiDiemXuLy"] = stamp(later)
            if unit is NEW_SYSTEM:
                ex.plant(code, "DC307", what="late transfer")
    elif fault == "row_before_receipt" and real:
        early = dict(
            real[0], ThoiDiemXuLy=stamp(received - timedelta(hours=20)), NoiDungXuLy="Thẩm định hồ sơ"
        )
        rows.append(early)
        ex.plant(code, "DC303", what="a step before the receipt")
    elif fault == "unmarked_late_row" and len(real) > 1:
        after = gen.at(gen.add_working_days(appointment.date(), 1), 9, 30)
        back = real[-1]
        back["ThoiDiemXuLy"] = stamp(after)
        back["NgayKetThucTheoQuyDinh"] = (after + timedelta(days=2)).strftime("%d/%m/%Y")
        returned = after + timedelta(hours=2)
        record["NgayKetThucXuLy"], record["NgayTra"] = stamp(after), stamp(returned)
        for r in rows:
            if r["NoiDungXuLy"] == "Kết thúc xử lý hồ sơ":
                r["ThoiDiemXuLy"] = stamp(after)
        if entry is not None:
            entry["returned_at"] = gen.iso(returned)
        ex.plant(code, "DC305", what="a late step not counted late")
    elif fault == "code_date_mismatch":
        wrong = f"{code[:14]}{received.date() - timedelta(days=1):%y%m%d}{code[20:]}"
        for r in (record, *rows):
            r["MaHoSo"] = wrong
        if entry is not None:
            entry["dossier_code"] = wrong
        ex.plant(wrong, "DC005", what="dossier code dated another day")
    elif fault == "local_procedure_code":
        record["MaTTHC"] = f"DTP-{proc[2:5]}"
        ex.plant(code, "DC002", what="the desk's own procedure code")
    elif fault == "unreadable_date":
        record["NgayHenTra"] = f"31/09/2026 {appointment:%H:%M:%S}"
        ex.plant(code, "DC001", what="an unreadable date")


def local_of(value: str) -> datetime:
    return datetime.strptime(value, "%Y%m%d%H%M%S") if len(value) == 14 else datetime.min


def book_row(draw: gen.Draw, entry: dict[str, Any], unit: gen.Unit, ex: Export) -> None:
    code = entry["dossier_code"]
    if draw.chance(RATES["not_in_book"]):
        ex.plant(code, "DC401", what="not entered in the book")
        return
    if draw.chance(RATES["book_blank_column"]):
        entry[draw.pick(("lead_agency", "address_phone"))] = None
        ex.plant(code, "DC402", what="a blank column in the book")
    elif draw.chance(RATES["book_wrong_date"]):
        entry["received_at"] = gen.iso(local(entry["received_at"]) + timedelta(days=1))
        ex.plant(code, "DC403", what="the book's receipt date differs")
    ex.book[unit.key].append(book_cells(entry, unit))
    if draw.chance(RATES["book_note"]):
        note = (
            "Ghi chú: người nộp đề nghị nhận kết quả qua bưu điện"
            if draw.chance(0.5)
            else "(ghi tiếp dòng trên)"
        )
        ex.book[unit.key].append([None, None, note] + [None] * 8)
        ex.tally["a note row in the book"] += 1


_METHOD_TEXT = {"direct": "Trực tiếp", "postal": "Bưu chính công ích", "online": "Trực tuyến"}


def book_cells(entry: dict[str, Any], unit: gen.Unit) -> list[Any]:
    """The eleven columns; dates as date cells in the workbook, as dd/MM/yyyy text in the CSV file."""

    def when(value: str | None, with_time: bool) -> Any:
        if not value:
            return None
        t = local(value)
        if unit is NEW_SYSTEM:
            return t if with_time else datetime.combine(t.date(), time())
        return t.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")

    returned = entry.get("returned_at")
    return [
        entry["entry_no"],
        entry["dossier_code"],
        entry["procedure_name"],
        entry["applicant_name"],
        entry["address_phone"],
        entry["lead_agency"],
        when(entry["received_at"], True),
        when(entry["appointment_at"], True),
        when(returned, False),
        _METHOD_TEXT.get(entry.get("return_method") or ""),
        entry["applicant_name"] if returned and entry.get("return_method") == "direct" else None,
    ]


def generate() -> tuple[Export, list[str]]:
    """The export, and the dossier codes that are in it (every sync record's MaHoSo)."""
    draw = gen.Draw(random.Random(SEED))
    counters = gen.Counters()
    days = gen.working_days(FIRST_DAY, LAST_DAY)
    plan = sorted(
        (
            (draw.pick(days), draw.pick(UNITS), draw.weighted({k: w for k, (w, _c) in PROCEDURES.items()}))
            for _ in range(COUNT)
        ),
        key=lambda p: (p[0], p[1].key),
    )
    ex = Export()
    codes: list[str] = []
    for day, unit, proc in plan:
        channel = draw.weighted(PROCEDURES[proc][1])
        d = gen.build(draw, counters, unit, proc, channel, day)
        if unit is NEW_SYSTEM and channel == "online" and draw.chance(RATES["not_received"] * 4):
            record, _ = to_portal(d)
            record.update(TrangThaiHoSo="1", NgayHenTra="", NgayKetThucXuLy="", NgayTra="", TaiLieuNop=[])
            record.update(NgayNopHoSo=record["NgayTiepNhan"], NgayTiepNhan="")
            ex.records[unit.key].append(record)
            ex.tally["filed online, not yet received (skipped)"] += 1
            codes.append(record["MaHoSo"])
            continue
        if draw.chance(RATES["rejected"]):
            gen.not_accepted(draw, d, proc, unit, counters, "rejected")
            ex.tally["refused at the desk"] += 1
        to_sync(draw, d, unit, ex)
        codes.append(ex.records[unit.key][-1]["MaHoSo"])
    # A dossier the old system never pushed: its progress rows arrived, its record did not.
    lost = gen.build(draw, counters, OLD_SYSTEM, "2.000815", "direct", LAST_DAY)
    for row in to_portal(lost)[1]:
        ex.unclaimed_rows.append({**row, "ThoiDiemXuLy": portal_time(row["ThoiDiemXuLy"], OLD_SYSTEM)})
    ex.tally["progress rows of a dossier not in the export"] += 1
    # A dossier entered in the new unit's book that its system never synced.
    stray = gen.build(draw, counters, NEW_SYSTEM, "2.000815", "direct", LAST_DAY)
    ex.unclaimed_book.append(book_cells(stray["tracking_entry"], NEW_SYSTEM))
    ex.tally["a book row not in the export"] += 1
    return ex, codes


def assert_plausible(ex: Export) -> None:
    """Every clean appointment is what the law allows (the generator's own computation, checked again)."""
    for records in ex.records.values():
        for r in records:
            if r["TrangThaiHoSo"] in ("1", "3") or r["MaHoSo"] in ex.planted:
                continue
            if isinstance(r["MaTTHC"], str) and r.get("KenhThucHien") and r["DanhSachHoSoBoSung"] == []:
                received = datetime.strptime(r["NgayTiepNhan"], "%Y%m%d%H%M%S")
                due = deadline(
                    r["MaTTHC"],
                    received.isoformat(),
                    channel={"1": "direct", "2": "online", "3": "postal"}[r["KenhThucHien"]],
                )
                assert datetime.strptime(r["NgayHenTra"], "%Y%m%d%H%M%S").date() <= due.due_date, r["MaHoSo"]


# --- the files ------------------------------------------------------------------------------------

TITLE = {
    "thanhbinh": ["UBND XÃ THANH BÌNH", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "Số: 01/STD-TTPVHCC"],
    "sadec": ["UBND PHƯỜNG SA ĐÉC", "BỘ PHẬN MỘT CỬA", "Số: 01/STD-BPMC"],
}
HEADER = [
    "STT",
    "Mã hồ sơ",
    "Tên TTHC",
    "Tên tổ chức, cá nhân",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Ngày, tháng, năm",
    None,
    None,
    "Phương thức nhận kết quả",
    "Ký nhận",
]
SUBHEADER = [None] * 6 + ["Nhận hồ sơ", "Hẹn trả kết quả", "Trả kết quả", None, None]


def book_sheet(unit: gen.Unit, rows: list[list[Any]]) -> list[list[Any]]:
    head = [[t] for t in TITLE[unit.key]] + [["SỔ THEO DÕI HỒ SƠ"], [f"Năm 2026 - {unit.name}"], []]
    return [*head, HEADER, SUBHEADER, [f"({n})" for n in range(1, 12)], *rows]


def workbook(unit: gen.Unit, rows: list[list[Any]]) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sổ theo dõi hồ sơ"
    sheet = book_sheet(unit, rows)
    for values in sheet:
        ws.append(values)
    header = next(i for i, r in enumerate(sheet, start=1) if r and r[0] == "STT")
    ws.merge_cells(start_row=header, start_column=7, end_row=header, end_column=9)
    for column in (1, 2, 3, 4, 5, 6, 10, 11):
        ws.merge_cells(start_row=header, start_column=column, end_row=header + 1, end_column=column)
    for row in ws.iter_rows(min_row=header + 3, min_col=7, max_col=9):
        for cell in row:
            cell.number_format = "dd/mm/yyyy" if cell.column == 9 else "dd/mm/yyyy hh:mm"
    return wb


def csv_bytes(unit: gen.Unit, rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(
        [["" if v is None else v for v in r] for r in book_sheet(unit, rows)]
    )
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def _lines(values: list[Any]) -> bytes:
    return "".join(json.dumps(v, ensure_ascii=False, separators=(",", ":")) + "\n" for v in values).encode(
        "utf-8"
    )


def render(ex: Export) -> dict[str, bytes | openpyxl.Workbook]:
    """Every output file by name: JSON Lines and CSV as bytes, the workbook as a workbook."""
    bodies = []
    for unit in UNITS:
        records = ex.records[unit.key]
        for start in range(0, len(records), 10):
            body: dict[str, Any] = {"session": SESSION, "madonvi": unit.agency, "service": "DongBoHoSoMC"}
            body.update(isUpdating="False", data=records[start : start + 10])
            bodies.append(body)
    progress = [
        {
            "session": SESSION,
            "madonvi": "000.00.00.H20",
            "service": "CapNhatTienDoHoSoMC",
            "data": ex.rows[i : i + 10],
        }
        for i in range(0, len(ex.rows), 10)  # the sending system pushes rows ten at a time
    ]
    return {
        "dongbo-ho-so.jsonl": _lines(bodies),
        "tien-do-xu-ly.jsonl": _lines(progress),
        "so-theo-doi-thanh-binh.xlsx": workbook(NEW_SYSTEM, ex.book[NEW_SYSTEM.key]),
        "so-theo-doi-sa-dec.csv": csv_bytes(OLD_SYSTEM, ex.book[OLD_SYSTEM.key]),
    }


def render_unclaimed(ex: Export) -> dict[str, bytes | openpyxl.Workbook]:
    """The files of ``examples/unclaimed/``: rows that arrived for dossiers the export does not hold."""
    body = {"session": SESSION, "madonvi": "000.00.00.H20", "service": "CapNhatTienDoHoSoMC"}
    return {
        "tien-do-xu-ly-ngoai-ban-xuat.jsonl": _lines([{**body, "data": ex.unclaimed_rows}]),
        "so-theo-doi-thanh-binh-ngoai-ban-xuat.xlsx": workbook(NEW_SYSTEM, ex.unclaimed_book),
    }


def main() -> None:
    ex, codes = generate()
    assert_plausible(ex)
    for folder, files in ((OUT, render(ex)), (UNCLAIMED, render_unclaimed(ex))):
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            if isinstance(content, bytes):
                (folder / name).write_bytes(content)
            else:
                content.save(folder / name)
    print(f"{len(codes)} dossiers, {len(ex.rows)} progress rows written to {OUT}")
    for name, n in sorted(ex.tally.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:4d}  {name}")


if __name__ == "__main__":
    main()
