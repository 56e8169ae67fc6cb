"""DC2xx — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (the appointment slip, Mẫu 01)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._text import count, is_missing, normalize_name
from ..reasons import register_reason
from ..schema import parser_string
from ..timeutil import When, parse_when_str
from ._common import differs, missing_fields, reader_of, same_text, texts_filled, time_at
from ._context import Context
from ._keys import APPOINTMENT_AT, APPOINTMENT_SLIP, CODE, COMPONENTS, NAME, RECEIVED_AT, REPRESENTATIVE, SETS
from ._registry import Finding, NotEvaluable, finding, not_evaluable, rule

_SLIP = "/appointment_slip"
_LIMIT_WITHOUT_UNIT = register_reason(
    "time_limit_without_unit",
    vi="thời hạn giải quyết đã công bố không có đơn vị tính, nên không tính được hạn",
    en="the published time limit has no unit, so no deadline can be computed",
)
_SLIP_FIELDS = (
    "number",
    "issued_at",
    "dossier_code",
    "receiving_unit",
    "applicant_name",
    "applicant_id_number",
    "address",
    "request",
    "components",
    "sets",
    "time_limit",
    "received_at",
    "appointment_at",
    "return_place",
    "received_by",
)
_REPRESENTED_SLIP_FIELDS = (*_SLIP_FIELDS, "representative")  # a dossier filed by a representative
# The slip's times DC205 compares with the receipt, as the parser's own key strings (see _keys).
_SLIP_TIMES = (parser_string("issued_at"), APPOINTMENT_AT)
_FORM, _QUANTITY = parser_string("form"), parser_string("quantity")  # a component row's, for DC204
_SLIP_BASIS = ("NĐ 118/2025 Điều 17", "TT 03/2025/TT-VPCP Mẫu 01")


def received_time(ctx: Context) -> When | None:
    """The dossier's `received_at` as the rules read a time field (``time_at``: None when absent, blank or
    broken); DC204, DC205 and DC303 read it. Without format problems that is the receipt time the engine
    read, from the same text with the same parser: it is not looked up again."""
    if not ctx.problems:
        return ctx.received
    return time_at(ctx, ctx.dossier, "received_at", "")


@rule(
    "DC201",
    "missing-appointment-slip",
    severity="error",
    title_vi="Không có Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    title_en="No appointment slip",
    summary_vi="Hồ sơ đã tiếp nhận, thuộc thủ tục đã biết và không trả kết quả ngay, nhưng không có Giấy "
    "tiếp nhận hồ sơ và hẹn trả kết quả.",
    summary_en="An `accepted` dossier of a known, not immediate-result procedure has no appointment slip.",
    message_vi="Hồ sơ đã tiếp nhận nhưng không lập Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
    message_en="The dossier was accepted but no appointment slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) was issued.",
    legal_basis=(
        "NĐ 118/2025 Điều 17",
        "NĐ 118/2025 Điều 6.1.a",
        "NĐ 63/2010 Điều 18.3",
        "TT 03/2025/TT-VPCP Mẫu 01",
    ),
    requires_procedure=True,
    outcomes=("accepted",),
    doc_vi="""
    Nội dung kiểm tra: hồ sơ đã tiếp nhận (`accepted`) có `appointment_slip`, trừ khi thủ tục trả kết quả
    ngay (`immediate_result`). Hồ sơ nộp trực tuyến cũng phải có: giấy được gửi cho người nộp bằng phương
    thức điện tử. Chỉ `appointment_slip` không có hoặc là `null` mới là thiếu; giấy sai kiểu dữ liệu là
    DC001.

    Vì sao cần kiểm tra: người nộp có quyền nhận Giấy tiếp nhận hồ sơ và hẹn trả kết quả
    (NĐ 118/2025 Điều 6.1.a); giấy này ghi mã hồ sơ, các thành phần hồ sơ đã nhận và ngày hẹn trả — không có
    giấy, người nộp không có gì để chứng minh. “Không lập Giấy tiếp nhận hồ sơ và hẹn trả kết quả” là lỗi
    thường gặp trong các đợt kiểm tra.

    Ví dụ: hồ sơ đăng ký thường trú đã tiếp nhận với `"appointment_slip": null` bị báo DC201 tại
    `/appointment_slip`.
    """,
)
def missing_appointment_slip(ctx: Context) -> Sequence[Finding]:
    """What it checks: an `accepted` dossier has an `appointment_slip`, unless its procedure returns the
    result immediately (`immediate_result`). Online dossiers need one too: it is sent electronically. Only
    an absent or `null` slip is missing; a slip of the wrong type is DC001.

    Why it matters: the applicant has the right to the Giấy tiếp nhận hồ sơ và hẹn trả kết quả (NĐ 118/2025
    Điều 6.1.a); it fixes the dossier code, the components taken and the return date — without it the
    applicant can prove nothing. "Không lập Giấy tiếp nhận" is a standing inspection finding.

    Example: an accepted permanent-residence dossier with `"appointment_slip": null` gives DC201 at
    `/appointment_slip`.
    """
    assert ctx.version is not None
    if ctx.dossier.get(APPOINTMENT_SLIP) is None and not ctx.version.procedure.immediate_result:
        return [finding(_SLIP)]
    return ()


@rule(
    "DC202",
    "appointment-slip-incomplete",
    severity="error",
    title_vi="Giấy tiếp nhận hồ sơ và hẹn trả kết quả thiếu thông tin",
    title_en="Appointment slip incomplete",
    summary_vi="Giấy tiếp nhận hồ sơ và hẹn trả kết quả thiếu một mục bắt buộc (mỗi mục thiếu là một vi "
    "phạm).",
    summary_en="The appointment slip lacks a required field (one finding per field).",
    message_vi="Giấy tiếp nhận hồ sơ và hẹn trả kết quả thiếu mục “{field}”.",
    message_en="The appointment slip lacks “{field}”.",
    legal_basis=(*_SLIP_BASIS, "TT 01/2018/TT-VPCP Điều 10.1.c"),
    doc_vi="""
    Nội dung kiểm tra: Giấy tiếp nhận có đủ các mục của Mẫu 01 — `number`, `issued_at`, `dossier_code`,
    `receiving_unit`, `applicant_name`, `applicant_id_number`, `address`, `request`, `components` (ít nhất
    một dòng), `sets`, `time_limit`, `received_at`, `appointment_at`, `return_place`, `received_by`, và
    `representative` khi hồ sơ do người được ủy quyền nộp. `phone`, `email` và `delivered_via` không bắt
    buộc. Chuỗi để trống hoặc danh sách rỗng được coi là thiếu.

    Vì sao cần kiểm tra: cán bộ phải điền biểu mẫu “đầy đủ, rõ ràng, chính xác” (TT 01/2018 Điều 10.1.c);
    Giấy tiếp nhận không ghi thời gian trả kết quả hay thành phần hồ sơ thì không bảo vệ được người nộp, cũng
    không bảo vệ được Bộ phận Một cửa.

    Ví dụ: Giấy tiếp nhận có `"appointment_at": ""` bị báo DC202 tại `/appointment_slip/appointment_at`.
    """,
    part="appointment_slip",
)
def appointment_slip_incomplete(ctx: Context) -> Sequence[Finding]:
    """What it checks: the slip has every field of Mẫu 01 — `number`, `issued_at`, `dossier_code`,
    `receiving_unit`, `applicant_name`, `applicant_id_number`, `address`, `request`, `components` (at least
    one row), `sets`, `time_limit`, `received_at`, `appointment_at`, `return_place`, `received_by`, and
    `representative` when the dossier was filed by one. `phone`, `email` and `delivered_via` are optional.
    A blank string or an empty list is missing.

    Why it matters: officers must fill the forms "đầy đủ, rõ ràng, chính xác" (TT 01/2018 Điều 10.1.c); a
    slip without its return time or components list protects neither the applicant nor the desk.

    Example: a slip with `"appointment_at": ""` gives DC202 at `/appointment_slip/appointment_at`.
    """
    slip = ctx.appointment_slip
    if slip is None:
        return ()
    representative = ctx.dossier.get(REPRESENTATIVE)
    # The usual slip, of a dossier filed in person, has every field filled: one test of all of them first.
    if representative is None and _all_filled(slip):
        return ()
    represented = not is_missing(representative) and not (ctx.problems and ctx.is_broken("/representative"))
    return missing_fields(ctx, slip, _SLIP, _REPRESENTED_SLIP_FIELDS if represented else _SLIP_FIELDS)


# The slip's fields that hold a text (all of Mẫu 01's but `components` and `sets`), read by one reader made once.
_read_slip_texts = reader_of(tuple(f for f in _SLIP_FIELDS if f not in ("components", "sets")))


def _all_filled(slip: dict[str, Any]) -> bool:
    """True when every field of Mẫu 01 is filled: its texts, tested in C (:func:`texts_filled`), a non-empty
    list of components and a non-zero integer of sets; no field is looked at alone (DC202 over DC001 alone:
    21,200 -> 18,600 instructions a dossier). False is no verdict: DC202 then tests field by field."""
    try:
        texts = _read_slip_texts(slip)
    except KeyError:  # an absent field
        return False
    rows, sets = slip.get(COMPONENTS), slip.get(SETS)
    return type(rows) is list and bool(rows) and type(sets) is int and sets != 0 and texts_filled(texts)


@rule(
    "DC203",
    "appointment-beyond-time-limit",
    severity="error",
    title_vi="Hẹn trả kết quả quá thời hạn giải quyết",
    title_en="Appointment beyond the statutory time limit",
    summary_vi="Thời gian hẹn trả kết quả muộn hơn thời hạn giải quyết theo quy định, tính từ khi tiếp nhận.",
    summary_en="The appointment is later than the statutory deadline computed from the receipt.",
    message_vi="Hẹn trả kết quả {appointment} muộn hơn thời hạn giải quyết theo quy định ({time_limit}): chậm nhất "
    "{deadline}.",
    message_en="The appointment {appointment} is later than the statutory time limit ({time_limit}) allows: "
    "{deadline} at the latest.",
    legal_basis=("NĐ 63/2010 Điều 8.2", "NĐ 118/2025 Điều 17", "BLDS 2015 Điều 147-148"),
    needs=("/received_at", "/channel", "/case"),
    requires_procedure=True,
    doc_vi="""
    Nội dung kiểm tra: “thời gian hẹn trả” (`appointment_at` của Giấy tiếp nhận hồ sơ và hẹn trả kết quả; nếu
    không có thì của Phiếu kiểm soát quá trình giải quyết hồ sơ; nếu vẫn không có thì của Sổ theo dõi hồ sơ)
    không muộn hơn thời hạn giải quyết theo quy định của phiên bản thủ tục và hình thức nộp, tính từ thời
    điểm tiếp nhận tính hạn (hồ sơ tiếp nhận ngoài giờ làm việc hoặc vào ngày nghỉ được tính từ đầu giờ làm
    việc kế tiếp): N ngày làm việc kể từ sau ngày tiếp nhận; trong ngày nếu tiếp nhận không muộn hơn giờ
    chốt, nếu muộn hơn thì ngày làm việc tiếp theo; N giờ làm việc; hoặc N ngày theo lịch, nếu ngày cuối rơi
    vào ngày nghỉ thì chuyển sang ngày làm việc tiếp theo. Thời hạn tính theo ngày thì so sánh theo ngày;
    thời hạn tính theo giờ làm việc là một thời điểm cụ thể, chính xác đến mức của thời điểm tiếp nhận.

    Vì sao cần kiểm tra: thời hạn giải quyết là một phần của thủ tục đã công bố; hẹn trả vượt thời hạn là che
    giấu sự chậm trễ mà pháp luật tính là quá hạn ngay từ ngày đầu.

    Ví dụ: hồ sơ đăng ký thành lập hộ kinh doanh (1.001612, 3 ngày làm việc) tiếp nhận lúc 14:00 thứ Sáu
    13/02/2026 phải trả chậm nhất vào thứ Tư 25/02/2026 (nghỉ Tết Bính Ngọ từ 16/02 đến 20/02); hẹn trả ngày
    26/02/2026 bị báo DC203 tại `/appointment_slip/appointment_at`.
    """,
)
def appointment_beyond_time_limit(ctx: Context) -> Sequence[Finding | NotEvaluable]:
    """What it checks: "the appointment" (the slip's `appointment_at`, else the control slip's, else the
    tracking entry's) is not later than the statutory deadline of the procedure version and channel, counted
    from the effective receipt time (a receipt outside office hours or on a day off counts from the next
    opening): N working days after the receipt day; the same day up to the cut-off, else the next working
    day; N office hours; or N calendar days moved off a day off. A day-based deadline compares dates; a
    working-hours deadline is an instant, as precise as the receipt time it is counted from.

    Why it matters: the processing time is part of the published procedure; a desk that books returns
    beyond it hides delays that the law counts as late from the first day.

    Example: a household-business registration (1.001612, 3 working days) received Fri 2026-02-13 14:00
    must be returned by Wed 2026-02-25 (Tết Bính Ngọ: 16–20/02 are off); an appointment on 2026-02-26 gives
    DC203 at `/appointment_slip/appointment_at`.
    """
    if ctx.limit_unknown():  # a number without a unit, or no information: nothing to judge by
        return [not_evaluable(_LIMIT_WITHOUT_UNIT)]
    appt = ctx.appointment()
    if appt is None:
        return ()
    # Only now: DC007 notes only deadlines the check relied on.
    deadline, case = ctx.deadline_and_case()
    if deadline is None:
        return ()
    when, path = appt
    if deadline.instant:
        # A deadline counted in office hours is as precise as the receipt time it was counted from.
        assert ctx.received is not None
        late = when.after(When.of(deadline.due, ctx.received.precision))
    else:
        late = when[0].date() > deadline.due_date  # when.date, by position: no property call
    if late:
        assert ctx.version is not None
        limit = ctx.version.time_limit(ctx.channel, case)
        params: dict[str, Any] = {
            "appointment": when.isoformat(),
            "deadline": deadline.due.isoformat(timespec="minutes")
            if deadline.instant
            else deadline.due_date.isoformat(),
            "time_limit": _limit_text(limit),
            "unit": getattr(limit, "unit", None),
            "amount": getattr(limit, "amount", None),
        }
        if case is not None:
            # The case whose limit applied: the named one, or the longest when the dossier names none.
            params["case"] = case
        return [finding(path, **params)]
    return ()


def _limit_text(limit: Any) -> str:
    """Machine-readable: "7 working_days", "same_day 15:00"; messages render it per language."""
    if limit.unit == "same_day":
        return f"same_day {limit.cutoff}"
    return f"{limit.amount} {limit.unit}"


_NO_CODES: dict[str, Any] = {}  # a dossier of no known procedure: no row matches


def _multiset(ctx: Context, rows: list[Any]) -> dict[tuple[Any, ...], int]:
    """The rows as a multiset of (kind, identity, form, quantity): each with how many rows have it, all counts
    positive. A row's identity is the procedure component it matches by code or name, else its normalised
    name, else its code. A plain dict, not a ``Counter``, whose Python-level ``__missing__``, ``__eq__`` and
    ``__sub__`` cost more than the rows' own reading (see :func:`_minus`)."""
    out: dict[tuple[Any, ...], int] = {}
    index = ctx.index() if ctx.version is not None else None
    exact = index.by_exact_code if index is not None else _NO_CODES  # see ComponentIndex.by_exact_code
    for row in rows:
        code, name = row.get(CODE), row.get(NAME)
        comp = exact.get(code) if type(code) is str else None
        if comp is None and index is not None:
            comp = index.match(code, name)
        if comp is not None:
            kind, ident = "component", comp.code
        elif isinstance(name, str) and name.strip():
            kind, ident = "name", normalize_name(name)
        else:
            kind, ident = "code", str(code).strip()
        quantity = row.get(_QUANTITY)  # count() of an integer is itself: no call for the usual value
        key = (kind, ident, row.get(_FORM), quantity if type(quantity) is int else count(quantity))
        out[key] = out.get(key, 0) + 1
    return out


def _minus(a: dict[tuple[Any, ...], int], b: dict[tuple[Any, ...], int]) -> dict[tuple[Any, ...], int]:
    """The rows of multiset ``a`` that ``b`` lacks, with how many more: ``Counter(a) - Counter(b)``."""
    return {key: n - b.get(key, 0) for key, n in a.items() if n > b.get(key, 0)}


def _same_count(a: Any, b: Any) -> bool:
    """Two values that are the same integer (as a slip copies the dossier's `sets`): the same count, with
    nothing to read. (Not a bool: ``count`` reads true and false as no number.)"""
    return type(a) is int and a == b


def _copies(rows: list[Any], kept: list[Any]) -> bool:
    """The slip lists the dossier's own rows (as a slip usually does): the same multiset, without counting."""
    return rows == kept


def _copies_dossier(slip: dict[str, Any], dossier: dict[str, Any]) -> bool:
    """The usual slip: it copies the dossier's receipt time (the same text), its sets (the same integer) and its
    component rows, so nothing differs — :func:`same_text`, :func:`_same_count` and :func:`_copies` of the
    three at once, in one call where DC204 made three. False is no verdict: DC204 compares each item."""
    received, sets = slip.get(RECEIVED_AT), slip.get(SETS)
    return (
        type(received) is str
        and received == dossier.get(RECEIVED_AT)
        and type(sets) is int
        and sets == dossier.get(SETS)
        and slip.get(COMPONENTS) == dossier.get(COMPONENTS)
    )


def _describe(items: dict[tuple[Any, ...], int]) -> list[str]:
    out = []
    for (_kind, ident, form, qty), n in sorted(items.items(), key=lambda kv: repr(kv[0])):
        out.extend([f"{ident} ({form or '-'} × {qty})"] * n)
    return out


@rule(
    "DC204",
    "appointment-slip-mismatch",
    severity="error",
    title_vi="Giấy tiếp nhận ghi khác với hồ sơ",
    title_en="Appointment slip differs from the dossier",
    summary_vi="`received_at`, `sets` hoặc thành phần hồ sơ ghi trên Giấy tiếp nhận khác với hồ sơ.",
    summary_en="The slip's `received_at`, `sets` or components differ from the dossier's.",
    message_vi="Giấy tiếp nhận hồ sơ ghi “{field}” khác với hồ sơ: {slip_value} so với {dossier_value}.",
    message_en="The appointment slip's “{field}” differs from the dossier: {slip_value} against {dossier_value}.",
    legal_basis=(*_SLIP_BASIS, "TT 01/2018/TT-VPCP Điều 10.1.b"),
    doc_vi="""
    Nội dung kiểm tra: mỗi mục khác nhau là một vi phạm — `received_at` trên Giấy tiếp nhận so với của hồ sơ
    (ở độ chính xác thấp hơn trong hai giá trị: ngày, phút hoặc giây), `sets` so với của hồ sơ (mặc định 1),
    và `components` so với của hồ sơ, so sánh không theo thứ tự dòng nhưng có tính số lần lặp, theo bộ ba
    (định danh, dạng bản, số lượng); định danh của một dòng là thành phần của thủ tục mà dòng đó khớp theo mã
    hoặc tên đã chuẩn hóa, nếu không khớp thì là tên đã chuẩn hóa của dòng. `params.only_on_slip` và
    `params.only_in_dossier` liệt kê các dòng khác nhau.

    Vì sao cần kiểm tra: Giấy tiếp nhận là biên nhận của người nộp; nếu giấy ghi giấy tờ khác, thời gian khác
    hoặc số bộ khác với những gì thực nhận, giấy không chứng minh được gì — hoặc che giấu thành phần nhận
    thừa.

    Ví dụ: Giấy tiếp nhận ghi tờ khai CT01 là `copy` trong khi hồ sơ giữ bản `original` bị báo DC204 tại
    `/appointment_slip/components`.
    """,
    part="appointment_slip",
)
def appointment_slip_mismatch(ctx: Context) -> Sequence[Finding]:
    """What it checks: one finding per differing item — the slip's `received_at` against the dossier's (at
    the coarser precision of the two: date, minute or second), its `sets` against the dossier's (default 1),
    and its `components` against the dossier's as a multiset of (identity, form, quantity), where a row's
    identity is the procedure component it matches by code or normalised name, else its normalised name.
    `params.only_on_slip` and `params.only_in_dossier` list the differing rows.

    Why it matters: the slip is the applicant's receipt; if it lists other papers, another time or another
    number of sets than were kept, it proves nothing — or hides components taken in excess.

    Example: a slip listing the CT01 declaration as `copy` when the dossier kept the `original` gives DC204
    at `/appointment_slip/components`.
    """
    slip = ctx.appointment_slip
    if slip is None or _copies_dossier(slip, ctx.dossier):
        return ()
    found: list[Finding] = []
    # A slip that copies the dossier's receipt time (the same text) has the same time: nothing to parse.
    if not same_text(slip.get(RECEIVED_AT), ctx.dossier.get(RECEIVED_AT)):
        received = received_time(ctx)
        slip_received = time_at(ctx, slip, "received_at", _SLIP)
        if differs(slip_received, received):
            assert slip_received is not None and received is not None
            found.append(
                finding(
                    f"{_SLIP}/received_at",
                    field="received_at",
                    slip_value=slip_received.isoformat(),
                    dossier_value=received.isoformat(),
                )
            )
    raw_sets = slip.get(SETS)
    if raw_sets is not None and not (
        ctx.problems and (ctx.is_broken(f"{_SLIP}/sets") or ctx.is_broken("/sets"))
    ):
        dossier_sets = ctx.dossier.get(SETS)
        if not _same_count(raw_sets, dossier_sets):
            slip_sets, sets = count(raw_sets), count(dossier_sets)
            if slip_sets != sets:
                found.append(finding(f"{_SLIP}/sets", field="sets", slip_value=slip_sets, dossier_value=sets))
    rows = slip.get(COMPONENTS)
    if (
        isinstance(rows, list)
        and rows
        and not (ctx.problems and (ctx.is_broken(f"{_SLIP}/components") or ctx.is_broken("/components")))
        and not _copies(rows, ctx.dossier[COMPONENTS])
    ):
        on_slip = _multiset(ctx, rows)
        kept = _multiset(ctx, ctx.dossier[COMPONENTS])
        if on_slip != kept:
            only_slip, only_kept = _minus(on_slip, kept), _minus(kept, on_slip)
            found.append(
                finding(
                    f"{_SLIP}/components",
                    field="components",
                    slip_value=len(rows),
                    dossier_value=len(ctx.dossier["components"]),
                    only_on_slip=_describe(only_slip),
                    only_in_dossier=_describe(only_kept),
                )
            )
    return found


@rule(
    "DC205",
    "appointment-slip-chronology",
    severity="error",
    title_vi="Giấy tiếp nhận ghi thời gian trước khi tiếp nhận",
    title_en="Appointment slip dated before receipt",
    summary_vi="`issued_at` hoặc `appointment_at` của Giấy tiếp nhận sớm hơn `received_at` của hồ sơ.",
    summary_en="The slip's `issued_at` or `appointment_at` is before the dossier's `received_at`.",
    message_vi="Giấy tiếp nhận hồ sơ ghi “{field}” ({value}) trước thời điểm tiếp nhận hồ sơ ({received_at}).",
    message_en="The appointment slip's “{field}” ({value}) is before the dossier was received ({received_at}).",
    legal_basis=_SLIP_BASIS,
    doc_vi="""
    Nội dung kiểm tra: mỗi trường là một vi phạm — `issued_at` và `appointment_at` của Giấy tiếp nhận không
    được sớm hơn `received_at` của hồ sơ (so sánh ở độ chính xác thấp hơn trong hai giá trị: ngày, phút hoặc
    giây).

    Vì sao cần kiểm tra: không thể lập giấy tiếp nhận, hay hẹn trả kết quả, trước khi có hồ sơ; những ngày
    như vậy là do lùi ngày hoặc chép giấy tiếp nhận của hồ sơ khác.

    Ví dụ: `issued_at` là `2026-10-19T16:00:00+07:00` đối với hồ sơ tiếp nhận lúc `2026-10-20T09:10:00+07:00`
    bị báo DC205 tại `/appointment_slip/issued_at`.
    """,
    part="appointment_slip",
)
def appointment_slip_chronology(ctx: Context) -> Sequence[Finding]:
    """What it checks: one finding per field — the slip's `issued_at` and `appointment_at` are not before the
    dossier's `received_at` (compared at the coarser precision of the two: date, minute or second).

    Why it matters: a slip cannot be issued, nor a result promised, before the dossier exists; such dates
    come from back-dating or from copying another dossier's slip.

    Example: `issued_at` `2026-10-19T16:00:00+07:00` for a dossier received `2026-10-20T09:10:00+07:00`
    gives DC205 at `/appointment_slip/issued_at`.
    """
    slip = ctx.appointment_slip
    received = received_time(ctx)
    if slip is None or received is None:
        return ()
    found: list[Finding] = []
    for key in _SLIP_TIMES:
        # time_at(ctx, slip, key, _SLIP), inline: two fields of every slip
        value = slip.get(key)
        if type(value) is not str or (ctx.problems and ctx.is_broken(f"{_SLIP}/{key}")):
            continue
        w = parse_when_str(value)
        # w.before(received), its usual case (one precision: the times compare) read by position, without a call
        if w is not None and (w[0] < received[0] if w[1] is received[1] else w.before(received)):
            found.append(
                finding(f"{_SLIP}/{key}", field=key, value=w.isoformat(), received_at=received.isoformat())
            )
    return found


@rule(
    "DC206",
    "appointment-slip-not-delivered",
    severity="warning",
    title_vi="Chưa gửi Giấy tiếp nhận cho người nộp trực tuyến",
    title_en="Online appointment slip not delivered",
    summary_vi="Giấy tiếp nhận của hồ sơ nộp trực tuyến không ghi `delivered_via` (thư điện tử, tin nhắn "
    "hoặc tài khoản trên Cổng Dịch vụ công).",
    summary_en="An online dossier's slip records no `delivered_via` (email, SMS or portal).",
    message_vi="Hồ sơ nộp trực tuyến nhưng không ghi nhận đã gửi Giấy tiếp nhận hồ sơ và hẹn trả kết quả cho người nộp "
    "(thư điện tử, tin nhắn hoặc tài khoản trên Cổng).",
    message_en="Online dossier: no record that the appointment slip was sent to the applicant (email, SMS or portal).",
    legal_basis=("NĐ 118/2025 Điều 17.2", "NĐ 45/2020 Điều 11"),
    needs=("/channel",),
    doc_vi="""
    Nội dung kiểm tra: với hồ sơ nộp trực tuyến (`online`) đã có Giấy tiếp nhận, trường `delivered_via` có
    ghi cách gửi giấy cho người nộp không (`email`, `sms` hoặc `portal`); không có, `null` hay để trống đều là
    chưa ghi.

    Vì sao cần kiểm tra: người nộp trực tuyến không đến Bộ phận Một cửa; họ chỉ nhận được Giấy tiếp nhận hồ
    sơ và hẹn trả kết quả nếu giấy được gửi bằng phương thức điện tử (NĐ 118/2025 Điều 17.2;
    NĐ 45/2020 Điều 11). Chỉ ở mức cảnh báo vì việc gửi có thể được ghi nhận ở nơi khác.

    Ví dụ: hồ sơ nộp trực tuyến có Giấy tiếp nhận với `"delivered_via": null` bị báo DC206 tại
    `/appointment_slip/delivered_via`.
    """,
    part="appointment_slip",
)
def appointment_slip_not_delivered(ctx: Context) -> Sequence[Finding]:
    """What it checks: for an `online` dossier that has a slip, that `delivered_via` says how it was sent
    (`email`, `sms` or `portal`); absent, `null` and blank all say nothing.

    Why it matters: an online applicant never stands at the desk; the slip reaches them only if it is sent
    electronically (NĐ 118/2025 Điều 17.2; NĐ 45/2020 Điều 11). A warning: the sending may be logged
    elsewhere.

    Example: an online dossier whose slip has `"delivered_via": null` gives DC206 at
    `/appointment_slip/delivered_via`.
    """
    slip = ctx.appointment_slip
    if (
        slip is not None
        and ctx.channel == "online"
        and slip.get("delivered_via") is None
        and not (ctx.problems and ctx.is_broken(f"{_SLIP}/delivered_via"))
    ):
        return [finding(f"{_SLIP}/delivered_via", field="delivered_via")]
    return ()
