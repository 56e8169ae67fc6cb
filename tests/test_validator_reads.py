"""The generated validator reads an object's members by subscripts when it has as many keys as members.

``_CodeGen.read_members``: an object inside the record with at least as many keys as its schema has members
is read by ``obj[key]``, read again by ``.get()`` when a member is missing after all (a ``KeyError``), and
a smaller object by ``.get()`` alone. Whichever way it is read, the problems (and the objects DC008 is
told about) must be those of the closure compiler, which reads each member alone.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dossier_check.rules.dossier import validate_record
from dossier_check.schema import compile_schema, dossier_schema, validate_dossier

SPEC: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "spec-dossier.json").read_text("utf-8"))
_CLOSURES = compile_schema(dossier_schema())

# Values a member may be given: what its schema wants, null, and what it refuses.
_VALUES = st.one_of(
    st.sampled_from(["x", " ", "", "2026-10-20T09:10:00+07:00", "2026-02-30", "on_time", "copy", "fax"]),
    st.none(),
    st.sampled_from([0, 1, 1.5, True, False, [], {}, ["x"], {"code": "TP1"}]),
)
_EXTRA_KEYS = st.sampled_from(["x_extra", "Note", "nameX", "export", "status ", "handedAt"])


@st.composite
def _reshaped(draw: st.DrawFn, value: Any, top: bool = True) -> Any:
    """``value`` with each object inside it (not the record itself) drawn anew: members dropped, keys added
    (often as many as were dropped, so that the object keeps its size and still lacks a member), members
    given other values, or left as it was."""
    if isinstance(value, list):
        return [draw(_reshaped(item, False)) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: draw(_reshaped(item, False)) for key, item in value.items()}
    if top or not draw(st.booleans()):
        return out
    dropped = draw(st.lists(st.sampled_from(sorted(out)), unique=True, max_size=3)) if out else []
    for key in dropped:
        del out[key]
    for _ in range(len(dropped) + draw(st.integers(-1, 1))):
        out[draw(_EXTRA_KEYS)] = draw(_VALUES)
    for key in draw(st.lists(st.sampled_from(sorted(out)), unique=True, max_size=2)) if out else []:
        out[key] = draw(_VALUES)
    return out


def _as_parsed(doc: Any) -> Any:
    # Through JSON and back, as the engine gets a dossier (the keys then fresh strings, not the parser's).
    return json.loads(json.dumps(doc))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(_reshaped(SPEC))
@example(copy.deepcopy(SPEC))
@example({**SPEC, "applicant": {"name": "A", "id_number": "1", "address": "x", "phone": "1", "x_extra": 1}})
@example({**SPEC, "applicant": {"name": 5, "id_number": "1", "address": "x", "phone": "1", "email": None}})
@example({**SPEC, "applicant": {"name": None, "phone": 1, "x_extra": 2}})
def test_members_read_by_subscript_find_what_the_closures_find(doc: dict[str, Any]) -> None:
    doc = _as_parsed(doc)
    expected = _CLOSURES(doc)
    assert validate_dossier(doc) == expected
    found = validate_record(doc)
    assert list(found) == expected
    # The objects DC008 is told about are the record's objects with a key outside their place's set, in
    # the order the validator checks them: whichever way their members were read, each is told once.
    assert len({id(obj) for obj, _, _ in found.holders}) == len(found.holders)
