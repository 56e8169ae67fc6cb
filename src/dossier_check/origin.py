"""Where a dossier came from, as far as the engine needs to know: what its source format can carry.

A reader of a source format other than the native dossier record (a national-portal sync record, a
tracking-book row) maps each record into the native dossier shape that the rules read, and hands the
engine an :class:`Origin` alongside it. The origin says which rules the format cannot carry a part for
(they are *not evaluable*: neither passed nor failed, never guessed), which fields of the mapped dossier
the format cannot carry at all (never reported as missing or malformed), the reader's own format problems,
and how to translate a pointer into the mapped dossier back into the source record, so that findings point
at the field an inspector can find in the file. Native records need no origin.

Reasons are keys of :mod:`dossier_check.reasons`, rendered in the run's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .schema import Problem

__all__ = ["NATIVE", "Origin"]

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Origin:
    """The evaluability of one record, as its reader established it.

    ``format``: ``"native"``, ``"dvcqg"`` or ``"book"``. ``not_evaluable``: rule code → reason key for the
    rules this record's format cannot carry a part for. ``unknown``: JSON Pointers into the mapped dossier
    that the format cannot carry; a format problem (DC001) at or below one is never reported. ``problems``:
    format problems the reader found, at pointers into the mapped dossier (they replace any problem the
    dossier format itself would report at the same pointer). ``paths``: pointer into the mapped dossier →
    pointer into the source record, for reporting; a key also translates every pointer below it.
    ``findings``: ``(rule code, pointer, params)`` that the reader established by comparing two sources of
    the same dossier (a tracking-book row that differs from the record's own entry is DC403); the engine
    reports them like the rule's own findings when the rule is selected.
    """

    format: str = "native"
    not_evaluable: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    unknown: frozenset[str] = frozenset()
    problems: tuple[Problem, ...] = ()
    paths: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    findings: tuple[tuple[str, str, Mapping[str, Any]], ...] = ()

    def is_unknown(self, pointer: str) -> bool:
        """True when ``pointer`` is, or lies below, a part the format cannot carry."""
        return any(pointer == u or pointer.startswith(u + "/") for u in self.unknown)

    def translate(self, pointer: str) -> str:
        """The pointer into the source record for ``pointer`` (the longest mapped prefix wins)."""
        if not self.paths:
            return pointer
        found = self.paths.get(pointer)
        if found is not None:
            return found
        best = ""
        for prefix in self.paths:
            if len(prefix) > len(best) and pointer.startswith(prefix + "/"):
                best = prefix
        return self.paths[best] + pointer[len(best) :] if best else pointer


NATIVE = Origin()
"""The origin of a native dossier record: every part can be carried, nothing to translate."""
