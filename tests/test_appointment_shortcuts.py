"""The appointment slip's shortcuts answer only what their general paths answer.

``appointment._all_filled`` (DC202: every field of Mẫu 01 filled, its texts tested in C) says "nothing
missing" only when the field-by-field test finds nothing missing; ``Context.appointment`` reads the slip's
own `appointment_at` first, alone, and gives what the search over the three parts gives; DC204's multisets
are plain dicts, their differences what ``Counter`` subtraction gives. Each property draws values the
shortcut answers for often (every field filled, a slip with its appointment) and others it must not answer
for. Whole reports are held to the general paths in ``tests/test_rule_shortcuts.py``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier_check.rules import _common, appointment
from dossier_check.rules._context import Context
from dossier_check.strategies import AS_OF
from test_rule_shortcuts import BUILTIN

# What a slip's fields mostly hold: texts, a list of rows, a number of sets; then what is missing or odd.
TEXTS = st.sampled_from(["Phòng Tư pháp", "2026-10-20T09:10:00+07:00", " x ", "1/TTPVHCC"])
FILLED = {"components": st.just([{"code": "TP1"}]), "sets": st.sampled_from([1, 2])}
ODD = st.one_of(
    st.sampled_from(
        ["", " ", "\t", "\u3000", " \n ", "\x1c", 0, True, False, 1.0, [], {}, [None], {"x": None}]
    ),
    st.none(),
    st.text(max_size=3),
    st.integers(-2, 2),
)


@st.composite
def slips(draw: st.DrawFn) -> dict[str, Any]:
    """A slip with every field of Mẫu 01 filled, then a few fields redrawn (often blank), dropped, or extra."""
    slip = {name: draw(FILLED.get(name, TEXTS)) for name in appointment._SLIP_FIELDS}
    for name in draw(st.lists(st.sampled_from(appointment._SLIP_FIELDS), max_size=3)):
        if draw(st.integers(0, 3)):
            slip[name] = draw(ODD)
        else:
            slip.pop(name, None)
    if draw(st.booleans()):
        slip["phone"] = draw(ODD)
    return slip


@settings(max_examples=1000, deadline=None)
@given(slip=slips())
def test_a_slip_all_filled_misses_no_field(slip: dict[str, Any]) -> None:
    """_all_filled answers True only when missing_fields finds no field missing; and True for every slip whose
    texts are texts, its components a list of rows and its sets a non-zero integer, with nothing missing."""
    ctx = Context({}, None, None, None, BUILTIN.settings, AS_OF)
    nothing_missing = not _common.missing_fields(ctx, slip, appointment._SLIP, appointment._SLIP_FIELDS)
    if appointment._all_filled(slip):
        assert nothing_missing
    texts = [slip.get(f) for f in appointment._SLIP_FIELDS if f not in ("components", "sets")]
    usual = (
        all(type(t) is str for t in texts)
        and type(slip.get("components")) is list
        and type(slip.get("sets")) is int
    )
    if usual and nothing_missing:
        assert appointment._all_filled(slip)


TIMES = st.sampled_from(
    ["2026-10-20T09:10:00+07:00", "2026-10-20", "2026-10-20 09:10", "2026-13-45", "late", "", "  ", "\u3000"]
)
APPOINTMENT_VALUES = st.one_of(
    TIMES, TIMES, st.none(), st.integers(), st.lists(st.none(), max_size=1), st.just({})
)
PARTS = st.one_of(
    st.none(),
    st.dictionaries(st.sampled_from(["appointment_at", "number"]), APPOINTMENT_VALUES),
    st.fixed_dictionaries({"appointment_at": APPOINTMENT_VALUES}),
    st.lists(st.integers(), max_size=1),
)


@settings(max_examples=1000, deadline=None)
@given(parts=st.dictionaries(st.sampled_from(["appointment_slip", "control_slip", "tracking_entry"]), PARTS))
def test_the_slip_s_appointment_read_first_is_the_search_s(parts: dict[str, Any]) -> None:
    """appointment() (the slip's own text read first) is what the search over the three parts finds: the slip's
    appointment, else the control slip's, else the tracking entry's, a broken one stopping the search."""
    ctx = Context(parts, None, None, None, BUILTIN.settings, AS_OF)
    fresh = Context(parts, None, None, None, BUILTIN.settings, AS_OF)
    assert ctx.appointment() == fresh._search_appointment()


ROWS = st.lists(
    st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["original", "copy"]), st.integers(1, 2))
)


@settings(max_examples=500, deadline=None)
@given(a=ROWS, b=ROWS)
def test_multiset_differences_are_counter_subtraction(a: list[Any], b: list[Any]) -> None:
    """DC204's multisets as dicts of positive counts: equal exactly when the Counters are, and each difference
    what Counter subtraction gives, in the same order (the findings list its rows sorted, ties in this order)."""
    ma, mb = dict(Counter(a)), dict(Counter(b))
    assert (ma == mb) == (Counter(a) == Counter(b))
    assert list(appointment._minus(ma, mb).items()) == list((Counter(a) - Counter(b)).items())
