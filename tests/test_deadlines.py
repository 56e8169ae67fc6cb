"""Deadlines of SPEC §6.2–§6.4: effective receipt, the units, transfer, provisional years, explanations."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import pytest

from dossier_check import deadline
from dossier_check.deadlines import (
    Deadline,
    compute_deadline,
    effective_receipt,
    next_working_day,
    nth_working_day_after,
    previous_working_day,
    to_local,
    transfer_deadline,
)
from dossier_check.workdays import OfficeHours, WorkCalendar

CAL = WorkCalendar.builtin()
HOURS = OfficeHours()


def dt(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def wd(n: int, received: str, **kw: Any) -> Deadline:
    return compute_deadline("working_days", n, dt(received), calendar=CAL, hours=HOURS, **kw)


# --- SPEC §6.3 worked examples and procedures.md §4.3 test vectors ---------------------------------------


@pytest.mark.parametrize(
    ("received", "n", "due"),
    [
        ("2025-04-25T10:00", 7, "2025-05-08"),  # Sat 26/04 worked; 30/04–04/05 off
        ("2025-12-31T10:00", 1, "2026-01-05"),  # 01/01 holiday, 02/01 swapped, weekend
        ("2026-02-13T14:00", 3, "2026-02-25"),  # Tết Bính Ngọ 16–20/02
    ],
)
def test_spec_worked_examples(received: str, n: int, due: str) -> None:
    d = wd(n, received)
    assert d.due_date == date.fromisoformat(due)
    assert d.due == datetime.combine(date.fromisoformat(due), time(17, 0))
    assert not d.instant and not d.provisional and d.provisional_years == frozenset()


@pytest.mark.parametrize(
    ("received", "n", "due"),
    [
        ("2025-04-25", 7, "2025-05-08"),
        ("2025-01-24", 1, "2025-02-03"),
        ("2025-08-29", 3, "2025-09-05"),
        ("2026-02-13", 10, "2026-03-06"),
        ("2026-08-21", 1, "2026-08-22"),  # make-up Saturday
        ("2026-04-24", 3, "2026-05-04"),  # 27/04 in lieu, then 30/04 and 1/5
        ("2025-12-31", 1, "2026-01-05"),  # the holidays package says 02/01 (wrong); the overlay fixes it
        ("2026-01-08", 2, "2026-01-10"),  # make-up Saturday
    ],
)
def test_procedures_test_vectors(received: str, n: int, due: str) -> None:
    start = date.fromisoformat(received)
    assert nth_working_day_after(start, n, CAL).date == date.fromisoformat(due)
    assert wd(n, received + "T09:00").due_date == date.fromisoformat(due)


# --- effective receipt (§6.2) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "effective"),
    [
        ("2026-03-10T06:45", "2026-03-10T07:30"),  # before opening → 07:30 the same day
        ("2026-03-10T07:30", "2026-03-10T07:30"),  # a session includes its start
        ("2026-03-10T11:29:59", "2026-03-10T11:29:59"),
        ("2026-03-10T11:30", "2026-03-10T13:30"),  # 11:30 sharp is outside
        ("2026-03-10T12:00", "2026-03-10T13:30"),  # lunch → 13:30
        ("2026-03-10T16:59", "2026-03-10T16:59"),
        ("2026-03-10T17:00", "2026-03-11T07:30"),  # closing → next working day
        ("2026-03-13T17:30", "2026-03-16T07:30"),  # Friday evening → Monday
        ("2026-03-14T09:00", "2026-03-16T07:30"),  # Saturday → Monday 07:30
        ("2026-02-14T10:00", "2026-02-23T07:30"),  # weekend + Tết → Monday 23/02
        ("2026-01-10T09:00", "2026-01-10T09:00"),  # a working Saturday is a working day
        ("2026-01-02T09:00", "2026-01-05T07:30"),  # a swapped Friday is not
    ],
)
def test_effective_receipt(received: str, effective: str) -> None:
    assert effective_receipt(dt(received), CAL, HOURS) == dt(effective)


def test_effective_receipt_aware_input_and_custom_hours() -> None:
    utc = datetime(2026, 3, 10, 0, 0, tzinfo=timezone.utc)  # 07:00 in Việt Nam
    assert to_local(utc) == dt("2026-03-10T07:00")
    assert effective_receipt(utc) == dt("2026-03-10T07:30")
    assert to_local(dt("2026-03-10T07:00")) == dt("2026-03-10T07:00")
    hours = OfficeHours(((time(8), time(12)), (time(13), time(16, 30))))
    assert effective_receipt(dt("2026-03-10T12:30"), CAL, hours) == dt("2026-03-10T13:00")
    assert effective_receipt(dt("2026-03-10T16:45"), CAL, hours) == dt("2026-03-11T08:00")


def test_receipt_outside_hours_moves_the_counting() -> None:
    # Received Friday 17:30 → effective Monday 07:30 → Monday is not counted.
    d = wd(1, "2026-03-13T17:30")
    assert d.effective_receipt == dt("2026-03-16T07:30")
    assert d.due_date == date(2026, 3, 17)
    assert [s.code for s in d.steps] == [
        "received_outside_office_hours",
        "day_off",
        "day_off",
        "receipt_day",
        "working_day",
    ]


# --- working days: conventions and steps -----------------------------------------------------------------


def test_count_receipt_day_convention() -> None:
    default = wd(7, "2025-04-25T10:00")
    alt = wd(7, "2025-04-25T10:00", count_receipt_day=True)
    assert default.due_date == date(2025, 5, 8)
    assert alt.due_date == date(2025, 5, 7)
    assert alt.count_receipt_day and not default.count_receipt_day
    assert alt.steps[0].code == "receipt_day_counted" and alt.steps[0].counted and alt.steps[0].ordinal == 1
    assert "ngày tiếp nhận được tính là ngày thứ nhất" in alt.explain()
    assert wd(1, "2025-04-25T10:00", count_receipt_day=True).due_date == date(2025, 4, 25)


def test_zero_working_days() -> None:
    assert wd(0, "2026-03-10T10:00").due_date == date(2026, 3, 10)


def test_steps_one_per_calendar_day() -> None:
    d = wd(7, "2025-04-25T10:00")
    dates = [s.date for s in d.steps]
    assert dates == [date(2025, 4, 25) + timedelta(days=i) for i in range(14)]
    counted = [s for s in d.steps if s.counted]
    assert [s.ordinal for s in counted] == list(range(1, 8))
    assert counted[0].date == date(2025, 4, 26) and counted[0].day.code == "makeup_working_day"
    assert d.steps[0].code == "receipt_day" and not d.steps[0].counted
    skipped = {s.date: s.day.code for s in d.steps if s.code == "day_off"}
    assert skipped == {
        date(2025, 4, 27): "weekend",
        date(2025, 4, 30): "holiday",
        date(2025, 5, 1): "holiday",
        date(2025, 5, 2): "swap",
        date(2025, 5, 3): "weekend",
        date(2025, 5, 4): "weekend",
    }
    assert d.steps[0].reason_vi == "ngày tiếp nhận, không tính"
    assert d.steps[1].reason_vi.startswith("ngày làm việc thứ nhất; làm bù cho thứ Sáu 02/05/2025")
    assert d.steps[5].reason_vi == "không tính: Ngày Chiến thắng"
    assert d.steps[5].reason("en") == "not counted: Reunification Day (30 April)"
    assert d.steps[7].reason_vi.startswith("không tính: nghỉ hoán đổi dịp 30/4–1/5")


def test_explain_vietnamese_and_english() -> None:
    d = wd(7, "2025-04-25T10:00")
    vi = d.explain()
    assert vi.splitlines()[0] == "Thời hạn: 7 ngày làm việc (không tính ngày tiếp nhận)."
    assert "Nhận hồ sơ lúc 10:00 thứ Sáu 25/04/2025." in vi
    assert "- Thứ Bảy 26/04/2025: ngày làm việc thứ nhất; làm bù cho thứ Sáu 02/05/2025" in vi
    assert "- Chủ nhật 27/04/2025: không tính: nghỉ hằng tuần (Chủ nhật)." in vi
    assert "- Thứ Năm 01/05/2025: không tính: Ngày Quốc tế Lao động." in vi
    assert vi.splitlines()[-1] == (
        "Hạn cuối: hết giờ làm việc (17:00) thứ Năm 08/05/2025; ngày hẹn trả kết quả không được sau ngày này."
    )
    en = d.explain("en")
    assert en.splitlines()[0] == "Time limit: 7 working days (the receipt day is not counted)."
    assert "- Saturday 26/04/2025: working day 1; make-up working day for Friday 02/05/2025" in en
    assert "Thursday 08/05/2025" in en.splitlines()[-1]
    assert "Lưu ý" not in vi and "provisional" not in en
    with pytest.raises(ValueError):
        d.explain("fr")


def test_to_dict_is_json_ready() -> None:
    data = wd(3, "2026-02-13T14:00").to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert data["due_date"] == "2026-02-25" and data["unit"] == "working_days" and data["amount"] == 3
    assert data["steps"][3]["day_code"] == "holiday"
    assert "Tết Nguyên đán Bính Ngọ" in text


# --- same day ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "cutoff", "due"),
    [
        ("2026-03-10T14:59", None, "2026-03-10"),
        ("2026-03-10T15:00", None, "2026-03-10"),  # at the cut-off: still the same day
        ("2026-03-10T15:01", None, "2026-03-11"),
        ("2026-03-10T15:30", "16:00", "2026-03-10"),
        ("2026-03-10T18:00", None, "2026-03-11"),  # after hours → effective 07:30 next day → that day
        ("2026-03-10T06:00", None, "2026-03-10"),
        ("2026-02-13T15:30", None, "2026-02-23"),  # Friday after 15:00 before Tết
        ("2026-01-09T16:00", None, "2026-01-10"),  # next working day is a make-up Saturday
    ],
)
def test_same_day(received: str, cutoff: str | None, due: str) -> None:
    d = compute_deadline("same_day", None, dt(received), cutoff=cutoff, calendar=CAL, hours=HOURS)
    assert d.due_date == date.fromisoformat(due)
    assert d.amount is None and not d.instant
    assert d.cutoff == (time.fromisoformat(cutoff) if cutoff else time(15, 0))


def test_same_day_cutoff_as_time_and_explanation() -> None:
    d = compute_deadline("same_day", None, dt("2026-03-10T15:30"), cutoff=time(15, 0))
    assert d.due_date == date(2026, 3, 11)
    assert d.steps[0].code == "after_cutoff"
    assert "sau giờ chốt 15:00: trả kết quả vào ngày làm việc tiếp theo" in d.explain()
    assert d.describe_limit() == "trong ngày (tiếp nhận sau 15:00 thì trả vào ngày làm việc tiếp theo)"


# --- working hours -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "n", "due"),
    [
        ("2026-03-10T10:00", 3, "2026-03-10T15:00"),  # spans lunch: 10:00–11:30 + 13:30–15:00
        ("2026-03-10T10:30", 1, "2026-03-10T11:30"),  # ends exactly at the end of a session
        ("2026-03-10T15:30", 2, "2026-03-11T08:00"),  # spans the night
        ("2026-03-10T12:15", 2, "2026-03-10T15:30"),  # received at lunch → counted from 13:30
        ("2026-03-13T16:00", 8, "2026-03-16T16:30"),  # Fri 1 h, then Mon 07:30–11:30 and 13:30–16:30
        ("2026-03-13T16:00", 1, "2026-03-13T17:00"),  # reached exactly at closing time
        ("2026-04-24T15:30", 8, "2026-04-28T16:00"),  # weekend, Giỗ Tổ (Sun 26/04) and Mon 27/04 in lieu
        ("2026-02-13T16:00", 4, "2026-02-23T10:30"),  # Tết
        ("2026-03-10T09:00", 0, "2026-03-10T09:00"),
    ],
)
def test_working_hours(received: str, n: int, due: str) -> None:
    d = compute_deadline("working_hours", n, dt(received), calendar=CAL, hours=HOURS)
    assert d.due == dt(due)
    assert d.due_date == dt(due).date()
    assert d.instant
    minutes = sum(s.minutes for s in d.steps)
    assert minutes == n * 60


def test_working_hours_exact_instant_is_in_time() -> None:
    d = compute_deadline("working_hours", 3, dt("2026-03-10T10:00"))
    assert d.accepts(dt("2026-03-10T15:00"))
    assert not d.accepts(dt("2026-03-10T15:01"))
    assert d.accepts(date(2026, 3, 10))  # a date-only value compares by date
    assert not d.accepts(date(2026, 3, 11))
    assert d.accepts(datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc))  # 15:00 in Việt Nam
    explanation = d.explain()
    assert "tính 3 giờ làm việc (10:00–11:30, 13:30–15:00); đủ 3 giờ làm việc lúc 15:00" in explanation
    assert "hẹn trả kết quả đúng thời điểm này vẫn đúng hạn" in explanation


def test_day_based_deadline_accepts_any_time_on_the_due_date() -> None:
    d = wd(7, "2025-04-25T10:00")
    assert d.accepts(dt("2025-05-08T20:00"))
    assert d.accepts(date(2025, 5, 8))
    assert not d.accepts(dt("2025-05-09T07:30"))


# --- calendar days -------------------------------------------------------------------------------------


def test_calendar_days_landing_on_a_day_off() -> None:
    d = compute_deadline("calendar_days", 7, dt("2025-04-23T10:00"), calendar=CAL, hours=HOURS)
    assert d.due_date == date(2025, 5, 5)  # 30/04 holiday → 01/05, 02/05, weekend → Mon 05/05
    codes = [s.code for s in d.steps]
    assert codes[0] == "receipt_day"
    assert codes[1:8] == ["calendar_day"] * 7
    assert codes[8:12] == ["moved_past_day_off"] * 4
    assert codes[12] == "moved_due_date"
    assert "hạn rơi vào ngày nghỉ nên chuyển sang ngày làm việc tiếp theo" in d.steps[7].reason_vi
    assert "BLDS 2015 Điều 148 khoản 5" in d.steps[12].reason_vi


def test_calendar_days_on_a_working_day_and_weekend_counted() -> None:
    d = compute_deadline("calendar_days", 7, dt("2026-03-02T10:00"))
    assert d.due_date == date(2026, 3, 9)
    assert [s.ordinal for s in d.steps if s.counted] == list(range(1, 8))
    assert d.steps[5].day.code == "weekend" and d.steps[5].counted
    # Receipt day counted as day 1: Tue 03/03 + 6 = Mon 09/03 instead of Tue 10/03.
    assert compute_deadline("calendar_days", 7, dt("2026-03-03T10:00")).due_date == date(2026, 3, 10)
    alt = compute_deadline("calendar_days", 7, dt("2026-03-03T10:00"), count_receipt_day=True)
    assert alt.due_date == date(2026, 3, 9)
    assert alt.steps[0].code == "receipt_day_counted"


def test_calendar_days_ending_on_a_working_saturday() -> None:
    # 2026-01-05 + 5 = Sat 10/01, a make-up working day: no move.
    assert compute_deadline("calendar_days", 5, dt("2026-01-05T09:00")).due_date == date(2026, 1, 10)
    assert compute_deadline("calendar_days", 6, dt("2026-01-05T09:00")).due_date == date(2026, 1, 12)
    assert compute_deadline("calendar_days", 9, dt("2025-12-31T09:00")).due_date == date(2026, 1, 9)
    assert compute_deadline("calendar_days", 10, dt("2025-12-31T09:00")).due_date == date(2026, 1, 10)


# --- transfer (§6.4) ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2026-03-10T10:00", "2026-03-10T17:00"),
        ("2026-03-10T15:00", "2026-03-10T17:00"),  # at 15:00: still the same day
        ("2026-03-10T15:01", "2026-03-11T11:30"),
        ("2026-03-10T12:00", "2026-03-10T17:00"),  # lunch → effective 13:30
        ("2026-03-10T18:00", "2026-03-11T17:00"),  # after hours → 07:30 next day → that day's close
        ("2026-03-14T09:00", "2026-03-16T17:00"),  # Saturday
        ("2026-02-13T15:30", "2026-02-23T11:30"),  # Friday after 15:00 before Tết
        ("2026-01-09T16:00", "2026-01-10T11:30"),  # next working day is a make-up Saturday
    ],
)
def test_transfer_deadline(received: str, due: str) -> None:
    d = transfer_deadline(dt(received), CAL, HOURS)
    assert d.due == dt(due)
    assert d.unit == "transfer" and d.instant and d.cutoff == time(15, 0)
    assert d.accepts(dt(due)) and not d.accepts(dt(due) + timedelta(minutes=1))


def test_transfer_deadline_derives_close_and_morning_end_from_hours() -> None:
    hours = OfficeHours(((time(8), time(12)), (time(13), time(16, 30))))
    assert transfer_deadline(dt("2026-03-10T14:00"), CAL, hours).due == dt("2026-03-10T16:30")
    assert transfer_deadline(dt("2026-03-10T15:10"), CAL, hours).due == dt("2026-03-11T12:00")
    text = transfer_deadline(dt("2026-03-10T15:10"), CAL, hours).explain()
    assert "Thời hạn chuyển hồ sơ cho cơ quan giải quyết" in text
    assert "Hạn chuyển hồ sơ: chậm nhất 12:00 thứ Tư 11/03/2026." in text


# --- calendar months ------------------------------------------------------------------------------------


def months(n: int, received: str, **kw: Any) -> Deadline:
    return compute_deadline("calendar_months", n, dt(received), calendar=CAL, hours=HOURS, **kw)


@pytest.mark.parametrize(
    ("received", "n", "due", "provisional"),
    [
        # 31 Jan + 1 month: February has no 31st, so its last day — 29 in a leap year, 28 otherwise.
        ("2024-01-31T10:00", 1, "2024-02-29", set()),
        ("2030-01-31T10:00", 1, "2030-02-28", {2030}),
        # Fri 31/10/2025 + 4 months: Sat 28/02/2026, a day off → Mon 02/03.
        ("2025-10-31T10:00", 4, "2026-03-02", set()),
        # Tue 31/03/2026 + 1 month: 30/04 (the month's last day) is a holiday, 01/05 too, then a weekend.
        ("2026-03-31T10:00", 1, "2026-05-04", set()),
        # Fri 16/01/2026 + 1 month: Mon 16/02 is Tết Bính Ngọ (16–20/02), then a weekend → Mon 23/02.
        ("2026-01-16T16:00", 1, "2026-02-23", set()),
        # Year ends: Wed 31/12/2025 + 1 month: Sat 31/01/2026 → Mon 02/02; into a year without a schedule.
        ("2025-12-31T10:00", 1, "2026-02-02", set()),
        ("2026-12-15T10:00", 1, "2027-01-15", {2027}),
        ("2026-11-30T10:00", 12, "2027-11-30", {2027}),
        # Received on a Saturday: the clock starts Mon 02/02/2026, so the month ends Mon 02/03.
        ("2026-01-31T09:00", 1, "2026-03-02", set()),
    ],
)
def test_calendar_months(received: str, n: int, due: str, provisional: set[int]) -> None:
    d = months(n, received)
    assert d.due_date == date.fromisoformat(due)
    assert d.due == datetime.combine(d.due_date, time(17, 0)) and not d.instant
    assert d.provisional_years == frozenset(provisional) and d.provisional == bool(provisional)
    assert CAL.is_working_day(d.due_date)


def test_calendar_months_explained_without_listing_every_day() -> None:
    d = months(1, "2026-03-31T10:00")
    assert [s.code for s in d.steps] == [
        "receipt_day",
        "month_last_day",
        "moved_past_day_off",
        "moved_past_day_off",
        "moved_past_day_off",
        "moved_due_date",
    ]
    assert d.steps[1].reason_vi.startswith(
        "tháng 4/2026 không có ngày 31: hạn là ngày cuối tháng — ngày nghỉ"
    )
    assert "hạn chuyển sang ngày làm việc tiếp theo" in d.steps[1].reason_vi
    assert d.steps[1].reason_en.startswith(
        "month 4/2026 has no day 31: the period ends on the month's last day"
    )
    vi, en = d.explain("vi"), d.explain("en")
    assert vi.startswith(
        "Thời hạn: 1 tháng (đến ngày tương ứng của tháng cuối cùng, hoặc ngày cuối của tháng đó)."
    )
    assert "Hạn cuối: hết giờ làm việc (17:00) thứ Hai 04/05/2026" in vi
    assert en.startswith("Time limit: 1 month (to the same day of the last month, or its last day).")
    same_day = months(2, "2026-03-13T10:00")  # Wed 13/05/2026
    assert [s.code for s in same_day.steps] == ["receipt_day", "month_day"]
    assert same_day.steps[1].reason_vi == "ngày tương ứng sau 2 tháng (ngày 13)"
    assert same_day.to_dict()["limit_en"] == "2 months (to the same day of the last month, or its last day)"


def test_the_receipt_day_convention_does_not_apply_to_months() -> None:
    assert months(1, "2026-03-10T10:00", count_receipt_day=True).due_date == date(2026, 4, 10)
    assert not months(1, "2026-03-10T10:00", count_receipt_day=True).count_receipt_day


# --- provisional years (DC007) -----------------------------------------------------------------------------


@pytest.mark.parametrize(("received", "year"), [("2027-03-10T10:00", 2027), ("2030-06-04T10:00", 2030)])
def test_provisional_years(received: str, year: int) -> None:
    d = wd(5, received)
    assert d.provisional and d.provisional_years == frozenset({year})
    assert all(s.provisional for s in d.steps)
    assert f"Lưu ý: năm {year} chưa có lịch nghỉ chính thức" in d.explain()
    assert f"Note: {year} has no official holiday schedule" in d.explain("en")
    assert transfer_deadline(dt(received)).provisional
    assert compute_deadline("same_day", None, dt(received)).provisional


def test_provisional_when_crossing_into_2027() -> None:
    d = wd(3, "2026-12-30T18:00")
    assert d.effective_receipt == dt("2026-12-31T07:30")
    assert d.due_date == date(2027, 1, 6)  # 01/01/2027 computed holiday, then a weekend
    assert d.provisional_years == frozenset({2027})
    assert [s.provisional for s in d.steps][:2] == [False, False]
    assert not wd(1, "2026-12-28T10:00").provisional


def test_2027_tet_and_may_day_computed_in_deadlines() -> None:
    # Fri 2027-02-04 + 1 wd: Fri 05/02 (last day of the lunar year) … Thu 11/02 are off → Fri 12/02.
    d = wd(1, "2027-02-04T10:00")
    assert d.due_date == date(2027, 2, 12) and d.provisional
    # Fri 2027-04-30 holiday, Sat 01/05, Mon 03/05 in lieu → received Thu 29/04, 1 wd → Tue 04/05.
    assert wd(1, "2027-04-29T10:00").due_date == date(2027, 5, 4)


def test_helpers_report_provisional_years() -> None:
    r = nth_working_day_after(date(2025, 4, 25), 3, CAL)
    assert r.date == date(2025, 4, 29) and not r.provisional and r.provisional_years == frozenset()
    r = nth_working_day_after(date(2026, 12, 30), 3, CAL)
    assert r.date == date(2027, 1, 5) and r.provisional_years == frozenset({2027})
    p = previous_working_day(date(2027, 1, 4), CAL)
    assert p.date == date(2026, 12, 31) and p.provisional_years == frozenset({2027})
    p = previous_working_day(date(2027, 1, 1), CAL)
    assert p.date == date(2026, 12, 31) and not p.provisional
    p = previous_working_day(date(2026, 1, 5))
    assert p.date == date(2025, 12, 31) and not p.provisional
    n = next_working_day(date(2026, 12, 31))
    assert n.date == date(2027, 1, 4) and n.provisional
    assert nth_working_day_after(date(2027, 3, 1), 0).date == date(2027, 3, 1)


def test_local_calendar_makes_2027_official(tmp_path: Any) -> None:
    path = tmp_path / "2027.json"
    path.write_text(
        json.dumps(
            {
                "year": 2027,
                "official": True,
                "replace_year": True,
                "source": "thông báo giả định",
                "days_off": [{"date": "2027-01-01", "reason_vi": "Tết Dương lịch"}],
            }
        ),
        encoding="utf-8",
    )
    cal = CAL.with_files(path)
    d = compute_deadline("working_days", 3, dt("2026-12-30T18:00"), calendar=cal)
    assert not d.provisional and d.due_date == date(2027, 1, 6)


# --- argument checking ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "amount", "kw", "message"),
    [
        ("weeks", 1, {}, "unknown time-limit unit"),
        ("unknown", 5, {}, "has no deadline"),
        ("calendar_months", None, {}, "needs an integer amount"),
        ("working_days", None, {}, "needs an integer amount"),
        ("working_days", True, {}, "needs an integer amount"),
        ("working_hours", 1.5, {}, "needs an integer amount"),
        ("calendar_days", -1, {}, "cannot be negative"),
        ("same_day", None, {"cutoff": "3pm"}, "HH:MM"),
        ("same_day", None, {"cutoff": "25:00"}, "HH:MM"),
    ],
)
def test_bad_arguments(unit: str, amount: Any, kw: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compute_deadline(unit, amount, dt("2026-03-10T10:00"), **kw)


def test_same_day_ignores_an_amount_and_defaults_apply() -> None:
    d = compute_deadline("same_day", 1, dt("2026-03-10T10:00"))
    assert d.amount is None and d.due_date == date(2026, 3, 10)
    assert d.calendar is WorkCalendar.builtin() and d.hours == OfficeHours()


def test_deadline_is_frozen_and_hashable() -> None:
    d = wd(1, "2026-03-10T10:00")
    with pytest.raises(AttributeError):
        d.due_date = date(2030, 1, 1)  # type: ignore[misc]
    assert d == wd(1, "2026-03-10T10:00") and hash(d) == hash(wd(1, "2026-03-10T10:00"))
    assert d.steps is d.steps  # computed once


# --- the procedure-level facade -----------------------------------------------------------------------------


@dataclass
class _Limit:
    unit: str
    amount: int | None = None
    cutoff: str | None = None


class _Version:
    def __init__(self, limits: dict[str, _Limit]) -> None:
        self.limits = limits

    cases = ()

    def time_limits(self, channel: str, case: str | None = None) -> tuple[tuple[None, _Limit]]:
        return ((None, self.limits.get(channel, self.limits["direct"])),)

    def find_case(self, value: str) -> None:
        return None


@dataclass
class _Resolution:
    status: str
    version: _Version | None


class _Catalog:
    def resolve(self, code: str, on: date) -> _Resolution:
        if code != "1.004222":
            return _Resolution("unknown", None)
        if on < date(2025, 7, 1):
            return _Resolution("not_in_force", None)
        return _Resolution(
            "ok",
            _Version({"direct": _Limit("working_days", 7), "online": _Limit("same_day", cutoff="16:00")}),
        )


def test_deadline_facade() -> None:
    cat = _Catalog()
    d = deadline("1.004222", "2026-10-20T09:10:00+07:00", catalog=cat)
    assert d.due_date == date(2026, 10, 29) and d.unit == "working_days"
    d = deadline("1.004222", "2026-10-20T02:10:00Z", catalog=cat)  # 09:10 local
    assert d.received_at == dt("2026-10-20T09:10")
    online = deadline("1.004222", datetime(2026, 10, 20, 15, 30), channel="online", catalog=cat)
    assert online.due_date == date(2026, 10, 20) and online.cutoff == time(16, 0)
    with pytest.raises(KeyError, match="unknown procedure"):
        deadline("9.999999", "2026-10-20T09:10", catalog=cat)
    with pytest.raises(KeyError, match="no version in force"):
        deadline("1.004222", "2025-01-02T09:10", catalog=cat)
    with pytest.raises(ValueError, match="ISO 8601"):
        deadline("1.004222", "2026-10-20", catalog=cat)


def test_a_month_count_past_the_end_of_the_calendar_saturates() -> None:
    # One month after 20/12/9999 would be in year 10000: like every other count, the deadline is the end of
    # the calendar (every appointment within it), never an exception that leaves the rule unjudged.
    d = compute_deadline("calendar_months", 1, datetime(9999, 12, 20, 9, 0))
    assert (d.due_date, d.due) == (date.max, datetime.max)
    assert "31/12/9999" in d.explain()
    # A month earlier the count still ends inside the calendar (received on Saturday 20/11, counted from
    # Monday 22/11).
    assert compute_deadline("calendar_months", 1, datetime(9999, 11, 20, 9, 0)).due_date == date(9999, 12, 22)
