"""DC0xx — the record itself: its format, its procedure, its dossier code, the calendar it relied on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ._context import Context
from ._registry import Finding, finding, rule

_CODE_BASIS = ("NĐ 61/2018 Điều 26", "TT 01/2018/TT-VPCP Điều 19")
# Circular 01/2018 order (agency levels 4.3.2.1) and Decision 20/2020 order (level 1 first); ASCII only.
_TT01 = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}-([0-9]{6})-[0-9]{4}$")
_QD20 = re.compile(r"^[A-Z][0-9]{2}(?:\.[0-9A-Z]{1,3}){1,4}-([0-9]{6})-[0-9]{4}$")


def _code_date(code: str) -> tuple[str | None, date | None]:
    """The dossier code's order ("tt01"/"qd20") and its YYMMDD date; (None, None) when malformed."""
    for order, rx in (("tt01", _TT01), ("qd20", _QD20)):
        m = rx.fullmatch(code)  # not match(): "$" would let a trailing newline through
        if m:
            ymd = m.group(1)
            try:
                return order, date(2000 + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:]))
            except ValueError:
                return order, None
    return None, None


@rule(
    "DC001",
    "invalid-dossier",
    severity="error",
    summary="The record breaks the dossier format (SPEC §3); one finding per problem, with its path.",
    vi="Hồ sơ sai định dạng tại {path}: {problem}.",
    en="The record breaks the dossier format at {path}: {problem}.",
    legal_basis=("TT 01/2018/TT-VPCP Điều 10.1.c",),
)
def invalid_dossier(ctx: Context) -> Iterator[Finding]:
    """What it checks: the record against the dossier format — required fields (`code`, `procedure_code`,
    `receiving_unit`, `channel`, `received_at` as a date-time, `outcome`, `components`), the type of every
    known field, the allowed values of `channel`, `outcome`, `form`, `status`, `stage`, `return_method`,
    `delivered_via`, real dates and times, and that every component row has a `code` or a `name`.

    Why it matters: a record an inspector cannot read cannot be judged. The rules that need a broken
    part are skipped for that record (never guessed at), so DC001 tells you what was not checked.

    Example: `"channel": "fax"` gives DC001 at `/channel` (value not allowed); a component row
    `{"form": "copy"}` gives DC001 at `/components/0` (neither code nor name).
    """
    for p in ctx.problems:
        yield finding(p.path, problem=p.problem, expected=p.expected)


@rule(
    "DC002",
    "unknown-procedure",
    severity="error",
    summary="No procedure with the dossier's `procedure_code` in the catalogue.",
    vi="Không có thủ tục hành chính mã {procedure_code} trong danh mục thủ tục đã công bố.",
    en="No procedure {procedure_code} in the catalogue of published procedures.",
    legal_basis=("NĐ 63/2010 Điều 24", "NĐ 63/2010 Điều 25"),
    needs=("/procedure_code",),
)
def unknown_procedure(ctx: Context) -> Iterator[Finding]:
    """What it checks: that `procedure_code` names a procedure in the catalogue (built-in plus `--catalog`).

    Why it matters: only procedures published in the national database (CSDLQG về TTHC) have legal
    value; a dossier filed under an unknown code cannot be checked against any published list, so the
    component and deadline rules are skipped for it.

    Example: `"procedure_code": "1.999999"` gives DC002 at `/procedure_code`.
    """
    if ctx.procedure_status == "unknown":
        yield finding("/procedure_code", procedure_code=ctx.dossier["procedure_code"])


@rule(
    "DC003",
    "procedure-not-in-force",
    severity="error",
    summary="The procedure exists but no version of it is in force on the receipt date.",
    vi="Thủ tục {procedure_code} không có phiên bản còn hiệu lực vào ngày tiếp nhận {received_date}.",
    en="Procedure {procedure_code} has no version in force on the receipt date {received_date}.",
    legal_basis=("NĐ 63/2010 Điều 25", "NĐ 63/2010 Điều 24"),
    needs=("/procedure_code", "/received_at"),
)
def procedure_not_in_force(ctx: Context) -> Iterator[Finding]:
    """What it checks: that a version of the procedure is in force on the local date of `received_at`
    (versions are inclusive of their `valid_from` and `valid_to` dates).

    Why it matters: a dossier is handled under the rules in force when it was received; a dossier received
    before a procedure was published, or after it was repealed, was taken on no legal basis.

    Example: a dossier received 2025-06-30 for a procedure valid from 2025-07-01 gives DC003 at
    `/received_at`.
    """
    if ctx.procedure_status == "not_in_force" and ctx.received is not None:
        versions = [
            f"{v.valid_from.isoformat()}..{v.valid_to.isoformat() if v.valid_to else ''}"
            for v in ctx.catalog.versions(ctx.dossier["procedure_code"].strip())
        ]
        yield finding(
            "/received_at",
            procedure_code=ctx.dossier["procedure_code"],
            received_date=ctx.received.date.isoformat(),
            versions=versions,
        )


@rule(
    "DC004",
    "malformed-dossier-code",
    severity="error",
    summary="`code` matches neither dossier-code pattern (TT 01/2018 or QĐ 20/2020 order) or has no real date.",
    vi="Mã hồ sơ “{code}” không đúng cấu trúc quy định (mã định danh cơ quan-YYMMDD-số thứ tự).",
    en="Dossier code “{code}” does not follow the required structure (agency ID-YYMMDD-sequence).",
    legal_basis=_CODE_BASIS,
    needs=("/code",),
)
def malformed_dossier_code(ctx: Context) -> Iterator[Finding]:
    """What it checks: `code` against `^\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}-\\d{6}-\\d{4}$` (Circular 01/2018
    order, e.g. `000.00.20.H20-261020-0007`) and `^[A-Z]\\d{2}(\\.[0-9A-Z]{1,3}){1,4}-\\d{6}-\\d{4}$`
    (Decision 20/2020 order, e.g. `H20.20-261020-0007`), ASCII digits only, and that `YYMMDD` is a real date.

    Why it matters: the dossier code is issued by the IT system and written on every form; a malformed code
    means the record cannot be traced across the slip, the book and the control slip.

    Example: `"code": "HS-2026-0007"` gives DC004 at `/code`; so does `000.00.20.H20-260230-0007`
    (30 February).
    """
    code = ctx.dossier["code"]
    order, day = _code_date(code)
    if order is None or day is None:
        yield finding("/code", code=code)


@rule(
    "DC005",
    "dossier-code-date-mismatch",
    severity="error",
    summary="The `YYMMDD` part of the dossier code is not the local receipt date.",
    vi="Phần ngày của mã hồ sơ ({code_date}) khác ngày tiếp nhận hồ sơ ({received_date}).",
    en="The date part of the dossier code ({code_date}) differs from the receipt date ({received_date}).",
    legal_basis=_CODE_BASIS,
    needs=("/code", "/received_at"),
)
def dossier_code_date_mismatch(ctx: Context) -> Iterator[Finding]:
    """What it checks: that the `YYMMDD` part of a well-formed `code` equals the local (UTC+7) date of
    `received_at`.

    Why it matters: the code embeds the receipt date; a mismatch shows a back-dated or re-used code, or a
    receipt time edited after the fact.

    Example: code `000.00.20.H20-261019-0007` with `received_at` `2026-10-20T09:10:00+07:00` gives DC005 at
    `/code`. A receipt at `2026-10-19T20:00:00Z` is 20 October in Vietnam and matches `…-261020-…`.
    """
    _, day = _code_date(ctx.dossier["code"])
    if day is not None and ctx.received is not None and day != ctx.received.date:
        yield finding(
            "/code",
            code=ctx.dossier["code"],
            code_date=day.isoformat(),
            received_date=ctx.received.date.isoformat(),
        )


_CODE_CARRIERS = ("appointment_slip", "control_slip", "tracking_entry", "rejection")


@rule(
    "DC006",
    "dossier-code-inconsistent",
    severity="error",
    summary="A slip, the control slip, the tracking entry, the rejection or an apology carries another code.",
    vi="{part} ghi mã hồ sơ “{found}”, khác mã hồ sơ “{code}”.",
    en="The {part} carries dossier code “{found}”, not “{code}”.",
    legal_basis=("NĐ 61/2018 Điều 26.1", "NĐ 61/2018 Điều 17.3"),
    needs=("/code",),
)
def dossier_code_inconsistent(ctx: Context) -> Iterator[Finding]:
    """What it checks: the `dossier_code` of the appointment slip, control slip, tracking entry, rejection
    and every apology against the dossier's `code`, exactly (a code is an identifier, not a name: no
    case or space folding), one finding per differing field. An absent
    `dossier_code` is not this rule (it is DC202/DC302/DC402 for the parts that require it).

    Why it matters: the same code must appear on every form of the dossier; a different one means the forms
    belong to another dossier or were copied by hand.

    Example: `appointment_slip.dossier_code` `000.00.20.H20-261020-0008` on dossier `…-0007` gives DC006 at
    `/appointment_slip/dossier_code`.
    """
    code = ctx.dossier["code"]
    for key in _CODE_CARRIERS:
        part = ctx.part(key)
        if part is not None:
            found = part.get("dossier_code")
            if isinstance(found, str) and found.strip() and found != code:
                yield finding(f"/{key}/dossier_code", part=key, found=found, code=code)
    for i, apology in enumerate(ctx.items("apologies")):
        if isinstance(apology, dict):
            found = apology.get("dossier_code")
            if isinstance(found, str) and found.strip() and found != code:
                yield finding(f"/apologies/{i}/dossier_code", part="apologies", found=found, code=code)


@rule(
    "DC007",
    "provisional-calendar",
    severity="info",
    summary="A deadline this check relied on falls in a year with no official schedule (computed holidays).",
    vi="Hạn tính theo lịch nghỉ lễ dự kiến của năm {years} (chưa có thông báo chính thức); cần kiểm tra lại.",
    en="A deadline relied on a provisional holiday calendar for {years} (no official schedule); verify it.",
    legal_basis=("BLLĐ 2019 Điều 112", "BLLĐ 2019 Điều 111.3"),
)
def provisional_calendar(ctx: Context) -> Iterator[Finding]:
    """What it checks: whether any working-day computation of this check (deadline, effective receipt,
    transfer deadline, the 3-working-day supplement limit, the day before an appointment) touched a year
    for which no official schedule of days off and working Saturdays ships with the library or was given
    in a calendar file. Raised once per dossier, by the engine, with `params.years`.

    Why it matters: for such a year the statutory holidays are derived (Labour Code art. 112, lunar dates
    computed for UTC+7), but the Tết days and the make-up Saturdays are set each year by the Prime Minister;
    a finding that depends on them should be re-checked when the official notice is out.

    Example: a dossier received 2027-02-01 with a 7-working-day limit gives DC007 with `years: [2027]`.
    """
    return iter(())
