"""The working-day calendar: shipped official years, computed years, user files, office hours."""

from __future__ import annotations

import json
import pickle
import re
import threading
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from dossier_check.lunar import solar_to_lunar
from dossier_check.workdays import (
    DAY_OFF_KINDS,
    VN_TZ,
    CalendarError,
    OfficeHours,
    WorkCalendar,
    format_date,
    load_calendar_file,
    parse_calendar,
)

CAL = WorkCalendar.builtin()


def _mmdd(text: str) -> list[str]:
    return text.split()


# Weekdays off for civil servants (legal brief §5.2/§5.3 for 2025/2026; the sourced notices for 2021–2024).
OFF_WEEKDAYS = {
    2021: _mmdd("01-01 02-10 02-11 02-12 02-15 02-16 04-21 04-30 05-03 09-02 09-03"),
    2022: _mmdd("01-03 01-31 02-01 02-02 02-03 02-04 04-11 05-02 05-03 09-01 09-02"),
    2023: _mmdd("01-02 01-20 01-23 01-24 01-25 01-26 05-01 05-02 05-03 09-01 09-04"),
    2024: _mmdd("01-01 02-08 02-09 02-12 02-13 02-14 04-18 04-29 04-30 05-01 09-02 09-03"),
    2025: _mmdd("01-01 01-27 01-28 01-29 01-30 01-31 04-07 04-30 05-01 05-02 09-01 09-02"),
    2026: _mmdd("01-01 01-02 02-16 02-17 02-18 02-19 02-20 04-27 04-30 05-01 08-31 09-01 09-02 11-24"),
}
WORKING_WEEKENDS = {2021: [], 2022: [], 2023: [], 2024: ["05-04"], 2025: ["04-26"], 2026: ["01-10", "08-22"]}

# 2027 has no official schedule: the statutory days computed by the library (SPEC §6.1).
COMPUTED_2027 = _mmdd("01-01 02-05 02-08 02-09 02-10 02-11 04-16 04-30 05-03 09-02 09-03 11-24")


def _d(year: int, mmdd: str) -> date:
    return date.fromisoformat(f"{year}-{mmdd}")


def _days(year: int) -> list[date]:
    d, out = date(year, 1, 1), []
    while d.year == year:
        out.append(d)
        d += timedelta(days=1)
    return out


@pytest.mark.parametrize("year", sorted(OFF_WEEKDAYS))
def test_official_year_every_day(year: int) -> None:
    """Every date of the year: working iff a weekday not listed off, or a listed working weekend day."""
    off = {_d(year, x) for x in OFF_WEEKDAYS[year]}
    sats = {_d(year, x) for x in WORKING_WEEKENDS[year]}
    assert all(d.weekday() < 5 for d in off)
    assert all(d.weekday() >= 5 for d in sats)
    wrong = [
        d for d in _days(year) if CAL.is_working_day(d) != ((d.weekday() < 5 and d not in off) or d in sats)
    ]
    assert wrong == []
    assert CAL.is_official(year)


@pytest.mark.parametrize(
    ("iso", "code", "reason"),
    [
        ("2025-01-01", "holiday", "Tết Dương lịch"),
        ("2025-01-29", "holiday", "Tết Nguyên đán Ất Tỵ"),
        ("2025-04-07", "holiday", "Giỗ Tổ Hùng Vương"),
        ("2025-04-30", "holiday", "Ngày Chiến thắng"),
        ("2025-05-01", "holiday", "Ngày Quốc tế Lao động"),
        ("2025-05-02", "swap", "Nghỉ hoán đổi"),
        ("2025-09-02", "holiday", "Quốc khánh"),
        ("2026-01-02", "swap", "Nghỉ hoán đổi dịp Tết Dương lịch"),
        ("2026-02-17", "holiday", "Tết Nguyên đán Bính Ngọ"),
        ("2026-04-26", "holiday", "Giỗ Tổ Hùng Vương"),
        ("2026-04-27", "compensatory", "Nghỉ bù Giỗ Tổ Hùng Vương"),
        ("2026-08-31", "swap", "Nghỉ hoán đổi dịp Quốc khánh"),
        ("2026-11-24", "holiday", "Ngày Văn hóa Việt Nam"),
        ("2024-04-29", "swap", "Nghỉ hoán đổi"),
        ("2023-09-04", "compensatory", "Nghỉ bù Quốc khánh"),
    ],
)
def test_day_off_reasons(iso: str, code: str, reason: str) -> None:
    info = CAL.day_info(date.fromisoformat(iso))
    assert not info.is_working_day
    assert info.code == code
    assert reason in info.reason_vi
    assert info.reason_en and info.reason_en != info.reason_vi
    assert info.official
    assert info.source and "/" in info.source  # cites a notice
    assert CAL.day_off_reason(date.fromisoformat(iso)) == info.reason_vi
    assert CAL.day_off_reason(date.fromisoformat(iso), "en") == info.reason_en


@pytest.mark.parametrize(
    ("iso", "replaces"),
    [
        ("2024-05-04", "2024-04-29"),
        ("2025-04-26", "2025-05-02"),
        ("2026-01-10", "2026-01-02"),
        ("2026-08-22", "2026-08-31"),
    ],
)
def test_working_saturdays(iso: str, replaces: str) -> None:
    info = CAL.day_info(date.fromisoformat(iso))
    assert info.is_working_day and info.code == "makeup_working_day"
    assert info.replaces == date.fromisoformat(replaces)
    assert info.reason_vi.startswith("Làm bù cho ")
    assert format_date(date.fromisoformat(replaces)) in info.reason_vi
    assert CAL.day_off_reason(date.fromisoformat(iso)) is None
    assert not CAL.day_info(date.fromisoformat(replaces)).is_working_day


def test_weekend_and_working_day_info() -> None:
    sat = CAL.day_info(date(2026, 3, 7))
    assert (sat.is_working_day, sat.code, sat.reason_vi, sat.reason_en) == (
        False,
        "weekend",
        "Nghỉ hằng tuần (thứ Bảy)",
        "Weekly rest day (Saturday)",
    )
    assert CAL.day_info(date(2026, 3, 8)).reason_vi == "Nghỉ hằng tuần (Chủ nhật)"
    wd = CAL.day_info(date(2026, 3, 9))
    assert (wd.is_working_day, wd.code, wd.source) == (True, "working_day", None)
    assert CAL.day_off_reason(date(2026, 3, 9)) is None


def test_shipped_files_are_valid_and_consistent_with_lunar_dates() -> None:
    folder = resources.files("dossier_check").joinpath("calendars")
    names = sorted(e.name for e in folder.iterdir() if e.name.endswith(".json"))
    assert names == [f"official-{y}.json" for y in range(2021, 2027)]
    for name in names:
        doc = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        (schedule,) = parse_calendar(doc, name)
        assert schedule.official and schedule.year == int(name[9:13])
        for e in doc["days_off"]:
            assert e["kind"] in DAY_OFF_KINDS and e["reason_en"]
            m = re.search(r"\((?:mùng )?(\d+) tháng (Chạp|Giêng)\)", e["reason_vi"])
            if m:  # the lunar day written next to a Tết day is right
                day, month, _, _ = solar_to_lunar(date.fromisoformat(e["date"]))
                assert (day, month) == (int(m.group(1)), 12 if m.group(2) == "Chạp" else 1), e
    assert "TB 9441/TB-BNV" in CAL.sources(2026)[0]
    assert "CV 12729/VPCP-KGVX" in CAL.sources(2026)[0]


def test_official_years() -> None:
    assert CAL.official_years == (2021, 2022, 2023, 2024, 2025, 2026)
    for year in (1, 1999, 2020, 2027, 2030, 2100, 2200, 9999):
        assert not CAL.is_official(year)


def test_computed_2027() -> None:
    assert not CAL.is_official(2027)
    off = {_d(2027, x) for x in COMPUTED_2027}
    assert [d for d in _days(2027) if CAL.is_working_day(d) != (d.weekday() < 5 and d not in off)] == []
    # Tết: the last day of the lunar year (Fri 05/02) and mùng 1–4; mùng 1–2 fall on the weekend.
    for iso in ("2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09"):
        info = CAL.day_info(date.fromisoformat(iso))
        assert info.code == "holiday" and "Tết Nguyên đán Đinh Mùi" in info.reason_vi and not info.official
    assert "29 tháng Chạp" in CAL.day_info(date(2027, 2, 5)).reason_vi
    assert CAL.day_info(date(2027, 2, 10)).code == "compensatory"
    assert CAL.day_info(date(2027, 2, 11)).code == "compensatory"
    # 1/5/2027 is a Saturday: nghỉ bù on Monday 03/05 (Art. 111(3)).
    may3 = CAL.day_info(date(2027, 5, 3))
    assert may3.code == "compensatory"
    assert may3.reason_vi == "Nghỉ bù Ngày Quốc tế Lao động (thay cho thứ Bảy 01/05/2027)"
    assert CAL.day_info(date(2027, 4, 16)).reason_vi == "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
    assert CAL.day_info(date(2027, 9, 3)).reason_vi == "Quốc khánh (ngày liền kề 2/9)"
    assert CAL.day_info(date(2027, 11, 24)).code == "holiday"
    assert "Bộ luật Lao động" in CAL.sources(2027)[0]


@pytest.mark.parametrize(
    ("year", "companion"),
    [
        (2029, date(2029, 9, 3)),  # Sun → Mon (and nghỉ bù for Sunday 2/9 on Tue 04/09)
        (2030, date(2030, 9, 3)),  # Mon → Tue
        (2031, date(2031, 9, 1)),  # Tue → Mon
        (2032, date(2032, 9, 3)),  # Thu → Fri
        (2033, date(2033, 9, 1)),  # Fri → Thu
        (2034, date(2034, 9, 1)),  # Sat → Fri (and nghỉ bù on Mon 04/09)
        (2037, date(2037, 9, 1)),  # Wed → Tue
    ],
)
def test_computed_national_day_companion(year: int, companion: date) -> None:
    info = CAL.day_info(companion)
    assert info.code == "holiday" and info.reason_vi == "Quốc khánh (ngày liền kề 2/9)"
    national = date(year, 9, 2)
    if national.weekday() >= 5:
        nxt = national + timedelta(days=1)
        while nxt.weekday() >= 5 or nxt == companion:
            nxt += timedelta(days=1)
        assert CAL.day_info(nxt).code == "compensatory"


def test_computed_year_rules_of_their_time() -> None:
    empty = WorkCalendar()  # no official data at all
    # Before 2021 2/9 had no companion day; before 2007 Giỗ Tổ was not a holiday; Tết had 4 days before 2013.
    assert empty.is_working_day(date(2020, 9, 1)) and empty.is_working_day(date(2020, 9, 3))
    assert empty.is_working_day(date(2005, 4, 18))  # 10/3 Ất Dậu, a Monday
    assert not empty.is_working_day(date(2024, 2, 13))  # mùng 4 Tết 2024 (Tuesday)


def test_shipped_data_wins_over_computed() -> None:
    computed = WorkCalendar()
    assert not computed.is_official(2026)
    # New Year 2026 swap and the Quốc khánh swap exist only in the official schedule.
    assert computed.is_working_day(date(2026, 1, 2)) and not CAL.is_working_day(date(2026, 1, 2))
    assert not computed.is_working_day(date(2026, 1, 10)) and CAL.is_working_day(date(2026, 1, 10))
    assert computed.is_working_day(date(2026, 8, 31)) and not CAL.is_working_day(date(2026, 8, 31))
    # 2025: the computed Tết days (28/01 eve … 01/02) differ from the official 27/01–31/01.
    assert computed.is_working_day(date(2025, 1, 27)) and not CAL.is_working_day(date(2025, 1, 27))
    assert computed.is_working_day(date(2025, 5, 2)) and not CAL.is_working_day(date(2025, 5, 2))


def test_navigation() -> None:
    assert CAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert CAL.previous_working_day(date(2026, 2, 23)) == date(2026, 2, 13)
    assert CAL.next_working_day(date(2026, 1, 9)) == date(2026, 1, 10)  # a working Saturday
    assert CAL.previous_working_day(date(2026, 1, 5)) == date(2025, 12, 31)
    assert CAL.nth_working_day_after(date(2025, 4, 25), 7) == date(2025, 5, 8)
    assert CAL.nth_working_day_after(date(2025, 4, 25), 0) == date(2025, 4, 25)
    assert CAL.nth_working_day_after(datetime(2025, 4, 25, 16, 0), 1) == date(2025, 4, 26)
    with pytest.raises(ValueError):
        CAL.nth_working_day_after(date(2025, 4, 25), -1)
    assert CAL.next_working_day(date(2199, 12, 31)) == date(2200, 1, 2)  # 1/1/2200 is New Year's Day
    with pytest.raises(TypeError):
        CAL.is_working_day("2026-01-01")  # type: ignore[arg-type]


def test_years_beyond_the_lunar_calendar_keep_their_fixed_holidays_and_walks_stop_at_the_ends() -> None:
    for year in (1, 1899, 2200, 9999):
        listed = {(i.date.month, i.date.day) for i in CAL.schedule(year) if i.code == "holiday"}
        assert {(1, 1), (4, 30), (5, 1), (9, 2)} <= listed, year
        assert not any("Tết Nguyên đán" in i.reason_vi for i in CAL.schedule(year))  # cannot be placed
    assert CAL.next_working_day(date.max) == date.max
    assert CAL.nth_working_day_after(date(9999, 12, 30), 3) == date.max
    assert CAL.previous_working_day(date.min) == date.min
    assert CAL.previous_working_day(date(1, 1, 2)) == date.min  # 1/1/0001, a Monday, is New Year's Day


def test_datetime_input_is_reduced_to_its_date() -> None:
    assert CAL.is_working_day(datetime(2026, 1, 10, 9, 0)) is True
    assert CAL.is_working_day(datetime(2026, 1, 2, 9, 0)) is False


def test_schedule_listing() -> None:
    listed = CAL.schedule(2026)
    assert [i.date for i in listed] == sorted(i.date for i in listed)
    assert {i.code for i in listed} == {"holiday", "swap", "compensatory", "makeup_working_day"}
    assert len([i for i in listed if not i.is_working_day and i.date.weekday() < 5]) == 14


def test_immutable_picklable_and_shared() -> None:
    assert WorkCalendar.builtin() is CAL
    with pytest.raises(AttributeError):
        CAL._years = {}
    clone = pickle.loads(pickle.dumps(CAL))
    assert clone.official_years == CAL.official_years
    assert not clone.is_working_day(date(2026, 1, 2))
    assert "2026" in repr(CAL)


def test_thread_safety_smoke() -> None:
    cal = WorkCalendar.builtin()
    days = [date(2100, 1, 1) + timedelta(days=i) for i in range(0, 3650, 7)]
    expected = [cal.is_working_day(d) for d in days]
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(20):
                assert [cal.is_working_day(d) for d in days] == expected
        except BaseException as exc:  # pragma: no cover - only on failure
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# --- user calendar files ------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, doc: Any) -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_local_day_off_overlays_official_year(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "tinh.json",
        {
            "year": 2026,
            "days_off": [
                {"date": "2026-10-20", "reason_vi": "Nghỉ theo quyết định của UBND tỉnh", "kind": "local"}
            ],
        },
    )
    cal = CAL.with_files(path)
    assert not cal.is_working_day(date(2026, 10, 20))
    info = cal.day_info(date(2026, 10, 20))
    assert (info.code, info.reason_vi, info.reason_en, info.source) == (
        "local",
        "Nghỉ theo quyết định của UBND tỉnh",
        "Nghỉ theo quyết định của UBND tỉnh",
        str(path),
    )
    assert cal.is_official(2026)  # an overlay does not change the year's status
    assert not cal.is_working_day(date(2026, 1, 2)) and cal.is_working_day(date(2026, 1, 10))  # rest kept
    assert CAL.is_working_day(date(2026, 10, 20))  # the original is untouched
    assert cal.sources(2026)[-1] == str(path)


def test_override_and_later_file_wins(tmp_path: Path) -> None:
    first = _write(
        tmp_path,
        "a.json",
        {"year": 2026, "working_days": [{"date": "2026-11-24", "reason_vi": "Làm việc bình thường"}]},
    )
    second = _write(
        tmp_path,
        "b.json",
        {
            "year": 2026,
            "days_off": [{"date": "2026-11-24", "reason_vi": "Ngày Văn hóa Việt Nam", "kind": "holiday"}],
        },
    )
    assert CAL.with_files(first).is_working_day(date(2026, 11, 24))
    assert not CAL.with_files(first, second).is_working_day(date(2026, 11, 24))
    assert CAL.with_files(second, first).is_working_day(date(2026, 11, 24))
    assert CAL.with_files(first).with_files(second).day_info(date(2026, 11, 24)).source == str(second)


def test_replace_year(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "r.json",
        {
            "year": 2026,
            "official": False,
            "replace_year": True,
            "days_off": [{"date": "2026-03-02", "reason_vi": "X"}],
        },
    )
    cal = CAL.with_files(path)
    assert cal.is_working_day(date(2026, 1, 2))  # the official swap is gone
    assert not cal.is_working_day(date(2026, 1, 10))  # and so is the working Saturday
    assert not cal.is_working_day(date(2026, 3, 2))
    assert not cal.is_official(2026)


def test_official_file_for_a_computed_year_replaces_it(tmp_path: Path) -> None:
    doc = {
        "year": 2027,
        "official": True,
        "source": "TB 1/TB-BNV (giả định cho kiểm thử)",
        "days_off": [
            {"date": "2027-01-01", "reason_vi": "Tết Dương lịch"},
            {"date": "2027-02-04", "reason_vi": "Tết Nguyên đán Đinh Mùi"},
            {"date": "2027-02-05", "reason_vi": "Tết Nguyên đán Đinh Mùi"},
            {"date": "2027-02-08", "reason_vi": "Tết Nguyên đán Đinh Mùi"},
            {"date": "2027-02-09", "reason_vi": "Tết Nguyên đán Đinh Mùi"},
            {"date": "2027-02-10", "reason_vi": "Tết Nguyên đán Đinh Mùi"},
        ],
    }
    cal = CAL.with_files(_write(tmp_path, "2027.json", doc))
    assert cal.is_official(2027)
    assert not cal.is_working_day(date(2027, 2, 4))
    assert cal.is_working_day(date(2027, 2, 11))  # the computed compensatory day does not leak in
    assert cal.is_working_day(date(2027, 5, 3))
    assert cal.official_years[-1] == 2027


def test_array_of_years(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "many.json",
        [
            {"year": 2027, "days_off": [{"date": "2027-03-01", "reason_vi": "A"}]},
            {"year": 2028, "days_off": [{"date": "2028-03-01", "reason_vi": "B"}]},
        ],
    )
    schedules = load_calendar_file(path)
    assert [s.year for s in schedules] == [2027, 2028]
    cal = CAL.with_schedules(*schedules)
    assert not cal.is_working_day(date(2027, 3, 1)) and not cal.is_working_day(date(2028, 3, 1))
    assert not cal.is_official(2027)  # overlay on computed data stays provisional
    assert not cal.is_working_day(date(2027, 2, 10))  # computed compensatory Tết day kept


GOOD_DAY = {"date": "2026-10-20", "reason_vi": "Nghỉ"}


@pytest.mark.parametrize(
    ("doc", "record", "field", "reason"),
    [
        ("{not json", None, None, "not valid JSON"),
        ([], None, None, "holds no calendar year"),
        ("42", None, None, "expected a JSON object"),
        ({"days_off": []}, None, "year", "expected an integer year"),
        ({"year": "2026"}, None, "year", "expected an integer year"),
        ({"year": 2300}, None, "year", "outside the supported range"),
        ({"year": 2026, "official": "yes"}, None, "official", "expected true or false"),
        ({"year": 2026, "official": True}, None, "source", "must cite its notice"),
        ({"year": 2026, "days_off": {}}, None, "days_off", "expected a list"),
        ({"year": 2026, "days_off": ["2026-10-20"]}, None, "days_off[0]", "expected an object"),
        ({"year": 2026, "days_off": [{"reason_vi": "x"}]}, None, "days_off[0].date", "expected a date"),
        (
            {"year": 2026, "days_off": [{"date": "2026-02-30", "reason_vi": "x"}]},
            None,
            "days_off[0].date",
            "not a real",
        ),
        (
            {"year": 2026, "days_off": [{"date": "2025-10-20", "reason_vi": "x"}]},
            None,
            "days_off[0].date",
            "year 2026",
        ),
        (
            {"year": 2026, "days_off": [{"date": "2026-10-20"}]},
            None,
            "days_off[0].reason_vi",
            "non-empty string",
        ),
        (
            {"year": 2026, "days_off": [{"date": "2026-10-20", "reason_vi": "  "}]},
            None,
            "days_off[0].reason_vi",
            "non-empty",
        ),
        (
            {"year": 2026, "days_off": [{**GOOD_DAY, "reason_en": 5}]},
            None,
            "days_off[0].reason_en",
            "non-empty",
        ),
        (
            {"year": 2026, "days_off": [{**GOOD_DAY, "kind": "bonus"}]},
            None,
            "days_off[0].kind",
            "expected one of",
        ),
        (
            {"year": 2026, "days_off": [GOOD_DAY, GOOD_DAY]},
            None,
            "days_off[1].date",
            "already listed in days_off[0]",
        ),
        (
            {"year": 2026, "days_off": [GOOD_DAY], "working_days": [GOOD_DAY]},
            None,
            "working_days[0].date",
            "already listed",
        ),
        (
            {
                "year": 2026,
                "working_days": [{"date": "2026-10-24", "reason_vi": "x", "replaces": "2026/10/23"}],
            },
            None,
            "working_days[0].replaces",
            "expected a date",
        ),
        (
            [{"year": 2026}, {"year": 2026, "days_off": [{"date": "x", "reason_vi": "y"}]}],
            1,
            "days_off[0].date",
            "date",
        ),
    ],
)
def test_bad_files_name_file_record_field(
    tmp_path: Path, doc: Any, record: int | None, field: str | None, reason: str
) -> None:
    path = _write(tmp_path, "bad.json", doc)
    with pytest.raises(CalendarError) as info:
        CAL.with_files(path)
    err = info.value
    assert err.source == str(path)
    assert err.record == record
    assert err.field == field
    assert reason in err.reason
    message = str(err)
    assert str(path) in message and reason in message
    if field:
        assert field in message
    if record is not None:
        assert f"record [{record}]" in message


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(CalendarError, match="cannot read the file"):
        CAL.with_files(tmp_path / "nope.json")
    bad = tmp_path / "latin1.json"
    bad.write_bytes(b'{"year": 2026, "source": "H\xe0 N\xf4i"}')  # Latin-1 bytes
    with pytest.raises(CalendarError, match="not UTF-8"):
        CAL.with_files(bad)


def test_unknown_keys_are_ignored() -> None:
    (schedule,) = parse_calendar(
        {"year": 2026, "$schema": "x", "notes": "y", "days_off": [{**GOOD_DAY, "extra": 1}]}, "inline"
    )
    assert schedule.entries[0].kind == "holiday" and schedule.source == "inline" and not schedule.official


# --- office hours ------------------------------------------------------------------------------------


def test_office_hours_default_and_derived_times() -> None:
    h = OfficeHours()
    assert h.sessions == ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
    assert (h.opening, h.morning_end, h.closing) == (time(7, 30), time(11, 30), time(17, 0))
    assert h.minutes_per_day == 450
    assert h.is_open(time(7, 30)) and not h.is_open(time(11, 30)) and not h.is_open(time(17, 0))
    assert h.is_open(time(13, 30)) and not h.is_open(time(12, 0)) and not h.is_open(time(7, 29))
    assert h.describe() == "07:30–11:30, 13:30–17:00"
    assert OfficeHours.parse("07:30-11:30, 13:30-17:00") == h
    assert OfficeHours.parse(["08:00-12:00", "13:00-16:30"]).closing == time(16, 30)
    assert hash(h) == hash(OfficeHours())


@pytest.mark.parametrize(
    ("sessions", "message"),
    [
        ((), "at least one session"),
        (((time(11, 30), time(7, 30)),), "is not before end"),
        (((time(7, 30), time(7, 30)),), "is not before end"),
        (((time(13, 30), time(17, 0)), (time(7, 30), time(11, 30))), "ordered"),
        (((time(7, 30), time(12, 0)), (time(11, 30), time(17, 0))), "must not overlap"),
        (((time(7, 30, tzinfo=VN_TZ), time(11, 30)),), "local"),
        (((time(7, 30),),), "pair"),
    ],
)
def test_office_hours_validation(sessions: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        OfficeHours(sessions)


def test_office_hours_adjacent_sessions_and_bad_text() -> None:
    assert OfficeHours(((time(8), time(12)), (time(12), time(16)))).minutes_per_day == 480
    with pytest.raises(ValueError, match="HH:MM"):
        OfficeHours.parse("7:30-11:30")
    with pytest.raises(ValueError, match="HH:MM-HH:MM"):
        OfficeHours.parse("07:30")
