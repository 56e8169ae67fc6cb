"""Dates and times as real exports write them, read into the ISO 8601 text the dossier format uses.

The portal's sync records write ``yyyyMMddHHmmss`` in Vietnam local time (some senders ``dd/MM/yyyy
HH:mm:ss`` or ISO 8601); spreadsheets write ``dd/MM/yyyy[ HH:mm[:ss]]``, ISO 8601, Excel serial numbers or
real date cells. Every reader turns them into ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[:SS]`` (no offset: local
time) at the precision the source carries, so the rules compare them like any native value.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime, time, timedelta

from ..timeutil import Precision, When, parse_when

__all__ = ["BOOK_FORMATS", "PORTAL_FORMATS", "read_moment", "read_when", "stamp"]

PORTAL_FORMATS = "yyyyMMddHHmmss, dd/MM/yyyy HH:mm:ss, dd/MM/yyyy, ISO 8601"
"""What a portal record's dates may look like, as a DC001 message names them."""
BOOK_FORMATS = "dd/MM/yyyy[ HH:mm[:ss]], ISO 8601, Excel"
"""What a tracking-book cell's dates may look like."""

_DAY_FIRST = re.compile(
    r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:[ T]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?"
)
_SERIAL = re.compile(r"[0-9]{4,6}(?:\.[0-9]+)?")
_EXCEL_EPOCH = datetime(1899, 12, 30)
# Serial numbers between these are dates from 1954 to 2119; anything else is not a date of this century's
# dossiers (and a small number in a date column is more likely a typing slip than 1900).
_SERIAL_MIN, _SERIAL_MAX = 20_000, 80_000


def _iso(y: int, mo: int, d: int, hh: int | None = None, mi: int = 0, ss: int | None = None) -> str:
    """Checked: raises ValueError for a day or time that does not exist."""
    if hh is None:
        date(y, mo, d)
        return f"{y:04d}-{mo:02d}-{d:02d}"
    datetime(y, mo, d, hh, mi, ss or 0)
    if ss is None:
        return f"{y:04d}-{mo:02d}-{d:02d}T{hh:02d}:{mi:02d}"
    return f"{y:04d}-{mo:02d}-{d:02d}T{hh:02d}:{mi:02d}:{ss:02d}"


# A stamp's day and its time of day are read apart, each once: an export's stamps share a few hundred
# days and at most 86,400 times of day, so reading one is two lookups and a concatenation. Each maps the
# digits to their ISO text ("2026-07-27T", "09:00:00"), or to "" when they are not a day or a time. The
# portal mapping looks them up itself in its hottest loops (a miss there calls :func:`stamp`).
STAMP_DAYS: dict[str, str] = {}
STAMP_TIMES: dict[str, str] = {}
_MEMO_SIZE = 1 << 17


def _day(digits: str) -> str:
    """``yyyyMMdd`` as ``yyyy-MM-ddT``; ``""`` when it is not eight ASCII digits making a real day."""
    text = ""
    if digits.isdigit() and digits.isascii():
        with contextlib.suppress(ValueError):  # not a day: "" is remembered
            text = date(int(digits[:4]), int(digits[4:6]), int(digits[6:])).isoformat() + "T"
    if len(STAMP_DAYS) >= _MEMO_SIZE:
        STAMP_DAYS.clear()
    STAMP_DAYS[digits] = text
    return text


def _time(digits: str) -> str:
    """``HHmmss`` as ``HH:mm:ss``; ``""`` when it is not six ASCII digits making a time of day."""
    text = ""
    if (
        digits.isdigit()
        and digits.isascii()
        and digits[:2] < "24"
        and digits[2:4] < "60"
        and digits[4:] < "60"
    ):
        text = f"{digits[:2]}:{digits[2:4]}:{digits[4:]}"
    if len(STAMP_TIMES) >= _MEMO_SIZE:
        STAMP_TIMES.clear()
    STAMP_TIMES[digits] = text
    return text


def stamp(text: str) -> str | None:
    """The ISO 8601 text (``yyyy-MM-ddTHH:mm:ss``) of a ``yyyyMMddHHmmss`` stamp of 14 characters; None when
    they are not 14 ASCII digits making a real moment. The hot path of every portal date."""
    day = STAMP_DAYS.get(text[:8])
    if day is None:
        day = _day(text[:8])
    clock = STAMP_TIMES.get(text[8:])
    if clock is None:
        clock = _time(text[8:])
    return day + clock if day and clock else None


def _stamp(text: str) -> str:
    """``yyyyMMddHHmmss`` (already known to be 14 ASCII digits); raises ValueError for a day or time that
    does not exist."""
    iso = stamp(text)
    if iso is None:
        raise ValueError("not a date")
    return iso


def _serial(number: float) -> str:
    if not _SERIAL_MIN <= number <= _SERIAL_MAX:
        raise ValueError("not an Excel date")
    moment = _EXCEL_EPOCH + timedelta(days=number)
    moment = (moment + timedelta(milliseconds=500)).replace(microsecond=0)  # Excel stores binary fractions
    if number == int(number):
        return moment.date().isoformat()
    return _from_datetime(moment)


def _from_datetime(value: datetime) -> str:
    if value.tzinfo is not None:  # an aware value is rendered in its own offset; the rules convert it
        return value.isoformat(timespec="seconds")
    if value.time() == time(0, 0):
        # A date cell: spreadsheets store a date as midnight, and no desk receives a dossier at 00:00.
        return value.date().isoformat()
    return value.isoformat(timespec="seconds")


def read_when(value: object, *, excel: bool = False) -> str | None:
    """The ISO 8601 text of a date or date-time value; ``None`` when it is missing (absent, null, blank).

    Accepted: ``yyyyMMddHHmmss`` (as text or as a 14-digit number), ``dd/MM/yyyy`` with an optional
    ``HH:mm`` or ``HH:mm:ss``, ISO 8601, ``datetime``/``date`` values and, with ``excel``, Excel serial
    day numbers (as numbers or as text). Raises :class:`ValueError` for anything else, or for a day or time
    that does not exist.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return _read_text(value.strip(), excel)
    if isinstance(value, bool):
        raise ValueError("not a date")
    if isinstance(value, int):
        if 10_000_000_000_000 <= value < 100_000_000_000_000:
            return _stamp(str(value))
        if excel:
            return _serial(float(value))
        raise ValueError("not a date")
    if isinstance(value, float) and excel:
        return _serial(value)
    if isinstance(value, datetime):
        return _from_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    raise ValueError("not a date")


def _read_text(text: str, excel: bool) -> str | None:
    if not text:
        return None
    if len(text) == 14 and text.isdigit() and text.isascii():
        return _stamp(text)
    m = _DAY_FIRST.fullmatch(text)
    if m is not None:
        d, mo, y, hh, mi, ss = m.groups()
        return _iso(int(y), int(mo), int(d), int(hh) if hh else None, int(mi or 0), int(ss) if ss else None)
    if excel and _SERIAL.fullmatch(text):
        return _serial(float(text))
    if parse_when(text) is not None:
        return text
    raise ValueError("not a date")


def read_moment(value: object) -> tuple[str, When] | None:
    """:func:`read_when` with the parsed value too (for sorting and comparing without parsing twice)."""
    if type(value) is str and len(value) == 14 and (iso := stamp(value)) is not None:
        return iso, When(datetime.fromisoformat(iso), Precision.SECOND)
    text = read_when(value)
    if text is None:
        return None
    when = parse_when(text)
    if when is None:  # pragma: no cover - read_when only returns what parse_when reads
        raise ValueError("not a date")
    return text, when
