"""Service-quality indicators of Decision 766/QĐ-TTg that dossier records can support.

Decision 766/QĐ-TTg (23/6/2022) scores provinces and ministries on the quality of their service to
citizens and businesses. An audit has the dates three of its indicators need:

* **2.1, on time** (20 of the 100 points): the share of dossiers handled at or before their appointment;
  the score is that share × 20 (the indicator has no threshold);
* **2.2, mean processing time**, in the unit of the procedure's time limit;
* **3.3, channels**: the shares of dossiers received in person, online and by post.

Each dossier's facts are derived in the audit's workers from the rules' own context
(:class:`~dossier_check.rules._context.Context`): "the appointment", "the latest appointment" and "the
result came" mean exactly what they mean for DC505 and DC509, and processing time is counted on the same
calendar, office hours and day-counting convention as the statutory deadline. :class:`IndicatorTally`
adds them up; tallies merge in input order like the rest of the audit summary. A dossier an indicator
cannot be computed on is left out of it with a reason, never guessed, and every tally accounts for every
dossier checked: counted + left out = checked.

Mixed units: a unit, a month or the whole audit usually holds procedures whose limits are in different
units. Processing times are never converted into one another (a working hour is not an eighth of a
working day for anyone who waits): 2.2 is reported per unit of measure — working days, working hours,
calendar days — each with its own number of dossiers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from .reasons import register_reason
from .rules._context import _UNSET, Context
from .rules._keys import CHANNEL, OUTCOME
from .schema import parser_string
from .timeutil import When, parse_when
from .workdays import OfficeHours, WorkCalendar

__all__ = [
    "CHANNELS",
    "DECISION",
    "FACTS_FAILED",
    "LATE_KINDS",
    "MEASURES",
    "ON_TIME_KINDS",
    "ON_TIME_POINTS",
    "TEXTS",
    "DossierFacts",
    "IndicatorTally",
    "add_facts",
    "dossier_facts",
    "elapsed",
    "measure_of",
]

ON_TIME_POINTS = 20
"""Points of indicator 2.1 (of 100): score = on-time rate × 20."""

CHANNELS = ("direct", "online", "postal")
"""The channels of indicator 3.3, in the order they are shown."""

MEASURES = ("working_days", "working_hours", "calendar_days")
"""Units processing time is measured in (indicator 2.2), in the order they are shown."""

# The unit of a time limit → the unit its processing time is measured in. A same-day limit is a limit in
# working days (0 of them); a limit in months runs on the calendar, as calendar days do.
_MEASURE = {
    "working_days": "working_days",
    "same_day": "working_days",
    "working_hours": "working_hours",
    "calendar_days": "calendar_days",
    "calendar_months": "calendar_days",
}

DECISION = {
    "vi": "Quyết định 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ phê duyệt Bộ chỉ số chỉ đạo, điều "
    "hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch "
    "vụ công theo thời gian thực trên môi trường điện tử",
    "en": "Decision 766/QĐ-TTg of 23 June 2022 of the Prime Minister approving the index for directing, "
    "managing and assessing the quality of service to citizens and businesses in administrative "
    "procedures and public services, in real time and online",
}
"""The decision the indicators come from, cited in full."""

TEXTS: dict[str, dict[str, str]] = {
    "vi": {
        "on_time": "Chỉ số 2.1 — Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn (tối đa 20 điểm)",
        "on_time_formula": "Tỷ lệ = số hồ sơ đúng hạn ÷ (số hồ sơ đúng hạn + số hồ sơ trễ hạn); điểm = tỷ lệ × "
        "20 (chỉ số không có ngưỡng). Hồ sơ đúng hạn khi kết thúc — đã giải quyết xong, nếu không có thì đã "
        "trả kết quả, nếu không có nữa thì dừng giải quyết hoặc từ chối — vào hoặc trước thời gian hẹn trả "
        "muộn nhất (thời gian hẹn trả, hoặc ngày hẹn mới của văn bản xin lỗi nếu muộn hơn). Yêu cầu bổ sung "
        "hồ sơ ở khâu tiếp nhận từ hai lần trở lên thì tính là trễ hạn. Hồ sơ chưa kết thúc tại thời điểm "
        "kiểm tra: đã quá hẹn thì trễ hạn, chưa đến hẹn thì tính là đúng hạn.",
        "processing": "Chỉ số 2.2 — Thời gian giải quyết trung bình",
        "processing_formula": "Trung bình = tổng thời gian giải quyết ÷ số hồ sơ đã giải quyết xong. Thời gian "
        "giải quyết tính từ thời điểm tiếp nhận (nhận ngoài giờ làm việc thì tính từ đầu giờ làm việc kế "
        "tiếp) đến khi có kết quả (đã giải quyết xong, nếu không có thì đã trả kết quả), theo đơn vị thời hạn "
        "của thủ tục và theo cùng lịch làm việc, giờ làm việc như khi tính hạn giải quyết: ngày làm việc "
        "(không tính ngày tiếp nhận, ngày nghỉ, ngày lễ; thủ tục giải quyết trong ngày cũng tính bằng ngày "
        "làm việc), giờ làm việc (chỉ tính giờ hành chính), hoặc ngày (kể cả ngày nghỉ; thời hạn theo tháng "
        "cũng tính bằng ngày). Mỗi đơn vị đo tính riêng, không quy đổi lẫn nhau.",
        "channels": "Chỉ số 3.3 — Tỷ lệ hồ sơ theo hình thức nộp",
        "channels_formula": "Tỷ lệ của mỗi hình thức = số hồ sơ nộp theo hình thức đó ÷ số hồ sơ biết hình "
        "thức nộp (trực tiếp, trực tuyến, qua dịch vụ bưu chính công ích).",
        "on_time_n": "Đúng hạn",
        "late_n": "Trễ hạn",
        "rate": "Tỷ lệ đúng hạn",
        "score": "Điểm (trên 20)",
        "ended_on_time": "kết thúc đúng hạn",
        "open_not_due": "chưa kết thúc và chưa đến hẹn",
        "ended_late": "kết thúc sau hẹn",
        "returned_late": "chỉ có ngày trả kết quả và trả sau hẹn",
        "open_overdue": "chưa kết thúc và đã quá hẹn",
        "repeated_supplement": "yêu cầu bổ sung nhiều lần",
        "working_days": "ngày làm việc",
        "working_hours": "giờ làm việc",
        "calendar_days": "ngày",
        "direct": "Trực tiếp",
        "online": "Trực tuyến",
        "postal": "Bưu chính",
        "computed_on": "Tính trên",
        "left_out": "Không tính",
        "measure": "Đơn vị đo",
        "mean": "Trung bình",
        "total": "Toàn bộ",
    },
    "en": {
        "on_time": "Indicator 2.1 — Dossiers resolved early or on time (up to 20 points)",
        "on_time_formula": "Rate = dossiers on time ÷ (dossiers on time + dossiers late); score = rate × 20 "
        "(the indicator has no threshold). A dossier is on time when it ended — resolved, else its result "
        "returned, else stopped or refused — at or before its latest appointment (the appointment, or an "
        "apology's new date when later). More than one supplement request at intake makes it late. A "
        "dossier still open at the audit time is late once past its appointment and counts as on time "
        "before.",
        "processing": "Indicator 2.2 — Mean processing time",
        "processing_formula": "Mean = total processing time ÷ dossiers resolved. Processing time runs from "
        "the effective receipt (a receipt outside office hours counts from the next opening) to the result "
        "(resolved, else returned), in the unit of the procedure's time limit and on the same calendar and "
        "office hours as its deadline: working days (not counting the day of receipt, days off and "
        "holidays; same-day procedures are measured in working days too), working hours (office time "
        "only), or calendar days (days off included; limits in months are measured in days). Each unit "
        "is reported on its own, never converted into another.",
        "channels": "Indicator 3.3 — Dossiers by channel of submission",
        "channels_formula": "Share of a channel = dossiers submitted on that channel ÷ dossiers whose channel "
        "is known (in person, online, by public postal service).",
        "on_time_n": "On time",
        "late_n": "Late",
        "rate": "On-time rate",
        "score": "Score (of 20)",
        "ended_on_time": "ended on time",
        "open_not_due": "still open and not yet due",
        "ended_late": "ended after the appointment",
        "returned_late": "returned after the appointment (no resolution date)",
        "open_overdue": "still open and overdue",
        "repeated_supplement": "supplements asked more than once",
        "working_days": "working days",
        "working_hours": "working hours",
        "calendar_days": "calendar days",
        "direct": "In person",
        "online": "Online",
        "postal": "By post",
        "computed_on": "Computed on",
        "left_out": "Left out",
        "measure": "Unit",
        "mean": "Mean",
        "total": "All",
    },
}
"""Names, formulas in words and labels of the indicators, in both languages."""

# --- why a dossier is left out of an indicator (reason keys, rendered in the run's language) ---------

R_NO_APPOINTMENT = register_reason(
    "indicator-no-appointment",
    vi="không rõ thời gian hẹn trả (không có trên giấy tiếp nhận, phiếu kiểm soát, sổ theo dõi hay văn bản "
    "xin lỗi)",
    en="the appointment is unknown (on no slip, control slip, book entry or apology)",
)
R_NOT_ACCEPTED = register_reason(
    "indicator-not-accepted",
    vi="không được tiếp nhận (từ chối hoặc yêu cầu bổ sung ngay khi nộp), nên không có hẹn trả",
    en="not accepted (refused, or supplements asked at intake), so no appointment was made",
)
R_BAD_APPOINTMENT = register_reason(
    "indicator-bad-appointment",
    vi="thời gian hẹn trả không đọc được",
    en="the appointment cannot be read",
)
R_BAD_END = register_reason(
    "indicator-bad-end",
    vi="ngày giải quyết xong, trả kết quả, dừng giải quyết hoặc từ chối không đọc được",
    en="the date it was resolved, returned, stopped or refused cannot be read",
)
R_STAGE = register_reason(
    "indicator-supplement-stage",
    vi="có từ hai yêu cầu bổ sung trở lên nhưng không rõ yêu cầu nào ở khâu tiếp nhận",
    en="two or more supplement requests, and which were at intake is unknown",
)
R_OPEN = register_reason(
    "indicator-open",
    vi="chưa có kết quả tại thời điểm kiểm tra",
    en="no result yet at the audit time",
)
R_NOT_COMPLETED = register_reason(
    "indicator-not-completed",
    vi="hồ sơ dừng giải quyết, bị từ chối hoặc chưa được tiếp nhận, không có kết quả giải quyết",
    en="stopped, refused or not accepted: it has no result",
)
R_NO_PROCEDURE = register_reason(
    "indicator-no-procedure",
    vi="không xác định được thủ tục có hiệu lực, nên không biết đơn vị thời hạn",
    en="no procedure in force was found, so the unit of its time limit is unknown",
)
R_NO_UNIT = register_reason(
    "indicator-no-unit",
    vi="thời hạn giải quyết của thủ tục không ghi đơn vị",
    en="the procedure's time limit has no unit",
)
R_UNIT_BY_CHANNEL = register_reason(
    "indicator-unit-by-channel",
    vi="không rõ hình thức nộp, mà đơn vị thời hạn của thủ tục khác nhau theo hình thức nộp",
    en="the channel is unknown and the unit of the procedure's time limit depends on it",
)
R_BAD_RECEIPT = register_reason(
    "indicator-bad-receipt",
    vi="thời điểm tiếp nhận không đọc được hoặc không có giờ",
    en="the receipt time cannot be read or has no time of day",
)
R_NO_TIME = register_reason(
    "indicator-no-time",
    vi="thủ tục tính thời hạn bằng giờ mà thời điểm tiếp nhận hoặc có kết quả chỉ có ngày, không có giờ",
    en="the limit is in hours and the receipt or result carries a date without a time",
)
R_BEFORE_RECEIPT = register_reason(
    "indicator-before-receipt",
    vi="thời điểm có kết quả trước thời điểm tiếp nhận",
    en="the result is dated before the receipt",
)
R_NO_CHANNEL = register_reason(
    "indicator-no-channel",
    vi="không rõ hình thức nộp hồ sơ",
    en="the channel is unknown",
)
R_BAD_CHANNEL = register_reason(
    "indicator-bad-channel",
    vi="hình thức nộp hồ sơ không thuộc danh mục (trực tiếp, trực tuyến, bưu chính)",
    en="the channel is not one of direct, online, postal",
)
R_FAILED = register_reason(
    "indicator-failed",
    vi="lỗi nội bộ khi tính chỉ số cho hồ sơ này; xin báo cho nhóm phát triển",
    en="internal error while computing the indicators of this dossier; please report it",
)

_NOT_ACCEPTED = ("rejected", "supplement_requested")
# Members read on every dossier, as the parser's own strings (see rules/_keys.py): found by identity.
_STOP_NOTICE = parser_string("stop_notice")
_SUPPLEMENT_REQUESTS = parser_string("supplement_requests")

# The verdicts of 2.1 a counted dossier can get, in the order they are shown (on time, then late).
ON_TIME_KINDS = ("ended_on_time", "open_not_due")
LATE_KINDS = ("ended_late", "returned_late", "open_overdue", "repeated_supplement")


class DossierFacts(NamedTuple):
    """One dossier's part in the indicators: for each, what it counts as, or why it is left out.

    ``timeliness``: one of :data:`ON_TIME_KINDS` or :data:`LATE_KINDS`, or ``""`` with ``timeliness_out``
    the reason key. ``measure`` (one of :data:`MEASURES`) and ``elapsed`` (whole days, or minutes for
    working hours), or ``measure == ""`` with ``elapsed_out``. ``channel`` (one of :data:`CHANNELS`), or
    ``""`` with ``channel_out``. A named tuple: an audit makes one per dossier, and a tuple is built
    several times faster than a frozen dataclass.
    """

    timeliness: str = ""
    timeliness_out: str = ""
    measure: str = ""
    elapsed: int = 0
    elapsed_out: str = ""
    channel: str = ""
    channel_out: str = ""


FACTS_FAILED = DossierFacts(timeliness_out=R_FAILED, elapsed_out=R_FAILED, channel_out=R_FAILED)
"""The facts of a dossier whose indicators could not be computed (a bug): left out of all three."""


def _add(counts: dict[str, int], key: str, n: int = 1) -> None:
    counts[key] = counts.get(key, 0) + n


@dataclass
class IndicatorTally:
    """The indicators of a group of dossiers (a unit, a procedure, a month, or all), mergeable.

    ``timeliness`` counts dossiers per 2.1 verdict, ``timeliness_out`` per reason they were left out;
    ``durations`` maps a unit of measure to ``[dossiers, total]`` (total in days, or minutes for working
    hours) and ``duration_out`` counts the dossiers left out of 2.2; ``channels`` and ``channel_out`` the
    same for 3.3. Integers only, so merging in any grouping gives the same numbers.
    """

    timeliness: dict[str, int] = field(default_factory=dict)
    timeliness_out: dict[str, int] = field(default_factory=dict)
    durations: dict[str, list[int]] = field(default_factory=dict)
    duration_out: dict[str, int] = field(default_factory=dict)
    channels: dict[str, int] = field(default_factory=dict)
    channel_out: dict[str, int] = field(default_factory=dict)

    def add(self, facts: DossierFacts) -> None:
        """Count one dossier."""
        add_facts((self,), facts)

    def merge(self, other: IndicatorTally) -> None:
        """Add ``other``'s counts to these."""
        for mine, theirs in (
            (self.timeliness, other.timeliness),
            (self.timeliness_out, other.timeliness_out),
            (self.duration_out, other.duration_out),
            (self.channels, other.channels),
            (self.channel_out, other.channel_out),
        ):
            for k, n in theirs.items():
                _add(mine, k, n)
        for measure, (n, total) in other.durations.items():
            row = self.durations.setdefault(measure, [0, 0])
            row[0] += n
            row[1] += total

    # -- 2.1 ----------------------------------------------------------------------------------------
    @property
    def on_time(self) -> int:
        return sum(self.timeliness.get(k, 0) for k in ON_TIME_KINDS)

    @property
    def late(self) -> int:
        return sum(self.timeliness.get(k, 0) for k in LATE_KINDS)

    @property
    def timed(self) -> int:
        """Dossiers 2.1 was computed on."""
        return self.on_time + self.late

    def on_time_rate(self) -> float | None:
        """On time ÷ (on time + late), or None when no dossier could be judged."""
        return self.on_time / self.timed if self.timed else None

    def on_time_score(self) -> float | None:
        """The 2.1 score: the rate × 20 (no threshold), or None when no dossier could be judged."""
        rate = self.on_time_rate()
        return None if rate is None else rate * ON_TIME_POINTS

    # -- 2.2 ----------------------------------------------------------------------------------------
    def mean(self, measure: str) -> float | None:
        """Mean processing time in ``measure`` (hours for working hours), or None without dossiers."""
        row = self.durations.get(measure)
        if not row or not row[0]:
            return None
        value = row[1] / row[0]
        return value / 60 if measure == "working_hours" else value

    @property
    def measured(self) -> int:
        """Dossiers 2.2 was computed on, whatever their unit."""
        return sum(n for n, _ in self.durations.values())

    # -- 3.3 ----------------------------------------------------------------------------------------
    @property
    def channel_known(self) -> int:
        """Dossiers 3.3 was computed on."""
        return sum(self.channels.values())

    def channel_share(self, channel: str) -> float | None:
        known = self.channel_known
        return self.channels.get(channel, 0) / known if known else None

    def to_dict(self) -> dict[str, Any]:
        """A plain, stable structure (keys sorted where they are data) for the JSON summary."""

        def out(counts: Mapping[str, int]) -> list[dict[str, Any]]:
            return [{"reason": k, "dossiers": n} for k, n in sorted(counts.items())]

        rate = self.on_time_rate()
        score = self.on_time_score()
        known = self.channel_known
        return {
            "on_time": {
                "computed_on": self.timed,
                "on_time": self.on_time,
                "late": self.late,
                "by_verdict": {k: self.timeliness.get(k, 0) for k in (*ON_TIME_KINDS, *LATE_KINDS)},
                "rate": None if rate is None else round(rate, 6),
                "score": None if score is None else round(score, 4),
                "left_out": out(self.timeliness_out),
            },
            "processing_time": {
                "computed_on": self.measured,
                "by_unit": [
                    {
                        "unit": m,
                        "dossiers": self.durations[m][0],
                        "total": self.durations[m][1],
                        "total_unit": "minutes" if m == "working_hours" else "days",
                        "mean": round(mean, 4) if (mean := self.mean(m)) is not None else None,
                        "mean_unit": "hours" if m == "working_hours" else "days",
                    }
                    for m in MEASURES
                    if m in self.durations
                ],
                "left_out": out(self.duration_out),
            },
            "channels": {
                "computed_on": known,
                "by_channel": [
                    {
                        "channel": c,
                        "dossiers": self.channels.get(c, 0),
                        "share": round(self.channels.get(c, 0) / known, 6) if known else None,
                    }
                    for c in CHANNELS
                ],
                "left_out": out(self.channel_out),
            },
        }


def add_facts(tallies: Iterable[IndicatorTally], facts: DossierFacts, times: int = 1) -> None:
    """Count one dossier in each of ``tallies``, the facts unpacked once for all of them; or ``times``
    dossiers with the same facts (an audit counts a task's dossiers so, by procedure, unit and month: see
    ``AuditSummary.count_later``)."""
    timeliness, timeliness_out, measure, amount, elapsed_out, channel, channel_out = facts
    for tally in tallies:
        # Each count is incremented in place and made only the first time its key is seen (a KeyError, once
        # per key and tally): a subscript costs less than a ``get`` call and a store.
        if timeliness:
            counts, key = tally.timeliness, timeliness
        else:
            counts, key = tally.timeliness_out, timeliness_out
        try:
            counts[key] += times
        except KeyError:
            counts[key] = times
        if measure:
            try:
                row = tally.durations[measure]
            except KeyError:
                row = tally.durations[measure] = [0, 0]
            row[0] += times
            row[1] += amount * times
        else:
            counts = tally.duration_out
            try:
                counts[elapsed_out] += times
            except KeyError:
                counts[elapsed_out] = times
        if channel:
            counts, key = tally.channels, channel
        else:
            counts, key = tally.channel_out, channel_out
        try:
            counts[key] += times
        except KeyError:
            counts[key] = times


# --- per dossier ---------------------------------------------------------------------------------------


def measure_of(unit: str) -> str | None:
    """The unit processing time is measured in for a time limit in ``unit`` (None: not measurable)."""
    return _MEASURE.get(unit)


def _office_minutes(start: datetime, stop: datetime, calendar: WorkCalendar, hours: OfficeHours) -> int:
    total = 0
    d = start.date()
    one = timedelta(days=1)
    while d <= stop.date():
        if calendar.is_working_day(d):
            for s, e in hours.sessions:
                lo = max(datetime.combine(d, s), start)
                hi = min(datetime.combine(d, e), stop)
                if hi > lo:
                    total += (hi - lo) // timedelta(minutes=1)
        d += one
    return total


def elapsed(
    measure: str,
    effective: datetime,
    end: datetime,
    calendar: WorkCalendar,
    hours: OfficeHours,
    *,
    count_receipt_day: bool = False,
) -> int:
    """Processing time from the effective receipt to ``end``, counted as the deadline counts.

    ``working_days``: working days after the effective receipt date up to and including the end date (the
    receipt day counted as day 1 with ``count_receipt_day``) — so a dossier resolved on its deadline day
    took exactly the limit. ``calendar_days``: days between the two dates (plus one with
    ``count_receipt_day``). ``working_hours``: minutes of office time between the two instants. Never
    negative: a result before the clock started (received outside office hours, resolved before the
    next opening) took 0.
    """
    if measure == "working_hours":
        return _office_minutes(effective, end, calendar, hours) if end > effective else 0
    start, stop = effective.date(), end.date()
    if stop < start:
        return 0
    # Working days counted from the calendar's running totals: a look-up or two, not a walk over the period.
    n = (stop - start).days if measure == "calendar_days" else calendar.working_days_between(start, stop)
    return n + 1 if count_receipt_day else n


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _appointment_unreadable(ctx: Context) -> bool:
    """Some form states an appointment that cannot be read (so the latest appointment is not known)."""
    for key in ("appointment_slip", "control_slip", "tracking_entry"):
        part = ctx.part(key)
        if part is not None and _present(part.get("appointment_at")):
            return parse_when(part.get("appointment_at")) is None
    return any(
        isinstance(a, dict)
        and _present(a.get("new_appointment_at"))
        and parse_when(a["new_appointment_at"]) is None
        for a in ctx.items("apologies")
    )


def _stop_or_refusal(ctx: Context) -> tuple[When | None, bool]:
    """When the dossier was stopped or refused, else None; and whether it was but that date is unreadable."""
    stop = ctx.dossier.get("stop_notice")
    refusal = ctx.dossier.get("rejection") if ctx.outcome == "rejected" else None
    for part in (stop, refusal):
        if isinstance(part, dict):
            w = parse_when(part.get("issued_at"))
            if w is not None:
                return w, False
    return None, stop is not None or refusal is not None


def _timeliness(
    ctx: Context, outcome: str, bad_end: bool, came: tuple[When, str] | None, latest: When | None
) -> tuple[str, str]:
    if latest is None:
        if _appointment_unreadable(ctx):
            return "", R_BAD_APPOINTMENT
        return "", R_NOT_ACCEPTED if outcome in _NOT_ACCEPTED else R_NO_APPOINTMENT
    if bad_end:
        return "", R_BAD_END
    end = came[0] if came is not None else None
    if end is None:
        end, unreadable = _stop_or_refusal(ctx)
        if unreadable and end is None:
            return "", R_BAD_END
    if end is None:
        late = ctx.as_of_when().after(latest)
        kind = "open_overdue" if late else "open_not_due"
    else:
        # end.after(latest); of one precision (most dossiers) compared here, as When.after does first
        late = latest[0] < end[0] if end[1] is latest[1] else end.after(latest)
        kind = "ended_on_time"
        if late:
            # Only the return is recorded (a tracking book records nothing else): late, but said apart,
            # since a result collected late cannot be told from a result that was late.
            kind = "returned_late" if came is not None and came[1] == "/returned_at" else "ended_late"
    if late:
        return kind, ""
    requests = ctx.dossier.get(_SUPPLEMENT_REQUESTS)
    if not requests or not isinstance(requests, list):  # no request (most dossiers): nothing to count
        return kind, ""
    stages = [r.get("stage") for r in requests if isinstance(r, dict)]
    intake = stages.count("intake")
    if intake > 1:
        return "repeated_supplement", ""
    if intake + sum(s not in ("intake", "appraisal") for s in stages) > 1:
        return "", R_STAGE  # the stage decides, and the source does not say it
    return kind, ""


def _elapsed(
    ctx: Context, fmt: str, outcome: str, channel: object, bad_end: bool, came: tuple[When, str] | None
) -> tuple[str, int, str]:
    if bad_end:
        return "", 0, R_BAD_END
    stopped = ctx.dossier.get(_STOP_NOTICE) is not None or outcome in _NOT_ACCEPTED
    if came is None:
        return "", 0, R_NOT_COMPLETED if stopped else R_OPEN
    if stopped:
        return "", 0, R_NOT_COMPLETED
    version = ctx.version
    if version is None:
        return "", 0, R_NO_PROCEDURE
    # The limit the deadline rules hold this dossier to: its case's, or the longest of the cases' (read from
    # its slot when the rules have counted it, as they mostly have: no call).
    found = ctx._deadline
    deadline, case = ctx.deadline_and_case() if found is _UNSET else found
    if deadline is not None:  # most dossiers: the unit of the limit that gave it, noted when it was counted
        unit = ctx.deadline_unit
        assert unit is not None
    elif ctx.limit_unknown():  # a limit without a unit leaves the deadline unknown
        return "", 0, R_NO_UNIT
    else:
        unit = version.limit_terms(ctx.channel, case)[0]
    measure = _MEASURE.get(unit)
    if channel not in CHANNELS:
        measures = {measure_of(version.limit_terms(c, case)[0]) for c in CHANNELS}
        if len(measures) > 1:
            return "", 0, R_UNIT_BY_CHANNEL
    if measure is None:
        return "", 0, R_NO_UNIT
    effective = ctx._effective  # from its slot, as the deadline above
    if effective is _UNSET:
        effective = ctx.effective_receipt()
    received = ctx.received
    if effective is None or received is None:
        return "", 0, R_BAD_RECEIPT
    end = came[0]
    if measure == "working_hours" and (not end.precise or _receipt_date_only(ctx, fmt)):
        return "", 0, R_NO_TIME
    # end.before(received); of one precision (most dossiers) compared here, as When.before does first
    if end[0] < received[0] if end[1] is received[1] else end.before(received):
        return "", 0, R_BEFORE_RECEIPT
    s = ctx.settings
    count = s.count_receipt_day and unit in ("working_days", "calendar_days")
    return measure, elapsed(measure, effective, end.local, s.calendar, s.hours, count_receipt_day=count), ""


def _receipt_date_only(ctx: Context, fmt: str) -> bool:
    """A tracking-book row read alone may give its receipt as a date: the reader starts it at midnight."""
    if fmt != "book":
        return False
    entry = ctx.part("tracking_entry")
    w = parse_when(entry.get("received_at")) if entry is not None else None
    return w is None or not w.precise


def _channel(channel: object) -> tuple[str, str]:
    if channel in CHANNELS:
        return str(channel), ""
    return "", R_NO_CHANNEL if not _present(channel) else R_BAD_CHANNEL


_new_facts = tuple.__new__  # DossierFacts(...) without the Python-level __new__ of a NamedTuple


def dossier_facts(ctx: Context, fmt: str = "native") -> DossierFacts:
    """One checked dossier's facts for the indicators, from the rules' context once the rules have run.

    ``fmt`` is the record's source format (``native``, ``dvcqg``, ``book``).
    """
    # Whether the end dates are broken, when the result came, the outcome and the channel are read once
    # for all three indicators. What the rules have already computed (the result, the latest appointment,
    # mostly) is read from the context's slot, a call only when it is not there yet.
    bad_end = bool(ctx.problems) and (ctx.is_broken("/resolved_at") or ctx.is_broken("/returned_at"))
    came = ctx._result
    if came is _UNSET:
        came = ctx.result_time()
    latest = ctx._latest
    if latest is _UNSET:
        latest = ctx.latest_appointment()
    dossier = ctx.dossier
    outcome = dossier.get(OUTCOME)
    if type(outcome) is not str:  # ctx.outcome without its call: the outcome as text
        outcome = str(outcome)
    channel = dossier.get(CHANNEL)
    kind, kind_out = _timeliness(ctx, outcome, bad_end, came, latest)
    measure, amount, measure_out = _elapsed(ctx, fmt, outcome, channel, bad_end, came)
    if channel in CHANNELS:  # most dossiers: no call for a known channel
        shown, channel_out = str(channel), ""
    else:
        shown, channel_out = _channel(channel)
    return _new_facts(DossierFacts, (kind, kind_out, measure, amount, measure_out, shown, channel_out))
