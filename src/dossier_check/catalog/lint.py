"""Checking a directory of procedure files the way a careful author would, before anyone relies on it.

The loader refuses what it cannot use and stops at the first problem; the linter reads every file, goes
on after a problem, and also reports what the loader accepts but no author means: definitions no dossier
can satisfy or that can never apply (a component limited to channels the procedure does not offer, a
condition that never holds), cases with no components, overlapping versions, time limits without a unit,
files still marked for review after an import, and more (:data:`LINT_KINDS`).

:func:`lint_directory` returns a :class:`LintResult`; :func:`lint_text` and :func:`lint_json` render it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._labels import channel_words
from .._text import normalize_name
from ..models import AllOf, AnyOf, IfFact, Procedure, ProcedureComponent, UnlessFact
from .errors import CatalogError
from .load import load_procedure_file, procedure_files
from .resolve import CHANNELS

__all__ = [
    "LINT_KINDS",
    "LintFinding",
    "LintResult",
    "lint_directory",
    "lint_json",
    "lint_procedure",
    "lint_text",
]

LINT_KINDS = (
    "duplicate_code",
    "duplicate_name",
    "duplicate_case",
    "forms_contradict_copies",
    "valid_to_before_valid_from",
    "overlapping_versions",
    "channels_not_offered",
    "group_not_offered",
    "condition_never_holds",
    "condition_always_holds",
    "empty_case",
    "no_components",
    "single_member_group",
    "copies_quantity_disagree",
    "time_limit_not_offered",
    "fee_channel_not_offered",
    "time_limit_unknown",
    "undocumented_fact",
    "review_pending",
    "refused_by_loader",
)
"""Every kind of finding, in report order."""

_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "duplicate_code": "mã thành phần {value} trùng với {other} trên kênh {channel}",
        "duplicate_name": "tên thành phần «{value}» trùng với {other} trên kênh {channel}: không ghép được theo tên",
        "duplicate_case": "trường hợp «{value}» trùng mã hoặc tên với {other}: hồ sơ không chỉ ra được trường hợp nào",
        "forms_contradict_copies": "forms {forms} mâu thuẫn với copies {copies}",
        "valid_to_before_valid_from": "valid_to {valid_to} trước valid_from {valid_from}",
        "overlapping_versions": "phiên bản từ {valid_from} chồng lên phiên bản trong {other} ({other_from} – {other_to})",
        "channels_not_offered": "{required}thành phần {value} chỉ áp dụng cho kênh {channels}, thủ tục không có trên kênh nào trong đó: không bao giờ áp dụng",
        "group_not_offered": "mọi thành phần của nhóm {value} chỉ áp dụng cho kênh thủ tục không có: nhóm không bao giờ áp dụng",
        "condition_never_holds": "điều kiện bắt buộc của {value} không bao giờ đúng (một sự kiện vừa đúng vừa sai?): viết false",
        "condition_always_holds": "điều kiện bắt buộc của {value} luôn đúng: viết true",
        "empty_case": "trường hợp {value} không có thành phần hồ sơ nào",
        "no_components": "thủ tục không có thành phần hồ sơ nào",
        "single_member_group": "nhóm thay thế {value} chỉ có một thành phần ({other}): thêm các giấy tờ thay thế hoặc bỏ group",
        "copies_quantity_disagree": "quantity {quantity} không khớp copies {copies} (phải từ {low} đến {high})",
        "time_limit_not_offered": "thời hạn riêng cho kênh {channel}, thủ tục không có trên kênh này",
        "fee_channel_not_offered": "phí «{value}» cho kênh {channel}, thủ tục không có trên kênh này",
        "time_limit_unknown": "thời hạn không rõ đơn vị: không tính được hạn giải quyết",
        "undocumented_fact": "sự kiện {value} được dùng nhưng không giải thích trong facts",
        "review_pending": "tệp vẫn còn {value} điểm cần rà soát (khóa review) từ lần nhập",
        "refused_by_loader": "bộ nạp danh mục từ chối tệp: {value}",
        "unreadable": "không đọc được: {reason}",
        "clean": "Không có phát hiện nào ({files} tệp).",
        "summary": "{findings} phát hiện trong {files} tệp; {unreadable} tệp không đọc được.",
        "required": "bắt buộc: ",
    },
    "en": {
        "duplicate_code": "component code {value} repeats {other} on channel {channel}",
        "duplicate_name": "component name '{value}' repeats {other} on channel {channel}: rows cannot be matched by name",
        "duplicate_case": "case '{value}' shares its id or name with {other}: a dossier could not name one of them",
        "forms_contradict_copies": "forms {forms} contradict copies {copies}",
        "valid_to_before_valid_from": "valid_to {valid_to} is before valid_from {valid_from}",
        "overlapping_versions": "the version from {valid_from} overlaps the version in {other} ({other_from} – {other_to})",
        "channels_not_offered": "{required}component {value} applies only on {channels}, none of which the procedure offers: it never applies",
        "group_not_offered": "every member of group {value} applies only on channels the procedure does not offer: the group never applies",
        "condition_never_holds": "the required condition of {value} never holds (a fact both true and false?): write false",
        "condition_always_holds": "the required condition of {value} always holds: write true",
        "empty_case": "case {value} has no components",
        "no_components": "the procedure has no components",
        "single_member_group": "alternative group {value} has one member only ({other}): add the alternatives or drop the group",
        "copies_quantity_disagree": "quantity {quantity} disagrees with copies {copies} (it must be {low} to {high})",
        "time_limit_not_offered": "a time limit for channel {channel}, which the procedure does not offer",
        "fee_channel_not_offered": "fee '{value}' for channel {channel}, which the procedure does not offer",
        "time_limit_unknown": "time limit without a unit: no deadline can be computed",
        "undocumented_fact": "fact {value} is used but not explained in facts",
        "review_pending": "the file still holds {value} items to review (the review key) from its import",
        "refused_by_loader": "the catalogue loader refuses the file: {value}",
        "unreadable": "cannot be read: {reason}",
        "clean": "No findings (files: {files}).",
        "summary": "Findings: {findings} in files: {files}; unreadable files: {unreadable}.",
        "required": "required ",
    },
}


@dataclass(frozen=True)
class LintFinding:
    """One finding: the file, the procedure code, the field it is about, its kind and parameters."""

    file: str
    code: str | None
    kind: str
    where: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        params = {k: _said(v, lang) for k, v in self.params.items()}
        if lang == "vi":  # "kênh trực tuyến", not the format's own word; English keeps the format's words
            for key in ("channel", "channels"):
                value = self.params.get(key)
                if isinstance(value, str):
                    params[key] = channel_words(value, lang)
                elif isinstance(value, (list, tuple)):
                    params[key] = ", ".join(channel_words(c, lang) for c in value)
        if self.kind == "channels_not_offered":
            params["required"] = _TEXT[lang]["required"] if params.get("required") else ""
        return _TEXT[lang][self.kind].format(**params)

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {
            "file": self.file,
            "code": self.code,
            "kind": self.kind,
            "where": self.where,
            "params": {k: _said(v, "en") if isinstance(v, _Said) else v for k, v in self.params.items()},
            "message": self.message(lang),
        }


@dataclass
class LintResult:
    """Findings, files that could not be read (file, reason), and how many files were looked at."""

    findings: list[LintFinding] = field(default_factory=list)
    unreadable: list[tuple[str, _Said]] = field(default_factory=list)
    files: int = 0

    @property
    def exit_status(self) -> int:
        """0 clean; 1 findings; 2 some file (or the directory) could not be read."""
        if self.unreadable:
            return 2
        return 1 if self.findings else 0


# --- one procedure --------------------------------------------------------------------------------


def _facts(cond: Any) -> Iterator[str]:
    if isinstance(cond, IfFact):
        yield cond.if_fact
    elif isinstance(cond, UnlessFact):
        yield cond.unless_fact
    elif isinstance(cond, (AllOf, AnyOf)):
        for c in cond.all if isinstance(cond, AllOf) else cond.any:
            yield from _facts(c)


def _holds(cond: Any, facts: Mapping[str, bool]) -> bool:
    if isinstance(cond, bool):
        return cond
    if isinstance(cond, IfFact):
        return facts[cond.if_fact]
    if isinstance(cond, UnlessFact):
        return not facts[cond.unless_fact]
    if isinstance(cond, AllOf):
        return all(_holds(c, facts) for c in cond.all)
    if isinstance(cond, AnyOf):
        return any(_holds(c, facts) for c in cond.any)
    return True  # pragma: no cover - the model admits no other condition


_MAX_FACTS = 12  # 4096 assignments: enough for any published condition, cheap for a whole catalogue


def _constant(cond: Any) -> bool | None:
    """True/False when a nested condition has that value whatever the facts; None otherwise."""
    if isinstance(cond, (bool, IfFact, UnlessFact)):
        return None
    names = sorted(set(_facts(cond)))
    if len(names) > _MAX_FACTS:
        return None
    seen = set()
    for values in itertools.product((False, True), repeat=len(names)):
        seen.add(_holds(cond, dict(zip(names, values, strict=True))))
        if len(seen) == 2:
            return None
    return seen.pop()


class _Linter:
    def __init__(self, proc: Procedure, raw: Mapping[str, Any], file: str) -> None:
        self.proc, self.raw, self.file = proc, raw, file
        self.findings: list[LintFinding] = []
        self.offered = (
            tuple(CHANNELS) if proc.channels is None else tuple(c for c in CHANNELS if c in proc.channels)
        )

    def add(self, kind: str, where: str, **params: Any) -> None:
        self.findings.append(LintFinding(self.file, self.proc.code, kind, where, params))

    def scopes(self) -> list[tuple[str, list[tuple[str, ProcedureComponent]]]]:
        """Each component list a dossier can be held to: the shared rows alone, or with one case's rows."""
        shared = [(f"components[{i}]", c) for i, c in enumerate(self.proc.components)]
        if not self.proc.cases:
            return [("", shared)]
        return [
            (case.id, shared + [(f"cases[{k}].components[{i}]", c) for i, c in enumerate(case.components)])
            for k, case in enumerate(self.proc.cases)
        ]

    def all_rows(self) -> list[tuple[str, ProcedureComponent]]:
        rows = [(f"components[{i}]", c) for i, c in enumerate(self.proc.components)]
        for k, case in enumerate(self.proc.cases or ()):
            rows += [(f"cases[{k}].components[{i}]", c) for i, c in enumerate(case.components)]
        return rows

    def run(self) -> list[LintFinding]:
        self.identity()
        self.duplicates()
        self.cases()
        self.rows()
        self.groups()
        self.limits()
        self.extras()
        return self.findings

    def identity(self) -> None:
        p = self.proc
        if p.valid_to is not None and p.valid_to < p.valid_from:
            self.add("valid_to_before_valid_from", "valid_to", valid_to=p.valid_to, valid_from=p.valid_from)

    def duplicates(self) -> None:
        seen_pairs: set[tuple[str, str]] = set()
        for _case, rows in self.scopes():
            for channel in CHANNELS:
                codes: dict[str, str] = {}
                names: dict[str, str] = {}
                for where, c in rows:
                    if c.channels is not None and channel not in c.channels:
                        continue
                    for kind, key, table, value in (
                        ("duplicate_code", c.code, codes, c.code),
                        ("duplicate_name", normalize_name(c.name), names, c.name),
                    ):
                        if key in table and (kind, where) not in seen_pairs:
                            seen_pairs.add((kind, where))
                            self.add(kind, where, value=value, other=table[key], channel=channel)
                        table.setdefault(key, where)

    def cases(self) -> None:
        keys: dict[str, str] = {}
        for k, case in enumerate(self.proc.cases or ()):
            where = f"cases[{k}]"
            for key in dict.fromkeys((case.id, normalize_name(case.name))):
                if key in keys and keys[key] != where:
                    self.add("duplicate_case", where, value=case.name, other=keys[key])
                    break
            keys.setdefault(case.id, where)
            keys.setdefault(normalize_name(case.name), where)
            if not case.components:
                self.add("empty_case", where, value=case.id)
        if not self.all_rows():
            self.add("no_components", "components")

    def rows(self) -> None:
        documented = self.raw.get("facts")
        for where, c in self.all_rows():
            if c.copies is not None and "forms" in c.model_fields_set and set(c.forms) != set(c.copies):
                self.add(
                    "forms_contradict_copies",
                    f"{where}.forms",
                    forms=sorted(c.forms),
                    copies=sorted(c.copies),
                )
            if c.copies is not None and "quantity" in c.model_fields_set:
                low, high = max(c.copies.values()), sum(c.copies.values())
                if not low <= c.quantity <= high:
                    copies = ", ".join(f"{k}: {v}" for k, v in c.copies.items())
                    self.add(
                        "copies_quantity_disagree",
                        f"{where}.quantity",
                        quantity=c.quantity,
                        copies=copies,
                        low=low,
                        high=high,
                    )
            constant = _constant(c.required)
            if constant is not None:
                kind = "condition_always_holds" if constant else "condition_never_holds"
                self.add(kind, f"{where}.required", value=c.code)
            if isinstance(documented, dict):
                for fact in dict.fromkeys(_facts(c.required)):
                    if fact not in documented:
                        self.add("undocumented_fact", f"{where}.required", value=fact)

    def groups(self) -> None:
        members: dict[str, list[tuple[str, ProcedureComponent]]] = {}
        for where, c in self.all_rows():
            if c.group is not None:
                members.setdefault(c.group, []).append((where, c))
        dead_groups = set()
        for group, rows in members.items():
            if all(self._never_offered(c) for _w, c in rows):
                dead_groups.add(group)
                self.add("group_not_offered", f"{rows[0][0]}.group", value=group)
            elif len(rows) == 1:
                self.add("single_member_group", f"{rows[0][0]}.group", value=group, other=rows[0][1].code)
        for where, c in self.all_rows():
            if self._never_offered(c) and c.group not in dead_groups:
                self.add(
                    "channels_not_offered",
                    f"{where}.channels",
                    value=c.code,
                    channels=list(c.channels or ()),
                    required=c.required is not False,
                )

    def _never_offered(self, c: ProcedureComponent) -> bool:
        return c.channels is not None and not set(c.channels) & set(self.offered)

    def limits(self) -> None:
        holders: list[tuple[str, Any, Any]] = [("", self.proc.time_limit, self.proc.channel_time_limits)]
        for k, case in enumerate(self.proc.cases or ()):
            holders.append((f"cases[{k}].", case.time_limit, case.channel_time_limits))
        for prefix, limit, per_channel in holders:
            if limit is not None and limit.unit == "unknown":
                self.add("time_limit_unknown", f"{prefix}time_limit")
            for channel, lim in (per_channel or {}).items():
                if channel not in self.offered:
                    self.add(
                        "time_limit_not_offered", f"{prefix}channel_time_limits.{channel}", channel=channel
                    )
                elif lim.unit == "unknown":
                    self.add("time_limit_unknown", f"{prefix}channel_time_limits.{channel}")
        for i, fee in enumerate(self.proc.fees or ()):
            for channel in fee.channels or ():
                if channel not in self.offered:
                    self.add(
                        "fee_channel_not_offered", f"fees[{i}].channels", value=fee.name, channel=channel
                    )

    def extras(self) -> None:
        review = self.raw.get("review")
        if review:
            self.add("review_pending", "review", value=len(review) if isinstance(review, list) else 1)


def lint_procedure(
    proc: Procedure, raw: Mapping[str, Any] | None = None, file: str = ""
) -> list[LintFinding]:
    """The findings of one procedure version on its own (overlaps need the others: :func:`lint_directory`)."""
    return _Linter(proc, raw if raw is not None else proc.model_dump(), file).run()


# --- a directory ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Said:
    """A text known in both languages (a loader's refusal), shown in the run's language."""

    vi: str
    en: str
    prefix: str = ""

    def text(self, lang: str) -> str:
        return (self.vi if lang == "vi" else self.en).removeprefix(self.prefix)


def _said(value: Any, lang: str) -> Any:
    if isinstance(value, _Said):
        return value.text(lang)
    return ", ".join(value) if isinstance(value, (list, tuple)) else value


def _read(path: Path) -> tuple[Procedure | None, Mapping[str, Any], _Said | None, _Said | None]:
    """(procedure, raw, unreadable reason, loader refusal) of one file."""
    try:
        load_procedure_file(path)
        refusal = None
    except CatalogError as exc:
        refusal = _Said(exc.message("vi"), exc.message("en"), f"{path}: ")
    try:
        raw = json.loads(path.read_bytes().decode("utf-8-sig"))
        if not isinstance(raw, dict):
            raise TypeError
        proc = Procedure.model_validate(raw)
    except (OSError, UnicodeDecodeError, ValueError, TypeError, ValidationError, RecursionError):
        # not JSON, not an object, or not the format: the loader's message says where and why
        return None, {}, refusal or _Said("không đọc được", "cannot be read"), None
    return proc, raw, None, refusal


def _overlaps(versions: Sequence[tuple[str, Procedure]]) -> Iterator[LintFinding]:
    by_code: dict[str, list[tuple[str, Procedure]]] = {}
    for file, proc in versions:
        by_code.setdefault(proc.code, []).append((file, proc))
    for code, vs in by_code.items():
        vs.sort(key=lambda v: v[1].valid_from)
        for (fa, a), (fb, b) in itertools.combinations(vs, 2):
            a_to = date.fromisoformat(a.valid_to) if a.valid_to else date.max
            b_to = date.fromisoformat(b.valid_to) if b.valid_to else date.max
            if date.fromisoformat(b.valid_from) <= a_to and date.fromisoformat(a.valid_from) <= b_to:
                yield LintFinding(
                    fb,
                    code,
                    "overlapping_versions",
                    "valid_from",
                    {
                        "valid_from": b.valid_from,
                        "other": fa,
                        "other_from": a.valid_from,
                        "other_to": a.valid_to or "…",
                    },
                )


# Refusals the linter's own findings already explain (the loader stops at the first of these).
_EXPLAINED = frozenset(
    {
        "duplicate_code",
        "duplicate_name",
        "duplicate_case",
        "forms_contradict_copies",
        "valid_to_before_valid_from",
    }
)


def lint_directory(directory: str | Path) -> LintResult:
    """Lint every procedure file (``*.json``, recursively, hidden entries passed over) in ``directory``."""
    path = Path(directory)
    result = LintResult()
    if not path.is_dir():
        result.unreadable.append(
            (
                str(path),
                _Said("không phải thư mục", "not a directory")
                if path.exists()
                else _Said("không có thư mục này", "no such directory"),
            )
        )
        return result
    files = procedure_files(path)
    if not files:
        result.unreadable.append(
            (
                str(path),
                _Said(
                    "thư mục không có tệp thủ tục nào (*.json)",
                    "no procedure files (*.json) in this directory",
                ),
            )
        )
        return result
    versions: list[tuple[str, Procedure]] = []
    for f in files:
        result.files += 1
        proc, raw, unreadable, refusal = _read(f)
        if proc is None:
            result.unreadable.append((str(f), unreadable or _Said("", "")))
            continue
        found = _Linter(proc, raw, str(f)).run()
        if refusal and not any(x.kind in _EXPLAINED for x in found):
            found.append(LintFinding(str(f), proc.code, "refused_by_loader", "", {"value": refusal}))
        result.findings.extend(found)
        versions.append((str(f), proc))
    result.findings.extend(_overlaps(versions))
    rank = {k: i for i, k in enumerate(LINT_KINDS)}
    result.findings.sort(key=lambda x: (x.file, rank[x.kind]))  # stable: rows stay in file order
    return result


def lint_json(result: LintResult, lang: str = "vi") -> dict[str, Any]:
    """The lint result as JSON-ready data."""
    counts: dict[str, int] = {}
    for f in result.findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    return {
        "files": result.files,
        "findings": [f.to_dict(lang) for f in result.findings],
        "unreadable": [
            {"file": file, "message": _TEXT[lang]["unreadable"].format(reason=reason.text(lang))}
            for file, reason in result.unreadable
        ],
        "counts": {k: counts[k] for k in LINT_KINDS if k in counts},
    }


def lint_text(result: LintResult, lang: str = "vi") -> str:
    """The lint result for people: one line per finding, then a summary."""
    t = _TEXT[lang]
    lines = [
        f"{file}: {t['unreadable'].format(reason=reason.text(lang))}" for file, reason in result.unreadable
    ]
    for f in result.findings:
        where = f" {f.where}" if f.where else ""
        lines.append(f"{f.file}:{where} [{f.kind}] {f.message(lang)}")
    if not lines:
        return t["clean"].format(files=result.files)
    lines += [
        "",
        t["summary"].format(
            findings=len(result.findings), files=result.files, unreadable=len(result.unreadable)
        ),
    ]
    return "\n".join(lines)
