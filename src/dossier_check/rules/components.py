"""DC1xx — the components kept in an accepted dossier against the published list (Thành phần hồ sơ).

Judged for ``accepted`` dossiers only: a dossier sent back for supplements or refused keeps nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .._text import count
from ..models import AllOf, AnyOf, IfFact, ProcedureComponent, UnlessFact
from ._context import Context
from ._registry import Finding, finding, rule

_EXCESS_BASIS = ("NĐ 118/2025 Điều 5", "NĐ 63/2010 Điều 18.6")
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
    return holds(component.required, facts)


def _facts(ctx: Context) -> Mapping[str, Any]:
    facts = ctx.dossier.get("facts")
    return facts if isinstance(facts, dict) else {}


def _rows(ctx: Context) -> list[tuple[int, dict[str, Any], ProcedureComponent | None]]:
    return ctx.matched_components()


def _label(row: Mapping[str, Any]) -> str:
    name, code = row.get("name"), row.get("code")
    if isinstance(name, str) and name.strip():
        return name.strip()
    return str(code).strip()


@rule(
    "DC101",
    "missing-component",
    severity="error",
    summary="A required `submit` component (or a required group of alternatives) is absent.",
    vi="Thiếu thành phần hồ sơ bắt buộc “{component}”.",
    en="Required component “{component}” is missing.",
    legal_basis=("NĐ 61/2018 Điều 15.3", "NĐ 61/2018 Điều 17.1", "NĐ 118/2025 Điều 17"),
    needs=("/components", "/channel", "/facts", "/case"),
    requires_procedure=True,
    outcomes=_ACCEPTED,
)
def missing_component(ctx: Context) -> Iterator[Finding]:
    """What it checks: every `submit` component of the published list for this version and channel that is
    required (`true`, `if_fact` true, `unless_fact` not true) is kept in `components`. Alternatives that share
    a `group` count once: the group is required when any member is, and any one member satisfies it. `show`
    documents are handed back and not audited.

    Why it matters: an incomplete dossier must not be accepted — the desk must guide the applicant to
    supplement it once, in full, on a Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02). Accepting it and
    asking later is the "bổ sung nhiều lần" fault inspections find.

    Example: a birth registration (1.001193) accepted in person without the Tờ khai đăng ký khai sinh gives
    DC101 at `/components` with `params.component_code` `TP1`.
    """
    assert ctx.version is not None
    facts = _facts(ctx)
    present = {c.code for _, _, c in _rows(ctx) if c is not None and c.kind == "submit"}
    if ctx.case is not None or not ctx.version.cases:
        yield from _missing(ctx.index().components, present, facts).values()
        return
    # No case named: missing only what every case misses (a component required in every case).
    per_case = [
        _missing(ctx.version.index(ctx.channel, case.id).components, present, facts)
        for case in ctx.version.cases
    ]
    for key, found in per_case[0].items():
        if all(key in other for other in per_case[1:]):
            yield found


def _missing(
    components: tuple[ProcedureComponent, ...], present: set[str], facts: Mapping[str, Any]
) -> dict[tuple[str, str], Finding]:
    """The DC101 findings of one component list, keyed by component code or group name."""
    out: dict[tuple[str, str], Finding] = {}
    groups: dict[str, list[ProcedureComponent]] = {}
    for comp in components:
        if comp.kind != "submit":
            continue
        if comp.group is not None:
            groups.setdefault(comp.group, []).append(comp)
        elif comp.code not in present and is_required(comp, facts):
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
    summary="A kept component is not in the published list for this procedure version and channel.",
    vi="Nhận thừa thành phần hồ sơ “{component}”: không có trong thành phần hồ sơ đã công bố của thủ tục "
    "{procedure_code} (nộp {channel}).",
    en="Excess component “{component}”: not in the published list of procedure {procedure_code} "
    "(filed {channel}).",
    legal_basis=_EXCESS_BASIS,
    needs=("/components", "/channel", "/case"),
    requires_procedure=True,
    outcomes=_ACCEPTED,
)
def excess_component(ctx: Context) -> Iterator[Finding]:
    """What it checks: every row of `components` matches a component of the published list for this
    procedure version and the dossier's channel — by `code` when the row has one, else by normalised `name`.
    A component limited to other `channels` is not part of the list. Documents in `shown_documents` are
    never excess.

    Why it matters: "nhận thừa thành phần hồ sơ" — asking for papers the published procedure does not list —
    is expressly forbidden (NĐ 118/2025 Điều 5; NĐ 63/2010 Điều 18.6: "không tự đặt ra … hồ sơ, giấy tờ ngoài
    quy định"), and the applicant may refuse it. It is the fault inspections find most often.

    Example: a permanent-residence dossier (1.004222) that keeps a "Sổ hộ khẩu" gives DC102 at
    `/components/2` with `params.component` `Sổ hộ khẩu`.
    """
    for i, row, comp in _rows(ctx):
        if comp is None:
            yield finding(
                f"/components/{i}",
                component=_label(row),
                component_code=row.get("code"),
                procedure_code=ctx.version.code if ctx.version else None,
                channel=ctx.channel,
            )


@rule(
    "DC103",
    "show-only-component-kept",
    severity="error",
    summary="A `show` document (to be shown and handed back) was kept in `components`.",
    vi="Giữ lại giấy tờ chỉ phải xuất trình “{component}”: giấy tờ này chỉ để đối chiếu và phải trả lại "
    "người nộp.",
    en="Show-only document “{component}” was kept: it is shown for checking and must be handed back.",
    legal_basis=("NĐ 63/2010 Điều 18.6", "NĐ 118/2025 Điều 5", "TT 03/2025/TT-VPCP Điều 5.2.b"),
    needs=("/components", "/channel", "/case"),
    requires_procedure=True,
    outcomes=_ACCEPTED,
)
def show_only_component_kept(ctx: Context) -> Iterator[Finding]:
    """What it checks: no row of `components` matches a `show` component (giấy tờ phải xuất trình).

    Why it matters: the published procedure separates papers to submit from papers only to be shown; the
    officer compares a shown paper and hands it back. Keeping it (usually as a photocopy) is taking a
    component the procedure does not ask for.

    Example: a marriage registration that keeps the spouses' ID cards (XT1) in `components` gives DC103 at
    `/components/1`; listing them in `shown_documents` is correct.
    """
    for i, _row, comp in _rows(ctx):
        if comp is not None and comp.kind == "show":
            yield finding(f"/components/{i}", component=comp.name, component_code=comp.code)


@rule(
    "DC104",
    "component-form-not-accepted",
    severity="error",
    summary="A component's form is not among its accepted forms (stricter, weaker or other).",
    vi="Thành phần “{component}” nhận ở dạng {form}, trong khi thủ tục chấp nhận {accepted} (yêu cầu "
    "{direction} quy định).",
    en="Component “{component}” was taken as {form}; the procedure accepts {accepted} ({direction} than "
    "published).",
    legal_basis=("NĐ 23/2015 Điều 6", "NĐ 63/2010 Điều 18.6"),
    needs=("/components", "/channel", "/case"),
    requires_procedure=True,
    outcomes=_ACCEPTED,
)
def component_form_not_accepted(ctx: Context) -> Iterator[Finding]:
    """What it checks: the `form` of each kept row that matches a `submit` component is one of its accepted
    `forms`. `params.direction` is `stricter` when the form ranks above every accepted form, `weaker` when
    below every one, else `other` (rank: photocopy < copy < certified_copy < original; `electronic` has no
    rank, so it is always `other`). A row without `form` is not judged.

    Why it matters: where a copy is required the desk may not demand a certified copy or the original
    (NĐ 23/2015 Điều 6) — a stricter form is an extra burden; a weaker form than published means the
    dossier was not valid when accepted.

    Example: a proof of residence published as `copy`/`certified_copy` taken as `original` gives DC104 at
    `/components/1/form` with `params.direction` `stricter`.
    """
    for i, row, comp in _rows(ctx):
        form = row.get("form")
        accepted = comp.accepted_forms if comp is not None else ()
        if comp is None or comp.kind != "submit" or form is None or form in accepted:
            continue
        ranked = [_RANK[f] for f in accepted if f in _RANK]
        direction = "other"
        if form in _RANK and ranked:
            if _RANK[form] > max(ranked):
                direction = "stricter"
            elif _RANK[form] < min(ranked):
                direction = "weaker"
        yield finding(
            f"/components/{i}/form",
            component=comp.name,
            component_code=comp.code,
            form=form,
            accepted=list(accepted),
            direction=direction,
        )


@rule(
    "DC105",
    "excess-quantity",
    severity="error",
    summary="More copies of a component than its published `quantity` (summing duplicate rows).",
    vi="Nhận thừa số lượng “{component}”: {quantity} bản, quy định tối đa {allowed} bản.",
    en="Excess copies of “{component}”: {quantity}, the published maximum is {allowed}.",
    legal_basis=_EXCESS_BASIS,
    needs=("/components", "/channel", "/case"),
    requires_procedure=True,
    outcomes=_ACCEPTED,
)
def excess_quantity(ctx: Context) -> Iterator[Finding]:
    """What it checks: for each published `submit` component, the sum of `quantity` (default 1) over the
    rows that match it does not exceed its `quantity`. Reported once per component, at the row where the
    running total first exceeds the limit.

    Why it matters: taking two originals where the procedure asks for one is taking more than published —
    the same "nhận thừa" fault as an excess component.

    Example: two rows of the CT01 declaration in a permanent-residence dossier (quantity 1) give DC105 at
    `/components/1` with `params.quantity` 2 and `params.allowed` 1.
    """
    limits: dict[str, list[_Limit]] = {}
    for i, row, comp in _rows(ctx):
        if comp is None or comp.kind != "submit":
            continue
        if comp.code not in limits:
            limits[comp.code] = _limits(comp)
        form, n = row.get("form"), count(row.get("quantity"))
        for limit in limits[comp.code]:
            if limit.form is None or limit.form == form:
                limit.add(i, n)
    for comp_limits in limits.values():
        over_by_form = any(limit.form is not None and limit.first_over is not None for limit in comp_limits)
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
            yield finding(f"/components/{limit.first_over}", **params)


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
    summary="`sets` is greater than the procedure's published number of sets.",
    vi="Nhận thừa số bộ hồ sơ: {sets} bộ, quy định {allowed} bộ.",
    en="Excess sets: {sets} sets taken, the procedure asks for {allowed}.",
    legal_basis=("NĐ 63/2010 Điều 8.2", "NĐ 63/2010 Điều 18.6"),
    needs=("/sets",),
    requires_procedure=True,
    outcomes=_ACCEPTED,
)
def excess_sets(ctx: Context) -> Iterator[Finding]:
    """What it checks: the dossier's `sets` (default 1) against the procedure's `sets` (default 1).

    Why it matters: "Số lượng hồ sơ: 01 bộ" is part of the published procedure; demanding two sets doubles
    the applicant's paperwork for nothing.

    Example: `"sets": 2` on a procedure published with one set gives DC106 at `/sets`.
    """
    assert ctx.version is not None
    sets = count(ctx.dossier.get("sets"))
    if sets > ctx.version.procedure.sets:
        yield finding("/sets", sets=sets, allowed=ctx.version.procedure.sets)


@rule(
    "DC107",
    "channel-not-offered",
    severity="warning",
    summary="An accepted dossier came in through a channel its procedure version is not offered on.",
    vi=(
        "Hồ sơ được tiếp nhận {channel}, nhưng thủ tục đã công bố không áp dụng hình thức nộp này "
        "(chỉ áp dụng: {offered})."
    ),
    en="The dossier was received {channel}, a channel the published procedure does not offer (offered: {offered}).",
    legal_basis=("NĐ 63/2010 Điều 8.2", "NĐ 63/2010 Điều 25", "NĐ 118/2025 Điều 15"),
    needs=("/channel",),
    requires_procedure=True,
    outcomes=_ACCEPTED,
)
def channel_not_offered(ctx: Context) -> Iterator[Finding]:
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
        yield finding("/channel", channel=ctx.channel, offered=list(offered))
