"""DC008's generated walk over the place tree finds what a plain recursive walk finds.

The walk remembers, per place, the unknown keys that look like no key of it (exports repeat their extra
keys), so these properties run many dossiers through one process: what it remembered from one dossier
must never silence a misspelling in another.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from dossier_check.rules._places import Place, dossier_place, misspelling_of
from dossier_check.rules.dossier import _misspelled_keys
from dossier_check.schema import pointer_escape
from test_core_fast_paths import _SETTINGS, DOSSIERS


def _plain_walk(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Every key of every object the place tree names that looks like a misspelling of a key of its place."""
    found: list[tuple[str, str, str]] = []

    def walk(obj: dict[str, Any], place: Place, pointer: str) -> None:
        for key in obj:
            suggestion = misspelling_of(key, place.keys)
            if suggestion is not None:
                found.append((f"{pointer}/{pointer_escape(key)}", key, suggestion))
        for key, part in place.parts.items():
            value = obj.get(key)
            if isinstance(value, dict):
                walk(value, part, f"{pointer}/{key}")
            elif isinstance(value, list):
                for i, row in enumerate(value):
                    if isinstance(row, dict):
                        walk(row, part, f"{pointer}/{key}/{i}")

    walk(doc, dossier_place(), "")
    return sorted(found)


def _generated_walk(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    found: list[Any] = []
    _misspelled_keys()(doc, found)
    return sorted((f.path, f.params["field"], f.params["suggestion"]) for f in found)


# Keys to scatter through a dossier: misspellings of keys of several places, extension keys, and keys that
# look like nothing (silent, and remembered as such).
_ODD_KEYS = st.sampled_from(
    [
        "recieved_at",
        "apointment_at",
        "handed_at_",
        "Status",
        "nam",
        "export",
        "x_note",
        "zzz",
        "form_",
        "quantiti",
    ]
)


@st.composite
def _with_odd_keys(draw: st.DrawFn, doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with odd keys added to some of the objects anywhere in it (and parts turned into rows)."""
    holders = [doc]
    for value in doc.values():
        if isinstance(value, dict):
            holders.append(value)
            holders += [x for v in value.values() if isinstance(v, list) for x in v if isinstance(x, dict)]
        elif isinstance(value, list):
            holders += [x for x in value if isinstance(x, dict)]
    for _ in range(draw(st.integers(0, 4))):
        holder = draw(st.sampled_from(holders))
        holder[draw(_ODD_KEYS)] = draw(st.sampled_from([None, 1, "x"]))
    if draw(st.booleans()):  # a part given as a list of objects: walked row by row
        for key in ("applicant", "appointment_slip", "control_slip"):
            if isinstance(doc.get(key), dict):
                doc[key] = [doc[key]]
                break
    return doc


@_SETTINGS
@given(DOSSIERS.flatmap(_with_odd_keys))
def test_the_generated_walk_finds_what_a_plain_walk_finds(doc: dict[str, Any]) -> None:
    assert _generated_walk(doc) == _plain_walk(doc)
