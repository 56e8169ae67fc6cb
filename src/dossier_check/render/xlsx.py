"""The audit as an Excel workbook (``dossier-check audit --format xlsx --output FILE.xlsx``).

Sheets, in the run's language: the findings (one row per violation plus one per unreadable input, like
the CSV, with real dates, a frozen header row, a filter, column widths, wrapped long texts and the legal
basis), then the summary tables by rule, receiving unit, procedure and month of receipt, the Decision
766/QĐ-TTg indicators with their formulas, and the rules not evaluable per source format.

The workbook is written in openpyxl's write-only mode: rows stream to temporary files as they come, so
memory stays bounded however large the audit. Every text cell is written as text — a value such as
``=HYPERLINK(…)`` from an export stays a string and can never become a formula — and characters XML
cannot carry are replaced, so any export can be written.

Workers hand the parent each finding as one JSON array line (:func:`row_line`); the parent adds them to
the findings sheet in input order (:class:`XlsxWriter`), then the summary sheets once the counts are in.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import orjson

from ..indicators import CHANNELS, DECISION, MEASURES, TEXTS, IndicatorTally
from ..reasons import reason_text, register_reason
from ..rules import get_rule
from ..summary import AuditSummary
from .columns import COLUMNS, HEADERS, severity_value, status_value
from .common import LABELS, format_label, legal_basis_text, rule_legal_basis, rule_title
from .quality import by_title, left_out, section_title

__all__ = ["COLUMNS", "NEEDS_OUTPUT", "XlsxWriter", "finding_cells", "row_line", "row_prefix"]

NEEDS_OUTPUT = register_reason(
    "xlsx-needs-output",
    vi="--format xlsx ghi ra một tệp Excel: hãy chỉ định --output TÊN_TỆP.xlsx (không ghi tệp nhị phân ra màn hình)",
    en="--format xlsx writes an Excel file: give --output FILE.xlsx (a binary file is never written to the terminal)",
)

_HEADERS = HEADERS
"""The findings sheet's columns are the CSV's, with the same titles (:mod:`.columns`)."""
_WIDTHS = (40, 28, 12, 40, 13, 14, 10, 30, 11, 32, 80, 48)
_WRAPPED = {"message", "legal_basis"}
_SHEETS = {
    "vi": {
        "findings": "Vi phạm",
        "rules": "Theo quy tắc",
        "units": "Theo bộ phận",
        "procedures": "Theo thủ tục",
        "months": "Theo tháng",
        "indicators": "Chỉ số 766",
        "not_evaluable": "Không đánh giá được",
    },
    "en": {
        "findings": "Findings",
        "rules": "By rule",
        "units": "By unit",
        "procedures": "By procedure",
        "months": "By month",
        "indicators": "Indicators 766",
        "not_evaluable": "Not evaluable",
    },
}
_DATE_FORMAT = {"vi": "dd/mm/yyyy", "en": "yyyy-mm-dd"}
_MONTH_FORMAT = {"vi": "mm/yyyy", "en": "yyyy-mm"}
_MAX_CELL = 32767  # characters Excel keeps in one cell
# What XML 1.0 cannot carry (the C0 controls but tab, newline and carriage return).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- workers: one finding, one line -------------------------------------------------------------------


def finding_cells(record: dict[str, Any], unit: str, date_text: str) -> list[list[str]]:
    """The rows of one record after the source cell: one per violation, one for unreadable input."""
    head = [record["dossier_code"] or "", record["procedure_code"] or "", unit, date_text]
    status = record["status"]
    if status == "error":
        return [[*head, status, "", "", "", "", record["error"] or "", ""]]
    return [
        [
            *head,
            status,
            v["code"],
            v["rule"],
            v["severity"],
            v["path"],
            v["message"],
            legal_basis_text(v["legal_basis"]),
        ]
        for v in record["violations"]
    ]


def row_line(source: str, cells: Sequence[str]) -> bytes:
    """One finding as a JSON array line: the source, then :func:`finding_cells`' cells."""
    return orjson.dumps([source, *cells]) + b"\n"


def row_prefix(text: str) -> bytes:
    """A row line up to the end of ``text`` inside its source string: a worker that reads a byte range of
    JSON Lines writes the path, the parent the line number, then the rest of :func:`row_line` with an
    empty source from the closing quote on (``line[2:]``)."""
    return orjson.dumps([text])[:-2]


# --- the parent: the workbook ---------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = _ILLEGAL.sub("\ufffd", text)
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


class _Stream:
    """A write-only byte stream for the zip writer: it needs each write to say how much it wrote, and
    takes a stream without ``seek``/``tell`` (a pipe, an atomic output) as unseekable.

    Once a write has failed (a full disk) the stream is ``broken`` and takes nothing more: the zip writer
    of an abandoned workbook, closed later by the garbage collector, must not write (or fail) again.
    """

    def __init__(self, target: Any) -> None:
        self.target = target
        self.broken = False

    def write(self, data: bytes) -> int:
        if self.broken:
            return len(data)
        try:
            self.target.write(data)
        except BaseException:
            self.broken = True
            raise
        return len(data)

    def flush(self) -> None:
        if not self.broken:
            self.target.flush()


class XlsxWriter:
    """The workbook of one audit: findings added as they come, summary sheets at the end, then saved."""

    def __init__(self, lang: str) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        self.lang = lang
        self.wb = Workbook(write_only=True)
        self._bold = Font(bold=True)
        self._fill = PatternFill("solid", fgColor="EEF2F7")
        self._wrap = Alignment(wrap_text=True, vertical="top")
        self._top = Alignment(vertical="top")
        self.findings = self._sheet("findings", _HEADERS[lang], _WIDTHS)
        self.rows = 1

    # -- cells ------------------------------------------------------------------------------------------
    def _text(self, ws: Any, value: object, *, wrap: bool = False, bold: bool = False) -> Any:
        """A cell that is text whatever it holds: never a formula, never a number."""
        from openpyxl.cell import WriteOnlyCell

        text = _clean("" if value is None else str(value))
        if not (wrap or bold or text.startswith("=")):
            return text  # openpyxl writes any other string as a string
        cell = WriteOnlyCell(ws, value=text)
        cell.data_type = "s"
        if wrap:
            cell.alignment = self._wrap
        if bold:
            cell.font = self._bold
        return cell

    def _number(self, ws: Any, value: float | int | None, fmt: str | None = None) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        if fmt:
            cell.number_format = fmt
        return cell

    def _date(self, ws: Any, iso: str, fmt: str) -> Any:
        if not _DATE_RE.match(iso):
            return self._text(ws, iso)
        try:
            d = date.fromisoformat(iso)
        except ValueError:
            return self._text(ws, iso)
        return self._number(ws, d, fmt)  # type: ignore[arg-type]

    def _sheet(self, key: str, headers: Sequence[str], widths: Sequence[float]) -> Any:
        """A new sheet with its column widths, a bold header row, frozen under it."""
        ws = self.wb.create_sheet(_SHEETS[self.lang][key])
        from openpyxl.utils import get_column_letter

        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "A2"
        header = []
        for h in headers:
            cell = self._text(ws, h, bold=True, wrap=True)
            cell.fill = self._fill
            header.append(cell)
        ws.append(header)
        return ws

    @staticmethod
    def _filter(ws: Any, columns: int, rows: int) -> None:
        from openpyxl.utils import get_column_letter

        ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(rows, 1)}"

    # -- findings ---------------------------------------------------------------------------------------
    def add_lines(self, blob: bytes) -> None:
        """Add the findings of one task's output: :func:`row_line` lines, in input order."""
        for line in blob.splitlines():
            if line:
                self.add(orjson.loads(line))

    def add(self, row: Sequence[str]) -> None:
        """Add one finding: the source then :func:`finding_cells`' cells, as the workers wrote them."""
        ws = self.findings
        cells = []
        for i, (name, value) in enumerate(zip(COLUMNS, row, strict=True)):
            if name == "received_date":
                cells.append(self._date(ws, value, _DATE_FORMAT[self.lang]))
            elif name == "status":
                cells.append(self._text(ws, status_value(value, self.lang)))
            elif name == "severity":
                cells.append(self._text(ws, severity_value(value, self.lang) if value else ""))
            else:
                cells.append(self._text(ws, value, wrap=COLUMNS[i] in _WRAPPED))
        ws.append(cells)
        self.rows += 1

    # -- summary sheets -----------------------------------------------------------------------------------
    def finish(self, summary: AuditSummary, names: dict[str, str], target: Any) -> None:
        """Add the summary sheets and write the workbook to ``target``."""
        self._filter(self.findings, len(COLUMNS), self.rows)
        self._rules(summary)
        self._breakdown(summary, "units", summary.by_unit.items(), None)
        self._breakdown(summary, "procedures", summary.by_procedure.items(), names)
        self._breakdown(summary, "months", summary.by_month.items(), None)
        self._indicators(summary, names)
        self._not_evaluable(summary)
        stream = _Stream(target)
        try:
            self.wb.save(stream)
        except BaseException:
            self._abandon(stream)
            raise

    def _abandon(self, stream: _Stream) -> None:
        """After a failed save: nothing of the workbook may write again, now or when it is collected."""
        stream.broken = True
        for ws in self.wb.worksheets:
            rows = getattr(ws, "_rows", None)
            if rows is not None:
                with contextlib.suppress(Exception):
                    rows.close()

    def _rules(self, summary: AuditSummary) -> None:
        t = LABELS[self.lang]
        notes_label = "Ghi chú về văn bản đã thay thế" if self.lang == "vi" else "Note on replaced texts"
        ws = self._sheet(
            "rules",
            (
                t["code"],
                t["rule"],
                t["evaluated"],
                t["dossiers"],
                t["rate"],
                t["violations"],
                t["legal_basis"],
                notes_label,
            ),
            (10, 48, 14, 12, 10, 12, 60, 60),
        )
        n = 1
        for code, (dossiers, violations) in sorted(summary.by_rule.items()):
            evaluated = summary.evaluated(code)
            try:
                note = get_rule(code).legal_notes[self.lang]
            except KeyError:
                note = ""
            ws.append(
                [
                    self._text(ws, code),
                    self._text(ws, rule_title(code, summary, self.lang), wrap=True),
                    self._number(ws, evaluated),
                    self._number(ws, dossiers),
                    self._number(ws, dossiers / evaluated if evaluated else None, "0.0%"),
                    self._number(ws, violations),
                    self._text(ws, legal_basis_text(rule_legal_basis(code)), wrap=True),
                    self._text(ws, note, wrap=True),
                ]
            )
            n += 1
        self._filter(ws, 8, n)

    def _breakdown(
        self,
        summary: AuditSummary,
        key: str,
        table: Iterable[tuple[str, list[int]]],
        names: dict[str, str] | None,
    ) -> None:
        t = LABELS[self.lang]
        first = {"units": t["unit"], "procedures": t["code"], "months": t["month"]}[key]
        headers = [first]
        widths: list[float] = [48 if key == "units" else 12]
        if names is not None:
            headers.append(t["procedure_name"])
            widths.append(60)
        headers += [t["checked"], t["failed"], t["fail_rate"], t["violations"]]
        widths += [14, 12, 14, 12]
        ws = self._sheet(key, headers, widths)
        n = 1
        for k, (checked, failed, violations) in sorted(table):
            if key == "months":
                first_cell = (
                    self._date(ws, f"{k}-01", _MONTH_FORMAT[self.lang]) if k else self._text(ws, t["unknown"])
                )
            else:
                first_cell = self._text(ws, k or t["unknown"], wrap=True)
            row = [first_cell]
            if names is not None:
                row.append(self._text(ws, names.get(k, ""), wrap=True))
            row += [
                self._number(ws, checked),
                self._number(ws, failed),
                self._number(ws, failed / checked if checked else None, "0.0%"),
                self._number(ws, violations),
            ]
            ws.append(row)
            n += 1
        self._filter(ws, len(headers), n)

    def _indicators(self, summary: AuditSummary, names: dict[str, str]) -> None:
        """One row per group (all, then each unit, procedure and month), the numbers as numbers; the
        formulas in words and the dossiers left out below."""
        q = TEXTS[self.lang]
        t = LABELS[self.lang]
        total = summary.indicator_total()
        measures = [m for m in MEASURES if m in total.durations]  # every group's units are in the total
        group_label = "Nhóm" if self.lang == "vi" else "Grouping"
        headers = [group_label, "Tên" if self.lang == "vi" else "Name"]
        headers += [
            f"2.1 {q['computed_on']}",
            f"2.1 {q['on_time_n']}",
            f"2.1 {q['late_n']}",
            f"2.1 {q['rate']}",
            f"2.1 {q['score']}",
            f"2.1 {q['left_out']}",
        ]
        for m in measures:
            headers += [f"2.2 {q['mean']} ({q[m]})", f"2.2 {q['computed_on']} ({q[m]})"]
        headers.append(f"2.2 {q['left_out']}")
        headers.append(f"3.3 {q['computed_on']}")
        headers += [f"3.3 {q[c]}" for c in CHANNELS]
        headers.append(f"3.3 {q['left_out']}")
        ws = self._sheet("indicators", headers, [22, 48] + [13] * (len(headers) - 2))
        n = 1
        for dim, key, tally in self._groups(summary):
            if dim == "":
                label, name = q["total"], ""
            else:
                label = by_title(dim, self.lang)
                name = key or t["unknown"]
                if dim == "procedure" and key in names:
                    name = f"{key} {names[key]}"
                elif dim == "month" and key:
                    name = f"{key[5:7]}/{key[:4]}" if self.lang == "vi" else key
            row = [self._text(ws, label), self._text(ws, name, wrap=True)]
            row += [
                self._number(ws, tally.timed),
                self._number(ws, tally.on_time),
                self._number(ws, tally.late),
                self._number(ws, tally.on_time_rate(), "0.0%"),
                self._number(ws, tally.on_time_score(), "0.00"),
                self._number(ws, sum(tally.timeliness_out.values())),
            ]
            for m in measures:
                count = tally.durations.get(m, [0, 0])[0]
                row += [self._number(ws, tally.mean(m), "0.0"), self._number(ws, count)]
            row.append(self._number(ws, sum(tally.duration_out.values())))
            row.append(self._number(ws, tally.channel_known))
            row += [self._number(ws, tally.channel_share(c), "0.0%") for c in CHANNELS]
            row.append(self._number(ws, sum(tally.channel_out.values())))
            ws.append(row)
            n += 1
        self._filter(ws, len(headers), n)
        # Below the table: what the numbers mean, and who was left out.
        ws.append([])
        ws.append([self._text(ws, section_title(self.lang), bold=True)])
        ws.append([self._text(ws, DECISION[self.lang], wrap=False)])
        for name, formula in (
            (q["on_time"], q["on_time_formula"]),
            (q["processing"], q["processing_formula"]),
            (q["channels"], q["channels_formula"]),
        ):
            ws.append([self._text(ws, name, bold=True)])
            ws.append([self._text(ws, formula)])
        ws.append([])
        ws.append([self._text(ws, t["indicators_left_out"], bold=True)])
        for number, reason, count in left_out(total, self.lang):
            ws.append([self._text(ws, number), self._text(ws, reason), self._number(ws, count)])

    @staticmethod
    def _groups(summary: AuditSummary) -> list[tuple[str, str, IndicatorTally]]:
        out = [("", "", summary.indicator_total())]
        for dim in ("unit", "procedure", "month"):
            out += [(dim, key, tally) for key, tally in summary.indicator_rows(dim)]
        return out

    def _not_evaluable(self, summary: AuditSummary) -> None:
        t = LABELS[self.lang]
        ws = self._sheet(
            "not_evaluable",
            (t["format"], t["code"], t["reason"], t["dossiers"], t["evaluated"]),
            (40, 10, 80, 12, 16),
        )
        n = 1
        for fmt, by_code in sorted(summary.not_evaluable.items()):
            for code, reasons in sorted(by_code.items()):
                for reason, count in sorted(reasons.items()):
                    ws.append(
                        [
                            self._text(ws, format_label(fmt, self.lang)),
                            self._text(ws, code),
                            self._text(ws, reason_text(reason, self.lang), wrap=True),
                            self._number(ws, count),
                            self._number(ws, summary.evaluated(code)),
                        ]
                    )
                    n += 1
        self._filter(ws, 5, n)
