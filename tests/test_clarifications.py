"""The four conventions the format settled in v1.1, pinned field by field.

1. A blank string in a field with a closed list of values is *missing*, not a value outside the list;
   so is a blank date or time (a string field is missing when empty or white space only).
2. Two times compare at the coarser of their precisions (tests/test_timeutil.py and the "minute against
   second" tests of tests/test_rules_edge.py).
3. A part of the wrong type is broken, not missing: DC001 alone.
4. Keys that begin with ``x_`` are extension keys, never reported.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from dossier_check import Checker, models
from dossier_check.rules._places import dossier_place

DATA = Path(__file__).parent / "data"
SPEC: dict[str, Any] = json.loads((DATA / "spec-dossier.json").read_text(encoding="utf-8"))
CHECKER = Checker(as_of="2026-11-27T12:00:00+07:00")


def spec() -> dict[str, Any]:
    return copy.deepcopy(SPEC)


def found(d: dict[str, Any]) -> list[tuple[str, str]]:
    return [(v.code, v.path) for v in CHECKER.check(d).violations]


# --- 1. blank values in closed lists --------------------------------------------------------------------


def _closed_list_fields() -> set[str]:
    """Every dossier field whose values form a closed list, read from the models."""
    out: set[str] = set()

    def walk(place: Any, prefix: str) -> None:
        for key, info in vars(models)[place.name].model_fields.items():
            if "Literal[" in repr(info.annotation):
                out.add(prefix + key)
        for key, part in place.parts.items():
            walk(part, f"{prefix}{key}/")

    walk(dossier_place(), "")
    return out


def test_the_closed_list_fields_are_the_ones_tested_here() -> None:
    assert _closed_list_fields() == {
        "channel",
        "outcome",
        "components/form",
        "appointment_slip/components/form",
        "appointment_slip/delivered_via",
        "control_slip/handovers/status",
        "tracking_entry/return_method",
        "supplement_requests/stage",
    }


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_blank_delivery_channel_is_dc206_not_dc001(blank: str) -> None:
    d = spec()
    d["channel"] = "online"
    d["appointment_slip"]["delivered_via"] = blank
    assert found(d) == [("DC206", "/appointment_slip/delivered_via")]
    d["channel"] = "direct"  # not required in person
    assert found(d) == []


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_handover_status_is_dc302_not_dc001(blank: str) -> None:
    d = spec()
    d["control_slip"]["handovers"][1]["status"] = blank
    assert found(d) == [("DC302", "/control_slip/handovers/1/status")]
    # a late row with a blank status is missing its status (DC302), not marked other than late (DC305)
    d["control_slip"]["handovers"][1]["handed_at"] = d["resolved_at"] = "2026-10-30T09:00:00+07:00"
    assert ("DC305", "/control_slip/handovers/1/status") not in found(d)
    assert ("DC302", "/control_slip/handovers/1/status") in found(d)


@pytest.mark.parametrize("blank", ["", " "])
def test_a_blank_return_method_is_dc402_not_dc001(blank: str) -> None:
    d = spec()
    d["tracking_entry"]["return_method"] = blank
    assert found(d) == [("DC402", "/tracking_entry/return_method")]
    d["returned_at"] = d["tracking_entry"]["returned_at"] = None  # not returned yet: not required
    d["control_slip"]["handovers"].pop()
    assert found(d) == []


def test_a_blank_form_is_a_row_without_form() -> None:
    d = spec()
    d["components"][1]["form"] = ""
    d["appointment_slip"]["components"][1]["form"] = None  # the slip without a form: the same row
    assert found(d) == []  # not judged by DC104, equal for DC204
    d["appointment_slip"]["components"][1]["form"] = " "
    assert found(d) == []


def test_a_blank_stage_is_a_request_without_stage() -> None:
    d = spec()
    request = {"number": "1", "issued_at": "2026-10-19T10:00:00+07:00", "items": ["CT01"], "reason": "thiếu"}
    d["supplement_requests"] = [dict(request, stage=""), dict(request, stage="intake")]
    assert found(d) == []  # one intake request: not DC501, and no DC001
    d["supplement_requests"][0]["stage"] = "intake"
    assert found(d) == [("DC501", "/supplement_requests")]


@pytest.mark.parametrize("key", ["channel", "outcome"])
def test_a_blank_required_closed_list_field_is_dc001_blank(key: str) -> None:
    d = spec()
    d[key] = "  "
    report = CHECKER.check(d)
    assert [(v.code, v.path) for v in report.violations] == [("DC001", f"/{key}")]
    assert report.violations[0].params["problem"] == "blank"
    assert report.violations[0].message == f"Hồ sơ sai định dạng tại /{key}: trường bắt buộc bị bỏ trống."


@pytest.mark.parametrize(
    ("pointer", "value"),
    [
        (("channel",), "fax"),
        (("appointment_slip", "delivered_via"), "zalo"),
        (("control_slip", "handovers", 0, "status"), "đúng hạn"),
        (("tracking_entry", "return_method"), "email"),
        (("components", 0, "form"), "scan"),
    ],
)
def test_a_value_outside_the_list_is_still_dc001(pointer: tuple[Any, ...], value: str) -> None:
    d = spec()
    target: Any = d
    for step in pointer[:-1]:
        target = target[step]
    target[pointer[-1]] = value
    path = "/" + "/".join(map(str, pointer))
    report = CHECKER.check(d)
    assert ("DC001", path) in [(v.code, v.path) for v in report.violations]
    assert next(v for v in report.violations if v.path == path).params["problem"] == "enum"


def test_the_callers_record_is_not_changed() -> None:
    d = spec()
    d["control_slip"]["handovers"][1]["status"] = ""
    before = copy.deepcopy(d)
    CHECKER.check(d)
    assert d == before


# --- 1b. blank values in date and time fields ---------------------------------------------------------------
#
# "A string field counts as missing when it is absent, null, or empty/whitespace only": a blank date or
# time is a missing one, never a time that cannot be read.


def _time_pointers(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place of the example dossier that holds a date or a time."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _time_pointers(v, (*at, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _time_pointers(v, (*at, i))]
    if (
        isinstance(value, str)
        and len(value) >= 10
        and value[4] == "-"
        and value[7] == "-"
        and value[:4].isdigit()
    ):
        return [at]
    return []


def _set(d: dict[str, Any], pointer: tuple[Any, ...], value: Any) -> dict[str, Any]:
    holder: Any = d
    for step in pointer[:-1]:
        holder = holder[step]
    holder[pointer[-1]] = value
    return d


def test_the_example_dossier_has_times_in_every_part() -> None:
    parts = {p[0] for p in _time_pointers(SPEC)}
    assert {"received_at", "appointment_slip", "control_slip", "tracking_entry"} <= parts


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
@pytest.mark.parametrize("pointer", _time_pointers(SPEC), ids=lambda p: "/".join(map(str, p)))
def test_a_blank_time_is_a_missing_time(pointer: tuple[Any, ...], blank: str) -> None:
    """A blank time gives what a null one gives: the missing-field rules (DC202, DC302, DC402, …) where the
    field is required by a part, and nothing where it is optional; a required field of the format
    (``received_at``) is DC001 for a blank field."""
    with_blank = CHECKER.check(_set(spec(), pointer, blank))
    with_null = CHECKER.check(_set(spec(), pointer, None))
    where = "/" + "/".join(map(str, pointer))
    if pointer == ("received_at",):
        assert [(v.code, v.path) for v in with_blank.violations] == [("DC001", where)]
        assert with_blank.violations[0].params["problem"] == "blank"
        return
    assert [(v.code, v.path, v.params) for v in with_blank.violations] == [
        (v.code, v.path, v.params) for v in with_null.violations
    ]
    assert "DC001" not in with_blank.codes


def test_blank_times_are_reported_by_the_rule_about_the_missing_field() -> None:
    d = spec()
    d["appointment_slip"]["appointment_at"] = ""
    assert found(d) == [("DC202", "/appointment_slip/appointment_at")]
    d = spec()
    d["control_slip"]["handovers"][1]["handed_at"] = " "
    assert ("DC302", "/control_slip/handovers/1/handed_at") in found(d)
    d = spec()
    d["resolved_at"] = "2026-10-30T10:00:00+07:00"  # after the appointment
    d["apologies"] = [
        {"issued_at": "2026-10-28T10:00:00+07:00", "reason": "chờ xác minh", "new_appointment_at": ""}
    ]
    codes = [code for code, _ in found(d)]
    assert "DC508" in codes and "DC001" not in codes


# --- 3. a part of the wrong type is broken, not missing ---------------------------------------------------


@pytest.mark.parametrize("part", ["appointment_slip", "control_slip", "tracking_entry"])
@pytest.mark.parametrize("value", ["Đã lập (bản giấy)", "", [], 0, True])
def test_a_form_of_the_wrong_type_is_dc001_only(part: str, value: Any) -> None:
    d = spec()
    d[part] = value
    assert found(d) == [("DC001", f"/{part}")]  # not DC201/DC301/DC401, nor DC202/DC302/DC402


@pytest.mark.parametrize("value", ["Không đủ điều kiện", [], 1])
def test_a_rejection_of_the_wrong_type_is_dc001_only(value: Any) -> None:
    d = spec()
    d["outcome"] = "rejected"
    d["rejection"] = value
    for key in ("appointment_slip", "control_slip", "tracking_entry", "resolved_at", "returned_at"):
        d[key] = None
    assert found(d) == [("DC001", "/rejection")]  # not DC504


@pytest.mark.parametrize("part", ["supplement_requests", "apologies"])
def test_a_list_part_of_the_wrong_type_is_dc001_only(part: str) -> None:
    d = spec()
    d[part] = {"number": "1"}
    assert found(d) == [("DC001", f"/{part}")]


def test_a_null_part_is_missing() -> None:
    d = spec()
    d["appointment_slip"] = None
    assert found(d) == [("DC201", "/appointment_slip")]


# --- 4. extension keys ------------------------------------------------------------------------------------


def test_extension_keys_are_never_reported() -> None:
    d = spec()
    d["facts"]["x_source"] = "portal"  # a fact must be true/false/null — but this is an extension key
    d["facts"]["x_"] = {"nested": [1, 2]}
    d["x_channel"] = "fax"
    d["x_suplement_requests"] = "x"
    d["appointment_slip"]["x_delivered_via"] = ""
    d["control_slip"]["handovers"][0]["x_status"] = None
    assert found(d) == []


def test_a_fact_that_is_not_an_extension_is_still_checked() -> None:
    d = spec()
    d["facts"]["source"] = "portal"
    assert found(d) == [("DC001", "/facts/source")]
