"""The audit's CSV: one row per violation plus one row per unreadable input.

UTF-8 with a byte-order mark and CRLF line ends, so Excel shows Vietnamese correctly. A cell that would
start with ``= + - @``, a tab or a carriage return (a formula to a spreadsheet), also after leading white
space, is prefixed with ``'``. An unreadable input's row has status ``error`` and its reason as ``message``.
``legal_basis`` lists the finding's citations joined by "; ".
"""

from __future__ import annotations

import csv
import io
from typing import Any

from .common import legal_basis_text

__all__ = ["COLUMNS", "RowWriter", "guard", "header", "source_cell"]

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
_BOM = b"\xef\xbb\xbf"


def header() -> bytes:
    """The start of the file: the byte-order mark and the column names."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(COLUMNS)
    return _BOM + buf.getvalue().encode("utf-8")


_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def guard(text: str) -> str:
    """``text`` made safe from being read as a formula by a spreadsheet: a cell that starts with a formula
    trigger (``= + - @``, tab, carriage return), also after leading white space, is prefixed with ``'``."""
    if text[:1] in _TRIGGERS or (text[:1].isspace() and text.lstrip()[:1] in _TRIGGERS):
        return "'" + text
    return text


def source_cell(text: str) -> tuple[bytes, bytes]:
    """The source cell split around where a line number goes: (opening, closing)."""
    text = guard(text)
    if any(c in text for c in ',"\r\n'):
        return b'"' + text.replace('"', '""').encode("utf-8"), b'"'
    return text.encode("utf-8"), b""


class RowWriter:
    """Turns one record into its rows, every cell but the source (which the caller writes)."""

    def __init__(self) -> None:
        self._buf = io.StringIO()
        self._csv = csv.writer(self._buf, lineterminator="\r\n")

    def rows(self, record: dict[str, Any], unit: str, date: str) -> list[bytes]:
        """The rows of ``record`` received by ``unit`` on ``date``, encoded, without their line ends."""
        head = [
            guard(record["dossier_code"] or ""),
            guard(record["procedure_code"] or ""),
            guard(unit),
            date,
        ]
        status = record["status"]
        rows: list[list[str]]
        if status == "error":
            rows = [[*head, status, "", "", "", "", guard(record["error"] or ""), ""]]
        else:
            rows = [
                [
                    *head,
                    status,
                    v["code"],
                    v["rule"],
                    v["severity"],
                    guard(v["path"]),
                    guard(v["message"]),
                    guard(legal_basis_text(v["legal_basis"])),
                ]
                for v in record["violations"]
            ]
        if not rows:
            return []
        buf = self._buf
        buf.seek(0)
        buf.truncate()
        self._csv.writerows(rows)
        return buf.getvalue().encode("utf-8").split(b"\r\n")[:-1]
