"""Date and date-time values as the formats carry them.

A date-time without an offset is Vietnam local time; every comparison happens in Vietnam local time; and
two values compare at the coarser of their two precisions — date, minute or second — so a date-only
value compares by local date, and ``09:10`` equals ``09:10:30`` (the paper forms carry hours and minutes).
Values are parsed once into :class:`When` (a naive Vietnam-local ``datetime`` plus the precision it was
written with), which makes those comparisons one-liners for the rules.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from enum import IntEnum
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "DATETIME_PATTERN",
    "DATE_PATTERN",
    "VN_OFFSET",
    "WHEN_PATTERN",
    "Precision",
    "When",
    "is_real_when",
    "parse_when",
    "parse_when_str",
]

VN_OFFSET = timezone(timedelta(hours=7))

# ASCII digits only (Python's \d would also accept other scripts' digits; ECMA-262's does not).
# Offsets as ISO 8601 writes them: Z, +07:00, +0700 or +07.
_TIME = r"[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?(?:Z|z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATETIME_PATTERN = rf"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}{_TIME}$"
WHEN_PATTERN = rf"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}(?:{_TIME})?$"

_WHEN_RE = re.compile(
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?(Z|z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?$"
)


class Precision(IntEnum):
    """How finely a value was written: a date, a time to the minute, or a time to the second (or finer)."""

    DATE = 0
    MINUTE = 1
    SECOND = 2


# The members as plain globals: looking one up on the enum class costs several times more, and these
# are read for every comparison the rules make.
_DATE, _MINUTE, _SECOND = Precision.DATE, Precision.MINUTE, Precision.SECOND
_new_when = tuple.__new__  # When(...) without the Python-level __new__ of a NamedTuple


def _truncated(local: datetime, precision: Precision) -> datetime:
    if precision is _DATE:
        return datetime(local.year, local.month, local.day)
    if precision is _MINUTE:  # a datetime is immutable: one with nothing finer is its own truncation
        return local.replace(second=0, microsecond=0) if local.second or local.microsecond else local
    return local.replace(microsecond=0) if local.microsecond else local


class When(NamedTuple):
    """A point in Vietnam local time and the precision it was written with.

    ``local`` carries nothing finer than ``precision`` (fractions of a second are dropped; build one from
    any datetime with :meth:`of`). Comparisons happen at the coarser precision of the two values: a
    date-only value against a date-time compares dates, a time to the minute against one to the second
    compares minutes.
    """

    local: datetime
    precision: Precision

    @property
    def precise(self) -> bool:
        """True when the value carries a time of day (minute or second)."""
        return self.precision is not _DATE

    @property
    def date(self) -> date:
        return self.local.date()

    @classmethod
    def of(cls, local: datetime, precision: Precision) -> When:
        """A When at ``precision``, whatever finer parts ``local`` has."""
        return _new_when(cls, (_truncated(local, precision), precision))

    def _pair(self, other: When) -> tuple[datetime, datetime]:
        if self.precision < other.precision:
            return self.local, _truncated(other.local, self.precision)
        return _truncated(self.local, other.precision), other.local

    def before(self, other: When) -> bool:
        """Strictly earlier, at the coarser precision of the two."""
        # The common case, inline: rules compare thousands a second. Precision and time by position: an
        # index into the tuple costs less than the field's descriptor.
        if self[1] == other[1]:
            return self[0] < other[0]
        mine, theirs = self._pair(other)
        return mine < theirs

    def after(self, other: When) -> bool:
        if self[1] == other[1]:  # other.before(self), inline
            return other[0] < self[0]
        theirs, mine = other._pair(self)
        return theirs < mine

    def same(self, other: When) -> bool:
        """Equal at the coarser precision of the two."""
        if self.precision == other.precision:
            return self.local == other.local
        mine, theirs = self._pair(other)
        return mine == theirs

    def isoformat(self) -> str:
        """``YYYY-MM-DD``, ``YYYY-MM-DDTHH:MM``, or with seconds when the value has non-zero seconds."""
        if self.precision is _DATE:
            return self.local.date().isoformat()
        if self.precision is _SECOND and self.local.second:
            return self.local.isoformat(timespec="seconds")
        return self.local.isoformat(timespec="minutes")


def parse_when(value: object) -> When | None:
    """Parse an ISO 8601 date or date-time string; ``None`` for anything that is not one.

    Memoised: a dossier repeats its receipt and appointment times on several forms, and the format
    check, the engine and the rules all read them. ``When`` is immutable, so sharing results is safe.
    """
    if type(value) is not str:
        return None
    return _parse_when(value)


# The shapes exports use most, by length: YYYY-MM-DD, and YYYY-MM-DD[T ]HH:MM[:SS] with no offset or
# +07:00. A value has one of them when its ASCII bytes, every digit read as 9 and a space as T, spell the
# template of its length (and an offset is +07:00): one C-level translate and compare where a regular
# expression cost four times as much, for every new time string of every dossier.
_AS_TEMPLATE = bytes.maketrans(b"0123456789 ", b"9999999999T")
_SHAPES: dict[int, tuple[bytes, int, Precision]] = {
    10: (b"9999-99-99", 10, _DATE),
    16: (b"9999-99-99T99:99", 16, _MINUTE),
    19: (b"9999-99-99T99:99:99", 19, _SECOND),
    22: (b"9999-99-99T99:99+99:99", 16, _MINUTE),
    25: (b"9999-99-99T99:99:99+99:99", 19, _SECOND),
}
_from_iso = datetime.fromisoformat


def _rejects_hour_24() -> bool:
    """True when ``fromisoformat`` rejects hour 24, as the grammar does (Python 3.10 and 3.11; from 3.12 on it
    reads ``T24:00`` as the next day's midnight). Then a time at hour 24 needs no test of its own before
    ``fromisoformat``: about 400 instructions less a new time string (an audit about 1,600 less a dossier)."""
    try:
        _from_iso("2000-01-01T24:00")
    except ValueError:
        return True
    return False


_NO_HOUR_24 = _rejects_hour_24()
# The shapes by length, read by an index instead of a dict look-up: None for every other length.
_BY_LENGTH: tuple[tuple[bytes, int, Precision] | None, ...] = tuple(map(_SHAPES.get, range(26)))


@lru_cache(maxsize=1 << 14)
def _parse_when(value: str) -> When | None:
    n = len(value)
    shape = _BY_LENGTH[n] if n < 26 else None
    if shape is not None:
        try:
            # A value with a character outside ASCII encodes to more bytes than its template has, and one
            # with a lone surrogate, which encode() refuses, is no time in any shape (the grammar is ASCII).
            if (
                value.encode().translate(_AS_TEMPLATE) == shape[0]
                # the template has its one "+" where the offset starts: "+07:00" in it is the offset
                # (a containment test costs half an endswith() call, which parses its arguments)
                and (shape[1] == n or "+07:00" in value)
                # hour 24: the full grammar decides (when fromisoformat would not reject it as the grammar does)
                and (_NO_HOUR_24 or n == 10 or value[11] != "2" or value[12] != "4")
            ):
                # fromisoformat reads these shapes (without the offset) identically on every supported
                # Python, in C
                return _new_when(When, (_from_iso(value[: shape[1]]), shape[2]))
        except ValueError:  # UnicodeEncodeError is one
            return None  # not a real date or time
    return _grammar(value)


def _grammar(value: str) -> When | None:
    """The full grammar of :data:`WHEN_PATTERN`, read into a When (``_parse_when`` reads the common shapes
    itself, identically: ``tests/test_timeutil.py`` holds the two to the same result on every string)."""
    m = _WHEN_RE.fullmatch(value)  # fullmatch: '$' alone would accept a trailing newline
    if m is None:
        return None
    y, mo, d, hh, mi, ss, frac, tz = m.groups()
    precision = Precision.MINUTE if ss is None else Precision.SECOND
    if hh is not None and hh != "24" and tz in (None, "+07:00") and (frac is None or len(frac) in (3, 6)):
        # The common shapes, which datetime.fromisoformat reads identically on every supported Python, in C
        # (4x faster than building the datetime here; it is called for every time field of every dossier).
        try:
            local = datetime.fromisoformat(value).replace(tzinfo=None, microsecond=0)
        except ValueError:
            return None  # not a real date or time
        return When(local, precision)
    try:
        if hh is None:
            return When(datetime(int(y), int(mo), int(d)), Precision.DATE)
        dt = datetime(int(y), int(mo), int(d), int(hh), int(mi), int(ss or 0))  # fractions: below precision
    except ValueError:
        return None
    if tz is not None:
        if tz in ("Z", "z"):
            offset = timedelta(0)
        else:
            sign = -1 if tz[0] == "-" else 1
            th, tm = int(tz[1:3]), int(tz[-2:]) if len(tz) > 3 else 0
            if th > 23 or tm > 59:
                return None
            offset = sign * timedelta(hours=th, minutes=tm)
        if offset != timedelta(hours=7):
            try:
                dt = dt - offset + timedelta(hours=7)
            except OverflowError:  # e.g. 9999-12-31T23:00-05:00 is past the last representable day
                return None
    return When(dt, precision)


parse_when_str = _parse_when
""":func:`parse_when` for a value already known to be a ``str`` (hot paths that test the type themselves)."""


def is_real_when(value: str) -> bool:
    """True when a string that matches the pattern also names a real date and time (no 30 February)."""
    return parse_when(value) is not None
