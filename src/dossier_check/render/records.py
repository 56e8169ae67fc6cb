"""Per-dossier records: what ``check`` and ``audit`` print for each input in json and jsonl.

A record is ``{"source", "dossier_code", "procedure_code", "status", "violations", "error"}``;
``status`` is ``pass``, ``fail`` or ``error`` (input that could not be read as a dossier).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from ..engine import Checker
from ..sources import InputRecord

__all__ = ["after_empty_source", "error_record", "exit_status", "record_for", "record_line", "source_prefix"]

_EMPTY_SOURCE_HEAD = len(b'{"source":"')


def error_record(source: str, reason: str) -> dict[str, Any]:
    """The record of an input that could not be read as a dossier, with the reason."""
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


def exit_status(statuses: Iterable[str]) -> int:
    """SPEC §7: 0 all pass; 1 some dossier fails; 3 some input unreadable (precedence over 1)."""
    seen = set(statuses)
    if "error" in seen:
        return 3
    return 1 if "fail" in seen else 0


# An audit worker reading a byte range of JSON Lines cannot know the absolute line numbers of its lines:
# it serialises each record with an empty ``source`` and the parent writes the source back in.


def source_prefix(text: str) -> bytes:
    """A record line up to the end of ``text`` inside its ``source`` string (the closing quote not yet)."""
    return orjson.dumps({"source": text})[:-2]  # b'{"source":"<escaped text>'


def after_empty_source(line: bytes) -> bytes:
    """The rest of a record line whose ``source`` is ``""``, from that string's closing quote on."""
    return line[_EMPTY_SOURCE_HEAD:]
