"""The findings table's columns, headers and coded values, shared by the CSV and the XLSX findings sheet.

Headers are in the run's language. Coded values: in Vietnamese the result (``status``) and the severity
are shown in words (“Đạt”, “Cảnh báo”); in English they stay the codes the JSON records carry (``pass``,
``warning``), which are English words already, so an English file can be filtered like the JSON. The rule
code (``DC102``) and the rule's machine name (``excess-component``) are never translated: they are what a
filter or a script keys on in both languages.
"""

from __future__ import annotations

__all__ = ["COLUMNS", "HEADERS", "severity_value", "status_value"]

COLUMNS = (
    "source",
    "dossier_code",
    "procedure_code",
    "receiving_unit",
    "received_date",
    "status",
    "code",
    "rule",
    "severity",
    "path",
    "message",
    "legal_basis",
)
"""The columns' machine names, in order."""

HEADERS: dict[str, tuple[str, ...]] = {
    "vi": (
        "Nguồn dữ liệu",
        "Mã hồ sơ",
        "Mã thủ tục",
        "Đơn vị tiếp nhận",
        "Ngày tiếp nhận",
        "Kết quả kiểm tra",
        "Mã quy tắc",
        "Quy tắc",
        "Mức độ",
        "Vị trí trong hồ sơ",
        "Nội dung vi phạm",
        "Căn cứ pháp lý",
    ),
    "en": (
        "Source",
        "Dossier code",
        "Procedure code",
        "Receiving unit",
        "Date received",
        "Result",
        "Rule code",
        "Rule",
        "Severity",
        "Location in the record",
        "Finding",
        "Legal basis",
    ),
}
"""The header row per language, one title per column of :data:`COLUMNS`."""

_STATUS = {"pass": "Đạt", "fail": "Không đạt", "error": "Không đọc được", "skipped": "Bỏ qua"}
_SEVERITY = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}


def status_value(status: str, lang: str) -> str:
    """A record's result as the table shows it in ``lang``."""
    return _STATUS.get(status, status) if lang == "vi" else status


def severity_value(severity: str, lang: str) -> str:
    """A finding's severity as the table shows it in ``lang`` (empty stays empty)."""
    return _SEVERITY.get(severity, severity) if lang == "vi" else severity
