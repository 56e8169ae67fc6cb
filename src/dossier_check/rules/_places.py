"""The places of the dossier format — the record and each part inside it — read from the models.

A *place* is the record itself or a known part of it (the applicant, a component row, the appointment
slip, a hand-over row, …): the keys the format defines there, which of them are required, and the parts
nested under some of them. The models (:mod:`dossier_check.models`) are the one source of these sets;
nothing here repeats a field name. Used by DC008 (a key that looks like a misspelling of a key of its
place) and by :func:`settle_problems`, which applies the format's conventions on blank values and
extension keys to the problems the validator found.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel

from .._text import is_missing
from ..schema import Problem

__all__ = [
    "EXTENSION_PREFIX",
    "Place",
    "dossier_place",
    "misspelling_of",
    "settle_problems",
    "suggestion_for",
]

EXTENSION_PREFIX = "x_"
"""Keys that begin with it are extension keys: allowed anywhere and never reported by any rule."""


@dataclass(frozen=True, eq=False)
class Place:
    """The record or one part of it: its keys (in model order), the required ones, the nested parts."""

    name: str
    keys: tuple[str, ...]
    known: frozenset[str]
    required: frozenset[str]
    parts: Mapping[str, Place]
    """Key → the place of the object it holds (or of each row of the list it holds)."""


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model an annotation holds, directly, as ``X | None`` or as rows of a list; None for none."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _place(model: type[BaseModel]) -> Place:
    fields = model.model_fields
    parts = {}
    for key, info in fields.items():
        inner = _model_in(info.annotation)
        if inner is not None:
            parts[key] = _place(inner)
    required = frozenset(k for k, info in fields.items() if info.is_required())
    return Place(model.__name__, tuple(fields), frozenset(fields), required, parts)


@cache
def dossier_place() -> Place:
    """The place tree of a dossier record, built once from :class:`~dossier_check.models.Dossier`."""
    from ..models import Dossier

    return _place(Dossier)


def _fold(key: str) -> str:
    folded = key.casefold().replace("_", "")
    return folded[:-1] if folded.endswith("s") else folded


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance (insert, delete, substitute), or ``limit + 1`` once it is over ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def misspelling_of(key: str, known: tuple[str, ...]) -> str | None:
    """The known key that ``key`` looks like a misspelling of, or None.

    A misspelling is at most two edits away (insert, delete or substitute one character), or equal once
    both are case-folded and stripped of ``_`` and of a final ``s``. The closest candidate wins (an equal
    fold first), then the first in the format's order.
    """
    if key in known or key.startswith(EXTENSION_PREFIX):
        return None
    best: tuple[int, int, str] | None = None
    folded = _fold(key)
    for order, candidate in enumerate(known):
        score = 0 if _fold(candidate) == folded else _distance(key, candidate, 2)
        if score <= 2 and (best is None or (score, order) < best[:2]):
            best = (score, order, candidate)
    return best[2] if best is not None else None


@lru_cache(maxsize=1 << 12)
def suggestion_for(key: str, place: Place) -> str | None:
    """:func:`misspelling_of` a key of ``place``, memoised: exports repeat their extra keys."""
    return misspelling_of(key, place.keys)


def _locate(pointer: str) -> tuple[Place | None, str]:
    """The place that holds the key a JSON Pointer ends with, and that key (None when not a known place)."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    place: Place | None = dossier_place()
    for token in tokens[:-1]:
        if place is None:
            break
        if token.isdigit():  # a row of a list part: the same place
            continue
        place = place.parts.get(token)
    return place, tokens[-1] if tokens else ""


def _is_extension(pointer: str) -> bool:
    return any(t.startswith(EXTENSION_PREFIX) for t in pointer.split("/")[1:])


def _blank_at(record: Any, pointer: str) -> bool:
    value: Any = record
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            return False
    return isinstance(value, str) and is_missing(value)


def _set_none(record: dict[str, Any], pointer: str) -> dict[str, Any]:
    """A copy of ``record`` with the value at ``pointer`` set to None, copying only the path to it."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    root: dict[str, Any] = dict(record)
    holder: Any = root
    for token in tokens[:-1]:
        index: Any = int(token) if isinstance(holder, list) else token
        child = holder[index]
        child = list(child) if isinstance(child, list) else dict(child)
        holder[index] = child
        holder = child
    holder[int(tokens[-1]) if isinstance(holder, list) else tokens[-1]] = None
    return root


def settle_problems(record: dict[str, Any], problems: list[Problem]) -> tuple[dict[str, Any], list[Problem]]:
    """Apply the format's conventions to the validator's problems of a record.

    * A problem inside an extension key (``x_…``, e.g. a fact ``x_source`` that is not true/false) is
      no problem: extension keys are never reported.
    * A blank string in a field with a closed list of values, or in a date or time field, is *missing*,
      not a value outside the list or a time that cannot be read: in a required field (``channel``,
      ``outcome``, ``received_at``) it is reported as blank; in an optional one (``delivered_via``, a
      hand-over ``status`` or ``handed_at``, ``return_method``, the slip's ``appointment_at``, an
      apology's ``new_appointment_at``, ``resolved_at``, a row's ``form``, a request's ``stage``) it is no
      format problem, and the rules see it as absent (the returned record has None there; the caller's
      record is not changed), so a rule about missing fields (DC202, DC302, DC402, DC508) says so.
      The format's only patterns besides "not blank" are its date and time patterns.
    """
    kept: list[Problem] = []
    for p in problems:
        if _is_extension(p.path):
            continue
        if (p.problem == "enum" or p.problem == "pattern") and _blank_at(record, p.path):
            place, key = _locate(p.path)
            if place is not None and key in place.required:
                kept.append(Problem(p.path, "blank", "text"))
            else:
                record = _set_none(record, p.path)
            continue
        kept.append(p)
    return record, kept
