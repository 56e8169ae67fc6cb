"""The control slip's row shortcuts (DC304, DC305) answer only when the row-by-row comparisons find nothing.

``_chain_intact`` (every link of the hand-over chain written with the same text on both sides) and
``_none_after`` (no hand-over time after the latest appointment, all of its precision) let DC304 and DC305
return before looking at any link or row. Each property draws rows the shortcut answers for often (a chain
copied link by link, times of one precision) and others it must not answer for, and holds the shortcut's
"nothing to report" to the rule's own comparisons. The whole reports are held to the general paths in
``tests/test_rule_shortcuts.py``.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier_check.rules import control
from dossier_check.timeutil import Precision, When
from test_rule_shortcuts import WHENS

UNITS = st.sampled_from(["Bộ phận Một cửa", "Phòng Tư pháp", " Phòng Tư pháp ", "PHÒNG TƯ PHÁP", "", None, 3])


@st.composite
def chains(draw: st.DrawFn) -> tuple[list[Any], Any]:
    """Hand-over rows and the receiving unit: mostly a chain copied link by link, then some links redrawn."""
    receiving = draw(UNITS)
    n = draw(st.integers(1, 5))
    units = [receiving, *(draw(UNITS) for _ in range(n - 1)), receiving]
    rows = [{"from_unit": units[k], "to_unit": units[k + 1]} for k in range(n)]
    for row in rows:
        if draw(st.integers(0, 4)) == 0:
            row[draw(st.sampled_from(["from_unit", "to_unit"]))] = draw(UNITS)
        if draw(st.integers(0, 9)) == 0:
            del row[draw(st.sampled_from(["from_unit", "to_unit"]))]
    return [(i, row, None) for i, row in enumerate(rows)], receiving


def _links_differ(rows: list[Any], receiving: Any) -> bool:
    """Whether any link DC304 looks at is written differently: by the rule's own same-text test."""
    links = [(rows[0][1].get("from_unit"), receiving)]
    links += [(a.get("to_unit"), b.get("from_unit")) for (_, a, _), (_, b, _) in pairwise(rows)]
    links.append((rows[-1][1].get("to_unit"), receiving))
    return not all(control.same_text(x, y) for x, y in links)


@settings(max_examples=1000, deadline=None)
@given(chain=chains())
def test_an_intact_chain_has_every_link_written_alike(chain: tuple[list[Any], Any]) -> None:
    rows, receiving = chain
    assert control._chain_intact(rows, receiving) == (not _links_differ(rows, receiving))


@settings(max_examples=1000, deadline=None)
@given(
    times=st.lists(st.one_of(st.none(), WHENS), max_size=6)
    | st.builds(
        lambda ws, p: [When.of(w.local, p) for w in ws],
        st.lists(WHENS, max_size=6),
        st.sampled_from(list(Precision)),
    ),
    latest=WHENS,
)
def test_none_after_is_no_row_after_the_appointment(times: list[When | None], latest: When) -> None:
    """True only when no row's time is after the latest appointment (When.after, as DC305 compares); and
    exactly that when every time has the appointment's precision."""
    rows = [(i, {}, w) for i, w in enumerate(times)]
    after = any(w is not None and w.after(latest) for w in times)
    if control._none_after(rows, latest):
        assert not after
    if all(w is None or w.precision is latest.precision for w in times):
        assert control._none_after(rows, latest) == (not after)
