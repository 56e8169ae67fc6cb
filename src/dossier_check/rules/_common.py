"""Helpers shared by the rule families (kept here so each family reads as its checks only)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..timeutil import When, parse_when_str
from ._context import Context
from ._registry import Finding, finding

__all__ = ["differs", "missing_fields", "time_at", "time_mismatch"]


def missing_fields(
    ctx: Context, obj: Mapping[str, Any], pointer: str, fields: Iterable[str], **extra: Any
) -> Iterator[Finding]:
    """One finding per missing field (absent, null, blank, or an empty list).

    A field DC001 reported as broken is not "missing": it is skipped here.
    """
    names = fields if type(fields) is tuple else tuple(fields)
    values: list[Any] = list(map(obj.get, names))
    # The usual form has every field filled: decided in C (no None, no blank text, no empty list or
    # object) before any field is looked at one by one.
    kinds = set(map(type, values))
    if kinds <= _TEXT:
        if all(map(str.strip, values)):
            return
    elif (
        _NONE not in kinds
        and all(map(str.strip, [v for v in values if type(v) is str]))
        and all([v for v in values if type(v) is list or type(v) is dict])
    ):
        return
    for name, value in zip(names, values, strict=True):
        if value is None or (
            type(value) in (str, list, dict) and not (value.strip() if type(value) is str else value)
        ):
            path = f"{pointer}/{name}"
            if not ctx.is_broken(path):
                yield finding(path, field=name, **extra)


_TEXT = frozenset({str})
_NONE = type(None)


def time_at(ctx: Context, obj: Mapping[str, Any] | None, key: str, pointer: str) -> When | None:
    """A parsed time field, or None when absent, blank or broken."""
    if obj is None or (ctx.problems and ctx.is_broken(f"{pointer}/{key}")):
        return None
    value = obj.get(key)
    return parse_when_str(value) if type(value) is str else None  # parse_when, inlined: the hot path


def time_mismatch(
    ctx: Context, obj: Mapping[str, Any], pointer: str, key: str, source: str
) -> Iterator[Finding]:
    """A finding when ``obj[key]`` differs from the same field of the dossier or the appointment slip.

    ``source`` is ``"dossier"`` (compare with the dossier's own field) or ``"appointment_slip"``; absent or
    broken values on either side are not compared.
    """
    mine = time_at(ctx, obj, key, pointer)
    if source == "dossier":
        theirs = time_at(ctx, ctx.dossier, key, "")
    else:
        theirs = time_at(ctx, ctx.part(source), key, f"/{source}")
    if mine is not None and theirs is not None and not mine.same(theirs):
        yield finding(
            f"{pointer}/{key}", field=key, found=mine.isoformat(), expected=theirs.isoformat(), source=source
        )


def differs(a: When | None, b: When | None) -> bool:
    """Both present and different at the coarser precision of the two: date, minute or second."""
    return a is not None and b is not None and not a.same(b)
