"""DC5xx — the process: supplement requests, rejections, apologies and overdue results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._text import is_missing
from ..timeutil import When
from ._common import time_at
from ._context import Context
from ._registry import Finding, finding, rule

_SUPPLEMENT_BASIS = ("NĐ 61/2018 Điều 15.3", "NĐ 61/2018 Điều 17.1.a")
_APOLOGY_BASIS = ("NĐ 61/2018 Điều 19.9", "TT 03/2025/TT-VPCP Mẫu 04")


def _requests(ctx: Context) -> list[tuple[int, dict[str, Any]]]:
    return _objects(ctx.items("supplement_requests"))


def _apologies(ctx: Context) -> list[tuple[int, dict[str, Any]]]:
    return _objects(ctx.items("apologies"))


def _objects(items: list[Any]) -> list[tuple[int, dict[str, Any]]]:
    """The rows that are objects, with their indexes (most dossiers have no row: nothing to walk)."""
    if not items:
        return []
    return [(i, r) for i, r in enumerate(items) if isinstance(r, dict)]


def _stopped(ctx: Context) -> bool:
    return ctx.dossier.get("stop_notice") is not None


def _result_or_now(ctx: Context) -> tuple[When, str, bool] | None:
    """When the result came (and where), or the as-of time for a dossier still open. Not memoised: its two
    readers never both read it (DC505 only without new appointments, DC509 only with them), and the result
    time it reads is computed once by the context."""
    if ctx.problems and (ctx.is_broken("/resolved_at") or ctx.is_broken("/returned_at")):
        return None
    came = ctx.result_time()
    if came is not None:
        return came[0], came[1], False
    return ctx.as_of_when(), "", True


@rule(
    "DC501",
    "repeated-supplement-request",
    severity="error",
    title_vi="Yêu cầu bổ sung hồ sơ nhiều lần",
    title_en="Supplements requested more than once",
    summary_vi="Có hơn một yêu cầu bổ sung ở khâu tiếp nhận (`intake`): phải hướng dẫn bổ sung một lần, "
    "đầy đủ.",
    summary_en="More than one `intake` supplement request: the law says once, in full.",
    message_vi="Yêu cầu bổ sung hồ sơ {count} lần ở khâu tiếp nhận; chỉ được hướng dẫn bổ sung một lần, đầy đủ.",
    message_en="{count} supplement requests at intake; the desk must ask once, in full.",
    legal_basis=_SUPPLEMENT_BASIS,
    needs=("/supplement_requests",),
    doc_vi="""
    Nội dung kiểm tra: hồ sơ có không quá một yêu cầu bổ sung có `stage` là `intake` (khâu tiếp nhận). Báo
    một lần cho mỗi hồ sơ, kèm `params.count` và `params.requests` (vị trí của các yêu cầu).

    Vì sao cần kiểm tra: cán bộ tiếp nhận phải hướng dẫn người nộp bổ sung “một lần đầy đủ, chính xác”
    (NĐ 61/2018 Điều 15.3); bắt người nộp đi lại nhiều lần là lỗi “yêu cầu bổ sung nhiều lần”. Yêu cầu bổ
    sung ở khâu thẩm định là một bước khác và không được tính ở đây.

    Ví dụ: hai yêu cầu `intake` bị báo DC501 tại `/supplement_requests`.
    """,
    part="supplement_requests",
)
def repeated_supplement_request(ctx: Context) -> Sequence[Finding]:
    """What it checks: the dossier has at most one supplement request with `stage` `intake`. Reported once
    per dossier, with `params.count` and `params.requests` (their indexes).

    Why it matters: the desk must list everything missing "một lần đầy đủ, chính xác" (NĐ 61/2018
    Điều 15.3); sending the applicant back again and again is the "yêu cầu bổ sung nhiều lần" fault.
    Appraisal-stage requests are a different step and are not counted here.

    Example: two `intake` requests give DC501 at `/supplement_requests`.
    """
    intake = [i for i, r in _requests(ctx) if r.get("stage") == "intake"]
    if len(intake) > 1:
        return [finding("/supplement_requests", count=len(intake), requests=intake)]
    return ()


@rule(
    "DC502",
    "supplement-request-incomplete",
    severity="error",
    title_vi="Yêu cầu bổ sung không nêu rõ nội dung hoặc lý do",
    title_en="Supplement request without items or reason",
    summary_vi="Yêu cầu bổ sung không nêu nội dung cần bổ sung hoặc không nêu lý do.",
    summary_en="A supplement request lists no items or gives no reason.",
    message_vi="Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ {number}: {problems}.",
    message_en="Supplement request {number}: {problems}.",
    legal_basis=(*_SUPPLEMENT_BASIS, "NĐ 63/2010 Điều 18.5", "TT 03/2025/TT-VPCP Mẫu 02"),
    doc_vi="""
    Nội dung kiểm tra: mọi yêu cầu bổ sung có ít nhất một nội dung cần bổ sung không để trống (`items`) và có
    `reason`. Mỗi yêu cầu thiếu là một vi phạm, kèm `params.problems` (`items`, `reason`).

    Vì sao cần kiểm tra: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ phải nêu rõ cần bổ sung gì và vì sao
    (NĐ 61/2018 Điều 17.1.a; NĐ 63/2010 Điều 18.5); phiếu thiếu các nội dung đó thì người nộp không thể bổ
    sung “một lần” cho đủ.

    Ví dụ: yêu cầu có `"items": []` bị báo DC502 tại `/supplement_requests/0`.
    """,
    part="supplement_requests",
)
def supplement_request_incomplete(ctx: Context) -> Sequence[Finding]:
    """What it checks: every supplement request has at least one non-blank item and a `reason`. One finding
    per deficient request, with `params.problems` (`items`, `reason`).

    Why it matters: the Phiếu yêu cầu bổ sung must say what to supplement and why (NĐ 61/2018 Điều 17.1.a;
    NĐ 63/2010 Điều 18.5); a request without them cannot be complied with "một lần".

    Example: a request with `"items": []` gives DC502 at `/supplement_requests/0`.
    """
    found: list[Finding] = []
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
            found.append(
                finding(f"/supplement_requests/{i}", number=number or f"#{i + 1}", problems=problems)
            )
    return found


@rule(
    "DC503",
    "late-appraisal-supplement-request",
    severity="error",
    title_vi="Yêu cầu bổ sung ở khâu thẩm định quá 03 ngày làm việc",
    title_en="Appraisal supplement request after 3 working days",
    summary_vi="Yêu cầu bổ sung ở khâu thẩm định (`appraisal`) lập sau ngày làm việc thứ 3 kể từ ngày tiếp "
    "nhận.",
    summary_en="An `appraisal` supplement request issued after the 3rd working day following receipt.",
    message_vi="Yêu cầu bổ sung ở khâu thẩm định ngày {issued_on}, quá 03 ngày làm việc kể từ ngày tiếp nhận (chậm nhất "
    "{limit}).",
    message_en="Appraisal-stage supplement request of {issued_on}, more than 3 working days after receipt (latest "
    "{limit}).",
    legal_basis=("NĐ 61/2018 Điều 19.4",),
    needs=("/received_at",),
    doc_vi="""
    Nội dung kiểm tra: yêu cầu bổ sung ở khâu thẩm định (`appraisal`) được lập vào ngày không muộn hơn ngày
    làm việc thứ 3 sau ngày tiếp nhận tính hạn (hồ sơ tiếp nhận ngoài giờ làm việc hoặc vào ngày nghỉ được
    tính từ đầu giờ làm việc kế tiếp).

    Vì sao cần kiểm tra: nếu qua thẩm định thấy hồ sơ chưa đủ, cơ quan giải quyết phải thông báo trong thời
    hạn 03 ngày làm việc (NĐ 61/2018 Điều 19.4); yêu cầu muộn làm thời hạn giải quyết bị tính lại từ đầu, và
    người nộp phải chịu thiệt.

    Ví dụ: hồ sơ tiếp nhận lúc 10:00 thứ Hai 19/10/2026, yêu cầu bổ sung ở khâu thẩm định lập ngày thứ Sáu
    23/10/2026 (hạn chót là thứ Năm 22/10/2026) bị báo DC503 tại `/supplement_requests/0/issued_at`.
    """,
    part="supplement_requests",
)
def late_appraisal_supplement_request(ctx: Context) -> Sequence[Finding]:
    """What it checks: an `appraisal` request is issued on a date no later than the 3rd working day following
    the effective receipt date (a receipt outside office hours or on a day off counts from the next opening).

    Why it matters: if appraisal finds the dossier insufficient, the deciding agency must say so within
    03 working days (NĐ 61/2018 Điều 19.4); a late request restarts the clock at the applicant's expense.

    Example: received Mon 2026-10-19 10:00, an appraisal request dated Fri 2026-10-23 (the limit is Thu
    2026-10-22) gives DC503 at `/supplement_requests/0/issued_at`.
    """
    found: list[Finding] = []
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
                return found
            limit = ctx.working_day_after(effective.date(), 3)
        if issued.date > limit:
            found.append(
                finding(
                    f"/supplement_requests/{i}/issued_at",
                    issued_on=issued.date.isoformat(),
                    limit=limit.isoformat(),
                )
            )
    return found


@rule(
    "DC504",
    "rejection-without-reason",
    severity="error",
    title_vi="Từ chối hồ sơ không nêu rõ lý do",
    title_en="Rejection without a reason",
    summary_vi="`outcome` là `rejected` nhưng không có Phiếu từ chối tiếp nhận giải quyết hồ sơ, hoặc "
    "phiếu không nêu lý do.",
    summary_en="`outcome` is `rejected` and there is no rejection slip, or it gives no reason.",
    message_vi="Từ chối tiếp nhận hồ sơ nhưng không có Phiếu từ chối tiếp nhận giải quyết hồ sơ nêu rõ lý do.",
    message_en="The dossier was rejected without a rejection slip stating the reason.",
    legal_basis=(
        "NĐ 61/2018 Điều 17.1.b",
        "NĐ 63/2010 Điều 18.5",
        "NĐ 63/2010 Điều 6.1.b",
        "TT 03/2025/TT-VPCP Mẫu 03",
    ),
    outcomes=("rejected",),
    doc_vi="""
    Nội dung kiểm tra: hồ sơ bị từ chối (`rejected`) có `rejection` và `reason` của phiếu không bị thiếu.

    Vì sao cần kiểm tra: việc từ chối phải bằng văn bản, nêu “lý do cụ thể” (Phiếu từ chối tiếp nhận giải
    quyết hồ sơ, Mẫu 03; NĐ 63/2010 Điều 18.5); từ chối mà không nêu rõ lý do bằng văn bản là hành vi bị
    nghiêm cấm (NĐ 63/2010 Điều 6.1.b).

    Ví dụ: `"outcome": "rejected"` với `"rejection": null` bị báo DC504 tại `/rejection`; với `"reason": " "`
    thì bị báo tại `/rejection/reason`.
    """,
)
def rejection_without_reason(ctx: Context) -> Sequence[Finding]:
    """What it checks: a `rejected` dossier has a `rejection` whose `reason` is not missing.

    Why it matters: a refusal must be in writing with "lý do cụ thể" (Mẫu 03; NĐ 63/2010 Điều 18.5);
    refusing without a reason is expressly forbidden (Điều 6.1.b).

    Example: `"outcome": "rejected"` with `"rejection": null` gives DC504 at `/rejection`; with
    `"reason": " "` at `/rejection/reason`.
    """
    rejection = ctx.dossier.get("rejection")
    if rejection is None:
        return [finding("/rejection")]
    if (
        isinstance(rejection, dict)
        and is_missing(rejection.get("reason"))
        and not ctx.is_broken("/rejection/reason")
    ):
        return [finding("/rejection/reason")]
    return ()


@rule(
    "DC505",
    "overdue-without-apology",
    severity="error",
    title_vi="Quá hạn trả kết quả mà không có văn bản xin lỗi",
    title_en="Overdue without an apology",
    summary_vi="Có kết quả sau thời gian hẹn trả (hoặc, nếu chưa có kết quả, đã quá hẹn tại thời điểm kiểm "
    "tra) mà không có văn bản xin lỗi ghi ngày hẹn mới.",
    summary_en="The result came (or, still open, the as-of time is) after the appointment, with no apology.",
    message_vi="{open}, hẹn trả {appointment}, mà không có Văn bản xin lỗi và đề nghị gia hạn thời gian "
    "giải quyết.",
    message_en="{open}, due {appointment}, and no apology gives a new date.",
    legal_basis=_APOLOGY_BASIS,
    outcomes=("accepted",),
    doc_vi="""
    Nội dung kiểm tra: với hồ sơ đã tiếp nhận (`accepted`) không có `stop_notice`, thời điểm có kết quả
    (`resolved_at`, nếu không có thì `returned_at`) — hoặc, với hồ sơ chưa có kết quả, thời điểm kiểm tra
    (`--as-of`, mặc định là hiện tại) — có sau thời gian hẹn trả không (so sánh ở độ chính xác thấp hơn trong
    hai giá trị: ngày, phút hoặc giây), trong khi không có văn bản xin lỗi nào ghi ngày hẹn mới. `params.open`
    là `true` với hồ sơ chưa có kết quả.

    Vì sao cần kiểm tra: trước khi trả kết quả muộn, cơ quan giải quyết phải gửi người nộp Văn bản xin lỗi và
    đề nghị gia hạn thời gian giải quyết, nêu rõ lý do và thời gian hẹn trả mới (NĐ 61/2018 Điều 19.9); im
    lặng để quá hạn chính là lỗi mà quy định này nhắm tới.

    Ví dụ: hẹn trả 14:00 ngày 29/10/2026, `resolved_at` là 09:00 ngày 30/10/2026, không có văn bản xin lỗi:
    bị báo DC505 tại `/resolved_at`.
    """,
)
def overdue_without_apology(ctx: Context) -> Sequence[Finding]:
    """What it checks: for an `accepted` dossier without a `stop_notice`, whether the result came
    (`resolved_at`, else `returned_at`) — or, for a dossier still open, the as-of time (`--as-of`, default
    now) — is after the appointment (compared at the coarser precision of the two: date, minute or second),
    while no apology gives a new date. `params.open` is true for an open dossier.

    Why it matters: a late result must be preceded by a written apology with the reason and a new date
    (NĐ 61/2018 Điều 19.9); silence is the fault the law targets.

    Example: appointment 2026-10-29 14:00, `resolved_at` 2026-10-30 09:00, no apology: DC505 at
    `/resolved_at`.
    """
    if _stopped(ctx):
        return ()
    appt = ctx.appointment()
    if appt is None or ctx.new_appointments():
        return ()
    came = _result_or_now(ctx)
    if came is None:
        return ()
    when, path, still_open = came
    if when.after(appt[0]):
        return [
            finding(
                path or appt[1], result=when.isoformat(), appointment=appt[0].isoformat(), open=still_open
            )
        ]
    return ()


@rule(
    "DC506",
    "late-apology",
    severity="warning",
    title_vi="Văn bản xin lỗi lập muộn",
    title_en="Late apology",
    summary_vi="Văn bản xin lỗi lập muộn hơn ngày làm việc liền trước ngày hẹn trả mà văn bản thay đổi.",
    summary_en="An apology issued later than the working day before the appointment it moves.",
    message_vi="Văn bản xin lỗi lập ngày {issued_on}, muộn hơn ngày làm việc trước ngày hẹn trả ({latest}); phải "
    "thông báo chậm nhất 01 ngày trước hạn.",
    message_en="The apology was issued on {issued_on}, later than the working day before the appointment ({latest}); "
    "it is due at least one day ahead.",
    legal_basis=_APOLOGY_BASIS,
    doc_vi="""
    Nội dung kiểm tra: ngày `issued_at` của mỗi văn bản xin lỗi không muộn hơn ngày làm việc liền trước ngày
    hẹn mà văn bản đó thay đổi — `original_appointment_at` của văn bản, nếu không có thì thời gian hẹn trả
    của hồ sơ.

    Vì sao cần kiểm tra: cơ quan giải quyết phải báo cho Bộ phận Một cửa và gửi văn bản xin lỗi “chậm nhất 01
    ngày trước hạn” (NĐ 61/2018 Điều 19.9) để người nộp không phải đi lại vô ích. Chỉ ở mức cảnh báo vì ngày
    ghi trên văn bản có thể là ngày ký, không phải ngày gửi.

    Ví dụ: hẹn trả thứ Năm 29/10/2026, văn bản xin lỗi lập ngày 29/10/2026: hạn chót là thứ Tư 28/10/2026,
    nên bị báo DC506 tại `/apologies/0/issued_at`.
    """,
    part="apologies",
)
def late_apology(ctx: Context) -> Sequence[Finding]:
    """What it checks: each apology's `issued_at` date is not later than the working day before the
    appointment it moves — its `original_appointment_at`, else the appointment.

    Why it matters: the deciding agency must warn the desk and apologise "chậm nhất 01 ngày trước hạn"
    (NĐ 61/2018 Điều 19.9) so the applicant does not make a wasted trip. A warning: the date on the
    letter may be the signing date, not the sending date.

    Example: appointment Thu 2026-10-29, apology issued 2026-10-29: the latest was Wed 2026-10-28, so DC506 at
    `/apologies/0/issued_at`.
    """
    found: list[Finding] = []
    first = ctx.appointment()
    for i, a in _apologies(ctx):
        issued = time_at(ctx, a, "issued_at", f"/apologies/{i}")
        moved = time_at(ctx, a, "original_appointment_at", f"/apologies/{i}") or (first[0] if first else None)
        if issued is None or moved is None:
            continue
        latest = ctx.working_day_before(moved.date)
        if issued.date > latest:
            found.append(
                finding(
                    f"/apologies/{i}/issued_at", issued_on=issued.date.isoformat(), latest=latest.isoformat()
                )
            )
    return found


@rule(
    "DC507",
    "repeated-reschedule",
    severity="error",
    title_vi="Hẹn lại ngày trả kết quả quá một lần",
    title_en="Return date rescheduled more than once",
    summary_vi="Có hơn một văn bản xin lỗi: chỉ được hẹn lại ngày trả kết quả một lần.",
    summary_en="More than one apology: the return date may be rescheduled only once.",
    message_vi="Hẹn lại ngày trả kết quả {count} lần; việc hẹn lại chỉ được thực hiện không quá một lần.",
    message_en="The return date was rescheduled {count} times; it may be rescheduled only once.",
    legal_basis=_APOLOGY_BASIS,
    needs=("/apologies",),
    doc_vi="""
    Nội dung kiểm tra: hồ sơ có không quá một văn bản xin lỗi. Báo một lần cho mỗi hồ sơ, kèm `params.count`.

    Vì sao cần kiểm tra: “Việc hẹn lại ngày trả kết quả được thực hiện không quá một lần”
    (NĐ 61/2018 Điều 19.9).

    Ví dụ: hai văn bản xin lỗi bị báo DC507 tại `/apologies`.
    """,
    part="apologies",
)
def repeated_reschedule(ctx: Context) -> Sequence[Finding]:
    """What it checks: the dossier has at most one apology. Reported once per dossier with `params.count`.

    Why it matters: "Việc hẹn lại ngày trả kết quả được thực hiện không quá một lần" (NĐ 61/2018 Điều 19.9).

    Example: two apologies give DC507 at `/apologies`.
    """
    n = len(ctx.items("apologies"))
    if n > 1:
        return [finding("/apologies", count=n)]
    return ()


@rule(
    "DC508",
    "apology-incomplete",
    severity="error",
    title_vi="Văn bản xin lỗi thiếu thông tin",
    title_en="Apology incomplete",
    summary_vi="Văn bản xin lỗi không có lý do hoặc ngày hẹn mới, hoặc ngày hẹn mới không sau ngày hẹn ban "
    "đầu.",
    summary_en="An apology without reason or new date, or whose new date is not after the original "
    "appointment.",
    message_vi="Văn bản xin lỗi {number}: {problems}.",
    message_en="Apology {number}: {problems}.",
    legal_basis=_APOLOGY_BASIS,
    doc_vi="""
    Nội dung kiểm tra: mọi văn bản xin lỗi có `reason` và có `new_appointment_at` sau thời gian hẹn mà văn
    bản thay đổi (`original_appointment_at` của văn bản, nếu không có thì thời gian hẹn trả của hồ sơ). Mỗi
    văn bản thiếu là một vi phạm, kèm `params.problems` (`reason`, `new_appointment_at`, `not_later`).

    Vì sao cần kiểm tra: Mẫu 04 phải nêu lý do hồ sơ bị chậm và ngày hẹn trả mới; ngày hẹn “mới” không muộn
    hơn ngày cũ thì không thay đổi được gì.

    Ví dụ: văn bản xin lỗi có `new_appointment_at` trùng thời gian hẹn ban đầu bị báo DC508 tại
    `/apologies/0`.
    """,
    part="apologies",
)
def apology_incomplete(ctx: Context) -> Sequence[Finding]:
    """What it checks: every apology has a `reason` and a `new_appointment_at` that is after the appointment
    it moves (its `original_appointment_at`, else the appointment). One finding per deficient apology, with
    `params.problems` (`reason`, `new_appointment_at`, `not_later`).

    Why it matters: Mẫu 04 must state why the dossier is late and the new return date; a "new" date that is
    not later moves nothing.

    Example: an apology with `new_appointment_at` equal to the original appointment gives DC508 at
    `/apologies/0`.
    """
    found: list[Finding] = []
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
            found.append(finding(base, number=number or f"#{i + 1}", problems=problems))
    return found


@rule(
    "DC509",
    "overdue-after-reschedule",
    severity="error",
    title_vi="Quá hạn cả ngày hẹn lại",
    title_en="Overdue even after rescheduling",
    summary_vi="Có kết quả sau ngày hẹn lại muộn nhất (hoặc, nếu chưa có kết quả, đã quá ngày đó tại thời "
    "điểm kiểm tra).",
    summary_en="The result came (or, still open, the as-of time is) after the latest rescheduled date.",
    message_vi="{open}, muộn cả so với ngày hẹn lại {new_appointment}.",
    message_en="{open}, later even than the rescheduled date {new_appointment}.",
    legal_basis=_APOLOGY_BASIS,
    outcomes=("accepted",),
    doc_vi="""
    Nội dung kiểm tra: với hồ sơ đã tiếp nhận (`accepted`) không có `stop_notice` và có văn bản xin lỗi ghi
    ngày hẹn mới, thời điểm có kết quả (`resolved_at`, nếu không có thì `returned_at`) — hoặc, với hồ sơ chưa
    có kết quả, thời điểm kiểm tra — có sau `new_appointment_at` muộn nhất không.

    Vì sao cần kiểm tra: ngày hẹn mới là lời hẹn cuối cùng mà pháp luật cho phép (chỉ được hẹn lại một lần);
    trễ cả ngày này là trả kết quả quá hạn mà không còn lý do nào nữa.

    Ví dụ: hẹn lại ngày 05/11/2026, có kết quả ngày 09/11/2026: bị báo DC509 tại `/resolved_at`.
    """,
    part="apologies",
)
def overdue_after_reschedule(ctx: Context) -> Sequence[Finding]:
    """What it checks: for an `accepted` dossier without a `stop_notice` that has apologies with new dates,
    whether the result came (`resolved_at`, else `returned_at`) — or, still open, the as-of time — is after
    the latest `new_appointment_at`.

    Why it matters: the new date is the last promise the law allows (rescheduling is allowed once); missing
    it too is a late result with no further excuse.

    Example: new appointment 2026-11-05, result 2026-11-09: DC509 at `/resolved_at`.
    """
    if _stopped(ctx):
        return ()
    news = ctx.new_appointments()
    if not news:
        return ()
    came = _result_or_now(ctx)
    if came is None:
        return ()
    latest, idx = news[0]
    for w, i in news[1:]:
        if w.after(latest):
            latest, idx = w, i
    when, path, still_open = came
    if when.after(latest):
        return [
            finding(
                path or f"/apologies/{idx}/new_appointment_at",
                result=when.isoformat(),
                new_appointment=latest.isoformat(),
                open=still_open,
            )
        ]
    return ()
