"""Writers for the tests: a native dossier as the national portal's sync record and progress rows, and as
a tracking-book row.

They write exactly what each format can carry and nothing else, so that reading the output back must give
the same verdict on every rule the format can evaluate (tests/test_portal_property.py). What they cannot
write is listed by :func:`portal_projection`: the part of a native dossier a portal export can represent.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

from dossier_check.catalog import Catalog
from dossier_check.timeutil import When, parse_when

CHANNEL_CODES = {"direct": "1", "online": "2", "postal": "3"}
STEP_TEXT = "Chuyển hồ sơ đến cơ quan giải quyết"


def stamp(value: Any) -> str:
    """A native time as the portal writes it: ``yyyyMMddHHmmss`` local, or ``dd/MM/yyyy`` for a date."""
    when = parse_when(value)
    if when is None:
        return ""
    if not when.precise:
        return when.local.strftime("%d/%m/%Y")
    return when.local.strftime("%Y%m%d%H%M%S")


def appointment_of(dossier: dict[str, Any]) -> Any:
    """The appointment as the rules read it: the slip's, else the control slip's, else the book entry's."""
    for key in ("appointment_slip", "control_slip", "tracking_entry"):
        part = dossier.get(key)
        if (
            isinstance(part, dict)
            and isinstance(part.get("appointment_at"), str)
            and part["appointment_at"].strip()
        ):
            return part["appointment_at"]
    return None


def _when(row: dict[str, Any]) -> When | None:
    return parse_when(row.get("handed_at"))


def timed_handovers(dossier: dict[str, Any]) -> list[dict[str, Any]]:
    """The hand-over rows a portal export can carry: those with a time, in time order."""
    slip = dossier.get("control_slip")
    rows = slip.get("handovers") if isinstance(slip, dict) else None
    if not isinstance(rows, list):
        return []
    timed = [(w, i, r) for i, r in enumerate(rows) if isinstance(r, dict) and (w := _when(r)) is not None]
    timed.sort(key=lambda t: (t[0].local, t[1]))
    return [r for _, _, r in timed]


def portal_projection(dossier: dict[str, Any]) -> dict[str, Any]:
    """The native dossier restricted to what a portal export can represent, where that changes a verdict.

    Progress rows are timestamped events, so hand-overs are in time order and a row without a time does
    not exist; apologies are not carried, so the appointment is never moved by one (DC305 reads the latest
    appointment); the appointment slip is its appointment alone.
    """
    out = copy.deepcopy(dossier)
    # The slip: a portal record carries only the appointment (``NgayHenTra``, the first part that holds
    # one), never when the slip was issued.
    appointment = appointment_of(dossier)
    if appointment is None:
        out.pop("appointment_slip", None)
    else:
        out["appointment_slip"] = {"appointment_at": appointment}
    slip = out.get("control_slip")
    if isinstance(slip, dict) and isinstance(slip.get("handovers"), list):
        slip["handovers"] = copy.deepcopy(timed_handovers(dossier))
    out.pop("apologies", None)
    return out


def _status_deadline(row: dict[str, Any]) -> str:
    """A step deadline (``NgayKetThucTheoQuyDinh``) from which the reader derives the row's status again."""
    when = _when(row)
    status = row.get("status")
    if when is None or status not in ("early", "on_time", "late"):
        return ""
    shift = {"early": 1, "on_time": 0, "late": -1}[status]
    return (datetime.combine(when.date, datetime.max.time()) + timedelta(days=shift)).strftime("%Y%m%d%H%M%S")


def _portal_code(dossier: dict[str, Any], row: dict[str, Any], catalog: Catalog | None) -> str:
    """The portal code of the published component a kept row matches (in any channel), else ""."""
    received = parse_when(dossier.get("received_at"))
    code = dossier.get("procedure_code")
    if catalog is None or received is None or not isinstance(code, str):
        return ""
    version = catalog.resolve(code.strip(), received.date).version
    if version is None:
        return ""
    for channel in ("direct", "online", "postal"):
        comp = version.index(channel).match(row.get("code"), row.get("name"))
        if comp is not None:
            return getattr(comp, "portal_code", None) or ""
    return ""


def to_portal(
    dossier: dict[str, Any], catalog: Catalog | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A native dossier as one ``DongBoHoSoMC`` record and its ``CapNhatTienDoHoSoMC`` progress rows."""
    d = dossier
    outcome = d.get("outcome")
    rejection = d.get("rejection") if isinstance(d.get("rejection"), dict) else {}
    if outcome == "rejected":
        status = "3"
    elif d.get("returned_at"):
        status = "10"
    elif d.get("resolved_at"):
        status = "9"
    else:
        status = "4"
    applicant = d.get("applicant") if isinstance(d.get("applicant"), dict) else {}
    record: dict[str, Any] = {
        "MaHoSo": d.get("code"),
        "MaTTHC": d.get("procedure_code"),
        "ChuHoSo": applicant.get("name") or "",
        "SoDienThoai": applicant.get("phone") or "",
        "Email": applicant.get("email") or "",
        "NgayTiepNhan": stamp(d.get("received_at")),
        "NgayHenTra": stamp(appointment_of(d)),
        "TrangThaiHoSo": status,
        "NgayKetThucXuLy": stamp(d.get("resolved_at")),
        "NgayTra": stamp(d.get("returned_at")),
        "HinhThuc": "0",
        "DonViXuLy": d.get("receiving_unit"),
        "KenhThucHien": CHANNEL_CODES.get(d.get("channel"), ""),
        "NgayTuChoi": stamp(rejection.get("issued_at")) if outcome == "rejected" else "",
        "DinhDanhCHS": [{"LoaiDinhDanh": "1", "SoDinhDanh": applicant.get("id_number") or "000000001"}],
        "TaiLieuNop": [
            {
                "TepDinhKemId": str(i + 1),
                "TenTepDinhKem": f"{row.get('name') or row.get('code')}.pdf",
                "MaThanhPhanHoSo": _portal_code(d, row, catalog),
                "IsDeleted": "False",
            }
            for i, row in enumerate(d.get("components") or [])
            if isinstance(row, dict)
        ],
        "DanhSachHoSoBoSung": [
            {
                "NgayBoSung": stamp(r.get("issued_at")),
                "NoiDungBoSung": "; ".join(r.get("items") or []),
                "NguoiYeuCauBoSung": r.get("issued_by") or "",
            }
            for r in d.get("supplement_requests") or []
            if isinstance(r, dict)
        ],
    }
    rows = [
        {
            "MaHoSo": d.get("code"),
            "NguoiXuLy": row.get("giver") or "",
            "ChucDanh": "",
            "ThoiDiemXuLy": stamp(row.get("handed_at")),
            "PhongBanXuLy": row.get("from_unit") or "",
            "NoiDungXuLy": STEP_TEXT,
            "TrangThai": "4",
            "NgayKetThucTheoQuyDinh": _status_deadline(row),
        }
        for row in timed_handovers(d)
    ]
    return record, rows
