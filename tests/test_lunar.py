"""The Vietnamese lunar calendar (UTC+7): Tết, Giỗ Tổ, leap months, range limits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dossier_check.lunar import (
    MAX_YEAR,
    MIN_YEAR,
    can_chi,
    lunar_month_name,
    lunar_new_year,
    lunar_to_solar,
    solar_to_lunar,
)

# Mùng 1 Tết. 1968, 1969, 1985, 2007, 2030 and 2053 differ from the Chinese (UTC+8) calendar.
TET = {
    1968: date(1968, 1, 29),
    1969: date(1969, 2, 16),
    1985: date(1985, 1, 21),
    2007: date(2007, 2, 17),
    2019: date(2019, 2, 5),
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2030: date(2030, 2, 2),
    2053: date(2053, 2, 18),
}

# Giỗ Tổ Hùng Vương, 10/3 lunar.
HUNG_KINGS = {
    2021: date(2021, 4, 21),
    2022: date(2022, 4, 10),
    2023: date(2023, 4, 29),
    2024: date(2024, 4, 18),
    2025: date(2025, 4, 7),
    2026: date(2026, 4, 26),
    2027: date(2027, 4, 16),
    2028: date(2028, 4, 4),
}


@pytest.mark.parametrize(("year", "expected"), sorted(TET.items()))
def test_lunar_new_year(year: int, expected: date) -> None:
    assert lunar_new_year(year) == expected
    assert solar_to_lunar(expected) == (1, 1, year, False)


def test_vietnamese_not_chinese_new_year() -> None:
    # The Chinese calendar has 1985-02-20 and 2007-02-18: a Vietnamese implementation must not.
    assert lunar_new_year(1985) != date(1985, 2, 20)
    assert lunar_new_year(2007) != date(2007, 2, 18)
    assert solar_to_lunar(date(1985, 2, 20))[1] == 2  # already the 2nd month in Việt Nam


@pytest.mark.parametrize(("year", "expected"), sorted(HUNG_KINGS.items()))
def test_hung_kings_day(year: int, expected: date) -> None:
    assert lunar_to_solar(10, 3, year) == expected
    assert solar_to_lunar(expected) == (10, 3, year, False)


@pytest.mark.parametrize(
    ("solar", "lunar"),
    [
        # Last days of the lunar year (the eve of Tết), used by the Tết holidays.
        (date(2021, 2, 11), (30, 12, 2020, False)),
        (date(2022, 1, 31), (29, 12, 2021, False)),
        (date(2023, 1, 21), (30, 12, 2022, False)),
        (date(2024, 2, 9), (30, 12, 2023, False)),
        (date(2025, 1, 28), (29, 12, 2024, False)),
        (date(2026, 2, 16), (29, 12, 2025, False)),
        (date(2027, 2, 5), (29, 12, 2026, False)),
        (date(2026, 2, 14), (27, 12, 2025, False)),  # "thứ Bảy 14/02/2026 (27 tháng Chạp)"
        (date(2026, 2, 22), (6, 1, 2026, False)),  # "Chủ nhật 22/02/2026 (mùng 6 tháng Giêng)"
        # Leap months (tháng nhuận): 2020 month 4, 2023 month 2, 2025 month 6.
        (date(2020, 5, 23), (1, 4, 2020, True)),
        (date(2023, 3, 22), (1, 2, 2023, True)),
        (date(2023, 3, 21), (30, 2, 2023, False)),
        (date(2025, 7, 25), (1, 6, 2025, True)),
        (date(2025, 6, 25), (1, 6, 2025, False)),
    ],
)
def test_known_dates(solar: date, lunar: tuple[int, int, int, bool]) -> None:
    assert solar_to_lunar(solar) == lunar
    assert lunar_to_solar(*lunar) == solar


def test_every_day_1900_2199_round_trips_and_is_consistent() -> None:
    d = date(MIN_YEAR, 1, 1)
    end = date(MAX_YEAR, 12, 31)
    prev = solar_to_lunar(d)
    month_lengths: dict[int, int] = {}
    d += timedelta(days=1)
    while d <= end:
        cur = solar_to_lunar(d)
        day, month, year, leap = cur
        assert 1 <= day <= 30 and 1 <= month <= 12
        if day == 1:
            month_lengths[prev[0]] = month_lengths.get(prev[0], 0) + 1
            if leap:  # a leap month repeats the number of the month before it
                assert (month, year) == (prev[1], prev[2])
            else:
                assert month == prev[1] % 12 + 1
                assert year == (prev[2] + 1 if month == 1 else prev[2])
        else:
            assert (day, month, year, leap) == (prev[0] + 1, prev[1], prev[2], prev[3])
        assert lunar_to_solar(day, month, year, leap) == d
        prev = cur
        d += timedelta(days=1)
    assert set(month_lengths) == {29, 30}


def test_day_zero_regression() -> None:
    # The published JavaScript gives lunar day 0 on these days (mean-lunation index off by one).
    assert solar_to_lunar(date(2054, 5, 7)) == (30, 3, 2054, False)
    assert solar_to_lunar(date(2054, 5, 8)) == (1, 4, 2054, False)
    assert solar_to_lunar(date(2062, 4, 9))[0] in (29, 30)


def test_leap_months_2001_2033() -> None:
    # (lunar year, leap month, first day) of the Vietnamese calendar; 2023 is tháng 2 nhuận from 22/03 (a
    # sign slip of 45 minutes in the new-moon series once made it tháng Giêng nhuận from 20/02).
    expected = [
        (2001, 4, date(2001, 5, 23)),
        (2004, 2, date(2004, 3, 21)),
        (2006, 7, date(2006, 8, 24)),
        (2009, 5, date(2009, 6, 23)),
        (2012, 4, date(2012, 5, 21)),
        (2014, 9, date(2014, 10, 24)),
        (2017, 6, date(2017, 7, 23)),
        (2020, 4, date(2020, 5, 23)),
        (2023, 2, date(2023, 3, 22)),
        (2025, 6, date(2025, 7, 25)),
        (2028, 5, date(2028, 6, 23)),
        (2031, 3, date(2031, 4, 21)),
        (2033, 11, date(2033, 12, 22)),
    ]
    found = []
    d = date(2001, 1, 1)
    while d <= date(2033, 12, 31):
        day, month, year, leap = solar_to_lunar(d)
        if leap and day == 1:
            found.append((year, month, d))
        d += timedelta(days=1)
    assert found == expected


@pytest.mark.parametrize("d", [date(1899, 12, 31), date(2200, 1, 1), date(1, 1, 1)])
def test_solar_out_of_range(d: date) -> None:
    with pytest.raises(ValueError, match="outside the supported range"):
        solar_to_lunar(d)


@pytest.mark.parametrize("year", [1890, 2200, 2500])
def test_lunar_year_out_of_range(year: int) -> None:
    with pytest.raises(ValueError, match="outside the supported range"):
        lunar_new_year(year)


def test_range_edges() -> None:
    assert solar_to_lunar(date(1900, 1, 1))[2] == 1899
    assert lunar_to_solar(*solar_to_lunar(date(1900, 1, 1))) == date(1900, 1, 1)
    assert lunar_to_solar(*solar_to_lunar(date(2199, 12, 31))) == date(2199, 12, 31)
    with pytest.raises(ValueError):
        lunar_to_solar(1, 12, 2199)  # falls in January 2200


def test_impossible_lunar_dates() -> None:
    with pytest.raises(ValueError, match="no leap month"):
        lunar_to_solar(1, 3, 2025, leap=True)  # 2025's leap month is the 6th
    with pytest.raises(ValueError, match="no leap month"):
        lunar_to_solar(1, 1, 2024, leap=True)  # 2024 has no leap month at all
    with pytest.raises(ValueError, match="only 29 days"):
        lunar_to_solar(30, 12, 2025)  # Chạp of Ất Tỵ has 29 days
    with pytest.raises(ValueError):
        lunar_to_solar(0, 1, 2025)
    with pytest.raises(ValueError):
        lunar_to_solar(1, 13, 2025)


def test_can_chi_and_month_names() -> None:
    assert can_chi(2025) == "Ất Tỵ"
    assert can_chi(2026) == "Bính Ngọ"
    assert can_chi(2027) == "Đinh Mùi"
    assert can_chi(2024) == "Giáp Thìn"
    assert can_chi(2023) == "Quý Mão"
    assert can_chi(1984) == "Giáp Tý"
    assert lunar_month_name(1) == "Giêng"
    assert lunar_month_name(12) == "Chạp"
    assert lunar_month_name(6, leap=True) == "Sáu nhuận"
