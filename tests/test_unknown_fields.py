"""DC008 unknown-field: a key outside the format that looks like a misspelling of a key of its place.

The places and their keys come from the models; the misspelling test is exactly the contract's: at most
two edits away, or equal after case-folding and dropping ``_`` and a final ``s``. Every other unknown key
stays silent, and ``x_`` keys are never reported.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from dossier_check import Checker, models
from dossier_check.rules._places import dossier_place, misspelling_of

DATA = Path(__file__).parent / "data"
SPEC: dict[str, Any] = json.loads((DATA / "spec-dossier.json").read_text(encoding="utf-8"))
CHECKER = Checker(as_of="2026-11-27T12:00:00+07:00")


def dc008(d: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (v.path, v.params["field"], v.params["suggestion"])
        for v in CHECKER.check(d).violations
        if v.code == "DC008"
    ]


def spec() -> dict[str, Any]:
    return copy.deepcopy(SPEC)


TOP = dossier_place().keys


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [
        ("supplement_request", "supplement_requests"),  # the case: one edit
        ("apologie", "apologies"),
        ("recieved_at", "received_at"),  # two edits (a swap is two substitutions)
        ("resolvedat", "resolved_at"),
        ("procedure_cod", "procedure_code"),
        ("SupplementRequests", "supplement_requests"),  # case-folded, "_" dropped: equal
        ("ShownDocument", "shown_documents"),  # case, "_" and the final "s" dropped
        ("Code", "code"),
        ("chanel", "channel"),
        ("note", "code"),  # two substitutions: the contract's rule, short keys included
        ("sets_", "sets"),
        ("fact", "facts"),
    ],
)
def test_near_misses_of_a_top_level_key_are_reported(key: str, suggestion: str) -> None:
    assert misspelling_of(key, TOP) == suggestion


@pytest.mark.parametrize(
    "key",
    [
        "recievedat_",  # three edits from received_at
        "supplement",  # far from supplement_requests
        "notes",  # three edits from code, and folds to "note" ≠ any key
        "ma_ho_so",
        "ghi_chu",
        "status",  # a key of another place (a hand-over row), far from every top-level key
        "x_note",  # an extension key, however close
        "x_code",
        "",
        "so_bien_nhan",
        "applicant_name",  # a key of the slip, not of the record: three edits from applicant
        "received",  # three from received_at / received_by
    ],
)
def test_far_keys_and_extension_keys_are_not(key: str) -> None:
    assert misspelling_of(key, TOP) is None


def test_a_known_key_is_never_a_misspelling() -> None:
    assert all(misspelling_of(k, TOP) is None for k in TOP)


def test_the_closest_key_wins_then_the_first_in_the_format() -> None:
    # "received_a" is one edit from received_at and two from received_by
    assert misspelling_of("received_a", TOP) == "received_at"
    # an equal fold beats a closer spelling: "Sets" folds to "set" like "sets", one edit from "sets" too
    assert misspelling_of("SETS", TOP) == "sets"


def test_places_come_from_the_models() -> None:
    place = dossier_place()
    assert place.keys == tuple(models.Dossier.model_fields)
    assert place.required == {
        "code",
        "procedure_code",
        "receiving_unit",
        "channel",
        "received_at",
        "outcome",
        "components",
    }
    assert set(place.parts) == {
        "applicant",
        "representative",
        "components",
        "shown_documents",
        "appointment_slip",
        "control_slip",
        "tracking_entry",
        "supplement_requests",
        "rejection",
        "apologies",
        "stop_notice",
    }
    slip = place.parts["appointment_slip"]
    assert slip.keys == tuple(models.AppointmentSlip.model_fields)
    assert set(slip.parts) == {"components", "representative"}
    assert place.parts["control_slip"].parts["handovers"].keys == tuple(models.Handover.model_fields)
    assert "facts" not in place.parts  # free fact names: not a place


@pytest.mark.parametrize(
    ("where", "key", "path", "suggestion"),
    [
        ((), "supplement_request", "/supplement_request", "supplement_requests"),
        (("applicant",), "id_numer", "/applicant/id_numer", "id_number"),
        (("applicant",), "adress", "/applicant/adress", "address"),
        (("components", 1), "Form", "/components/1/Form", "form"),
        (("shown_documents", 0), "nam", "/shown_documents/0/nam", "name"),
        (("appointment_slip",), "apointment_at", "/appointment_slip/apointment_at", "appointment_at"),
        (
            ("appointment_slip", "components", 0),
            "quantty",
            "/appointment_slip/components/0/quantty",
            "quantity",
        ),
        (("control_slip",), "handover", "/control_slip/handover", "handovers"),
        (("control_slip", "handovers", 1), "notes", "/control_slip/handovers/1/notes", "note"),
        (("control_slip", "handovers", 0), "handedAt", "/control_slip/handovers/0/handedAt", "handed_at"),
        (("tracking_entry",), "return_methods", "/tracking_entry/return_methods", "return_method"),
        (("tracking_entry",), "entry/no", "/tracking_entry/entry~1no", "entry_no"),  # JSON Pointer escaping
    ],
)
def test_each_known_place_is_looked_at(where: tuple[Any, ...], key: str, path: str, suggestion: str) -> None:
    d = spec()
    target: Any = d
    for step in where:
        target = target[step]
    target[key] = "x"
    assert dc008(d) == [(path, key, suggestion)]


def test_parts_the_record_lacks_or_breaks_are_not_walked() -> None:
    d = spec()
    d["rejection"] = None
    d["supplement_requests"] = [
        {"stage": "intake", "itemz": ["CT01"], "reason": "thiếu", "number": "1"},
        "note",
    ]
    d["apologies"] = "none"  # DC001, and no key to look at
    found = dc008(d)
    assert found == [("/supplement_requests/0/itemz", "itemz", "items")]
    codes = [v.code for v in CHECKER.check(d).violations]
    assert codes.count("DC001") == 2  # the string row and the string apologies


def test_the_slips_representative_is_a_representative() -> None:
    d = spec()
    person = {"name": "Lê Thị Hoa", "id_number": "087190004321", "authorisation": "Giấy ủy quyền số 12"}
    d["representative"] = dict(person)
    d["appointment_slip"]["representative"] = dict(person)
    # "authorisation" is two edits from "authorization" (s→z): reported in both places
    assert dc008(d) == [
        ("/appointment_slip/representative/authorisation", "authorisation", "authorization"),
        ("/representative/authorisation", "authorisation", "authorization"),
    ]


def test_one_finding_per_key_and_unknown_keys_stay_silent() -> None:
    d = spec()
    d["Outcome"] = "accepted"
    d["OUTCOMES"] = "accepted"
    d["ma_ho_so_dvc"] = "G22.99-261020-0007"  # unknown and far: silent
    d["facts"]["residence_in_databse"] = True  # free fact names: never a misspelling
    d["x_outcome"] = "accepted"
    d["x_"] = 1
    d["applicant"]["x_nam"] = "x"
    assert dc008(d) == [("/OUTCOMES", "OUTCOMES", "outcome"), ("/Outcome", "Outcome", "outcome")]


def test_dc008_is_a_warning_and_never_fails_a_dossier_alone() -> None:
    d = spec()
    d["supplement_request"] = [{"stage": "intake", "items": ["CT01"], "reason": "thiếu"}] * 2
    report = CHECKER.check(d)
    assert report.codes == ["DC008"] and report.passed and report.violations[0].severity == "warning"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_message_shows_the_key_as_written(lang: str) -> None:
    d = spec()
    d["control_slip"]["handovers"][0]["notes"] = "giao bổ sung"  # "notes" is also a label-table word's key
    [v] = Checker(as_of="2026-11-27T12:00:00+07:00", lang=lang).check(d).violations
    assert "“notes”" in v.message and "“note”" in v.message
    assert "Ghi chú" not in v.message and "“note”" in v.message  # the key, not the form's label


def test_plurals_more_than_two_edits_away_are_not_misspellings() -> None:
    row = dossier_place().parts["components"].keys
    assert misspelling_of("quantities", row) is None  # quantit-ies / quantit-y: three edits, folds differ
    assert misspelling_of("quantitys", row) == "quantity"  # the final "s" dropped


def test_a_misspelled_key_beside_the_right_one_is_still_reported() -> None:
    d = spec()
    d["appointment_slip"]["apointment_at"] = d["appointment_slip"]["appointment_at"]
    assert dc008(d) == [("/appointment_slip/apointment_at", "apointment_at", "appointment_at")]
    del d["appointment_slip"]["appointment_at"]
    assert [(v.code, v.path) for v in CHECKER.check(d).violations] == [
        ("DC008", "/appointment_slip/apointment_at"),
        ("DC202", "/appointment_slip/appointment_at"),
    ]
