"""The procedure catalogue: published procedure versions, loaded, validated and selected by date.

SPEC §2 and §7: the built-in catalogue (package data) is always there; each ``--catalog DIR`` adds
procedure files; a code present in any user directory replaces every built-in version of that code;
versions of one code must not overlap in validity. Every file is validated on load and a bad one is
refused with :class:`CatalogError`, naming the file, the field and the reason — nothing is checked
against a catalogue that failed to load.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from ._text import normalize_name
from .models import Procedure, ProcedureComponent

__all__ = [
    "BUILTIN",
    "Catalog",
    "CatalogError",
    "ComponentIndex",
    "ProcedureVersion",
    "Resolution",
    "load_catalog",
    "load_procedure_file",
]

BUILTIN = "<built-in>"
CHANNELS = ("direct", "postal", "online")


class CatalogError(Exception):
    """A procedure file or directory that cannot be used. Misuse, so it is raised, never reported."""

    def __init__(self, file: str, field: str | None, reason: str) -> None:
        self.file, self.field, self.reason = file, field, reason
        where = f"{file}: {field}: " if field else f"{file}: "
        super().__init__(where + reason)


@dataclass(frozen=True)
class ComponentIndex:
    """The published component list of one procedure version on one channel, indexed for matching."""

    components: tuple[ProcedureComponent, ...]
    by_code: Mapping[str, ProcedureComponent]
    by_name: Mapping[str, ProcedureComponent]

    def match(self, code: object, name: object) -> ProcedureComponent | None:
        """SPEC §3: a dossier row matches by ``code`` when it has one, else by normalised ``name``."""
        if isinstance(code, str) and code.strip():
            return self.by_code.get(code.strip())
        if isinstance(name, str) and name.strip():
            return self.by_name.get(normalize_name(name))
        return None


@dataclass(frozen=True)
class ProcedureVersion:
    """A loaded procedure version with its source and per-channel indexes, built once at load time."""

    procedure: Procedure
    source: str
    valid_from: date
    valid_to: date | None
    indexes: Mapping[str, ComponentIndex] = field(repr=False)

    @property
    def code(self) -> str:
        return self.procedure.code

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def index(self, channel: str) -> ComponentIndex:
        return self.indexes[channel] if channel in self.indexes else self.indexes["direct"]

    def time_limit(self, channel: str) -> Any:
        """The time limit on this channel (``channel_time_limits`` override, else ``time_limit``)."""
        overrides = self.procedure.channel_time_limits or {}
        return overrides.get(channel, self.procedure.time_limit)  # type: ignore[call-overload]

    def limit_terms(self, channel: str) -> tuple[str, int | None, str | None]:
        """(unit, amount, cutoff) of :meth:`time_limit` as plain values, for the hot path."""
        limit = self.time_limit(channel)
        if limit.unit == "same_day":
            return (limit.unit, None, limit.cutoff)
        return (limit.unit, limit.amount, None)


@dataclass(frozen=True)
class Resolution:
    status: Literal["ok", "unknown", "not_in_force"]
    version: ProcedureVersion | None


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(root)"


def _version(proc: Procedure, source: str) -> ProcedureVersion:
    valid_from = date.fromisoformat(proc.valid_from)
    valid_to = date.fromisoformat(proc.valid_to) if proc.valid_to else None
    if valid_to is not None and valid_to < valid_from:
        raise CatalogError(source, "valid_to", f"{proc.valid_to} is before valid_from {proc.valid_from}")
    seen: dict[str, int] = {}
    for i, comp in enumerate(proc.components):
        if comp.code in seen:
            raise CatalogError(
                source,
                f"components[{i}].code",
                f"duplicate component code {comp.code!r} (also row {seen[comp.code]})",
            )
        seen[comp.code] = i
    indexes: dict[str, ComponentIndex] = {}
    for channel in CHANNELS:
        comps = tuple(c for c in proc.components if c.channels is None or channel in c.channels)
        by_name: dict[str, ProcedureComponent] = {}
        for c in comps:
            key = normalize_name(c.name)
            if key in by_name:
                i = proc.components.index(c)
                raise CatalogError(
                    source,
                    f"components[{i}].name",
                    f"two components on channel {channel!r} share the name {c.name!r}: rows cannot be matched by name",
                )
            by_name[key] = c
        indexes[channel] = ComponentIndex(comps, {c.code: c for c in comps}, by_name)
    return ProcedureVersion(proc, source, valid_from, valid_to, indexes)


def load_procedure_file(path: str | Path, text: str | bytes | None = None) -> ProcedureVersion:
    """Load and validate one procedure file; :class:`CatalogError` names the file and field when it is bad."""
    source = str(path)
    try:
        raw = Path(path).read_bytes() if text is None else text
        # SPEC §1: UTF-8 (json.loads would also guess UTF-16/32 from bytes); a UTF-8 BOM is tolerated.
        data = json.loads(raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw)
    except OSError as exc:
        raise CatalogError(source, None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise CatalogError(source, None, f"not UTF-8 text (byte {exc.start}): {exc.reason}") from None
    except json.JSONDecodeError as exc:
        raise CatalogError(
            source, None, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise CatalogError(source, None, "not valid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts (sys.get_int_max_str_digits)
        raise CatalogError(source, None, f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise CatalogError(source, None, f"a procedure file holds one JSON object, not {type(data).__name__}")
    try:
        proc = Procedure.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        more = exc.error_count() - 1
        reason = first["msg"] + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
        raise CatalogError(source, _loc(first["loc"]), reason) from None
    except RecursionError:
        raise CatalogError(source, None, "nested too deeply") from None
    return _version(proc, source)


class Catalog:
    """Procedure versions by code. Immutable once built, so one catalogue serves many threads."""

    def __init__(self, versions: Iterable[ProcedureVersion]) -> None:
        by_code: dict[str, list[ProcedureVersion]] = {}
        for v in versions:
            by_code.setdefault(v.code, []).append(v)
        for code, vs in by_code.items():
            vs.sort(key=lambda v: v.valid_from)
            for a, b in pairwise(vs):
                if a.valid_to is None or a.valid_to >= b.valid_from:
                    raise CatalogError(
                        b.source,
                        "valid_from",
                        f"procedure {code} version valid from {b.valid_from} overlaps the version in {a.source} "
                        f"({a.valid_from} to {a.valid_to or 'open'})",
                    )
        self._by_code: dict[str, tuple[ProcedureVersion, ...]] = {k: tuple(v) for k, v in by_code.items()}

    def __iter__(self) -> Iterator[ProcedureVersion]:
        for code in sorted(self._by_code):
            yield from self._by_code[code]

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_code.values())

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def codes(self) -> list[str]:
        return sorted(self._by_code)

    def versions(self, code: str) -> tuple[ProcedureVersion, ...]:
        return self._by_code.get(code, ())

    def resolve(self, code: str, on: date) -> Resolution:
        """The version in force on ``on`` (the local receipt date), or why there is none."""
        versions = self._by_code.get(code)
        if not versions:
            return Resolution("unknown", None)
        for v in versions:
            if v.in_force(on):
                return Resolution("ok", v)
        return Resolution("not_in_force", None)


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


def load_catalog(*dirs: str | Path, builtin: bool = True) -> Catalog:
    """The built-in catalogue plus the procedure files of each directory (SPEC §7).

    A code present in any user directory replaces all built-in versions of that code; versions of one
    code across the user's directories are merged, and overlapping validity among them is an error.
    Raises :class:`CatalogError` for a missing directory, an empty one, or any bad file.
    """
    user: list[ProcedureVersion] = []
    for d in dirs:
        path = Path(d)
        if not path.is_dir():
            raise CatalogError(str(path), None, "not a directory" if path.exists() else "no such directory")
        files = sorted(p for p in path.rglob("*.json") if not any(part.startswith(".") for part in p.parts))
        if not files:
            raise CatalogError(str(path), None, "no procedure files (*.json) in this directory")
        user.extend(load_procedure_file(p) for p in files)
    if not builtin:
        return Catalog(user)
    if not user:
        return _builtin_catalog()
    replaced = {v.code for v in user}
    return Catalog([v for v in _builtin_catalog() if v.code not in replaced] + user)
