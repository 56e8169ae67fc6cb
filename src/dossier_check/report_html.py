"""The audit summary (counters by rule, procedure, receiving unit and month) and its two renderings.

:class:`AuditSummary` is what a batch audit keeps besides the per-dossier records: counters, and a capped
list of failing dossiers and unreadable inputs. Workers build one per chunk of input; the parent merges
them in input order, so the summary is the same whatever the number of workers. :func:`text_tables`
prints it for people (``dossier-check audit --format text``); :func:`render_html` writes the
self-contained inspection report (``--report FILE.html``): one file, no network, no script, inline CSS
and SVG bar charts, every value escaped. Vietnamese by default, English with ``lang="en"``.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DETAIL_CAP",
    "RULE_TITLES",
    "AuditSummary",
    "FailingDossier",
    "InputFile",
    "ReportMeta",
    "fmt_int",
    "fmt_rate",
    "render_html",
    "text_tables",
    "unit_key",
]

DETAIL_CAP = 2000
"""Failing dossiers listed in detail in the HTML report; the counters always cover every dossier."""
ERROR_CAP = 2000
"""Unreadable inputs listed by source and reason in the HTML report."""
VIOLATION_CAP = 50
"""Violations listed per failing dossier in the HTML report."""
CHART_CAP = 30
"""Bars drawn per chart (the tables list every row)."""

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


def unit_key(name: object) -> str:
    """How receiving units are grouped: NFC, trimmed, inner white space collapsed (case kept for display)."""
    if not isinstance(name, str):
        return ""
    return " ".join(unicodedata.normalize("NFC", name).split())


@dataclass
class FailingDossier:
    """A failing dossier kept for the detailed list of the HTML report."""

    source: str
    dossier_code: str | None
    procedure_code: str | None
    receiving_unit: str
    received_date: str
    violations: list[tuple[str, str, str, str]]
    """``(code, severity, path, message)``, capped at :data:`VIOLATION_CAP`."""
    more: int = 0


@dataclass
class AuditSummary:
    """Counters of one audit (or one chunk of it), mergeable in input order.

    ``by_rule`` maps a code to ``[dossiers with it, violations]``; ``by_procedure``, ``by_unit`` and
    ``by_month`` map a key (``""`` when unknown) to ``[checked, failed, violations]``.
    """

    records: int = 0
    passed: int = 0
    failed: int = 0
    unreadable: int = 0
    violations: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    by_rule: dict[str, list[int]] = field(default_factory=dict)
    rule_names: dict[str, str] = field(default_factory=dict)
    by_procedure: dict[str, list[int]] = field(default_factory=dict)
    by_unit: dict[str, list[int]] = field(default_factory=dict)
    by_month: dict[str, list[int]] = field(default_factory=dict)
    failing: list[FailingDossier] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def checked(self) -> int:
        """Dossiers actually checked (read as a JSON object): passed + failed."""
        return self.passed + self.failed

    def add_record(self, record: Mapping[str, Any], unit: str, received_date: str, keep_detail: bool) -> None:
        """Count one output record (SPEC §7 shape) of a dossier received by ``unit`` on ``received_date``.

        ``received_date`` is the local date ``YYYY-MM-DD`` (``""`` when unknown); ``keep_detail`` keeps the
        failing dossier for the HTML report's list; unreadable inputs are always kept (both capped).
        """
        self.records += 1
        status = record["status"]
        if status == "error":
            self.unreadable += 1
            if len(self.errors) < ERROR_CAP:
                self.errors.append((record["source"], record["error"] or ""))
            return
        failed = status == "fail"
        if failed:
            self.failed += 1
        else:
            self.passed += 1
        vios = record["violations"]
        n = len(vios)
        self.violations += n
        seen: set[str] = set()
        for v in vios:
            code = v["code"]
            sev = v["severity"]
            self.by_severity[sev] = self.by_severity.get(sev, 0) + 1
            row = self.by_rule.get(code)
            if row is None:
                row = self.by_rule[code] = [0, 0]
                self.rule_names[code] = v["rule"]
            row[1] += 1
            if code not in seen:
                seen.add(code)
                row[0] += 1
        proc = record["procedure_code"]
        for table, key in (
            (self.by_procedure, proc.strip() if isinstance(proc, str) else ""),
            (self.by_unit, unit),
            (self.by_month, received_date[:7]),
        ):
            row = table.get(key)
            if row is None:
                row = table[key] = [0, 0, 0]
            row[0] += 1
            row[1] += failed
            row[2] += n
        if failed and keep_detail and len(self.failing) < DETAIL_CAP:
            kept = [(v["code"], v["severity"], v["path"], v["message"]) for v in vios[:VIOLATION_CAP]]
            self.failing.append(
                FailingDossier(
                    record["source"],
                    record["dossier_code"],
                    proc,
                    unit,
                    received_date,
                    kept,
                    max(0, n - VIOLATION_CAP),
                )
            )

    def merge(self, other: AuditSummary) -> None:
        """Add ``other`` (the next chunk in input order) to this summary."""
        self.records += other.records
        self.passed += other.passed
        self.failed += other.failed
        self.unreadable += other.unreadable
        self.violations += other.violations
        for k, n in other.by_severity.items():
            self.by_severity[k] = self.by_severity.get(k, 0) + n
        self.rule_names.update(other.rule_names)
        for mine, theirs in (
            (self.by_rule, other.by_rule),
            (self.by_procedure, other.by_procedure),
            (self.by_unit, other.by_unit),
            (self.by_month, other.by_month),
        ):
            for key, row in theirs.items():
                have = mine.get(key)
                if have is None:
                    mine[key] = list(row)
                else:
                    for i, n in enumerate(row):
                        have[i] += n
        room = DETAIL_CAP - len(self.failing)
        if room > 0:
            self.failing.extend(other.failing[:room])
        room = ERROR_CAP - len(self.errors)
        if room > 0:
            self.errors.extend(other.errors[:room])
        self.skipped.extend(other.skipped)


@dataclass(frozen=True)
class InputFile:
    """One input file as the report header records it (``sha256`` None when it could not be read)."""

    path: str
    size: int | None
    sha256: str | None


@dataclass(frozen=True)
class ReportMeta:
    """What the report header records about the run."""

    version: str
    generated_at: str
    as_of: str
    inputs: Sequence[str]
    files: Sequence[InputFile]
    file_count: int
    catalog: Sequence[tuple[str, str, str, str, str]]
    """``(code, name, decision, valid_from, valid_to or "")`` per procedure version."""
    select: str = ""
    ignore: str = ""


def _title(code: str, summary: AuditSummary, lang: str) -> str:
    return RULE_TITLES[lang].get(code) or summary.rule_names.get(code, code)


def _month_label(key: str, lang: str) -> str:
    if not key:
        return LABELS[lang]["unknown"]
    year, month = key.split("-")
    return f"{month}/{year}" if lang == "vi" else key


def _rows_units(summary: AuditSummary) -> list[tuple[str, list[int]]]:
    return sorted(summary.by_unit.items(), key=lambda kv: (-kv[1][2], -kv[1][1], kv[0]))


def totals_line(summary: AuditSummary, lang: str) -> str:
    """One sentence accounting for every input: records, checked, passed, failed, unreadable, skipped."""
    t = LABELS[lang]
    rate = f", {fmt_rate(summary.failed, summary.checked, lang)}" if summary.checked else ""
    return t["totals"].format(
        records=fmt_int(summary.records, lang),
        checked=fmt_int(summary.checked, lang),
        passed=fmt_int(summary.passed, lang),
        failed=fmt_int(summary.failed, lang),
        rate=rate,
        unreadable=fmt_int(summary.unreadable, lang),
        skipped=fmt_int(len(summary.skipped), lang),
    )


def _text_table(header: Sequence[str], rows: Iterable[Sequence[str]], right: set[int]) -> list[str]:
    rows = [list(header), *[list(r) for r in rows]]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    out = []
    for n, r in enumerate(rows):
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(r)]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def text_tables(summary: AuditSummary, lang: str, *, error_lines: int = 20) -> str:
    """The audit summary for people: totals, then tables by rule, procedure, receiving unit and month."""
    t = LABELS[lang]
    lines = [t["title"], "", totals_line(summary, lang)]
    if summary.skipped:
        shown = summary.skipped[:error_lines]
        lines.append(
            f"{t['skipped']}: " + ", ".join(shown) + (" …" if len(summary.skipped) > len(shown) else "")
        )
    checked = summary.checked

    def n(k: int) -> str:
        return fmt_int(k, lang)

    lines += ["", t["by_rule"]]
    if summary.by_rule:
        rows = [
            (code, _title(code, summary, lang), n(d), fmt_rate(d, checked, lang), n(v))
            for code, (d, v) in sorted(summary.by_rule.items())
        ]
        lines += _text_table(
            (t["code"], t["rule"], t["dossiers"], t["rate"], t["violations"]), rows, {2, 3, 4}
        )
        lines.append(t["rate_note"])
    else:
        lines.append(t["none"])
    for title, key_label, table, keyfmt in (
        (t["by_procedure"], t["procedure"], sorted(summary.by_procedure.items()), None),
        (t["by_unit"], t["unit"], _rows_units(summary), None),
        (t["by_month"], t["month"], sorted(summary.by_month.items()), "month"),
    ):
        lines += ["", title]
        if not table:
            lines.append(t["none"])
            continue
        rows = [
            (
                (_month_label(k, lang) if keyfmt else (k or t["unknown"])),
                n(c),
                n(f),
                fmt_rate(f, c, lang),
                n(v),
            )
            for k, (c, f, v) in table
        ]
        lines += _text_table(
            (key_label, t["checked"], t["failed"], t["fail_rate"], t["violations"]), rows, {1, 2, 3, 4}
        )
    if summary.unreadable:
        lines += ["", f"{t['errors']} ({n(summary.unreadable)})"]
        for source, reason in summary.errors[:error_lines]:
            lines.append(f"  {source}: {reason}")
        if summary.unreadable > min(len(summary.errors), error_lines):
            lines.append("  …")
    return "\n".join(lines) + "\n"


# --- HTML -------------------------------------------------------------------------------------------

_CSS = """
:root{--ink:#1d2530;--muted:#5b6675;--line:#d5dbe3;--bad:#b3261e;--warn:#9a6700;--ok:#1a7f37;--bar:#2f6fb0}
*{box-sizing:border-box}
body{font-family:system-ui,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;color:var(--ink);
margin:0 auto;max-width:1200px;padding:24px;line-height:1.45;font-size:14px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:2px solid var(--line);
padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef2f7}td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Consolas,monospace;font-size:12px;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:140px}
.card b{display:block;font-size:22px}.card.bad b{color:var(--bad)}.card.ok b{color:var(--ok)}
.card.warn b{color:var(--warn)}.muted{color:var(--muted)}
.sev-error{color:var(--bad);font-weight:600}.sev-warning{color:var(--warn);font-weight:600}
.sev-info{color:var(--muted)}ul.v{margin:0;padding-left:18px}
svg text{font-family:inherit;font-size:12px;fill:var(--ink)}svg .bar{fill:var(--bar)}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}tr{break-inside:avoid}}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _table(header: Sequence[tuple[str, bool]], rows: Iterable[Sequence[str]]) -> str:
    """A table; cells are already-escaped HTML; ``header`` gives (label, numeric)."""
    head = "".join(f'<th class="n">{_e(h)}</th>' if num else f"<th>{_e(h)}</th>" for h, num in header)
    body = []
    for r in rows:
        cells = "".join(
            f'<td class="n">{c}</td>' if header[i][1] else f"<td>{c}</td>" for i, c in enumerate(r)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _bar_chart(title: str, items: Sequence[tuple[str, int, str]], lang: str) -> str:
    """A horizontal bar chart in inline SVG: ``(label, value, value text)`` per bar."""
    t = LABELS[lang]
    total = len(items)
    items = items[:CHART_CAP]
    if not items:
        return ""
    label_w, bar_w, row_h, pad = 330, 560, 22, 6
    width = label_w + bar_w + 120
    height = row_h * len(items) + 2 * pad
    top = max((v for _, v, _ in items), default=0) or 1
    parts = [
        f"<figure><figcaption><b>{_e(title)}</b></figcaption>"
        f'<svg role="img" aria-label="{_e(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
    ]
    for i, (label, value, value_text) in enumerate(items):
        y = pad + i * row_h
        w = max(1, round(bar_w * value / top)) if value else 0
        short = label if len(label) <= 44 else label[:43] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end"><title>{_e(label)}</title>{_e(short)}</text>'
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 6}" rx="2"/>'
            f'<text x="{label_w + w + 6}" y="{y + 15}">{_e(value_text)}</text>'
        )
    parts.append("</svg>")
    if total > len(items):
        parts.append(f'<p class="muted">{_e(t["chart_capped"].format(shown=len(items), total=total))}</p>')
    parts.append("</figure>")
    return "".join(parts)


def _breakdown(
    summary: AuditSummary, rows: Sequence[tuple[str, list[int]]], key_label: str, lang: str
) -> str:
    t = LABELS[lang]

    def n(k: int) -> str:
        return _e(fmt_int(k, lang))

    if not rows:
        return f"<p>{_e(t['none'])}</p>"
    return _table(
        (
            (key_label, False),
            (t["checked"], True),
            (t["failed"], True),
            (t["fail_rate"], True),
            (t["violations"], True),
        ),
        ((_e(k), n(c), n(f), _e(fmt_rate(f, c, lang)), n(v)) for k, (c, f, v) in rows),
    )


def render_html(summary: AuditSummary, meta: ReportMeta, lang: str = "vi") -> str:
    """The self-contained HTML inspection report (no script, no external resource, everything escaped)."""
    if lang not in LABELS:
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    t = LABELS[lang]

    def n(k: int) -> str:
        return _e(fmt_int(k, lang))

    checked = summary.checked
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(t['title'])}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>{_e(t['title'])}</h1>",
        f'<p class="muted">{_e(t["generated"])}: {_e(meta.generated_at)} · {_e(t["as_of"])}: '
        f"<b>{_e(meta.as_of)}</b> · {_e(t['version'])}: {_e(meta.version)}</p></header>",
    ]
    # Overview
    cards = [
        ("", t["records"], summary.records),
        ("", t["checked"], checked),
        ("ok", t["passed"], summary.passed),
        ("bad", t["failed"], summary.failed),
        ("warn" if summary.unreadable else "", t["unreadable"], summary.unreadable),
        ("", t["skipped_n"], len(summary.skipped)),
        ("", t["violations"], summary.violations),
    ]
    out.append(f'<section><h2>{_e(t["overview"])}</h2><div class="cards">')
    for cls, label, value in cards:
        out.append(f'<div class="card {cls}"><span class="muted">{_e(label)}</span><b>{n(value)}</b></div>')
    out.append(
        f'<div class="card bad"><span class="muted">{_e(t["fail_rate"])}</span>'
        f"<b>{_e(fmt_rate(summary.failed, checked, lang))}</b></div></div>"
    )
    out.append(f"<p>{_e(totals_line(summary, lang))}</p></section>")
    # By rule
    rules = sorted(summary.by_rule.items())
    out.append(f"<section><h2>{_e(t['by_rule'])}</h2>")
    ranked = sorted(rules, key=lambda kv: (-kv[1][0], kv[0]))
    out.append(
        _bar_chart(
            t["chart_rule"],
            [
                (
                    f"{code} {_title(code, summary, lang)}",
                    d,
                    f"{fmt_int(d, lang)} ({fmt_rate(d, checked, lang)})",
                )
                for code, (d, _v) in ranked
            ],
            lang,
        )
    )
    if rules:
        out.append(
            _table(
                (
                    (t["code"], False),
                    (t["rule"], False),
                    (t["dossiers"], True),
                    (t["rate"], True),
                    (t["violations"], True),
                ),
                (
                    (
                        f"<code>{_e(code)}</code>",
                        _e(_title(code, summary, lang)),
                        n(d),
                        _e(fmt_rate(d, checked, lang)),
                        n(v),
                    )
                    for code, (d, v) in rules
                ),
            )
        )
        out.append(f'<p class="muted">{_e(t["rate_note"])}</p>')
    else:
        out.append(f"<p>{_e(t['none'])}</p>")
    out.append("</section>")
    # By procedure
    names = {code: name for code, name, *_ in meta.catalog}
    procs = sorted(summary.by_procedure.items())
    out.append(f"<section><h2>{_e(t['by_procedure'])}</h2>")
    proc_rows = [(f"{k} {names[k]}" if k in names else (k or t["unknown"]), row) for k, row in procs]
    out.append(_breakdown(summary, proc_rows, t["procedure"], lang) + "</section>")
    # By unit
    units = [(k or t["unknown"], row) for k, row in _rows_units(summary)]
    out.append(f"<section><h2>{_e(t['by_unit'])}</h2>")
    out.append(_bar_chart(t["chart_unit"], [(k, row[2], fmt_int(row[2], lang)) for k, row in units], lang))
    out.append(_breakdown(summary, units, t["unit"], lang) + "</section>")
    # By month
    months = [(_month_label(k, lang), row) for k, row in sorted(summary.by_month.items())]
    out.append(f"<section><h2>{_e(t['by_month'])}</h2>")
    out.append(_bar_chart(t["chart_month"], [(k, row[2], fmt_int(row[2], lang)) for k, row in months], lang))
    out.append(_breakdown(summary, months, t["month"], lang) + "</section>")
    # Failing dossiers
    out.append(f"<section><h2>{_e(t['failing'])} ({n(summary.failed)})</h2>")
    if summary.failed > len(summary.failing):
        out.append(
            f'<p class="muted">{_e(t["failing_capped"].format(shown=fmt_int(len(summary.failing), lang), total=fmt_int(summary.failed, lang)))}</p>'
        )
    if summary.failing:
        rows = []
        for i, f in enumerate(summary.failing, start=1):
            items = "".join(
                f'<li><code>{_e(code)}</code> <span class="sev-{_e(sev)}">{_e(t.get("sev_" + sev, sev))}</span> '
                f"<code>{_e(path or '/')}</code> {_e(msg)}</li>"
                for code, sev, path, msg in f.violations
            )
            if f.more:
                items += f'<li class="muted">{_e(t["more_violations"].format(n=fmt_int(f.more, lang)))}</li>'
            rows.append(
                (
                    str(i),
                    f'<span class="mono">{_e(f.source)}</span>',
                    _e(f.dossier_code or t["no_code"]),
                    _e(f.procedure_code or t["unknown"]),
                    _e(f.receiving_unit or t["unknown"]),
                    _e(f.received_date or t["unknown"]),
                    f'<ul class="v">{items}</ul>',
                )
            )
        out.append(
            _table(
                (
                    ("#", True),
                    (t["source"], False),
                    (t["dossier_code"], False),
                    (t["procedure"], False),
                    (t["unit"], False),
                    (t["received"], False),
                    (t["violations"], False),
                ),
                rows,
            )
        )
    else:
        out.append(f"<p>{_e(t['none'])}</p>")
    out.append("</section>")
    # Unreadable inputs
    out.append(f"<section><h2>{_e(t['errors'])} ({n(summary.unreadable)})</h2>")
    if summary.unreadable > len(summary.errors):
        out.append(
            f'<p class="muted">{_e(t["errors_capped"].format(shown=fmt_int(len(summary.errors), lang), total=fmt_int(summary.unreadable, lang)))}</p>'
        )
    if summary.errors:
        out.append(
            _table(
                ((t["source"], False), (t["reason"], False)),
                ((f'<span class="mono">{_e(s)}</span>', _e(r)) for s, r in summary.errors),
            )
        )
    else:
        out.append(f"<p>{_e(t['none'])}</p>")
    out.append("</section>")
    # Inputs and catalogue (the provenance an inspection file needs)
    out.append(f"<section><h2>{_e(t['inputs'])}</h2>")
    out.append(f"<p><b>{_e(t['inputs_given'])}</b> ({n(len(meta.inputs))}): ")
    out.append(", ".join(f"<code>{_e(p)}</code>" for p in meta.inputs) + "</p>")
    out.append(f"<h3>{_e(t['files'])} ({n(meta.file_count)})</h3>")
    if meta.file_count > len(meta.files):
        out.append(
            f'<p class="muted">{_e(t["files_capped"].format(shown=fmt_int(len(meta.files), lang), total=fmt_int(meta.file_count, lang)))}</p>'
        )
    out.append(
        _table(
            ((t["file"], False), (t["size"], True), (t["sha256"], False)),
            (
                (
                    f'<span class="mono">{_e(f.path)}</span>',
                    n(f.size) if f.size is not None else "—",
                    f'<span class="mono">{_e(f.sha256 or "—")}</span>',
                )
                for f in meta.files
            ),
        )
    )
    out.append(f"<h3>{_e(t['skipped'])} ({n(len(summary.skipped))})</h3>")
    if summary.skipped:
        out.append(
            '<ul class="v">' + "".join(f'<li class="mono">{_e(s)}</li>' for s in summary.skipped) + "</ul>"
        )
    else:
        out.append(f"<p>{_e(t['no_skipped'])}</p>")
    out.append(f"<h3>{_e(t['catalog'])} ({n(len(meta.catalog))})</h3>")
    out.append(
        _table(
            ((t["code"], False), (t["procedure_name"], False), (t["decision"], False), (t["valid"], False)),
            (
                (f"<code>{_e(code)}</code>", _e(name), _e(decision), _e(f"{start} – {end or t['open']}"))
                for code, name, decision, start, end in meta.catalog
            ),
        )
    )
    selection = t["all_rules"]
    if meta.select or meta.ignore:
        selection = " ".join(
            x for x in (meta.select and f"select={meta.select}", meta.ignore and f"ignore={meta.ignore}") if x
        )
    out.append(f"<p><b>{_e(t['selection'])}</b>: {_e(selection)}</p></section>")
    out.append(f'<footer><p class="muted">{_e(t["footer"].format(version=meta.version))}</p></footer>')
    out.append("</body></html>\n")
    return "\n".join(out)
