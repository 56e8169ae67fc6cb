"""The engine: validate the record, resolve its procedure, run the selected rules, stamp the findings.

It also holds the two conveniences of the public API that tie the lower layers together:
:func:`load_config` (a configuration checked against the registered rules) and :func:`deadline` (the
statutory deadline of a catalogued procedure).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date, datetime
from operator import attrgetter, itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import orjson

from ._labels import _WHOLE_RECORD, _fill, _pieces, render
from .catalog import Catalog, ProcedureVersion, load_catalog
from .config import Settings, parse_codes, read_config
from .deadlines import Deadline, UnknownDeadline, procedure_deadline, to_local
from .origin import NATIVE, Origin
from .reasons import register_reason
from .rules import REGISTRY, NotEvaluable, Rule
from .rules._context import Context
from .rules._places import settle_problems
from .rules._registry import _load_all
from .rules.dossier import problem_params, validate_record
from .schema import Problem, validate_dossier
from .timeutil import VN_OFFSET, When, parse_when, parse_when_str
from .violations import (
    Report,
    Severity,
    finding_dict,
    new_report,
    new_violation,
    params_key,
    path_key,
    violation_dicts,
)

__all__ = ["Checker", "check", "deadline", "load_config", "parse_as_of"]

_RULE_FAILED = register_reason(
    "rule_failed",
    vi="quy tắc dừng giữa chừng vì một giá trị bất thường trong hồ sơ (lỗi nội bộ, xin báo cho nhóm phát triển)",
    en="the rule stopped on an unexpected value in this dossier (an internal error; please report it)",
)


_Step = tuple[Rule, Any]  # a rule and its check: a pair, the cheapest tuple for the loop to unpack
_Pieces = tuple[tuple[str, str | None, str], ...]  # a template as _labels._pieces splits it
_Raw = tuple[Rule, str, Mapping[str, Any]]  # a finding as a rule gives it: the rule, the path, the params
_Out = TypeVar("_Out")
_F = TypeVar("_F")  # a finding as a report holds it: a Violation, or a dictionary
RecordParts = tuple[str, str | None, str | None, str, list[dict[str, Any]], Mapping[str, str]]
"""What :meth:`Checker.check_record` gives: format, dossier code, procedure code, status, findings, the rules
not evaluable with their reasons."""


def parse_as_of(value: str | datetime | date | None) -> datetime | None:
    """The audit time as naive Vietnam-local time; None means "now" at each check."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.astimezone(VN_OFFSET).replace(tzinfo=None)
        return value
    if isinstance(value, date):
        # A date alone means the end of that day: everything due that day has had its chance.
        return datetime(value.year, value.month, value.day, 23, 59, 59)
    w = parse_when(value)
    if w is None:
        raise ValueError(f"--as-of: not an ISO 8601 date or date-time: {value!r}")
    return w.local if w.precise else w.local.replace(hour=23, minute=59, second=59)


def _selected(code: str, select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> bool:
    if select is not None and not any(code.startswith(p) for p in select):
        return False
    return not any(code.startswith(p) for p in ignore)


class Checker:
    """A configured checker: catalogue, settings, language and selection, reused for many dossiers.

    Immutable after construction but for memos of deadlines keyed by receipt time and of the rules that
    apply to each kind of dossier (whose values are functions of their keys), so one instance may serve
    many threads. Checking never raises on a bad dossier: format problems are DC001 findings.
    """

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        settings: Settings | None = None,
        as_of: str | datetime | date | None = None,
        lang: str | None = None,
        select: str | list[str] | tuple[str, ...] | None = None,
        ignore: str | list[str] | tuple[str, ...] | None = None,
    ) -> None:
        _load_all()
        self.catalog = catalog if catalog is not None else load_catalog()
        settings = settings or Settings.default()
        self.settings = settings.with_selection(parse_codes(select), parse_codes(ignore))
        self.lang = lang or self.settings.lang
        if self.lang not in ("vi", "en"):
            raise ValueError(f"lang must be 'vi' or 'en', not {self.lang!r}")
        for prefix in (self.settings.select or ()) + self.settings.ignore:
            if not any(code.startswith(prefix) for code in REGISTRY):
                raise ValueError(f"{prefix!r} matches no rule code")
        self.as_of = parse_as_of(as_of)
        plan: list[tuple[Rule, Severity]] = []
        for code in sorted(REGISTRY):
            r = REGISTRY[code]
            sev = self.settings.severities.get(code, r.severity)
            if sev == "off" or not _selected(code, self.settings.select, self.settings.ignore):
                continue
            plan.append((r, sev))  # type: ignore[arg-type]
        self._plan = tuple(plan)
        # The loop of check_object, flattened: (rule, check, needs, part, requires_procedure, outcomes).
        self._steps = tuple(
            (r, r.check, r.needs if r.code != "DC001" else (), r.part, r.requires_procedure, r.outcomes)
            for r, _ in plan
            if r.check is not None
        )
        self._severity = {r.code: s for r, s in plan}
        # Each rule's needs, for the rare dossier whose fields are broken (the plans carry a rule and its check).
        self._needs = {r.code: needs for r, _, needs, _, _, _ in self._steps}
        self._outcomes = frozenset(o for *_, outcomes in self._steps for o in outcomes or ())
        self._plans: dict[tuple[bool, str | None, tuple[bool, ...]], tuple[_Step, ...]] = {}
        # The parts the rules name (Rule.part), in a fixed order: what a plan's ``absent`` flags stand for.
        self._parts = tuple(sorted({part for _, _, _, part, _, _ in self._steps if part is not None}))
        # What _report stamps on each finding of a rule, looked up once per finding.
        # With each template its pieces, as render() splits it (None: render() fills it the general way),
        # so that _report fills a message without a call to render() and a look-up of the split.
        self._texts: dict[str, tuple[str, str, Severity, str, tuple[str, ...], _Pieces | None]] = {
            r.code: (r.code, r.name, s, r.template(self.lang), r.legal_basis, _pieces(r.template(self.lang)))
            for r, s in plan
        }
        self._memo: dict[tuple[Any, ...], Any] = {}  # see Context: values that depend on a receipt time only
        # check_record makes its findings without calling check_object, unless a subclass has its own
        self._check_object_overridden = type(self).check_object is not Checker.check_object
        # With DC008 to run, the validator also notes the objects that hold keys it would look into.
        self._validate: Callable[[Any], list[Problem]] = (
            validate_record if "DC008" in self._severity else validate_dossier
        )

    def _plan_for(
        self, has_version: bool, outcome: str | None, absent: tuple[bool, ...]
    ) -> tuple[_Step, ...]:
        """The steps that apply to a dossier with (or without) a procedure version, this outcome and
        without the parts ``absent`` marks (one flag per part of ``self._parts``, in its order).

        Built once per kind of dossier (a handful: with or without a version, times the outcomes the
        rules name — any other outcome selects what no outcome does — times the parts a dossier has), so
        the loop of :meth:`check_object` tests nothing per rule on a dossier without format problems.
        """
        key = (has_version, outcome if outcome in self._outcomes else None, absent)
        plan = self._plans.get(key)
        if plan is None:
            gone = {part for part, flag in zip(self._parts, absent, strict=True) if flag}
            plan = tuple(
                (r, check)
                for r, check, _, part, requires_procedure, outcomes in self._steps
                if (has_version or not requires_procedure)
                and (outcomes is None or key[1] in outcomes)
                and part not in gone
            )
            self._plans[key] = plan
        return plan

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules this checker runs, in code order."""
        return tuple(r for r, _ in self._plan)

    def check(self, dossier: Any) -> Report:
        """Check one dossier: a mapping, JSON text or bytes, or a path to a JSON file."""
        if isinstance(dossier, (os.PathLike, Path)):
            return self.check_bytes(Path(dossier).read_bytes())
        if isinstance(dossier, str):
            # JSON text, or a path: a string that names an existing file, or looks like a path, is a path.
            stripped = dossier.strip()
            if stripped[:1] in ("{", "[", '"') or not stripped:
                return self.check_bytes(dossier.encode("utf-8"))
            if Path(stripped).is_file() or stripped.endswith((".json", ".JSON")) or os.sep in stripped:
                return self.check_bytes(Path(stripped).read_bytes())
            return self.check_bytes(dossier.encode("utf-8"))
        if isinstance(dossier, (bytes, bytearray, memoryview)):
            return self.check_bytes(bytes(dossier))
        return self.check_object(dossier)

    def check_bytes(self, data: bytes) -> Report:
        """Check one dossier given as JSON bytes; unreadable JSON is a DC001 at the record root."""
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            where = {"problem": "json", "expected": exc.msg, "line": exc.lineno, "column": exc.colno}
            return self._report(None, [(REGISTRY["DC001"], "", where)])
        return self.check_object(obj)

    def check_object(
        self, obj: Any, *, origin: Origin | None = None, observe: Callable[[Context], None] | None = None
    ) -> Report:
        """Check one parsed dossier record (any JSON value: a non-object is a DC001).

        ``origin`` is given by the reader of a source format other than the native record: what that
        format cannot carry (see :class:`~dossier_check.origin.Origin`). The rules it names are not run
        and are listed as not evaluable; findings point into the source record where a field maps one to one.
        ``observe`` is called with the rules' context once they have run (for a record that is an object):
        the audit derives its service-quality facts from the same appointment, result and deadline
        definitions the rules used.
        """
        return self._check(obj, origin, observe, self._report)

    def check_record(
        self, obj: Any, *, origin: Origin | None = None, observe: Callable[[Context], None] | None = None
    ) -> RecordParts:
        """:meth:`check_object`, its report given as an output record holds it: ``(format, dossier_code,
        procedure_code, status, violations, not_evaluable)``, the findings as :meth:`Report.to_dict` writes
        them and ``not_evaluable`` the rules not evaluable with their reasons, sorted by code.

        The same check, with the findings made into dictionaries directly instead of through a
        :class:`Violation` each and a :class:`Report`, which the audit's records only read: about 10,000
        instructions less a dossier of the benchmark, counted with its record built (``build_record``);
        ``tests/test_audit_fast_paths.py`` holds the two to the same record.
        """
        if self._check_object_overridden:  # a subclass's own check decides: its report, written out
            report = self.check_object(obj, origin=origin, observe=observe)
            return (
                report.format,
                report.dossier_code,
                report.procedure_code,
                report.status,
                violation_dicts(report.violations),
                report.not_evaluable,
            )
        return self._check(obj, origin, observe, self._record)

    def _check(
        self,
        obj: Any,
        origin: Origin | None,
        observe: Callable[[Context], None] | None,
        finish: Callable[[Any, list[_Raw], Origin, dict[str, str]], _Out],
    ) -> _Out:
        """The body of :meth:`check_object` and :meth:`check_record`: the findings of ``obj``, handed to
        ``finish`` with the record, its origin and the rules not evaluable."""
        if type(obj) is not dict and isinstance(obj, Mapping) and not isinstance(obj, dict):
            obj = dict(obj)
        origin = origin or NATIVE
        problems = self._validate(obj)
        if problems and isinstance(obj, dict):
            obj, problems = settle_problems(obj, problems)  # blank closed-list values, extension keys
        if origin is not NATIVE:
            problems = _merge_problems(problems, origin)
        if not isinstance(obj, dict):
            dc001 = REGISTRY["DC001"]
            return finish(None, [(dc001, p.path, problem_params(p, obj)) for p in problems], origin, {})
        broken = {p.path for p in problems} if problems else _NO_PATHS
        received: When | None = None
        if "/received_at" not in broken:
            text = obj.get("received_at")
            if type(text) is str:  # parse_when(text), without its call
                received = parse_when_str(text)
        version = None
        status: str | None = None
        code = obj.get("procedure_code")
        if isinstance(code, str) and "/procedure_code" not in broken:
            if received is not None:
                # received.date, without the property's call
                res = self.catalog.resolve(code.strip(), received[0].date())
                status, version = res.status, res.version
            elif code.strip() not in self.catalog:
                status = "unknown"  # unknown whatever the date; "not in force" needs a readable date
        case = None
        named = obj.get("case")
        if version is not None and isinstance(named, str) and named.strip() and "/case" not in broken:
            case = version.find_case(named)
            if case is None:  # a case the procedure does not have: the record is broken there (DC001)
                problems = [*problems, Problem("/case", "unknown_case", _cases_of(version))]
        as_of = self.as_of or datetime.now(VN_OFFSET).replace(tzinfo=None)
        ctx = Context(obj, version, status, received, self.settings, as_of, self._memo)
        ctx.problems = problems
        ctx.catalog = self.catalog
        ctx.case = case
        outcome = obj.get("outcome")
        if not isinstance(outcome, str):  # a broken outcome (DC001) selects no outcome-specific rule
            outcome = None
        # Rules the source format cannot carry a part for are not run: listed, never guessed.
        skipped = origin.not_evaluable
        unevaluable: dict[str, str] = (
            {c: r for c, r in skipped.items() if c in self._severity} if skipped else {}
        )
        raw: list[_Raw] = []
        # The dossier has no such part (None or [], the only JSON values equal to one of _NO_PART): its
        # rules have nothing to judge (Rule.part) and are left out of the plan. One C-level pass reads every
        # part; a part that is there but falsy ({}, "", 0) is kept, as a truthy one is.
        parts = self._parts  # none for a selection of rules that name no part
        absent = tuple(map(_is_no_part, map(obj.get, parts))) if parts else ()
        # The plan's memo read here, and _plan_for called only to build one: a call less a dossier.
        plan_key = (version is not None, outcome if outcome in self._outcomes else None, absent)
        steps = self._plans.get(plan_key)
        if steps is None:  # not `or`: an empty plan (a selection none of whose rules apply) is a plan too
            steps = self._plan_for(*plan_key)
        if problems or skipped:  # rare: rules the source format cannot carry, or whose fields are broken
            needs_of = self._needs
            steps = tuple(
                (r, check)
                for r, check in steps
                if not (skipped and r.code in skipped)
                and not (problems and any(ctx.is_broken(n) for n in needs_of[r.code]))
            )
        for r, check in steps:
            try:
                found = check(ctx)
                if not found:  # most rules find nothing: an empty list is not iterated (no iterator made)
                    if found is None:  # a rule that returned nothing is a bug, not a pass: said as one
                        raise TypeError(f"{r.code} returned None instead of its findings")
                    continue
                for f in found:
                    if isinstance(f, NotEvaluable):
                        # The rule's verdict on this dossier is "not evaluable", whole.
                        _drop_findings_of(r, raw)
                        unevaluable[r.code] = f.reason
                        break
                    raw.append((r, f.path, f.params))
            except Exception:
                # A value no rule foresaw must not cost the dossier its other verdicts, nor the run its
                # other dossiers: this rule's verdict is "not evaluable", said with its reason, never guessed.
                _drop_findings_of(r, raw)
                unevaluable[r.code] = _RULE_FAILED
        for code, path, params in origin.findings:
            if code in self._severity and code not in unevaluable:
                raw.append((REGISTRY[code], path, params))
        if ctx.provisional_years and "DC007" in self._severity and "DC007" not in skipped:
            years = sorted(ctx.provisional_years)
            raw.append((REGISTRY["DC007"], "", {"years": years}))
        if observe is not None:
            observe(ctx)
        return finish(obj, raw, origin, unevaluable)

    def _report(
        self,
        obj: Any,
        raw: list[_Raw],
        origin: Origin = NATIVE,
        unevaluable: Mapping[str, str] | None = None,
    ) -> Report:
        """The report on ``obj``, each finding stamped with what its rule says as a :class:`Violation`."""
        found = self._stamped(raw, origin, new_violation, _VIOLATION_FIELDS) if raw else ()
        code = proc = None
        if isinstance(obj, dict):
            code, proc = obj.get("code"), obj.get("procedure_code")
        return new_report(
            code if isinstance(code, str) else None,
            proc if isinstance(proc, str) else None,
            tuple(found),
            origin.format,
            unevaluable,
        )

    def _record(
        self, obj: Any, raw: list[_Raw], origin: Origin, unevaluable: Mapping[str, str]
    ) -> RecordParts:
        """What :meth:`_report` makes, as :meth:`check_record` gives it: the findings stamped as the
        dictionaries :func:`violation_dicts` writes, the status :attr:`Report.status` says, the reasons
        sorted as :class:`Report` sorts them."""
        found = self._stamped(raw, origin, finding_dict, _DICT_FIELDS) if raw else []
        code = proc = None
        if isinstance(obj, dict):
            code, proc = obj.get("code"), obj.get("procedure_code")
        return (
            origin.format,
            code if isinstance(code, str) else None,
            proc if isinstance(proc, str) else None,
            "fail" if found and "error" in map(_severity_of, found) else "pass",
            found,
            dict(sorted(unevaluable.items())) if unevaluable else _NO_REASONS,
        )

    def _stamped(self, raw: list[_Raw], origin: Origin, make: Callable[..., _F], fields: _Fields) -> list[_F]:
        """Each raw finding of a selected rule made by ``make`` from what its rule stamps on it (code, name,
        severity, path as the source shows it, message, params, legal basis), in report order (``fields``
        reads a made finding's code, path and params, which decide that order)."""
        texts = self._texts
        out = []
        translate = origin.translate if origin.paths else None
        lang = self.lang
        for r, path, params in raw:
            text = texts.get(r.code)
            if text is None:
                continue
            shown = translate(path) if translate is not None else path
            rule_code, name, sev, template, legal_basis, pieces = text
            # render(), with the template's split looked up once per checker
            message = (
                _fill(pieces, params, lang, shown or _WHOLE_RECORD.get(lang, _WHOLE_RECORD["en"]))
                if pieces is not None
                else render(template, params, lang, shown)
            )
            out.append(make(rule_code, name, sev, shown, message, params, legal_basis))
        if len(out) > 1:
            _sort_findings(out, fields)
        return out


_NO_PATHS: frozenset[str] = frozenset()
_NO_PART: tuple[Any, ...] = (None, [])  # never changed: `held in _NO_PART` is "held is None or held == []"
_is_no_part = _NO_PART.__contains__  # bound once, not for every dossier


def _drop_findings_of(rule: Rule, raw: list[_Raw]) -> None:
    """Take back what ``rule`` has added: the findings at the end of ``raw`` that name it (each rule runs
    once and appends its own findings one after another, so those are exactly its findings)."""
    while raw and raw[-1][0] is rule:
        raw.pop()


def _sort_findings(out: list[_F], fields: _Fields | None = None) -> None:
    """Sort findings by :meth:`Violation.sort_key`, computing it only where it decides (``fields`` reads a
    finding's code, path and params: a :class:`Violation`'s by default, or a finding dictionary's).

    The key begins with the code: a stable sort by code, then a sort by the rest of the key within each
    run of one code, orders them exactly as one sort by the whole key would — and findings come in rule
    order, so most runs hold one finding and most reports need no full key at all.
    """
    code_of, path_of, params_of = fields or _VIOLATION_FIELDS
    out.sort(key=code_of)
    start, n = 0, len(out)
    while start < n:
        end = start + 1
        code = code_of(out[start])
        while end < n and code_of(out[end]) == code:
            end += 1
        if end - start > 1:
            out[start:end] = _by_path_then_params(out[start:end], path_of, params_of)
        start = end


def _by_path_then_params(
    run: list[_F], path_of: Callable[[_F], str], params_of: Callable[[_F], Any]
) -> list[_F]:
    """Findings of one code in the order of the rest of their sort key: path, then params.

    The params' text (a ``repr`` of every param, the costly part of the key) is made only for findings
    whose paths tie: sorting by path, then each run of one path by params, both stable, is the order of
    one stable sort by (path, params).
    """
    keyed = [(path_key(path_of(v)), i, v) for i, v in enumerate(run)]
    keyed.sort()  # the position decides every tie of paths: findings themselves are never compared
    ordered: list[_F] = []
    j, n = 0, len(keyed)
    while j < n:
        k = j + 1
        first = keyed[j][0]
        while k < n and keyed[k][0] == first:
            k += 1
        if k - j > 1:
            ordered += sorted((v for _, _, v in keyed[j:k]), key=lambda v: params_key(params_of(v)))
        else:
            ordered.append(keyed[j][2])
        j = k
    return ordered


_Fields = tuple[Callable[[Any], str], Callable[[Any], str], Callable[[Any], Mapping[str, Any]]]
_VIOLATION_FIELDS: _Fields = (attrgetter("code"), attrgetter("path"), attrgetter("params"))
_DICT_FIELDS: _Fields = (itemgetter("code"), itemgetter("path"), itemgetter("params"))
_severity_of = itemgetter("severity")
_NO_REASONS: Mapping[str, str] = MappingProxyType({})


def _cases_of(version: ProcedureVersion) -> str:
    """The cases a dossier may name, for the DC001 message: "tr1 (name); tr2 (name)", or "—" for none."""
    return "; ".join(f"{c.id} ({c.name})" for c in version.cases) or "—"


def _merge_problems(problems: list[Problem], origin: Origin) -> list[Problem]:
    """The format problems of a mapped record: none where the source format cannot carry the field, and
    the reader's own problem (about the source field) in place of the dossier format's at the same pointer."""
    own = {p.path for p in origin.problems}
    kept = [p for p in problems if p.path not in own and not origin.is_unknown(p.path)]
    return kept + list(origin.problems)


def check(
    dossier: Any,
    *,
    catalog: Catalog | None = None,
    as_of: str | datetime | date | None = None,
    lang: str = "vi",
    select: str | list[str] | tuple[str, ...] | None = None,
    ignore: str | list[str] | tuple[str, ...] | None = None,
    settings: Settings | None = None,
) -> Report:
    """Check one dossier against the catalogue and return its :class:`Report`.

    ``dossier`` is a mapping, JSON text or bytes, or a path to a JSON file holding one dossier. A bad
    dossier never raises: its problems are violations (DC001 for the format). Misuse raises: a bad
    ``lang``, a selection that matches no rule, an unreadable path. For many dossiers build one
    :class:`Checker` and call :meth:`Checker.check` — it reuses the catalogue and the rule plan.
    """
    return Checker(catalog, settings=settings, as_of=as_of, lang=lang, select=select, ignore=ignore).check(
        dossier
    )


def load_config(path: str | Path, *, base: Settings | None = None) -> Settings:
    """Read a TOML configuration file into :class:`Settings`; :class:`ConfigError` names file and key.

    The rule codes it names (``select``, ``ignore``, ``[severity]``) must be registered rules.
    """
    _load_all()
    return read_config(path, rule_codes=frozenset(REGISTRY), base=base)


def deadline(
    procedure: str,
    received_at: str | datetime,
    *,
    channel: str | None = "direct",
    case: str | None = None,
    catalog: Any = None,
    settings: Any = None,
) -> Deadline | UnknownDeadline:
    """The statutory deadline of a catalogued procedure for a receipt time (``dossier-check deadline``).

    ``procedure`` is a procedure code; the version in force on the local receipt date and its time limit
    for ``channel`` (default ``direct``; ``channel_time_limits`` overrides apply) are used. For a procedure
    with cases, ``case`` (an id, or a name) selects one; without it the longest of the cases' limits
    applies and the result lists every case's deadline. A limit published without a unit gives an
    :class:`~dossier_check.deadlines.UnknownDeadline`, which explains why there is no deadline.
    ``received_at`` is an ISO 8601 date-time (no offset = Việt Nam local time) or a datetime.
    ``catalog`` defaults to the built-in one, ``settings`` to ``Settings.default()`` (calendar, office
    hours, day-counting convention). Raises :class:`KeyError` for an unknown procedure, one not in force
    on that date or a case it does not have, :class:`ValueError` for an unreadable receipt time.
    """
    if isinstance(received_at, datetime):
        local = to_local(received_at)
    else:
        when = parse_when(received_at)
        if when is None or not when.precise:
            raise ValueError(f"received_at must be an ISO 8601 date-time, got {received_at!r}")
        local = when.local
    cat = catalog if catalog is not None else load_catalog()
    conf = settings if settings is not None else Settings.default()
    resolution = cat.resolve(procedure, local.date())
    version = resolution.version
    if version is None:
        why = (
            "unknown procedure"
            if resolution.status == "unknown"
            else f"no version in force on {local.date()}"
        )
        raise KeyError(f"procedure {procedure}: {why}")
    case_id = None
    if case is not None:
        case_id = version.find_case(case)
        if case_id is None:
            raise KeyError(f"procedure {procedure} has no case {case!r} (its cases: {_cases_of(version)})")
    names = {c.id: c.name for c in version.cases}
    candidates = [
        (cid, names.get(cid) if cid else None, limit)
        for cid, limit in version.time_limits(channel or "direct", case_id)
    ]
    return procedure_deadline(candidates, local, conf)
