"""Per-dossier output records and the formats of ``dossier-check check`` (text, json, jsonl).

A record (SPEC §7) is ``{"source", "dossier_code", "procedure_code", "status", "violations", "error"}``;
``status`` is ``pass``, ``fail`` or ``error`` (input that could not be read as a dossier).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from .engine import Checker
from .sources import InputRecord

__all__ = ["TEXT", "error_record", "record_for", "record_line", "text_block", "text_summary"]

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "pass": "ĐẠT",
        "fail": "KHÔNG ĐẠT",
        "error": "KHÔNG ĐỌC ĐƯỢC",
        "error_sev": "lỗi",
        "warning": "cảnh báo",
        "info": "thông tin",
        "verdict": "{status} — lỗi: {errors}, cảnh báo: {warnings}, thông tin: {infos}",
        "summary": "Tổng cộng {total} hồ sơ: {passed} đạt, {failed} không đạt, {unreadable} không đọc được.",
        "skipped": "Bỏ qua {n} tệp không phải .json/.jsonl/.zip/.gz: {files}",
        "no_code": "(không có mã hồ sơ)",
    },
    "en": {
        "pass": "PASS",
        "fail": "FAIL",
        "error": "UNREADABLE",
        "error_sev": "error",
        "warning": "warning",
        "info": "info",
        "verdict": "{status} — errors: {errors}, warnings: {warnings}, info: {infos}",
        "summary": "{total} dossiers: {passed} passed, {failed} failed, {unreadable} unreadable.",
        "skipped": "Skipped {n} files that are not .json/.jsonl/.zip/.gz: {files}",
        "no_code": "(no dossier code)",
    },
}


def error_record(source: str, reason: str) -> dict[str, Any]:
    return {
        "source": source,
        "dossier_code": None,
        "procedure_code": None,
        "status": "error",
        "violations": [],
        "error": reason,
    }


def record_for(checker: Checker, item: InputRecord) -> dict[str, Any]:
    """Check one input record and build its output record (never raises on bad input)."""
    if item.error is not None:
        return error_record(item.source, item.error)
    if not isinstance(item.data, dict):
        kind = {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}.get(
            type(item.data), "null"
        )
        return error_record(item.source, f"not a dossier: a JSON {kind}, not an object")
    report = checker.check_object(item.data)
    return {
        "source": item.source,
        "dossier_code": report.dossier_code,
        "procedure_code": report.procedure_code,
        "status": report.status,
        "violations": [v.to_dict() for v in report.violations],
        "error": None,
    }


def record_line(record: dict[str, Any]) -> bytes:
    """One JSON Lines line; UTF-8, Vietnamese kept as characters, keys in the order SPEC §7 gives."""
    return orjson.dumps(record) + b"\n"


def text_block(record: dict[str, Any], lang: str) -> str:
    """A desk officer's view of one dossier: a header, one line per violation, a one-line verdict."""
    t = TEXT[lang]
    head = f"{record['source']}  {record.get('dossier_code') or t['no_code']}"
    if record.get("procedure_code"):
        head += f"  ({record['procedure_code']})"
    lines = [head]
    if record["status"] == "error":
        lines.append(f"  {t['error']}: {record['error']}")
        return "\n".join(lines)
    counts = {"error": 0, "warning": 0, "info": 0}
    for v in record["violations"]:
        counts[v["severity"]] += 1
        sev = t["error_sev"] if v["severity"] == "error" else t[v["severity"]]
        lines.append(f"  {v['code']} {sev:<9} {v['path'] or '/'}  {v['message']}")
    lines.append(
        "  → "
        + t["verdict"].format(
            status=t[record["status"]],
            errors=counts["error"],
            warnings=counts["warning"],
            infos=counts["info"],
        )
    )
    return "\n".join(lines)


def text_summary(records: Iterable[dict[str, Any]], lang: str) -> str:
    total = passed = failed = unreadable = 0
    for r in records:
        total += 1
        passed += r["status"] == "pass"
        failed += r["status"] == "fail"
        unreadable += r["status"] == "error"
    return TEXT[lang]["summary"].format(total=total, passed=passed, failed=failed, unreadable=unreadable)


def exit_status(statuses: Iterable[str]) -> int:
    """SPEC §7: 0 all pass; 1 some dossier fails; 3 some input unreadable (precedence over 1)."""
    seen = set(statuses)
    if "error" in seen:
        return 3
    return 1 if "fail" in seen else 0
