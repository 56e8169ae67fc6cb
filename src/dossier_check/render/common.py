"""What the text and HTML renderings of an audit share: number and rate formatting, labels, rule titles.

Vietnamese by default, English with ``lang="en"``.
"""

from __future__ import annotations

import re
import unicodedata

from ..reasons import reason_text
from ..summary import AuditSummary

__all__ = [
    "LABELS",
    "RULE_TITLES",
    "fmt_int",
    "fmt_rate",
    "month_label",
    "rule_title",
    "terminal_safe",
    "units_ranked",
]

# Characters that are not shown as themselves: controls (C0, DEL, C1: ESC starts a terminal's escape
# sequence, CR overwrites a line), format characters (bidirectional overrides and isolates, zero-width
# characters: text that reads differently from what it is), line and paragraph separators, lone
# surrogates. The class is a superset, up to Unicode 15.1, of those categories; each match is confirmed
# against the running Python's Unicode data.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def _escaped(m: re.Match[str]) -> str:
    ch = m.group()
    if unicodedata.category(ch) not in _UNSAFE_CATEGORIES:
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def terminal_safe(text: str) -> str:
    """``text`` with every control, format and separator character shown as an escape (``\\x1b``,
    ``\\u202e``): what a dossier or a file name holds is shown, never obeyed by the terminal, and never
    reordered or hidden. For text meant for people (text output, summaries, messages, the HTML report)."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escaped, text)


# Short titles that name the defect, as an inspection report would word it (the rules' own summaries
# are in English; their messages describe one finding, not a count).
RULE_TITLES: dict[str, dict[str, str]] = {
    "vi": {
        "DC001": "Hồ sơ sai định dạng dữ liệu",
        "DC002": "Thủ tục không có trong danh mục đã công bố",
        "DC003": "Thủ tục không còn hiệu lực vào ngày tiếp nhận",
        "DC004": "Mã hồ sơ sai cấu trúc",
        "DC005": "Phần ngày của mã hồ sơ khác ngày tiếp nhận",
        "DC006": "Mã hồ sơ ghi không thống nhất giữa các biểu mẫu",
        "DC007": "Hạn tính theo lịch nghỉ lễ dự kiến",
        "DC101": "Thiếu thành phần hồ sơ bắt buộc",
        "DC102": "Nhận thừa thành phần hồ sơ",
        "DC103": "Giữ lại giấy tờ chỉ phải xuất trình",
        "DC104": "Thành phần hồ sơ không đúng hình thức quy định",
        "DC105": "Nhận thừa số lượng bản",
        "DC106": "Nhận thừa số bộ hồ sơ",
        "DC201": "Không có Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "DC202": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả thiếu thông tin",
        "DC203": "Hẹn trả kết quả quá thời hạn giải quyết",
        "DC204": "Giấy tiếp nhận ghi khác với hồ sơ",
        "DC205": "Giấy tiếp nhận ghi thời gian trước khi tiếp nhận",
        "DC206": "Chưa gửi Giấy tiếp nhận cho người nộp trực tuyến",
        "DC301": "Không có Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "DC302": "Phiếu kiểm soát quá trình giải quyết hồ sơ thiếu thông tin",
        "DC303": "Thời gian giao nhận không theo trình tự",
        "DC304": "Chuỗi giao nhận hồ sơ bị đứt",
        "DC305": "Giao nhận sau hạn nhưng không ghi “quá hạn”",
        "DC306": "Phiếu kiểm soát ghi khác với hồ sơ",
        "DC307": "Chuyển hồ sơ cho cơ quan giải quyết muộn",
        "DC401": "Không vào Sổ theo dõi hồ sơ",
        "DC402": "Sổ theo dõi hồ sơ thiếu thông tin",
        "DC403": "Sổ theo dõi hồ sơ ghi khác với hồ sơ",
        "DC501": "Yêu cầu bổ sung hồ sơ nhiều lần",
        "DC502": "Yêu cầu bổ sung không nêu rõ nội dung hoặc lý do",
        "DC503": "Yêu cầu bổ sung ở khâu thẩm định quá 03 ngày làm việc",
        "DC504": "Từ chối hồ sơ không nêu rõ lý do",
        "DC505": "Trả kết quả quá hạn không có văn bản xin lỗi",
        "DC506": "Văn bản xin lỗi lập muộn",
        "DC507": "Hẹn lại ngày trả kết quả quá một lần",
        "DC508": "Văn bản xin lỗi thiếu thông tin",
        "DC509": "Quá hạn cả ngày hẹn lại",
    },
    "en": {
        "DC001": "Record breaks the dossier format",
        "DC002": "Procedure not in the published catalogue",
        "DC003": "No version of the procedure in force on the receipt date",
        "DC004": "Malformed dossier code",
        "DC005": "Dossier-code date differs from the receipt date",
        "DC006": "Dossier code differs between forms",
        "DC007": "Deadline computed from a provisional holiday calendar",
        "DC101": "Required component missing",
        "DC102": "Component not in the published list",
        "DC103": "Show-only document kept",
        "DC104": "Component in a form not accepted",
        "DC105": "Too many copies of a component",
        "DC106": "Too many sets",
        "DC201": "No appointment slip",
        "DC202": "Appointment slip incomplete",
        "DC203": "Appointment beyond the statutory time limit",
        "DC204": "Appointment slip differs from the dossier",
        "DC205": "Appointment slip dated before receipt",
        "DC206": "Online appointment slip not delivered",
        "DC301": "No control slip",
        "DC302": "Control slip incomplete",
        "DC303": "Hand-over times out of order",
        "DC304": "Broken hand-over chain",
        "DC305": "Late hand-over not marked late",
        "DC306": "Control slip differs from the dossier",
        "DC307": "Late transfer to the deciding agency",
        "DC401": "No tracking-book entry",
        "DC402": "Tracking-book entry incomplete",
        "DC403": "Tracking-book entry differs from the dossier",
        "DC501": "Supplements requested more than once",
        "DC502": "Supplement request without items or reason",
        "DC503": "Appraisal supplement request after 3 working days",
        "DC504": "Rejection without a reason",
        "DC505": "Overdue result without an apology",
        "DC506": "Late apology",
        "DC507": "Return date rescheduled more than once",
        "DC508": "Apology incomplete",
        "DC509": "Overdue even after rescheduling",
    },
}

LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Báo cáo kiểm tra hồ sơ thủ tục hành chính",
        "generated": "Lập lúc",
        "as_of": "Thời điểm kiểm tra (hồ sơ chưa trả kết quả)",
        "version": "Phiên bản dossier-check",
        "inputs": "Đầu vào",
        "inputs_given": "Đường dẫn đã chỉ định",
        "files": "Tệp đã đọc",
        "file": "Tệp",
        "size": "Dung lượng (byte)",
        "sha256": "SHA-256",
        "files_capped": "Chỉ liệt kê {shown} trên {total} tệp.",
        "skipped": "Bị bỏ qua khi duyệt thư mục (mục ẩn, hoặc tệp không phải .json/.jsonl/.zip/.gz)",
        "no_skipped": "Không có tệp nào bị bỏ qua.",
        "catalog": "Danh mục thủ tục hành chính áp dụng",
        "code": "Mã",
        "procedure": "Thủ tục",
        "procedure_name": "Tên thủ tục",
        "decision": "Quyết định công bố",
        "valid": "Hiệu lực",
        "open": "nay",
        "selection": "Quy tắc áp dụng",
        "all_rules": "tất cả",
        "overview": "Tổng hợp",
        "records": "Bản ghi đã đọc",
        "checked": "Hồ sơ đã kiểm tra",
        "passed": "Đạt",
        "failed": "Không đạt",
        "unreadable": "Không đọc được",
        "skipped_n": "Mục bị bỏ qua",
        "violations": "Vi phạm",
        "fail_rate": "Tỷ lệ không đạt",
        "by_rule": "Theo quy tắc",
        "rule": "Nội dung",
        "dossiers": "Số hồ sơ",
        "rate": "Tỷ lệ",
        "rate_note": "Tỷ lệ = số hồ sơ có vi phạm / số hồ sơ đã kiểm tra.",
        "by_procedure": "Theo thủ tục",
        "by_unit": "Theo bộ phận tiếp nhận",
        "unit": "Bộ phận tiếp nhận",
        "by_month": "Theo tháng tiếp nhận",
        "month": "Tháng",
        "unknown": "(không rõ)",
        "none": "Không có.",
        "chart_rule": "Số hồ sơ có vi phạm, theo quy tắc",
        "chart_unit": "Số vi phạm, theo bộ phận tiếp nhận",
        "chart_month": "Số vi phạm, theo tháng tiếp nhận",
        "chart_capped": "Biểu đồ thể hiện {shown} trên {total} dòng; bảng bên dưới liệt kê đầy đủ.",
        "failing": "Hồ sơ không đạt",
        "failing_capped": "Liệt kê {shown} trên {total} hồ sơ không đạt (theo thứ tự đầu vào); "
        "các bảng tổng hợp tính trên toàn bộ hồ sơ.",
        "source": "Nguồn",
        "dossier_code": "Mã hồ sơ",
        "received": "Ngày tiếp nhận",
        "more_violations": "… và {n} vi phạm khác.",
        "errors": "Đầu vào không đọc được",
        "errors_capped": "Liệt kê {shown} trên {total} đầu vào không đọc được.",
        "reason": "Lý do",
        "sev_error": "lỗi",
        "sev_warning": "cảnh báo",
        "sev_info": "thông tin",
        "path": "Vị trí",
        "message": "Nội dung vi phạm",
        "totals": "Tổng cộng {records} bản ghi: {checked} hồ sơ đã kiểm tra ({passed} đạt, {failed} không đạt"
        "{rate}), {unreadable} không đọc được; {skipped} mục bị bỏ qua.",
        "footer": "Báo cáo do dossier-check {version} lập; tự chứa, mở được khi không có mạng.",
        "no_code": "(không có mã)",
        "not_evaluable": "Quy tắc không đánh giá được, theo định dạng nguồn",
        "not_evaluable_note": "Định dạng nguồn không chứa phần dữ liệu mà quy tắc cần: quy tắc không đạt cũng "
        "không vi phạm trên các hồ sơ đó và không được suy đoán.",
        "format": "Định dạng nguồn",
        "format_line": "{format}: {checked} hồ sơ đã kiểm tra",
        "evaluated": "Số hồ sơ được đánh giá",
        "rate_note_evaluated": "Tỷ lệ = số hồ sơ có vi phạm / số hồ sơ mà quy tắc được đánh giá.",
        "skipped_records": "Bản ghi bỏ qua, không kiểm tra: {n}.",
        "skips": "Bản ghi bỏ qua (không kiểm tra)",
        "fmt_native": "bản ghi hồ sơ (định dạng gốc)",
        "fmt_dvcqg": "dữ liệu đồng bộ lên Cổng Dịch vụ công quốc gia",
        "fmt_book": "Sổ theo dõi hồ sơ (bảng tính)",
    },
    "en": {
        "title": "Inspection report on administrative-procedure dossiers",
        "generated": "Generated",
        "as_of": "Audit time (for open dossiers)",
        "version": "dossier-check version",
        "inputs": "Inputs",
        "inputs_given": "Paths given",
        "files": "Files read",
        "file": "File",
        "size": "Size (bytes)",
        "sha256": "SHA-256",
        "files_capped": "Only {shown} of {total} files are listed.",
        "skipped": "Passed over while walking directories (hidden entries, files not .json/.jsonl/.zip/.gz)",
        "no_skipped": "No file was passed over.",
        "catalog": "Procedure catalogue applied",
        "code": "Code",
        "procedure": "Procedure",
        "procedure_name": "Procedure name",
        "decision": "Publishing decision",
        "valid": "In force",
        "open": "open",
        "selection": "Rules applied",
        "all_rules": "all",
        "overview": "Overview",
        "records": "Records read",
        "checked": "Dossiers checked",
        "passed": "Passed",
        "failed": "Failed",
        "unreadable": "Unreadable",
        "skipped_n": "Entries passed over",
        "violations": "Violations",
        "fail_rate": "Failure rate",
        "by_rule": "By rule",
        "rule": "Finding",
        "dossiers": "Dossiers",
        "rate": "Rate",
        "rate_note": "Rate = dossiers with the finding / dossiers checked.",
        "by_procedure": "By procedure",
        "by_unit": "By receiving unit",
        "unit": "Receiving unit",
        "by_month": "By month of receipt",
        "month": "Month",
        "unknown": "(unknown)",
        "none": "None.",
        "chart_rule": "Dossiers with the finding, by rule",
        "chart_unit": "Violations by receiving unit",
        "chart_month": "Violations by month of receipt",
        "chart_capped": "The chart shows {shown} of {total} rows; the table below lists them all.",
        "failing": "Failing dossiers",
        "failing_capped": "{shown} of {total} failing dossiers are listed (in input order); the summary "
        "tables count every dossier.",
        "source": "Source",
        "dossier_code": "Dossier code",
        "received": "Received",
        "more_violations": "… and {n} more violations.",
        "errors": "Unreadable inputs",
        "errors_capped": "{shown} of {total} unreadable inputs are listed.",
        "reason": "Reason",
        "sev_error": "error",
        "sev_warning": "warning",
        "sev_info": "info",
        "path": "Path",
        "message": "Message",
        "totals": "{records} records: {checked} dossiers checked ({passed} passed, {failed} failed{rate}), "
        "{unreadable} unreadable; passed over: {skipped}.",
        "footer": "Report generated by dossier-check {version}; self-contained, opens offline.",
        "no_code": "(no code)",
        "not_evaluable": "Rules not evaluable, by source format",
        "not_evaluable_note": "The source format does not carry a part of the data the rule reads: on those "
        "dossiers the rule is neither passed nor failed, and never guessed.",
        "format": "Source format",
        "format_line": "{format}: {checked} dossiers checked",
        "evaluated": "Evaluated on",
        "rate_note_evaluated": "Rate = dossiers with the finding / dossiers the rule was evaluated on.",
        "skipped_records": "Records skipped, not checked: {n}.",
        "skips": "Records skipped (not checked)",
        "fmt_native": "dossier records (native format)",
        "fmt_dvcqg": "National Public Service Portal sync records",
        "fmt_book": "tracking book (spreadsheet)",
    },
}


def fmt_int(n: int, lang: str) -> str:
    """A count with the thousands separator of the language (Vietnamese 1.234, English 1,234)."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "vi" else text


def fmt_rate(part: int, whole: int, lang: str) -> str:
    """A percentage with one decimal (Vietnamese 32,5%, English 32.5%); an em dash when ``whole`` is 0."""
    if whole <= 0:
        return "—"
    text = f"{100.0 * part / whole:.1f}%"
    return text.replace(".", ",") if lang == "vi" else text


def rule_title(code: str, summary: AuditSummary, lang: str) -> str:
    """The report's short title of a rule; the registered name for a code without one."""
    return RULE_TITLES[lang].get(code) or summary.rule_names.get(code, code)


def month_label(key: str, lang: str) -> str:
    """A month key ``YYYY-MM`` as the language writes it (Vietnamese ``MM/YYYY``); ``""`` is unknown."""
    if not key:
        return LABELS[lang]["unknown"]
    year, month = key.split("-")
    return f"{month}/{year}" if lang == "vi" else key


def format_label(fmt: str, lang: str) -> str:
    """The name of a source format in the language (the key itself for an unknown format)."""
    return LABELS[lang].get("fmt_" + fmt, fmt)


def not_evaluable_rows(summary: AuditSummary, lang: str) -> list[tuple[str, int, list[tuple[str, str, int]]]]:
    """Per source format (in name order): its label, dossiers checked, and ``(code, reason text, dossiers)``
    for every rule not evaluable on some of them, by code then reason."""
    out = []
    for fmt in sorted(summary.not_evaluable):
        by_code = summary.not_evaluable[fmt]
        rows = [
            (code, reason_text(reason, lang), n)
            for code in sorted(by_code)
            for reason, n in sorted(by_code[code].items())
        ]
        out.append((format_label(fmt, lang), summary.by_format.get(fmt, [0, 0, 0])[0], rows))
    return out


def units_ranked(summary: AuditSummary) -> list[tuple[str, list[int]]]:
    """Receiving units, most violations first (then most failed dossiers, then by name)."""
    return sorted(summary.by_unit.items(), key=lambda kv: (-kv[1][2], -kv[1][1], kv[0]))
