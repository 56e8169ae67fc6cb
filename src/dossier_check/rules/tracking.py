"""DC4xx — Sổ theo dõi hồ sơ (the tracking book: Mẫu 07, TT 03/2025; Mẫu 06, TT 01/2018)."""

from __future__ import annotations

from collections.abc import Sequence

from .._text import is_missing
from ._common import missing_fields, same_text, time_at, time_mismatch
from ._context import Context
from ._keys import RETURNED_AT, TRACKING_ENTRY
from ._registry import Finding, finding, rule

_TE = "/tracking_entry"
_COLUMNS = (
    "entry_no",
    "dossier_code",
    "procedure_name",
    "applicant_name",
    "address_phone",
    "lead_agency",
    "received_at",
    "appointment_at",
)
_RETURNED_COLUMNS = (*_COLUMNS, "returned_at", "return_method")  # once the dossier was returned
_BASIS = ("NĐ 61/2018 Điều 39.1", "TT 01/2018/TT-VPCP Điều 10.2", "TT 03/2025/TT-VPCP Mẫu 07")


@rule(
    "DC401",
    "missing-tracking-entry",
    severity="error",
    title_vi="Không vào Sổ theo dõi hồ sơ",
    title_en="No tracking-book entry",
    summary_vi="Hồ sơ đã tiếp nhận không được vào Sổ theo dõi hồ sơ (kể cả thủ tục trả kết quả ngay).",
    summary_en="An `accepted` dossier has no entry in the tracking book (immediate-result procedures too).",
    message_vi="Hồ sơ đã tiếp nhận nhưng không được vào Sổ theo dõi hồ sơ.",
    message_en="The dossier was accepted but not entered in the tracking book (Sổ theo dõi hồ sơ).",
    legal_basis=_BASIS,
    outcomes=("accepted",),
    doc_vi="""
    Nội dung kiểm tra: mọi hồ sơ đã tiếp nhận (`accepted`) đều có `tracking_entry`, bất kể thủ tục nào — sổ
    ghi mọi hồ sơ đã tiếp nhận, kể cả hồ sơ trả kết quả ngay. Chỉ `tracking_entry` không có hoặc là `null`
    mới là thiếu; dòng sổ sai kiểu dữ liệu là DC001.

    Vì sao cần kiểm tra: Sổ theo dõi hồ sơ là sổ đăng ký của Bộ phận Một cửa về những hồ sơ đã nhận và ngày
    trả kết quả; hồ sơ không được vào sổ sẽ không xuất hiện trong bất kỳ số liệu thống kê hay đợt kiểm tra
    nào sau này.

    Ví dụ: hồ sơ đã tiếp nhận với `"tracking_entry": null` bị báo DC401 tại `/tracking_entry`.
    """,
)
def missing_tracking_entry(ctx: Context) -> Sequence[Finding]:
    """What it checks: every `accepted` dossier has a `tracking_entry`, whatever its procedure — the book
    records every dossier received, immediate-result ones included. Only an absent or `null` entry is
    missing; one of the wrong type is DC001.

    Why it matters: the book is the desk's register of what it received and when it returned it; an
    unrecorded dossier is invisible to every statistic and every later inspection.

    Example: an accepted dossier with `"tracking_entry": null` gives DC401 at `/tracking_entry`.
    """
    if ctx.dossier.get(TRACKING_ENTRY) is None:
        return [finding(_TE)]
    return ()


@rule(
    "DC402",
    "tracking-entry-incomplete",
    severity="error",
    title_vi="Sổ theo dõi hồ sơ thiếu thông tin",
    title_en="Tracking-book entry incomplete",
    summary_vi="Dòng Sổ theo dõi hồ sơ thiếu một cột; hồ sơ đã trả kết quả còn phải ghi các cột trả kết quả.",
    summary_en="The tracking entry lacks a column; returned dossiers also need the return columns.",
    message_vi="Sổ theo dõi hồ sơ thiếu cột “{field}”.",
    message_en="The tracking book entry lacks “{field}”.",
    legal_basis=(*_BASIS, "TT 01/2018/TT-VPCP Điều 10.1.c"),
    doc_vi="""
    Nội dung kiểm tra: dòng sổ có `entry_no`, `dossier_code`, `procedure_name`, `applicant_name`,
    `address_phone`, `lead_agency`, `received_at`, `appointment_at`; và khi hồ sơ đã có `returned_at` thì có
    thêm `returned_at` và `return_method`. Mỗi cột thiếu là một vi phạm; chuỗi để trống là thiếu, kể cả ở
    `return_method`.

    Vì sao cần kiểm tra: các cột của sổ do biểu mẫu quy định và phải được ghi “đầy đủ, rõ ràng, chính xác”;
    sổ điện tử cũng phải có đủ các thông tin đó (ghi chú của Mẫu 07, TT 03/2025).

    Ví dụ: hồ sơ đã trả kết quả mà dòng sổ không có `return_method` bị báo DC402 tại
    `/tracking_entry/return_method`.
    """,
    part="tracking_entry",
)
def tracking_entry_incomplete(ctx: Context) -> Sequence[Finding]:
    """What it checks: the entry has `entry_no`, `dossier_code`, `procedure_name`, `applicant_name`,
    `address_phone`, `lead_agency`, `received_at`, `appointment_at`; and, once the dossier has a
    `returned_at`, also `returned_at` and `return_method`. One finding per missing column; a blank string is
    missing, `return_method` included.

    Why it matters: the book's columns are fixed by the form and must be filled "đầy đủ, rõ ràng, chính xác";
    an electronic book must hold the same information (TT 03/2025 notes to Mẫu 07).

    Example: a returned dossier whose entry has no `return_method` gives DC402 at
    `/tracking_entry/return_method`.
    """
    entry = ctx.tracking_entry
    if entry is None:
        return ()
    returned = not is_missing(ctx.dossier.get(RETURNED_AT)) and not (
        ctx.problems and ctx.is_broken("/returned_at")
    )
    return missing_fields(ctx, entry, _TE, _RETURNED_COLUMNS if returned else _COLUMNS)


@rule(
    "DC403",
    "tracking-entry-mismatch",
    severity="error",
    title_vi="Sổ theo dõi hồ sơ ghi khác với hồ sơ",
    title_en="Tracking-book entry differs from the dossier",
    summary_vi="Thời gian tiếp nhận, trả kết quả hoặc hẹn trả ghi trong Sổ theo dõi hồ sơ khác với hồ sơ "
    "hoặc Giấy tiếp nhận.",
    summary_en="The entry's receipt, return or appointment time differs from the dossier / the slip.",
    message_vi="Sổ theo dõi hồ sơ ghi “{field}” là {found}, khác với {source} ({expected}).",
    message_en="The tracking book's “{field}” is {found}, unlike the {source} ({expected}).",
    legal_basis=_BASIS,
    doc_vi="""
    Nội dung kiểm tra, mỗi trường khác nhau là một vi phạm: `received_at` của dòng sổ so với của hồ sơ;
    `returned_at` của dòng sổ, nếu có, so với của hồ sơ (sổ ghi ngày trả cho một hồ sơ không ghi ngày trả nào
    cũng là không khớp); `appointment_at` của dòng sổ so với của Giấy tiếp nhận hồ sơ và hẹn trả kết quả. Thời
    gian được so sánh ở độ chính xác thấp hơn trong hai giá trị: ngày, phút hoặc giây, nên cột sổ chỉ ghi ngày
    vẫn khớp với ngày giờ trong hồ sơ.

    Vì sao cần kiểm tra: người kiểm tra tính tỷ lệ giải quyết đúng hạn từ sổ; ngày ghi trong sổ khác với hồ
    sơ sẽ làm một hồ sơ quá hạn trông như đúng hạn.

    Ví dụ: dòng sổ ghi `returned_at` là 29/10/2026 trong khi hồ sơ trả kết quả ngày 31/10/2026 bị báo DC403
    tại `/tracking_entry/returned_at`.
    """,
    part="tracking_entry",
)
def tracking_entry_mismatch(ctx: Context) -> Sequence[Finding]:
    """What it checks, one finding per field: the entry's `received_at` against the dossier's; its
    `returned_at`, when it has one, against the dossier's (a return date in the book for a dossier that
    records none is a mismatch too); its `appointment_at` against the appointment slip's. Times compare at the
    coarser precision of the two (date, minute or second), so a date-only book column matches a date-time on
    the dossier.

    Why it matters: inspectors compute on-time rates from the book; a book date that disagrees with the
    dossier makes a late dossier look on time.

    Example: entry `returned_at` 2026-10-29 when the dossier was returned 2026-10-31 gives DC403 at
    `/tracking_entry/returned_at`.
    """
    entry = ctx.tracking_entry
    if entry is None:
        return ()
    found = [*time_mismatch(ctx, entry, _TE, "received_at", "dossier")]
    if same_text(entry.get(RETURNED_AT), ctx.dossier.get(RETURNED_AT)):
        mine = None  # the book copies the dossier's return time: the same text is the same time
    else:
        mine = time_at(ctx, entry, "returned_at", _TE)
    if mine is not None and not (ctx.problems and ctx.is_broken("/returned_at")):
        theirs = time_at(ctx, ctx.dossier, "returned_at", "")
        if theirs is None or not mine.same(theirs):
            found.append(
                finding(
                    f"{_TE}/returned_at",
                    field="returned_at",
                    found=mine.isoformat(),
                    expected=theirs.isoformat() if theirs else None,
                    source="dossier",
                )
            )
    found += time_mismatch(ctx, entry, _TE, "appointment_at", "appointment_slip")
    return found
