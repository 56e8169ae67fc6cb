"""Procedure versions in memory: per-channel component indexes, and the version in force on a date.

A :class:`Catalog` holds the versions of each procedure code; versions of one code must not overlap in
validity. :meth:`Catalog.resolve` picks the version in force on a dossier's local receipt date.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any, Literal

from .._text import normalize_name
from ..models import Procedure, ProcedureComponent
from .errors import CatalogError

__all__ = ["CHANNELS", "Catalog", "ComponentIndex", "ProcedureVersion", "Resolution"]

CHANNELS = ("direct", "postal", "online")


@dataclass(frozen=True)
class ComponentIndex:
    """The published component list of one procedure version on one channel, indexed for matching."""

    components: tuple[ProcedureComponent, ...]
    by_code: Mapping[str, ProcedureComponent]
    by_name: Mapping[str, ProcedureComponent]

    def match(self, code: object, name: object) -> ProcedureComponent | None:
        """A dossier row matches by ``code`` when it has one, else by normalised ``name``."""
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
