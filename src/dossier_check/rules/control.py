"""DC3xx — Phiếu kiểm soát quá trình giải quyết hồ sơ (the control slip: Mẫu 06, TT 03/2025)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from itertools import chain, pairwise
from operator import itemgetter
from typing import Any

from .._text import is_missing, normalize_name
from ..timeutil import Precision, When, parse_when_str
from ._common import (
    filled,
    missing_fields,
    reader_of,
    same_text,
    texts_filled,
    time_at,
    time_mismatch,
    values_of,
)
from ._context import Context
from ._keys import (
    APPOINTMENT_AT,
    FROM_UNIT,
    HANDED_AT,
    HANDOVERS,
    RECEIVED_AT,
    RECEIVING_UNIT,
    RETURNED_AT,
    STATUS,
    TO_UNIT,
)
from ._registry import Finding, finding, rule
from .appointment import received_time

_CS = "/control_slip"
_HEADER = ("number", "dossier_code", "lead_agency", "received_at", "appointment_at", "handovers")
_ROW = ("from_unit", "to_unit", "handed_at", "giver", "receiver", "status")
_BASIS = ("NĐ 61/2018 Điều 39.1", "TT 03/2025/TT-VPCP Mẫu 06")


_Row = tuple[int, dict[str, Any], When | None]


def _handovers(ctx: Context) -> list[_Row]:
    slip = ctx.control_slip
    rows = slip.get(HANDOVERS) if slip else None
    if not isinstance(rows, list):
        return []
    if not ctx.problems:  # nothing is broken: each time is read as written (time_at without its pointer)
        return [
            (i, r, parse_when_str(t) if type(t := r.get(HANDED_AT)) is str else None)  # parse_when, inlined
            for i, r in enumerate(rows)
            if isinstance(r, dict)
        ]
    return [
        (i, r, time_at(ctx, r, "handed_at", f"{_CS}/handovers/{i}"))
        for i, r in enumerate(rows)
        if isinstance(r, dict)
    ]


def _rows(ctx: Context) -> list[_Row]:
    """The hand-over rows that are objects, with their indexes and their `handed_at` read once (None when
    absent, blank or broken): five rules read them; computed once per dossier, kept in the context's slot.
    The rules read them as ``ctx.handover_rows or _rows(ctx)``: the slot itself once read, with no call (an
    empty list, like a slot not read yet, is falsy: _rows then gives it again)."""
    rows: list[_Row] | None = ctx.handover_rows
    if rows is None:
        rows = ctx.handover_rows = _handovers(ctx)
    return rows


def _unit(ctx: Context, row: dict[str, Any], i: int, key: str) -> str | None:
    value = row.get(key)
    if is_missing(value) or (ctx.problems and ctx.is_broken(f"{_CS}/handovers/{i}/{key}")):
        return None
    return normalize_name(value)


@lru_cache(maxsize=1 << 12)
def _to_minute(deadline: datetime) -> When:
    """A transfer deadline as an office time (to the minute); a few hundred distinct values per export."""
    return When.of(deadline, Precision.MINUTE)


@rule(
    "DC301",
    "missing-control-slip",
    severity="error",
    title_vi="Không có Phiếu kiểm soát quá trình giải quyết hồ sơ",
    title_en="No control slip",
    summary_vi="Hồ sơ đã tiếp nhận, thuộc thủ tục đã biết và không trả kết quả ngay, nhưng không có Phiếu "
    "kiểm soát quá trình giải quyết hồ sơ.",
    summary_en="An `accepted` dossier of a known, not immediate-result procedure has no control slip.",
    message_vi="Hồ sơ đã tiếp nhận nhưng không lập Phiếu kiểm soát quá trình giải quyết hồ sơ.",
    message_en="The dossier was accepted but has no control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ).",
    legal_basis=_BASIS,
    requires_procedure=True,
    outcomes=("accepted",),
    doc_vi="""
    Nội dung kiểm tra: hồ sơ đã tiếp nhận (`accepted`) thuộc thủ tục đã biết và không trả kết quả ngay có
    `control_slip`. Chỉ `control_slip` không có hoặc là `null` mới là thiếu; phiếu sai kiểu dữ liệu là DC001.

    Vì sao cần kiểm tra: Phiếu kiểm soát quá trình giải quyết hồ sơ là dấu vết ai đã giữ hồ sơ và vào lúc
    nào; mọi cán bộ xử lý hồ sơ đều phải cập nhật phiếu (NĐ 61/2018 Điều 39.1). Không có phiếu thì không ai
    biết hồ sơ quá hạn bị chậm ở khâu nào.

    Ví dụ: hồ sơ đã tiếp nhận không có khóa `control_slip` bị báo DC301 tại `/control_slip`.
    """,
)
def missing_control_slip(ctx: Context) -> Sequence[Finding]:
    """What it checks: an `accepted` dossier of a known procedure that does not return its result
    immediately has a `control_slip`. Only an absent or `null` control slip is missing; one of the wrong type
    is DC001.

    Why it matters: the control slip is the audit trail of who held the dossier and when; every officer
    who handles the dossier updates it (NĐ 61/2018 Điều 39.1). Without it nobody can say where a late
    dossier was delayed.

    Example: an accepted dossier with no `control_slip` key gives DC301 at `/control_slip`.
    """
    assert ctx.version is not None
    if ctx.dossier.get("control_slip") is None and not ctx.version.procedure.immediate_result:
        return [finding(_CS)]
    return ()


@rule(
    "DC302",
    "control-slip-incomplete",
    severity="error",
    title_vi="Phiếu kiểm soát quá trình giải quyết hồ sơ thiếu thông tin",
    title_en="Control slip incomplete",
    summary_vi="Phiếu kiểm soát thiếu một mục ở phần đầu phiếu, hoặc một dòng giao nhận thiếu một cột.",
    summary_en="The control slip lacks a header field or a hand-over row lacks a column.",
    message_vi="Phiếu kiểm soát quá trình giải quyết hồ sơ thiếu mục “{field}”.",
    message_en="The control slip lacks “{field}”.",
    legal_basis=(*_BASIS, "TT 01/2018/TT-VPCP Điều 10.1.c"),
    doc_vi="""
    Nội dung kiểm tra: phần đầu phiếu có `number`, `dossier_code`, `lead_agency`, `received_at`,
    `appointment_at` và ít nhất một dòng trong `handovers`; mỗi dòng giao nhận có `from_unit`, `to_unit`,
    `handed_at`, `giver`, `receiver` và `status` (trước hạn / đúng hạn / quá hạn). `cooperating_agency` và
    `note` không bắt buộc. Mỗi trường thiếu là một vi phạm; chuỗi để trống là thiếu, kể cả ở `status`.

    Vì sao cần kiểm tra: dòng giao nhận thiếu thời gian, thiếu người giao, người nhận hoặc thiếu kết quả giải
    quyết thì không thể chỉ ra ai làm chậm.

    Ví dụ: một dòng thiếu `receiver` bị báo DC302 tại `/control_slip/handovers/1/receiver`.
    """,
    part="control_slip",
)
def control_slip_incomplete(ctx: Context) -> Sequence[Finding]:
    """What it checks: the header has `number`, `dossier_code`, `lead_agency`, `received_at`,
    `appointment_at` and at least one row in `handovers`; every row has `from_unit`, `to_unit`, `handed_at`,
    `giver`, `receiver` and `status` (trước hạn / đúng hạn / quá hạn). `cooperating_agency` and `note` are
    optional. One finding per missing field; a blank string is missing, `status` included.

    Why it matters: a hand-over row without its time, its people or its status cannot show who was late.

    Example: a row without `receiver` gives DC302 at `/control_slip/handovers/1/receiver`.
    """
    slip = ctx.control_slip
    if slip is None:
        return ()
    rows = ctx.handover_rows or _rows(ctx)  # see _rows
    # The usual slip has every header field and every column of every row filled: one test over all of
    # them, before any field is looked at alone.
    if _all_filled(slip, rows):
        return ()
    header = missing_fields(ctx, slip, _CS, _HEADER)
    if _every_column_filled(slip.get(HANDOVERS), rows):
        return header
    columns: list[Any] = []
    for _, row, _ in rows:
        columns += values_of(row, _ROW)
    if filled(columns):
        return header
    found = [*header]
    for i, row, _ in rows:
        found += missing_fields(ctx, row, f"{_CS}/handovers/{i}", _ROW)
    return found


# The readers of the header's texts (all its fields but `handovers`) and of a row's columns, made once.
_read_header_texts = reader_of(_HEADER[:-1])
_read_row = reader_of(_ROW)


def _all_filled(slip: dict[str, Any], rows: list[_Row]) -> bool:
    """True when the header's texts are all filled, the slip has rows and every column of every row is
    filled (:func:`_every_column_filled`): each tested in C, with no finding's field looked at alone (about
    4,000 instructions a slip less than the header's field-by-field test). False is no verdict: DC302 then
    tests the header and the rows each on its own."""
    try:
        header = _read_header_texts(slip)
    except KeyError:  # an absent header field
        return False
    return bool(rows) and texts_filled(header) and _every_column_filled(slip.get(HANDOVERS), rows)


def _every_column_filled(handovers: Any, rows: list[_Row]) -> bool:
    """True when every row is an object with every column present and filled, read and tested in C in one
    pass, with no list of the columns built (the usual slip: texts only); False is no verdict (a row that is
    not an object, an absent column, a value that is not a text: DC302 then reads the rows one by one)."""
    if type(handovers) is not list or len(handovers) != len(rows):  # not every row an object
        return False
    if not handovers:
        return True
    try:
        return texts_filled(chain.from_iterable(map(_read_row, handovers)))
    except KeyError:  # an absent column, met while the columns are read
        return False


_time_of = itemgetter(2)  # a row's parsed `handed_at`


def _in_order(times: list[Any], received: When | None) -> bool:
    """True when every row has a time, all of one precision with the receipt (when it is known), each time no
    earlier than the one above it and the first no earlier than the receipt: then no row is out of order.
    (At one precision, ``before`` compares the local times, and so does this loop, by position.) False is no
    verdict: DC303 then compares row by row. ``times``: each row's `handed_at`, None when it has none.

    One loop with no call: it replaced a test in C (``set`` of the precisions, ``all`` of ``le`` over pairs)
    that cost about 5,500 instructions a slip more, an IntEnum's hash being a Python-level call."""
    precision = received[1] if received is not None else None
    floor = received[0] if received is not None else None  # no time may be earlier than this
    for w in times:
        if w is None:
            return False
        if precision is None:  # no receipt: the first time's precision is the one
            precision = w[1]
        elif w[1] is not precision:
            return False
        if floor is not None and w[0] < floor:
            return False
        floor = w[0]
    return True


@rule(
    "DC303",
    "control-slip-chronology",
    severity="error",
    title_vi="Thời gian giao nhận không theo trình tự",
    title_en="Hand-over times out of order",
    summary_vi="Một lần giao nhận sớm hơn một dòng phía trên hoặc sớm hơn thời điểm tiếp nhận hồ sơ.",
    summary_en="A hand-over is earlier than a row above it or earlier than the dossier's receipt.",
    message_vi="Thời gian giao nhận ở dòng {row} ({handed_at}) sớm hơn {earlier_than} ({limit}).",
    message_en="The hand-over time on row {row} ({handed_at}) is earlier than {earlier_than} ({limit}).",
    legal_basis=_BASIS,
    doc_vi="""
    Nội dung kiểm tra: `handed_at` của mỗi dòng giao nhận không sớm hơn bất kỳ dòng nào phía trên, cũng không
    sớm hơn `received_at` của hồ sơ (so sánh ở độ chính xác thấp hơn trong hai giá trị: ngày, phút hoặc giây).
    Dòng không có thời gian thuộc DC302 và không xét ở đây. `params.row` đếm từ 1, như trên phiếu in.

    Vì sao cần kiểm tra: các dòng là dấu vết theo trình tự thời gian; dòng sai trình tự là dòng được ghi thêm
    về sau.

    Ví dụ: dòng 2 giao nhận lúc 09:00 trong khi dòng 1 lúc 14:00 cùng ngày bị báo DC303 tại
    `/control_slip/handovers/1/handed_at`.
    """,
    part="control_slip",
)
def control_slip_chronology(ctx: Context) -> Sequence[Finding]:
    """What it checks: each hand-over `handed_at` is not earlier than any row above it, nor earlier than the
    dossier's `received_at` (compared at the coarser precision of the two: date, minute or second). Rows
    without a time are DC302 and are ignored here. `params.row` counts from 1, as the printed slip does.

    Why it matters: the rows are a chronological trail; a row out of order was written after the fact.

    Example: row 2 handed over at 09:00 when row 1 was at 14:00 the same day gives DC303 at
    `/control_slip/handovers/1/handed_at`.
    """
    received = received_time(ctx)
    rows = ctx.handover_rows or _rows(ctx)  # see _rows
    if _in_order(list(map(_time_of, rows)), received):
        return ()
    found: list[Finding] = []
    latest: When | None = None
    for i, _, w in rows:
        if w is None:
            continue
        # Earlier than a row above it, or else than the receipt: one finding, naming which.
        earlier: tuple[str, When] | None = None
        if latest is not None and w.before(latest):
            earlier = ("previous_row", latest)
        elif received is not None and w.before(received):
            earlier = ("received_at", received)
        if earlier is not None:
            found.append(
                finding(
                    f"{_CS}/handovers/{i}/handed_at",
                    row=i + 1,
                    handed_at=w.isoformat(),
                    earlier_than=earlier[0],
                    limit=earlier[1].isoformat(),
                )
            )
        if latest is None or w.after(latest):
            latest = w
    return found


@rule(
    "DC304",
    "control-slip-broken-chain",
    severity="error",
    title_vi="Chuỗi giao nhận hồ sơ bị đứt",
    title_en="Broken hand-over chain",
    summary_vi="Chuỗi giao nhận bị đứt: đơn vị giao đầu tiên không đúng, hai dòng liền nhau không nối "
    "tiếp, hoặc kết quả không về lại Bộ phận Một cửa.",
    summary_en="The hand-over chain is broken: wrong first giver, a gap between rows, or no return to the "
    "desk.",
    message_vi="Chuỗi giao nhận hồ sơ bị đứt: {break_kind} ({found} thay vì {expected}).",
    message_en="The hand-over chain is broken: {break_kind} ({found} instead of {expected}).",
    legal_basis=_BASIS,
    needs=("/receiving_unit",),
    doc_vi="""
    Nội dung kiểm tra, mỗi chỗ đứt là một vi phạm (tên đơn vị được so sánh sau khi chuẩn hóa): `from_unit`
    của dòng đầu tiên là `receiving_unit` của hồ sơ (Bộ phận Một cửa giao hồ sơ đầu tiên); `to_unit` của mỗi
    dòng là `from_unit` của dòng kế tiếp; và khi hồ sơ có `returned_at`, `to_unit` của dòng cuối là đơn vị
    tiếp nhận (kết quả đã được chuyển về Bộ phận Một cửa trước khi trả cho người nộp).

    Vì sao cần kiểm tra: chỗ đứt trong chuỗi là khoảng thời gian không ai ký nhận hồ sơ — nơi hồ sơ hay bị
    thất lạc hoặc bị xử lý ngoài Bộ phận Một cửa.

    Ví dụ: dòng 1 giao cho “Công an phường An Lộc” nhưng dòng 2 ghi đơn vị giao là “Phòng Tư pháp”: bị báo
    DC304 tại `/control_slip/handovers/1/from_unit`.
    """,
    part="control_slip",
)
def control_slip_broken_chain(ctx: Context) -> Sequence[Finding]:
    """What it checks, one finding per break (unit names compared after normalisation):
    the first row's `from_unit` is the dossier's `receiving_unit` (the one-stop desk hands over first);
    each row's `to_unit` is the next row's `from_unit`; and when the dossier has a `returned_at`, the last
    row's `to_unit` is the receiving unit (the result came back to the desk before it was returned).

    Why it matters: a gap in the chain is a period when nobody signed for the dossier — the classic place
    where dossiers are lost or handled outside the one-stop desk.

    Example: row 1 to "Công an phường An Lộc", row 2 from "Phòng Tư pháp" gives DC304 at
    `/control_slip/handovers/1/from_unit`.
    """
    rows = ctx.handover_rows or _rows(ctx)  # see _rows
    if not rows:
        return ()
    # The same text names the same unit: the usual chain is written so, and nothing is normalised.
    receiving = ctx.dossier[RECEIVING_UNIT]
    if _chain_intact(rows, receiving):
        return ()
    found: list[Finding] = []
    i0, first, _ = rows[0]
    if not same_text(first.get(FROM_UNIT), receiving):
        start = _unit(ctx, first, i0, "from_unit")
        if i0 == 0 and start is not None and start != normalize_name(receiving):
            found.append(
                finding(
                    f"{_CS}/handovers/0/from_unit",
                    break_kind="first_giver",
                    found=first["from_unit"],
                    expected=receiving,
                )
            )
    for (i, row, _), (j, nxt, _) in pairwise(rows):
        if same_text(row.get(TO_UNIT), nxt.get(FROM_UNIT)):
            continue
        to, frm = _unit(ctx, row, i, "to_unit"), _unit(ctx, nxt, j, "from_unit")
        if j == i + 1 and to is not None and frm is not None and to != frm:
            found.append(
                finding(
                    f"{_CS}/handovers/{j}/from_unit",
                    break_kind="gap",
                    found=nxt["from_unit"],
                    expected=row["to_unit"],
                )
            )
    k, last, _ = rows[-1]
    if (
        not same_text(last.get(TO_UNIT), receiving)
        and not is_missing(ctx.dossier.get(RETURNED_AT))
        and not (ctx.problems and ctx.is_broken("/returned_at"))
    ):
        end = _unit(ctx, last, k, "to_unit")
        if end is not None and end != normalize_name(receiving):
            found.append(
                finding(
                    f"{_CS}/handovers/{k}/to_unit",
                    break_kind="no_return",
                    found=last["to_unit"],
                    expected=receiving,
                )
            )
    return found


def _chain_intact(rows: list[_Row], receiving: object) -> bool:
    """True when every link of the chain is written with the same text on both sides: the first giver as the
    receiving unit, each receiver as the next row's giver, the last receiver as the receiving unit. Then
    DC304 finds no break, with one loop and no call a link. False is no verdict: DC304 then looks at each
    link (a unit written otherwise, not a text, or a chain that does not end at the desk)."""
    unit = rows[0][1].get(FROM_UNIT)  # what the next giver must be written as: first, the receiving unit
    if type(unit) is not str or unit != receiving:
        return False
    for _, row, _ in rows:
        if row.get(FROM_UNIT) != unit:
            return False
        unit = row.get(TO_UNIT)
        if type(unit) is not str:
            return False
    return unit == receiving


@rule(
    "DC305",
    "control-slip-status-inconsistent",
    severity="warning",
    title_vi="Giao nhận sau hạn nhưng không ghi “quá hạn”",
    title_en="Late hand-over not marked late",
    summary_vi="Một lần giao nhận sau thời gian hẹn trả muộn nhất nhưng không ghi `late` (quá hạn).",
    summary_en="A hand-over after the latest appointment is not marked `late` (quá hạn).",
    message_vi="Dòng {row} giao nhận lúc {handed_at}, sau hạn trả kết quả {appointment}, nhưng ghi “{status}” thay vì "
    "“quá hạn”.",
    message_en="Row {row} was handed over at {handed_at}, after the appointment {appointment}, but is marked "
    "“{status}” instead of “late”.",
    legal_basis=_BASIS,
    doc_vi="""
    Nội dung kiểm tra: mọi dòng giao nhận có `handed_at` sau thời gian hẹn trả muộn nhất (thời gian hẹn trả,
    hoặc `new_appointment_at` muộn nhất trong các văn bản xin lỗi) đều có `status` là `late` (quá hạn). Dòng
    ghi `late` sớm hơn thời điểm đó có thể là quá hạn của riêng bước đó và không thuộc quy tắc này; dòng
    không ghi kết quả thuộc DC302.

    Vì sao cần kiểm tra: cột kết quả giải quyết là cách Bộ phận Một cửa theo dõi hồ sơ quá hạn; ghi “đúng
    hạn” cho một lần giao nhận đã quá hạn là che giấu sự chậm trễ khỏi số liệu mà tỉnh báo cáo.

    Ví dụ: hồ sơ hẹn trả ngày 29/10/2026 mà dòng cuối, ngày 30/10/2026, ghi `on_time` bị báo DC305 tại
    `/control_slip/handovers/1/status`.
    """,
    part="control_slip",
)
def control_slip_status_inconsistent(ctx: Context) -> Sequence[Finding]:
    """What it checks: every hand-over row whose `handed_at` is after the latest appointment (the
    appointment, or the latest `new_appointment_at` of an apology) has `status` `late`. A row marked `late`
    earlier may be late for its own step and is not this rule; a row without status is DC302.

    Why it matters: the status column is how the desk sees lateness; marking a late hand-over "đúng hạn"
    hides the delay from the statistics the province reports.

    Example: a dossier due 2026-10-29 whose last row, on 2026-10-30, says `on_time` gives DC305 at
    `/control_slip/handovers/1/status`.
    """
    latest = ctx.latest_appointment()
    if latest is None:
        return ()
    rows = ctx.handover_rows or _rows(ctx)  # see _rows
    if _none_after(rows, latest):
        return ()
    found: list[Finding] = []
    for i, row, w in rows:
        status = row.get(STATUS)
        if (
            w is None
            or status is None
            or status == "late"
            or (ctx.problems and ctx.is_broken(f"{_CS}/handovers/{i}/status"))
        ):
            continue
        if w.after(latest):
            found.append(
                finding(
                    f"{_CS}/handovers/{i}/status",
                    row=i + 1,
                    handed_at=w.isoformat(),
                    appointment=latest.isoformat(),
                    status=status,
                )
            )
    return found


def _none_after(rows: list[_Row], latest: When) -> bool:
    """True when no row's time is after ``latest``, every time being of its precision (``after`` then
    compares the local times, and so does this loop, by position, with no call a row); a row without a time
    is never after. False is no verdict: DC305 then looks at each row's time and status."""
    local, precision = latest
    for _, _, w in rows:
        if w is None:
            continue
        if w[1] is not precision or local < w[0]:
            return False
    return True


@rule(
    "DC306",
    "control-slip-mismatch",
    severity="error",
    title_vi="Phiếu kiểm soát ghi khác với hồ sơ",
    title_en="Control slip differs from the dossier",
    summary_vi="`received_at` hoặc `appointment_at` trên Phiếu kiểm soát khác với hồ sơ hoặc Giấy tiếp nhận.",
    summary_en="The control slip's `received_at` or `appointment_at` differs from the dossier / the slip.",
    message_vi="Phiếu kiểm soát ghi “{field}” là {found}, khác với {source} ({expected}).",
    message_en="The control slip's “{field}” is {found}, unlike the {source} ({expected}).",
    legal_basis=_BASIS,
    doc_vi="""
    Nội dung kiểm tra: mỗi trường khác nhau là một vi phạm — `received_at` của Phiếu kiểm soát so với của hồ
    sơ, và `appointment_at` của phiếu so với của Giấy tiếp nhận hồ sơ và hẹn trả kết quả (so sánh ở độ chính
    xác thấp hơn trong hai giá trị: ngày, phút hoặc giây; giá trị không có thì không so sánh).

    Vì sao cần kiểm tra: Phiếu kiểm soát theo mẫu năm 2025 ghi lại thời gian nhận và thời gian hẹn trả của
    Mẫu 01 để mọi cán bộ trong chuỗi xử lý làm việc theo đúng ngày đã hẹn với người nộp; ghi ngày khác nghĩa
    là bộ phận xử lý đang theo một thời hạn khác.

    Ví dụ: `appointment_at` trên Phiếu kiểm soát là 30/10/2026 trong khi Giấy tiếp nhận ghi 29/10/2026 bị báo
    DC306 tại `/control_slip/appointment_at`.
    """,
    part="control_slip",
)
def control_slip_mismatch(ctx: Context) -> Sequence[Finding]:
    """What it checks: one finding per field — the control slip's `received_at` against the dossier's, and its
    `appointment_at` against the appointment slip's (at the coarser precision of the two: date, minute or
    second; absent values are not compared).

    Why it matters: the 2025 control slip repeats the receipt and return times of Mẫu 01 so that each
    officer down the chain works to the date promised to the applicant; a different date there means the
    back office works to another deadline.

    Example: control slip `appointment_at` 2026-10-30 against the slip's 2026-10-29 gives DC306 at
    `/control_slip/appointment_at`.
    """
    slip = ctx.control_slip
    if slip is None or _times_copied(ctx, slip):
        return ()
    return [
        *time_mismatch(ctx, slip, _CS, "received_at", "dossier"),
        *time_mismatch(ctx, slip, _CS, "appointment_at", "appointment_slip"),
    ]


def _times_copied(ctx: Context, slip: dict[str, Any]) -> bool:
    """True when the slip's `received_at` is the dossier's text and its `appointment_at` the appointment
    slip's (or there is no appointment slip to compare with): then DC306 finds no difference, with no call of
    time_mismatch for each field (the same text is the same time). False is no verdict: time_mismatch then
    compares each field."""
    received = slip.get(RECEIVED_AT)
    if type(received) is not str or received != ctx.dossier.get(RECEIVED_AT):
        return False
    other = ctx.appointment_slip
    if other is None:  # time_mismatch compares a field with nothing when the other form is absent
        return True
    appointment = slip.get(APPOINTMENT_AT)
    return type(appointment) is str and appointment == other.get(APPOINTMENT_AT)


@rule(
    "DC307",
    "late-transfer",
    severity="warning",
    title_vi="Chuyển hồ sơ cho cơ quan giải quyết muộn",
    title_en="Late transfer to the deciding agency",
    summary_vi="Hồ sơ nộp trực tiếp hoặc qua bưu chính: lần giao đầu tiên muộn hơn hạn chuyển hồ sơ (tiếp "
    "nhận đến 15 giờ thì chuyển trong ngày; sau 15 giờ thì chuyển vào buổi sáng ngày làm việc tiếp theo).",
    summary_en="Direct/postal dossier: the first hand-over is after the transfer deadline (received by "
    "15:00: that day; later: the next working morning).",
    message_vi="Hồ sơ chuyển cho cơ quan giải quyết lúc {handed_at}, sau hạn chuyển {deadline} (tiếp nhận đến 15 giờ "
    "thì chuyển trong ngày; sau 15 giờ thì chuyển đầu giờ ngày làm việc tiếp theo).",
    message_en="The dossier was passed to the deciding agency at {handed_at}, after the transfer deadline {deadline} "
    "(received by 15:00: same day; later: the start of the next working day).",
    legal_basis=("NĐ 118/2025 Điều 18", "NĐ 61/2018 Điều 18.2"),
    legal_notes_vi="Mốc 15 giờ được trích theo NĐ 61/2018 Điều 18.2; NĐ 61/2018 đã được thay thế bởi NĐ "
    "118/2025 từ 01/07/2025. NĐ 118/2025 Điều 18 quy định việc chuyển hồ sơ, nhưng chưa đối chiếu được câu "
    "chữ về mốc 15 giờ trong văn bản này.",
    legal_notes_en="The 15:00 cut-off is quoted from NĐ 61/2018 Điều 18.2; NĐ 61/2018 was replaced by NĐ "
    "118/2025 from 01/07/2025. NĐ 118/2025 Điều 18 governs the transfer, but its wording on the 15:00 "
    "cut-off has not yet been checked.",
    needs=("/received_at", "/channel"),
    doc_vi="""
    Nội dung kiểm tra: với hồ sơ nộp trực tiếp (`direct`) và qua dịch vụ bưu chính (`postal`), `handed_at`
    của dòng giao nhận đầu tiên không muộn hơn hạn chuyển hồ sơ, tính từ thời điểm tiếp nhận tính hạn: tiếp
    nhận đến 15 giờ (kể cả đúng 15 giờ) → trước khi hết giờ làm việc trong ngày (17:00); sau 15 giờ → trước
    khi hết buổi sáng ngày làm việc tiếp theo (11:30), là mức dung sai cho quy định “chuyển vào đầu giờ ngày
    làm việc tiếp theo” (so sánh đến phút: hạn chuyển là một mốc giờ làm việc). Hồ sơ trực tuyến được chuyển
    ngay qua hệ thống điện tử.

    Vì sao cần kiểm tra: hồ sơ giấy nằm lại ở Bộ phận Một cửa qua đêm làm giảm thời gian của cơ quan giải
    quyết; mốc 15 giờ là hạn của chính Bộ phận Một cửa.

    Ví dụ: hồ sơ tiếp nhận lúc 10:00 thứ Hai 19/10/2026, lần giao đầu tiên lúc 08:00 thứ Ba 20/10/2026 bị báo
    DC307 tại `/control_slip/handovers/0/handed_at`.
    """,
)
def late_transfer(ctx: Context) -> Sequence[Finding]:
    """What it checks: for `direct` and `postal` dossiers, the first hand-over row's `handed_at` is not after
    the transfer deadline, counted from the effective receipt time: at or before 15:00 → by the close of
    that day (17:00); after 15:00 → by the end of the next working day's morning session (11:30), the
    tolerance for "at the start of the next working day" (compared to the minute: the deadline is an office
    time). Online dossiers move electronically at once.

    Why it matters: a paper dossier left at the desk overnight eats into the time the deciding agency has;
    the 15:00 rule is the desk's own deadline.

    Example: received Mon 2026-10-19 at 10:00, first hand-over Tue 2026-10-20 at 08:00 gives DC307 at
    `/control_slip/handovers/0/handed_at`.
    """
    if ctx.channel not in ("direct", "postal"):
        return ()
    rows = ctx.handover_rows or _rows(ctx)  # see _rows
    if not rows or rows[0][0] != 0:
        return ()
    w = rows[0][2]
    if w is None:
        return ()
    deadline = ctx.transfer_deadline()
    if deadline is None:
        return ()
    if w.after(_to_minute(deadline)):  # the transfer deadline is an office-hours time
        return [
            finding(
                f"{_CS}/handovers/0/handed_at",
                handed_at=w.isoformat(),
                deadline=deadline.isoformat(timespec="minutes"),
            )
        ]
    return ()
