"""The service-quality indicators of Decision 766/QĐ-TTg: each dossier's facts, how they add up, and the
definitions they share with the rules and the deadline (one source of truth)."""

from __future__ import annotations

import argparse
import copy
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dossier_check import Checker
from dossier_check.audit import run as audit_run
from dossier_check.catalog import load_catalog
from dossier_check.deadlines import compute_deadline
from dossier_check.indicators import (
    CHANNELS,
    DossierFacts,
    IndicatorTally,
    dossier_facts,
    elapsed,
)
from dossier_check.render import quality
from dossier_check.rules._context import Context
from dossier_check.summary import AuditSummary
from dossier_check.workdays import OfficeHours, WorkCalendar

HERE = Path(__file__).parent
ROOT = HERE.parent
AS_OF = "2026-11-27T12:00:00+07:00"
SPEC: dict[str, Any] = json.loads((HERE / "data" / "spec-dossier.json").read_text(encoding="utf-8"))
CAL = WorkCalendar.builtin()
HOURS = OfficeHours()


def facts(dossier: dict[str, Any], *, checker: Checker | None = None, fmt: str = "native") -> DossierFacts:
    """The facts the audit's workers derive for ``dossier``, from the context the rules ran on."""
    seen: list[Context] = []
    (checker or Checker(as_of=AS_OF)).check_object(dossier, observe=seen.append)
    assert len(seen) == 1
    return dossier_facts(seen[0], fmt)


def spec(**changes: Any) -> dict[str, Any]:
    d = copy.deepcopy(SPEC)
    for key, value in changes.items():
        if value is None:
            d.pop(key, None)
        else:
            d[key] = value
    return d


# --- 2.1: on time ----------------------------------------------------------------------------------------


def test_the_spec_dossier_is_on_time_and_took_six_working_days() -> None:
    # Received Tue 20/10/2026, resolved Wed 28/10: 21, 22, 23, 26, 27, 28 are six working days.
    f = facts(spec())
    assert (f.timeliness, f.measure, f.elapsed, f.channel) == ("ended_on_time", "working_days", 6, "direct")


def test_the_end_is_resolved_else_returned_else_stopped_or_refused() -> None:
    late_return = "2026-10-30T09:00:00+07:00"  # after the appointment of 29/10 14:00
    assert facts(spec(returned_at=late_return)).timeliness == "ended_on_time"  # resolved_at decides
    # Only a return date, late: late, counted apart (a late collection looks the same).
    assert facts(spec(resolved_at=None, returned_at=late_return)).timeliness == "returned_late"
    stopped = {"number": "1/TB", "issued_at": "2026-10-27T10:00:00+07:00", "requested_at": "2026-10-26"}
    assert facts(spec(resolved_at=None, returned_at=None, stop_notice=stopped)).timeliness == "ended_on_time"
    stopped_late = {**stopped, "issued_at": "2026-11-02T10:00:00+07:00"}
    assert (
        facts(spec(resolved_at=None, returned_at=None, stop_notice=stopped_late)).timeliness == "ended_late"
    )


def test_the_latest_appointment_counts_an_apology_s_new_date() -> None:
    apology = {
        "number": "7/XL",
        "issued_at": "2026-10-27T08:00:00+07:00",
        "dossier_code": SPEC["code"],
        "original_appointment_at": "2026-10-29T14:00:00+07:00",
        "reason": "Chờ xác minh",
        "new_appointment_at": "2026-11-03T14:00:00+07:00",
        "signed_by": "Lê Văn Cường",
    }
    late = "2026-11-02T10:00:00+07:00"
    assert facts(spec(resolved_at=late)).timeliness == "ended_late"
    assert facts(spec(resolved_at=late, apologies=[apology])).timeliness == "ended_on_time"


def test_open_dossiers_are_late_once_past_the_appointment() -> None:
    open_dossier = spec(resolved_at=None, returned_at=None)
    assert facts(open_dossier).timeliness == "open_overdue"  # as of 27/11
    assert (
        facts(open_dossier, checker=Checker(as_of="2026-10-29T14:00:00+07:00")).timeliness == "open_not_due"
    )
    assert (
        facts(open_dossier, checker=Checker(as_of="2026-10-29T14:01:00+07:00")).timeliness == "open_overdue"
    )


def test_more_than_one_intake_supplement_request_makes_it_late() -> None:
    def request(stage: str | None) -> dict[str, Any]:
        r = {"number": "1/BS", "issued_at": "2026-10-20T09:12:00+07:00", "items": ["x"], "reason": "y"}
        return {**r, "stage": stage} if stage else r

    assert facts(spec(supplement_requests=[request("intake")])).timeliness == "ended_on_time"
    assert facts(spec(supplement_requests=[request("intake")] * 2)).timeliness == "repeated_supplement"
    assert facts(spec(supplement_requests=[request("appraisal")] * 2)).timeliness == "ended_on_time"
    # Two requests whose stage the record does not say: which it is decides, so the dossier is left out…
    unknown = facts(spec(supplement_requests=[request(None), request("intake")]))
    assert (unknown.timeliness, unknown.timeliness_out) == ("", "indicator-supplement-stage")
    # …unless it is late anyway.
    late = spec(supplement_requests=[request(None)] * 2, resolved_at="2026-10-30T09:00:00+07:00")
    assert facts(late).timeliness == "ended_late"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"appointment_slip": None, "control_slip": None, "tracking_entry": None},
            "indicator-no-appointment",
        ),
        (
            {"appointment_slip": None, "control_slip": None, "tracking_entry": None, "outcome": "rejected"},
            "indicator-not-accepted",
        ),
        (
            {"appointment_slip": {**SPEC["appointment_slip"], "appointment_at": "29/10/2026"}},
            "indicator-bad-appointment",
        ),
        ({"resolved_at": "hôm qua"}, "indicator-bad-end"),
    ],
)
def test_dossiers_left_out_of_the_on_time_rate_say_why(changes: dict[str, Any], reason: str) -> None:
    f = facts(spec(**changes))
    assert (f.timeliness, f.timeliness_out) == ("", reason)


# --- 2.2: processing time ------------------------------------------------------------------------------


def _catalog_with(tmp_path: Path, limit: dict[str, Any]) -> Any:
    """The built-in catalogue with 1.004222 given another time limit."""
    proc = json.loads((ROOT / "src/dossier_check/procedures/1.004222.json").read_text(encoding="utf-8"))
    proc["time_limit"] = limit
    proc.pop("channel_time_limits", None)
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "1.004222.json").write_text(json.dumps(proc, ensure_ascii=False), encoding="utf-8")
    return load_catalog(tmp_path)


def test_processing_time_in_the_unit_of_the_limit(tmp_path: Path) -> None:
    hours = Checker(_catalog_with(tmp_path / "h", {"unit": "working_hours", "amount": 8}), as_of=AS_OF)
    # 09:10–11:30 and 13:30–17:00 on 20/10 (5 h 50), then five full days to 27/10, then 07:30–10:00 on 28/10.
    f = facts(spec(), checker=hours)
    assert (f.measure, f.elapsed) == ("working_hours", 350 + 5 * 450 + 150)
    days = Checker(_catalog_with(tmp_path / "d", {"unit": "calendar_days", "amount": 10}), as_of=AS_OF)
    assert (facts(spec(), checker=days).measure, facts(spec(), checker=days).elapsed) == ("calendar_days", 8)
    same = Checker(_catalog_with(tmp_path / "s", {"unit": "same_day", "cutoff": "15:00"}), as_of=AS_OF)
    f = facts(spec(resolved_at="2026-10-20T16:00:00+07:00", returned_at=None), checker=same)
    assert (f.measure, f.elapsed) == ("working_days", 0)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"resolved_at": None, "returned_at": None}, "indicator-open"),
        (
            {"stop_notice": {"number": "1/TB", "issued_at": "2026-10-27T10:00:00+07:00"}},
            "indicator-not-completed",
        ),
        ({"procedure_code": "9.999999"}, "indicator-no-procedure"),
        ({"resolved_at": "2026-10-19T10:00:00+07:00"}, "indicator-before-receipt"),
        ({"returned_at": "29/10/2026"}, "indicator-bad-end"),
    ],
)
def test_dossiers_left_out_of_the_processing_time_say_why(changes: dict[str, Any], reason: str) -> None:
    f = facts(spec(**changes))
    assert (f.measure, f.elapsed_out) == ("", reason)


def test_hours_need_a_time_of_day(tmp_path: Path) -> None:
    hours = Checker(_catalog_with(tmp_path, {"unit": "working_hours", "amount": 8}), as_of=AS_OF)
    f = facts(spec(resolved_at="2026-10-28"), checker=hours)
    assert (f.measure, f.elapsed_out) == ("", "indicator-no-time")


@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 20)),
    n=st.integers(min_value=1, max_value=40),
    unit=st.sampled_from(["working_days", "working_hours"]),
    count=st.booleans(),
)
def test_a_dossier_resolved_on_its_deadline_took_exactly_the_limit(
    start: datetime, n: int, unit: str, count: bool
) -> None:
    """Processing time is the deadline's count read backwards: the same calendar, hours and convention."""
    start = start.replace(second=0, microsecond=0)  # the forms carry minutes
    d = compute_deadline(unit, n, start, calendar=CAL, hours=HOURS, count_receipt_day=count)
    assert elapsed(unit, d.effective_receipt, d.due, CAL, HOURS, count_receipt_day=count) == (
        n * 60 if unit == "working_hours" else n
    )
    # One minute (or one day) earlier is less.
    before = d.due - (timedelta(minutes=1) if unit == "working_hours" else timedelta(days=1))
    assert elapsed(unit, d.effective_receipt, before, CAL, HOURS, count_receipt_day=count) < (
        n * 60 if unit == "working_hours" else n
    )


@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 20)),
    n=st.integers(min_value=1, max_value=60),
)
def test_calendar_days_count_days_off_and_the_deadline_only_moves_later(start: datetime, n: int) -> None:
    d = compute_deadline("calendar_days", n, start, calendar=CAL, hours=HOURS)
    took = elapsed("calendar_days", d.effective_receipt, d.due, CAL, HOURS)
    assert took >= n and took == (d.due.date() - d.effective_receipt.date()).days


@given(
    start=st.dates(min_value=date(1999, 6, 1), max_value=date(2028, 12, 31)),
    days=st.integers(min_value=-40, max_value=1200),
    official=st.booleans(),
)
def test_working_days_are_counted_as_a_walk_over_the_days_counts_them(
    start: date, days: int, official: bool
) -> None:
    """Processing time in working days is read from running totals per year: the same number as walking
    day by day, across year ends, on official and computed years, and 0 when the end is not later."""
    calendar = CAL if official else WorkCalendar()
    stop = start + timedelta(days=days)
    walked, d = 0, start
    while d < stop:
        d += timedelta(days=1)
        walked += calendar.is_working_day(d)
    opening = datetime.combine(start, HOURS.opening)
    assert elapsed("working_days", opening, datetime.combine(stop, HOURS.opening), calendar, HOURS) == walked


# --- 3.3: channels -------------------------------------------------------------------------------------


def test_channels() -> None:
    for channel in CHANNELS:
        assert facts(spec(channel=channel)).channel == channel
    assert facts(spec(channel=None)).channel_out == "indicator-no-channel"
    assert facts(spec(channel="fax")).channel_out == "indicator-bad-channel"


# --- adding up -----------------------------------------------------------------------------------------


def _audit_summary(paths: list[str], jobs: int, **extra: Any) -> AuditSummary:
    """Run the audit and keep the summary it computed."""
    kept: list[AuditSummary] = []
    real = audit_run.text_tables

    def spy(summary: AuditSummary, lang: str, **kw: Any) -> str:
        kept.append(summary)
        return real(summary, lang, **kw)

    args = argparse.Namespace(
        paths=paths,
        format="jsonl",
        lang=None,
        jobs=jobs,
        output=None,
        report=None,
        quiet=False,
        catalog=None,
        config=None,
        select=None,
        ignore=None,
        exit_zero=True,
        **extra,
    )
    old = audit_run.text_tables
    audit_run.text_tables = spy  # type: ignore[assignment]
    try:
        audit_run.run_audit(args, Checker(as_of=AS_OF), io.StringIO())
    finally:
        audit_run.text_tables = old  # type: ignore[assignment]
    return kept[-1]


def test_every_dossier_checked_is_counted_or_left_out_with_a_reason_in_every_group() -> None:
    summary = _audit_summary([str(ROOT / "examples" / "exports")], 1)
    total = summary.indicator_total()
    assert summary.checked == 351  # 288 native dossiers, 63 portal records (some without a channel)
    for tally, checked in [(total, summary.checked)] + [
        (t, table[key][0])
        for dim, table in (
            ("unit", summary.by_unit),
            ("procedure", summary.by_procedure),
            ("month", summary.by_month),
        )
        for key, t in summary.indicator_rows(dim)
    ]:
        assert tally.timed + sum(tally.timeliness_out.values()) == checked
        assert tally.measured + sum(tally.duration_out.values()) == checked
        assert tally.channel_known + sum(tally.channel_out.values()) == checked
    # The groupings partition the total.
    for dim in quality.DIMENSIONS:
        again = IndicatorTally()
        for _key, t in summary.indicator_rows(dim):
            again.merge(t)
        assert again == total
    # The example's three channels, as its README counts them.
    assert total.channels == {"direct": 234, "online": 69, "postal": 14}


def test_indicators_are_the_same_whatever_jobs() -> None:
    one = _audit_summary([str(ROOT / "examples" / "exports")], 1)
    two = _audit_summary([str(ROOT / "examples" / "exports")], 2)
    assert one.indicators == two.indicators
    assert one.indicator_total().timed > 0


def test_rates_scores_and_means() -> None:
    t = IndicatorTally()
    for kind in ("ended_on_time",) * 3 + ("open_overdue",):
        t.add(DossierFacts(timeliness=kind, measure="working_hours", elapsed=90, channel="online"))
    t.add(DossierFacts(timeliness_out="x", elapsed_out="y", channel_out="z"))
    assert (t.on_time, t.late, t.on_time_rate(), t.on_time_score()) == (3, 1, 0.75, 15.0)
    assert t.mean("working_hours") == 1.5 and t.mean("working_days") is None
    assert t.channel_share("online") == 1.0 and t.channel_known == 4
    empty = IndicatorTally()
    assert empty.on_time_rate() is None and empty.on_time_score() is None
    assert quality.fmt_share(None, "vi") == "—" and quality.fmt_decimal(1234.5, 1, "vi") == "1.234,5"


def test_the_unit_is_the_one_the_deadline_holds_the_dossier_to(tmp_path: Path) -> None:
    """With cases, the dossier's case decides the unit; naming none, the case whose limit is the longest."""
    proc = json.loads((ROOT / "src/dossier_check/procedures/1.004222.json").read_text(encoding="utf-8"))
    proc.pop("channel_time_limits", None)
    proc["cases"] = [
        {
            "id": "tr1",
            "name": "Nhanh",
            "components": [],
            "time_limit": {"unit": "working_hours", "amount": 4},
        },
        {
            "id": "tr2",
            "name": "Chậm",
            "components": [],
            "time_limit": {"unit": "calendar_days", "amount": 30},
        },
    ]
    (tmp_path / "1.004222.json").write_text(json.dumps(proc, ensure_ascii=False), encoding="utf-8")
    checker = Checker(load_catalog(tmp_path), as_of=AS_OF)
    assert facts(spec(case="tr1"), checker=checker).measure == "working_hours"
    assert facts(spec(case="tr2"), checker=checker).measure == "calendar_days"
    assert facts(spec(), checker=checker).measure == "calendar_days"  # 30 days outlast 4 hours
    proc["cases"][1]["time_limit"] = {"unit": "unknown", "amount": 30}
    (tmp_path / "1.004222.json").write_text(json.dumps(proc, ensure_ascii=False), encoding="utf-8")
    unknown = facts(spec(case="tr2"), checker=Checker(load_catalog(tmp_path), as_of=AS_OF))
    assert (unknown.measure, unknown.elapsed_out) == ("", "indicator-no-unit")
