"""Date and date-time values as the formats carry them.

SPEC §1: a date-time without an offset is Vietnam local time; every comparison happens in Vietnam local
time; two values compare at the precision both carry (a date-only value compares by local date).
Values are parsed once into :class:`When` (a naive Vietnam-local ``datetime`` plus whether it carries a
time of day), which makes those comparisons one-liners for the rules.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "DATETIME_PATTERN",
    "DATE_PATTERN",
    "VN_OFFSET",
    "WHEN_PATTERN",
    "When",
    "is_real_when",
    "parse_when",
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


class When(NamedTuple):
    """A point in Vietnam local time; ``precise`` is False for a date-only value."""

    local: datetime
    precise: bool

    @property
    def date(self) -> date:
        return self.local.date()

    def before(self, other: When) -> bool:
        """Strictly earlier, at the precision both carry."""
        if self.precise and other.precise:
            return self.local < other.local
        return self.local.date() < other.local.date()

    def after(self, other: When) -> bool:
        return other.before(self)

    def same(self, other: When) -> bool:
        """Equal at the precision both carry."""
        if self.precise and other.precise:
            return self.local == other.local
        return self.local.date() == other.local.date()

    def isoformat(self) -> str:
        return self.local.isoformat(timespec="minutes") if self.precise else self.local.date().isoformat()


def parse_when(value: object) -> When | None:
    """Parse an ISO 8601 date or date-time string; ``None`` for anything that is not one.

    Memoised: a dossier repeats its receipt and appointment times on several forms, and the format
    check, the engine and the rules all read them. ``When`` is immutable, so sharing results is safe.
    """
    if type(value) is not str:
        return None
    return _parse_when(value)


def _common_shape(value: str) -> When | bool | None:
    """The shapes exports use most, read without the regex: ``YYYY-MM-DDTHH:MM[:SS][+07:00]`` and
    ``YYYY-MM-DD``. Returns False when the value has another shape (the full grammar then decides)."""
    n = len(value)
    if n == 10:
        if value[4] == "-" == value[7] and value.isascii() and (value[:4] + value[5:7] + value[8:]).isdigit():
            try:
                return When(datetime(int(value[:4]), int(value[5:7]), int(value[8:])), False)
            except ValueError:
                return None
        return False
    if n not in (16, 19, 22, 25) or not value.isascii():
        return False
    base = value[:19] if n in (19, 25) else value[:16]
    if n in (22, 25) and value[-6:] != "+07:00":
        return False
    if not (value[4] == "-" == value[7] and value[10] in "T " and value[13] == ":"):
        return False
    digits = value[:4] + value[5:7] + value[8:10] + value[11:13] + value[14:16]
    if len(base) == 19:
        if value[16] != ":":
            return False
        digits += value[17:19]
    if not digits.isdigit() or value[11:13] == "24":
        return False
    try:  # fromisoformat reads these shapes identically on every supported Python, in C
        return When(datetime.fromisoformat(base), True)
    except ValueError:
        return None


@lru_cache(maxsize=1 << 14)
def _parse_when(value: str) -> When | None:
    quick = _common_shape(value)
    if quick is not False:
        return quick  # type: ignore[return-value]
    m = _WHEN_RE.fullmatch(value)  # fullmatch: '$' alone would accept a trailing newline
    if m is None:
        return None
    y, mo, d, hh, mi, ss, frac, tz = m.groups()
    if hh is not None and hh != "24" and tz in (None, "+07:00") and (frac is None or len(frac) in (3, 6)):
        # The common shapes, which datetime.fromisoformat reads identically on every supported Python, in C
        # (4x faster than building the datetime here; it is called for every time field of every dossier).
        try:
            return When(datetime.fromisoformat(value).replace(tzinfo=None), True)
        except ValueError:
            return None  # not a real date or time
    try:
        if hh is None:
            return When(datetime(int(y), int(mo), int(d)), False)
        micro = int((frac or "0")[:6].ljust(6, "0"))
        dt = datetime(int(y), int(mo), int(d), int(hh), int(mi), int(ss or 0), micro)
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
    return When(dt, True)


def is_real_when(value: str) -> bool:
    """True when a string that matches the pattern also names a real date and time (no 30 February)."""
    return parse_when(value) is not None
