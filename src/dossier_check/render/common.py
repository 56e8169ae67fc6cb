"""What the text and HTML renderings of an audit share: number and rate formatting, labels, rule texts.

Vietnamese by default, English with ``lang="en"``. A rule's title and legal basis come from the rule
registry (:mod:`dossier_check.rules`), the one place they are written.
"""

from __future__ import annotations

import re
import unicodedata

from ..reasons import reason_text
from ..rules import Rule, get_rule
from ..summary import AuditSummary

__all__ = [
    "LABELS",
    "fmt_int",
    "fmt_rate",
    "format_label",
    "legal_basis_text",
    "month_label",
    "not_evaluable_rows",
    "rule_legal_basis",
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
        "skipped": "Bị bỏ qua khi duyệt thư mục (mục ẩn, hoặc tệp không phải .json/.jsonl/.ndjson/.zip/.gz/.xlsx/.csv)",
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
        "legal_basis": "Căn cứ pháp lý",
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
        "indicators_left_out": "Hồ sơ không tính vào chỉ số, theo lý do",
        "indicator": "Chỉ số",
        "indicators_by": "Các chỉ số {by}",
        "toc_indicators": "Chỉ số 766",
        "listed": "Liệt kê",
        "unit_failing": "{n} hồ sơ không đạt",
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
        "skipped": "Passed over while walking directories (hidden entries, files not .json/.jsonl/.ndjson/.zip/.gz/.xlsx/.csv)",
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
        "legal_basis": "Legal basis",
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
        "indicators_left_out": "Dossiers left out of an indicator, by reason",
        "indicator": "Indicator",
        "indicators_by": "The indicators {by}",
        "toc_indicators": "Indicators (766)",
        "listed": "Listed",
        "unit_failing": "{n} failing dossiers",
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


def _registered(code: str) -> Rule | None:
    try:
        return get_rule(code)
    except KeyError:
        return None


def rule_title(code: str, summary: AuditSummary, lang: str) -> str:
    """A rule's short report title; for a code not registered here, the name its findings carried."""
    r = _registered(code)
    return r.title[lang] if r is not None else summary.rule_names.get(code, code)


def rule_legal_basis(code: str) -> tuple[str, ...]:
    """The legal basis of a registered rule; ``()`` for a code not registered here."""
    r = _registered(code)
    return r.legal_basis if r is not None else ()


def legal_basis_text(basis: tuple[str, ...] | list[str]) -> str:
    """Citations as one cell: joined by "; " (a citation itself never contains one)."""
    return "; ".join(basis)


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
