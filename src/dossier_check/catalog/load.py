"""Reading procedure files: validation, per-channel indexes, the built-in catalogue and user directories.

Every file is validated on load and a bad one is refused with :class:`CatalogError`, naming the file, the
field and the reason — nothing is checked against a catalogue that failed to load.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._text import normalize_name
from ..models import FORM_ORDER, AllOf, Procedure, ProcedureComponent
from ..reasons import os_error
from .errors import catalog_error
from .resolve import CHANNELS, Catalog, ComponentIndex, ProcedureVersion

__all__ = ["BUILTIN", "build_version", "load_catalog", "load_procedure_file"]

BUILTIN = "<built-in>"


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(root)"


# The validator's problems most often met in a procedure file, in Vietnamese; any other keeps its English
# wording inside a Vietnamese sentence.
_PROBLEMS_VI = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không có trong định dạng tệp thủ tục",
    "string_type": "cần một chuỗi ký tự",
    "int_type": "cần một số nguyên",
    "int_parsing": "cần một số nguyên",
    "int_from_float": "cần một số nguyên",
    "bool_type": "cần true hoặc false",
    "list_type": "cần một mảng",
    "dict_type": "cần một đối tượng",
    "model_type": "cần một đối tượng",
    "string_too_short": "không được để trống",
    "too_short": "cần ít nhất một phần tử",
    "greater_than_equal": "giá trị quá nhỏ",
    "greater_than": "giá trị quá nhỏ",
    "string_pattern_mismatch": "không đúng mẫu",
}


def _problem_vi(kind: str, msg: str, ctx: Any) -> str:
    if kind == "literal_error" and isinstance(ctx, dict) and "expected" in ctx:
        return f"giá trị không thuộc danh sách cho phép: {ctx['expected']}"
    known = _PROBLEMS_VI.get(kind)
    return known if known is not None else f"giá trị không hợp lệ ({msg})"


def _forms_agree(comp: ProcedureComponent, source: str, where: str) -> None:
    # ``copies`` implies the accepted forms; a row that also lists ``forms`` must list the same ones. All
    # five forms is the default, which a model written out in full repeats: read as not given.
    if (
        comp.copies is not None
        and "forms" in comp.model_fields_set
        and set(comp.forms) != set(comp.copies)
        and set(comp.forms) != set(FORM_ORDER)
    ):
        raise catalog_error(
            source,
            f"{where}.forms",
            "catalog_forms_copies",
            forms=sorted(set(comp.forms)),
            copies=sorted(comp.copies),
        )


class _ListBuilder:
    """One component list on one channel, built row by row; a duplicate code or name is refused."""

    __slots__ = ("by_code", "by_name", "channel", "comps", "source", "where")

    def __init__(self, channel: str, source: str, base: _ListBuilder | None = None) -> None:
        self.channel, self.source = channel, source
        self.by_code: dict[str, ProcedureComponent] = dict(base.by_code) if base else {}
        self.where: dict[str, str] = dict(base.where) if base else {}
        self.by_name: dict[str, ProcedureComponent] = dict(base.by_name) if base else {}
        self.comps: list[ProcedureComponent] = list(base.comps) if base else []

    def add(self, rows: list[tuple[str, ProcedureComponent]]) -> _ListBuilder:
        channel = self.channel
        for where, c in rows:
            if c.channels is not None and channel not in c.channels:
                continue
            if c.code in self.by_code:
                raise catalog_error(
                    self.source,
                    f"{where}.code",
                    "catalog_duplicate_component",
                    code=repr(c.code),
                    channel=repr(channel),
                    other=self.where[c.code],
                )
            key = normalize_name(c.name)
            if key in self.by_name:
                raise catalog_error(
                    self.source,
                    f"{where}.name",
                    "catalog_duplicate_component_name",
                    channel=repr(channel),
                    name=repr(c.name),
                )
            self.by_code[c.code], self.where[c.code], self.by_name[key] = c, where, c
            self.comps.append(c)
        return self

    def index(self) -> ComponentIndex:
        return ComponentIndex(tuple(self.comps), self.by_code, self.by_name)


def _merged(occurrences: list[ProcedureComponent], cases: int) -> ProcedureComponent:
    """One component standing for a code that several cases list, for a dossier that names no case.

    Lenient wherever the cases differ — every form any case accepts, the largest counts, ``submit``
    unless every case only shows it — and required only when every case requires it.
    """
    first = occurrences[0]
    if all(c == first for c in occurrences) and len(occurrences) == cases:
        return first
    forms = [f for f in FORM_ORDER if any(f in c.accepted_forms for c in occurrences)]
    copies = None
    if all(c.copies is not None for c in occurrences):
        copies = {f: max((c.copies or {}).get(f, 0) for c in occurrences) for f in forms}
    quantity = max(
        c.total_quantity if c.total_quantity is not None else sum((c.copies or {}).values())
        for c in occurrences
    )
    required: Any = False
    if len(occurrences) == cases:  # listed by every case: required when each of them requires it
        conditions = [c.required for c in occurrences]
        required = conditions[0] if all(r == conditions[0] for r in conditions) else AllOf(all=conditions)
    kind = "show" if all(c.kind == "show" for c in occurrences) else "submit"
    return first.model_copy(
        update={"forms": forms, "copies": copies, "quantity": quantity, "required": required, "kind": kind}
    )


def _no_case_index(case_indexes: list[ComponentIndex], shared: ComponentIndex) -> ComponentIndex:
    """What a dossier that names no case may keep: the shared rows and every case's rows, merged by code."""
    by_code: dict[str, list[ProcedureComponent]] = {}
    names: dict[str, list[str]] = {}
    for index in case_indexes:
        for c in index.components:
            by_code.setdefault(c.code, []).append(c)
            names.setdefault(c.code, []).append(normalize_name(c.name))
    merged = {
        code: comps[0] if code in shared.by_code else _merged(comps, len(case_indexes))
        for code, comps in by_code.items()
    }
    by_name: dict[str, ProcedureComponent] = {}
    for code, keys in names.items():
        for key in keys:
            by_name.setdefault(key, merged[code])  # a name two codes share matches the first
    return ComponentIndex(tuple(merged.values()), merged, by_name)


class _NoCaseIndexes(Mapping[str, ComponentIndex]):
    """The per-channel lists of a dossier that names no case, merged on first use.

    Merging every case's list by code costs more than reading the file, and most procedures of a large
    catalogue are never used in a run: so each channel's list is built when a dossier first needs it.
    Building twice from two threads gives equal results and the first stored wins; the object pickles
    with its inputs (audit workers receive the checker pickled).
    """

    def __init__(self, sources: dict[str, tuple[list[ComponentIndex], ComponentIndex]]) -> None:
        self._sources = sources
        self._built: dict[str, ComponentIndex] = {}

    def __getitem__(self, channel: str) -> ComponentIndex:
        found = self._built.get(channel)
        if found is None:
            source = self._sources[channel]
            # Channels that share their lists (no component limited to a channel) share the merge too.
            done = [
                self._built[ch]
                for ch, other in self._sources.items()
                if other is source and ch in self._built
            ]
            found = self._built.setdefault(channel, done[0] if done else _no_case_index(*source))
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


def _check_cases(proc: Procedure, source: str) -> None:
    ids: dict[str, int] = {}
    names: dict[str, int] = {}
    for i, case in enumerate(proc.cases or ()):
        if case.id in ids:
            raise catalog_error(
                source, f"cases[{i}].id", "catalog_duplicate_case", id=repr(case.id), other=ids[case.id]
            )
        key = normalize_name(case.name)
        if key in names:
            raise catalog_error(
                source, f"cases[{i}].name", "catalog_duplicate_case_name", name=repr(case.name)
            )
        ids[case.id], names[key] = i, i
    for i, case in enumerate(proc.cases or ()):
        other = names.get(case.id)
        if other is not None and other != i:
            raise catalog_error(
                source, f"cases[{i}].id", "catalog_case_id_is_name", id=repr(case.id), other=other
            )


def build_version(proc: Procedure, source: str) -> ProcedureVersion:
    """A procedure model checked and indexed as a loaded file would be; :class:`CatalogError` if it is bad."""
    valid_from = date.fromisoformat(proc.valid_from)
    valid_to = date.fromisoformat(proc.valid_to) if proc.valid_to else None
    if valid_to is not None and valid_to < valid_from:
        raise catalog_error(
            source, "valid_to", "catalog_valid_to", valid_to=proc.valid_to, valid_from=proc.valid_from
        )
    _check_cases(proc, source)
    shared = [(f"components[{i}]", c) for i, c in enumerate(proc.components)]
    cases = [
        [(f"cases[{k}].components[{i}]", c) for i, c in enumerate(case.components)]
        for k, case in enumerate(proc.cases or ())
    ]
    for where, c in shared + [row for rows in cases for row in rows]:
        _forms_agree(c, source, where)
    indexes: dict[str, ComponentIndex] = {}
    merged: dict[str, tuple[list[ComponentIndex], ComponentIndex]] = {}
    case_indexes: dict[str, dict[str, ComponentIndex]] = {case.id: {} for case in proc.cases or ()}
    # Most procedures limit no component to a channel: their three channels share one set of lists.
    restricted = any(c.channels is not None for _, c in shared) or any(
        c.channels is not None for rows in cases for _, c in rows
    )
    for channel in CHANNELS if restricted else CHANNELS[:1]:
        own = _ListBuilder(channel, source).add(shared)
        indexes[channel] = own.index()
        if not cases:
            continue
        per_case = []
        for case, rows in zip(proc.cases or (), cases, strict=True):
            # Built now, not on first use: a duplicate code or name is refused when the file loads.
            case_indexes[case.id][channel] = index = _ListBuilder(channel, source, own).add(rows).index()
            per_case.append(index)
        merged[channel] = (per_case, indexes[channel])
    if not restricted:
        first = CHANNELS[0]
        for channel in CHANNELS[1:]:
            indexes[channel] = indexes[first]
            for by_channel in case_indexes.values():
                by_channel[channel] = by_channel[first]
            if cases:
                merged[channel] = merged[first]
    no_case: Mapping[str, ComponentIndex] = _NoCaseIndexes(merged) if cases else indexes
    return ProcedureVersion(proc, source, valid_from, valid_to, no_case, case_indexes)


def load_procedure_file(path: str | Path, text: str | bytes | None = None) -> ProcedureVersion:
    """Load and validate one procedure file; :class:`CatalogError` names the file and field when it is bad."""
    source = str(path)
    try:
        raw = Path(path).read_bytes() if text is None else text
        # The formats are UTF-8 (json.loads would also guess UTF-16/32 from bytes); a UTF-8 BOM is tolerated.
        data = json.loads(raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw)
    except OSError as exc:
        raise catalog_error(source, None, "catalog_cannot_read", error=os_error(exc)) from None
    except UnicodeDecodeError as exc:
        raise catalog_error(source, None, "catalog_not_utf8", byte=exc.start, detail=exc.reason) from None
    except json.JSONDecodeError as exc:
        raise catalog_error(
            source, None, "catalog_bad_json", detail=exc.msg, line=exc.lineno, column=exc.colno
        ) from None
    except RecursionError:
        raise catalog_error(source, None, "catalog_too_deep") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts (sys.get_int_max_str_digits)
        raise catalog_error(source, None, "catalog_json_value", detail=exc) from None
    if not isinstance(data, dict):
        raise catalog_error(source, None, "catalog_not_object", kind=type(data).__name__)
    try:
        proc = Procedure.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        more = exc.error_count() - 1
        key = "catalog_invalid_more" if more else "catalog_invalid"
        detail, detail_vi = first["msg"], _problem_vi(first["type"], first["msg"], first.get("ctx"))
        raise catalog_error(
            source, _loc(first["loc"]), key, detail=detail, detail_vi=detail_vi, more=more
        ) from None
    except RecursionError:
        raise catalog_error(source, None, "catalog_too_deep") from None
    return build_version(proc, source)


def _builtin_versions() -> list[ProcedureVersion]:
    out = []
    root = resources.files("dossier_check") / "procedures"
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            out.append(load_procedure_file(f"{BUILTIN}/{entry.name}", entry.read_bytes()))
    return out


_BUILTIN_CACHE: list[Catalog] = []


def _builtin_catalog() -> Catalog:
    # Built once per process; the catalogue is immutable so sharing it is safe.
    if not _BUILTIN_CACHE:
        _BUILTIN_CACHE.append(Catalog(_builtin_versions()))
    return _BUILTIN_CACHE[0]


def procedure_files(path: Path) -> list[Path]:
    """The procedure files of a catalogue directory: every ``*.json`` below it, in path order, except hidden
    files and what is in hidden directories below it. The path that leads to the directory (``..``, a
    hidden directory the user chose to keep a catalogue in) is not looked at."""
    return sorted(
        p for p in path.rglob("*.json") if not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def load_catalog(*dirs: str | Path, builtin: bool = True) -> Catalog:
    """The built-in catalogue plus the procedure files of each directory.

    A code present in any user directory replaces all built-in versions of that code; versions of one
    code across the user's directories are merged, and overlapping validity among them is an error.
    A file reached twice (the same directory given twice, under another spelling or through a link, or
    one directory inside another) is read once: a version does not overlap itself.
    Raises :class:`CatalogError` for a missing directory, an empty one, or any bad file.
    """
    user: list[ProcedureVersion] = []
    seen: set[Path] = set()
    for d in dirs:
        path = Path(d)
        if not path.is_dir():
            raise catalog_error(str(path), None, "catalog_not_dir" if path.exists() else "catalog_no_dir")
        files = procedure_files(path)
        if not files:
            raise catalog_error(str(path), None, "catalog_empty_dir")
        for p in files:
            real = p.resolve()
            if real not in seen:
                seen.add(real)
                user.append(load_procedure_file(p))
    if not builtin:
        return Catalog(user)
    if not user:
        return _builtin_catalog()
    replaced = {v.code for v in user}
    return Catalog([v for v in _builtin_catalog() if v.code not in replaced] + user)
