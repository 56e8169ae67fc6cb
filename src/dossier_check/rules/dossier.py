"""DC0xx — the record itself: its format, its procedure, its dossier code, the calendar it relied on."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache, lru_cache
from typing import Any

from ..schema import Problem, dossier_schema, generate_watching_validator, parser_string, pointer_escape
from ._context import Context
from ._keys import APOLOGIES, DOSSIER_CODE, REJECTION
from ._places import Place, dossier_place, suggestion_for
from ._registry import Finding, finding, rule

_CODE_BASIS = ("NĐ 61/2018 Điều 26", "TT 01/2018/TT-VPCP Điều 19")
# Circular 01/2018 order (agency levels 4.3.2.1) and Decision 20/2020 order (level 1 first); ASCII only.
_TT01 = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}-([0-9]{6})-[0-9]{4}$")
_QD20 = re.compile(r"^[A-Z][0-9]{2}(?:\.[0-9A-Z]{1,3}){1,4}-([0-9]{6})-[0-9]{4}$")


# The shape nearly every code has (Circular 01/2018 order, e.g. 000.00.20.H20-261020-0007): its ASCII bytes,
# every digit read as 9 and every capital letter as A, spell this template. One C-level translate and
# compare say so where the regular expressions cost several times as much, for every dossier; a code of
# any other shape (or with other characters) goes to the expressions.
_AS_SHAPE = bytes.maketrans(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"9" * 10 + b"A" * 26)
_TT01_SHAPE = b"999.99.99.A99-999999-9999"
_TT01_DATE = slice(14, 20)  # the six digits of the date in that shape


def _tt01_shaped(code: str) -> bool:
    """True when ``code`` has the Circular 01/2018 shape (then ``_TT01`` matches it); False is no verdict."""
    return len(code) == 25 and code.isascii() and code.encode().translate(_AS_SHAPE) == _TT01_SHAPE


@lru_cache(maxsize=64)  # DC004 and DC005 read the same code one after the other
def _code_date(code: str) -> tuple[str | None, date | None]:
    """The dossier code's order ("tt01"/"qd20") and its YYMMDD date; (None, None) when malformed."""
    if _tt01_shaped(code):
        return "tt01", _yymmdd(code[_TT01_DATE])
    for order, rx in (("tt01", _TT01), ("qd20", _QD20)):
        m = rx.fullmatch(code)  # not match(): "$" would let a trailing newline through
        if m:
            return order, _yymmdd(m.group(1))
    return None, None


@lru_cache(maxsize=1 << 12)  # every code is new, but an export spans a few hundred receipt days
def _yymmdd(ymd: str) -> date | None:
    """The date a dossier code's six digits name, or None when it is not a real date."""
    try:
        return date(2000 + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:]))
    except ValueError:
        return None


SHOWN_VALUE = 40
"""The longest offending value DC001 shows, as JSON text (longer ones are cut and end with "…")."""


def _at(record: Any, pointer: str) -> tuple[bool, Any]:
    """The value at a JSON Pointer, and whether there is one."""
    value = record
    for token in pointer.split("/")[1:] if pointer else ():
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            return False, None
    return True, value


def shown_value(value: Any) -> str:
    """A value as JSON text, at most :data:`SHOWN_VALUE` characters (a string keeps its quotes)."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= SHOWN_VALUE else text[: SHOWN_VALUE - 1] + "…"


def problem_params(problem: Problem, record: Any) -> dict[str, Any]:
    """DC001's params for one format problem: what is wrong, what was expected, the value found."""
    params: dict[str, Any] = {"problem": problem.problem, "expected": problem.expected}
    found, value = _at(record, problem.path)
    if found and problem.problem != "required":
        params["value"] = shown_value(value)
    return params


@rule(
    "DC001",
    "invalid-dossier",
    severity="error",
    title_vi="Hồ sơ sai định dạng dữ liệu",
    title_en="Record breaks the dossier format",
    summary_vi="Bản ghi không đúng định dạng hồ sơ; mỗi lỗi là một vi phạm, kèm vị trí.",
    summary_en="The record breaks the dossier format; one finding per problem, with its path.",
    message_vi="Hồ sơ sai định dạng tại {path}: {problem}.",
    message_en="The record breaks the dossier format at {path}: {problem}.",
    legal_basis=("TT 01/2018/TT-VPCP Điều 10.1.c",),
    doc_vi="""
    Nội dung kiểm tra: bản ghi có đúng định dạng hồ sơ không — các trường bắt buộc (`code`, `procedure_code`,
    `receiving_unit`, `channel`, `received_at` dạng ngày giờ, `outcome`, `components`), kiểu dữ liệu của mọi
    trường đã biết, giá trị hợp lệ của `channel`, `outcome`, `form`, `status`, `stage`, `return_method`,
    `delivered_via`, ngày và giờ có thực, và mỗi dòng thành phần hồ sơ có `code` hoặc `name`. Mỗi lỗi kèm
    `params.problem` (loại lỗi), `params.expected` (kiểu dữ liệu hoặc các giá trị được chấp nhận) và
    `params.value` (giá trị nhận được, dạng JSON, tối đa 40 ký tự).

    Chuỗi để trống trong một trường chỉ nhận một danh sách giá trị cố định (`delivered_via`, `status` của
    dòng giao nhận, `return_method`, `form`, `stage`) được coi là thiếu, không phải giá trị sai: quy tắc về
    mục bị thiếu áp dụng (DC206, DC302, DC402); riêng `channel` và `outcome` là trường bắt buộc nên bị báo
    DC001 “bỏ trống”. Một phần dữ liệu sai kiểu (ví dụ `appointment_slip` là một chuỗi) chỉ bị báo DC001:
    phần đó bị lỗi chứ không bị thiếu, nên DC201/DC301/DC401 không báo. Trường bắt đầu bằng `x_` là trường
    mở rộng, không bao giờ bị báo.

    Vì sao cần kiểm tra: bản ghi không đọc được thì người kiểm tra không thể đánh giá. Các quy tắc cần đến
    phần dữ liệu bị lỗi sẽ không được kiểm tra đối với bản ghi đó (không suy đoán), vì vậy DC001 cho biết
    những gì chưa được kiểm tra.

    Ví dụ: `"channel": "fax"` bị báo DC001 tại `/channel` (giá trị không hợp lệ); dòng thành phần
    `{"form": "copy"}` bị báo DC001 tại `/components/0` (không có mã, cũng không có tên).
    """,
)
def invalid_dossier(ctx: Context) -> Sequence[Finding]:
    """What it checks: the record against the dossier format — required fields (`code`, `procedure_code`,
    `receiving_unit`, `channel`, `received_at` as a date-time, `outcome`, `components`), the type of every
    known field, the allowed values of `channel`, `outcome`, `form`, `status`, `stage`, `return_method`,
    `delivered_via`, real dates and times, and that every component row has a `code` or a `name`. Each
    finding carries `params.problem` (what is wrong), `params.expected` (the type or the allowed values) and
    `params.value` (the value found, as JSON text of at most 40 characters).

    A blank string in a field with a closed list of values (`delivered_via`, a hand-over `status`,
    `return_method`, `form`, `stage`) is missing, not a wrong value: the rule on missing items applies
    (DC206, DC302, DC402); only `channel` and `outcome`, which are required, are DC001 "blank". A part of
    the wrong type (say, `appointment_slip` given as a string) is DC001 alone: it is broken, not missing,
    so DC201/DC301/DC401 do not fire for it. Keys that begin with `x_` are extensions, never reported.

    Why it matters: a record an inspector cannot read cannot be judged. The rules that need a broken
    part are skipped for that record (never guessed at), so DC001 tells you what was not checked.

    Example: `"channel": "fax"` gives DC001 at `/channel` (value not allowed); a component row
    `{"form": "copy"}` gives DC001 at `/components/0` (neither code nor name).
    """
    if not ctx.problems:
        return ()
    return [finding(p.path, **problem_params(p, ctx.dossier)) for p in ctx.problems]


@rule(
    "DC002",
    "unknown-procedure",
    severity="error",
    title_vi="Thủ tục không có trong danh mục đã công bố",
    title_en="Procedure not in the published catalogue",
    summary_vi="Không có thủ tục hành chính nào mang mã `procedure_code` của hồ sơ trong danh mục.",
    summary_en="No procedure with the dossier's `procedure_code` in the catalogue.",
    message_vi="Không có thủ tục hành chính mã {procedure_code} trong danh mục thủ tục đã công bố.",
    message_en="No procedure {procedure_code} in the catalogue of published procedures.",
    legal_basis=("NĐ 63/2010 Điều 24", "NĐ 63/2010 Điều 25"),
    needs=("/procedure_code",),
    doc_vi="""
    Nội dung kiểm tra: `procedure_code` có phải là mã của một thủ tục trong danh mục (danh mục có sẵn và các
    danh mục bổ sung bằng `--catalog`) không.

    Vì sao cần kiểm tra: chỉ thủ tục hành chính đã công bố trên Cơ sở dữ liệu quốc gia về thủ tục hành chính
    mới có giá trị pháp lý; hồ sơ lập theo một mã thủ tục không xác định thì không thể đối chiếu với thành
    phần hồ sơ đã công bố, nên các quy tắc về thành phần hồ sơ và thời hạn giải quyết không được kiểm tra đối
    với hồ sơ đó.

    Ví dụ: `"procedure_code": "1.999999"` bị báo DC002 tại `/procedure_code`.
    """,
)
def unknown_procedure(ctx: Context) -> Sequence[Finding]:
    """What it checks: that `procedure_code` names a procedure in the catalogue (built-in plus `--catalog`).

    Why it matters: only procedures published in the national database (CSDLQG về TTHC) have legal
    value; a dossier filed under an unknown code cannot be checked against any published list, so the
    component and deadline rules are skipped for it.

    Example: `"procedure_code": "1.999999"` gives DC002 at `/procedure_code`.
    """
    if ctx.procedure_status == "unknown":
        return [finding("/procedure_code", procedure_code=ctx.dossier["procedure_code"])]
    return ()


@rule(
    "DC003",
    "procedure-not-in-force",
    severity="error",
    title_vi="Thủ tục không có hiệu lực vào ngày tiếp nhận",
    title_en="No version of the procedure in force on the receipt date",
    summary_vi="Thủ tục có trong danh mục nhưng không có phiên bản nào có hiệu lực vào ngày tiếp nhận.",
    summary_en="The procedure exists but no version of it is in force on the receipt date.",
    message_vi="Thủ tục {procedure_code} không có phiên bản còn hiệu lực vào ngày tiếp nhận {received_date}.",
    message_en="Procedure {procedure_code} has no version in force on the receipt date {received_date}.",
    legal_basis=("NĐ 63/2010 Điều 25", "NĐ 63/2010 Điều 24"),
    needs=("/procedure_code", "/received_at"),
    doc_vi="""
    Nội dung kiểm tra: thủ tục có phiên bản có hiệu lực vào ngày tiếp nhận (ngày theo giờ Việt Nam của
    `received_at`) không; thời gian hiệu lực của một phiên bản tính cả ngày `valid_from` và ngày `valid_to`.

    Vì sao cần kiểm tra: hồ sơ được giải quyết theo quy định có hiệu lực khi tiếp nhận; hồ sơ tiếp nhận trước
    khi thủ tục được công bố, hoặc sau khi thủ tục bị bãi bỏ, là tiếp nhận không có căn cứ pháp lý.

    Ví dụ: hồ sơ tiếp nhận ngày 30/06/2025 theo một thủ tục có hiệu lực từ ngày 01/07/2025 bị báo DC003 tại
    `/received_at`.
    """,
)
def procedure_not_in_force(ctx: Context) -> Sequence[Finding]:
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
        return [
            finding(
                "/received_at",
                procedure_code=ctx.dossier["procedure_code"],
                received_date=ctx.received.date.isoformat(),
                versions=versions,
            )
        ]
    return ()


@rule(
    "DC004",
    "malformed-dossier-code",
    severity="error",
    title_vi="Mã hồ sơ sai cấu trúc",
    title_en="Malformed dossier code",
    summary_vi="`code` không khớp cấu trúc mã hồ sơ nào (theo thứ tự của TT 01/2018 hoặc QĐ 20/2020), hoặc "
    "phần ngày không phải là ngày có thực.",
    summary_en="`code` matches neither dossier-code pattern (TT 01/2018 or QĐ 20/2020 order) or has no "
    "real date.",
    message_vi="Mã hồ sơ “{code}” không đúng cấu trúc quy định (mã định danh cơ quan-YYMMDD-số thứ tự).",
    message_en="Dossier code “{code}” does not follow the required structure (agency ID-YYMMDD-sequence).",
    legal_basis=_CODE_BASIS,
    needs=("/code",),
    doc_vi="""
    Nội dung kiểm tra: `code` có khớp một trong hai cấu trúc
    `^\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}-\\d{6}-\\d{4}$` (thứ tự theo Thông tư 01/2018, ví dụ
    `000.00.20.H20-261020-0007`) và `^[A-Z]\\d{2}(\\.[0-9A-Z]{1,3}){1,4}-\\d{6}-\\d{4}$` (thứ tự theo Quyết
    định 20/2020, ví dụ `H20.20-261020-0007`) không, chỉ dùng chữ số ASCII, và phần `YYMMDD` có phải là ngày
    có thực không.

    Vì sao cần kiểm tra: mã hồ sơ do Hệ thống thông tin giải quyết thủ tục hành chính cấp và được ghi trên
    mọi biểu mẫu; mã sai cấu trúc thì không thể truy vết hồ sơ qua Giấy tiếp nhận hồ sơ và hẹn trả kết quả,
    Sổ theo dõi hồ sơ và Phiếu kiểm soát quá trình giải quyết hồ sơ.

    Ví dụ: `"code": "HS-2026-0007"` bị báo DC004 tại `/code`; mã `000.00.20.H20-260230-0007` (ngày 30 tháng
    2) cũng vậy.
    """,
)
def malformed_dossier_code(ctx: Context) -> Sequence[Finding]:
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
        return [finding("/code", code=code)]
    return ()


@rule(
    "DC005",
    "dossier-code-date-mismatch",
    severity="error",
    title_vi="Phần ngày của mã hồ sơ khác ngày tiếp nhận",
    title_en="Dossier-code date differs from the receipt date",
    summary_vi="Phần `YYMMDD` của mã hồ sơ khác ngày tiếp nhận (theo giờ Việt Nam).",
    summary_en="The `YYMMDD` part of the dossier code is not the local receipt date.",
    message_vi="Phần ngày của mã hồ sơ ({code_date}) khác ngày tiếp nhận hồ sơ ({received_date}).",
    message_en="The date part of the dossier code ({code_date}) differs from the receipt date ({received_date}).",
    legal_basis=_CODE_BASIS,
    needs=("/code", "/received_at"),
    doc_vi="""
    Nội dung kiểm tra: phần `YYMMDD` của một mã hồ sơ đúng cấu trúc có trùng với ngày tiếp nhận theo giờ Việt
    Nam (UTC+7) của `received_at` không.

    Vì sao cần kiểm tra: mã hồ sơ chứa ngày tiếp nhận; ngày không khớp cho thấy mã bị lùi ngày, dùng lại mã
    của hồ sơ khác, hoặc thời điểm tiếp nhận bị sửa sau đó.

    Ví dụ: mã `000.00.20.H20-261019-0007` với `received_at` là `2026-10-20T09:10:00+07:00` bị báo DC005 tại
    `/code`. Hồ sơ tiếp nhận lúc `2026-10-19T20:00:00Z` là ngày 20/10 theo giờ Việt Nam, nên khớp với
    `…-261020-…`.
    """,
)
def dossier_code_date_mismatch(ctx: Context) -> Sequence[Finding]:
    """What it checks: that the `YYMMDD` part of a well-formed `code` equals the local (UTC+7) date of
    `received_at`.

    Why it matters: the code embeds the receipt date; a mismatch shows a back-dated or re-used code, or a
    receipt time edited after the fact.

    Example: code `000.00.20.H20-261019-0007` with `received_at` `2026-10-20T09:10:00+07:00` gives DC005 at
    `/code`. A receipt at `2026-10-19T20:00:00Z` is 20 October in Vietnam and matches `…-261020-…`.
    """
    _, day = _code_date(ctx.dossier["code"])
    if day is not None and ctx.received is not None and day != ctx.received.date:
        return [
            finding(
                "/code",
                code=ctx.dossier["code"],
                code_date=day.isoformat(),
                received_date=ctx.received.date.isoformat(),
            )
        ]
    return ()


@rule(
    "DC006",
    "dossier-code-inconsistent",
    severity="error",
    title_vi="Mã hồ sơ ghi không thống nhất giữa các biểu mẫu",
    title_en="Dossier code differs between forms",
    summary_vi="Giấy tiếp nhận, Phiếu kiểm soát, Sổ theo dõi hồ sơ, Phiếu từ chối hoặc một văn bản xin lỗi "
    "ghi mã hồ sơ khác.",
    summary_en="A slip, the control slip, the tracking entry, the rejection or an apology carries another "
    "code.",
    message_vi="{part} ghi mã hồ sơ “{found}”, khác mã hồ sơ “{code}”.",
    message_en="The {part} carries dossier code “{found}”, not “{code}”.",
    legal_basis=("NĐ 61/2018 Điều 26.1", "NĐ 61/2018 Điều 17.3"),
    needs=("/code",),
    doc_vi="""
    Nội dung kiểm tra: `dossier_code` ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, Phiếu kiểm soát quá
    trình giải quyết hồ sơ, Sổ theo dõi hồ sơ, Phiếu từ chối tiếp nhận giải quyết hồ sơ và từng Văn bản xin
    lỗi và đề nghị gia hạn thời gian giải quyết có trùng khớp chính xác với `code` của hồ sơ không (mã là
    định danh, không phải tên: không bỏ qua khác biệt chữ hoa, chữ thường hay khoảng trắng); mỗi trường ghi
    mã khác là một vi phạm. Biểu mẫu không ghi `dossier_code` không thuộc quy tắc này (với những biểu mẫu bắt
    buộc ghi mã, đó là DC202/DC302/DC402).

    Vì sao cần kiểm tra: mọi biểu mẫu của một hồ sơ phải ghi cùng một mã hồ sơ; mã khác cho thấy biểu mẫu
    thuộc hồ sơ khác hoặc được chép tay.

    Ví dụ: `appointment_slip.dossier_code` là `000.00.20.H20-261020-0008` trên hồ sơ `…-0007` bị báo DC006
    tại `/appointment_slip/dossier_code`.
    """,
)
def dossier_code_inconsistent(ctx: Context) -> Sequence[Finding]:
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
    # "written != code" first: on most forms the code is the same, and that one comparison settles it.
    # The three slips from the context's attributes (what part() reads); the rejection and the apologies
    # read as part() and items() read them, inline: no call for a part most dossiers do not have.
    rejection = ctx.dossier.get(REJECTION)
    carriers = (
        ("appointment_slip", ctx.appointment_slip),
        ("control_slip", ctx.control_slip),
        ("tracking_entry", ctx.tracking_entry),
        ("rejection", rejection if isinstance(rejection, dict) else None),
    )
    found: list[Finding] = []
    for key, part in carriers:
        if part is not None:
            written = part.get(DOSSIER_CODE)
            if written != code and isinstance(written, str) and written.strip():
                found.append(finding(f"/{key}/dossier_code", part=key, found=written, code=code))
    apologies = ctx.dossier.get(APOLOGIES)
    if isinstance(apologies, list):
        for i, apology in enumerate(apologies):
            if isinstance(apology, dict):
                written = apology.get(DOSSIER_CODE)
                if written != code and isinstance(written, str) and written.strip():
                    found.append(
                        finding(f"/apologies/{i}/dossier_code", part="apologies", found=written, code=code)
                    )
    return found


@rule(
    "DC007",
    "provisional-calendar",
    severity="info",
    title_vi="Hạn tính theo lịch nghỉ lễ dự kiến",
    title_en="Deadline computed from a provisional holiday calendar",
    summary_vi="Một thời hạn mà lần kiểm tra dựa vào được tính theo lịch nghỉ lễ dự kiến của một năm chưa "
    "có lịch nghỉ chính thức.",
    summary_en="A deadline this check relied on falls in a year with no official schedule (computed "
    "holidays).",
    message_vi="Hạn tính theo lịch nghỉ lễ dự kiến của năm {years} (chưa có thông báo chính thức); cần kiểm tra lại.",
    message_en="A deadline relied on a provisional holiday calendar for {years} (no official schedule); verify it.",
    legal_basis=("BLLĐ 2019 Điều 112", "BLLĐ 2019 Điều 111.3"),
    doc_vi="""
    Nội dung kiểm tra: có phép tính ngày làm việc nào của lần kiểm tra này (thời hạn giải quyết, thời điểm
    tiếp nhận tính hạn, hạn chuyển hồ sơ, giới hạn 03 ngày làm việc đối với yêu cầu bổ sung, ngày làm việc
    liền trước ngày hẹn) chạm tới một năm mà thư viện chưa có lịch nghỉ lễ và ngày làm bù chính thức, và
    người dùng cũng không cung cấp trong tệp lịch hay không. Báo một lần cho mỗi hồ sơ, kèm `params.years`.

    Vì sao cần kiểm tra: với những năm đó, các ngày nghỉ lễ theo luật được suy ra (Bộ luật Lao động Điều 112,
    ngày âm lịch tính theo múi giờ UTC+7), nhưng các ngày nghỉ Tết và các ngày thứ Bảy làm bù do Thủ tướng
    Chính phủ quyết định hằng năm; kết quả nào dựa vào các ngày đó cần được kiểm tra lại khi có thông báo
    chính thức.

    Ví dụ: hồ sơ tiếp nhận ngày 01/02/2027, thời hạn 7 ngày làm việc, được báo DC007 với `years: [2027]`.
    """,
)
def provisional_calendar(ctx: Context) -> Sequence[Finding]:
    """What it checks: whether any working-day computation of this check (deadline, effective receipt,
    transfer deadline, the 3-working-day supplement limit, the day before an appointment) touched a year
    for which no official schedule of days off and working Saturdays ships with the library or was given
    in a calendar file. Raised once per dossier, by the engine, with `params.years`.

    Why it matters: for such a year the statutory holidays are derived (Labour Code art. 112, lunar dates
    computed for UTC+7), but the Tết days and the make-up Saturdays are set each year by the Prime Minister;
    a finding that depends on them should be re-checked when the official notice is out.

    Example: a dossier received 2027-02-01 with a 7-working-day limit gives DC007 with `years: [2027]`.
    """
    return ()


@rule(
    "DC008",
    "unknown-field",
    severity="warning",
    title_vi="Tên trường dữ liệu nghi bị viết sai",
    title_en="Probably misspelled field",
    summary_vi="Một trường không thuộc định dạng hồ sơ có tên gần giống một trường ở cùng vị trí (nghi viết "
    "sai).",
    summary_en="A key outside the format looks like a misspelling of a key of the same place.",
    message_vi="Trường “{field:verbatim}” không thuộc định dạng hồ sơ, có thể là “{suggestion}” bị viết sai; giá "
    "trị của trường này không được kiểm tra.",
    message_en="Field “{field:verbatim}” is not part of the dossier format and looks like a misspelling of "
    "“{suggestion}”; its value is not checked.",
    legal_basis=("TT 01/2018/TT-VPCP Điều 10.1.c",),
    doc_vi="""
    Nội dung kiểm tra: mọi trường không thuộc định dạng hồ sơ, ở cấp ngoài cùng hoặc bên trong một phần đã
    biết — người nộp, người được ủy quyền (của hồ sơ và trên Giấy tiếp nhận), một dòng thành phần hồ sơ hoặc
    giấy tờ xuất trình, Giấy tiếp nhận hồ sơ và hẹn trả kết quả và các dòng thành phần của giấy, Phiếu kiểm
    soát quá trình giải quyết hồ sơ và các dòng giao nhận, dòng Sổ theo dõi hồ sơ, một yêu cầu bổ sung, Phiếu
    từ chối, một văn bản xin lỗi, Thông báo dừng giải quyết hồ sơ — mà tên gần giống một trường của chính vị
    trí đó: chỉ khác nhau không quá hai ký tự (thêm, bớt hoặc thay), hoặc trùng nhau sau khi bỏ phân biệt chữ
    hoa, chữ thường, bỏ dấu `_` và chữ `s` cuối. Mỗi trường là một vi phạm, tại vị trí của trường đó, kèm
    `params.field` (tên trường như đã ghi) và `params.suggestion` (tên trường gần giống). Các trường lạ khác
    vẫn được chấp nhận và không bị báo; trường bắt đầu bằng `x_` không bao giờ bị báo.

    Vì sao cần kiểm tra: dữ liệu xuất từ các hệ thống thường kèm thông tin riêng nên trường lạ được bỏ qua —
    nhưng một trường viết sai tên là dữ liệu bị mất mà không ai hay: các quy tắc đánh giá bản ghi như thể
    trường đó không có. Đây là cảnh báo: tự nó không làm hồ sơ bị đánh giá không đạt.

    Ví dụ: Giấy tiếp nhận có `"apointment_at": "2026-10-29T14:00:00+07:00"` bị báo DC008 tại
    `/appointment_slip/apointment_at` với `params.suggestion` là `appointment_at` (đồng thời bị báo DC202 tại
    `/appointment_slip/appointment_at` vì thiếu mục này).
    """,
)
def unknown_field(ctx: Context) -> list[Finding]:
    """What it checks: every key that is not part of the dossier format, at the top level or inside a known
    part — the applicant, the representative (the dossier's and the slip's), a component or shown-document
    row, the appointment slip and its component rows, the control slip and its hand-over rows, the tracking
    entry, a supplement request, the rejection, an apology, the stop notice — and that looks like a
    misspelling of a key of that same place: at most two edits away from it, or equal to it after case-folding
    and dropping `_` and a final `s`. One finding per key, at the key's path, with `params.field` (the key as
    written) and `params.suggestion` (the key it resembles). Other unknown keys stay allowed and silent; keys
    that begin with `x_` are never reported.

    Why it matters: exports carry extra data, so unknown keys are ignored — but a misspelled key is data lost
    without a word: the rules judge the record as if the field were absent. A warning: it never fails a
    dossier on its own.

    Example: an appointment slip with `"apointment_at": "2026-10-29T14:00:00+07:00"` gives DC008 at
    `/appointment_slip/apointment_at` with `params.suggestion` `appointment_at` (and DC202 at
    `/appointment_slip/appointment_at`, which is missing).
    """
    found: list[Finding] = []
    holders = getattr(ctx.problems, "holders", None)
    if holders is None or ctx.problems:
        # Not read by validate_record, or not the record it read (the engine has settled or merged its
        # problems), or a record with format problems: a part of the wrong type, which the validator does
        # not read as an object, is still walked as one here.
        _misspelled_keys()(ctx.dossier, found)
    else:
        for obj, place, pointer in holders:
            _report(obj, place, _passed(place), pointer, found)
    return found


class Problems(list[Problem]):
    """A record's format problems, as :func:`validate_record` found them, with ``holders``: the objects of
    the record that hold a key outside their place's set (:func:`_passed`), as ``(object, place, pointer)``."""

    __slots__ = ("holders",)

    holders: list[tuple[dict[str, Any], Place, str]]


def validate_record(record: Any) -> Problems:
    """:func:`~dossier_check.schema.validate_dossier` of a record, and the objects DC008 looks into.

    One pass for both: the validator reads every object of a record, so it also notes those that hold a
    key their place does not know (or has not yet found silent), where DC008 would walk the record again.
    For a record without format problems those are the objects the walk would report from (every part
    the place tree names is then an object, or a list of objects); DC008 walks any other record.
    """
    holders: list[tuple[dict[str, Any], Place, str]] = []
    problems = Problems(_watching_validator()(record, holders))
    problems.holders = holders
    return problems


@cache
def _watching_validator() -> Callable[[Any, list[Any]], list[Problem]]:
    def watch(members: tuple[str, ...]) -> tuple[set[str], Place] | None:
        place: Place | None = dossier_place()
        for key in members:
            place = place.parts.get(key) if place is not None else None
        if place is None:
            return None
        seen.add(members)
        return _passed(place), place

    seen: set[tuple[str, ...]] = set()
    validator = generate_watching_validator(dossier_schema(), watch)
    if seen != _place_paths(dossier_place(), ()):
        raise ValueError(f"the validator reads only these places of the tree as objects: {sorted(seen)}")
    return validator


def _place_paths(place: Place, at: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The members that lead from the record to each place of the tree (the record's is ``()``)."""
    return {at}.union(*(_place_paths(part, (*at, key)) for key, part in place.parts.items()))


@cache
def _passed(place: Place) -> set[str]:
    """The keys DC008 need not look at in an object of ``place``: the place's own, and the unknown keys
    :func:`_report` has found silent there. They are the parser's own strings
    (:func:`~dossier_check.schema.parser_string`), so that a parsed dossier's keys are found by identity."""
    return {parser_string(key) for key in place.known}


@cache
def _misspelled_keys() -> Callable[[dict[str, Any], list[Finding]], None]:
    """The walk of DC008 over the place tree, generated once as one flat function (the hot path of every
    dossier): a part whose keys are all known, or known to be silent, is one subset test in C, and a
    pointer is only built for a part that has another key.

    It reads every object the tree names, whatever its type holds: a part given as a list is walked row
    by row, a list part given as one object is walked as a row. The keys it holds (each place's set, the
    parts it reads) are the parser's own strings (:func:`~dossier_check.schema.parser_string`), so that
    both find a parsed dossier's keys by identity.
    """
    lines = ["def walk(v, found):"]
    ns: dict[str, Any] = {
        "_report": _report,
        "type": type,
        "dict": dict,
        "list": list,
        "enumerate": enumerate,
    }
    numbers = itertools.count()

    def name(prefix: str) -> str:
        return f"{prefix}{next(numbers)}"

    def const(value: Any) -> str:
        key = name("c")
        ns[key] = value
        return key

    passed_of: dict[Place, str] = {}  # one name per place, wherever it occurs

    def gen(place: Place, var: str, pointer: str, ind: str) -> None:
        # ``pointer``: the body of an f-string (an index is a {variable}), evaluated only to report
        if place not in passed_of:
            passed_of[place] = const(_passed(place))
        passed = passed_of[place]
        lines.append(f"{ind}if not {passed}.issuperset({var}):")
        lines.append(f"{ind}    _report({var}, {const(place)}, {passed}, f{pointer!r}, found)")
        for key, part in place.parts.items():
            y, i, row = name("y"), name("i"), name("r")
            escaped = pointer_escape(key).replace("{", "{{").replace("}", "}}")
            lines.append(f"{ind}{y} = {var}.get({const(parser_string(key))})")
            lines.append(f"{ind}if type({y}) is dict:")
            gen(part, y, f"{pointer}/{escaped}", ind + "    ")
            lines.append(f"{ind}elif type({y}) is list:")
            lines.append(f"{ind}    for {i}, {row} in enumerate({y}):")
            lines.append(f"{ind}        if type({row}) is dict:")
            gen(part, row, f"{pointer}/{escaped}/{{{i}}}", ind + "            ")

    gen(dossier_place(), "v", "", "    ")
    exec(compile("\n".join(lines), "<dossier-check DC008 walk>", "exec"), ns)
    return ns["walk"]  # type: ignore[no-any-return]


_SILENT_LIMIT = 256
"""How many unknown keys of one place may be remembered as silent (a bound on memory for odd exports)."""


def _report(obj: dict[str, Any], place: Place, passed: set[str], pointer: str, found: list[Finding]) -> None:
    """Report the keys of ``obj`` that look misspelled; remember in ``passed`` those that do not.

    ``passed`` is the place's known keys and the unknown keys found silent so far (exports repeat their
    extra keys on every record): a memo whose members are a function of the key, so threads sharing it
    may race to add one, never add a wrong one.
    """
    for key in obj.keys() - place.known:
        suggestion = suggestion_for(key, place)
        if suggestion is not None:
            found.append(finding(f"{pointer}/{pointer_escape(key)}", field=key, suggestion=suggestion))
        elif len(passed) < len(place.known) + _SILENT_LIMIT:
            passed.add(key)
