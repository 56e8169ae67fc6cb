"""The national-portal sync reader (``dvcqg``): shapes, dates, code lists, the mapping, the quirks of real
senders, and the progress rows joined by ``MaHoSo``.

Each test writes portal records as a sender would and reads them through the same path ``dossier-check
check`` takes (:func:`dossier_check.sources.run.read_run`); assertions are on rule codes, paths and the
not-evaluable lists, not on prose.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from dossier_check import Checker, Report
from dossier_check.catalog import Catalog, load_catalog, load_procedure_file
from dossier_check.reasons import reason_text
from dossier_check.render.records import build_record
from dossier_check.sources import InputRecord
from dossier_check.sources.dvcqg import (
    _NEVER,
    ProgressIndex,
    ProgressRow,
    portal_shape,
)
from dossier_check.sources.run import read_run

AS_OF = "2026-11-27T12:00:00+07:00"
CODE = "000.00.20.H20-261020-0007"
UNIT = "Bộ phận Một cửa UBND phường An Lộc"

RECORD: dict[str, Any] = {
    "MaHoSo": CODE,
    "MaTTHC": "1.004222",
    "TenTTHC": "Đăng ký thường trú",
    "ChuHoSo": "Trần Văn Bình",
    "LoaiDoiTuong": "1",
    "Email": "",
    "SoDienThoai": "0912345678",
    "TrichYeuHoSo": "Đăng ký thường trú cho Trần Văn Bình",
    "NgayTiepNhan": "20261020091000",
    "NgayHenTra": "20261029140000",
    "TrangThaiHoSo": "10",
    "NgayTra": "20261029090000",
    "HinhThuc": "0",
    "NgayKetThucXuLy": "20261028100000",
    "DonViXuLy": UNIT,
    "KenhThucHien": "1",
    "DinhDanhCHS": [{"LoaiDinhDanh": "1", "SoDinhDanh": "087090001234"}],
    "TaiLieuNop": [],
    "DanhSachHoSoBoSung": [],
}


def step(
    at: str, who: str = "Lê Văn Cường", what: str = "Chuyển hồ sơ", status: str = "4", **more: Any
) -> dict[str, Any]:
    return {
        "MaHoSo": CODE,
        "NguoiXuLy": who,
        "ThoiDiemXuLy": at,
        "NoiDungXuLy": what,
        "TrangThai": status,
        **more,
    }


ROWS = [
    step("20261020140000", who="Nguyễn Thị Mai", NgayKetThucTheoQuyDinh="20261020170000"),
    step("20261028100000", NgayKetThucTheoQuyDinh="20261028170000"),
]


def record(**changes: Any) -> dict[str, Any]:
    r = copy.deepcopy(RECORD)
    for key, value in changes.items():
        if value is None:
            r.pop(key, None)
        else:
            r[key] = value
    return r


def write(tmp: Path, name: str, value: Any) -> Path:
    path = tmp / name
    if name.endswith(".jsonl"):
        path.write_text("".join(json.dumps(v, ensure_ascii=False) + "\n" for v in value), encoding="utf-8")
    else:
        path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


def read(paths: Iterable[Path], **kw: Any) -> list[InputRecord]:
    return read_run([str(p) for p in paths], catalog=kw.pop("catalog", load_catalog()), **kw)


def check(item: InputRecord, lang: str = "en", catalog: Catalog | None = None) -> Report:
    assert item.error is None, item.error
    return Checker(catalog, as_of=AS_OF, lang=lang).check_object(item.data, origin=item.origin)


def one(tmp: Path, rec: dict[str, Any], rows: list[dict[str, Any]] | None = None) -> InputRecord:
    paths = [write(tmp, "hoso.json", rec)]
    if rows is not None:
        paths.append(write(tmp, "tiendo.json", rows))
    [item] = read(paths)
    return item


def found(report: Report) -> list[tuple[str, str]]:
    return [(v.code, v.path) for v in report.violations]


# --- shapes and detection -----------------------------------------------------------------------------


def test_shapes_are_recognised_by_content() -> None:
    assert portal_shape(RECORD) == "record"
    assert portal_shape(ROWS[0]) == "progress"
    assert portal_shape({"service": "DongBoHoSoMC", "data": []}) == "records"
    assert portal_shape({"service": "CapNhatTienDoHoSoMC", "data": []}) == "progress_rows"
    assert (
        portal_shape({"code": CODE, "procedure_code": "1.004222", "MaHoSo": CODE}) is None
    )  # native + extra
    assert portal_shape(json.loads(Path("tests/data/spec-dossier.json").read_text(encoding="utf-8"))) is None


@pytest.mark.parametrize(
    ("name", "value", "sources"),
    [
        ("a.json", RECORD, ["a.json"]),
        ("a.json", [RECORD, record(MaHoSo=CODE[:-1] + "8")], ["a.json#0", "a.json#1"]),
        (
            "a.json",
            {
                "session": "x",
                "madonvi": "000.00.20.H20",
                "service": "DongBoHoSoMC",
                "isUpdating": "False",
                "data": [RECORD],
            },
            ["a.json#/data/0"],
        ),
        ("a.json", {"service": "DongBoHoSoMC", "data": [RECORD]}, ["a.json#/data/0"]),
        ("a.jsonl", [RECORD, record(MaHoSo=CODE[:-1] + "8")], ["a.jsonl:1", "a.jsonl:2"]),
        ("a.jsonl", [[RECORD]], ["a.jsonl:1#0"]),
        ("a.jsonl", [{"service": "DongBoHoSoMC", "data": [RECORD]}], ["a.jsonl:1#/data/0"]),
    ],
)
def test_every_record_shape_is_read(tmp_path: Path, name: str, value: Any, sources: list[str]) -> None:
    items = read([write(tmp_path, name, value)])
    assert [i.source.replace(str(tmp_path) + "/", "") for i in items] == sources
    assert all(i.format == "dvcqg" and i.origin is not None for i in items)


@pytest.mark.parametrize(
    "rows",
    [
        ROWS[0],
        ROWS,
        {"service": "CapNhatTienDoHoSoMC", "data": ROWS},
        {"session": "x", "madonvi": "000.00.20.H20", "service": "CapNhatTienDoHoSoMC", "data": ROWS},
    ],
)
def test_every_progress_shape_joins(tmp_path: Path, rows: Any) -> None:
    items = read([write(tmp_path, "tiendo.json", rows), write(tmp_path, "hoso.json", RECORD)])
    [item] = items
    handovers = item.data["control_slip"]["handovers"]
    assert len(handovers) == (1 if isinstance(rows, dict) and "service" not in rows else 2)
    assert "DC303" not in item.origin.not_evaluable  # type: ignore[union-attr]


def test_progress_rows_as_json_lines(tmp_path: Path) -> None:
    items = read([write(tmp_path, "hoso.jsonl", [RECORD]), write(tmp_path, "tiendo.jsonl", ROWS)])
    assert [len(i.data["control_slip"]["handovers"]) for i in items] == [2]


def test_native_records_stay_native_and_the_choice_can_be_forced(tmp_path: Path) -> None:
    native = json.loads(Path("tests/data/spec-dossier.json").read_text(encoding="utf-8"))
    [item] = read([write(tmp_path, "n.json", native)])
    assert item.format == "native" and item.origin is None and item.data == native
    [forced] = read([write(tmp_path, "n.json", native)], input_format="dvcqg")
    report = check(forced)
    assert forced.format == "dvcqg"
    assert {p for c, p in found(report) if c == "DC001"} >= {"/MaHoSo", "/MaTTHC", "/NgayTiepNhan"}
    [as_native] = read([write(tmp_path, "p.json", RECORD)], input_format="native")
    assert as_native.format == "native" and "DC001" in check(as_native).codes


def test_bodies_and_elements_that_are_not_records(tmp_path: Path) -> None:
    items = read(
        [
            write(tmp_path, "a.json", {"service": "DongBoHoSoMC", "data": "x"}),
            write(tmp_path, "b.json", {"service": "DongBoHoSoMC", "data": [RECORD, 7]}),
            write(tmp_path, "c.json", {"service": "LayThuTuc", "data": []}),
            write(tmp_path, "d.json", [{"MaHoSo": " ", "ThoiDiemXuLy": "20261020091000"}]),
        ],
        input_format="dvcqg",
    )
    errors = [
        (i.source.replace(f"{tmp_path}/", ""), i.error.render("en")) for i in items if i.error is not None
    ]  # type: ignore[union-attr]
    assert errors == [
        ("a.json", "the DongBoHoSoMC request body has no data array"),
        ("b.json#/data/1", "not a sync record: a JSON number, not an object"),
        (
            "c.json",
            "a request body of service “LayThuTuc” is neither a dossier sync (DongBoHoSoMC) nor a progress "
            "update (CapNhatTienDoHoSoMC)",
        ),
        ("d.json#0", "a progress row without a dossier code (MaHoSo) belongs to no dossier"),
    ]
    assert len(items) == 5  # the good record of b.json is read too


# --- dates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "mapped"),
    [
        ("20261029140000", "2026-10-29T14:00:00"),
        (20261029140000, "2026-10-29T14:00:00"),
        ("29/10/2026 14:00:00", "2026-10-29T14:00:00"),
        ("29/10/2026", "2026-10-29"),
        ("2026-10-29T14:00:00+07:00", "2026-10-29T14:00:00+07:00"),
        ("2026-10-29T07:00:00Z", "2026-10-29T07:00:00Z"),
    ],
)
def test_both_date_families_are_read(tmp_path: Path, value: Any, mapped: str) -> None:
    item = one(tmp_path, record(NgayHenTra=value))
    assert item.data["appointment_slip"]["appointment_at"] == mapped
    assert "DC001" not in check(item).codes


@pytest.mark.parametrize("value", ["", "   ", None])
def test_an_empty_date_is_missing(tmp_path: Path, value: Any) -> None:
    item = one(tmp_path, record(NgayHenTra=value if value is not None else None))
    assert "appointment_slip" not in item.data
    report = check(item)
    assert "DC001" not in report.codes
    assert report.not_evaluable["DC203"] == "dvcqg-no-appointment"


@pytest.mark.parametrize("value", ["31/02/2026", "2026/10/29", "20261329140000", "hôm qua", True, 12.5])
def test_an_unreadable_date_is_dc001_at_its_field(tmp_path: Path, value: Any) -> None:
    report = check(one(tmp_path, record(NgayHenTra=value)))
    assert [(v.path, v.params["problem"]) for v in report.violations if v.code == "DC001"] == [
        ("/NgayHenTra", "date")
    ]
    dc001 = next(v for v in report.violations if v.code == "DC001")
    assert "/NgayHenTra" in dc001.message and "yyyyMMddHHmmss" in dc001.message


def test_a_receipt_needs_a_time_of_day(tmp_path: Path) -> None:
    report = check(one(tmp_path, record(NgayTiepNhan="20/10/2026")))
    assert [(v.code, v.path) for v in report.violations if v.code == "DC001"] == [("DC001", "/NgayTiepNhan")]


def test_required_fields_of_a_portal_record(tmp_path: Path) -> None:
    report = check(one(tmp_path, record(MaHoSo="", MaTTHC="", NgayTiepNhan=None)))
    assert sorted(p for c, p in found(report) if c == "DC001") == ["/MaHoSo", "/MaTTHC", "/NgayTiepNhan"]


def test_codes_as_numbers(tmp_path: Path) -> None:
    item = one(tmp_path, record(MaTTHC=1.00419, KenhThucHien=2, TrangThaiHoSo=9))
    assert item.data["procedure_code"] == "1.004190"
    assert item.data["channel"] == "online" and item.data["outcome"] == "accepted"
    assert one(tmp_path, record(MaTTHC=1.004222)).data["procedure_code"] == "1.004222"


# --- code lists -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", range(1, 11))
def test_every_status_code(tmp_path: Path, status: int) -> None:
    item = one(tmp_path, record(TrangThaiHoSo=str(status)))
    if status == 1:
        assert item.skipped and item.dossier_code == CODE
        record_, _ = build_record(Checker(as_of=AS_OF), item)
        assert record_["status"] == "skipped" and record_["format"] == "dvcqg"
        assert "TrangThaiHoSo 1" in record_["error"]
        return
    assert item.data["outcome"] == ("rejected" if status == 3 else "accepted")


@pytest.mark.parametrize("status", ["0", "11", "x", 4.5])
def test_a_status_outside_the_list_is_dc001(tmp_path: Path, status: Any) -> None:
    report = check(one(tmp_path, record(TrangThaiHoSo=status)))
    assert ("DC001", "/TrangThaiHoSo") in found(report)


def test_a_refusal_date_makes_a_rejection_whatever_the_status(tmp_path: Path) -> None:
    item = one(tmp_path, record(TrangThaiHoSo="9", NgayTuChoi="20261020100000"))
    assert item.data["outcome"] == "rejected"
    assert item.data["rejection"] == {"issued_at": "2026-10-20T10:00:00"}
    report = check(item)
    assert report.not_evaluable["DC504"] == "dvcqg-rejection"
    assert "DC301" not in report.codes


def test_no_status_means_the_outcome_is_unknown(tmp_path: Path) -> None:
    report = check(one(tmp_path, record(TrangThaiHoSo=None)))
    assert "DC001" not in report.codes
    for code in ("DC101", "DC301"):
        assert report.not_evaluable[code] in ("dvcqg-no-status", "dvcqg-no-files")
    assert report.not_evaluable["DC401"] == "dvcqg-no-status"


@pytest.mark.parametrize(
    ("value", "channel"), [("1", "direct"), ("2", "online"), ("3", "postal"), (3, "postal")]
)
def test_every_channel_code(tmp_path: Path, value: Any, channel: str) -> None:
    item = one(tmp_path, record(KenhThucHien=value), ROWS)
    assert item.data["channel"] == channel
    assert not {"DC101", "DC307"} & {
        c for c, r in item.origin.not_evaluable.items() if r == "dvcqg-no-channel"
    }  # type: ignore[union-attr]


@pytest.mark.parametrize("hinh_thuc", ["0", "1", None])
def test_without_kenh_thuc_hien_the_channel_is_unknown_never_hinh_thuc(
    tmp_path: Path, hinh_thuc: Any
) -> None:
    item = one(tmp_path, record(KenhThucHien=None, HinhThuc=hinh_thuc), ROWS)
    assert "channel" not in item.data
    report = check(item)
    assert "DC001" not in report.codes
    for code in ("DC101", "DC102", "DC103", "DC307"):
        assert report.not_evaluable[code] == "dvcqg-no-channel"
    assert "DC203" not in report.not_evaluable  # 1.004222 has one time limit on every channel


def test_without_channel_a_limit_that_depends_on_it_is_not_evaluable(tmp_path: Path) -> None:
    rec = record(KenhThucHien=None, MaTTHC="1.013225", NgayHenTra="20261104140000")
    assert check(one(tmp_path, rec)).not_evaluable["DC203"] == "dvcqg-channel-limit"


def test_a_channel_outside_the_list_is_dc001(tmp_path: Path) -> None:
    report = check(one(tmp_path, record(KenhThucHien="4")))
    assert ("DC001", "/KenhThucHien") in found(report)


# --- the mapping, row by row ----------------------------------------------------------------------------


def test_the_mapped_dossier(tmp_path: Path) -> None:
    rounds = [
        {
            "NgayBoSung": "20261021100000",
            "NoiDungBoSung": "Bổ sung giấy tờ chứng minh chỗ ở",
            "NguoiYeuCauBoSung": "Lê Văn Cường",
            "NgayHenTraTruoc": "20261029140000",
            "NgayHenTraMoi": "20261103140000",
        }
    ]
    item = one(tmp_path, record(DanhSachHoSoBoSung=rounds, NgayHenTra="20261103140000"), ROWS)
    d = item.data
    assert d["code"] == CODE and d["procedure_code"] == "1.004222"
    assert d["received_at"] == "2026-10-20T09:10:00" and d["receiving_unit"] == UNIT
    assert d["channel"] == "direct" and d["outcome"] == "accepted"
    assert d["appointment_slip"] == {"appointment_at": "2026-10-29T14:00:00"}  # before the round moved it
    assert d["resolved_at"] == "2026-10-28T10:00:00" and d["returned_at"] == "2026-10-29T09:00:00"
    assert d["applicant"] == {
        "name": "Trần Văn Bình",
        "id_number": "087090001234",
        "phone": "0912345678",
        "email": None,
    }
    assert d["supplement_requests"] == [
        {
            "issued_at": "2026-10-21T10:00:00",
            "items": ["Bổ sung giấy tờ chứng minh chỗ ở"],
            "issued_by": "Lê Văn Cường",
        }
    ]
    assert "stage" not in d["supplement_requests"][0]
    assert d["control_slip"]["handovers"] == [
        {"handed_at": "2026-10-20T14:00:00", "giver": "Nguyễn Thị Mai", "status": "on_time"},
        {"handed_at": "2026-10-28T10:00:00", "giver": "Lê Văn Cường", "status": "on_time"},
    ]
    report = check(item)
    assert report.violations == ()
    assert set(report.not_evaluable) >= set(_NEVER) & {r.code for r in Checker().rules}


def test_findings_point_at_the_portal_fields(tmp_path: Path) -> None:
    rec = record(MaHoSo="000.00.20.H20-261019-0007", NgayHenTra="20261103140000")
    assert found(check(one(tmp_path, rec))) == [("DC005", "/MaHoSo"), ("DC203", "/NgayHenTra")]
    assert found(check(one(tmp_path, record(MaHoSo="HS-2026-7")))) == [("DC004", "/MaHoSo")]
    assert found(check(one(tmp_path, record(MaTTHC="1.999999")))) == [("DC002", "/MaTTHC")]
    rec = record(
        MaHoSo="000.00.20.H20-250610-0007",
        NgayTiepNhan="20250610091000",
        NgayHenTra="20250619140000",
        NgayKetThucXuLy="",
        NgayTra="",
    )
    assert found(check(one(tmp_path, rec))) == [("DC003", "/NgayTiepNhan")]
    report = check(one(tmp_path, record(NgayHenTra="20261103140000")), lang="vi")
    [dc203] = report.violations
    assert dc203.path == "/NgayHenTra"


def test_an_appointment_before_the_receipt_is_dc205_at_ngay_hen_tra(tmp_path: Path) -> None:
    # The record carries the appointment but not when the slip was issued: DC205 judges the one it has.
    report = check(one(tmp_path, record(NgayHenTra="20261019160000")))
    assert ("DC205", "/NgayHenTra") in found(report)
    assert "DC205" not in report.not_evaluable
    [dc205] = [v for v in report.violations if v.code == "DC205"]
    assert dc205.params["field"] == "appointment_at"
    clean = check(one(tmp_path, record()))
    assert "DC205" not in clean.codes and "DC205" not in clean.not_evaluable
    for code in ("DC201", "DC202", "DC204", "DC206"):  # the rest of the slip is still not carried
        assert clean.not_evaluable[code] == "dvcqg-slip"


def test_a_moved_appointment_without_the_original_is_not_judged(tmp_path: Path) -> None:
    rounds = [{"NgayBoSung": "20261021100000", "NoiDungBoSung": "Bổ sung", "NgayHenTraMoi": "20261103140000"}]
    report = check(one(tmp_path, record(DanhSachHoSoBoSung=rounds, NgayHenTra="20261103140000")))
    assert "DC203" not in report.codes and report.not_evaluable["DC203"] == "dvcqg-appointment-moved"


# --- quirks of real senders -----------------------------------------------------------------------------


@pytest.mark.parametrize("placeholder", ["000000001", " 000000001 "])
def test_placeholder_identity_numbers_are_missing(tmp_path: Path, placeholder: str) -> None:
    rec = record(DinhDanhCHS=[{"LoaiDinhDanh": "2", "SoDinhDanh": placeholder}], SoGiayToChuHoSo="000000001")
    assert one(tmp_path, rec).data["applicant"]["id_number"] is None
    rec = record(
        DinhDanhCHS=[{"LoaiDinhDanh": "2", "SoDinhDanh": "000000001"}], SoGiayToChuHoSo="087090001234"
    )
    assert one(tmp_path, rec).data["applicant"]["id_number"] == "087090001234"


def test_synthesised_first_and_last_rows_are_not_hand_overs(tmp_path: Path) -> None:
    rows = [
        step("20261020091000", who="Cán bộ một cửa", what="Tiếp nhận hồ sơ", status="2"),
        step("20261021080000", NgayKetThucTheoQuyDinh="20261027170000"),  # late for DC307, if it were judged
        step("20261030100000", who="Cán bộ một cửa", what="Kết thúc xử lý hồ sơ", status="9"),
    ]
    item = one(tmp_path, record(NgayKetThucXuLy="20261030100000", NgayTra=""), rows)
    assert [h["handed_at"] for h in item.data["control_slip"]["handovers"]] == ["2026-10-21T08:00:00"]
    report = check(item)
    assert report.not_evaluable["DC307"] == "dvcqg-synthesised-reception"
    # The closing row is after the appointment and "on time" for no step: were it a hand-over, DC305 would warn.
    assert "DC305" not in report.codes and "DC307" not in report.codes


def test_a_real_first_row_at_another_time_is_judged(tmp_path: Path) -> None:
    rows = [step("20261021080000", what="Tiếp nhận hồ sơ")]  # the reception text, but not at NgayTiepNhan
    report = check(one(tmp_path, record(), rows))
    assert found(report) == [("DC307", "/control_slip/handovers/0/handed_at")]


def test_rows_before_receipt_and_placeholder_notes_are_left_out(tmp_path: Path) -> None:
    rows = [
        step("20261019200000", who="Trần Văn Bình", what="Nộp hồ sơ trực tuyến", status="1"),
        step("20261020140000", what="Hồ sơ không có ngày hẹn trả"),
        step("20261020150000", who="Chuyên viên"),
    ]
    item = one(tmp_path, record(), rows)
    assert item.data["control_slip"]["handovers"] == [{"handed_at": "2026-10-20T15:00:00"}]
    assert "DC303" not in check(item).codes


@pytest.mark.parametrize("rewritten", ["5", "6", "8"])
def test_statuses_rewritten_to_9_change_nothing(tmp_path: Path, rewritten: str) -> None:
    """Some senders push 5 (supplement), 6 (fee) and 8 (stopped) as 9: no verdict may depend on which."""
    late_rows = [
        step("20261020140000", NgayKetThucTheoQuyDinh="20261020170000"),
        step("20261104100000", NgayKetThucTheoQuyDinh="20261105170000"),
    ]
    for rec in (
        record(NgayKetThucXuLy="", NgayTra=""),  # "resolved" with no end: still open, past its appointment
        record(NgayKetThucXuLy="20261104100000", NgayTra=""),
        record(),
    ):
        for rows in (None, late_rows):
            a = check(one(tmp_path, {**rec, "TrangThaiHoSo": rewritten}, rows))
            b = check(one(tmp_path, {**rec, "TrangThaiHoSo": "9"}, rows))
            assert (a.violations, dict(a.not_evaluable)) == (b.violations, dict(b.not_evaluable))
            assert not {"DC301", "DC505", "DC509"} & set(a.codes)


def test_deleted_files_are_not_kept(tmp_path: Path) -> None:
    files = [{"TenTepDinhKem": "ct01.pdf", "MaThanhPhanHoSo": "G1", "IsDeleted": "True"}]
    report = check(one(tmp_path, record(TaiLieuNop=files)))
    assert report.not_evaluable["DC101"] == "dvcqg-no-files"


@pytest.mark.parametrize(
    "files", [None, [], [{"TenTepDinhKem": "a.pdf", "MaThanhPhanHoSo": "G1", "IsDeleted": "1"}]]
)
@pytest.mark.parametrize("procedure", ["1.888888", "1.004222@2020-01-01"])
def test_no_files_leave_the_component_rules_not_evaluable_whatever_the_procedure(
    tmp_path: Path, files: Any, procedure: str
) -> None:
    """DC101–DC103 are evaluable only when ``TaiLieuNop`` lists a file: a record that lists none leaves them
    not evaluable also when its procedure is unknown (DC002) or not in force at its receipt (DC003)."""
    code, _, received = procedure.partition("@")
    changes: dict[str, Any] = {"MaTTHC": code, "TaiLieuNop": files}
    if received:
        changes["NgayTiepNhan"] = received.replace("-", "") + "091000"
    report = check(one(tmp_path, record(**changes)))
    assert {"DC002", "DC003"} & set(report.codes)
    for rule in ("DC101", "DC102", "DC103"):
        assert report.not_evaluable[rule] == "dvcqg-no-files", (rule, dict(report.not_evaluable))
    # With a file listed, nothing is said of them: the procedure's own finding stands alone, as for a
    # native dossier of an unknown procedure.
    listed = [{"TenTepDinhKem": "a.pdf", "MaThanhPhanHoSo": "G1"}]
    report = check(one(tmp_path, record(**{**changes, "TaiLieuNop": listed})))
    assert not {"DC101", "DC102", "DC103"} & set(report.not_evaluable)


# --- progress rows --------------------------------------------------------------------------------------


def test_progress_rows_are_taken_in_time_order(tmp_path: Path) -> None:
    rows = [step("20261028100000", status="9"), step("20261020140000")]
    item = one(tmp_path, record(), rows)
    assert [h["handed_at"] for h in item.data["control_slip"]["handovers"]] == [
        "2026-10-20T14:00:00",
        "2026-10-28T10:00:00",
    ]
    assert "DC303" not in check(item).codes


def test_a_hand_over_before_receipt_is_dc303(tmp_path: Path) -> None:
    report = check(one(tmp_path, record(), [step("20261020080000"), step("20261020140000")]))
    assert found(report) == [("DC303", "/control_slip/handovers/0/handed_at")]


def test_the_first_hand_over_after_the_transfer_deadline_is_dc307(tmp_path: Path) -> None:
    report = check(one(tmp_path, record(), [step("20261021090000")]))
    assert found(report) == [("DC307", "/control_slip/handovers/0/handed_at")]
    online = check(one(tmp_path, record(KenhThucHien="2"), [step("20261021090000")]))
    assert online.codes == []


def test_status_is_derived_from_the_step_deadline_for_dc305(tmp_path: Path) -> None:
    rows = [step("20261020140000"), step("20261030100000", NgayKetThucTheoQuyDinh="20261030170000")]
    report = check(one(tmp_path, record(NgayKetThucXuLy="20261030100000", NgayTra="20261030150000"), rows))
    assert found(report) == [("DC305", "/control_slip/handovers/1/status")]
    rows[1]["NgayKetThucTheoQuyDinh"] = "20261029170000"  # marked late by its own deadline
    report = check(one(tmp_path, record(NgayKetThucXuLy="20261030100000", NgayTra="20261030150000"), rows))
    assert "DC305" not in report.codes


def test_without_progress_rows_the_control_slip_is_not_evaluable(tmp_path: Path) -> None:
    report = check(one(tmp_path, record()))
    for code in ("DC301", "DC303", "DC305", "DC307"):
        assert report.not_evaluable[code] == "dvcqg-no-progress"


def test_a_row_with_an_unreadable_time_breaks_the_hand_overs(tmp_path: Path) -> None:
    rows = [step("20261020140000"), step("hôm sau")]
    report = check(one(tmp_path, record(), rows))
    [dc001] = [v for v in report.violations if v.code == "DC001"]
    assert dc001.path == "/control_slip/handovers" and "tiendo.json#1" in dc001.params["expected"]


def test_rows_without_a_dossier_become_one_error_record_per_code(tmp_path: Path) -> None:
    other = "000.00.20.H20-261021-0003"
    rows = [
        step("20261020140000"),
        {**step("20261021140000"), "MaHoSo": other},
        {**step("20261022140000"), "MaHoSo": other},
    ]
    items = read([write(tmp_path, "tiendo.json", rows), write(tmp_path, "hoso.json", RECORD)])
    orphans = [i for i in items if i.error is not None]
    assert [(Path(i.source).name, i.dossier_code) for i in orphans] == [("tiendo.json#1", other)]
    checker = Checker(as_of=AS_OF, lang="vi")
    rec, _ = build_record(checker, orphans[0])
    assert rec["status"] == "error" and rec["dossier_code"] == other and rec["format"] == "dvcqg"
    assert rec["error"] == reason_text("dvcqg-orphan-progress", "vi", {"code": other, "rows": 2})
    assert "không có hồ sơ trong bản xuất" in rec["error"]
    assert "have no dossier in the export" in reason_text(
        "dvcqg-orphan-progress", "en", {"code": other, "rows": 2}
    )


def test_progress_index_api() -> None:
    a = ProgressIndex([ProgressRow("a#0", CODE, ROWS[0])])
    b = ProgressIndex([ProgressRow("b#0", CODE, ROWS[1]), ProgressRow("b#1", "X", ROWS[1])])
    a.merge(b)
    assert len(a) == 3 and a.codes() == [CODE, "X"] and CODE in a
    assert [r.source for r in a.rows_for(f" {CODE} ")] == ["a#0", "b#0"]
    assert [r.dossier_code for r in a.unmatched({CODE})] == ["X"]
    assert a.rows_for(None) == ()


# --- components, matched by portal code -----------------------------------------------------------------

PROCEDURE = {
    "code": "9.000001",
    "name": "Thủ tục thử nghiệm",
    "valid_from": "2025-01-01",
    "time_limit": {"amount": 5, "unit": "working_days"},
    "components": [
        {"code": "TP1", "name": "Tờ khai", "portal_code": "G1"},
        {
            "code": "TP2",
            "name": "Giấy tờ chứng minh",
            "portal_code": "G2",
            "required": {"unless_fact": "in_database"},
        },
        {"code": "TP3", "name": "Bản vẽ", "portal_code": "G3", "required": False, "channels": ["online"]},
        {"code": "XT1", "name": "Giấy tờ tùy thân", "portal_code": "G4", "kind": "show"},
        {"code": "TP4", "name": "Ảnh", "required": False},
    ],
}
TEST_CATALOG = Catalog([*load_catalog(), load_procedure_file("<test>/9.000001.json", json.dumps(PROCEDURE))])


def components_report(tmp_path: Path, codes: list[str], papers: list[str] = ()) -> Report:  # type: ignore[assignment]
    files = [{"TenTepDinhKem": f"{c}.pdf", "MaThanhPhanHoSo": c, "IsDeleted": "False"} for c in codes]
    rec = record(
        MaTTHC="9.000001",
        NgayHenTra="20261027140000",
        TaiLieuNop=files,
        DanhSachTepDinhKemKhac=[{"TenGiayTo": p, "SoLuong": 1} for p in papers],
    )
    [item] = read([write(tmp_path, "hoso.json", rec)], catalog=TEST_CATALOG)
    return check(item, catalog=TEST_CATALOG)


def test_files_matched_by_portal_code_are_judged(tmp_path: Path) -> None:
    assert components_report(tmp_path, ["G1", "G2", "G1"]).codes == []
    assert found(components_report(tmp_path, ["G2"])) == [("DC101", "/TaiLieuNop")]
    assert found(components_report(tmp_path, ["G1", "G2", "G4"])) == [("DC103", "/TaiLieuNop/2")]
    assert found(components_report(tmp_path, ["G1", "G2", "G3"])) == [("DC102", "/TaiLieuNop/2")]
    assert components_report(tmp_path, ["G1", "G2"], ["Ảnh"]).codes == []


@pytest.mark.parametrize(
    ("codes", "papers", "reason"),
    [
        ([], [], "dvcqg-no-files"),
        (["G1", "G9"], [], "dvcqg-unmatched-files"),
        (["G1", ""], [], "dvcqg-unmatched-files"),
        (["G1", "G2"], ["Sổ hộ khẩu"], "dvcqg-unmatched-files"),
    ],
)
def test_files_that_cannot_be_matched_make_the_component_rules_not_evaluable(
    tmp_path: Path, codes: list[str], papers: list[str], reason: str
) -> None:
    report = components_report(tmp_path, codes, papers)
    assert {c: report.not_evaluable[c] for c in ("DC101", "DC102", "DC103")} == dict.fromkeys(
        ("DC101", "DC102", "DC103"), reason
    )


def test_a_missing_component_that_depends_on_facts_is_not_judged(tmp_path: Path) -> None:
    report = components_report(tmp_path, ["G1"])  # TP2 is required unless a fact the record does not carry
    assert report.not_evaluable["DC101"] == "dvcqg-facts" and "DC102" not in report.not_evaluable
