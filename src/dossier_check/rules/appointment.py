"""DC2xx — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (the appointment slip, Mẫu 01)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from .._text import count, is_missing, normalize_name
from ..reasons import register_reason
from ._common import differs, missing_fields, time_at
from ._context import Context
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
_SLIP_BASIS = ("NĐ 118/2025 Điều 17", "NĐ 61/2018 Điều 17.1.c", "TT 03/2025/TT-VPCP Mẫu 01")


@rule(
    "DC201",
    "missing-appointment-slip",
    severity="error",
    summary="An `accepted` dossier of a known, not immediate-result procedure has no appointment slip.",
    vi="Hồ sơ đã tiếp nhận nhưng không lập Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
    en="The dossier was accepted but no appointment slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) was issued.",
    legal_basis=(
        "NĐ 118/2025 Điều 17",
        "NĐ 61/2018 Điều 17.1.c",
        "NĐ 118/2025 Điều 6.1.a",
        "NĐ 63/2010 Điều 18.3",
    ),
    requires_procedure=True,
    outcomes=("accepted",),
)
def missing_appointment_slip(ctx: Context) -> Iterator[Finding]:
    """What it checks: an `accepted` dossier has an `appointment_slip`, unless its procedure returns the
    result immediately (`immediate_result`). Online dossiers need one too: it is sent electronically.

    Why it matters: the applicant has the right to the Giấy tiếp nhận hồ sơ và hẹn trả kết quả (NĐ 118/2025
    Điều 6.1.a); it fixes the dossier code, the components taken and the return date — without it the
    applicant can prove nothing. "Không lập Giấy tiếp nhận" is a standing inspection finding.

    Example: an accepted permanent-residence dossier with `"appointment_slip": null` gives DC201 at
    `/appointment_slip`.
    """
    assert ctx.version is not None
    if ctx.dossier.get("appointment_slip") is None and not ctx.version.procedure.immediate_result:
        yield finding(_SLIP)


@rule(
    "DC202",
    "appointment-slip-incomplete",
    severity="error",
    summary="The appointment slip lacks a required field (one finding per field, SPEC §5.1).",
    vi="Giấy tiếp nhận hồ sơ và hẹn trả kết quả thiếu mục “{field}”.",
    en="The appointment slip lacks “{field}”.",
    legal_basis=(*_SLIP_BASIS, "TT 01/2018/TT-VPCP Điều 10.1.c"),
)
def appointment_slip_incomplete(ctx: Context) -> Iterator[Finding]:
    """What it checks: the slip has every field of Mẫu 01 — `number`, `issued_at`, `dossier_code`,
    `receiving_unit`, `applicant_name`, `applicant_id_number`, `address`, `request`, `components` (at least
    one row), `sets`, `time_limit`, `received_at`, `appointment_at`, `return_place`, `received_by`, and
    `representative` when the dossier was filed by one. `phone`, `email` and `delivered_via` are optional.
    A blank string or an empty list is missing.

    Why it matters: officers must fill the forms "đầy đủ, rõ ràng, chính xác" (TT 01/2018 Điều 10.1.c); a
    slip without its return time or components list protects neither the applicant nor the desk.

    Example: a slip with `"appointment_at": ""` gives DC202 at `/appointment_slip/appointment_at`.
    """
    slip = ctx.part("appointment_slip")
    if slip is None:
        return
    yield from missing_fields(ctx, slip, _SLIP, _SLIP_FIELDS)
    if not is_missing(ctx.dossier.get("representative")) and not ctx.is_broken("/representative"):
        yield from missing_fields(ctx, slip, _SLIP, ("representative",))


@rule(
    "DC203",
    "appointment-beyond-time-limit",
    severity="error",
    summary="The appointment is later than the statutory deadline computed from the receipt (SPEC §6).",
    vi="Hẹn trả kết quả {appointment} muộn hơn thời hạn giải quyết theo quy định ({time_limit}): chậm nhất "
    "{deadline}.",
    en="The appointment {appointment} is later than the statutory time limit ({time_limit}) allows: "
    "{deadline} at the latest.",
    legal_basis=("NĐ 63/2010 Điều 8.2", "NĐ 118/2025 Điều 17", "BLDS 2015 Điều 147-148"),
    needs=("/received_at", "/channel", "/case"),
    requires_procedure=True,
)
def appointment_beyond_time_limit(ctx: Context) -> Iterator[Finding | NotEvaluable]:
    """What it checks: "the appointment" (the slip's `appointment_at`, else the control slip's, else the
    tracking entry's) is not later than the statutory deadline of the procedure version and channel,
    counted from the effective receipt time (SPEC §6.2–§6.3): N working days after the receipt day; the
    same day up to the cut-off, else the next working day; N office hours; or N calendar days moved off
    a day off. A day-based deadline compares dates; a working-hours deadline is an instant.

    Why it matters: the processing time is part of the published procedure; a desk that books returns
    beyond it hides delays that the law counts as late from the first day.

    Example: a household-business registration (1.001612, 3 working days) received Fri 2026-02-13 14:00
    must be returned by Wed 2026-02-25 (Tết Bính Ngọ: 16–20/02 are off); an appointment on 2026-02-26 gives
    DC203 at `/appointment_slip/appointment_at`.
    """
    if ctx.limit_unknown():  # a number without a unit, or no information: nothing to judge by
        yield not_evaluable(_LIMIT_WITHOUT_UNIT)
        return
    appt = ctx.appointment()
    if appt is None:
        return
    # Only now: DC007 notes only deadlines the check relied on.
    deadline, case = ctx.deadline_and_case()
    if deadline is None:
        return
    when, path = appt
    late = when.local > deadline.due if deadline.instant and when.precise else when.date > deadline.due_date
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
        yield finding(path, **params)


def _limit_text(limit: Any) -> str:
    """Machine-readable: "7 working_days", "same_day 15:00"; messages render it per language."""
    if limit.unit == "same_day":
        return f"same_day {limit.cutoff}"
    return f"{limit.amount} {limit.unit}"


def _identity(ctx: Context, row: dict[str, Any]) -> tuple[str, str]:
    if ctx.version is not None:
        comp = ctx.index().match(row.get("code"), row.get("name"))
        if comp is not None:
            return ("component", comp.code)
    name = row.get("name")
    if isinstance(name, str) and name.strip():
        return ("name", normalize_name(name))
    return ("code", str(row.get("code")).strip())


def _multiset(ctx: Context, rows: list[Any]) -> Counter[tuple[Any, ...]]:
    out: Counter[tuple[Any, ...]] = Counter()
    for row in rows:
        kind, ident = _identity(ctx, row)
        out[(kind, ident, row.get("form"), count(row.get("quantity")))] += 1
    return out


def _describe(items: Counter[tuple[Any, ...]]) -> list[str]:
    out = []
    for (_kind, ident, form, qty), n in sorted(items.items(), key=lambda kv: repr(kv[0])):
        out.extend([f"{ident} ({form or '-'} × {qty})"] * n)
    return out


@rule(
    "DC204",
    "appointment-slip-mismatch",
    severity="error",
    summary="The slip's `received_at`, `sets` or components differ from the dossier's.",
    vi="Giấy tiếp nhận hồ sơ ghi “{field}” khác với hồ sơ: {slip_value} so với {dossier_value}.",
    en="The appointment slip's “{field}” differs from the dossier: {slip_value} against {dossier_value}.",
    legal_basis=(*_SLIP_BASIS, "TT 01/2018/TT-VPCP Điều 10.1.b"),
)
def appointment_slip_mismatch(ctx: Context) -> Iterator[Finding]:
    """What it checks: one finding per differing item — the slip's `received_at` against the dossier's (at
    the precision both carry), its `sets` against the dossier's (default 1), and its `components` against
    the dossier's as a multiset of (identity, form, quantity), where a row's identity is the procedure
    component it matches by code or normalised name, else its normalised name. `params.only_on_slip` and
    `params.only_in_dossier` list the differing rows.

    Why it matters: the slip is the applicant's receipt; if it lists other papers, another time or another
    number of sets than were kept, it proves nothing — or hides components taken in excess.

    Example: a slip listing the CT01 declaration as `copy` when the dossier kept the `original` gives DC204
    at `/appointment_slip/components`.
    """
    slip = ctx.part("appointment_slip")
    if slip is None:
        return
    received = time_at(ctx, ctx.dossier, "received_at", "")
    slip_received = time_at(ctx, slip, "received_at", _SLIP)
    if differs(slip_received, received):
        assert slip_received is not None and received is not None
        yield finding(
            f"{_SLIP}/received_at",
            field="received_at",
            slip_value=slip_received.isoformat(),
            dossier_value=received.isoformat(),
        )
    raw_sets = slip.get("sets")
    if raw_sets is not None and not ctx.is_broken(f"{_SLIP}/sets") and not ctx.is_broken("/sets"):
        slip_sets, sets = count(raw_sets), count(ctx.dossier.get("sets"))
        if slip_sets != sets:
            yield finding(f"{_SLIP}/sets", field="sets", slip_value=slip_sets, dossier_value=sets)
    rows = slip.get("components")
    if (
        isinstance(rows, list)
        and rows
        and not ctx.is_broken(f"{_SLIP}/components")
        and not ctx.is_broken("/components")
    ):
        on_slip = _multiset(ctx, rows)
        kept = _multiset(ctx, ctx.dossier["components"])
        if on_slip != kept:
            only_slip, only_kept = on_slip - kept, kept - on_slip
            yield finding(
                f"{_SLIP}/components",
                field="components",
                slip_value=len(rows),
                dossier_value=len(ctx.dossier["components"]),
                only_on_slip=_describe(only_slip),
                only_in_dossier=_describe(only_kept),
            )


@rule(
    "DC205",
    "appointment-slip-chronology",
    severity="error",
    summary="The slip's `issued_at` or `appointment_at` is before the dossier's `received_at`.",
    vi="Giấy tiếp nhận hồ sơ ghi “{field}” ({value}) trước thời điểm tiếp nhận hồ sơ ({received_at}).",
    en="The appointment slip's “{field}” ({value}) is before the dossier was received ({received_at}).",
    legal_basis=_SLIP_BASIS,
)
def appointment_slip_chronology(ctx: Context) -> Iterator[Finding]:
    """What it checks: one finding per field — the slip's `issued_at` and `appointment_at` are not before the
    dossier's `received_at` (compared at the precision both carry).

    Why it matters: a slip cannot be issued, nor a result promised, before the dossier exists; such dates
    come from back-dating or from copying another dossier's slip.

    Example: `issued_at` `2026-10-19T16:00:00+07:00` for a dossier received `2026-10-20T09:10:00+07:00`
    gives DC205 at `/appointment_slip/issued_at`.
    """
    slip = ctx.part("appointment_slip")
    received = time_at(ctx, ctx.dossier, "received_at", "")
    if slip is None or received is None:
        return
    for key in ("issued_at", "appointment_at"):
        w = time_at(ctx, slip, key, _SLIP)
        if w is not None and w.before(received):
            yield finding(f"{_SLIP}/{key}", field=key, value=w.isoformat(), received_at=received.isoformat())


@rule(
    "DC206",
    "appointment-slip-not-delivered",
    severity="warning",
    summary="An online dossier's slip records no `delivered_via` (email, SMS or portal).",
    vi="Hồ sơ nộp trực tuyến nhưng không ghi nhận đã gửi Giấy tiếp nhận hồ sơ và hẹn trả kết quả cho người nộp "
    "(thư điện tử, tin nhắn hoặc tài khoản trên Cổng).",
    en="Online dossier: no record that the appointment slip was sent to the applicant (email, SMS or portal).",
    legal_basis=("NĐ 118/2025 Điều 17.2", "NĐ 45/2020 Điều 11", "NĐ 61/2018 Điều 17.2.b"),
    needs=("/channel",),
)
def appointment_slip_not_delivered(ctx: Context) -> Iterator[Finding]:
    """What it checks: for an `online` dossier that has a slip, that `delivered_via` says how it was sent
    (`email`, `sms` or `portal`).

    Why it matters: an online applicant never stands at the desk; the slip reaches them only if it is sent
    electronically (NĐ 118/2025 Điều 17.2). A warning: the sending may be logged elsewhere.

    Example: an online dossier whose slip has `"delivered_via": null` gives DC206 at
    `/appointment_slip/delivered_via`.
    """
    slip = ctx.part("appointment_slip")
    if (
        slip is not None
        and ctx.channel == "online"
        and slip.get("delivered_via") is None
        and not ctx.is_broken(f"{_SLIP}/delivered_via")
    ):
        yield finding(f"{_SLIP}/delivered_via", field="delivered_via")
