"""The Vietnamese lunisolar calendar (âm lịch), computed for the meridian of UTC+7.

Why this module exists: Tết Nguyên đán and Giỗ Tổ Hùng Vương are statutory holidays (Labour Code 2019,
Art. 112) fixed by lunar dates, and for a year without an official civil-servant schedule the library has to
derive them itself. The Vietnamese calendar is *not* the Chinese one: it is computed for
UTC+7 rather than UTC+8, so new moons close to midnight fall on a different civil day and whole months can
move (Tết 1985 is 21 January in Việt Nam but 20 February in China; Tết 2007 is 17 February, not 18).

The astronomy is Hồ Ngọc Đức's published algorithm (mean new moon with the main periodic terms and a
ΔT correction, the Sun's apparent longitude from a low-precision series; the 11th month is the one that
contains the winter solstice; a leap month is the first month of a 13-month year without a major solar
term). It is pure Python and deterministic, and it agrees with the Vietnamese calendars in use from 1968 on.
Before 1968 parts of Việt Nam reckoned the calendar on UTC+8; this module always uses UTC+7 and may
differ from a calendar printed then (published tables disagree in 1903, 1925, 1935 and 1965).

Supported range: solar dates 1900-01-01 … 2199-12-31 (so lunar dates from the end of lunar year 1899 to
the 11th month of 2199); anything else raises :class:`ValueError`. Results are memoised per year with
:func:`functools.cache` (immutable values only).
"""

from __future__ import annotations

import math
from datetime import date
from functools import cache

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "can_chi",
    "lunar_month_name",
    "lunar_new_year",
    "lunar_to_solar",
    "solar_to_lunar",
]

MIN_YEAR = 1900
MAX_YEAR = 2199

_TZ = 7.0  # hours east of UTC
_JD_ORDINAL_OFFSET = 1721425  # Julian Day Number of date.fromordinal(n) is n + this
_SYNODIC = 29.530588853
_K_EPOCH = 2415021.076998695  # JD of the new moon of 1900-01-01, the origin of the lunation index k
_DR = math.pi / 180.0

_CAN = ("Canh", "Tân", "Nhâm", "Quý", "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ")
_CHI = ("Thân", "Dậu", "Tuất", "Hợi", "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi")
_MONTH_NAMES = (
    "Giêng",
    "Hai",
    "Ba",
    "Tư",
    "Năm",
    "Sáu",
    "Bảy",
    "Tám",
    "Chín",
    "Mười",
    "Một",
    "Chạp",
)


def _jdn(d: date) -> int:
    return d.toordinal() + _JD_ORDINAL_OFFSET


def _from_jdn(jdn: int) -> date:
    return date.fromordinal(jdn - _JD_ORDINAL_OFFSET)


def _new_moon(k: int) -> float:
    """Julian day (UT, fractional) of the k-th new moon after the one of 1900-01-01."""
    t = k / 1236.85
    t2 = t * t
    t3 = t2 * t
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * _DR)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3  # Sun's mean anomaly
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3  # Moon's mean anomaly
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3  # Moon's argument of latitude
    c1 = (
        (0.1734 - 0.000393 * t) * math.sin(m * _DR)
        + 0.0021 * math.sin(2 * _DR * m)
        - 0.4068 * math.sin(mpr * _DR)
        + 0.0161 * math.sin(_DR * 2 * mpr)
        - 0.0004 * math.sin(_DR * 3 * mpr)
        + 0.0104 * math.sin(_DR * 2 * f)
        - 0.0051 * math.sin(_DR * (m + mpr))
        - 0.0074 * math.sin(_DR * (m - mpr))
        + 0.0004 * math.sin(_DR * (2 * f + m))
        - 0.0004 * math.sin(_DR * (2 * f - m))
        - 0.0006 * math.sin(_DR * (2 * f + mpr))
        + 0.0010 * math.sin(_DR * (2 * f - mpr))
        + 0.0005 * math.sin(_DR * (2 * mpr + m))
    )
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta_t


@cache
def _new_moon_day(k: int) -> int:
    """Julian Day Number of the local (UTC+7) civil day that contains the k-th new moon."""
    return math.floor(_new_moon(k) + 0.5 + _TZ / 24.0)


def _sun_longitude_sector(jdn: int) -> int:
    """Which of the 12 sectors of 30° the Sun's apparent longitude is in at local midnight starting ``jdn``.

    Sector ``i`` spans [30°·i, 30°·(i+1)); the winter solstice (270°) starts sector 9.
    """
    jd = jdn - 0.5 - _TZ / 24.0
    t = (jd - 2451545.0) / 36525.0
    t2 = t * t
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(_DR * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(_DR * 2 * m) + 0.000290 * math.sin(_DR * 3 * m)
    lon = (l0 + dl) * _DR
    lon -= 2 * math.pi * math.floor(lon / (2 * math.pi))
    return math.floor(lon / math.pi * 6)


@cache
def _month11_start(year: int) -> int:
    """JDN of the first day of the 11th lunar month (the one containing the winter solstice) of ``year``."""
    off = _jdn(date(year, 12, 31)) - 2415021
    k = math.floor(off / _SYNODIC)
    nm = _new_moon_day(k)
    if _sun_longitude_sector(nm) >= 9:
        nm = _new_moon_day(k - 1)
    return nm


@cache
def _leap_month_offset(a11: int) -> int:
    """In a 13-month year starting at month 11 ``a11``: how many months after it the leap month comes."""
    k = math.floor((a11 - _K_EPOCH) / _SYNODIC + 0.5)
    i = 1
    arc = _sun_longitude_sector(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _sun_longitude_sector(_new_moon_day(k + i))
        if arc == last or i >= 14:
            break
    return i - 1


def _check_solar(d: date) -> None:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise ValueError(f"date {d.isoformat()} is outside the supported range {MIN_YEAR}–{MAX_YEAR}")


def _check_lunar_year(year: int) -> None:
    # Lunar year MIN_YEAR - 1 ends in January MIN_YEAR; the solar result is range-checked as well.
    if not MIN_YEAR - 1 <= year <= MAX_YEAR:
        raise ValueError(f"lunar year {year} is outside the supported range {MIN_YEAR}–{MAX_YEAR}")


def solar_to_lunar(d: date) -> tuple[int, int, int, bool]:
    """The lunar date of a (Gregorian) civil date in Việt Nam: ``(day, month, year, leap)``.

    ``year`` is the lunar year number, i.e. the Gregorian year in which that lunar year's Tết falls, so the
    last days before Tết belong to the previous year. ``leap`` is True inside a leap month (tháng nhuận).
    """
    _check_solar(d)
    day_number = _jdn(d)
    k = math.floor((day_number - _K_EPOCH) / _SYNODIC)
    month_start = _new_moon_day(k + 1)
    # k comes from the *mean* lunation; the true new moon can be late enough that even the k-th one is
    # after ``d`` (2054-05-07 and 2062-04-09; the published JavaScript returns lunar day 0 there).
    while month_start > day_number:
        k -= 1
        month_start = _new_moon_day(k + 1)
    a11 = _month11_start(d.year)
    b11 = a11
    if a11 >= month_start:
        lunar_year = d.year
        a11 = _month11_start(d.year - 1)
    else:
        lunar_year = d.year + 1
        b11 = _month11_start(d.year + 1)
    lunar_day = day_number - month_start + 1
    diff = math.floor((month_start - a11) / 29)
    leap = False
    lunar_month = diff + 11
    if b11 - a11 > 365:
        leap_diff = _leap_month_offset(a11)
        if diff >= leap_diff:
            lunar_month = diff + 10
            if diff == leap_diff:
                leap = True
    if lunar_month > 12:
        lunar_month -= 12
    if lunar_month >= 11 and diff < 4:
        lunar_year -= 1
    return lunar_day, lunar_month, lunar_year, leap


def lunar_to_solar(day: int, month: int, year: int, leap: bool = False) -> date:
    """The civil date of a lunar date; ``leap=True`` asks for the leap month of that number.

    Raises :class:`ValueError` for a lunar date that does not exist: a day outside 1–30 (or 30 in a
    29-day month), a month outside 1–12, or ``leap=True`` for a month that is not leap in that year.
    """
    _check_lunar_year(year)
    if not 1 <= month <= 12:
        raise ValueError(f"lunar month {month} is not in 1–12")
    if not 1 <= day <= 30:
        raise ValueError(f"lunar day {day} is not in 1–30")
    if month < 11:
        a11 = _month11_start(year - 1)
        b11 = _month11_start(year)
    else:
        a11 = _month11_start(year)
        b11 = _month11_start(year + 1)
    k = math.floor(0.5 + (a11 - _K_EPOCH) / _SYNODIC)
    off = month - 11
    if off < 0:
        off += 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11)
        leap_month = leap_off - 2
        if leap_month < 0:
            leap_month += 12
        if leap and month != leap_month:
            raise ValueError(f"lunar year {year} has no leap month {month}")
        if leap or off >= leap_off:
            off += 1
    elif leap:
        raise ValueError(f"lunar year {year} has no leap month")
    month_start = _new_moon_day(k + off)
    month_length = _new_moon_day(k + off + 1) - month_start
    if day > month_length:
        raise ValueError(
            f"lunar month {month}{' (leap)' if leap else ''} of {year} has only {month_length} days"
        )
    result = _from_jdn(month_start + day - 1)
    _check_solar(result)
    return result


@cache
def lunar_new_year(year: int) -> date:
    """Mùng 1 Tết: the civil date of the first day of the first lunar month of lunar year ``year``."""
    return lunar_to_solar(1, 1, year)


def can_chi(year: int) -> str:
    """The sexagenary name of a lunar year as written in Vietnamese, e.g. ``can_chi(2026) == "Bính Ngọ"``."""
    return f"{_CAN[year % 10]} {_CHI[year % 12]}"


def lunar_month_name(month: int, leap: bool = False) -> str:
    """The customary Vietnamese name of a lunar month ("Giêng", "Chạp", …), with "nhuận" when leap."""
    if not 1 <= month <= 12:
        raise ValueError(f"lunar month {month} is not in 1–12")
    name = _MONTH_NAMES[month - 1]
    return f"{name} nhuận" if leap else name
