"""Per-dossier records: what ``check`` and ``audit`` print for each input in json and jsonl.

A record is ``{"source", "format", "dossier_code", "procedure_code", "status", "violations",
"not_evaluable", "error"}``; ``status`` is ``pass``, ``fail``, ``error`` (input that could not be read as a
dossier, with the reason in ``error``) or ``skipped`` (read, deliberately not checked, with the reason);
``format`` is the source format; ``not_evaluable`` lists, sorted, the selected rules the source could not
carry a part for.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import orjson

from ..engine import Checker
from ..reasons import Reason
from ..rules._context import Context
from ..sources import InputRecord
from ..sources._texts import NOT_A_DOSSIER
from ..violations import violation_dicts

__all__ = [
    "after_empty_source",
    "build_record",
    "error_record",
    "exit_status",
    "record_for",
    "record_line",
    "source_prefix",
    "violation_dicts",
]

_NONE: Mapping[str, str] = {}

_EMPTY_SOURCE_HEAD = len(b'{"source":"')
_NEWLINE = orjson.OPT_APPEND_NEWLINE


_KIND_VI = {
    "array": "một mảng",
    "string": "một chuỗi",
    "number": "một số",
    "boolean": "một giá trị true/false",
    "null": "giá trị null",
}


def error_record(
    source: str,
    reason: str,
    *,
    format: str = "native",
    status: str = "error",
    dossier_code: str | None = None,
    procedure_code: str | None = None,
) -> dict[str, Any]:
    """The record of an input that could not be read as a dossier (or was skipped), with the reason."""
    return {
        "source": source,
        "format": format,
        "dossier_code": dossier_code,
        "procedure_code": procedure_code,
        "status": status,
        "violations": [],
        "not_evaluable": [],
        "error": reason,
    }


def build_record(
    checker: Checker, item: InputRecord, observe: Callable[[Context], None] | None = None
) -> tuple[dict[str, Any], Mapping[str, str]]:
    """Check one input record: its output record, and the not-evaluable rules with their reason keys.

    ``observe`` sees the rules' context of a dossier that was checked (see :meth:`Checker.check_object`).
    """
    if item.error is not None:
        reason = item.error.render(checker.lang) if isinstance(item.error, Reason) else item.error
        status = "skipped" if item.skipped else "error"
        rec = error_record(
            item.source,
            reason,
            format=item.format,
            status=status,
            dossier_code=item.dossier_code,
            procedure_code=item.procedure_code,
        )
        return rec, _NONE
    if not isinstance(item.data, dict):
        kind = {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}.get(
            type(item.data), "null"
        )
        why = Reason(NOT_A_DOSSIER, {"kind": kind, "kind_vi": _KIND_VI[kind]})
        return error_record(item.source, why.render(checker.lang), format=item.format), _NONE
    fmt, code, proc, status, found, not_evaluable = checker.check_record(
        item.data, origin=item.origin, observe=observe
    )
    record = {
        "source": item.source,
        "format": fmt,
        "dossier_code": code,
        "procedure_code": proc,
        "status": status,
        "violations": found,
        "not_evaluable": list(not_evaluable) if not_evaluable else [],
        "error": None,
    }
    return record, not_evaluable


def record_for(checker: Checker, item: InputRecord) -> dict[str, Any]:
    """Check one input record and build its output record (never raises on bad input)."""
    return build_record(checker, item)[0]


def record_line(record: dict[str, Any]) -> bytes:
    """One JSON Lines line; UTF-8, Vietnamese kept as characters, keys in the documented order.

    Never raises on a record :func:`build_record` made: a value orjson cannot write (an integer beyond 64
    bits, which a rule's parameters may carry from a dossier) is written by the standard library instead,
    exactly, for that record alone.
    """
    try:
        return orjson.dumps(record, option=_NEWLINE)
    except TypeError:
        return _stdlib_line(record)


def _stdlib_line(record: Any) -> bytes:
    text = json.dumps(_finite(record), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # A lone surrogate (possible in a dossier given to the API) becomes its JSON escape: valid UTF-8.
    return text.encode("utf-8", "backslashreplace") + b"\n"


def _finite(value: Any) -> Any:
    """``value`` with non-finite floats as ``null`` (as orjson writes them) and unknown types as strings."""
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, (str, int)):
        return value
    return str(value)


def exit_status(statuses: Iterable[str]) -> int:
    """0 all pass; 1 some dossier fails; 3 some input unreadable (precedence over 1); skipped never counts."""
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
