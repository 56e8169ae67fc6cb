"""Helpers shared by the rule families (kept here so each family reads as its checks only)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from ..schema import parser_string
from ..timeutil import When, parse_when_str
from ._context import Context
from ._registry import Finding, finding

__all__ = [
    "differs",
    "filled",
    "missing_among",
    "missing_fields",
    "same_text",
    "texts_filled",
    "time_at",
    "time_mismatch",
]


def missing_fields(
    ctx: Context, obj: Mapping[str, Any], pointer: str, fields: Iterable[str]
) -> Sequence[Finding]:
    """One finding per missing field (absent, null, blank, or an empty list).

    A field DC001 reported as broken is not "missing": it is skipped here. A list, not a generator: the
    usual form has every field filled, and then nothing at all is built.
    """
    names = fields if type(fields) is tuple else tuple(fields)
    values = values_of(obj, names)
    if filled(values):
        return ()
    return missing_among(ctx, pointer, names, values)


def missing_among(ctx: Context, pointer: str, names: Sequence[str], values: Sequence[Any]) -> list[Finding]:
    """:func:`missing_fields`' verdict field by field, on the values of ``names`` already read."""
    found = []
    for name, value in zip(names, values, strict=True):
        if value is None or (
            type(value) in (str, list, dict) and not (value.strip() if type(value) is str else value)
        ):
            path = f"{pointer}/{name}"
            if not ctx.is_broken(path):
                found.append(finding(path, field=name))
    return found


def values_of(obj: Mapping[str, Any], names: tuple[str, ...]) -> Sequence[Any]:
    """The values of these fields, None for an absent one (``map(obj.get, names)``, in one C call when
    every field is present: forms are read field set by field set, for every dossier)."""
    read = _READERS.get(names)
    if read is None:
        read = _new_reader(names)
    try:
        values: Sequence[Any] = read(obj)
    except KeyError:  # an absent field (missing, unless broken): read one by one
        return list(map(obj.get, names))
    return values


def reader_of(names: tuple[str, ...]) -> Callable[[Mapping[str, Any]], Any]:
    """The reader :func:`values_of` uses for these fields (KeyError when one is absent), to map over rows."""
    read = _READERS.get(names)
    return read if read is not None else _new_reader(names)


def _new_reader(names: tuple[str, ...]) -> Callable[[Mapping[str, Any]], Any]:
    if len(_READERS) >= 1 << 10:  # field sets are constants of the rules: a bound against misuse only
        _READERS.clear()
    # Read with the parser's own strings (as the validator and DC008's walk do): orjson makes one string
    # per key for all the records it reads, so each field is found by identity, without comparing texts.
    # (Equal strings find the same fields either way.)
    keys = tuple([parser_string(name) for name in names])
    read = _READERS[names] = itemgetter(*keys) if len(keys) > 1 else _one(keys)
    return read


def _one(names: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """A reader of one field (or none) that returns a tuple, as ``itemgetter`` of several names does."""
    return lambda obj: tuple([obj[name] for name in names])


_READERS: dict[tuple[str, ...], Callable[[Mapping[str, Any]], Any]] = {}


def filled(values: Sequence[Any]) -> bool:
    """True when no value is missing (null, blank text, an empty list or object).

    Rules call it for every form of every dossier, where every field is filled. False is no verdict: a
    ``0`` or ``false`` is falsy but not missing, and the field-by-field loop of :func:`missing_fields`
    decides.
    """
    if not all(values):
        return False
    # Every value is truthy: only a text of white space alone can still be missing (a non-empty text
    # whose every character is white space is what strip() empties). A loop, not all() of a generator:
    # the generator would cost more than the test, for every form of every dossier. (Nor the texts picked
    # out in C with compress(): measured about 2,900 instructions more a form.)
    for value in values:  # noqa: SIM110
        if type(value) is str and value.isspace():
            return False
    return True


def texts_filled(values: Iterable[Any]) -> bool:
    """True when every value is a text that is not blank (the usual hand-over rows: every column of every
    row), decided in C and in one pass: a text's strip() is empty exactly when it is empty or white space
    alone, and it is the text itself (nothing built) when there is nothing to strip. False is no verdict:
    a value that is not a text stops the test, and the field-by-field loop decides. ``values`` may be an
    iterator, read once."""
    try:
        return all(map(str.strip, values))
    except TypeError:  # a value that is not a text (a number, a list, an object, null)
        return False


def time_at(ctx: Context, obj: Mapping[str, Any] | None, key: str, pointer: str) -> When | None:
    """A parsed time field, or None when absent, blank or broken."""
    if obj is None or (ctx.problems and ctx.is_broken(f"{pointer}/{key}")):
        return None
    value = obj.get(key)
    return parse_when_str(value) if type(value) is str else None  # parse_when, inlined: the hot path


def time_mismatch(
    ctx: Context, obj: Mapping[str, Any], pointer: str, key: str, source: str
) -> Sequence[Finding]:
    """A finding when ``obj[key]`` differs from the same field of the dossier or the appointment slip.

    ``source`` is ``"dossier"`` (compare with the dossier's own field) or ``"appointment_slip"``; absent or
    broken values on either side are not compared.
    """
    other: Mapping[str, Any] | None
    if source == "dossier":
        other, where = ctx.dossier, ""
    else:
        # the slip from the context's attribute (what part() reads), another part through part()
        other = ctx.appointment_slip if source == "appointment_slip" else ctx.part(source)
        where = f"/{source}"
    if other is not None and same_text(obj.get(key), other.get(key)):
        return ()  # a form copies the time from the other: the same text is the same time
    mine = time_at(ctx, obj, key, pointer)
    theirs = time_at(ctx, other, key, where)
    if mine is not None and theirs is not None and not mine.same(theirs):
        return [
            finding(
                f"{pointer}/{key}",
                field=key,
                found=mine.isoformat(),
                expected=theirs.isoformat(),
                source=source,
            )
        ]
    return ()


def same_text(a: Any, b: Any) -> bool:
    """Two values that are the same string. Compared as times, they are the same time; compared as names,
    the same name: a rule that finds only a difference has nothing to parse or normalise."""
    return type(a) is str and a == b


def differs(a: When | None, b: When | None) -> bool:
    """Both present and different at the coarser precision of the two: date, minute or second."""
    return a is not None and b is not None and not a.same(b)
