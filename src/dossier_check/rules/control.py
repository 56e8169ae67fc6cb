"""DC3xx — Phiếu kiểm soát quá trình giải quyết hồ sơ (the control slip: Mẫu 06, TT 03/2025)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from .._text import is_missing, normalize_name
from ..timeutil import Precision, When
from ._common import missing_fields, time_at, time_mismatch
from ._context import Context
from ._registry import Finding, finding, rule

_CS = "/control_slip"
_HEADER = ("number", "dossier_code", "lead_agency", "received_at", "appointment_at", "handovers")
_ROW = ("from_unit", "to_unit", "handed_at", "giver", "receiver", "status")
_BASIS = ("NĐ 61/2018 Điều 39.1", "NĐ 118/2025 Điều 18", "TT 03/2025/TT-VPCP Mẫu 06")


def _rows(ctx: Context) -> list[tuple[int, dict[str, Any]]]:
    """The hand-over rows that are objects, with their indexes; computed once per dossier."""

    def compute() -> list[tuple[int, dict[str, Any]]]:
        slip = ctx.part("control_slip")
        rows = slip.get("handovers") if slip else None
        if not isinstance(rows, list):
            return []
        return [(i, r) for i, r in enumerate(rows) if isinstance(r, dict)]

    return ctx.memo("handovers", compute)


def _unit(ctx: Context, row: dict[str, Any], i: int, key: str) -> str | None:
    value = row.get(key)
    if is_missing(value) or ctx.is_broken(f"{_CS}/handovers/{i}/{key}"):
        return None
    return normalize_name(value)


@rule(
    "DC301",
    "missing-control-slip",
    severity="error",
    summary="An `accepted` dossier of a known, not immediate-result procedure has no control slip.",
    vi="Hồ sơ đã tiếp nhận nhưng không lập Phiếu kiểm soát quá trình giải quyết hồ sơ.",
    en="The dossier was accepted but has no control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ).",
    legal_basis=_BASIS,
    requires_procedure=True,
    outcomes=("accepted",),
)
def missing_control_slip(ctx: Context) -> Iterator[Finding]:
    """What it checks: an `accepted` dossier of a known procedure that does not return its result
    immediately has a `control_slip`.

    Why it matters: the control slip is the audit trail of who held the dossier and when; every officer
    who handles the dossier updates it (NĐ 61/2018 Điều 39.1). Without it nobody can say where a late
    dossier was delayed.

    Example: an accepted dossier with no `control_slip` key gives DC301 at `/control_slip`.
    """
    assert ctx.version is not None
    if ctx.dossier.get("control_slip") is None and not ctx.version.procedure.immediate_result:
        yield finding(_CS)


@rule(
    "DC302",
    "control-slip-incomplete",
    severity="error",
    summary="The control slip lacks a header field or a hand-over row lacks a column (SPEC §5.2).",
    vi="Phiếu kiểm soát quá trình giải quyết hồ sơ thiếu mục “{field}”.",
    en="The control slip lacks “{field}”.",
    legal_basis=(*_BASIS, "TT 01/2018/TT-VPCP Điều 10.1.c"),
)
def control_slip_incomplete(ctx: Context) -> Iterator[Finding]:
    """What it checks: the header has `number`, `dossier_code`, `lead_agency`, `received_at`,
    `appointment_at` and at least one row in `handovers`; every row has `from_unit`, `to_unit`, `handed_at`,
    `giver`, `receiver` and `status` (trước hạn / đúng hạn / quá hạn). `cooperating_agency` and `note` are
    optional. One finding per missing field.

    Why it matters: a hand-over row without its time, its people or its status cannot show who was late.

    Example: a row without `receiver` gives DC302 at `/control_slip/handovers/1/receiver`.
    """
    slip = ctx.part("control_slip")
    if slip is None:
        return
    yield from missing_fields(ctx, slip, _CS, _HEADER)
    for i, row in _rows(ctx):
        yield from missing_fields(ctx, row, f"{_CS}/handovers/{i}", _ROW)


@rule(
    "DC303",
    "control-slip-chronology",
    severity="error",
    summary="A hand-over is earlier than a row above it or earlier than the dossier's receipt.",
    vi="Thời gian giao nhận ở dòng {row} ({handed_at}) sớm hơn {earlier_than} ({limit}).",
    en="The hand-over time on row {row} ({handed_at}) is earlier than {earlier_than} ({limit}).",
    legal_basis=_BASIS,
)
def control_slip_chronology(ctx: Context) -> Iterator[Finding]:
    """What it checks: each hand-over `handed_at` is not earlier than any row above it, nor earlier than the
    dossier's `received_at` (compared at the precision both carry). Rows without a time are DC302 and are
    ignored here. `params.row` counts from 1, as the printed slip does.

    Why it matters: the rows are a chronological trail; a row out of order was written after the fact.

    Example: row 2 handed over at 09:00 when row 1 was at 14:00 the same day gives DC303 at
    `/control_slip/handovers/1/handed_at`.
    """
    received = time_at(ctx, ctx.dossier, "received_at", "")
    latest: When | None = None
    for i, row in _rows(ctx):
        w = time_at(ctx, row, "handed_at", f"{_CS}/handovers/{i}")
        if w is None:
            continue
        if latest is not None and w.before(latest):
            yield finding(
                f"{_CS}/handovers/{i}/handed_at",
                row=i + 1,
                handed_at=w.isoformat(),
                earlier_than="previous_row",
                limit=latest.isoformat(),
            )
        elif received is not None and w.before(received):
            yield finding(
                f"{_CS}/handovers/{i}/handed_at",
                row=i + 1,
                handed_at=w.isoformat(),
                earlier_than="received_at",
                limit=received.isoformat(),
            )
        if latest is None or w.after(latest):
            latest = w


@rule(
    "DC304",
    "control-slip-broken-chain",
    severity="error",
    summary="The hand-over chain is broken: wrong first giver, a gap between rows, or no return to the desk.",
    vi="Chuỗi giao nhận hồ sơ bị đứt: {break_kind} ({found} thay vì {expected}).",
    en="The hand-over chain is broken: {break_kind} ({found} instead of {expected}).",
    legal_basis=_BASIS,
    needs=("/receiving_unit",),
)
def control_slip_broken_chain(ctx: Context) -> Iterator[Finding]:
    """What it checks, one finding per break (unit names compared after normalisation):
    the first row's `from_unit` is the dossier's `receiving_unit` (the one-stop desk hands over first);
    each row's `to_unit` is the next row's `from_unit`; and when the dossier has a `returned_at`, the last
    row's `to_unit` is the receiving unit (the result came back to the desk before it was returned).

    Why it matters: a gap in the chain is a period when nobody signed for the dossier — the classic place
    where dossiers are lost or handled outside the one-stop desk.

    Example: row 1 to "Công an phường An Lộc", row 2 from "Phòng Tư pháp" gives DC304 at
    `/control_slip/handovers/1/from_unit`.
    """
    rows = _rows(ctx)
    if not rows:
        return
    desk = normalize_name(ctx.dossier["receiving_unit"])
    i0, first = rows[0]
    start = _unit(ctx, first, i0, "from_unit")
    if i0 == 0 and start is not None and start != desk:
        yield finding(
            f"{_CS}/handovers/0/from_unit",
            break_kind="first_giver",
            found=first["from_unit"],
            expected=ctx.dossier["receiving_unit"],
        )
    for (i, row), (j, nxt) in pairwise(rows):
        to, frm = _unit(ctx, row, i, "to_unit"), _unit(ctx, nxt, j, "from_unit")
        if j == i + 1 and to is not None and frm is not None and to != frm:
            yield finding(
                f"{_CS}/handovers/{j}/from_unit",
                break_kind="gap",
                found=nxt["from_unit"],
                expected=row["to_unit"],
            )
    if not is_missing(ctx.dossier.get("returned_at")) and not ctx.is_broken("/returned_at"):
        k, last = rows[-1]
        end = _unit(ctx, last, k, "to_unit")
        if end is not None and end != desk:
            yield finding(
                f"{_CS}/handovers/{k}/to_unit",
                break_kind="no_return",
                found=last["to_unit"],
                expected=ctx.dossier["receiving_unit"],
            )


@rule(
    "DC305",
    "control-slip-status-inconsistent",
    severity="warning",
    summary="A hand-over after the latest appointment is not marked `late` (quá hạn).",
    vi="Dòng {row} giao nhận lúc {handed_at}, sau hạn trả kết quả {appointment}, nhưng ghi “{status}” thay vì "
    "“quá hạn”.",
    en="Row {row} was handed over at {handed_at}, after the appointment {appointment}, but is marked "
    "“{status}” instead of “late”.",
    legal_basis=_BASIS,
)
def control_slip_status_inconsistent(ctx: Context) -> Iterator[Finding]:
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
        return
    for i, row in _rows(ctx):
        w = time_at(ctx, row, "handed_at", f"{_CS}/handovers/{i}")
        status = row.get("status")
        if w is None or status is None or status == "late" or ctx.is_broken(f"{_CS}/handovers/{i}/status"):
            continue
        if w.after(latest):
            yield finding(
                f"{_CS}/handovers/{i}/status",
                row=i + 1,
                handed_at=w.isoformat(),
                appointment=latest.isoformat(),
                status=status,
            )


@rule(
    "DC306",
    "control-slip-mismatch",
    severity="error",
    summary="The control slip's `received_at` or `appointment_at` differs from the dossier / the slip.",
    vi="Phiếu kiểm soát ghi “{field}” là {found}, khác với {source} ({expected}).",
    en="The control slip's “{field}” is {found}, unlike the {source} ({expected}).",
    legal_basis=_BASIS,
)
def control_slip_mismatch(ctx: Context) -> Iterator[Finding]:
    """What it checks: one finding per field — the control slip's `received_at` against the dossier's, and its
    `appointment_at` against the appointment slip's (at the precision both carry; absent values are not
    compared).

    Why it matters: the 2025 control slip repeats the receipt and return times of Mẫu 01 so that each
    officer down the chain works to the date promised to the applicant; a different date there means the
    back office works to another deadline.

    Example: control slip `appointment_at` 2026-10-30 against the slip's 2026-10-29 gives DC306 at
    `/control_slip/appointment_at`.
    """
    slip = ctx.part("control_slip")
    if slip is None:
        return
    yield from time_mismatch(ctx, slip, _CS, "received_at", "dossier")
    yield from time_mismatch(ctx, slip, _CS, "appointment_at", "appointment_slip")


@rule(
    "DC307",
    "late-transfer",
    severity="warning",
    summary="Direct/postal dossier: the first hand-over is after the transfer deadline (SPEC §6.4).",
    vi="Hồ sơ chuyển cho cơ quan giải quyết lúc {handed_at}, sau hạn chuyển {deadline} (tiếp nhận trước 15 giờ "
    "thì chuyển trong ngày; sau 15 giờ thì chuyển đầu giờ ngày làm việc tiếp theo).",
    en="The dossier was passed to the deciding agency at {handed_at}, after the transfer deadline {deadline} "
    "(received by 15:00: same day; later: the start of the next working day).",
    legal_basis=("NĐ 118/2025 Điều 18", "NĐ 61/2018 Điều 18.2"),
    needs=("/received_at", "/channel"),
)
def late_transfer(ctx: Context) -> Iterator[Finding]:
    """What it checks: for `direct` and `postal` dossiers, the first hand-over row's `handed_at` is not after
    the transfer deadline, counted from the effective receipt time: at or before 15:00 → by the close of
    that day (17:00); after 15:00 → by the end of the next working day's morning session (11:30), the
    tolerance for "at the start of the next working day". Online dossiers move electronically at once.

    Why it matters: a paper dossier left at the desk overnight eats into the time the deciding agency has;
    the 15:00 rule is the desk's own deadline.

    Example: received Mon 2026-10-19 at 10:00, first hand-over Tue 2026-10-20 at 08:00 gives DC307 at
    `/control_slip/handovers/0/handed_at`.
    """
    if ctx.channel not in ("direct", "postal"):
        return
    rows = _rows(ctx)
    if not rows or rows[0][0] != 0:
        return
    w = time_at(ctx, rows[0][1], "handed_at", f"{_CS}/handovers/0")
    if w is None:
        return
    deadline = ctx.transfer_deadline()
    if deadline is None:
        return
    if w.after(When(deadline, Precision.MINUTE)):  # the transfer deadline is an office-hours time
        yield finding(
            f"{_CS}/handovers/0/handed_at",
            handed_at=w.isoformat(),
            deadline=deadline.isoformat(timespec="minutes"),
        )
