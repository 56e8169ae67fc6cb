"""The DC1xx rules read each published component through a plain view made once (``components.published``):
the view holds what the component's own attributes say, for the built-in procedures and for generated ones
(cases, conditions, groups, per-form copies), and the rules give the reports they give when every view is
made afresh from the component at each read."""

from __future__ import annotations

import copy
from types import SimpleNamespace
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier_check.catalog import ProcedureVersion
from dossier_check.models import ProcedureComponent
from dossier_check.rules import components
from dossier_check.strategies import procedure_versions
from test_rule_shortcuts import BUILTIN, drawn_variants


def _published_components(version: ProcedureVersion) -> list[ProcedureComponent]:
    found = list(version.procedure.components)
    for case in version.cases:
        found += case.components
    return found


def _agrees(component: ProcedureComponent) -> None:
    view = components.published(component)
    assert view.component is component
    assert view.kind == component.kind
    assert view.code == component.code
    assert list(view.accepted) == list(component.accepted_forms)
    assert view.quantity == component.quantity
    assert view.limited_by_form == (component.copies is not None)
    assert components.published(component) is view  # made once


def test_every_built_in_component_has_its_own_view() -> None:
    for version in BUILTIN.catalog:
        for component in _published_components(version):
            _agrees(component)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(version=st.one_of(procedure_versions(), procedure_versions(cases=True)))
def test_every_generated_component_has_its_own_view(version: ProcedureVersion) -> None:
    for component in _published_components(version):
        _agrees(component)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    data=st.data(),
    version=st.one_of(procedure_versions(), procedure_versions(cases=True)),
    code=st.sampled_from([None, "DC101", "DC102", "DC103", "DC104", "DC105"]),
    seed=st.integers(0, 2**32),
)
def test_views_change_no_report(
    data: st.DataObject, version: ProcedureVersion, code: str | None, seed: int
) -> None:
    """The same report with the memo of views emptied before every read (each view made from the component
    where the rule reads it) as with the memo kept: on valid, violating and fuzzed dossiers."""
    checker, docs = drawn_variants(data, version, code, seed)

    class _Forgetful(dict[int, Any]):
        def get(self, key: int, default: Any = None) -> Any:
            self.clear()
            return default

    for doc in docs:
        kept = checker.check_object(copy.deepcopy(doc))
        with mock.patch.object(components, "_PUBLISHED", _Forgetful()):
            fresh = checker.check_object(copy.deepcopy(doc))
        assert kept == fresh
        assert [v.params for v in kept.violations] == [v.params for v in fresh.violations]


# Published components of every kind DC105 counts: one maximum (default or given), per-form copies with and
# without a maximum over every form, a document to show, and two distinct components that share a code.
COUNTED = [
    ProcedureComponent.model_validate(row)
    for row in (
        {"code": "A", "name": "a"},
        {"code": "B", "name": "b", "quantity": 2},
        {"code": "C", "name": "c", "copies": {"original": 1, "copy": 2}},
        {"code": "D", "name": "d", "copies": {"original": 1, "copy": 2}, "quantity": 3},
        {"code": "E", "name": "e", "kind": "show"},
        {"code": "A", "name": "a again", "quantity": 3},
    )
]


@settings(max_examples=2000, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from([*range(len(COUNTED)), None]),
            st.sampled_from([None, "original", "copy", "certified_copy", "photocopy", "electronic"]),
            st.one_of(st.integers(-1, 4), st.none(), st.sampled_from([2.0, 1.5, True, "2"])),
        ),
        max_size=5,
    )
)
def test_one_row_each_within_finds_what_the_count_finds(rows: list[tuple[int | None, Any, Any]]) -> None:
    """DC105's shortcut answers "nothing to report" only where counting the rows by component and form finds
    nothing; the kinds of rows it must leave to the count (several rows of a code, per-form copies, quantities
    that are not integers, over the maximum) are drawn often."""
    matched = [
        (i, {"form": form, "quantity": n}, None if c is None else COUNTED[c])
        for i, (c, form, n) in enumerate(rows)
    ]
    ctx: Any = SimpleNamespace(matched=matched, matched_components=lambda: matched)
    with mock.patch.object(components, "_one_row_each_within", lambda matched: False):
        counted = components.excess_quantity(ctx)
    if components._one_row_each_within(matched):
        assert not counted
    assert list(components.excess_quantity(ctx)) == list(counted)
