"""The grown procedure format judged by the rules: cases, nested conditions, copies, channels, months.

One procedure, written here, shows each reading: a dossier naming a case is held to that case's list and
time limit; one naming none may keep what any case lists, must keep only what every case requires, and
gets the longest of the cases' limits; ``copies`` are judged per form; a limit of unknown unit gives no
deadline; a channel the procedure is not offered on is DC107.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dossier_check import Catalog, check, deadline
from dossier_check.catalog import build_version
from dossier_check.cli import main
from dossier_check.deadlines import Deadline, UnknownDeadline
from dossier_check.models import Procedure
from dossier_check.schema import procedure_dossier_schema

DATA = Path(__file__).parent / "data"
SPEC: dict[str, Any] = json.loads((DATA / "spec-dossier.json").read_text(encoding="utf-8"))
AS_OF = "2026-11-27T12:00:00+07:00"

PERMIT: dict[str, Any] = {
    "code": "9.000100",
    "name": "Cấp giấy phép thử nghiệm",
    "valid_from": "2025-07-01",
    "time_limit": {"amount": 15, "unit": "calendar_days"},
    "channels": ["direct", "online"],
    "components": [{"code": "TP1", "name": "Đơn đề nghị", "forms": ["original"], "portal_code": "GT-01"}],
    "cases": [
        {
            "id": "tr1",
            "name": "Trường hợp cấp mới",
            "components": [
                {"code": "TP2", "name": "Bản vẽ thiết kế", "copies": {"original": 2, "copy": 1}},
                {
                    "code": "TP3",
                    "name": "Giấy tờ về đất",
                    "forms": ["copy", "certified_copy"],
                    "required": {"any": [{"unless_fact": "land_in_database"}, {"if_fact": "disputed"}]},
                },
            ],
            "time_limit": {"amount": 20, "unit": "working_days"},
        },
        {
            "id": "tr2",
            "name": "Trường hợp cấp lại do bị mất",
            "components": [
                {"code": "TP2", "name": "Bản vẽ thiết kế", "copies": {"copy": 1}},
                {
                    "code": "TP4",
                    "name": "Văn bản xác nhận bị mất",
                    "forms": ["original"],
                    "required": {"all": [{"if_fact": "lost"}, {"unless_fact": "reported_online"}]},
                },
            ],
            "time_limit": {"amount": 1, "unit": "calendar_months"},
            "channel_time_limits": {"online": {"unit": "unknown", "amount": 10}},
        },
    ],
    "fees": [{"name": "Lệ phí cấp giấy phép", "amount_vnd": 75000}],
    "results": [{"code": "KQ.G17.000100", "name": "Giấy phép"}],
    "legal_basis": ["Luật Xây dựng 2014"],
}
VERSION = build_version(Procedure.model_validate(PERMIT), "<test>/9.000100.json")
CATALOG = Catalog([VERSION])
COMPONENT_RULES = ["DC101", "DC102", "DC103", "DC104", "DC105", "DC106", "DC107"]


def dossier(*rows: dict[str, Any], case: str | None = None, **over: Any) -> dict[str, Any]:
    d = copy.deepcopy(SPEC)
    d.update({"procedure_code": "9.000100", "facts": {}, "components": list(rows), **over})
    if case is not None:
        d["case"] = case
    return d


def found(d: dict[str, Any], select: list[str] = COMPONENT_RULES) -> list[tuple[str, str, dict[str, Any]]]:
    report = check(d, catalog=CATALOG, as_of=AS_OF, select=select)
    return [(v.code, v.path, dict(v.params)) for v in report.violations]


def codes(d: dict[str, Any], select: list[str] = COMPONENT_RULES) -> list[str]:
    return [code for code, _, _ in found(d, select)]


TP1 = {"code": "TP1", "form": "original"}
TP2 = {"code": "TP2", "form": "copy"}
TP3 = {"code": "TP3", "form": "copy"}


# --- cases -------------------------------------------------------------------------------------------


def test_a_dossier_naming_a_case_is_held_to_that_cases_list() -> None:
    assert codes(dossier(TP1, TP2, TP3, case="tr1")) == []
    assert found(dossier(TP1, TP3, case="tr1")) == [
        ("DC101", "/components", {"component": "Bản vẽ thiết kế", "component_code": "TP2"})
    ]
    # TP3 belongs to the first case only: kept in a dossier of the second, it is excess.
    assert [(c, p) for c, p, _ in found(dossier(TP1, TP2, TP3, case="tr2"))] == [("DC102", "/components/2")]


def test_a_case_is_named_by_id_or_by_its_normalised_name() -> None:
    assert codes(dossier(TP1, TP2, TP3, case=" tr1 ")) == []
    assert codes(dossier(TP1, TP2, TP3, case="  TRƯỜNG HỢP cấp   MỚI")) == []
    assert codes(dossier(TP1, TP2, TP3, case="Trường hợp cấp lại do bị mất")) == ["DC102"]


def test_a_dossier_naming_no_case_keeps_what_any_case_lists_and_what_every_case_requires() -> None:
    for none in ({}, {"case": None}, {"case": "  "}):
        d = dossier(TP1, TP2, TP3, **none)
        assert codes(d) == []  # TP3 is listed by one case: not excess
    assert codes(dossier(TP1, TP2)) == []  # TP3 is required by one case only
    assert found(dossier(TP1, TP3)) == [  # TP2 is required by both cases
        ("DC101", "/components", {"component": "Bản vẽ thiết kế", "component_code": "TP2"})
    ]
    assert [(c, p) for c, p, _ in found(dossier(TP1, TP2, {"code": "TP9", "name": "Sổ hộ khẩu"}))] == [
        ("DC102", "/components/2")
    ]


def test_an_unknown_case_is_a_broken_record_and_the_rules_that_need_it_are_skipped() -> None:
    d = dossier(TP3, case="tr9")  # TP1 and TP2 missing: not judged against a case nobody knows
    report = check(d, catalog=CATALOG, as_of=AS_OF, select=[*COMPONENT_RULES, "DC001", "DC203"], lang="en")
    assert [(v.code, v.path) for v in report.violations] == [("DC001", "/case")]
    (v,) = report.violations
    assert (v.params["problem"], v.params["expected"], v.params["value"]) == (
        "unknown_case",
        "tr1 (Trường hợp cấp mới); tr2 (Trường hợp cấp lại do bị mất)",
        '"tr9"',
    )
    assert "no such case" in v.message and "tr1 (Trường hợp cấp mới)" in v.message
    vi = check(d, catalog=CATALOG, as_of=AS_OF, select=["DC001"]).violations[0].message
    assert "không có trường hợp này" in vi
    # A procedure without cases has no case to name.
    spec = copy.deepcopy(SPEC)
    spec["case"] = "tr1"
    report = check(spec, as_of=AS_OF)
    assert [(v.code, v.path, v.params["expected"]) for v in report.violations] == [("DC001", "/case", "—")]
    spec["case"] = 5
    assert [(v.code, v.params["problem"]) for v in check(spec, as_of=AS_OF).violations] == [("DC001", "type")]


def test_nested_conditions() -> None:
    # TP3 (first case): required unless the land data is in the database, or anyway when disputed.
    assert codes(dossier(TP1, TP2, case="tr1")) == ["DC101"]
    assert codes(dossier(TP1, TP2, case="tr1", facts={"land_in_database": True})) == []
    assert codes(dossier(TP1, TP2, case="tr1", facts={"land_in_database": True, "disputed": True})) == [
        "DC101"
    ]
    # TP4 (second case): required when lost and not reported online.
    assert codes(dossier(TP1, TP2, case="tr2", facts={"lost": True})) == ["DC101"]
    assert codes(dossier(TP1, TP2, case="tr2", facts={"lost": True, "reported_online": True})) == []
    assert codes(dossier(TP1, TP2, case="tr2")) == []


# --- copies -------------------------------------------------------------------------------------------


def test_copies_give_the_accepted_forms() -> None:
    photo = {"code": "TP2", "form": "photocopy"}
    assert found(dossier(TP1, photo, TP3, case="tr1"))[0][2]["accepted"] == ["original", "copy"]
    original = {"code": "TP2", "form": "original"}
    assert codes(dossier(TP1, original, TP3, case="tr1")) == []
    assert found(dossier(TP1, original, case="tr2")) == [
        (
            "DC104",
            "/components/1/form",
            {
                "component": "Bản vẽ thiết kế",
                "component_code": "TP2",
                "form": "original",
                "accepted": ["copy"],
                "direction": "stricter",
            },
        )
    ]
    assert codes(dossier(TP1, original, TP3)) == []  # no case named: any case's forms


def test_copies_are_counted_per_form() -> None:
    two_originals_one_copy = [
        {"code": "TP2", "form": "original", "quantity": 2},
        {"code": "TP2", "form": "copy", "quantity": 1},
    ]
    assert codes(dossier(TP1, *two_originals_one_copy, TP3, case="tr1")) == []
    three = [
        {"code": "TP2", "form": "original", "quantity": 2},
        {"code": "TP2", "form": "copy"},
        {"code": "TP2", "form": "original"},
    ]
    assert found(dossier(TP1, *three, TP3, case="tr1")) == [
        (
            "DC105",
            "/components/3",
            {
                "component": "Bản vẽ thiết kế",
                "component_code": "TP2",
                "quantity": 3,
                "allowed": 2,
                "rows": [1, 3],
                "form": "original",
            },
        )
    ]
    # Rows that do not say their form count toward the total the per-form counts allow (3), once.
    unsaid = [{"code": "TP2", "quantity": 2}, {"code": "TP2", "form": "copy", "quantity": 2}]
    (only,) = found(dossier(TP1, *unsaid, TP3, case="tr1"))
    assert only[0] == "DC105" and only[2]["form"] == "copy" and only[2]["allowed"] == 1
    assert [
        p["allowed"] for _, _, p in found(dossier(TP1, {"code": "TP2", "quantity": 4}, TP3, case="tr1"))
    ] == [3]


def test_an_explicit_quantity_caps_the_total_as_well(tmp_path: Path) -> None:
    one_of_either = dict(PERMIT, cases=None)
    one_of_either["components"] = [
        {"code": "TP1", "name": "Đơn đề nghị", "copies": {"original": 1, "copy": 1}, "quantity": 1}
    ]
    catalog = Catalog([build_version(Procedure.model_validate(one_of_either), "<test>")])
    both = dossier({"code": "TP1", "form": "original"}, {"code": "TP1", "form": "copy"})
    report = check(both, catalog=catalog, as_of=AS_OF, select=COMPONENT_RULES)
    assert [(v.code, v.params["allowed"], "form" in v.params) for v in report.violations] == [
        ("DC105", 1, False)
    ]


# --- channels -------------------------------------------------------------------------------------------


def test_dc107_channel_not_offered() -> None:
    assert found(dossier(TP1, TP2, case="tr2", channel="postal")) == [
        ("DC107", "/channel", {"channel": "postal", "offered": ["direct", "online"]})
    ]
    assert codes(dossier(TP1, TP2, case="tr2", channel="online")) == []
    assert codes(dossier(case="tr2", channel="postal", outcome="rejected")) == []  # accepted dossiers only
    report = check(
        dossier(TP1, TP2, case="tr2", channel="postal"), catalog=CATALOG, as_of=AS_OF, select=["DC107"]
    )
    assert report.passed and report.violations[0].severity == "warning"
    assert "qua dịch vụ bưu chính" in report.violations[0].message
    assert "trực tiếp, trực tuyến" in report.violations[0].message


# --- time limits -----------------------------------------------------------------------------------------


def _appointment(d: dict[str, Any], when: str) -> dict[str, Any]:
    for part in ("appointment_slip", "control_slip", "tracking_entry"):
        d[part]["appointment_at"] = when
    return d


def test_a_case_time_limit_and_the_longest_when_no_case_is_named() -> None:
    # Received Tue 2026-10-20 09:10. First case: 20 working days → Tue 2026-11-17.
    # Second case: 1 month → Fri 2026-11-20. No case: the later of the two.
    assert deadline("9.000100", "2026-10-20T09:10", case="tr1", catalog=CATALOG).due_date == date(
        2026, 11, 17
    )
    second = deadline("9.000100", "2026-10-20T09:10", case="tr2", catalog=CATALOG)
    assert isinstance(second, Deadline) and second.due_date == date(2026, 11, 20)
    longest = deadline("9.000100", "2026-10-20T09:10", catalog=CATALOG)
    assert isinstance(longest, Deadline)
    assert (longest.due_date, longest.case) == (date(2026, 11, 20), "tr2")
    assert [(c.case, c.due_date) for c in longest.cases] == [
        ("tr1", date(2026, 11, 17)),
        ("tr2", date(2026, 11, 20)),
    ]
    select = ["DC203"]
    assert codes(_appointment(dossier(TP1, TP2, TP3, case="tr1"), "2026-11-17T16:00:00+07:00"), select) == []
    late = found(_appointment(dossier(TP1, TP2, TP3, case="tr1"), "2026-11-18T08:00:00+07:00"), select)
    assert [(c, p["deadline"], p["case"], p["time_limit"]) for c, _, p in late] == [
        ("DC203", "2026-11-17", "tr1", "20 working_days")
    ]
    assert codes(_appointment(dossier(TP1, TP2), "2026-11-20T16:00:00+07:00"), select) == []
    late = found(_appointment(dossier(TP1, TP2), "2026-11-23T08:00:00+07:00"), select)
    assert [(p["deadline"], p["case"], p["unit"]) for _, _, p in late] == [
        ("2026-11-20", "tr2", "calendar_months")
    ]


def test_a_month_limit_running_into_a_year_without_a_schedule_is_provisional() -> None:
    # Received Tue 2026-12-15 in the second case (1 month): due Fri 2027-01-15, on the statutory calendar.
    d = dossier(
        TP1, TP2, case="tr2", received_at="2026-12-15T09:10:00+07:00", code="000.00.20.H20-261215-0007"
    )
    _appointment(d, "2027-01-15T09:00:00+07:00")
    report = check(d, catalog=CATALOG, as_of=AS_OF, select=["DC007", "DC203"])
    assert [(v.code, dict(v.params)) for v in report.violations] == [("DC007", {"years": [2027]})]
    _appointment(d, "2027-01-18T09:00:00+07:00")
    assert check(d, catalog=CATALOG, as_of=AS_OF, select=["DC007", "DC203"]).codes == ["DC007", "DC203"]


def test_a_limit_of_unknown_unit_gives_no_deadline() -> None:
    online = deadline("9.000100", "2026-10-20T09:10", channel="online", case="tr2", catalog=CATALOG)
    assert isinstance(online, UnknownDeadline) and online.amount == 10
    assert "Không tính được hạn giải quyết" in online.explain("vi")
    assert "No deadline can be computed" in online.explain("en")
    assert online.to_dict()["due_date"] is None and online.to_dict()["case"] == "tr2"
    # No case named, online: one case's limit is unknown, so the longest is unknown too.
    either = deadline("9.000100", "2026-10-20T09:10", channel="online", catalog=CATALOG)
    assert isinstance(either, UnknownDeadline)
    assert [(c.case, c.due_date) for c in either.cases] == [("tr1", date(2026, 11, 17)), ("tr2", None)]
    far_too_late = "2027-06-01T08:00:00+07:00"
    online_dossier = dossier(TP1, TP2, case="tr2", channel="online")
    online_dossier["appointment_slip"]["delivered_via"] = "portal"
    report = check(_appointment(online_dossier, far_too_late), catalog=CATALOG, as_of=AS_OF, select=["DC203"])
    assert report.violations == () and dict(report.not_evaluable) == {"DC203": "time_limit_without_unit"}
    report = check(_appointment(dossier(TP1, TP2, TP3), far_too_late), catalog=CATALOG, as_of=AS_OF)
    assert "DC203" in report.codes and "DC203" not in report.not_evaluable  # direct: both limits known
    assert codes(_appointment(dossier(TP1, TP2, case="tr2"), far_too_late), ["DC203"]) == ["DC203"]


def test_case_channel_limit_comes_first() -> None:
    assert VERSION.time_limit("online", "tr2").unit == "unknown"  # the case's channel limit
    assert VERSION.time_limit("direct", "tr2").unit == "calendar_months"  # the case's limit
    assert VERSION.time_limit("direct", "tr1").unit == "working_days"
    assert VERSION.time_limit("direct").unit == "calendar_days"  # the procedure's


def test_deadline_refuses_a_case_the_procedure_does_not_have() -> None:
    with pytest.raises(KeyError, match="no case 'tr7'"):
        deadline("9.000100", "2026-10-20T09:10", case="tr7", catalog=CATALOG)


# --- the command line: deadline --case, schema --procedure ---------------------------------------------------


def _catalog_dir(tmp_path: Path) -> Path:
    (tmp_path / "9.000100.json").write_text(json.dumps(PERMIT, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def run(*argv: str) -> tuple[int, str]:
    out = StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_cli_deadline_explains_a_case_a_month_and_the_longest(tmp_path: Path) -> None:
    cat = str(_catalog_dir(tmp_path))
    args = ("deadline", "--procedure", "9.000100", "--received-at", "2026-10-20T09:10", "--catalog", cat)
    status, text = run(*args, "--case", "tr2", "--lang", "vi")
    assert status == 0
    assert "Trường hợp tr2: Trường hợp cấp lại do bị mất." in text
    assert "1 tháng" in text and "ngày tương ứng sau 1 tháng (ngày 20)" in text
    status, text = run(*args, "--lang", "en")
    assert status == 0 and "The dossier names no case: the longest time limit" in text
    assert "- tr1 (Trường hợp cấp mới): 20 working days" in text and "The longest: case tr2" in text
    status, text = run(*args, "--case", "tr2", "--channel", "online", "--format", "json")
    assert status == 0 and json.loads(text)["due_date"] is None
    status, text = run(*args, "--case", "tr2", "--channel", "online", "--lang", "en")
    assert status == 0 and "No deadline can be computed" in text and "10 (no unit given)" in text
    status, _ = run(*args, "--case", "tr9")
    assert status == 2


def test_cli_schema_of_a_procedure_shows_cases_copies_and_fees(tmp_path: Path) -> None:
    cat = str(_catalog_dir(tmp_path))
    status, text = run("schema", "--procedure", "9.000100", "--on", "2026-10-20", "--catalog", cat)
    assert status == 0
    schema = json.loads(text)
    extra = schema["x-dossier-check"]
    assert extra["channels"] == ["direct", "online"]
    assert [c["id"] for c in extra["cases"]] == ["tr1", "tr2"]
    assert extra["cases"][0]["allowed_components"][1]["copies"] == {"original": 2, "copy": 1}
    assert extra["fees"] == [{"name": "Lệ phí cấp giấy phép", "amount_vnd": 75000}]
    assert extra["results"][0]["code"] == "KQ.G17.000100" and extra["legal_basis"] == ["Luật Xây dựng 2014"]
    assert extra["allowed_components"][0]["portal_code"] == "GT-01"
    assert schema["properties"]["case"]["anyOf"][0]["enum"][:2] == ["tr1", "Trường hợp cấp mới"]


def _valid(schema: dict[str, Any], d: dict[str, Any]) -> bool:
    return jsonschema.Draft202012Validator(schema).is_valid(d)


def test_the_schema_of_a_procedure_with_cases_agrees_with_the_checker() -> None:
    schema = procedure_dossier_schema(VERSION, "direct")
    jsonschema.Draft202012Validator.check_schema(schema)
    cases = [
        (dossier(TP1, TP2, TP3, case="tr1"), True),
        (dossier(TP1, TP3, case="tr1"), False),  # TP2 missing
        (dossier(TP1, TP2, TP3, case="tr2"), False),  # TP3 is not in the second case
        (dossier(TP1, TP2, TP3), True),  # no case: what any case lists
        (dossier(TP1, TP3), False),  # no case: TP2 is required by every case
        (dossier(TP1, TP2), True),  # no case: TP3 is required by one case only
        (
            dossier(TP1, {"code": "TP2", "form": "original", "quantity": 3}, TP3, case="tr1"),
            False,
        ),  # 2 originals
        (dossier(TP1, {"code": "TP2", "form": "original", "quantity": 2}, TP3, case="tr1"), True),
        (dossier(TP1, {"code": "TP2", "form": "original"}, case="tr2"), False),  # copies only
        (dossier(TP1, TP2, TP3, case="tr9"), False),
        (dossier(TP1, TP2, TP3, channel="postal"), False),  # not offered
        (dossier(TP1, TP2, case="tr2", facts={"lost": True}), False),  # TP4 required
        (dossier(TP1, TP2, case="tr2", facts={"lost": True, "reported_online": True}), True),
    ]
    for d, valid in cases:
        assert _valid(schema, d) == valid, d["components"]
        checker_clean = not codes(d, [*COMPONENT_RULES, "DC001"])
        assert checker_clean == valid, (d["components"], d.get("case"))


# --- an empty optional list is a list not given ---------------------------------------------------------

# A row limited to the desk: on another channel it is not in the list, neither required nor allowed.
DESK_ROW = {"code": "TP6", "name": "Bản khai tại quầy", "forms": ["original"], "channels": ["direct"]}
# A required row on every channel, with the keys that an empty list must leave as they are without it.
FORM = {"code": "TP5", "name": "Tờ khai bổ sung"}


def _variant(**top: Any) -> dict[str, Any]:
    """PERMIT without its own ``channels``, with DESK_ROW and FORM on top, then ``top`` (None: drop the key)."""
    doc = copy.deepcopy(PERMIT)
    del doc["channels"]
    doc["components"] += [copy.deepcopy(DESK_ROW), copy.deepcopy(FORM)]
    for key, value in top.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    return doc


def _with_rows(doc: dict[str, Any], **row: Any) -> dict[str, Any]:
    """``doc`` with ``row`` set on DESK_ROW and FORM (None: drop the key)."""
    doc = copy.deepcopy(doc)
    for comp in doc["components"][1:]:
        for key, value in row.items():
            if value is None:
                comp.pop(key, None)
            else:
                comp[key] = value
    return doc


def _catalog_of(doc: dict[str, Any]) -> Catalog:
    return Catalog([build_version(Procedure.model_validate(doc), "<test>/9.000100.json")])


def _findings(doc: dict[str, Any], d: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    report = check(d, catalog=_catalog_of(doc), as_of=AS_OF, select=COMPONENT_RULES)
    return [(v.code, v.path, dict(v.params)) for v in report.violations]


PHOTO = {"code": "TP5", "form": "photocopy"}
EMPTY_LIST_DOSSIERS = [
    dossier(TP1, TP2, PHOTO, case="tr2", channel="postal"),
    dossier(TP1, TP2, PHOTO, case="tr2", channel="online"),
    dossier(TP1, TP2, case="tr2", channel="direct"),
    dossier(TP1, TP2, case="tr2", channel="online"),
    dossier(TP1, TP2, PHOTO, {"code": "TP6", "form": "original"}, case="tr2", channel="online"),
]


@pytest.mark.parametrize(
    ("absent", "empty"),
    [
        (_variant(), _variant(channels=[])),
        (_with_rows(_variant(), channels=None), _with_rows(_variant(), channels=[])),
        (_with_rows(_variant(), forms=None), _with_rows(_variant(), forms=[])),
        (_variant(fees=None, results=None, legal_basis=None), _variant(fees=[], results=[], legal_basis=[])),
        (_variant(fees=[{"name": "Lệ phí"}]), _variant(fees=[{"name": "Lệ phí", "channels": []}])),
        (_variant(cases=None), _variant(cases=[])),
    ],
    ids=["procedure-channels", "component-channels", "forms", "carried-lists", "fee-channels", "cases"],
)
def test_an_empty_optional_list_reads_as_the_key_left_out(
    absent: dict[str, Any], empty: dict[str, Any]
) -> None:
    # The format counts an empty list as missing: the file loads, and is the file without the key.
    read_empty, read_absent = Procedure.model_validate(empty), Procedure.model_validate(absent)
    assert read_empty == read_absent
    assert read_empty.model_fields_set == read_absent.model_fields_set
    for d_empty, d_absent in zip(read_empty.components, read_absent.components, strict=True):
        assert d_empty.model_fields_set == d_absent.model_fields_set
    assert PROCEDURE_JS.is_valid(empty)  # the shipped schema agrees with the models
    for d in EMPTY_LIST_DOSSIERS:
        assert _findings(empty, d) == _findings(absent, d)


PROCEDURE_JS = jsonschema.Draft202012Validator(
    json.loads(
        (Path(__file__).parent.parent / "src/dossier_check/schemas/procedure.schema.json").read_text(
            encoding="utf-8"
        )
    )
)


def _missing(doc: dict[str, Any], d: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c, params.get("component_code", "")) for c, _, params in _findings(doc, d)]


def test_empty_channels_are_every_channel_not_none() -> None:
    # What the equal findings above stand for: empty is not "offered nowhere" nor "applies nowhere".
    offered_everywhere, limited = _variant(channels=[]), _variant(channels=["direct", "online"])
    postal = dossier(TP1, TP2, PHOTO, case="tr2", channel="postal")
    assert [c for c, _, _ in _findings(limited, postal)] == ["DC107"]
    assert _findings(offered_everywhere, postal) == []
    assert _catalog_of(offered_everywhere).versions("9.000100")[0].offered == ("direct", "postal", "online")
    # TP6 is limited to the desk: missing there, not on the online list (excess when kept).
    desk = _variant()
    kept_online = dossier(TP1, TP2, PHOTO, {"code": "TP6", "form": "original"}, case="tr2", channel="online")
    without = dossier(TP1, TP2, PHOTO, case="tr2", channel="online")
    assert _missing(desk, dossier(TP1, TP2, PHOTO, case="tr2", channel="direct")) == [("DC101", "TP6")]
    assert _missing(desk, without) == [] and [c for c, _ in _missing(desk, kept_online)] == ["DC102"]
    # With "channels": [] it is on every channel's list.
    everywhere = _with_rows(_variant(), channels=[])
    assert _missing(everywhere, without) == [("DC101", "TP6")] and _missing(everywhere, kept_online) == []


def test_cli_check_reads_empty_channels_as_not_given(tmp_path: Path) -> None:
    dossiers = tmp_path / "dossiers"
    dossiers.mkdir()
    for i, d in enumerate(EMPTY_LIST_DOSSIERS):
        (dossiers / f"d{i}.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    outputs = []
    for name, doc in [
        ("absent", _with_rows(_variant(), channels=None)),
        ("empty", _with_rows(_variant(channels=[]), channels=[])),
    ]:
        cat = tmp_path / name
        cat.mkdir()
        (cat / "9.000100.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        status, text = run(
            "check", str(dossiers), "--catalog", str(cat), "--as-of", AS_OF, "--format", "jsonl"
        )
        assert status in (0, 1), text
        outputs.append(text)
    assert outputs[0] == outputs[1]
    assert '"DC101"' in outputs[0] and '"DC107"' not in outputs[0]
