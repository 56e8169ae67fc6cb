"""DC5xx — the process: supplement requests, rejections, apologies and overdue results."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .._text import is_missing
from ..timeutil import When
from ._common import time_at
from ._context import Context
from ._registry import Finding, finding, rule

_SUPPLEMENT_BASIS = ("NĐ 61/2018 Điều 15.3", "NĐ 61/2018 Điều 17.1.a", "NĐ 63/2010 Điều 20.4")
_APOLOGY_BASIS = ("NĐ 61/2018 Điều 19.9", "TT 03/2025/TT-VPCP Mẫu 04")


def _requests(ctx: Context) -> list[tuple[int, dict[str, Any]]]:
    return [(i, r) for i, r in enumerate(ctx.items("supplement_requests")) if isinstance(r, dict)]


def _apologies(ctx: Context) -> list[tuple[int, dict[str, Any]]]:
    return [(i, a) for i, a in enumerate(ctx.items("apologies")) if isinstance(a, dict)]


def _stopped(ctx: Context) -> bool:
    return ctx.dossier.get("stop_notice") is not None


def _result_or_now(ctx: Context) -> tuple[When, str, bool] | None:
    """When the result came (and where), or the as-of time for a dossier still open."""
    if ctx.is_broken("/resolved_at") or ctx.is_broken("/returned_at"):
        return None
    came = ctx.result_time()
    if came is not None:
        return came[0], came[1], False
    return ctx.as_of_when(), "", True


@rule(
    "DC501",
    "repeated-supplement-request",
    severity="error",
    summary="More than one `intake` supplement request: the law says once, in full.",
    vi="Yêu cầu bổ sung hồ sơ {count} lần ở khâu tiếp nhận; chỉ được hướng dẫn bổ sung một lần, đầy đủ.",
    en="{count} supplement requests at intake; the desk must ask once, in full.",
    legal_basis=_SUPPLEMENT_BASIS,
    needs=("/supplement_requests",),
)
def repeated_supplement_request(ctx: Context) -> Iterator[Finding]:
    """What it checks: the dossier has at most one supplement request with `stage` `intake`. Reported once
    per dossier, with `params.count` and `params.requests` (their indexes).

    Why it matters: the desk must list everything missing "một lần đầy đủ, chính xác" (NĐ 61/2018
    Điều 15.3); sending the applicant back again and again is the "yêu cầu bổ sung nhiều lần" fault.
    Appraisal-stage requests are a different step and are not counted here.

    Example: two `intake` requests give DC501 at `/supplement_requests`.
    """
    intake = [i for i, r in _requests(ctx) if r.get("stage") == "intake"]
    if len(intake) > 1:
        yield finding("/supplement_requests", count=len(intake), requests=intake)


@rule(
    "DC502",
    "supplement-request-incomplete",
    severity="error",
    summary="A supplement request lists no items or gives no reason.",
    vi="Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ {number}: {problems}.",
    en="Supplement request {number}: {problems}.",
    legal_basis=(*_SUPPLEMENT_BASIS, "NĐ 63/2010 Điều 18.5", "TT 03/2025/TT-VPCP Mẫu 02"),
)
def supplement_request_incomplete(ctx: Context) -> Iterator[Finding]:
    """What it checks: every supplement request has at least one non-blank item and a `reason`. One finding
    per deficient request, with `params.problems` (`items`, `reason`).

    Why it matters: the Phiếu yêu cầu bổ sung must say what to supplement and why (NĐ 61/2018 Điều 17.1.a;
    NĐ 63/2010 Điều 18.5); a request without them cannot be complied with "một lần".

    Example: a request with `"items": []` gives DC502 at `/supplement_requests/0`.
    """
    for i, r in _requests(ctx):
        problems = []
        items = r.get("items")
        if not ctx.is_broken(f"/supplement_requests/{i}/items") and (
            is_missing(items) or (isinstance(items, list) and all(is_missing(x) for x in items))
        ):
            problems.append("items")
        if is_missing(r.get("reason")) and not ctx.is_broken(f"/supplement_requests/{i}/reason"):
            problems.append("reason")
        if problems:
            number = r.get("number") if isinstance(r.get("number"), str) else None
            yield finding(f"/supplement_requests/{i}", number=number or f"#{i + 1}", problems=problems)


@rule(
    "DC503",
    "late-appraisal-supplement-request",
    severity="error",
    summary="An `appraisal` supplement request issued after the 3rd working day following receipt.",
    vi="Yêu cầu bổ sung ở khâu thẩm định ngày {issued_on}, quá 03 ngày làm việc kể từ ngày tiếp nhận (chậm nhất "
    "{limit}).",
    en="Appraisal-stage supplement request of {issued_on}, more than 3 working days after receipt (latest "
    "{limit}).",
    legal_basis=("NĐ 61/2018 Điều 19.4", "NĐ 63/2010 Điều 20.4"),
    needs=("/received_at",),
)
def late_appraisal_supplement_request(ctx: Context) -> Iterator[Finding]:
    """What it checks: an `appraisal` request is issued on a date no later than the 3rd working day
    following the effective receipt date (SPEC §6.2: a receipt outside office hours counts from the next
    opening).

    Why it matters: if appraisal finds the dossier insufficient, the deciding agency must say so within
    03 working days (NĐ 61/2018 Điều 19.4); a late request restarts the clock at the applicant's expense.

    Example: received Mon 2026-10-19 10:00, an appraisal request dated Fri 2026-10-23 (the limit is Thu
    2026-10-22) gives DC503 at `/supplement_requests/0/issued_at`.
    """
    limit = None
    for i, r in _requests(ctx):
        if r.get("stage") != "appraisal":
            continue
        issued = time_at(ctx, r, "issued_at", f"/supplement_requests/{i}")
        if issued is None:
            continue
        if limit is None:  # computed only when there is a request to judge (DC007 notes what was relied on)
            effective = ctx.effective_receipt()
            if effective is None:
                return
            limit = ctx.working_day_after(effective.date(), 3)
        if issued.date > limit:
            yield finding(
                f"/supplement_requests/{i}/issued_at",
                issued_on=issued.date.isoformat(),
                limit=limit.isoformat(),
            )


@rule(
    "DC504",
    "rejection-without-reason",
    severity="error",
    summary="`outcome` is `rejected` and there is no rejection slip, or it gives no reason.",
    vi="Từ chối tiếp nhận hồ sơ nhưng không có Phiếu từ chối tiếp nhận giải quyết hồ sơ nêu rõ lý do.",
    en="The dossier was rejected without a rejection slip stating the reason.",
    legal_basis=(
        "NĐ 61/2018 Điều 17.1.b",
        "NĐ 63/2010 Điều 18.5",
        "NĐ 63/2010 Điều 6.1.b",
        "TT 03/2025/TT-VPCP Mẫu 03",
    ),
    outcomes=("rejected",),
)
def rejection_without_reason(ctx: Context) -> Iterator[Finding]:
    """What it checks: a `rejected` dossier has a `rejection` whose `reason` is not missing.

    Why it matters: a refusal must be in writing with "lý do cụ thể" (Mẫu 03; NĐ 63/2010 Điều 18.5);
    refusing without a reason is expressly forbidden (Điều 6.1.b).

    Example: `"outcome": "rejected"` with `"rejection": null` gives DC504 at `/rejection`; with
    `"reason": " "` at `/rejection/reason`.
    """
    rejection = ctx.dossier.get("rejection")
    if rejection is None:
        yield finding("/rejection")
    elif (
        isinstance(rejection, dict)
        and is_missing(rejection.get("reason"))
        and not ctx.is_broken("/rejection/reason")
    ):
        yield finding("/rejection/reason")


@rule(
    "DC505",
    "overdue-without-apology",
    severity="error",
    summary="The result came (or, still open, the as-of time is) after the appointment, with no apology.",
    vi="{open}, hẹn trả {appointment}, mà không có văn bản xin lỗi và hẹn lại ngày trả kết quả.",
    en="{open}, due {appointment}, and no apology gives a new date.",
    legal_basis=("NĐ 61/2018 Điều 19.9", "NĐ 61/2018 Điều 21", "TT 03/2025/TT-VPCP Mẫu 04"),
    outcomes=("accepted",),
)
def overdue_without_apology(ctx: Context) -> Iterator[Finding]:
    """What it checks: for an `accepted` dossier without a `stop_notice`, whether the result came
    (`resolved_at`, else `returned_at`) — or, for a dossier still open, the as-of time (`--as-of`, default
    now) — is after the appointment (compared at the precision both carry), while no apology gives a new
    date. `params.open` is true for an open dossier.

    Why it matters: a late result must be preceded by a written apology with the reason and a new date
    (NĐ 61/2018 Điều 19.9); silence is the fault the law targets.

    Example: appointment 2026-10-29 14:00, `resolved_at` 2026-10-30 09:00, no apology: DC505 at
    `/resolved_at`.
    """
    if _stopped(ctx):
        return
    appt = ctx.appointment()
    came = _result_or_now(ctx)
    if appt is None or came is None:
        return
    if any(True for _ in ctx.new_appointments()):
        return
    when, path, still_open = came
    if when.after(appt[0]):
        yield finding(
            path or appt[1], result=when.isoformat(), appointment=appt[0].isoformat(), open=still_open
        )


@rule(
    "DC506",
    "late-apology",
    severity="warning",
    summary="An apology issued later than the working day before the appointment it moves.",
    vi="Văn bản xin lỗi lập ngày {issued_on}, muộn hơn ngày làm việc trước ngày hẹn trả ({latest}); phải "
    "thông báo chậm nhất 01 ngày trước hạn.",
    en="The apology was issued on {issued_on}, later than the working day before the appointment ({latest}); "
    "it is due at least one day ahead.",
    legal_basis=_APOLOGY_BASIS,
)
def late_apology(ctx: Context) -> Iterator[Finding]:
    """What it checks: each apology's `issued_at` date is not later than the working day before the
    appointment it moves — its `original_appointment_at`, else the appointment.

    Why it matters: the deciding agency must warn the desk and apologise "chậm nhất 01 ngày trước hạn"
    (NĐ 61/2018 Điều 19.9) so the applicant does not make a wasted trip. A warning: the date on the
    letter may be the signing date, not the sending date.

    Example: appointment Thu 2026-10-29, apology issued 2026-10-29: the latest was Wed 2026-10-28, so DC506 at
    `/apologies/0/issued_at`.
    """
    first = ctx.appointment()
    for i, a in _apologies(ctx):
        issued = time_at(ctx, a, "issued_at", f"/apologies/{i}")
        moved = time_at(ctx, a, "original_appointment_at", f"/apologies/{i}") or (first[0] if first else None)
        if issued is None or moved is None:
            continue
        latest = ctx.working_day_before(moved.date)
        if issued.date > latest:
            yield finding(
                f"/apologies/{i}/issued_at", issued_on=issued.date.isoformat(), latest=latest.isoformat()
            )


@rule(
    "DC507",
    "repeated-reschedule",
    severity="error",
    summary="More than one apology: the return date may be rescheduled only once.",
    vi="Hẹn lại ngày trả kết quả {count} lần; việc hẹn lại chỉ được thực hiện không quá một lần.",
    en="The return date was rescheduled {count} times; it may be rescheduled only once.",
    legal_basis=_APOLOGY_BASIS,
    needs=("/apologies",),
)
def repeated_reschedule(ctx: Context) -> Iterator[Finding]:
    """What it checks: the dossier has at most one apology. Reported once per dossier with `params.count`.

    Why it matters: "Việc hẹn lại ngày trả kết quả được thực hiện không quá một lần" (NĐ 61/2018 Điều 19.9).

    Example: two apologies give DC507 at `/apologies`.
    """
    n = len(ctx.items("apologies"))
    if n > 1:
        yield finding("/apologies", count=n)


@rule(
    "DC508",
    "apology-incomplete",
    severity="error",
    summary="An apology without reason or new date, or whose new date is not after the original appointment.",
    vi="Văn bản xin lỗi {number}: {problems}.",
    en="Apology {number}: {problems}.",
    legal_basis=_APOLOGY_BASIS,
)
def apology_incomplete(ctx: Context) -> Iterator[Finding]:
    """What it checks: every apology has a `reason` and a `new_appointment_at` that is after the appointment
    it moves (its `original_appointment_at`, else the appointment). One finding per deficient apology, with
    `params.problems` (`reason`, `new_appointment_at`, `not_later`).

    Why it matters: Mẫu 04 must state why the dossier is late and the new return date; a "new" date that is
    not later moves nothing.

    Example: an apology with `new_appointment_at` equal to the original appointment gives DC508 at
    `/apologies/0`.
    """
    first = ctx.appointment()
    for i, a in _apologies(ctx):
        base = f"/apologies/{i}"
        problems = []
        if is_missing(a.get("reason")) and not ctx.is_broken(f"{base}/reason"):
            problems.append("reason")
        new = time_at(ctx, a, "new_appointment_at", base)
        if is_missing(a.get("new_appointment_at")) and not ctx.is_broken(f"{base}/new_appointment_at"):
            problems.append("new_appointment_at")
        moved = time_at(ctx, a, "original_appointment_at", base) or (first[0] if first else None)
        if new is not None and moved is not None and not new.after(moved):
            problems.append("not_later")
        if problems:
            number = a.get("number") if isinstance(a.get("number"), str) else None
            yield finding(base, number=number or f"#{i + 1}", problems=problems)


@rule(
    "DC509",
    "overdue-after-reschedule",
    severity="error",
    summary="The result came (or, still open, the as-of time is) after the latest rescheduled date.",
    vi="{open}, muộn cả so với ngày hẹn lại {new_appointment}.",
    en="{open}, later even than the rescheduled date {new_appointment}.",
    legal_basis=_APOLOGY_BASIS,
    outcomes=("accepted",),
)
def overdue_after_reschedule(ctx: Context) -> Iterator[Finding]:
    """What it checks: for an `accepted` dossier without a `stop_notice` that has apologies with new dates,
    whether the result came (`resolved_at`, else `returned_at`) — or, still open, the as-of time — is after
    the latest `new_appointment_at`.

    Why it matters: the new date is the last promise the law allows (rescheduling is allowed once); missing
    it too is a late result with no further excuse.

    Example: new appointment 2026-11-05, result 2026-11-09: DC509 at `/resolved_at`.
    """
    if _stopped(ctx):
        return
    news = ctx.new_appointments()
    came = _result_or_now(ctx)
    if not news or came is None:
        return
    latest, idx = news[0]
    for w, i in news[1:]:
        if w.after(latest):
            latest, idx = w, i
    when, path, still_open = came
    if when.after(latest):
        yield finding(
            path or f"/apologies/{idx}/new_appointment_at",
            result=when.isoformat(),
            new_appointment=latest.isoformat(),
            open=still_open,
        )
