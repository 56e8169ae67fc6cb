"""Write the example export in ``examples/exports/``: one-stop-desk dossiers of March–October 2026.

Run ``python examples/make_exports.py`` from the repository root (with the package installed). The
output is reproducible byte for byte: a seeded ``random.Random`` draws everything, and every date is
computed with the library's own calendar and deadline functions, so a clean dossier's appointment is
exactly what the law allows.

What it writes (see ``examples/exports/README.md``):

- ``examples/exports/one-stop-2026.jsonl``: the dossiers of the units on the provincial information
  system (``JSONL_UNITS``), one per line, in order of receipt;
- ``examples/exports/json/``: the other units' dossiers, one JSON file each, except xã Tháp Mười's
  October dossiers, written as one JSON array (``thapmuoi-2026-10.json``), as some desk systems export a
  month at a time. Each dossier is in exactly one of the two forms.

Most dossiers are clean. The rest carry the faults inspections find, at rates set in ``RATES``.
"""

from __future__ import annotations

import json
import random
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import dossier_check
from dossier_check import load_catalog
from dossier_check.deadlines import effective_receipt, transfer_deadline
from dossier_check.workdays import WorkCalendar

SEED = 20261166  # chosen so that the sample shows every rule that can occur in 2026
COUNT = 288
FIRST_DAY = date(2026, 3, 2)
LAST_DAY = date(2026, 10, 30)
AS_OF = datetime(2026, 11, 27, 12, 0)  # the audit time the README uses for the open dossiers
OUT = Path(__file__).resolve().parent / "exports"
CAL = WorkCalendar.builtin()
CATALOG = load_catalog()
EXPORT_SYSTEM = "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Đồng Tháp"

# Fault rates. Per accepted dossier unless the comment says otherwise.
RATES: dict[str, float] = {
    "supplement_requested": 0.08,  # of all dossiers: sent back at intake (Mẫu 02)
    "rejected": 0.04,  # of all dossiers: refused (Mẫu 03)
    "excess_component": 0.10,  # DC102: nhận thừa thành phần hồ sơ
    "show_document_kept": 0.015,  # DC103
    "stricter_form": 0.015,  # DC104
    "excess_quantity": 0.01,  # DC105
    "excess_sets": 0.15,  # DC106, of construction permits (the drawings demanded twice)
    "missing_component": 0.01,  # DC101
    "no_appointment_slip": 0.05,  # DC201
    "slip_incomplete": 0.02,  # DC202
    "appointment_too_late": 0.02,  # DC203
    "slip_mismatch": 0.01,  # DC204
    "slip_backdated": 0.004,  # DC205
    "slip_not_sent": 0.12,  # DC206, of online dossiers
    "no_control_slip": 0.02,  # DC301
    "control_slip_incomplete": 0.025,  # DC302
    "control_slip_out_of_order": 0.008,  # DC303
    "control_slip_broken_chain": 0.012,  # DC304
    "control_slip_mismatch": 0.008,  # DC306
    "late_transfer": 0.08,  # DC307, of direct and postal dossiers with a multi-day limit
    "no_tracking_entry": 0.01,  # DC401
    "tracking_incomplete": 0.02,  # DC402
    "tracking_mismatch": 0.01,  # DC403
    "intake_supplement": 0.05,  # a Mẫu 02 before the complete dossier was accepted
    "repeated_of_intake": 0.35,  # DC501, of those
    "appraisal_supplement": 0.08,  # of accepted dossiers with a limit of 3 days or more
    "late_appraisal_of": 0.35,  # DC503, of those
    "incomplete_request_of": 0.2,  # DC502, of dossiers sent back for supplements
    "rejection_without_reason_of": 0.2,  # DC504, of refused dossiers
    "late_result": 0.05,  # the result came after the appointment
    "apology_of_late": 0.45,  # of late results: an apology with a new date (else DC505)
    "unmarked_late_row_of": 0.4,  # DC305: the late hand-back row marked on time
    "stuck_open": 0.06,  # of October dossiers: still open at the audit time and overdue (DC505, open)
    "stopped": 0.005,  # stopped at the applicant's request (Mẫu 05)
    "malformed_code": 0.005,  # DC004
    "code_date_mismatch": 0.01,  # DC005
    "form_code_mismatch": 0.01,  # DC006
    "local_procedure_code": 0.005,  # DC002
    "format_error": 0.007,  # DC001
}


@dataclass(frozen=True)
class Unit:
    key: str
    name: str
    agency: str
    place: str
    ward: bool
    streets: tuple[str, ...]
    desk: tuple[str, ...]
    book_start: int  # the tracking book's running number on 1 March 2026 (it restarts each year)


UNITS = (
    Unit(
        "anloc",
        "Bộ phận Một cửa UBND phường An Lộc",
        "000.00.20.H20",
        "phường An Lộc",
        True,
        ("Khóm An Thạnh A", "Khóm An Thạnh B", "Khóm An Lợi", "Khóm An Hòa", "Khóm An Thịnh"),
        ("Nguyễn Thị Mai", "Đặng Thị Kim Ngân"),
        388,
    ),
    Unit(
        "caolanh",
        "Trung tâm Phục vụ hành chính công phường Cao Lãnh",
        "000.00.21.H20",
        "phường Cao Lãnh",
        True,
        (
            "đường Nguyễn Huệ",
            "đường Lý Thường Kiệt",
            "đường Tôn Đức Thắng",
            "đường 30 Tháng 4",
            "đường Phạm Hữu Lầu",
        ),
        ("Trần Thị Ngọc Hân", "Huỳnh Văn Phúc", "Lê Thị Thu Trang"),
        1152,
    ),
    Unit(
        "thapmuoi",
        "Trung tâm Phục vụ hành chính công xã Tháp Mười",
        "000.00.22.H20",
        "xã Tháp Mười",
        False,
        ("Ấp Mỹ Phú", "Ấp Mỹ Đông", "Ấp Mỹ Thuận", "Ấp Mỹ Hòa", "Ấp Mỹ Tây"),
        ("Lâm Thị Thanh Trúc", "Phan Văn Hậu"),
        415,
    ),
    Unit(
        "mytho",
        "Trung tâm Phục vụ hành chính công phường Mỹ Tho",
        "000.00.23.H20",
        "phường Mỹ Tho",
        True,
        ("đường Ấp Bắc", "đường Hùng Vương", "đường Lê Lợi", "đường Trưng Trắc", "đường Nam Kỳ Khởi Nghĩa"),
        ("Phạm Thị Hồng Loan", "Ngô Minh Trí", "Châu Thị Bảo Ngọc"),
        1307,
    ),
    Unit(
        "tinh",
        "Trung tâm Phục vụ hành chính công tỉnh Đồng Tháp",
        "000.00.12.H20",
        "phường Mỹ Tho",
        True,
        ("đường Hùng Vương", "đường Lê Lợi", "đường Ấp Bắc"),
        ("Võ Thị Hồng Nhung", "Nguyễn Quốc Thái"),
        2046,
    ),
)
LOCAL_UNITS = UNITS[:4]
PROVINCE = UNITS[4]

# Procedures, with relative volumes at a commune desk and the channels people use (weights).
PROCEDURES: dict[str, tuple[int, dict[str, int]]] = {
    "2.000815": (30, {"direct": 1}),
    "1.001193": (16, {"direct": 60, "online": 35, "postal": 5}),
    "1.004222": (16, {"direct": 70, "online": 30}),
    "2.000635": (12, {"direct": 55, "online": 40, "postal": 5}),
    "1.000894": (8, {"direct": 80, "online": 15, "postal": 5}),
    "1.001612": (8, {"direct": 55, "online": 40, "postal": 5}),
    "1.013225": (6, {"direct": 75, "online": 15, "postal": 10}),
}
RECORDS = "3.000333"
RECORDS_CHANNELS = {"direct": 55, "online": 40, "postal": 5}
REQUEST = {
    "1.004222": "Đăng ký thường trú",
    "1.001193": "Đăng ký khai sinh",
    "1.000894": "Đăng ký kết hôn",
    "2.000635": "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh",
    "2.000815": "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
    "1.001612": "Đăng ký thành lập hộ kinh doanh",
    "1.013225": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "3.000333": "Cấp Phiếu Lý lịch tư pháp",
}
LIMIT_TEXT = {
    ("working_days", 7): "7 ngày làm việc",
    ("working_days", 3): "3 ngày làm việc",
    ("working_days", 1): "01 ngày làm việc",
    ("calendar_days", 10): "10 ngày",
    ("calendar_days", 15): "15 ngày",
    ("calendar_days", 20): "20 ngày",
    ("same_day", None): "Trong ngày (tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo)",
}
# What desks take in excess (DC102), per procedure: papers the published list does not ask for.
EXCESS = {
    "1.004222": ("Sổ hộ khẩu", "copy"),
    "1.001193": ("Giấy chứng nhận kết hôn của cha mẹ", "copy"),
    "1.000894": ("Giấy xác nhận tình trạng hôn nhân", "original"),
    "2.000635": ("Bản sao Giấy khai sinh cũ", "photocopy"),
    "2.000815": ("Đơn đề nghị chứng thực", "original"),
    "1.001612": ("Bản sao Giấy khai sinh của chủ hộ kinh doanh", "copy"),
    "1.013225": ("Giấy xác nhận của tổ dân phố về việc không tranh chấp", "original"),
    "3.000333": ("Giấy xác nhận cư trú (CT07)", "original"),
}
SUPPLEMENT_ITEMS = {
    "1.004222": ["Giấy tờ chứng minh chỗ ở hợp pháp", "Ý kiến đồng ý của chủ hộ trên Tờ khai CT01"],
    "1.001193": ["Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh"],
    "1.000894": ["Bản sao có chứng thực giấy tờ tùy thân của bên nữ"],
    "2.000635": ["Văn bản ủy quyền yêu cầu cấp bản sao Trích lục hộ tịch"],
    "2.000815": ["Bản chính giấy tờ làm cơ sở để chứng thực bản sao"],
    "1.001612": [
        "Bản sao văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ kinh doanh"
    ],
    "1.013225": ["Bản vẽ mặt bằng móng công trình", "Bản cam kết bảo đảm an toàn đối với công trình liền kề"],
    "3.000333": ["Văn bản ủy quyền yêu cầu cấp Phiếu Lý lịch tư pháp số 1 có chứng thực"],
}
SUPPLEMENT_REASON = "Hồ sơ chưa đủ thành phần theo thủ tục hành chính đã công bố."
REJECTIONS = {
    "1.004222": "Chỗ ở đề nghị đăng ký thường trú thuộc địa điểm không được đăng ký thường trú mới (Điều 23 Luật "
    "Cư trú).",
    "1.001193": "Trẻ em đã được đăng ký khai sinh tại cơ quan đăng ký hộ tịch khác.",
    "1.000894": "Bên nam chưa đủ tuổi kết hôn theo quy định của Luật Hôn nhân và gia đình.",
    "2.000635": "Người yêu cầu không thuộc đối tượng được cấp bản sao trích lục hộ tịch của người khác.",
    "2.000815": "Bản chính giấy tờ bị tẩy xóa, sửa chữa nên không được dùng làm cơ sở chứng thực bản sao.",
    "1.001612": "Tên hộ kinh doanh trùng với tên hộ kinh doanh đã đăng ký trong phạm vi cấp xã.",
    "1.013225": "Công trình thuộc khu vực đã có quy hoạch chi tiết không cho phép xây dựng nhà ở riêng lẻ.",
    "3.000333": "Người yêu cầu cấp Phiếu Lý lịch tư pháp số 2 không được ủy quyền cho người khác.",
}
APOLOGY_REASONS = (
    "Cần xác minh thêm thông tin tại cơ quan có liên quan.",
    "Chưa nhận được kết quả phối hợp của cơ quan có liên quan.",
    "Cán bộ thụ lý nghỉ ốm đột xuất, phải phân công người khác thụ lý.",
    "Cần kiểm tra thực địa trước khi quyết định.",
)

SURNAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Hoàng",
    "Võ",
    "Phan",
    "Trương",
    "Bùi",
    "Đặng",
    "Đỗ",
    "Ngô",
    "Hồ",
    "Dương",
    "Lý",
    "Châu",
    "Lâm",
    "Đoàn",
    "Tạ",
)
MIDDLE = {
    "m": ("Văn", "Minh", "Quốc", "Thanh", "Hoàng", "Hữu", "Đức", "Công"),
    "f": ("Thị", "Ngọc", "Thanh", "Kim", "Thu", "Bích", "Mỹ", "Thị Ngọc"),
}
GIVEN = {
    "m": (
        "Bình",
        "Hùng",
        "Tuấn",
        "Long",
        "Phúc",
        "Khang",
        "Tâm",
        "Nam",
        "Hải",
        "Sang",
        "Nhân",
        "Lộc",
        "Tài",
        "Trí",
        "Dũng",
        "Khoa",
        "Thịnh",
        "Hiếu",
    ),
    "f": (
        "Lan",
        "Hoa",
        "Mai",
        "Thảo",
        "Nhi",
        "Ngân",
        "Trang",
        "Hạnh",
        "Diễm",
        "Tuyết",
        "Hương",
        "Yến",
        "Vy",
        "Hân",
        "Loan",
        "Phượng",
        "Tiên",
        "Duyên",
    ),
}
PHONE_PREFIXES = (
    "090",
    "091",
    "093",
    "097",
    "098",
    "086",
    "088",
    "070",
    "077",
    "079",
    "081",
    "083",
    "085",
    "032",
    "033",
    "036",
    "038",
    "039",
)


def full_name(rng: random.Random, sex: str) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


@dataclass
class Draw:
    """The random source, with the few helpers the generator needs."""

    rng: random.Random

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, items: Any) -> Any:
        return self.rng.choice(list(items))

    def weighted(self, weights: dict[str, int]) -> str:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def person(self, unit: Unit) -> dict[str, Any]:
        sex = self.pick("mf")
        name = full_name(self.rng, sex)
        born = self.rng.randint(1955, 2006)
        century = (0 if born < 2000 else 2) + (1 if sex == "f" else 0)
        province = "082" if unit.key in ("mytho", "tinh") and self.chance(0.6) else "087"
        id_number = f"{province}{century}{born % 100:02d}{self.rng.randint(0, 999999):06d}"
        street = self.pick(unit.streets)
        address = (
            f"Số {self.rng.randint(1, 240)} {street}, {unit.place}"
            if street.startswith("đường")
            else (f"{street}, {unit.place}")
        )
        phone = f"{self.pick(PHONE_PREFIXES)}{self.rng.randint(0, 9_999_999):07d}"
        email = None
        if self.chance(0.3):
            email = f"{_ascii(name).lower().replace(' ', '')}{born % 100:02d}@gmail.com"
        return {"name": name, "id_number": id_number, "address": address, "phone": phone, "email": email}


def _ascii(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S+07:00")


def at(d: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm))


def working_days(first: date, last: date) -> list[date]:
    out, d = [], first
    while d <= last:
        if CAL.is_working_day(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def add_working_days(d: date, n: int) -> date:
    return CAL.nth_working_day_after(d, n)


def office_time(draw: Draw, d: date, *, latest: time = time(16, 45)) -> datetime:
    """A time during office hours on day d (the morning or afternoon session), in 5-minute steps."""
    morning = draw.chance(0.6)
    lo, hi = (7 * 60 + 30, 11 * 60 + 20) if morning else (13 * 60 + 30, latest.hour * 60 + latest.minute)
    minute = draw.rng.randrange(lo, hi + 1, 5)
    return at(d, minute // 60, minute % 60)


# --- the staff of each unit ---------------------------------------------------------------------


@dataclass
class Agency:
    name: str
    officers: tuple[str, ...]


def lead_agency(unit: Unit, proc: str) -> Agency:
    if proc == RECORDS:
        return Agency(
            "Phòng Hồ sơ nghiệp vụ, Công an tỉnh Đồng Tháp",
            ("Đại úy Trần Minh Khoa", "Thượng úy Lê Thị Mỹ Duyên"),
        )
    if unit is PROVINCE:
        return Agency("Sở Tư pháp tỉnh Đồng Tháp", ("Nguyễn Thị Thùy Dương",))
    if proc == "1.004222":
        return Agency(
            f"Công an {unit.place}", (f"Thượng úy {_staff(unit, 0)}", f"Trung úy {_staff(unit, 1)}")
        )
    if proc in ("1.001612", "1.013225"):
        name = "Phòng Kinh tế, Hạ tầng và Đô thị" if unit.ward else "Phòng Kinh tế"
        return Agency(f"{name} {unit.place}", (_staff(unit, 2), _staff(unit, 3)))
    return Agency(f"Văn phòng HĐND và UBND {unit.place}", (_staff(unit, 4), _staff(unit, 5)))


@cache
def _unit_staff(key: str) -> tuple[str, ...]:
    """Seven distinct officers per unit, drawn from their own seed so that adding a unit changes nothing else."""
    rng = random.Random(f"staff-{key}")
    names: list[str] = []
    while len(names) < 7:
        name = full_name(rng, rng.choice("mf"))
        if name not in names:
            names.append(name)
    return tuple(names)


def _staff(unit: Unit, i: int) -> str:
    return _unit_staff(unit.key)[i]


def leadership(unit: Unit) -> Agency:
    return Agency(f"Lãnh đạo UBND {unit.place}", (f"Phó Chủ tịch UBND {_staff(unit, 6)}",))


# --- components ---------------------------------------------------------------------------------


@cache
def version_2026(proc: str) -> Any:
    """The version of a built-in procedure in force in 2026 (all of them run from 2025-07-01)."""
    version = CATALOG.resolve(proc, date(2026, 6, 1)).version
    assert version is not None
    return version


def published(proc: str, code: str) -> str:
    return next(c.name for c in version_2026(proc).procedure.components if c.code == code)


def row(proc: str, code: str, form: str, quantity: int = 1) -> dict[str, Any]:
    return {"code": code, "name": published(proc, code), "form": form, "quantity": quantity}


def accepted_forms(proc: str, channel: str, code: str) -> tuple[str, ...]:
    component = version_2026(proc).index(channel).match(code, None)
    return tuple(component.forms) if component is not None else ()


def show(proc: str, code: str) -> dict[str, Any]:
    return {"code": code, "name": published(proc, code)}


@dataclass
class Filing:
    """What the applicant filed: kept components, shown documents, facts, maybe a representative."""

    components: list[dict[str, Any]] = field(default_factory=list)
    shown: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, bool] = field(default_factory=dict)
    representative: dict[str, Any] | None = None


def filing(draw: Draw, proc: str, channel: str, unit: Unit) -> Filing:
    f = Filing()
    e = channel == "online"
    copy_form = "electronic" if e else draw.pick(("copy", "certified_copy"))
    if proc == "1.004222":
        rented = draw.chance(0.25)
        in_db = not rented and draw.chance(0.6)
        f.facts = {"residence_in_database": in_db, "rented_borrowed_or_lodging": rented}
        f.components.append(row(proc, "TP1", "electronic" if e else "original"))
        if rented:
            f.components.append(
                row(proc, "TP5", "electronic" if e else draw.pick(("original", "certified_copy")))
            )
        elif not in_db:
            f.components.append(row(proc, "TP2", copy_form))
        f.shown = [] if e else [show(proc, "XT1")]
    elif proc == "1.001193":
        f.facts = {
            "identity_in_database": draw.chance(0.85),
            "residence_in_database": draw.chance(0.9),
            "birth_certificate_in_system": draw.chance(0.3),
        }
        f.components.append(row(proc, "TP2" if e else "TP1", "electronic" if e else "original"))
        if not f.facts["birth_certificate_in_system"]:
            proof = "TP3" if draw.chance(0.94) else draw.pick(("TP4", "TP5"))
            f.components.append(
                row(proc, proof, "electronic" if e else ("original" if channel == "direct" else "copy"))
            )
        _civil_identity(f, proc, channel, ("TP9", "TP10", "TP11"))
    elif proc == "1.000894":
        f.facts = {"identity_in_database": draw.chance(0.85), "residence_in_database": draw.chance(0.9)}
        if e:
            f.components.append(row(proc, "TP2", "electronic"))
        else:
            f.components.append(row(proc, "TP1", "original", draw.pick((1, 2))))
        _civil_identity(f, proc, channel, ("TP3", "TP4", "TP5"), quantity=2)
    elif proc == "2.000635":
        org = unit is PROVINCE and draw.chance(0.3)
        f.facts = {
            "identity_in_database": draw.chance(0.85),
            "residence_in_database": draw.chance(0.9),
            "requester_is_organisation": org,
        }
        if e:
            f.components.append(row(proc, "TP3", "electronic"))
        else:
            f.components.append(row(proc, "TP2" if org else "TP1", "original"))
        _civil_identity(f, proc, channel, ("TP5", "TP6", "TP7"))
    elif proc == "2.000815":
        f.components.append(
            row(proc, "TP1", draw.pick(("photocopy", "photocopy", "copy")), draw.rng.randint(1, 10))
        )
        f.shown = [show(proc, "XT1")]
    elif proc == "1.001612":
        f.facts = {
            "founded_by_household_members": draw.chance(0.2),
            "by_representative": draw.chance(0.1),
            "principal_without_eid_account": draw.chance(0.15),
        }
        f.components.append(row(proc, "TP1", "electronic" if e else "original"))
        for fact, code in (
            ("founded_by_household_members", "TP2"),
            ("by_representative", "TP3"),
            ("principal_without_eid_account", "TP6"),
        ):
            if f.facts[fact]:
                f.components.append(row(proc, code, copy_form))
        if f.facts["by_representative"]:
            f.representative = {**draw.person(unit), "authorization": "Văn bản ủy quyền có chứng thực"}
    elif proc == "1.013225":
        f.facts = {
            "land_data_in_database": draw.chance(0.2),
            "has_adjacent_works": draw.chance(0.3),
            "design_verification_required": draw.chance(0.1),
            "fire_safety_approval_required": False,
        }
        f.components.append(row(proc, "TP1", "electronic" if e else "original"))
        if not f.facts["land_data_in_database"]:
            f.components.append(row(proc, draw.pick(("TP2", "TP3", "TP4")), copy_form))
        f.components.append(row(proc, "TP6", "electronic" if e else "original", 1 if e else 2))
        if f.facts["has_adjacent_works"]:
            f.components.append(row(proc, "TP9", "electronic" if e else "original"))
        if f.facts["design_verification_required"]:
            f.components.append(row(proc, "TP8", "electronic" if e else "copy"))
    elif proc == RECORDS:
        on_behalf = draw.chance(0.08)
        f.facts = {
            "on_behalf": on_behalf,
            "fee_reduction_claimed": draw.chance(0.05),
            "by_representative": False,
        }
        form_code = ("TP4" if on_behalf else "TP2") if e else ("TP3" if on_behalf else "TP1")
        f.components.append(row(proc, form_code, "electronic" if e else "original"))
        id_form = (
            "electronic"
            if e
            else ("certified_copy" if channel == "postal" else draw.pick(("photocopy", "copy")))
        )
        f.components.append(row(proc, "TP5", id_form))
        if f.facts["fee_reduction_claimed"]:
            f.components.append(row(proc, "TP7", "electronic" if e else "original"))
        if channel == "direct":
            f.shown = [show(proc, "XT1")] + ([show(proc, "XT2")] if on_behalf else [])
    return f


def _civil_identity(
    f: Filing, proc: str, channel: str, codes: tuple[str, str, str], quantity: int = 1
) -> None:
    """Civil status: show the ID and proof of residence in person; certified copies by post; upload online."""
    identity, residence = f.facts["identity_in_database"], f.facts["residence_in_database"]
    postal_id, postal_res, online_res = codes
    if channel == "direct":
        f.shown = ([show(proc, "XT1")] if not identity else []) + (
            [show(proc, "XT2")] if not residence else []
        )
    elif channel == "postal":
        if not identity:
            f.components.append(row(proc, postal_id, "certified_copy", quantity))
        if not residence:
            f.components.append(row(proc, postal_res, "certified_copy", quantity))
    elif not residence:
        f.components.append(row(proc, online_res, "electronic"))


# --- one dossier --------------------------------------------------------------------------------


@dataclass
class Counters:
    per_day: Counter[tuple[str, date]] = field(default_factory=Counter)
    book: dict[str, int] = field(default_factory=dict)
    forms: Counter[tuple[str, str]] = field(default_factory=Counter)

    def code(self, draw: Draw, unit: Unit, day: date) -> str:
        # The export is a sample: the day's sequence numbers have gaps.
        self.per_day[(unit.key, day)] += draw.rng.randint(1, 9)
        return f"{unit.agency}-{day:%y%m%d}-{self.per_day[(unit.key, day)]:04d}"

    def entry(self, draw: Draw, unit: Unit) -> int:
        self.book[unit.key] = self.book.get(unit.key, unit.book_start) + draw.rng.randint(1, 12)
        return self.book[unit.key]

    def number(self, unit: Unit, kind: str) -> int:
        self.forms[(unit.key, kind)] += 1
        return self.forms[(unit.key, kind)]


def time_limit(proc: str, channel: str) -> Any:
    """The published time limit on this channel."""
    return version_2026(proc).time_limit(channel)


def receipt_time(draw: Draw, proc: str, channel: str, day: date) -> datetime:
    if channel == "online" and draw.chance(0.25):  # filed in the evening or at night
        minute = draw.rng.randrange(17 * 60 + 30, 23 * 60 + 55, 5)
        return at(day, minute // 60, minute % 60)
    if time_limit(proc, channel).unit == "same_day" and draw.chance(0.85):
        return office_time(draw, day, latest=time(14, 55))
    return office_time(draw, day)


def appointment_for(draw: Draw, proc: str, channel: str, received: datetime) -> tuple[datetime, str]:
    due = dossier_check.deadline(proc, iso(received), channel=channel)
    unit = time_limit(proc, channel)
    text = LIMIT_TEXT[(unit.unit, getattr(unit, "amount", None))]
    day = due.due_date
    if unit.unit in ("working_days", "calendar_days") and draw.chance(0.15):
        earlier = CAL.previous_working_day(day)  # some desks book a day early
        if earlier > due.effective_receipt.date():
            day = earlier
    if unit.unit == "same_day":
        return at(day, 16, 30), text
    return at(day, draw.pick((8, 9, 10, 14, 15, 16)), draw.pick((0, 30))), text


def build(draw: Draw, counters: Counters, unit: Unit, proc: str, channel: str, day: date) -> dict[str, Any]:
    """A clean dossier: every form filled in and consistent, every time within what the law allows."""
    person = draw.person(unit)
    received = receipt_time(draw, proc, channel, day)
    code = counters.code(draw, unit, day)
    f = filing(draw, proc, channel, unit)
    desk_officer = draw.pick(unit.desk)
    lead = lead_agency(unit, proc)
    lead_officer = draw.pick(lead.officers)
    appointment, limit_text = appointment_for(draw, proc, channel, received)
    effective = effective_receipt(received)
    entry_no = counters.entry(draw, unit)
    transfer = _transfer_time(draw, channel, received, effective, appointment)
    resolved = _resolution_time(draw, transfer, appointment)
    chain = [(unit.name, lead.name, transfer, desk_officer, lead_officer)]
    if proc in ("1.013225", "1.000894") and draw.chance(0.7):
        leader = leadership(unit)
        signed = _between(transfer, resolved)
        chain.append((lead.name, leader.name, signed, lead_officer, leader.officers[0]))
        chain.append((leader.name, unit.name, resolved, leader.officers[0], desk_officer))
    else:
        chain.append((lead.name, unit.name, resolved, lead_officer, desk_officer))
    returned, method = _return_time(draw, channel, resolved, appointment)
    address_phone = f"{person['address']} - {person['phone']}"
    slip: dict[str, Any] = {
        "number": f"{entry_no}/TTPVHCC",
        "issued_at": iso(
            received + timedelta(minutes=5) if channel != "online" else effective + timedelta(minutes=3)
        ),
        "dossier_code": code,
        "receiving_unit": unit.name,
        "applicant_name": person["name"],
        "applicant_id_number": person["id_number"],
        "address": person["address"],
        "phone": person["phone"],
        "email": person["email"],
        "request": REQUEST[proc],
        "components": [dict(r) for r in f.components],
        "sets": 1,
        "time_limit": limit_text,
        "received_at": iso(received),
        "appointment_at": iso(appointment),
        "return_place": {
            "direct": unit.name,
            "postal": "Qua dịch vụ bưu chính công ích",
            "online": "Trả kết quả trực tuyến qua Cổng Dịch vụ công quốc gia",
        }[channel],
        "received_by": desk_officer,
        "delivered_via": draw.pick(("portal", "email", "sms")) if channel == "online" else None,
    }
    if f.representative is not None:
        slip["representative"] = dict(f.representative)
    dossier: dict[str, Any] = {
        "code": code,
        "procedure_code": proc,
        "receiving_unit": unit.name,
        "channel": channel,
        "received_at": iso(received),
        "received_by": desk_officer,
        "applicant": person,
        "representative": f.representative,
        "facts": f.facts,
        "outcome": "accepted",
        "sets": 1,
        "components": f.components,
        "shown_documents": f.shown,
        "appointment_slip": slip,
        "control_slip": {
            "number": f"{entry_no}/PKS-TTPVHCC",
            "dossier_code": code,
            "lead_agency": lead.name,
            "cooperating_agency": None,
            "received_at": iso(received),
            "appointment_at": iso(appointment),
            "handovers": [
                {
                    "from_unit": a,
                    "to_unit": b,
                    "handed_at": iso(t),
                    "giver": g,
                    "receiver": r,
                    "status": _status(t, appointment) if i else "on_time",
                    "note": None,
                }
                for i, (a, b, t, g, r) in enumerate(chain)
            ],
        },
        "tracking_entry": {
            "entry_no": entry_no,
            "dossier_code": code,
            "procedure_name": REQUEST[proc],
            "applicant_name": person["name"],
            "address_phone": address_phone,
            "lead_agency": lead.name,
            "received_at": iso(received),
            "appointment_at": iso(appointment),
            "returned_at": iso(returned),
            "return_method": method,
        },
        "supplement_requests": [],
        "rejection": None,
        "apologies": [],
        "stop_notice": None,
        "resolved_at": iso(resolved),
        "returned_at": iso(returned),
        "x_export": {"system": EXPORT_SYSTEM, "unit": unit.key, "status": "Đã trả kết quả"},
    }
    return dossier


def _transfer_time(
    draw: Draw, channel: str, received: datetime, effective: datetime, appointment: datetime
) -> datetime:
    """When the desk hands the dossier to the deciding agency: within the transfer deadline."""
    if channel == "online":  # forwarded electronically
        return effective + timedelta(minutes=draw.rng.randrange(5, 60, 5))
    limit = transfer_deadline(received).due
    if effective.time() > time(15, 0):  # the next morning
        return min(limit, at(limit.date(), 7, 35) + timedelta(minutes=draw.rng.randrange(0, 150, 5)))
    latest = min(limit, appointment - timedelta(minutes=30), at(effective.date(), 16, 55))
    t = min(latest, effective + timedelta(minutes=draw.rng.randrange(10, 150, 5)))
    if time(11, 30) <= t.time() < time(13, 30):
        t = min(latest, at(t.date(), 13, 35))
    return max(t, effective)


def _between(a: datetime, b: datetime) -> datetime:
    """A hand-over between two others: the afternoon before b, or halfway when both fall on one day."""
    if b.date() > a.date():
        day = CAL.previous_working_day(b.date())
        if day > a.date() or (day == a.date() and a.time() < time(15, 0)):
            return at(day, 16, 0) if day > a.date() else max(a + timedelta(minutes=20), at(day, 16, 0))
    middle = a + (b - a) / 2
    return middle.replace(second=0, microsecond=0, minute=middle.minute - middle.minute % 5)


def _resolution_time(draw: Draw, transfer: datetime, appointment: datetime) -> datetime:
    if appointment.date() == transfer.date():
        return max(
            transfer + timedelta(minutes=20), appointment - timedelta(minutes=draw.rng.randrange(15, 60, 5))
        )
    days = working_days(transfer.date() + timedelta(days=1), appointment.date())
    if appointment.time() < time(10, 0) and len(days) > 1:
        days = days[:-1]  # an early appointment: the result is ready the day before
    day = draw.pick(days[-3:]) if days else appointment.date()
    t = office_time(draw, day)
    return min(t, appointment - timedelta(minutes=15)) if day == appointment.date() else t


def _return_time(draw: Draw, channel: str, resolved: datetime, appointment: datetime) -> tuple[datetime, str]:
    if channel == "online":
        return resolved + timedelta(minutes=draw.rng.randrange(5, 40, 5)), "online"
    if channel == "postal":
        return at(add_working_days(resolved.date(), 1), 9, draw.pick((0, 30))), "postal"
    day = max(appointment.date(), resolved.date())
    if draw.chance(0.2):  # the applicant came some days later
        day = add_working_days(day, draw.rng.randint(1, 5))
    t = office_time(draw, day)
    if t < resolved:
        t = resolved + timedelta(minutes=20)
    return t, "direct"


def _status(handed: datetime, appointment: datetime) -> str:
    if handed.date() < appointment.date():
        return "early"
    return "on_time" if handed <= appointment else "late"


# --- faults -------------------------------------------------------------------------------------


def set_times(d: dict[str, Any], key: str, value: str) -> None:
    """Change a time on the dossier and on every form that repeats it."""
    if key == "appointment_at":
        for part in ("appointment_slip", "control_slip", "tracking_entry"):
            if isinstance(d.get(part), dict):
                d[part]["appointment_at"] = value
    elif key == "resolved_at":
        d["resolved_at"] = value
        rows = d["control_slip"]["handovers"] if isinstance(d.get("control_slip"), dict) else []
        if rows:
            rows[-1]["handed_at"] = value


def late_result(draw: Draw, d: dict[str, Any], proc: str) -> list[str]:
    """The result comes after the appointment; maybe with an apology (Mẫu 04)."""
    appointment = datetime.fromisoformat(d["appointment_slip"]["appointment_at"][:19])
    received = datetime.fromisoformat(d["received_at"][:19])
    n = draw.rng.randint(1, 4)
    resolved = office_time(draw, add_working_days(appointment.date(), n), latest=time(16, 0))
    set_times(d, "resolved_at", iso(resolved))
    rows = d["control_slip"]["handovers"]
    faults = []
    returned = (
        resolved + timedelta(minutes=30)
        if d["channel"] == "online"
        else at(add_working_days(resolved.date(), 1), 9, 0)
    )
    d["returned_at"] = d["tracking_entry"]["returned_at"] = iso(returned)
    if not draw.chance(RATES["apology_of_late"]):
        rows[-1]["status"] = "on_time" if draw.chance(RATES["unmarked_late_row_of"]) else "late"
        return ["late result without apology"]
    lead_head = f"Thủ trưởng {d['control_slip']['lead_agency']}"
    issued_day = CAL.previous_working_day(appointment.date())
    if issued_day < received.date() or draw.chance(0.25):  # same-day procedures can only apologise that day
        issued_day = appointment.date()
        faults.append("late apology")
    new = at(resolved.date(), 16, 30)
    if n >= 2 and draw.chance(0.25):
        new = at(add_working_days(appointment.date(), n - 1), 16, 30)
        faults.append("late after the new date")
    reason: str | None = draw.pick(APOLOGY_REASONS)
    if draw.chance(0.1):
        reason = None
        faults.append("apology without reason")
    apology = {
        "number": f"{draw.rng.randint(1, 60)}/PXL",
        "issued_at": iso(at(issued_day, 15, 30)),
        "dossier_code": d["code"],
        "original_appointment_at": d["appointment_slip"]["appointment_at"],
        "reason": reason,
        "new_appointment_at": iso(new),
        "signed_by": lead_head,
    }
    d["apologies"] = [apology]
    if draw.chance(0.1):
        first_new = at(add_working_days(appointment.date(), 1), 16, 0)
        if first_new < new:
            apology["new_appointment_at"] = iso(first_new)
            second = dict(
                apology,
                number=f"{draw.rng.randint(61, 99)}/PXL",
                issued_at=iso(at(CAL.previous_working_day(first_new.date()), 15, 30)),
                original_appointment_at=iso(first_new),
                new_appointment_at=iso(new),
            )
            d["apologies"].append(second)
            faults.append("rescheduled twice")
    rows[-1]["status"] = "late" if resolved > new else "on_time"
    return faults or ["late result with apology"]


def apply_faults(draw: Draw, d: dict[str, Any], proc: str, unit: Unit, counters: Counters) -> list[str]:
    """Draw the faults of one accepted dossier and apply them; returns their names."""
    faults: list[str] = []
    slip, control, entry = d["appointment_slip"], d["control_slip"], d["tracking_entry"]
    limit = time_limit(proc, d["channel"])
    multi_day = limit.unit == "calendar_days" or (limit.unit == "working_days" and limit.amount >= 3)

    def maybe(name: str, action: Callable[[], bool | None], rate: float | None = None) -> None:
        if draw.chance(RATES[name] if rate is None else rate) and action() is not False:
            faults.append(name)

    def excess() -> None:
        name, form = EXCESS[proc]
        extra = {"code": None, "name": name, "form": form, "quantity": 1}
        d["components"].append(extra)
        slip["components"].append(dict(extra))

    def show_kept() -> bool:
        if not d["shown_documents"]:
            return False
        shown = d["shown_documents"].pop(0)
        kept = {**shown, "form": "photocopy", "quantity": 1}
        d["components"].append(kept)
        slip["components"].append(dict(kept))
        return True

    def stricter() -> bool:
        for i, r in enumerate(d["components"]):
            if r.get("code") and "original" not in accepted_forms(proc, d["channel"], r["code"]):
                r["form"] = slip["components"][i]["form"] = "original"  # the desk demanded the original
                return True
        return False

    def quantity() -> None:
        d["components"][0]["quantity"] += 1 if proc != "2.000815" else 100
        slip["components"][0]["quantity"] = d["components"][0]["quantity"]

    def sets() -> bool:
        if proc != "1.013225":
            return False
        d["sets"] = slip["sets"] = 2
        return True

    def missing() -> bool:
        if len(d["components"]) < 2:
            return False
        d["components"].pop()
        slip["components"].pop()
        return True

    maybe("excess_component", excess)
    maybe("show_document_kept", show_kept)
    maybe("stricter_form", stricter)
    maybe("excess_quantity", quantity)
    maybe("excess_sets", sets, RATES["excess_sets"] if proc == "1.013225" else 0.0)
    maybe("missing_component", missing)

    def too_late() -> None:
        appointment = datetime.fromisoformat(slip["appointment_at"][:19])
        later = at(
            add_working_days(appointment.date(), draw.rng.randint(1, 2)), appointment.hour, appointment.minute
        )
        set_times(d, "appointment_at", iso(later))
        for r in control["handovers"][1:]:
            r["status"] = _status(datetime.fromisoformat(r["handed_at"][:19]), later)

    def slip_incomplete() -> None:
        slip[draw.pick(("applicant_id_number", "time_limit", "return_place", "number"))] = None

    def slip_mismatch() -> bool:
        if d["channel"] == "online":
            return False
        slip["received_at"] = iso(
            datetime.fromisoformat(d["received_at"][:19]) + timedelta(minutes=draw.pick((5, 10)))
        )
        return True

    def backdated() -> None:
        slip["issued_at"] = iso(datetime.fromisoformat(d["received_at"][:19]) - timedelta(days=1))

    maybe("appointment_too_late", too_late)
    maybe("slip_incomplete", slip_incomplete)
    maybe("slip_mismatch", slip_mismatch)
    maybe("slip_backdated", backdated)
    if d["channel"] == "online":
        maybe("slip_not_sent", lambda: slip.update(delivered_via=None))

    def control_incomplete() -> None:
        r = draw.pick(control["handovers"])
        r[draw.pick(("receiver", "giver", "status"))] = None

    def out_of_order() -> None:  # the time the applicant took a queue ticket, not the receipt
        received = datetime.fromisoformat(d["received_at"][:19])
        control["handovers"][0]["handed_at"] = iso(
            received - timedelta(minutes=draw.rng.randrange(10, 40, 5))
        )

    def broken_chain() -> None:
        rows = control["handovers"]
        if len(rows) > 2:
            rows.pop(1)  # a hand-over nobody signed for
            rows[1]["from_unit"] = leadership(unit).name
        else:
            rows[-1]["to_unit"] = f"Bộ phận văn thư {unit.place}"

    def control_mismatch() -> None:
        control["received_at"] = control["handovers"][0]["handed_at"]

    def late_transfer() -> bool:
        due = transfer_deadline(datetime.fromisoformat(d["received_at"][:19])).due
        late = at(add_working_days(due.date(), 1), 8, 15)
        nxt = datetime.fromisoformat(control["handovers"][1]["handed_at"][:19])
        if late >= nxt:
            late = due + timedelta(minutes=45)
            if late >= nxt:
                return False
        control["handovers"][0]["handed_at"] = iso(late)
        return True

    maybe("control_slip_incomplete", control_incomplete)
    maybe("control_slip_out_of_order", out_of_order)
    maybe("control_slip_broken_chain", broken_chain)
    maybe("control_slip_mismatch", control_mismatch)
    maybe(
        "late_transfer",
        late_transfer,
        RATES["late_transfer"] if d["channel"] != "online" and multi_day else 0.0,
    )

    def entry_incomplete() -> None:
        entry[draw.pick(("return_method", "address_phone", "lead_agency"))] = None

    def entry_mismatch() -> None:
        entry["returned_at"] = entry["appointment_at"]
        if entry["returned_at"] == d["returned_at"]:
            entry["returned_at"] = d["resolved_at"][:10]
            if entry["returned_at"] == d["returned_at"][:10]:
                entry["received_at"] = iso(datetime.fromisoformat(d["received_at"][:19]) - timedelta(days=1))

    maybe("tracking_incomplete", entry_incomplete)
    maybe("tracking_mismatch", entry_mismatch)

    if draw.chance(RATES["intake_supplement"]):
        received = datetime.fromisoformat(d["received_at"][:19])
        requests = [
            _request(
                draw, proc, unit, counters, at(CAL.previous_working_day(received.date()), 9, 30), "intake"
            )
        ]
        if draw.chance(RATES["repeated_of_intake"]):
            first = CAL.previous_working_day(CAL.previous_working_day(received.date()))
            requests.insert(0, _request(draw, proc, unit, counters, at(first, 10, 0), "intake"))
            faults.append("repeated intake supplement")
        d["supplement_requests"] = requests
    if multi_day and draw.chance(RATES["appraisal_supplement"]):
        effective = effective_receipt(datetime.fromisoformat(d["received_at"][:19]))
        n = 4 if draw.chance(RATES["late_appraisal_of"]) else draw.rng.randint(1, 3)
        issued = at(add_working_days(effective.date(), n), 15, 0)
        if issued < datetime.fromisoformat(d["resolved_at"][:19]):
            d["supplement_requests"].append(_request(draw, proc, unit, counters, issued, "appraisal"))
            faults.append("late appraisal request" if n == 4 else "appraisal request")

    if draw.chance(RATES["late_result"]):
        faults.extend(late_result(draw, d, proc))
    elif draw.chance(RATES["stopped"]):
        received = datetime.fromisoformat(d["received_at"][:19])
        d["stop_notice"] = {
            "number": f"{counters.number(unit, 'TB')}/TB-TTPVHCC",
            "issued_at": iso(at(add_working_days(received.date(), 1), 10, 0)),
            "requested_at": iso(at(add_working_days(received.date(), 1), 8, 30)),
        }
        d["control_slip"]["handovers"] = d["control_slip"]["handovers"][:1]
        d["resolved_at"] = d["returned_at"] = None
        entry["returned_at"] = entry["return_method"] = None
        d["x_export"]["status"] = "Dừng giải quyết"
        faults.append("stopped")

    # missing forms last, so that the faults above had something to change
    maybe("no_appointment_slip", lambda: d.update(appointment_slip=None))
    maybe("no_control_slip", lambda: d.update(control_slip=None))
    maybe("no_tracking_entry", lambda: d.update(tracking_entry=None))
    return faults


def _request(
    draw: Draw, proc: str, unit: Unit, counters: Counters, issued: datetime, stage: str
) -> dict[str, Any]:
    n = counters.number(unit, "PBS")
    return {
        "number": f"{n}/PBS-TTPVHCC",
        "issued_at": iso(issued),
        "stage": stage,
        "items": [draw.pick(SUPPLEMENT_ITEMS[proc])],
        "reason": SUPPLEMENT_REASON,
        "issued_by": draw.pick(unit.desk) if stage == "intake" else lead_agency(unit, proc).officers[0],
    }


def not_accepted(
    draw: Draw, d: dict[str, Any], proc: str, unit: Unit, counters: Counters, outcome: str
) -> list[str]:
    """Turn a dossier into one sent back for supplements or refused: nothing kept, no slip."""
    received = datetime.fromisoformat(d["received_at"][:19])
    for key in ("appointment_slip", "control_slip", "tracking_entry", "resolved_at", "returned_at"):
        d[key] = None
    d["components"], d["shown_documents"] = [], []
    d["outcome"] = outcome
    when = received + timedelta(minutes=draw.rng.randrange(10, 40, 5))
    faults: list[str] = []
    if outcome == "supplement_requested":
        request = _request(draw, proc, unit, counters, when, "intake")
        if draw.chance(RATES["incomplete_request_of"]):
            if draw.chance(0.5):
                request["items"] = []
            else:
                request["reason"] = None
            faults.append("incomplete supplement request")
        d["supplement_requests"] = [request]
        d["x_export"]["status"] = "Yêu cầu bổ sung hồ sơ"
    else:
        reason: str | None = REJECTIONS[proc]
        if draw.chance(RATES["rejection_without_reason_of"]):
            reason = None
            faults.append("rejection without reason")
        d["rejection"] = {
            "number": f"{counters.number(unit, 'PTC')}/PTC-TTPVHCC",
            "issued_at": iso(when),
            "dossier_code": d["code"],
            "reason": reason,
            "issued_by": d["received_by"],
        }
        d["x_export"]["status"] = "Từ chối tiếp nhận"
    return faults or [outcome]


def record_faults(draw: Draw, d: dict[str, Any]) -> list[str]:
    """Faults of the record itself (DC0xx), at low rates."""
    faults: list[str] = []
    carriers = [
        d[k]
        for k in ("appointment_slip", "control_slip", "tracking_entry", "rejection")
        if isinstance(d.get(k), dict)
    ]
    if draw.chance(RATES["malformed_code"]):
        d["code"] = d["code"][:-4] + d["code"][-3:]  # a digit lost in the sequence
        for part in carriers:
            part["dossier_code"] = d["code"]
        faults.append("malformed code")
    elif draw.chance(RATES["code_date_mismatch"]):
        received = datetime.fromisoformat(d["received_at"][:19])
        earlier = received.date() - timedelta(days=1)
        d["code"] = d["code"].replace(f"-{received:%y%m%d}-", f"-{earlier:%y%m%d}-")
        for part in carriers:
            part["dossier_code"] = d["code"]
        faults.append("code date is not the receipt date")
    elif carriers and draw.chance(RATES["form_code_mismatch"]):
        part = draw.pick(carriers)
        seq = int(d["code"][-4:])
        part["dossier_code"] = f"{d['code'][:-4]}{seq + 1:04d}"
        faults.append("a form carries another dossier's code")
    if draw.chance(RATES["local_procedure_code"]):
        d["procedure_code"] = f"{d['procedure_code']}.{d['code'][:13]}"
        faults.append("local procedure code")
    if draw.chance(RATES["format_error"]):
        if draw.chance(0.5):
            d["channel"] = {"direct": "Trực tiếp", "postal": "Bưu chính", "online": "Trực tuyến"}[
                d["channel"]
            ]
        else:
            received = datetime.fromisoformat(d["received_at"][:19])
            d["received_at"] = received.strftime("%d/%m/%Y %H:%M")
        faults.append("format error")
    return faults


def open_overdue(draw: Draw, d: dict[str, Any]) -> list[str]:
    """A dossier still open at the audit time, well past its appointment, with no apology."""
    d["control_slip"]["handovers"] = d["control_slip"]["handovers"][:1]
    d["resolved_at"] = d["returned_at"] = None
    d["tracking_entry"]["returned_at"] = d["tracking_entry"]["return_method"] = None
    d["x_export"]["status"] = "Đang giải quyết"
    return ["open and overdue"]


# --- the export ---------------------------------------------------------------------------------


def generate() -> tuple[list[tuple[date, dict[str, Any]]], Counter[str]]:
    """The dossiers in order of receipt, each with its receipt day, and a tally of what was drawn."""
    draw = Draw(random.Random(SEED))
    counters = Counters()
    days = working_days(FIRST_DAY, LAST_DAY)
    plan: list[tuple[date, Unit, str, str]] = []
    for _ in range(COUNT):
        day = draw.pick(days)
        if draw.chance(0.12):
            unit, proc = PROVINCE, RECORDS if draw.chance(0.8) else "2.000635"
        else:
            unit = draw.pick(LOCAL_UNITS)
            proc = draw.weighted({k: w for k, (w, _c) in PROCEDURES.items()})
        channels = RECORDS_CHANNELS if proc == RECORDS else PROCEDURES[proc][1]
        plan.append((day, unit, proc, draw.weighted(channels)))
    plan.sort(key=lambda p: (p[0], p[1].key))
    dossiers: list[tuple[date, dict[str, Any]]] = []
    tally: Counter[str] = Counter()
    for day, unit, proc, channel in plan:
        d = build(draw, counters, unit, proc, channel, day)
        outcome = draw.rng.random()
        if outcome < RATES["rejected"]:
            faults = not_accepted(draw, d, proc, unit, counters, "rejected")
        elif outcome < RATES["rejected"] + RATES["supplement_requested"]:
            faults = not_accepted(draw, d, proc, unit, counters, "supplement_requested")
        elif day >= date(2026, 10, 1) and draw.chance(RATES["stuck_open"]):
            faults = open_overdue(draw, d)
        else:
            faults = apply_faults(draw, d, proc, unit, counters)
        faults += record_faults(draw, d)
        tally.update(faults or ["clean"])
        dossiers.append((day, d))
    return dossiers, tally


def _pretty(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# Units on the provincial information system export JSON Lines; the others export from their own desk
# software, one JSON file per dossier. Each dossier is in exactly one of the two forms, so auditing the
# whole folder counts every dossier once.
JSONL_UNITS = frozenset({"anloc", "caolanh", "tinh"})


def render(dossiers: list[tuple[date, dict[str, Any]]]) -> dict[str, bytes]:
    """Every output file, by its path relative to ``examples/exports``."""
    lines = [
        json.dumps(d, ensure_ascii=False, separators=(",", ":"))
        for _day, d in dossiers
        if d["x_export"]["unit"] in JSONL_UNITS
    ]
    files = {"one-stop-2026.jsonl": ("\n".join(lines) + "\n").encode("utf-8")}
    batches: dict[str, list[dict[str, Any]]] = {}
    for day, d in dossiers:
        unit = d["x_export"]["unit"]
        if unit in JSONL_UNITS:
            continue
        if unit == "thapmuoi" and day.month == 10:
            batches.setdefault(f"json/{unit}-2026-10.json", []).append(d)
            continue
        name = f"json/{d['code']}.json"
        if name in files:  # a faulty code may repeat another dossier's
            name = f"json/{d['code']}-{len(files)}.json"
        files[name] = _pretty(d)
    for name, batch in sorted(batches.items()):
        files[name] = _pretty(batch)
    return files


def write(files: dict[str, bytes]) -> None:
    (OUT / "json").mkdir(parents=True, exist_ok=True)
    for old in (OUT / "json").glob("*.json"):  # the folder holds only what this script writes
        old.unlink()
    for name, data in files.items():
        (OUT / name).write_bytes(data)


def main() -> None:
    dossiers, tally = generate()
    latest = max(d["returned_at"] or "" for _day, d in dossiers)
    assert latest < AS_OF.isoformat(), f"a result returned after the export date: {latest}"
    write(render(dossiers))
    print(f"{len(dossiers)} dossiers written to {OUT}")
    for name, n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:4d}  {name}")


if __name__ == "__main__":
    main()
