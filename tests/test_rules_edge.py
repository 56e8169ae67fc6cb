"""Edge cases of the rules, built in code from the SPEC §3 dossier.

Each test changes one thing in a valid dossier and asserts on codes, paths and params, and says in its
name or a comment which sentence of SPEC.md it holds the code to.
"""

from __future__ import annotations

import copy
import json
import unicodedata
from datetime import datetime
from typing import Any

import pytest

import dossier_check
from dossier_check import Checker, Report, load_catalog
from dossier_check.deadlines import compute_deadline

AS_OF = "2026-11-27T12:00:00+07:00"
CHECKER = Checker(as_of=AS_OF)
CARRIERS = ("appointment_slip", "control_slip", "tracking_entry")
DESK = "Bộ phận Một cửa UBND phường An Lộc"
POLICE = "Công an phường An Lộc"
TP1 = {"code": "TP1", "name": "Tờ khai thay đổi thông tin cư trú (CT01)", "form": "original", "quantity": 1}
TP2 = {"code": "TP2", "name": "Giấy tờ chứng minh chỗ ở hợp pháp", "form": "copy", "quantity": 1}


def spec_dossier() -> dict[str, Any]:
    """The dossier of SPEC §3: Đăng ký thường trú, received Tue 2026-10-20 09:10, due Thu 2026-10-29."""
    return {
        "code": "000.00.20.H20-261020-0007",
        "procedure_code": "1.004222",
        "receiving_unit": DESK,
        "channel": "direct",
        "received_at": "2026-10-20T09:10:00+07:00",
        "received_by": "Nguyễn Thị Mai",
        "applicant": {
            "name": "Trần Văn Bình",
            "id_number": "087090001234",
            "address": "Khóm An Thạnh A, phường An Lộc",
            "phone": "0912345678",
            "email": None,
        },
        "representative": None,
        "facts": {"residence_in_database": False},
        "outcome": "accepted",
        "sets": 1,
        "components": [dict(TP1), dict(TP2)],
        "shown_documents": [{"code": "XT1", "name": "Giấy tờ tùy thân"}],
        "appointment_slip": {
            "number": "125/TTPVHCC",
            "issued_at": "2026-10-20T09:15:00+07:00",
            "dossier_code": "000.00.20.H20-261020-0007",
            "receiving_unit": DESK,
            "applicant_name": "Trần Văn Bình",
            "applicant_id_number": "087090001234",
            "address": "Khóm An Thạnh A, phường An Lộc",
            "phone": "0912345678",
            "email": None,
            "request": "Đăng ký thường trú",
            "components": [dict(TP1), dict(TP2)],
            "sets": 1,
            "time_limit": "7 ngày làm việc",
            "received_at": "2026-10-20T09:10:00+07:00",
            "appointment_at": "2026-10-29T14:00:00+07:00",
            "return_place": DESK,
            "received_by": "Nguyễn Thị Mai",
            "delivered_via": None,
        },
        "control_slip": {
            "number": "125/PKS",
            "dossier_code": "000.00.20.H20-261020-0007",
            "lead_agency": POLICE,
            "cooperating_agency": None,
            "received_at": "2026-10-20T09:10:00+07:00",
            "appointment_at": "2026-10-29T14:00:00+07:00",
            "handovers": [
                {
                    "from_unit": DESK,
                    "to_unit": POLICE,
                    "handed_at": "2026-10-20T14:00:00+07:00",
                    "giver": "Nguyễn Thị Mai",
                    "receiver": "Lê Văn Cường",
                    "status": "on_time",
                    "note": None,
                },
                {
                    "from_unit": POLICE,
                    "to_unit": DESK,
                    "handed_at": "2026-10-28T10:00:00+07:00",
                    "giver": "Lê Văn Cường",
                    "receiver": "Nguyễn Thị Mai",
                    "status": "early",
                    "note": None,
                },
            ],
        },
        "tracking_entry": {
            "entry_no": 125,
            "dossier_code": "000.00.20.H20-261020-0007",
            "procedure_name": "Đăng ký thường trú",
            "applicant_name": "Trần Văn Bình",
            "address_phone": "Khóm An Thạnh A, phường An Lộc - 0912345678",
            "lead_agency": POLICE,
            "received_at": "2026-10-20T09:10:00+07:00",
            "appointment_at": "2026-10-29T14:00:00+07:00",
            "returned_at": "2026-10-29T09:00:00+07:00",
            "return_method": "direct",
        },
        "supplement_requests": [],
        "rejection": None,
        "apologies": [],
        "stop_notice": None,
        "resolved_at": "2026-10-28T10:00:00+07:00",
        "returned_at": "2026-10-29T09:00:00+07:00",
    }


@pytest.fixture
def d() -> dict[str, Any]:
    return spec_dossier()


def run(dossier: dict[str, Any], **kw: Any) -> Report:
    if kw:
        return dossier_check.check(dossier, as_of=kw.pop("as_of", AS_OF), **kw)
    return CHECKER.check_object(dossier)


def found(report: Report) -> list[tuple[str, str]]:
    return [(v.code, v.path) for v in report.violations]


def codes(report: Report) -> set[str]:
    return {v.code for v in report.violations}


def keep(d: dict[str, Any], *rows: dict[str, Any]) -> None:
    """Set the kept components, and list the same rows on the slip (as the desk software does)."""
    d["components"] = [dict(r) for r in rows]
    d["appointment_slip"]["components"] = [dict(r) for r in rows]


def set_appointment(d: dict[str, Any], when: str) -> None:
    for key in CARRIERS:
        d[key]["appointment_at"] = when


def set_code(d: dict[str, Any], code: str) -> None:
    d["code"] = code
    for key in CARRIERS:
        if d[key] is not None:
            d[key]["dossier_code"] = code


def test_the_spec_dossier_passes(d: dict[str, Any]) -> None:
    assert found(run(d)) == []


# --- DC001: broken parts are reported once and skipped by the rules that need them -------------


def test_broken_appointment_time_skips_dc203_and_dc205(d: dict[str, Any]) -> None:
    d["appointment_slip"]["appointment_at"] = "2026-10-19T25:00:00+07:00"  # no 25 o'clock
    d["appointment_slip"]["issued_at"] = "2026-10-19T16:00:00+07:00"  # would be DC205 on its own
    d["control_slip"]["appointment_at"] = "2026-11-30T14:00:00+07:00"  # beyond the deadline
    assert found(run(d)) == [
        ("DC001", "/appointment_slip/appointment_at"),
        ("DC205", "/appointment_slip/issued_at"),
    ]


def test_a_broken_appointment_is_not_replaced_by_the_control_slips(d: dict[str, Any]) -> None:
    set_appointment(d, "2026-10-19T14:00:00+07:00")  # before the receipt: every row would be after it
    d["appointment_slip"]["appointment_at"] = "29/10/2026"
    assert found(run(d)) == [("DC001", "/appointment_slip/appointment_at")]


@pytest.mark.parametrize("value", ["Đã lập phiếu kiểm soát (bản giấy)", [], 125, True])
def test_a_non_object_control_slip_is_dc001_not_dc301(d: dict[str, Any], value: Any) -> None:
    d["control_slip"] = value
    assert found(run(d)) == [("DC001", "/control_slip")]


def test_a_null_control_slip_is_dc301(d: dict[str, Any]) -> None:
    d["control_slip"] = None
    assert found(run(d)) == [("DC301", "/control_slip")]


def test_a_component_row_without_code_or_name_skips_the_component_rules(d: dict[str, Any]) -> None:
    d["components"] = [dict(TP1), {"form": "copy", "quantity": 1}, {"name": "Sổ hộ khẩu", "form": "copy"}]
    assert found(run(d)) == [("DC001", "/components/1")]  # no DC101, DC102 or DC204 guessed


def test_unreadable_records_are_dc001_at_the_root() -> None:
    assert found(CHECKER.check_bytes(b'{"code": ')) == [("DC001", "")]
    assert found(CHECKER.check_object(["not", "a", "dossier"])) == [("DC001", "")]


def test_a_broken_channel_skips_the_channel_rules(d: dict[str, Any]) -> None:
    d["channel"] = "fax"
    keep(d, TP1, dict(TP2, form="original"), {"name": "Sổ hộ khẩu", "form": "copy"})  # DC102, DC104 unjudged
    assert found(run(d)) == [("DC001", "/channel")]


@pytest.mark.parametrize("key", ["code", "procedure_code", "receiving_unit"])
def test_a_blank_required_string_is_dc001(d: dict[str, Any], key: str) -> None:
    d[key] = "   "
    assert ("DC001", f"/{key}") in found(run(d))


# --- DC0xx ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "000.00.20.H20-261020-007",  # 3-digit sequence
        "000.00.20.H20-260230-0007",  # 30 February
        "000.00.20.h20-261020-0007",  # lower-case level-1 letter
        "000.00.20.H20-261020-０００７",  # full-width digits: ASCII only
        "H20.20.A.B.C.D-261020-0007",  # five groups after the level-1 code
    ],
)
def test_malformed_dossier_codes(d: dict[str, Any], code: str) -> None:
    set_code(d, code)
    assert found(run(d)) == [("DC004", "/code")]


@pytest.mark.parametrize("code", ["H20.20-261020-0007", "H20.20.4.AB.7-261020-0007"])
def test_decision_20_2020_order_is_accepted(d: dict[str, Any], code: str) -> None:
    set_code(d, code)
    assert found(run(d)) == []


def test_a_dossier_code_with_a_trailing_newline_is_malformed(d: dict[str, Any]) -> None:
    set_code(d, "000.00.20.H20-261020-0007\n")
    assert found(run(d)) == [("DC004", "/code")]


def test_code_date_is_the_local_receipt_date(d: dict[str, Any]) -> None:
    d["received_at"] = "2026-10-19T20:00:00Z"  # 03:00 on 20 October in Vietnam
    assert "DC005" not in codes(run(d))
    d["received_at"] = "2026-10-19T16:59:00Z"  # 23:59 on 19 October in Vietnam
    assert ("DC005", "/code") in found(run(d))


def test_an_absent_dossier_code_on_a_form_is_not_dc006(d: dict[str, Any]) -> None:
    d["appointment_slip"]["dossier_code"] = None
    d["control_slip"]["dossier_code"] = ""
    del d["tracking_entry"]["dossier_code"]
    assert found(run(d)) == [
        ("DC202", "/appointment_slip/dossier_code"),
        ("DC302", "/control_slip/dossier_code"),
        ("DC402", "/tracking_entry/dossier_code"),
    ]


def test_dc006_covers_the_rejection_and_each_apology(d: dict[str, Any]) -> None:
    other = "000.00.20.H20-261020-0008"
    d["rejection"] = {
        "number": "1/PTC",
        "issued_at": "2026-10-20T10:00:00+07:00",
        "dossier_code": other,
        "reason": "x",
        "issued_by": "Nguyễn Thị Mai",
    }
    d["apologies"] = [
        {
            "number": "1/PXL",
            "issued_at": "2026-10-27T10:00:00+07:00",
            "dossier_code": other,
            "original_appointment_at": "2026-10-29T14:00:00+07:00",
            "reason": "Chờ xác minh",
            "new_appointment_at": "2026-11-03T14:00:00+07:00",
            "signed_by": "Trưởng Công an phường",
        },
    ]
    assert found(run(d)) == [("DC006", "/apologies/0/dossier_code"), ("DC006", "/rejection/dossier_code")]


def test_unknown_procedure_is_reported_even_when_the_receipt_time_is_broken(d: dict[str, Any]) -> None:
    d["procedure_code"] = "1.999999"
    d["received_at"] = "20/10/2026 09:10"
    assert codes(run(d)) == {"DC001", "DC002"}


# --- component matching -------------------------------------------------------------------------


def test_a_row_with_a_code_matches_by_code_whatever_its_name(d: dict[str, Any]) -> None:
    keep(d, TP1, dict(TP2, name="Sổ đỏ (bản photo)"))
    assert found(run(d)) == []


def test_an_unknown_code_is_excess_even_with_a_published_name(d: dict[str, Any]) -> None:
    keep(d, TP1, dict(TP2, code="TP99"))
    assert found(run(d)) == [("DC101", "/components"), ("DC102", "/components/1")]


def test_a_blank_code_falls_back_to_the_name(d: dict[str, Any]) -> None:
    keep(d, TP1, dict(TP2, code="  "))
    assert found(run(d)) == []


@pytest.mark.parametrize(
    "name",
    [
        unicodedata.normalize("NFD", "Giấy tờ chứng minh chỗ ở hợp pháp"),
        "GIẤY TỜ CHỨNG MINH CHỖ Ở HỢP PHÁP",
        "  Giấy tờ   chứng minh\tchỗ ở\nhợp pháp ",
    ],
    ids=["nfd", "upper-case", "white-space"],
)
def test_names_match_after_normalisation(d: dict[str, Any], name: str) -> None:
    row = {"name": name, "form": "copy", "quantity": 1}
    keep(d, TP1, row)
    assert found(run(d)) == []


def test_names_are_not_stripped_of_diacritics(d: dict[str, Any]) -> None:
    keep(d, TP1, {"name": "Giay to chung minh cho o hop phap", "form": "copy"})
    assert found(run(d)) == [("DC101", "/components"), ("DC102", "/components/1")]


def test_shown_documents_are_never_excess(d: dict[str, Any]) -> None:
    d["shown_documents"] = [
        {"code": "XT1", "name": "Giấy tờ tùy thân"},
        {"name": "Sổ hộ khẩu"},
        {"code": "XYZ", "name": "Giấy xác nhận tình trạng hôn nhân"},
    ]
    assert found(run(d)) == []


def test_an_optional_component_is_allowed_and_not_required(d: dict[str, Any]) -> None:
    tp15 = {
        "code": "TP15",
        "name": "Quyết định của Chủ tịch nước về việc cho nhập quốc tịch Việt Nam",
        "form": "certified_copy",
    }
    keep(d, TP1, TP2, tp15)
    assert found(run(d)) == []


# --- required: if_fact / unless_fact / groups --------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "missing"),
    [
        ({}, True),  # an absent fact is false: "unless" it → required
        ({"residence_in_database": None}, True),
        ({"residence_in_database": False}, True),
        ({"residence_in_database": True}, False),
    ],
)
def test_unless_fact(d: dict[str, Any], facts: dict[str, Any], missing: bool) -> None:
    d["facts"] = facts
    keep(d, TP1)
    assert found(run(d, select="DC1")) == ([("DC101", "/components")] if missing else [])


@pytest.mark.parametrize(("value", "missing"), [(None, False), (False, False), (True, True)])
def test_if_fact(d: dict[str, Any], value: bool | None, missing: bool) -> None:
    d["facts"]["by_representative"] = value
    report = run(d, select="DC1")
    if missing:
        (v,) = report.violations
        assert (v.code, v.path, v.params["component_code"]) == ("DC101", "/components", "TP3")
    else:
        assert found(report) == []


def birth(d: dict[str, Any], channel: str, *rows: dict[str, Any], **facts: bool) -> dict[str, Any]:
    """Turn the SPEC dossier into a birth registration (1.001193) for the component rules only."""
    d["procedure_code"] = "1.001193"
    d["channel"] = channel
    d["facts"] = {"identity_in_database": True, "residence_in_database": True, **facts}
    keep(d, *rows)
    return d


DECL = {"code": "TP1", "name": "Tờ khai đăng ký khai sinh", "form": "original", "quantity": 1}
EFORM = {"code": "TP2", "name": "Mẫu hộ tịch điện tử tương tác đăng ký khai sinh", "form": "electronic"}
WITNESS = {"code": "TP4", "name": "Văn bản của người làm chứng xác nhận về việc sinh", "form": "original"}


def test_a_required_group_missing_is_one_finding(d: dict[str, Any]) -> None:
    (v,) = run(birth(d, "direct", DECL), select="DC1").violations
    assert (v.code, v.path) == ("DC101", "/components")
    assert v.params["group"] == "birth_proof"
    assert v.params["component_code"] == ["TP3", "TP4", "TP5"]


def test_any_member_satisfies_a_group(d: dict[str, Any]) -> None:
    assert found(run(birth(d, "direct", DECL, WITNESS), select="DC1")) == []


def test_a_group_whose_members_are_not_required_is_not_required(d: dict[str, Any]) -> None:
    report = run(birth(d, "direct", DECL, birth_certificate_in_system=True), select="DC1")
    assert found(report) == []


def test_members_of_one_group_are_not_excess_together(d: dict[str, Any]) -> None:
    cert = {"code": "TP3", "name": "Giấy chứng sinh", "form": "copy"}
    assert found(run(birth(d, "direct", DECL, cert, WITNESS), select="DC1")) == []


# --- channel-limited components -----------------------------------------------------------------

POSTAL_ID = {"code": "TP9", "name": "Bản sao có chứng thực giấy tờ tùy thân", "form": "certified_copy"}


def test_a_postal_only_component_is_excess_in_person(d: dict[str, Any]) -> None:
    report = run(birth(d, "direct", DECL, WITNESS, POSTAL_ID), select="DC1")
    assert found(report) == [("DC102", "/components/2")]
    assert report.violations[0].params["channel"] == "direct"


def test_a_postal_only_component_is_required_by_post(d: dict[str, Any]) -> None:
    report = run(birth(d, "postal", DECL, WITNESS, identity_in_database=False), select="DC1")
    (v,) = report.violations
    assert (v.code, v.params["component_code"]) == ("DC101", "TP9")
    assert found(run(birth(spec_dossier(), "postal", DECL, WITNESS, POSTAL_ID), select="DC1")) == []


def test_online_takes_the_e_form_not_the_paper_declaration(d: dict[str, Any]) -> None:
    report = run(birth(d, "online", DECL, dict(WITNESS, form="electronic")), select="DC1")
    assert found(report) == [("DC101", "/components"), ("DC102", "/components/0")]
    assert report.violations[0].params["component_code"] == "TP2"
    ok = birth(spec_dossier(), "online", EFORM, dict(WITNESS, form="electronic"))
    assert found(run(ok, select="DC1")) == []


def test_a_show_document_limited_to_direct_is_plain_excess_by_post(d: dict[str, Any]) -> None:
    shown = {"code": "XT1", "name": "Giấy tờ tùy thân", "form": "photocopy"}
    assert found(run(birth(d, "direct", DECL, WITNESS, shown), select="DC1")) == [("DC103", "/components/2")]
    by_post = birth(spec_dossier(), "postal", DECL, WITNESS, shown)
    assert found(run(by_post, select="DC1")) == [("DC102", "/components/2")]


# --- DC103 / DC104 ------------------------------------------------------------------------------


def test_a_kept_show_document_is_dc103_and_its_form_is_not_judged(d: dict[str, Any]) -> None:
    keep(d, TP1, TP2, {"code": "XT1", "name": "Giấy tờ tùy thân", "form": "copy"})
    assert found(run(d)) == [("DC103", "/components/2")]


MARRIAGE_ID = {"code": "TP3", "name": "Bản sao có chứng thực giấy tờ tùy thân", "quantity": 2}


@pytest.mark.parametrize(
    ("proc", "channel", "row", "direction"),
    [
        ("1.004222", "direct", dict(TP2, form="original"), "stricter"),
        ("1.004222", "direct", dict(TP2, form="photocopy"), "weaker"),
        ("1.000894", "postal", dict(MARRIAGE_ID, form="original"), "stricter"),
        ("1.000894", "postal", dict(MARRIAGE_ID, form="copy"), "weaker"),
        ("1.000894", "postal", dict(MARRIAGE_ID, form="photocopy"), "weaker"),
        ("1.000894", "postal", dict(MARRIAGE_ID, form="electronic"), "other"),
        ("1.001193", "direct", dict(DECL, form="electronic"), "other"),
    ],
)
def test_dc104_direction(
    d: dict[str, Any], proc: str, channel: str, row: dict[str, Any], direction: str
) -> None:
    d["procedure_code"], d["channel"] = proc, channel
    keep(d, row)
    found_104 = [v for v in run(d, select="DC104").violations]
    assert [(v.path, v.params["direction"]) for v in found_104] == [("/components/0/form", direction)]
    assert found_104[0].params["form"] == row["form"]


def test_an_accepted_electronic_form_is_fine(d: dict[str, Any]) -> None:
    keep(d, dict(TP1, form="electronic"), dict(TP2, form="electronic"))
    assert found(run(d, select="DC1")) == []


def test_a_row_without_form_is_not_judged(d: dict[str, Any]) -> None:
    row = dict(TP2)
    del row["form"]
    keep(d, TP1, row)
    assert found(run(d)) == []


# --- DC105 / DC106 ------------------------------------------------------------------------------


def test_dc105_sums_duplicate_rows(d: dict[str, Any]) -> None:
    no_quantity = {"code": "TP1", "name": TP1["name"], "form": "original"}  # counts as 1
    keep(d, TP1, TP2, no_quantity, dict(TP1))
    (v,) = run(d).violations
    assert (v.code, v.path) == ("DC105", "/components/2")  # where the running total first exceeds 1
    assert (v.params["quantity"], v.params["allowed"], v.params["rows"]) == (3, 1, [0, 2, 3])


def test_dc105_at_the_limit_and_one_over(d: dict[str, Any]) -> None:
    d["procedure_code"] = "1.000894"  # the marriage declaration: quantity 2
    row = {"code": "TP1", "name": "Tờ khai đăng ký kết hôn", "form": "original", "quantity": 1}
    keep(d, row, row)
    assert found(run(d, select="DC105")) == []
    keep(d, row, dict(row, quantity=2))
    assert found(run(d, select="DC105")) == [("DC105", "/components/1")]


def test_sets(d: dict[str, Any]) -> None:
    del d["sets"]
    del d["appointment_slip"]["sets"]
    assert found(run(d)) == [("DC202", "/appointment_slip/sets")]  # a missing dossier `sets` counts as 1
    d["sets"] = d["appointment_slip"]["sets"] = 2
    assert found(run(d)) == [("DC106", "/sets")]


# --- which dossiers the component and process rules judge ---------------------------------------


@pytest.mark.parametrize("outcome", ["supplement_requested", "rejected"])
def test_component_rules_judge_accepted_dossiers_only(d: dict[str, Any], outcome: str) -> None:
    d["outcome"] = outcome
    d["sets"] = 2
    keep(d, dict(TP1, quantity=3), {"code": "XT1", "name": "Giấy tờ tùy thân"}, {"name": "Sổ hộ khẩu"})
    assert not {c for c in codes(run(d)) if c.startswith("DC1")}


@pytest.mark.parametrize("outcome", ["supplement_requested", "rejected"])
def test_missing_forms_are_only_required_of_accepted_dossiers(d: dict[str, Any], outcome: str) -> None:
    d["outcome"] = outcome
    for key in (*CARRIERS, "resolved_at", "returned_at"):
        d[key] = None
    d["rejection"] = {
        "number": "1/PTC",
        "issued_at": "2026-10-20T09:30:00+07:00",
        "dossier_code": d["code"],
        "reason": "Không thuộc thẩm quyền",
        "issued_by": "Nguyễn Thị Mai",
    }
    assert found(run(d)) == []


CUSTOM = {
    "9.000001": {
        "name": "Thủ tục thử nghiệm tính theo giờ làm việc",
        "immediate_result": False,
        "time_limit": {"amount": 8, "unit": "working_hours"},
        "forms": ["photocopy", "original"],
    },
    "9.000002": {
        "name": "Thủ tục thử nghiệm trả kết quả ngay",
        "immediate_result": True,
        "time_limit": {"unit": "same_day"},
        "forms": ["original"],
    },
}


@pytest.fixture(scope="module")
def custom_catalog(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("catalog")
    for code, p in CUSTOM.items():
        doc = {
            "code": code,
            "name": p["name"],
            "valid_from": "2025-07-01",
            "valid_to": None,
            "level": "commune",
            "sets": 1,
            "time_limit": p["time_limit"],
            "immediate_result": p["immediate_result"],
            "components": [
                {
                    "code": "TP1",
                    "name": "Đơn đề nghị",
                    "kind": "submit",
                    "forms": p["forms"],
                    "quantity": 1,
                    "required": True,
                }
            ],
        }
        (folder / f"{code}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return load_catalog(folder)


REQUEST_FORM = {"code": "TP1", "name": "Đơn đề nghị", "form": "original", "quantity": 1}


def test_immediate_result_needs_no_slip_nor_control_slip_but_a_book_entry(
    d: dict[str, Any], custom_catalog: Any
) -> None:
    d["procedure_code"] = "9.000002"
    keep(d, REQUEST_FORM)
    d["appointment_slip"] = d["control_slip"] = d["tracking_entry"] = None
    checker = Checker(custom_catalog, as_of=AS_OF)
    assert found(checker.check_object(d)) == [("DC401", "/tracking_entry")]


def test_a_form_between_the_accepted_ranks_is_other(d: dict[str, Any], custom_catalog: Any) -> None:
    d["procedure_code"] = "9.000001"
    keep(d, dict(REQUEST_FORM, form="copy"))  # accepted: photocopy or original
    (v,) = Checker(custom_catalog, as_of=AS_OF, select="DC104").check_object(d).violations
    assert v.params["direction"] == "other"


def wh_dossier() -> dict[str, Any]:
    """A working-hours dossier (8 office hours) received Mon 2026-10-19 09:00: due Tue 2026-10-20 09:30."""
    d = spec_dossier()
    d["procedure_code"] = "9.000001"
    set_code(d, "000.00.20.H20-261019-0007")
    for key in ("received_at", "appointment_slip", "control_slip", "tracking_entry"):
        if key == "received_at":
            d[key] = "2026-10-19T09:00:00+07:00"
        else:
            d[key]["received_at"] = "2026-10-19T09:00:00+07:00"
    keep(d, REQUEST_FORM)
    d["control_slip"]["handovers"][0]["handed_at"] = "2026-10-19T10:00:00+07:00"
    d["control_slip"]["handovers"][1]["handed_at"] = d["resolved_at"] = "2026-10-20T08:30:00+07:00"
    d["returned_at"] = d["tracking_entry"]["returned_at"] = "2026-10-20T09:00:00+07:00"
    return d


@pytest.mark.parametrize(
    ("appointment", "late"),
    [
        ("2026-10-20T09:30:00+07:00", False),  # exactly the deadline instant: in time
        ("2026-10-20T02:30:00Z", False),  # the same instant in UTC
        ("2026-10-20T09:31:00+07:00", True),
        ("2026-10-20", False),  # a date-only appointment compares by date
        ("2026-10-21", True),
    ],
)
def test_working_hours_deadline_is_an_instant(custom_catalog: Any, appointment: str, late: bool) -> None:
    assert compute_deadline("working_hours", 8, datetime(2026, 10, 19, 9, 0)).due == datetime(
        2026, 10, 20, 9, 30
    )
    d = wh_dossier()
    set_appointment(d, appointment)
    report = Checker(custom_catalog, as_of=AS_OF).check_object(d)
    assert found(report) == ([("DC203", "/appointment_slip/appointment_at")] if late else [])
    if late:
        assert report.violations[0].params["unit"] == "working_hours"


@pytest.mark.parametrize(
    ("channel", "received", "in_time", "late"),
    [
        ("direct", "2026-10-19T15:00:00+07:00", "2026-10-19", "2026-10-20"),  # at the cut-off: that day
        ("direct", "2026-10-19T15:00:30+07:00", "2026-10-19", "2026-10-20"),  # 15:00 to the minute: that day
        ("direct", "2026-10-19T15:01:00+07:00", "2026-10-20", "2026-10-21"),  # after it: the next working day
        ("direct", "2026-10-19T12:00:00+07:00", "2026-10-19", "2026-10-20"),  # lunch: counts from 13:30
        ("direct", "2026-10-17T09:00:00+07:00", "2026-10-19", "2026-10-20"),  # a Saturday: from Monday 07:30
        ("direct", "2026-10-23T16:00:00+07:00", "2026-10-26", "2026-10-27"),  # Friday after hours: Monday
        ("online", "2026-10-23T16:00:00+07:00", "2026-10-26", "2026-10-27"),  # online: 1 working day
    ],
)
def test_same_day_deadline(d: dict[str, Any], channel: str, received: str, in_time: str, late: str) -> None:
    d["procedure_code"], d["channel"], d["received_at"] = "1.001193", channel, received
    set_appointment(d, f"{in_time}T16:30:00+07:00")
    assert found(run(d, select="DC203")) == []
    set_appointment(d, f"{late}T08:00:00+07:00")
    (v,) = run(d, select="DC203").violations
    assert (v.path, v.params["deadline"]) == ("/appointment_slip/appointment_at", in_time)


# --- unknown or not-in-force procedures ---------------------------------------------------------

NEED_PROCEDURE = {"DC101", "DC102", "DC103", "DC104", "DC105", "DC106", "DC201", "DC203", "DC301"}


def faults_needing_the_procedure(d: dict[str, Any]) -> None:
    d["sets"] = 2
    keep(d, {"name": "Sổ hộ khẩu", "form": "original"})
    d["appointment_slip"]["sets"] = 2
    d["appointment_slip"] = None
    d["control_slip"] = None
    d["tracking_entry"]["appointment_at"] = "2026-12-31"  # beyond any deadline


def test_an_unknown_procedure_skips_the_rules_that_need_it(d: dict[str, Any]) -> None:
    faults_needing_the_procedure(d)
    d["procedure_code"] = "1.999999"
    assert found(run(d)) == [("DC002", "/procedure_code")]


def test_a_procedure_not_in_force_skips_the_rules_that_need_it(d: dict[str, Any]) -> None:
    faults_needing_the_procedure(d)
    d["received_at"] = d["tracking_entry"]["received_at"] = "2025-06-30T09:10:00+07:00"
    set_code(d, "000.00.20.H20-250630-0007")
    got = codes(run(d))
    assert "DC003" in got
    assert not got & NEED_PROCEDURE


def test_the_same_faults_are_found_when_the_procedure_is_known(d: dict[str, Any]) -> None:
    faults_needing_the_procedure(d)
    assert codes(run(d)) == {"DC101", "DC102", "DC106", "DC201", "DC203", "DC301"}


# --- overdue rules ------------------------------------------------------------------------------


def late_result(d: dict[str, Any]) -> None:
    d["control_slip"]["handovers"][1]["handed_at"] = d["resolved_at"] = "2026-10-30T09:00:00+07:00"
    d["control_slip"]["handovers"][1]["status"] = "late"
    d["returned_at"] = d["tracking_entry"]["returned_at"] = "2026-10-30T10:00:00+07:00"


APOLOGY = {
    "number": "12/PXL",
    "issued_at": "2026-10-28T15:00:00+07:00",
    "dossier_code": "000.00.20.H20-261020-0007",
    "original_appointment_at": "2026-10-29T14:00:00+07:00",
    "reason": "Chủ sở hữu chỗ ở chưa có mặt để xác nhận",
    "new_appointment_at": "2026-10-29T16:00:00+07:00",
    "signed_by": "Trưởng Công an phường An Lộc",
}
STOP = {
    "number": "2/TB",
    "issued_at": "2026-10-27T10:00:00+07:00",
    "requested_at": "2026-10-27T09:30:00+07:00",
}


def test_stop_notice_prevents_dc505(d: dict[str, Any]) -> None:
    late_result(d)
    assert found(run(d)) == [("DC505", "/resolved_at")]
    d["stop_notice"] = dict(STOP)
    assert found(run(d)) == []


def test_stop_notice_prevents_dc509(d: dict[str, Any]) -> None:
    late_result(d)
    d["apologies"] = [dict(APOLOGY)]
    assert found(run(d)) == [("DC509", "/resolved_at")]
    d["stop_notice"] = dict(STOP)
    assert found(run(d)) == []


def test_stop_notice_prevents_dc505_for_an_open_dossier(d: dict[str, Any]) -> None:
    d["control_slip"]["handovers"].pop()
    d["resolved_at"] = d["returned_at"] = None
    d["tracking_entry"]["returned_at"] = d["tracking_entry"]["return_method"] = None
    report = run(d)
    assert found(report) == [("DC505", "/appointment_slip/appointment_at")]
    assert report.violations[0].params["open"] is True
    assert found(run(d, as_of="2026-10-29T14:00:00+07:00")) == []  # at the appointment: not yet late
    d["stop_notice"] = dict(STOP)
    assert found(run(d)) == []


def test_overdue_rules_judge_accepted_dossiers_only(d: dict[str, Any]) -> None:
    late_result(d)
    d["outcome"] = "supplement_requested"
    assert "DC505" not in codes(run(d))


def test_resolved_at_decides_before_returned_at(d: dict[str, Any]) -> None:
    d["returned_at"] = d["tracking_entry"]["returned_at"] = "2026-10-30T08:00:00+07:00"  # collected late
    assert found(run(d)) == []  # the result came on 28/10
    d["resolved_at"] = None
    assert found(run(d)) == [("DC505", "/returned_at")]


def test_the_latest_new_date_decides_dc509(d: dict[str, Any]) -> None:
    late_result(d)
    second = dict(
        APOLOGY,
        number="13/PXL",
        original_appointment_at="2026-10-29T16:00:00+07:00",
        new_appointment_at="2026-10-30T09:00:00+07:00",
        issued_at="2026-10-28T16:00:00+07:00",
    )
    d["apologies"] = [second, dict(APOLOGY)]  # order does not matter
    assert found(run(d)) == [("DC507", "/apologies")]


# --- date-only against date-time ----------------------------------------------------------------


@pytest.mark.parametrize(("resolved", "late"), [("2026-10-29T16:30:00+07:00", False), ("2026-10-30", True)])
def test_date_only_appointment_compares_by_date(d: dict[str, Any], resolved: str, late: bool) -> None:
    set_appointment(d, "2026-10-29")
    d["control_slip"]["handovers"][1]["handed_at"] = d["resolved_at"] = resolved
    d["control_slip"]["handovers"][1]["status"] = "late" if late else "on_time"
    d["returned_at"] = d["tracking_entry"]["returned_at"] = "2026-10-30T10:00:00+07:00"
    assert found(run(d)) == ([("DC505", "/resolved_at")] if late else [])


@pytest.mark.parametrize(("issued", "early"), [("2026-10-20", False), ("2026-10-19", True)])
def test_date_only_issue_date_of_the_slip(d: dict[str, Any], issued: str, early: bool) -> None:
    d["appointment_slip"]["issued_at"] = issued
    assert found(run(d)) == ([("DC205", "/appointment_slip/issued_at")] if early else [])


def test_date_only_columns_equal_at_the_precision_both_carry(d: dict[str, Any]) -> None:
    d["control_slip"]["received_at"] = d["tracking_entry"]["received_at"] = "2026-10-20"
    d["control_slip"]["appointment_at"] = d["tracking_entry"]["appointment_at"] = "2026-10-29"
    d["tracking_entry"]["returned_at"] = "2026-10-29"
    d["control_slip"]["handovers"][0]["handed_at"] = "2026-10-20"  # the receipt day: not before it
    assert found(run(d)) == []
    d["tracking_entry"]["returned_at"] = "2026-10-30"
    assert found(run(d)) == [("DC403", "/tracking_entry/returned_at")]


@pytest.mark.parametrize(("appointment", "late"), [("2026-10-29", False), ("2026-10-30", True)])
def test_date_only_appointment_against_a_day_deadline(
    d: dict[str, Any], appointment: str, late: bool
) -> None:
    set_appointment(d, appointment)
    assert found(run(d)) == ([("DC203", "/appointment_slip/appointment_at")] if late else [])


def test_date_only_new_appointment(d: dict[str, Any]) -> None:
    late_result(d)  # resolved 2026-10-30 09:00
    d["apologies"] = [dict(APOLOGY, new_appointment_at="2026-10-30")]
    assert found(run(d)) == []
    d["apologies"][0]["new_appointment_at"] = "2026-10-29"  # not after the original 29/10 14:00
    assert found(run(d)) == [("DC508", "/apologies/0"), ("DC509", "/resolved_at")]


# --- minute against second: the coarser precision wins ------------------------------------------


def received_at(d: dict[str, Any], when: str) -> None:
    for part in (d, d["appointment_slip"], d["control_slip"], d["tracking_entry"]):
        part["received_at"] = when


def test_a_receipt_to_the_second_matches_forms_written_to_the_minute(d: dict[str, Any]) -> None:
    received_at(d, "2026-10-20T09:10:30+07:00")
    d["appointment_slip"]["received_at"] = "2026-10-20T09:10"  # DC204
    d["control_slip"]["received_at"] = "2026-10-20T09:10+07:00"  # DC306
    d["tracking_entry"]["received_at"] = "2026-10-20 09:10"  # DC403
    d["appointment_slip"]["issued_at"] = "2026-10-20T09:10"  # DC205: not before 09:10:30 to the minute
    d["control_slip"]["handovers"][0]["handed_at"] = "2026-10-20T09:10"  # DC303: not before the receipt
    assert found(run(d)) == []
    d["appointment_slip"]["received_at"] = "2026-10-20T09:11"
    d["appointment_slip"]["issued_at"] = "2026-10-20T09:10:29"  # both to the second: before 09:10:30
    assert found(run(d)) == [
        ("DC204", "/appointment_slip/received_at"),
        ("DC205", "/appointment_slip/issued_at"),
    ]
    assert run(d).violations[1].params["value"] == "2026-10-20T09:10:29"


@pytest.mark.parametrize(
    ("resolved", "late"), [("2026-10-29T14:00:45+07:00", False), ("2026-10-29T14:01", True)]
)
def test_a_result_within_the_appointment_minute_is_on_time(
    d: dict[str, Any], resolved: str, late: bool
) -> None:
    set_appointment(d, "2026-10-29T14:00")
    d["control_slip"]["handovers"][1]["handed_at"] = d["resolved_at"] = resolved
    d["control_slip"]["handovers"][1]["status"] = "late" if late else "on_time"
    d["returned_at"] = d["tracking_entry"]["returned_at"] = "2026-10-29T15:00:00+07:00"
    assert found(run(d)) == ([("DC505", "/resolved_at")] if late else [])


@pytest.mark.parametrize(
    ("resolved", "late"), [("2026-11-03T14:00:40+07:00", False), ("2026-11-03T14:01", True)]
)
def test_a_result_within_the_rescheduled_minute_is_on_time(
    d: dict[str, Any], resolved: str, late: bool
) -> None:
    late_result(d)
    d["apologies"] = [dict(APOLOGY, new_appointment_at="2026-11-03T14:00")]
    d["control_slip"]["handovers"][1]["handed_at"] = d["resolved_at"] = resolved
    d["returned_at"] = d["tracking_entry"]["returned_at"] = "2026-11-03T15:00:00+07:00"
    assert found(run(d)) == ([("DC509", "/resolved_at")] if late else [])


def test_a_new_date_in_the_same_minute_is_not_later(d: dict[str, Any]) -> None:
    d["apologies"] = [
        dict(APOLOGY, original_appointment_at="2026-10-29T14:00", new_appointment_at="2026-10-29T14:00:30")
    ]
    report = run(d)
    assert found(report) == [("DC508", "/apologies/0")]
    assert report.violations[0].params["problems"] == ["not_later"]


@pytest.mark.parametrize(
    ("appointment", "late"),
    [
        ("2026-10-20T09:30", False),  # the deadline 09:30:30 to the minute
        ("2026-10-20T09:30:30+07:00", False),  # exactly the instant
        ("2026-10-20T09:30:31+07:00", True),  # both to the second
        ("2026-10-20T09:31", True),
    ],
)
def test_a_working_hours_deadline_counted_from_a_receipt_to_the_second(
    custom_catalog: Any, appointment: str, late: bool
) -> None:
    d = wh_dossier()
    received_at(d, "2026-10-19T09:00:30+07:00")
    set_appointment(d, appointment)
    report = Checker(custom_catalog, as_of=AS_OF).check_object(d)
    assert found(report) == ([("DC203", "/appointment_slip/appointment_at")] if late else [])


def test_an_appointment_before_the_receipt_brings_dc305_and_dc505(d: dict[str, Any]) -> None:
    set_appointment(d, "2025-10-29T14:00:00+07:00")  # the year mistyped on every form
    assert codes(run(d)) == {"DC205", "DC305", "DC505"}  # examples/dossiers/DC205-DC305-DC505-fail-…
    # only a contrived record shows DC205 alone: an apology whose new date covers the result…
    apologised = copy.deepcopy(d)
    apologised["apologies"] = [
        dict(APOLOGY, issued_at="2026-10-27T10:00:00+07:00", new_appointment_at="2026-11-03")
    ]
    assert found(run(apologised)) == [("DC205", "/appointment_slip/appointment_at")]
    # …or rows marked late in a stopped dossier
    for row in d["control_slip"]["handovers"]:
        row["status"] = "late"
    d["stop_notice"] = dict(STOP)
    assert found(run(d)) == [("DC205", "/appointment_slip/appointment_at")]


# --- the control slip ---------------------------------------------------------------------------


def test_unit_names_in_the_chain_are_normalised(d: dict[str, Any]) -> None:
    rows = d["control_slip"]["handovers"]
    rows[0]["from_unit"] = unicodedata.normalize("NFD", "BỘ PHẬN MỘT CỬA UBND PHƯỜNG  AN LỘC ")
    rows[0]["to_unit"] = "công an phường an lộc"
    rows[1]["to_unit"] = "Bộ phận một cửa UBND\nphường An Lộc"
    assert found(run(d)) == []


def test_no_return_to_the_desk_is_judged_once_returned(d: dict[str, Any]) -> None:
    d["control_slip"]["handovers"].pop()
    assert found(run(d)) == [("DC304", "/control_slip/handovers/0/to_unit")]
    d["returned_at"] = d["tracking_entry"]["returned_at"] = d["tracking_entry"]["return_method"] = None
    assert found(run(d)) == []  # resolved_at alone: the result has not been returned yet


def test_a_row_marked_late_early_is_not_dc305(d: dict[str, Any]) -> None:
    d["control_slip"]["handovers"][0]["status"] = "late"  # late for its own step
    assert found(run(d)) == []


def test_dc305_uses_the_latest_appointment(d: dict[str, Any]) -> None:
    late_result(d)
    d["control_slip"]["handovers"][1]["status"] = "on_time"
    d["apologies"] = [dict(APOLOGY, new_appointment_at="2026-11-03T14:00:00+07:00")]
    assert found(run(d)) == []  # on time against the new date
    d["apologies"] = []
    assert found(run(d)) == [("DC305", "/control_slip/handovers/1/status"), ("DC505", "/resolved_at")]


def test_rows_without_a_time_are_dc302_not_dc303(d: dict[str, Any]) -> None:
    d["control_slip"]["handovers"].insert(
        1, dict(d["control_slip"]["handovers"][0], handed_at=None, from_unit=POLICE, to_unit=POLICE)
    )
    assert found(run(d)) == [("DC302", "/control_slip/handovers/1/handed_at")]


@pytest.mark.parametrize(
    ("received", "first_handover", "late"),
    [
        ("2026-10-19T15:00:00+07:00", "2026-10-19T17:00:00+07:00", False),  # at 15:00: by the close
        ("2026-10-19T15:00:00+07:00", "2026-10-19T17:01:00+07:00", True),
        ("2026-10-19T15:01:00+07:00", "2026-10-20T11:30:00+07:00", False),  # after 15:00: next morning
        ("2026-10-19T15:01:00+07:00", "2026-10-20T11:31:00+07:00", True),
        ("2026-10-19T15:00:59+07:00", "2026-10-19T17:00:45+07:00", False),  # both compare to the minute
        ("2026-10-17T09:00:00+07:00", "2026-10-19T17:00:00+07:00", False),  # a Saturday: from Monday 07:30
        ("2026-10-19T15:30:00+07:00", "2026-10-20", False),  # a date-only row compares by date
        ("2026-10-19T15:30:00+07:00", "2026-10-21", True),
    ],
)
def test_transfer_deadline(d: dict[str, Any], received: str, first_handover: str, late: bool) -> None:
    day = received[2:4] + received[5:7] + received[8:10]
    set_code(d, f"000.00.20.H20-{day}-0007")
    for key in ("received_at", "appointment_slip", "control_slip", "tracking_entry"):
        if key == "received_at":
            d[key] = received
        else:
            d[key]["received_at"] = received
    d["appointment_slip"]["issued_at"] = received
    d["control_slip"]["handovers"][0]["handed_at"] = first_handover
    assert found(run(d, select="DC3")) == ([("DC307", "/control_slip/handovers/0/handed_at")] if late else [])


def test_online_dossiers_have_no_transfer_deadline(d: dict[str, Any]) -> None:
    d["channel"] = "online"
    d["appointment_slip"]["delivered_via"] = "portal"
    d["control_slip"]["handovers"][0]["handed_at"] = "2026-10-22T08:00:00+07:00"
    assert found(run(d)) == []


# --- the tracking book --------------------------------------------------------------------------


def test_return_columns_are_due_once_returned(d: dict[str, Any]) -> None:
    d["tracking_entry"]["return_method"] = None
    assert found(run(d)) == [("DC402", "/tracking_entry/return_method")]
    d["returned_at"] = None
    d["tracking_entry"]["returned_at"] = None
    assert found(run(d)) == []


def test_a_book_return_date_for_a_dossier_not_returned(d: dict[str, Any]) -> None:
    d["returned_at"] = None
    assert found(run(d)) == [("DC403", "/tracking_entry/returned_at")]


# --- supplements and apologies ------------------------------------------------------------------


def request(stage: str, issued: str, **kw: Any) -> dict[str, Any]:
    return {
        "number": "5/PBS",
        "issued_at": issued,
        "stage": stage,
        "items": ["Giấy tờ chứng minh chỗ ở"],
        "reason": "Chưa đủ giấy tờ",
        "issued_by": "Nguyễn Thị Mai",
        **kw,
    }


def test_appraisal_requests_are_not_counted_as_repeated(d: dict[str, Any]) -> None:
    d["supplement_requests"] = [
        request("intake", "2026-10-16T09:00:00+07:00"),
        request("appraisal", "2026-10-22T09:00:00+07:00"),
        request("appraisal", "2026-10-23T09:00:00+07:00"),
    ]
    assert found(run(d)) == []
    d["supplement_requests"].append(request("intake", "2026-10-19T09:00:00+07:00"))
    d["supplement_requests"].append(request("intake", "2026-10-19T10:00:00+07:00"))
    (v,) = run(d).violations
    assert (v.code, v.path, v.params["count"], v.params["requests"]) == (
        "DC501",
        "/supplement_requests",
        3,
        [0, 3, 4],
    )


def test_blank_items_count_as_no_items(d: dict[str, Any]) -> None:
    d["supplement_requests"] = [request("intake", "2026-10-16T09:00:00+07:00", items=[" ", ""], reason="\t")]
    (v,) = run(d).violations
    assert (v.code, v.path, v.params["problems"]) == ("DC502", "/supplement_requests/0", ["items", "reason"])


@pytest.mark.parametrize(
    ("received", "limit_ok", "too_late"),
    [
        ("2026-10-20T09:10:00+07:00", "2026-10-23", "2026-10-26"),  # Tue → Fri; Mon 26/10 is late
        ("2026-10-17T09:10:00+07:00", "2026-10-22", "2026-10-23"),  # Sat → counts from Mon 19/10
        ("2026-11-20T16:30:00+07:00", "2026-11-26", "2026-11-27"),  # Fri after hours, 24/11 off
    ],
)
def test_appraisal_request_limit(d: dict[str, Any], received: str, limit_ok: str, too_late: str) -> None:
    d["received_at"] = received
    d["supplement_requests"] = [request("appraisal", f"{limit_ok}T16:00:00+07:00")]
    assert found(run(d, select="DC503")) == []
    d["supplement_requests"] = [request("appraisal", too_late)]
    (v,) = run(d, select="DC503").violations
    assert (v.path, v.params["limit"]) == ("/supplement_requests/0/issued_at", limit_ok)


def test_dc506_uses_the_apologys_own_original_appointment(d: dict[str, Any]) -> None:
    late_result(d)
    first = dict(APOLOGY, new_appointment_at="2026-11-03T14:00:00+07:00")
    second = dict(
        APOLOGY,
        number="13/PXL",
        issued_at="2026-11-02T09:00:00+07:00",
        original_appointment_at="2026-11-03T14:00:00+07:00",
        new_appointment_at="2026-11-05T14:00:00+07:00",
    )
    d["apologies"] = [first, second]
    assert found(run(d)) == [("DC507", "/apologies")]  # 02/11 is the working day before 03/11
    d["apologies"][1]["issued_at"] = "2026-11-03T08:00:00+07:00"
    assert found(run(d)) == [("DC506", "/apologies/1/issued_at"), ("DC507", "/apologies")]


def test_dc506_counts_back_over_days_off(d: dict[str, Any]) -> None:
    # appointment Mon 2026-11-02: the working day before is Fri 30/10
    set_appointment(d, "2026-11-02T14:00:00+07:00")
    d["apologies"] = [
        dict(
            APOLOGY,
            issued_at="2026-10-31T09:00:00+07:00",
            original_appointment_at=None,
            new_appointment_at="2026-11-04T14:00:00+07:00",
        )
    ]
    (v,) = run(d, select="DC506").violations
    assert (v.code, v.params["latest"]) == ("DC506", "2026-10-30")


def test_an_apology_without_a_new_date_does_not_excuse_a_late_result(d: dict[str, Any]) -> None:
    late_result(d)
    d["apologies"] = [dict(APOLOGY, new_appointment_at=None)]
    assert found(run(d)) == [("DC505", "/resolved_at"), ("DC508", "/apologies/0")]


# --- DC007 --------------------------------------------------------------------------------------


def in_2027(d: dict[str, Any], received: str, appointment: str) -> None:
    day = received[2:4] + received[5:7] + received[8:10]
    set_code(d, f"000.00.20.H20-{day}-0007")
    d["received_at"] = received
    for key in CARRIERS:
        d[key]["received_at"] = received
    d["appointment_slip"]["issued_at"] = received
    set_appointment(d, appointment)
    rows = d["control_slip"]["handovers"]
    rows[0]["handed_at"] = received
    rows[1]["handed_at"] = d["resolved_at"] = appointment
    d["returned_at"] = d["tracking_entry"]["returned_at"] = appointment


def test_dc007_is_raised_once_per_dossier(d: dict[str, Any]) -> None:
    in_2027(d, "2027-03-15T09:00:00+07:00", "2027-03-24T14:00:00+07:00")
    d["supplement_requests"] = [request("appraisal", "2027-03-17T09:00:00+07:00")]  # DC503 walks 2027 too
    d["apologies"] = [
        dict(
            APOLOGY,
            dossier_code=d["code"],
            issued_at="2027-03-23T09:00:00+07:00",
            original_appointment_at="2027-03-24T14:00:00+07:00",
            new_appointment_at="2027-03-26T14:00:00+07:00",
        )
    ]  # and DC506
    report = run(d)
    assert found(report) == [("DC007", "")]
    assert report.violations[0].severity == "info"
    assert report.violations[0].params["years"] == [2027]
    assert report.passed


def test_dc007_lists_every_provisional_year_once(d: dict[str, Any]) -> None:
    in_2027(d, "2027-12-27T09:00:00+07:00", "2028-01-05T14:00:00+07:00")
    (v,) = run(d).violations
    assert (v.code, v.params["years"]) == ("DC007", [2027, 2028])


def test_no_dc007_when_everything_stays_in_official_years(d: dict[str, Any]) -> None:
    in_2027(d, "2026-12-22T09:00:00+07:00", "2026-12-31T14:00:00+07:00")
    assert found(run(d)) == []


def test_no_dc007_for_a_refused_dossier_that_relied_on_no_deadline(d: dict[str, Any]) -> None:
    set_code(d, "000.00.20.H20-270315-0007")
    d["received_at"] = "2027-03-15T09:10:00+07:00"
    d["outcome"] = "rejected"
    for key in (*CARRIERS, "resolved_at", "returned_at"):
        d[key] = None
    d["components"] = []
    d["rejection"] = {
        "number": "1/PTC",
        "issued_at": "2027-03-15T09:30:00+07:00",
        "dossier_code": d["code"],
        "reason": "Không thuộc thẩm quyền giải quyết",
        "issued_by": "Nguyễn Thị Mai",
    }
    assert found(run(d)) == []
