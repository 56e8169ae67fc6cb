"""Text for people: the verdict blocks of ``dossier-check check`` and the audit's summary tables.

:func:`text_block` and :func:`text_summary` print per-dossier records (:mod:`.records`) at the desk;
:func:`totals_line` and :func:`text_tables` print an :class:`~dossier_check.summary.AuditSummary`
(``dossier-check audit --format text``, and on stderr for the other formats).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..summary import AuditSummary
from . import quality
from .common import (
    LABELS,
    fmt_int,
    fmt_rate,
    legal_basis_text,
    month_label,
    not_evaluable_rows,
    rule_legal_basis,
    rule_title,
    terminal_safe,
    units_ranked,
)

__all__ = ["TEXT", "text_block", "text_summary", "text_tables", "totals_line", "verdict"]

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "pass": "ĐẠT",
        "fail": "KHÔNG ĐẠT",
        "error": "KHÔNG ĐỌC ĐƯỢC",
        "skipped_status": "BỎ QUA, KHÔNG KIỂM TRA",
        "error_sev": "lỗi",
        "warning": "cảnh báo",
        "info": "thông tin",
        "summary": "Tổng cộng {total} hồ sơ: {passed} đạt, {failed} không đạt, {unreadable} không đọc được.",
        "summary_skipped": " Bỏ qua, không kiểm tra: {skipped}.",
        "not_evaluable": "không đánh giá được (định dạng {format})",
        "skipped": "Bỏ qua {n} tệp không phải .json/.jsonl/.ndjson/.zip/.gz/.xlsx/.csv: {files}",
        "no_code": "(không có mã hồ sơ)",
    },
    "en": {
        "pass": "PASS",
        "fail": "FAIL",
        "error": "UNREADABLE",
        "skipped_status": "SKIPPED, NOT CHECKED",
        "error_sev": "error",
        "warning": "warning",
        "info": "info",
        "summary": "{total} dossiers: {passed} passed, {failed} failed, {unreadable} unreadable.",
        "summary_skipped": " Skipped, not checked: {skipped}.",
        "not_evaluable": "not evaluable ({format} format)",
        "skipped": "Skipped {n} files that are not .json/.jsonl/.ndjson/.zip/.gz/.xlsx/.csv: {files}",
        "no_code": "(no dossier code)",
    },
}

# Per severity (error, warning, info): one, then many.
_COUNTS = {
    "vi": (("{n} lỗi", "{n} lỗi"), ("{n} cảnh báo", "{n} cảnh báo"), ("{n} thông tin", "{n} thông tin")),
    "en": (("{n} error", "{n} errors"), ("{n} warning", "{n} warnings"), ("{n} info", "{n} info")),
}


def text_block(record: dict[str, Any], lang: str) -> str:
    """A desk officer's view of one dossier: a header, one line per violation, a one-line verdict."""
    t = TEXT[lang]
    head = f"{record['source']}  {record.get('dossier_code') or t['no_code']}"
    if record.get("procedure_code"):
        head += f"  ({record['procedure_code']})"
    lines = [head]
    if record["status"] in ("error", "skipped"):
        label = t["error"] if record["status"] == "error" else t["skipped_status"]
        lines.append(f"  {label}: {record['error']}")
        return _safe_lines(lines)
    counts = {"error": 0, "warning": 0, "info": 0}
    for v in record["violations"]:
        counts[v["severity"]] += 1
        sev = t["error_sev"] if v["severity"] == "error" else t[v["severity"]]
        lines.append(f"  {v['code']} {sev:<9} {v['path'] or '/'}  {v['message']}")
    if record.get("not_evaluable"):
        label = t["not_evaluable"].format(format=record.get("format"))
        lines.append(f"  {label}: {', '.join(record['not_evaluable'])}")
    lines.append(f"  → {verdict(record['status'], counts, lang)}")
    return _safe_lines(lines)


def _safe_lines(lines: Iterable[str]) -> str:
    """Lines joined for a terminal: what a dossier or a file name holds is shown escaped, never obeyed."""
    return "\n".join(terminal_safe(line) for line in lines)


def verdict(status: str, counts: dict[str, int], lang: str) -> str:
    """The status and what was found: "KHÔNG ĐẠT (4 lỗi, 1 cảnh báo)", "PASS (1 warning)", "ĐẠT"."""
    found = [
        forms[n != 1].format(n=n)
        for forms, sev in zip(_COUNTS[lang], ("error", "warning", "info"), strict=True)
        if (n := counts.get(sev, 0))
    ]
    return TEXT[lang][status] + (f" ({', '.join(found)})" if found else "")


def text_summary(records: Iterable[dict[str, Any]], lang: str) -> str:
    """The closing line of ``check``: how many dossiers passed, failed or could not be read."""
    total = passed = failed = unreadable = skipped = 0
    for r in records:
        total += 1
        passed += r["status"] == "pass"
        failed += r["status"] == "fail"
        unreadable += r["status"] == "error"
        skipped += r["status"] == "skipped"
    line = TEXT[lang]["summary"].format(total=total, passed=passed, failed=failed, unreadable=unreadable)
    return line + TEXT[lang]["summary_skipped"].format(skipped=skipped) if skipped else line


def totals_line(summary: AuditSummary, lang: str) -> str:
    """One sentence accounting for every input: records, checked, passed, failed, unreadable, skipped."""
    t = LABELS[lang]
    rate = f", {fmt_rate(summary.failed, summary.checked, lang)}" if summary.checked else ""
    line = t["totals"].format(
        records=fmt_int(summary.records, lang),
        checked=fmt_int(summary.checked, lang),
        passed=fmt_int(summary.passed, lang),
        failed=fmt_int(summary.failed, lang),
        rate=rate,
        unreadable=fmt_int(summary.unreadable, lang),
        skipped=fmt_int(len(summary.skipped), lang),
    )
    if summary.skipped_records:
        line += " " + t["skipped_records"].format(n=fmt_int(summary.skipped_records, lang))
    return line


def _text_table(header: Sequence[str], rows: Iterable[Sequence[str]], right: set[int]) -> list[str]:
    rows = [list(header), *[[terminal_safe(c) for c in r] for r in rows]]  # escaped before measuring
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    out = []
    for n, r in enumerate(rows):
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(r)]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def _indicator_lines(summary: AuditSummary, lang: str) -> list[str]:
    """The service-quality indicators: the result of each over the audit, the dossiers left out and why,
    the formula in words, then one table per grouping."""
    total = summary.indicator_total()
    if not summary.checked:
        return []
    lines = ["", quality.section_title(lang)]
    for name, result, formula in quality.summary_lines(summary, lang):
        lines += ["", name, f"  {result}", f"  {formula}"]
    gone = quality.left_out(total, lang)
    if gone:
        lines += ["", LABELS[lang]["indicators_left_out"]]
        lines += [f"  {number}  {reason}: {fmt_int(k, lang)}" for number, reason, k in gone]
    measures = quality.measures_of(total)
    head = quality.indicator_header(lang, measures)
    for dim in quality.DIMENSIONS:
        rows = summary.indicator_rows(dim)
        if not rows:
            continue
        lines += ["", LABELS[lang]["indicators_by"].format(by=quality.by_title(dim, lang))]
        table = [
            [quality.key_label(dim, key, lang), *quality.indicator_row(tally, lang, measures)]
            for key, tally in rows
        ]
        lines += _text_table(
            [LABELS[lang][dim], *(f"{number} {label}" for number, label in head)],
            table,
            set(range(1, len(head) + 1)),
        )
    return lines


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
    if summary.by_rule and summary.any_not_evaluable:
        # Some rules could not be evaluated on every dossier: each rate is over the dossiers it was evaluated on.
        ev_rows = []
        for code, (d, v) in sorted(summary.by_rule.items()):
            ev = summary.evaluated(code)
            ev_rows.append((code, rule_title(code, summary, lang), n(ev), n(d), fmt_rate(d, ev, lang), n(v)))
        lines += _text_table(
            (t["code"], t["rule"], t["evaluated"], t["dossiers"], t["rate"], t["violations"]),
            ev_rows,
            {2, 3, 4, 5},
        )
        lines.append(t["rate_note_evaluated"])
    elif summary.by_rule:
        rows = [
            (code, rule_title(code, summary, lang), n(d), fmt_rate(d, checked, lang), n(v))
            for code, (d, v) in sorted(summary.by_rule.items())
        ]
        lines += _text_table(
            (t["code"], t["rule"], t["dossiers"], t["rate"], t["violations"]), rows, {2, 3, 4}
        )
        lines.append(t["rate_note"])
        lines += ["", t["legal_basis"]]
        lines += [
            f"  {code}  {legal_basis_text(rule_legal_basis(code)) or '—'}" for code in sorted(summary.by_rule)
        ]
    else:
        lines.append(t["none"])
    if summary.any_not_evaluable:
        lines += ["", t["not_evaluable"]]
        for label, fmt_checked, ne_rows in not_evaluable_rows(summary, lang):
            lines.append(t["format_line"].format(format=label, checked=n(fmt_checked)))
            ne_table = [(code, reason, n(k), n(summary.evaluated(code))) for code, reason, k in ne_rows]
            lines += [
                "  " + row
                for row in _text_table(
                    (t["code"], t["reason"], t["dossiers"], t["evaluated"]), ne_table, {2, 3}
                )
            ]
        lines.append(t["not_evaluable_note"])
    for title, key_label, table, keyfmt in (
        (t["by_procedure"], t["procedure"], sorted(summary.by_procedure.items()), None),
        (t["by_unit"], t["unit"], units_ranked(summary), None),
        (t["by_month"], t["month"], sorted(summary.by_month.items()), "month"),
    ):
        lines += ["", title]
        if not table:
            lines.append(t["none"])
            continue
        rows = [
            (
                (month_label(k, lang) if keyfmt else (k or t["unknown"])),
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
    lines += _indicator_lines(summary, lang)
    if summary.skipped_records:
        lines += ["", f"{t['skips']} ({n(summary.skipped_records)})"]
        for source, reason in summary.skips[:error_lines]:
            lines.append(f"  {source}: {reason}")
        if summary.skipped_records > min(len(summary.skips), error_lines):
            lines.append("  …")
    if summary.unreadable:
        lines += ["", f"{t['errors']} ({n(summary.unreadable)})"]
        for source, reason in summary.errors[:error_lines]:
            lines.append(f"  {source}: {reason}")
        if summary.unreadable > min(len(summary.errors), error_lines):
            lines.append("  …")
    return _safe_lines(lines) + "\n"
