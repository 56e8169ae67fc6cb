"""Shortcuts of the check proved against the plain way: DC008's generated walk finds what a plain
recursive walk finds, the walk and the validator judge alike whatever string objects a dossier's keys are
(they hold the parser's own), and a rule the engine does not run on a dossier without its part finds
nothing there.

The walk remembers, per place, the unknown keys that look like no key of it (exports repeat their extra
keys), so these properties run many dossiers through one process: what it remembered from one dossier
must never silence a misspelling in another.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import orjson
from hypothesis import assume, given
from hypothesis import strategies as st

from dossier_check import Checker
from dossier_check.rules import REGISTRY
from dossier_check.rules._context import Context
from dossier_check.rules._places import Place, dossier_place, misspelling_of
from dossier_check.rules._registry import _load_all
from dossier_check.rules.dossier import _misspelled_keys, _passed, _watching_validator, validate_record
from dossier_check.schema import (
    compile_schema,
    dossier_schema,
    generate_validator,
    parser_string,
    pointer_escape,
    validate_dossier,
)
from dossier_check.strategies import AS_OF
from test_core_fast_paths import _SETTINGS, DOSSIERS

SPEC_DOSSIER = json.loads((Path(__file__).parent / "data" / "spec-dossier.json").read_text(encoding="utf-8"))


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


# --- DC008 from what the validator noted --------------------------------------------------------------
# With DC008 to run, the engine validates with validate_record, which notes the objects that hold a key
# outside their place; DC008 reports from those notes on a record without format problems, and walks any
# other record. Both ways must find the same misspellings.


def _misspelled_everywhere(doc: dict[str, Any], pick: int) -> dict[str, Any]:
    """``doc`` with a misspelling of a key of its place (a key with "_" added) in every object the tree names."""

    def spoil(obj: dict[str, Any], place: Place) -> None:
        obj[place.keys[pick % len(place.keys)] + "_"] = "x"
        for key, part in place.parts.items():
            value = obj.get(key)
            for row in value if isinstance(value, list) else [value]:
                if isinstance(row, dict):
                    spoil(row, part)

    spoil(doc, dossier_place())
    return doc


def _dc008(doc: Any) -> tuple[list[tuple[str, str, str]], Context]:
    """DC008's findings as the engine has it run (sorted), and the context it ran in."""
    contexts: list[Context] = []
    _CHECKER.check_object(doc, observe=contexts.append)
    found = REGISTRY["DC008"].check(contexts[0])  # type: ignore[misc]
    return sorted((f.path, f.params["field"], f.params["suggestion"]) for f in found), contexts[0]


@_SETTINGS
@given(DOSSIERS.flatmap(_with_odd_keys), st.none() | st.integers(0, 30))
def test_dc008_from_the_validators_notes_finds_what_the_walk_finds(
    doc: dict[str, Any], pick: int | None
) -> None:
    """On valid, violating and fuzzed dossiers, with odd keys here and there or a misspelling everywhere."""
    if pick is not None:
        doc = _misspelled_everywhere(doc, pick)
    found, ctx = _dc008(doc)
    assert found == _generated_walk(ctx.dossier) == _plain_walk(ctx.dossier)
    assert list(validate_record(doc)) == validate_dossier(doc)


def test_dc008_reports_from_the_validators_notes_on_a_record_without_format_problems() -> None:
    """The notes are what DC008 reads (the proof above is about this way, not only the walk's)."""
    doc = _misspelled_everywhere(json.loads(json.dumps(SPEC_DOSSIER)), 0)
    found, ctx = _dc008(doc)
    assert ctx.problems == []
    holders = ctx.problems.holders  # type: ignore[attr-defined]
    assert {pointer for _, _, pointer in holders} == {path.rpartition("/")[0] for path, _, _ in found}
    assert len(found) == len(holders) == len(_plain_walk(doc))


# --- keys held as the parser's own strings --------------------------------------------------------------
# The walk's sets and the parts it reads, and the validator's members, are the strings orjson makes for
# those keys, so that a parsed dossier's keys are found by identity. A dossier whose keys are other
# strings of the same texts (read by json, or built in Python) must be judged alike.


@given(st.text(max_size=80))
def test_a_key_as_the_parser_makes_it_is_the_same_text(key: str) -> None:
    own = parser_string(key)
    assert type(own) is str
    assert own == key


def test_the_walk_and_the_validator_hold_the_parsers_own_strings() -> None:
    """The shortcut is in effect: a dossier parsed just after the two are built has the very key objects
    they look its keys up by. (Built afresh here: the parser's cache of keys is direct-mapped, so other
    keys read since the shared ones were built may have evicted theirs, which costs speed, never a key.)
    """
    # The places' sets are shared by the walk and validate_record's validator, so both are built anew
    # from new ones (and the process's own rebuilt alike when next used).
    for built in (_passed, _misspelled_keys, _watching_validator):
        built.cache_clear()
    walk = _misspelled_keys()
    validator = generate_validator(dossier_schema())
    doc = orjson.loads(orjson.dumps(dict.fromkeys(dossier_place().keys)))
    walk_sets = [value for value in walk.__globals__.values() if type(value) is set]
    assert any(held is walk_sets[0] for held in _watching_validator().__globals__.values())
    validator_strings = [value for value in validator.__globals__.values() if type(value) is str]
    for key in doc:
        assert any(key is held for held in walk_sets[0])
        assert any(key is held for held in validator_strings)


def _parsed_both_ways(doc: Any) -> tuple[Any, Any]:
    """``doc`` read back by orjson (its cached key strings) and by json (fresh strings of the same texts)."""
    text = json.dumps(doc, ensure_ascii=False)
    try:
        parsed = orjson.loads(text)
    except (
        orjson.JSONDecodeError
    ):  # a number orjson does not read (beyond 64 bits, NaN): not a dossier it reads
        assume(False)
    return parsed, json.loads(text)


@_SETTINGS
@given(DOSSIERS.flatmap(_with_odd_keys))
def test_the_walk_finds_alike_whatever_strings_the_keys_are(doc: dict[str, Any]) -> None:
    by_orjson, by_json = _parsed_both_ways(doc)
    assert _generated_walk(by_orjson) == _generated_walk(by_json) == _plain_walk(by_json)


@_SETTINGS
@given(DOSSIERS)
def test_the_validator_finds_alike_whatever_strings_the_keys_are(doc: Any) -> None:
    """Against the closure compiler, which looks every member up by a literal of its text."""
    by_orjson, by_json = _parsed_both_ways(doc)
    closures = compile_schema(dossier_schema())
    assert (
        validate_dossier(by_orjson) == validate_dossier(by_json) == closures(by_json) == closures(by_orjson)
    )


# --- rules not run on a dossier without their part --------------------------------------------------

_load_all()
_PART_RULES = sorted(code for code, r in REGISTRY.items() if r.part is not None)
_CHECKER = Checker(as_of=AS_OF)


def test_rules_that_name_a_part_are_the_ones_that_judge_one() -> None:
    """Guards the list below against a rule losing its part by accident (each is proved right below)."""
    assert {REGISTRY[c].part for c in _PART_RULES} == {
        "appointment_slip",
        "control_slip",
        "tracking_entry",
        "supplement_requests",
        "apologies",
    }


_PARTS = sorted({REGISTRY[c].part for c in _PART_RULES if REGISTRY[c].part is not None})


def _with_part(doc: dict[str, Any], part: str, value: Any) -> dict[str, Any]:
    """A shallow copy of ``doc`` whose ``part`` is ``value``, or is left out when ``value`` is "absent"."""
    changed = dict(doc)
    if value == "absent":
        changed.pop(part, None)
    else:
        changed[part] = value
    return changed


@_SETTINGS
@given(doc=DOSSIERS, without=st.sampled_from(["absent", None, []]))
def test_a_rule_finds_nothing_in_a_dossier_without_its_part(doc: dict[str, Any], without: Any) -> None:
    """What lets the engine skip it: run anyway, the rule yields nothing (no finding, no "not evaluable")
    and notes no provisional year, on valid, violating and fuzzed dossiers whose part is absent, null or an
    empty list (an empty object is a part with every field missing)."""
    for part in _PARTS:
        changed = _with_part(doc, part, without)
        contexts: list[Context] = []
        _CHECKER.check_object(changed, observe=contexts.append)
        ctx = contexts[0]
        years = set(ctx.provisional_years)
        for code in _PART_RULES:
            rule = REGISTRY[code]
            if rule.part == part and rule.check is not None:
                assert list(rule.check(ctx)) == [], code
                assert ctx.provisional_years == years, code


def _never_skipping() -> Checker:
    """A checker whose engine runs every rule whatever parts the dossier has (the general path)."""
    checker = Checker(as_of=AS_OF)
    checker._steps = tuple(
        (r, check, needs, None, req, out) for r, check, needs, _, req, out in checker._steps
    )
    checker._plans.clear()
    return checker


_GENERAL = _never_skipping()


@_SETTINGS
@given(doc=DOSSIERS, held=st.sampled_from([{}, "", 0, False, [{}], {"x_note": 1}, "absent", None, []]))
def test_the_engine_skips_a_rule_only_for_a_dossier_without_its_part(doc: dict[str, Any], held: Any) -> None:
    """The engine decides "no such part" from the part's truth value first: a part that is there but
    falsy (an empty object, "", 0, false) must still be judged, exactly as a never-skipping engine does."""
    for part in _PARTS:
        changed = _with_part(doc, part, held)
        assert _CHECKER.check_object(copy.deepcopy(changed)) == _GENERAL.check_object(copy.deepcopy(changed))
