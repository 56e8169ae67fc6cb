"""Procedure versions in memory: per-channel component indexes, and the version in force on a date.

A :class:`Catalog` holds the versions of each procedure code; versions of one code must not overlap in
validity. :meth:`Catalog.resolve` picks the version in force on a dossier's local receipt date — a dict
look-up by code and a scan of that code's few versions, whatever the size of the catalogue.

A version with ``cases`` has one index per case and channel (the procedure's own components plus the
case's), and one more for a dossier that names no case: every component any case lists, so that a
component is excess only when no case lists it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any, Literal

from .._text import normalize_name
from ..models import Case, Procedure, ProcedureComponent
from .errors import catalog_error

__all__ = ["CHANNELS", "Catalog", "ComponentIndex", "ProcedureVersion", "Resolution"]

CHANNELS = ("direct", "postal", "online")


@dataclass(frozen=True)
class ComponentIndex:
    """The published component list of one procedure version on one channel, indexed for matching."""

    components: tuple[ProcedureComponent, ...]
    by_code: Mapping[str, ProcedureComponent]
    by_name: Mapping[str, ProcedureComponent]
    by_exact_code: dict[str, ProcedureComponent] = field(init=False, repr=False, compare=False)
    """The components whose code is its own trimmed text, by that code: a row whose code (a ``str``) is found
    here matches that component, as :meth:`match` finds, with nothing trimmed and no name read. The hot loops
    (``Context.matched_components``, DC204's multisets) read it inline and call :meth:`match` only when the
    row's code is not found."""

    def __post_init__(self) -> None:
        # A catalogue's code has no white space at either end as its schema reads white space; str.strip
        # also trims a few separators (U+001C..U+001F) the schema does not, so each code is tested here.
        exact = {code: c for code, c in self.by_code.items() if code.strip() == code}
        object.__setattr__(self, "by_exact_code", exact)

    def match(self, code: object, name: object) -> ProcedureComponent | None:
        """A dossier row matches by ``code`` when it has one, else by normalised ``name``."""
        if isinstance(code, str) and code.strip():
            return self.by_code.get(code.strip())
        if isinstance(name, str) and name.strip():
            return self.by_name.get(normalize_name(name))
        return None


@dataclass(frozen=True)
class ProcedureVersion:
    """A loaded procedure version with its source and per-channel indexes, built once at load time.

    ``indexes`` serves a dossier that names no case (for a version without cases: its component list);
    ``case_indexes`` maps each case id to its per-channel indexes.
    """

    procedure: Procedure
    source: str
    valid_from: date
    valid_to: date | None
    indexes: Mapping[str, ComponentIndex] = field(repr=False)
    case_indexes: Mapping[str, Mapping[str, ComponentIndex]] = field(repr=False, default_factory=dict)
    _terms: dict[
        tuple[str, str | None], tuple[tuple[str | None, tuple[str, int | None, str | None]], ...]
    ] = field(init=False, repr=False, compare=False, default_factory=dict)
    _limits: dict[tuple[str, str | None], tuple[str, int | None, str | None]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    @property
    def code(self) -> str:
        return self.procedure.code

    offered: tuple[str, ...] = field(init=False, compare=False)
    """The channels the procedure is offered on (all three when the file names none)."""
    cases: tuple[Case, ...] = field(init=False, compare=False)
    """The procedure's cases, in file order (none for a procedure without cases)."""

    def __post_init__(self) -> None:
        channels = self.procedure.channels
        offered = CHANNELS if channels is None else tuple(c for c in CHANNELS if c in channels)
        object.__setattr__(self, "offered", offered)
        object.__setattr__(self, "cases", tuple(self.procedure.cases or ()))

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def index(self, channel: str, case: str | None = None) -> ComponentIndex:
        """The component list on ``channel`` for ``case`` (an id), or for a dossier naming no case."""
        scope = self.indexes if case is None else self.case_indexes[case]
        return scope[channel] if channel in scope else scope["direct"]

    def find_case(self, value: object) -> str | None:
        """The id of the case a dossier names: by id (trimmed), else by normalised name; None if none."""
        if not isinstance(value, str) or not value.strip():
            return None
        wanted = value.strip()
        for c in self.cases:
            if c.id == wanted:
                return c.id
        key = normalize_name(value)
        for c in self.cases:
            if normalize_name(c.name) == key:
                return c.id
        return None

    def time_limit(self, channel: str, case: str | None = None) -> Any:
        """The time limit on this channel, for a case or for the procedure as a whole.

        Precedence: the case's ``channel_time_limits``, the case's ``time_limit``, the procedure's
        ``channel_time_limits``, the procedure's ``time_limit``. With ``case`` None the procedure's own
        limit is returned; :meth:`time_limits` gives every candidate of a dossier that names no case.
        """
        if case is not None:
            for c in self.cases:
                if c.id == case:
                    if c.channel_time_limits and channel in c.channel_time_limits:
                        return c.channel_time_limits[channel]
                    if c.time_limit is not None:
                        return c.time_limit
        overrides = self.procedure.channel_time_limits or {}
        return overrides.get(channel, self.procedure.time_limit)  # type: ignore[call-overload]

    def time_limits(self, channel: str, case: str | None = None) -> tuple[tuple[str | None, Any], ...]:
        """(case id, time limit) for each case a dossier may be in: the named case, else every case.

        A dossier that names no case is held to the longest of them; without cases there is one
        candidate, the procedure's limit (case id None).
        """
        if case is not None or not self.cases:
            return ((case, self.time_limit(channel, case)),)
        return tuple((c.id, self.time_limit(channel, c.id)) for c in self.cases)

    def deadline_terms(
        self, channel: str, case: str | None = None
    ) -> tuple[tuple[str | None, tuple[str, int | None, str | None]], ...]:
        """:meth:`time_limits` as (case id, (unit, amount, cutoff)), computed once: the checker's hot path."""
        key = (channel, case)
        found = self._terms.get(key)
        if found is None:
            found = tuple((c, terms(limit)) for c, limit in self.time_limits(channel, case))
            self._terms[key] = found  # equal values from two threads: either may stay
        return found

    def limit_terms(self, channel: str, case: str | None = None) -> tuple[str, int | None, str | None]:
        """(unit, amount, cutoff) of :meth:`time_limit` as plain values, computed once (the audit's
        indicators ask it for every dossier)."""
        key = (channel, case)
        found = self._limits.get(key)
        if found is None:
            found = self._limits[key] = terms(self.time_limit(channel, case))
        return found


def terms(limit: Any) -> tuple[str, int | None, str | None]:
    """(unit, amount, cutoff) of a time limit model as plain (hashable) values."""
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
                    raise catalog_error(
                        b.source,
                        "valid_from",
                        "catalog_overlap",
                        code=code,
                        valid_from=b.valid_from,
                        other=a.source,
                        other_from=a.valid_from,
                        other_to=a.valid_to or "…",
                    )
        self._by_code: dict[str, tuple[ProcedureVersion, ...]] = {k: tuple(v) for k, v in by_code.items()}
        # Every dossier asks for its version: the answers are built once here (a Resolution is immutable),
        # so resolving costs the date comparisons alone.
        self._resolved: dict[str, tuple[tuple[ProcedureVersion, Resolution], ...]] = {
            k: tuple((v, Resolution("ok", v)) for v in vs) for k, vs in self._by_code.items()
        }

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
        resolved = self._resolved.get(code)
        if not resolved:
            return _UNKNOWN
        for version, res in resolved:
            if version.in_force(on):
                return res
        return _NOT_IN_FORCE


_UNKNOWN = Resolution("unknown", None)
_NOT_IN_FORCE = Resolution("not_in_force", None)
