"""DC1xx — the components kept in an accepted dossier against the published list (Thành phần hồ sơ).

Judged for ``accepted`` dossiers only: a dossier sent back for supplements or refused keeps nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from itertools import repeat
from operator import is_
from typing import Any

from .._text import count
from ..models import AllOf, AnyOf, IfFact, ProcedureComponent, UnlessFact
from ._context import Context
from ._keys import SETS
from ._registry import Finding, finding, rule

_EXCESS_BASIS = ("NĐ 118/2025 Điều 5", "NĐ 118/2025 Điều 6.1.b", "NĐ 63/2010 Điều 18.6")
_RANK = {"photocopy": 0, "copy": 1, "certified_copy": 2, "original": 3}
_ACCEPTED = ("accepted",)


def holds(condition: Any, facts: Mapping[str, Any]) -> bool:
    """Whether a ``required`` value holds for a dossier with these facts (conditions nest)."""
    if isinstance(condition, bool):
        return condition
    if isinstance(condition, IfFact):
        return facts.get(condition.if_fact) is True
    if isinstance(condition, UnlessFact):
        return facts.get(condition.unless_fact) is not True
    if isinstance(condition, AllOf):
        return all(holds(c, facts) for c in condition.all)
    if isinstance(condition, AnyOf):
        return any(holds(c, facts) for c in condition.any)
    return True  # pragma: no cover - the model allows nothing else


def is_required(component: ProcedureComponent, facts: Mapping[str, Any]) -> bool:
    """Whether a published component is required for a dossier with these facts."""
    r = component.required
    return r if isinstance(r, bool) else holds(r, facts)


class _Published:
    """What the DC1xx rules read of one published component, as plain slots.

    A pydantic model's attributes are read through its class's ``__getattr__`` hook, which costs about four
    times a plain slot's read (and ``accepted_forms`` is a property on top): the rules read a component's
    kind, code and forms for every kept row of every dossier, so each component is read once, here.
    """

    __slots__ = ("accepted", "code", "component", "kind", "limited_by_form", "quantity")

    def __init__(self, component: ProcedureComponent) -> None:
        self.component = component  # also keeps the component alive while its id keys _PUBLISHED
        self.kind = component.kind
        self.code = component.code
        self.accepted = component.accepted_forms
        self.quantity = component.quantity
        self.limited_by_form = component.copies is not None


# By the component's id: the entry holds the component, so an id is never reused while its entry lives.
_PUBLISHED: dict[int, _Published] = {}


def published(component: ProcedureComponent) -> _Published:
    """The plain view of a published component (made once per component)."""
    view = _PUBLISHED.get(id(component))
    if view is None:
        if len(_PUBLISHED) >= _MEMO_LIMIT:  # components are a catalogue's: a bound against misuse only
            _PUBLISHED.clear()
        view = _PUBLISHED[id(component)] = _Published(component)
    return view


def _label(row: Mapping[str, Any]) -> str:
    name, code = row.get("name"), row.get("code")
    if isinstance(name, str) and name.strip():
        return name.strip()
    return str(code).strip()


@rule(
    "DC101",
    "missing-component",
    severity="error",
    title_vi="Thiếu thành phần hồ sơ bắt buộc",
    title_en="Required component missing",
    summary_vi="Thiếu một giấy tờ phải nộp bắt buộc (hoặc một nhóm giấy tờ thay thế nhau bắt buộc).",
    summary_en="A required `submit` component (or a required group of alternatives) is absent.",
    message_vi="Thiếu thành phần hồ sơ bắt buộc “{component}”.",
    message_en="Required component “{component}” is missing.",
    legal_basis=("NĐ 118/2025 Điều 17", "NĐ 61/2018 Điều 15.3"),
    needs=("/components", "/channel", "/facts", "/case"),
    requires_procedure=True,
    outcomes=_ACCEPTED,
    doc_vi="""
    Nội dung kiểm tra: mọi thành phần `submit` (giấy tờ phải nộp) bắt buộc trong thành phần hồ sơ đã công bố
    của phiên bản thủ tục và hình thức nộp này (`required` là `true`, hoặc `if_fact` đúng, hoặc `unless_fact`
    không đúng) đều có trong `components`. Các giấy tờ thay thế nhau cùng một `group` được tính là một: nhóm
    là bắt buộc khi có ít nhất một giấy tờ trong nhóm là bắt buộc, và chỉ cần một giấy tờ bất kỳ trong nhóm
    là đủ. Giấy tờ `show` (giấy tờ phải xuất trình) được trả lại cho người nộp nên không được kiểm tra.

    Chỉ xét hồ sơ đã tiếp nhận (`accepted`): hồ sơ bị trả lại để bổ sung hoặc bị từ chối thì không giữ giấy
    tờ nào.

    Vì sao cần kiểm tra: không được tiếp nhận hồ sơ chưa đầy đủ — Bộ phận Một cửa phải hướng dẫn người nộp bổ
    sung một lần, đầy đủ bằng Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02). Tiếp nhận rồi mới yêu cầu bổ
    sung là lỗi “yêu cầu bổ sung nhiều lần” mà các đoàn kiểm tra thường phát hiện.

    Ví dụ: hồ sơ đăng ký khai sinh (1.001193) nộp trực tiếp, được tiếp nhận mà không có Tờ khai đăng ký khai
    sinh, bị báo DC101 tại `/components` với `params.component_code` là `TP1`.
    """,
)
def missing_component(ctx: Context) -> Sequence[Finding]:
    """What it checks: every `submit` component of the published list for this version and channel that is
    required (`true`, `if_fact` true, `unless_fact` not true) is kept in `components`. Alternatives that share
    a `group` count once: the group is required when any member is, and any one member satisfies it. `show`
    documents are handed back and not audited.

    Only `accepted` dossiers are judged: a dossier sent back for supplements or refused keeps nothing.

    Why it matters: an incomplete dossier must not be accepted — the desk must guide the applicant to
    supplement it once, in full, on a Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02). Accepting it and
    asking later is the "bổ sung nhiều lần" fault inspections find.

    Example: a birth registration (1.001193) accepted in person without the Tờ khai đăng ký khai sinh gives
    DC101 at `/components` with `params.component_code` `TP1`.
    """
    assert ctx.version is not None
    facts = ctx.dossier.get("facts")  # the dossier's facts ({} when not an object)
    if not isinstance(facts, dict):
        facts = {}
    submitted = []  # a loop, not a comprehension: no function frame for every dossier
    for _, _, c in ctx.matched or ctx.matched_components():
        if c is not None:
            view = _PUBLISHED.get(id(c)) or published(c)  # published(c), its memo read inline
            if view.kind == "submit":
                submitted.append(view.code)
    # The codes as a tuple, in row order: a key that hashes the codes' cached hashes, with no set built (the
    # same codes in another order, or repeated, are another key with the same verdict).
    present = tuple(submitted)
    if ctx.case is not None or not ctx.version.cases:
        return [*_missing(ctx.index().components, present, facts).values()]
    # No case named: missing only what every case misses (a component required in every case).
    per_case = [
        _missing(ctx.version.index(ctx.channel, case.id).components, present, facts)
        for case in ctx.version.cases
    ]
    return [found for key, found in per_case[0].items() if all(key in other for other in per_case[1:])]


def _fact_names(condition: Any) -> Iterator[str]:
    """The facts a ``required`` value reads (conditions nest)."""
    if isinstance(condition, IfFact):
        yield condition.if_fact
    elif isinstance(condition, UnlessFact):
        yield condition.unless_fact
    elif isinstance(condition, AllOf):
        for c in condition.all:
            yield from _fact_names(c)
    elif isinstance(condition, AnyOf):
        for c in condition.any:
            yield from _fact_names(c)


# A list's DC101 findings depend only on the codes present and on which facts its conditions read are
# true — and, once the codes are known, only on the conditions of what is not present: a component kept, or
# a group with a member kept, is never missing, whatever its condition. So the memo has two levels: by list
# and codes, the names of the facts that can still matter (usually none: nothing to read of the dossier's
# facts); under it, by which of those facts are true, the findings. An export's thousands of dossiers of a
# few procedures judge each list a few times. Keys hold the list itself (so an id is never reused while its
# entry lives); values are functions of their keys, so threads racing to store one store equal values.
_Judged = dict[tuple[bool, ...], dict[tuple[str, str], Finding]]
_BY_CODES: dict[
    tuple[int, tuple[str, ...]], tuple[tuple[ProcedureComponent, ...], tuple[str, ...], _Judged]
] = {}
_MEMO_LIMIT = 1 << 14
_TRUE = repeat(True)  # endless: what each fact is compared with (by identity) in _missing


def _missing(
    components: tuple[ProcedureComponent, ...], present: tuple[str, ...], facts: Mapping[str, Any]
) -> dict[tuple[str, str], Finding]:
    """:func:`_judge`, memoised on what it reads of the dossier; the findings returned are fresh copies."""
    key = (id(components), present)
    level = _BY_CODES.get(key)
    if level is None or level[0] is not components:
        if len(_BY_CODES) >= _MEMO_LIMIT:
            _BY_CODES.clear()
        level = _BY_CODES[key] = (components, _open_fact_names(components, present), {})
    names, judged = level[1], level[2]
    # ``facts.get(n) is True`` for each name that can still matter (often two or three), read in C: a
    # comprehension would build a function frame for every dossier.
    read = tuple(map(is_, map(facts.get, names), _TRUE)) if names else ()
    found = judged.get(read)
    if found is None:
        if len(judged) >= _MEMO_LIMIT:
            judged.clear()
        found = judged[read] = _judge(components, present, facts)
    if not found:  # the usual verdict: nothing missing
        return {}
    return {
        k: Finding(f.path, {n: list(v) if type(v) is list else v for n, v in f.params.items()})
        for k, f in found.items()
    }


def _open_fact_names(components: tuple[ProcedureComponent, ...], present: Collection[str]) -> tuple[str, ...]:
    """The facts :func:`_judge` can read to any effect for these codes: those named by the conditions of the
    ``submit`` components not present outside a group, and of every member of a group none of whose members
    is present (a kept component, or a satisfied group, is judged present whatever the facts say)."""
    alone, groups = _submit_parts(components)
    open_ = [comp for comp in alone if comp.code not in present]
    for members in groups.values():
        if not any(m.code in present for m in members):
            open_ += members
    return tuple(sorted({n for comp in open_ for n in _fact_names(comp.required)}))


def _submit_parts(
    components: tuple[ProcedureComponent, ...],
) -> tuple[list[ProcedureComponent], dict[str, list[ProcedureComponent]]]:
    """The ``submit`` components outside any group, and the members of each group by its name, in list order:
    what DC101 judges one by one and group by group (:func:`_judge`, :func:`_open_fact_names`)."""
    alone: list[ProcedureComponent] = []
    groups: dict[str, list[ProcedureComponent]] = {}
    for comp in components:
        if comp.kind != "submit":
            continue
        if comp.group is not None:
            groups.setdefault(comp.group, []).append(comp)
        else:
            alone.append(comp)
    return alone, groups


def _judge(
    components: tuple[ProcedureComponent, ...], present: Collection[str], facts: Mapping[str, Any]
) -> dict[tuple[str, str], Finding]:
    """The DC101 findings of one component list, keyed by component code or group name."""
    out: dict[tuple[str, str], Finding] = {}
    alone, groups = _submit_parts(components)
    for comp in alone:
        if comp.code not in present and is_required(comp, facts):
            out[("code", comp.code)] = finding("/components", component=comp.name, component_code=comp.code)
    for group, members in groups.items():
        if any(is_required(m, facts) for m in members) and not any(m.code in present for m in members):
            out[("group", group)] = finding(
                "/components",
                component=" / ".join(m.name for m in members),
                component_code=[m.code for m in members],
                group=group,
            )
    return out


@rule(
    "DC102",
    "excess-component",
    severity="error",
    title_vi="Nhận thừa thành phần hồ sơ",
    title_en="Component not in the published list",
    summary_vi="Một thành phần đã nhận không có trong thành phần hồ sơ đã công bố của phiên bản thủ tục và "
    "hình thức nộp này.",
    summary_en="A kept component is not in the published list for this procedure version and channel.",
    message_vi="Nhận thừa thành phần hồ sơ “{component}”: không có trong thành phần hồ sơ đã công bố của thủ tục "
    "{procedure_code} (nộp {channel}).",
    message_en="Excess component “{component}”: not in the published list of procedure {procedure_code} "
    "(filed {channel}).",
    legal_basis=_EXCESS_BASIS,
    needs=("/components", "/channel", "/case"),
    requires_procedure=True,
    outcomes=_ACCEPTED,
    doc_vi="""
    Nội dung kiểm tra: mỗi dòng của `components` có khớp với một thành phần trong thành phần hồ sơ đã công bố
    của phiên bản thủ tục và hình thức nộp của hồ sơ không — khớp theo `code` nếu dòng có mã, nếu không thì
    theo `name` đã chuẩn hóa. Thành phần chỉ áp dụng cho hình thức nộp khác (`channels`) không thuộc danh
    sách. Giấy tờ ghi trong `shown_documents` không bao giờ bị coi là nhận thừa.

    Chỉ xét hồ sơ đã tiếp nhận (`accepted`): hồ sơ bị trả lại để bổ sung hoặc bị từ chối thì không giữ giấy
    tờ nào.

    Vì sao cần kiểm tra: “nhận thừa thành phần hồ sơ” — yêu cầu giấy tờ mà thủ tục đã công bố không quy định
    — bị nghiêm cấm (NĐ 118/2025 Điều 5; NĐ 63/2010 Điều 18.6: “không tự đặt ra … hồ sơ, giấy tờ ngoài quy
    định”), và người nộp có quyền từ chối yêu cầu đó (NĐ 118/2025 Điều 6.1.b). Đây là lỗi các đoàn kiểm tra
    phát hiện nhiều nhất.

    Ví dụ: hồ sơ đăng ký thường trú (1.004222) có nhận “Sổ hộ khẩu” bị báo DC102 tại `/components/2` với
    `params.component` là `Sổ hộ khẩu`.
    """,
)
def excess_component(ctx: Context) -> Sequence[Finding]:
    """What it checks: every row of `components` matches a component of the published list for this
    procedure version and the dossier's channel — by `code` when the row has one, else by normalised `name`.
    A component limited to other `channels` is not part of the list. Documents in `shown_documents` are
    never excess.

    Only `accepted` dossiers are judged: a dossier sent back for supplements or refused keeps nothing.

    Why it matters: "nhận thừa thành phần hồ sơ" — asking for papers the published procedure does not list —
    is expressly forbidden (NĐ 118/2025 Điều 5; NĐ 63/2010 Điều 18.6: "không tự đặt ra … hồ sơ, giấy tờ ngoài
    quy định"), and the applicant may refuse it (NĐ 118/2025 Điều 6.1.b). It is the fault inspections find
    most often.

    Example: a permanent-residence dossier (1.004222) that keeps a "Sổ hộ khẩu" gives DC102 at
    `/components/2` with `params.component` `Sổ hộ khẩu`.
    """
    found: list[Finding] = []
    for i, row, comp in ctx.matched or ctx.matched_components():
        if comp is None:
            found.append(
                finding(
                    f"/components/{i}",
                    component=_label(row),
                    component_code=row.get("code"),
                    procedure_code=ctx.version.code if ctx.version else None,
                    channel=ctx.channel,
                )
            )
    return found


@rule(
    "DC103",
    "show-only-component-kept",
    severity="error",
    title_vi="Giữ lại giấy tờ chỉ phải xuất trình",
    title_en="Show-only document kept",
    summary_vi="Giấy tờ chỉ phải xuất trình (để đối chiếu rồi trả lại) bị giữ lại trong `components`.",
    summary_en="A `show` document (to be shown and handed back) was kept in `components`.",
    message_vi="Giữ lại giấy tờ chỉ phải xuất trình “{component}”: giấy tờ này chỉ để đối chiếu và phải trả lại "
    "người nộp.",
    message_en="Show-only document “{component}” was kept: it is shown for checking and must be handed back.",
    legal_basis=(*_EXCESS_BASIS, "TT 03/2025/TT-VPCP Điều 5.2.b"),
    needs=("/components", "/channel", "/case"),
    requires_procedure=True,
    outcomes=_ACCEPTED,
    doc_vi="""
    Nội dung kiểm tra: không dòng nào của `components` khớp với một thành phần `show` (giấy tờ phải xuất
    trình).

    Chỉ xét hồ sơ đã tiếp nhận (`accepted`): hồ sơ bị trả lại để bổ sung hoặc bị từ chối thì không giữ giấy
    tờ nào.

    Vì sao cần kiểm tra: thủ tục đã công bố phân biệt giấy tờ phải nộp với giấy tờ chỉ phải xuất trình; cán
    bộ đối chiếu giấy tờ xuất trình rồi trả lại. Giữ lại giấy tờ đó (thường là bản chụp) là nhận một thành
    phần mà thủ tục không yêu cầu.

    Ví dụ: hồ sơ đăng ký kết hôn giữ lại giấy tờ tùy thân của hai bên (XT1) trong `components` bị báo DC103
    tại `/components/1`; ghi các giấy tờ đó vào `shown_documents` mới đúng.
    """,
)
def show_only_component_kept(ctx: Context) -> Sequence[Finding]:
    """What it checks: no row of `components` matches a `show` component (giấy tờ phải xuất trình).

    Only `accepted` dossiers are judged: a dossier sent back for supplements or refused keeps nothing.

    Why it matters: the published procedure separates papers to submit from papers only to be shown; the
    officer compares a shown paper and hands it back. Keeping it (usually as a photocopy) is taking a
    component the procedure does not ask for.

    Example: a marriage registration that keeps the spouses' ID cards (XT1) in `components` gives DC103 at
    `/components/1`; listing them in `shown_documents` is correct.
    """
    found: list[Finding] = []
    for i, _row, comp in ctx.matched or ctx.matched_components():
        if comp is not None and (_PUBLISHED.get(id(comp)) or published(comp)).kind == "show":
            found.append(finding(f"/components/{i}", component=comp.name, component_code=comp.code))
    return found


@rule(
    "DC104",
    "component-form-not-accepted",
    severity="error",
    title_vi="Thành phần hồ sơ không đúng dạng bản quy định",
    title_en="Component in a form not accepted",
    summary_vi="Dạng bản của một thành phần (bản chính, bản sao…) không thuộc các dạng thủ tục chấp nhận "
    "(cao hơn, thấp hơn hoặc khác).",
    summary_en="A component's form is not among its accepted forms (stricter, weaker or other).",
    message_vi="Thành phần “{component}” nhận ở dạng {form}, trong khi thủ tục chấp nhận {accepted} (yêu cầu "
    "{direction} quy định).",
    message_en="Component “{component}” was taken as {form}; the procedure accepts {accepted} ({direction} than "
    "published).",
    legal_basis=("NĐ 23/2015 Điều 6", "NĐ 63/2010 Điều 18.6"),
    needs=("/components", "/channel", "/case"),
    requires_procedure=True,
    outcomes=_ACCEPTED,
    doc_vi="""
    Nội dung kiểm tra: `form` (dạng bản) của mỗi dòng đã nhận khớp với một thành phần `submit` có thuộc các
    dạng được chấp nhận (`forms`) của thành phần đó không. `params.direction` là `stricter` khi dạng đã nhận
    cao hơn mọi dạng được chấp nhận, `weaker` khi thấp hơn mọi dạng, còn lại là `other` (thứ bậc: bản chụp
    kèm bản chính để đối chiếu < bản sao < bản sao có chứng thực < bản chính; `electronic` — bản điện tử —
    không có thứ bậc nên luôn là `other`). Dòng không ghi `form` thì không xét.

    Chỉ xét hồ sơ đã tiếp nhận (`accepted`): hồ sơ bị trả lại để bổ sung hoặc bị từ chối thì không giữ giấy
    tờ nào.

    Vì sao cần kiểm tra: nơi quy định nộp bản sao thì không được yêu cầu bản sao có chứng thực hay bản chính
    (NĐ 23/2015 Điều 6) — yêu cầu dạng bản cao hơn là thêm gánh nặng cho người nộp; dạng bản thấp hơn quy
    định nghĩa là hồ sơ chưa hợp lệ khi được tiếp nhận.

    Ví dụ: giấy tờ chứng minh chỗ ở hợp pháp, công bố là `copy`/`certified_copy`, mà nhận bản `original` bị
    báo DC104 tại `/components/1/form` với `params.direction` là `stricter`.
    """,
)
def component_form_not_accepted(ctx: Context) -> Sequence[Finding]:
    """What it checks: the `form` of each kept row that matches a `submit` component is one of its accepted
    `forms`. `params.direction` is `stricter` when the form ranks above every accepted form, `weaker` when
    below every one, else `other` (rank: photocopy < copy < certified_copy < original; `electronic` has no
    rank, so it is always `other`). A row without `form` is not judged.

    Only `accepted` dossiers are judged: a dossier sent back for supplements or refused keeps nothing.

    Why it matters: where a copy is required the desk may not demand a certified copy or the original
    (NĐ 23/2015 Điều 6) — a stricter form is an extra burden; a weaker form than published means the
    dossier was not valid when accepted.

    Example: a proof of residence published as `copy`/`certified_copy` taken as `original` gives DC104 at
    `/components/1/form` with `params.direction` `stricter`.
    """
    found: list[Finding] = []
    for i, row, comp in ctx.matched or ctx.matched_components():
        if comp is None:
            continue
        view = _PUBLISHED.get(id(comp)) or published(comp)
        form = row.get("form")
        accepted = view.accepted
        if view.kind != "submit" or form is None or form in accepted:
            continue
        ranked = [_RANK[f] for f in accepted if f in _RANK]
        direction = "other"
        if form in _RANK and ranked:
            if _RANK[form] > max(ranked):
                direction = "stricter"
            elif _RANK[form] < min(ranked):
                direction = "weaker"
        found.append(
            finding(
                f"/components/{i}/form",
                component=comp.name,
                component_code=comp.code,
                form=form,
                accepted=list(accepted),
                direction=direction,
            )
        )
    return found


@rule(
    "DC105",
    "excess-quantity",
    severity="error",
    title_vi="Nhận thừa số lượng bản",
    title_en="Too many copies of a component",
    summary_vi="Số bản của một thành phần nhiều hơn số lượng đã công bố (`quantity`), cộng dồn các dòng "
    "trùng.",
    summary_en="More copies of a component than its published `quantity` (summing duplicate rows).",
    message_vi="Nhận thừa số lượng “{component}”: {quantity} bản, quy định tối đa {allowed} bản.",
    message_en="Excess copies of “{component}”: {quantity}, the published maximum is {allowed}.",
    legal_basis=_EXCESS_BASIS,
    needs=("/components", "/channel", "/case"),
    requires_procedure=True,
    outcomes=_ACCEPTED,
    doc_vi="""
    Nội dung kiểm tra: với mỗi thành phần `submit` đã công bố, tổng `quantity` (mặc định 1) của các dòng khớp
    với thành phần đó không vượt quá `quantity` đã công bố. Mỗi thành phần báo một lần, tại dòng mà tổng cộng
    dồn lần đầu vượt giới hạn.

    Chỉ xét hồ sơ đã tiếp nhận (`accepted`): hồ sơ bị trả lại để bổ sung hoặc bị từ chối thì không giữ giấy
    tờ nào.

    Vì sao cần kiểm tra: nhận hai bản chính khi thủ tục chỉ yêu cầu một bản là nhận nhiều hơn quy định — cùng
    lỗi “nhận thừa” như nhận thừa thành phần hồ sơ.

    Ví dụ: hai dòng Tờ khai thay đổi thông tin cư trú (CT01) trong hồ sơ đăng ký thường trú (số lượng 1) bị
    báo DC105 tại `/components/1` với `params.quantity` là 2 và `params.allowed` là 1.
    """,
)
def excess_quantity(ctx: Context) -> Sequence[Finding]:
    """What it checks: for each published `submit` component, the sum of `quantity` (default 1) over the
    rows that match it does not exceed its `quantity`. Reported once per component, at the row where the
    running total first exceeds the limit.

    Only `accepted` dossiers are judged: a dossier sent back for supplements or refused keeps nothing.

    Why it matters: taking two originals where the procedure asks for one is taking more than published —
    the same "nhận thừa" fault as an excess component.

    Example: two rows of the CT01 declaration in a permanent-residence dossier (quantity 1) give DC105 at
    `/components/1` with `params.quantity` 2 and `params.allowed` 1.
    """
    matched = ctx.matched or ctx.matched_components()
    if _one_row_each_within(matched):
        return ()
    found: list[Finding] = []
    kept: dict[str, tuple[_Published, list[tuple[int, Any, int]]]] = {}
    for i, row, comp in matched:
        if comp is None:
            continue
        view = _PUBLISHED.get(id(comp)) or published(comp)
        if view.kind != "submit":
            continue
        entry = kept.get(view.code)
        if entry is None:
            entry = kept[view.code] = (view, [])
        n = row.get("quantity")
        # count(n), an integer (the usual quantity) taken as it is: no call for it
        entry[1].append((i, row.get("form"), n if type(n) is int else count(n)))
    for view, rows in kept.values():
        if not view.limited_by_form and _within(rows, view.quantity):
            continue  # one maximum over every form, never exceeded: nothing to count row by row
        comp_limits = _limits(view.component)
        for i, form, n in rows:
            for limit in comp_limits:
                if limit.form is None or limit.form == form:
                    limit.add(i, n)
        over_by_form = len(comp_limits) > 1 and any(
            limit.form is not None and limit.first_over is not None for limit in comp_limits
        )
        for limit in comp_limits:
            if limit.first_over is None or (limit.implied and over_by_form):
                continue
            params: dict[str, Any] = {
                "component": limit.component.name,
                "component_code": limit.component.code,
                "quantity": limit.total,
                "allowed": limit.allowed,
                "rows": limit.rows,
            }
            if limit.form is not None:
                params["form"] = limit.form
            found.append(finding(f"/components/{limit.first_over}", **params))
    return found


def _one_row_each_within(matched: list[tuple[int, dict[str, Any], Any]]) -> bool:
    """True when every ``submit`` component code is kept on one row at most, with one maximum over every form and
    an integer quantity within it: DC105's usual verdict, nothing to report, without gathering the rows by
    component. False is no verdict (a component on several rows, per-form copies, a quantity given
    otherwise): the rule then counts."""
    seen: list[str] = []  # the codes met (the rule gathers rows by code); a dossier keeps a few rows
    for _, row, comp in matched:
        if comp is None:
            continue
        view = _PUBLISHED.get(id(comp)) or published(comp)
        if view.kind != "submit":
            continue
        n = row.get("quantity")
        if view.limited_by_form or type(n) is not int or n > view.quantity or view.code in seen:
            return False
        seen.append(view.code)
    return True


def _within(rows: list[tuple[int, Any, int]], allowed: int) -> bool:
    """Whether the running total of the rows' quantities stays within ``allowed`` (as :class:`_Limit` adds)."""
    total = 0
    for _, _, n in rows:
        total += n
        if total > allowed:
            return False
    return True


class _Limit:
    """One published maximum of a component — over every form, or for one form — and its running count."""

    __slots__ = ("allowed", "component", "first_over", "form", "implied", "rows", "total")

    def __init__(self, component: ProcedureComponent, form: str | None, allowed: int, implied: bool) -> None:
        self.component, self.form, self.allowed, self.implied = component, form, allowed, implied
        self.total = 0
        self.rows: list[int] = []
        self.first_over: int | None = None

    def add(self, row: int, n: int) -> None:
        self.total += n
        self.rows.append(row)
        if self.total > self.allowed and self.first_over is None:
            self.first_over = row


def _limits(comp: ProcedureComponent) -> list[_Limit]:
    """The maxima a component's rows are judged against: ``quantity`` over all forms, and each form's
    ``copies``. Without ``quantity`` the per-form counts add up to an implied total, which judges the rows
    whose form is not given — and is not reported again when a form's own count is already exceeded."""
    if comp.copies is None:
        return [_Limit(comp, None, comp.quantity, False)]
    total = comp.total_quantity
    out = [_Limit(comp, None, total if total is not None else sum(comp.copies.values()), total is None)]
    out += [_Limit(comp, form, n, False) for form, n in comp.copies.items()]
    return out


@rule(
    "DC106",
    "excess-sets",
    severity="error",
    title_vi="Nhận thừa số bộ hồ sơ",
    title_en="Too many sets",
    summary_vi="Số bộ hồ sơ (`sets`) lớn hơn số bộ đã công bố của thủ tục.",
    summary_en="`sets` is greater than the procedure's published number of sets.",
    message_vi="Nhận thừa số bộ hồ sơ: {sets} bộ, quy định {allowed} bộ.",
    message_en="Excess sets: {sets} sets taken, the procedure asks for {allowed}.",
    legal_basis=("NĐ 63/2010 Điều 8.2", "NĐ 63/2010 Điều 18.6"),
    needs=("/sets",),
    requires_procedure=True,
    outcomes=_ACCEPTED,
    doc_vi="""
    Nội dung kiểm tra: số bộ `sets` của hồ sơ (mặc định 1) so với số bộ `sets` của thủ tục (mặc định 1).

    Chỉ xét hồ sơ đã tiếp nhận (`accepted`): hồ sơ bị trả lại để bổ sung hoặc bị từ chối thì không giữ giấy
    tờ nào.

    Vì sao cần kiểm tra: “Số lượng hồ sơ: 01 bộ” là một phần của thủ tục đã công bố; yêu cầu hai bộ buộc
    người nộp chuẩn bị gấp đôi giấy tờ mà không có căn cứ.

    Ví dụ: `"sets": 2` đối với thủ tục công bố một bộ bị báo DC106 tại `/sets`.
    """,
)
def excess_sets(ctx: Context) -> Sequence[Finding]:
    """What it checks: the dossier's `sets` (default 1) against the procedure's `sets` (default 1).

    Only `accepted` dossiers are judged: a dossier sent back for supplements or refused keeps nothing.

    Why it matters: "Số lượng hồ sơ: 01 bộ" is part of the published procedure; demanding two sets doubles
    the applicant's paperwork for nothing.

    Example: `"sets": 2` on a procedure published with one set gives DC106 at `/sets`.
    """
    assert ctx.version is not None
    sets = ctx.dossier.get(SETS)
    if type(sets) is not int:  # count(sets), an integer (the usual value) taken as it is: no call for it
        sets = count(sets)
    if sets > ctx.version.procedure.sets:
        return [finding("/sets", sets=sets, allowed=ctx.version.procedure.sets)]
    return ()


@rule(
    "DC107",
    "channel-not-offered",
    severity="warning",
    title_vi="Hình thức nộp không có trong thủ tục đã công bố",
    title_en="Channel not offered by the procedure",
    summary_vi="Hồ sơ đã tiếp nhận được nộp theo hình thức mà phiên bản thủ tục không áp dụng.",
    summary_en="An accepted dossier came in through a channel its procedure version is not offered on.",
    message_vi=(
        "Hồ sơ được tiếp nhận {channel}, nhưng thủ tục đã công bố không áp dụng hình thức nộp này "
        "(chỉ áp dụng: {offered})."
    ),
    message_en=(
        "The dossier was received {channel}, a channel the published procedure does not offer "
        "(offered: {offered})."
    ),
    legal_basis=("NĐ 63/2010 Điều 8.2", "NĐ 63/2010 Điều 25", "NĐ 118/2025 Điều 15"),
    needs=("/channel",),
    requires_procedure=True,
    outcomes=_ACCEPTED,
    doc_vi="""
    Nội dung kiểm tra: với hồ sơ đã tiếp nhận (`accepted`) thuộc thủ tục đã biết và có phiên bản có hiệu lực
    vào ngày tiếp nhận, `channel` của hồ sơ có thuộc các hình thức nộp mà phiên bản đó áp dụng không
    (`channels` của phiên bản; nếu không ghi thì cả ba hình thức `direct`, `postal`, `online`). Báo một lần
    cho mỗi hồ sơ, tại `/channel`, kèm `params.channel` và `params.offered`.

    Vì sao cần kiểm tra: cách thức thực hiện (các hình thức nộp) là một phần của thủ tục đã công bố, và thành
    phần hồ sơ cũng như thời hạn giải quyết có thể khác nhau theo hình thức nộp. Hồ sơ tiếp nhận theo hình
    thức mà thủ tục không áp dụng là tiếp nhận ngoài thủ tục đã công bố — hoặc hình thức nộp bị ghi sai, và
    mọi quy tắc phụ thuộc hình thức nộp đã đối chiếu hồ sơ với một danh mục không đúng. Chỉ ở mức cảnh báo vì
    có thể bản ghi sai chứ không phải việc tiếp nhận sai, và danh mục có thể chưa cập nhật hình thức nộp mới
    mở.

    Ví dụ: hồ sơ `online` của một phiên bản thủ tục công bố `"channels": ["direct", "postal"]` bị báo DC107
    tại `/channel` với `params.offered` là `["direct", "postal"]`.
    """,
)
def channel_not_offered(ctx: Context) -> Sequence[Finding]:
    """What it checks: for an `accepted` dossier of a known procedure with a version in force on the receipt
    date, that the dossier's `channel` is one of the channels that version is offered on (its `channels`; all
    three — `direct`, `postal`, `online` — when it lists none). One finding per dossier, at `/channel`, with
    `params.channel` and `params.offered`.

    Why it matters: the ways to submit (Cách thức thực hiện) are part of the published procedure, and the
    component list and the time limit can differ by channel. A dossier taken through a channel the procedure
    does not offer was taken outside the published procedure — or its channel was recorded wrongly, and every
    channel-dependent check judged it against the wrong list. A warning: the record may be wrong rather than
    the intake, and a catalogue may lag behind a newly opened channel.

    Example: an `online` dossier for a procedure version published with `"channels": ["direct", "postal"]`
    gives DC107 at `/channel` with `params.offered` `["direct", "postal"]`.
    """
    assert ctx.version is not None
    offered = ctx.version.offered
    if ctx.channel not in offered:
        return [finding("/channel", channel=ctx.channel, offered=list(offered))]
    return ()
