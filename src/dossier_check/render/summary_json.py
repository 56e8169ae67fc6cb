"""The whole audit summary as JSON (``dossier-check audit --summary FILE.json``).

A stable, documented structure for other programs: the totals, every rule with the dossiers it was
evaluated on and its legal basis, the tables by procedure, receiving unit and month of receipt, the
rules not evaluable per source format, and the Decision 766/QĐ-TTg indicators with their formulas in
words. Its JSON Schema is the package's ``schemas/summary.schema.json``; ``format_version`` changes only when a field
changes meaning or disappears (adding a field does not change it).

Conventions: keys are English; texts meant for people (rule titles, reasons, formulas) are in the run's
language, given in ``lang``; a key that is unknown (a dossier without a readable month or receiving unit)
is ``""``; rates and shares are fractions between 0 and 1 (``null`` when nothing was counted); lists are
sorted by their key, so two runs over the same inputs give the same document whatever ``--jobs`` is
(``generated_at`` aside).
"""

from __future__ import annotations

from typing import Any

import orjson

from ..indicators import DECISION, ON_TIME_POINTS, TEXTS, IndicatorTally
from ..reasons import reason_text
from ..rules import get_rule
from ..summary import AuditSummary, ReportMeta
from .common import format_label, rule_legal_basis, rule_title

__all__ = ["FORMAT", "FORMAT_VERSION", "summary_document", "summary_json"]

FORMAT = "dossier-check-summary"
FORMAT_VERSION = 1


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 6) if whole > 0 else None


def _tally(tally: IndicatorTally, lang: str) -> dict[str, Any]:
    doc = tally.to_dict()
    for indicator in doc.values():
        for row in indicator["left_out"]:
            row["text"] = reason_text(row["reason"], lang)
    return doc


def _notes(code: str, lang: str) -> str:
    try:
        return get_rule(code).legal_notes[lang]
    except KeyError:
        return ""


def summary_document(summary: AuditSummary, meta: ReportMeta, lang: str = "vi") -> dict[str, Any]:
    """The summary as plain JSON-ready data (see the module's documentation and the JSON Schema)."""
    names = {code: name for code, name, *_ in meta.catalog}
    q = TEXTS[lang]
    breakdown = {
        dim: [
            {
                "key": key,
                **({"name": names.get(key, "")} if dim == "procedure" else {}),
                "checked": c,
                "failed": f,
                "violations": v,
                "fail_rate": _ratio(f, c),
            }
            for key, (c, f, v) in sorted(table.items())
        ]
        for dim, table in (
            ("procedure", summary.by_procedure),
            ("unit", summary.by_unit),
            ("month", summary.by_month),
        )
    }
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generator": {"name": "dossier-check", "version": meta.version},
        "lang": lang,
        "generated_at": meta.generated_at,
        "as_of": meta.as_of,
        "inputs": {
            "paths": list(meta.inputs),
            "file_count": meta.file_count,
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in meta.files],
            "passed_over": list(summary.skipped),
        },
        "selection": {"select": meta.select, "ignore": meta.ignore},
        "catalog": [
            {"code": code, "name": name, "decision": decision, "valid_from": start, "valid_to": end or None}
            for code, name, decision, start, end in meta.catalog
        ],
        "totals": {
            "records": summary.records,
            "checked": summary.checked,
            "passed": summary.passed,
            "failed": summary.failed,
            "unreadable": summary.unreadable,
            "skipped_records": summary.skipped_records,
            "passed_over": len(summary.skipped),
            "violations": summary.violations,
            "fail_rate": _ratio(summary.failed, summary.checked),
            "by_severity": {s: summary.by_severity.get(s, 0) for s in ("error", "warning", "info")},
        },
        "by_rule": [
            {
                "code": code,
                "rule": summary.rule_names.get(code, ""),
                "title": rule_title(code, summary, lang),
                "evaluated": summary.evaluated(code),
                "dossiers": dossiers,
                "violations": violations,
                "rate": _ratio(dossiers, summary.evaluated(code)),
                "legal_basis": list(rule_legal_basis(code)),
                "legal_notes": _notes(code, lang),
            }
            for code, (dossiers, violations) in sorted(summary.by_rule.items())
        ],
        "by_procedure": breakdown["procedure"],
        "by_unit": breakdown["unit"],
        "by_month": breakdown["month"],
        "by_format": [
            {"format": fmt, "label": format_label(fmt, lang), "checked": c, "failed": f, "skipped": s}
            for fmt, (c, f, s) in sorted(summary.by_format.items())
        ],
        "not_evaluable": [
            {
                "format": fmt,
                "rule": code,
                "reason": reason,
                "text": reason_text(reason, lang),
                "dossiers": n,
                "evaluated": summary.evaluated(code),
            }
            for fmt, by_code in sorted(summary.not_evaluable.items())
            for code, reasons in sorted(by_code.items())
            for reason, n in sorted(reasons.items())
        ],
        "indicators": {
            "decision": DECISION[lang],
            "definitions": [
                {
                    "id": "2.1",
                    "key": "on_time",
                    "name": q["on_time"],
                    "formula": q["on_time_formula"],
                    "points": ON_TIME_POINTS,
                },
                {
                    "id": "2.2",
                    "key": "processing_time",
                    "name": q["processing"],
                    "formula": q["processing_formula"],
                    "points": None,
                },
                {
                    "id": "3.3",
                    "key": "channels",
                    "name": q["channels"],
                    "formula": q["channels_formula"],
                    "points": None,
                },
            ],
            "total": _tally(summary.indicator_total(), lang),
            **{
                f"by_{dim}": [
                    {"key": key, "indicators": _tally(t, lang)} for key, t in summary.indicator_rows(dim)
                ]
                for dim in ("unit", "procedure", "month")
            },
        },
        "unreadable": {
            "count": summary.unreadable,
            "listed": [{"source": s, "reason": r} for s, r in summary.errors],
        },
        "skipped": {
            "count": summary.skipped_records,
            "listed": [{"source": s, "reason": r} for s, r in summary.skips],
        },
    }


def summary_json(summary: AuditSummary, meta: ReportMeta, lang: str = "vi") -> bytes:
    """:func:`summary_document` as UTF-8 JSON, indented, Vietnamese kept as characters."""
    return orjson.dumps(summary_document(summary, meta, lang), option=orjson.OPT_INDENT_2) + b"\n"
