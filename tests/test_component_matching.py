"""A kept row's code found in ``ComponentIndex.by_exact_code`` matches what ``ComponentIndex.match`` finds.

``Context.matched_components`` (DC101–DC105) and DC204's multisets look a row's code up in the index's table of
exact codes first, inline, and call ``match`` only when it is not there. The properties below draw catalogue
codes that are their own trimmed text and codes that ``str.strip`` would still trim (U+001C..U+001F, which the
catalogue's schema takes for part of a code), and rows whose code is one of those, respelled with white space,
blank, missing or not a text, with names that match or not: the rows matched, and the slip's multiset, are
what ``match`` alone gives. Whole reports are held to ``match`` in ``tests/test_rule_shortcuts.py``
(``general_paths`` takes the table away).
"""

from __future__ import annotations

from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier_check._text import count, normalize_name
from dossier_check.catalog import ComponentIndex
from dossier_check.models import ProcedureComponent
from dossier_check.rules import appointment
from dossier_check.rules._context import Context
from dossier_check.strategies import AS_OF
from test_rule_shortcuts import BUILTIN

# Codes a catalogue may hold: plain ones, and ones str.strip trims though the schema keeps them.
CATALOGUE_CODES = ["TP1", "TP2", "TP1\x1c", "\x1fTP2", "A B", "X"]
NAMES = ["Tờ khai", "Giấy chứng sinh", "Sổ hộ khẩu", "  tờ   KHAI ", ""]


def _index(codes: list[str]) -> ComponentIndex:
    comps = [
        ProcedureComponent.model_validate({"code": code, "name": f"{NAMES[i % 3]} {i}"})
        for i, code in enumerate(codes)
    ]
    return ComponentIndex(
        tuple(comps), {c.code: c for c in comps}, {normalize_name(c.name): c for c in comps}
    )


ROW_CODES = st.one_of(
    st.sampled_from(CATALOGUE_CODES),
    st.builds(
        lambda code, before, after: before + code + after,
        st.sampled_from(CATALOGUE_CODES),
        st.sampled_from(["", " ", "\t", "\x1c", "\u3000"]),
        st.sampled_from(["", " ", "\x1c", "\x1f", "\n"]),
    ),
    st.sampled_from(["", " ", "\x1c", "TP9"]),
    st.none(),
    st.integers(0, 2),
    st.booleans(),
    st.lists(st.none(), max_size=1),
)
ROW_NAMES = st.one_of(
    st.sampled_from(NAMES),
    st.builds(lambda name, i: f"{name} {i}", st.sampled_from(NAMES), st.integers(0, 5)),
    st.none(),
    st.integers(0, 1),
)
ROWS = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "code": ROW_CODES,
            "name": ROW_NAMES,
            "form": st.sampled_from(["original", "copy"]),
            "quantity": st.sampled_from([1, 2, 1.0, None]),
        },
    ),
    max_size=5,
)
CATALOGUES = st.lists(st.sampled_from(CATALOGUE_CODES), min_size=1, max_size=4, unique=True)


def _context(index: ComponentIndex, rows: list[Any]) -> Context:
    version: Any = object()  # any version: the index below is the one its channel and case give
    ctx = Context({"components": rows}, version, "ok", None, BUILTIN.settings, AS_OF)
    ctx._index = index
    return ctx


def _without_exact_codes() -> Any:
    """The general path: no code is found in the table, every row goes to ``match``."""
    return mock.patch.object(
        ComponentIndex, "by_exact_code", property(lambda self: {}, lambda self, value: None), create=True
    )


@settings(max_examples=1000, deadline=None)
@given(codes=CATALOGUES, rows=ROWS)
def test_rows_match_what_match_finds(codes: list[str], rows: list[Any]) -> None:
    index = _index(codes)
    matched = _context(index, rows).matched_components()
    assert [(i, row) for i, row, _ in matched] == list(enumerate(rows))
    for _, row, comp in matched:
        assert comp is index.match(row.get("code"), row.get("name"))
    with _without_exact_codes():
        general = _context(index, rows).matched_components()
    assert [c for *_, c in general] == [c for *_, c in matched]


def _identity(index: ComponentIndex, row: dict[str, Any]) -> tuple[str, str]:
    """DC204's identity of a row as its documentation states it, matched by ``match`` alone."""
    code, name = row.get("code"), row.get("name")
    comp = index.match(code, name)
    if comp is not None:
        return ("component", comp.code)
    if isinstance(name, str) and name.strip():
        return ("name", normalize_name(name))
    return ("code", str(code).strip())


@settings(max_examples=1000, deadline=None)
@given(codes=CATALOGUES, rows=ROWS)
def test_the_slip_s_multiset_is_the_one_match_gives(codes: list[str], rows: list[Any]) -> None:
    index = _index(codes)
    found = appointment._multiset(_context(index, rows), rows)
    expected: dict[tuple[Any, ...], int] = {}
    for row in rows:
        key = (*_identity(index, row), row.get("form"), count(row.get("quantity")))
        expected[key] = expected.get(key, 0) + 1
    assert list(found.items()) == list(expected.items())
    with _without_exact_codes():
        general = appointment._multiset(_context(index, rows), rows)
    assert list(found.items()) == list(general.items())


def test_the_exact_codes_are_the_codes_strip_keeps() -> None:
    index = _index(CATALOGUE_CODES)
    assert sorted(index.by_exact_code) == ["A B", "TP1", "TP2", "X"]
    for code, comp in index.by_exact_code.items():
        assert index.match(code, None) is comp
