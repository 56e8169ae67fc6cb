"""The audit's CSV: one row per violation plus one row per unreadable input.

UTF-8 with a byte-order mark and CRLF line ends, so Excel shows Vietnamese correctly. A cell that would
start with ``= + - @``, a tab or a carriage return (a formula to a spreadsheet), also after leading white
space, is prefixed with ``'``. An unreadable input's row has status ``error`` and its reason as ``message``.
``legal_basis`` lists the finding's citations joined by "; ".

The header row and the coded values follow the run's language (:mod:`.columns`). The delimiter is ``,``
by default; Excel set to Vietnamese regional settings expects ``;`` (``--csv-delimiter ";"``), else it may
open the file as one column.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from .columns import COLUMNS, HEADERS, severity_value, status_value
from .common import legal_basis_text

__all__ = ["COLUMNS", "DELIMITERS", "RowWriter", "guard", "header", "source_cell"]

DELIMITERS = {",": ",", ";": ";", "tab": "\t"}
"""``--csv-delimiter`` choices → the character written."""
_BOM = b"\xef\xbb\xbf"


def header(lang: str = "vi", delimiter: str = ",") -> bytes:
    """The start of the file: the byte-order mark and the column titles in ``lang``."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n", delimiter=delimiter).writerow(HEADERS[lang])
    return _BOM + buf.getvalue().encode("utf-8")


_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def guard(text: str) -> str:
    """``text`` made safe from being read as a formula by a spreadsheet: a cell that starts with a formula
    trigger (``= + - @``, tab, carriage return), also after leading white space, is prefixed with ``'``."""
    if text[:1] in _TRIGGERS or (text[:1].isspace() and text.lstrip()[:1] in _TRIGGERS):
        return "'" + text
    return text


def source_cell(text: str, delimiter: str = ",") -> tuple[bytes, bytes]:
    """The source cell split around where a line number goes: (opening, closing)."""
    text = guard(text)
    if any(c in text for c in delimiter + '"\r\n'):
        return b'"' + text.replace('"', '""').encode("utf-8"), b'"'
    return text.encode("utf-8"), b""


class RowWriter:
    """Turns one record into its rows, every cell but the source (which the caller writes)."""

    def __init__(self, lang: str = "vi", delimiter: str = ",") -> None:
        self._buf = io.StringIO()
        self._csv = csv.writer(self._buf, lineterminator="\r\n", delimiter=delimiter)
        self._lang = lang

    def rows(self, record: dict[str, Any], unit: str, date: str) -> list[bytes]:
        """The rows of ``record`` received by ``unit`` on ``date``, encoded, without their line ends."""
        head = [
            guard(record["dossier_code"] or ""),
            guard(record["procedure_code"] or ""),
            guard(unit),
            date,
        ]
        status = record["status"]
        lang = self._lang
        shown = status_value(status, lang)
        rows: list[list[str]]
        if status == "error":
            rows = [[*head, shown, "", "", "", "", guard(record["error"] or ""), ""]]
        else:
            rows = [
                [
                    *head,
                    shown,
                    v["code"],
                    v["rule"],
                    severity_value(v["severity"], lang),
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
