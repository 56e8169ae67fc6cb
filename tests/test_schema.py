"""The formats: checked-in schemas equal the generated ones; the fast validators agree with jsonschema."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier_check import load_catalog
from dossier_check.models import Dossier
from dossier_check.schema import (
    compile_schema,
    dossier_schema,
    generate_validator,
    generated_dossier_schema,
    procedure_dossier_schema,
    procedure_schema,
    validate_dossier,
)

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "src" / "dossier_check" / "schemas"
SPEC = json.loads((Path(__file__).parent / "data" / "spec-dossier.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("file", "make"),
    [("dossier.schema.json", generated_dossier_schema), ("procedure.schema.json", procedure_schema)],
)
def test_checked_in_schemas_are_the_generated_ones(file: str, make: Any) -> None:
    # Regenerate with: dossier-check schema > src/dossier_check/schemas/dossier.schema.json (and `schema procedure`)
    on_disk = (SCHEMAS / file).read_text(encoding="utf-8")
    assert on_disk == json.dumps(make(), ensure_ascii=False, indent=2) + "\n"
    jsonschema.Draft202012Validator.check_schema(json.loads(on_disk))


def test_the_engine_reads_the_shipped_dossier_schema_and_never_builds_the_dossier_models() -> None:
    # The validator is compiled from the installed schemas/dossier.schema.json, which is the models' own
    # schema; building the models (deferred) is left to what validates with them.
    assert dossier_schema() == generated_dossier_schema()
    code = (
        "from dossier_check import check, models\n"
        "report = check(open(__import__('sys').argv[1], encoding='utf-8').read(), as_of='2026-12-31')\n"
        "print(report.passed, models.Dossier.__pydantic_complete__, models.Procedure.__pydantic_complete__)\n"
    )
    example = ROOT / "tests" / "data" / "spec-dossier.json"
    done = subprocess.run(
        [sys.executable, "-c", code, str(example)], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.split() == ["True", "False", "True"], done.stderr
    assert Dossier.model_validate(SPEC).code == SPEC["code"]  # built when first used


def _mutations() -> list[Any]:
    """Hand-picked documents around every keyword the schema uses."""
    docs: list[Any] = [SPEC, [], None, "x", 1, {}]

    def mutate(path: list[Any], value: Any, delete: bool = False) -> Any:
        d = copy.deepcopy(SPEC)
        target = d
        for key in path[:-1]:
            target = target[key]
        if delete:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return d

    for key in (
        "code",
        "procedure_code",
        "receiving_unit",
        "channel",
        "received_at",
        "outcome",
        "components",
    ):
        docs.append(mutate([key], None, delete=True))
        docs.append(mutate([key], 7))
    docs += [
        mutate(["channel"], "fax"),
        mutate(["outcome"], "ACCEPTED"),
        mutate(["received_at"], "2026-10-20"),
        mutate(["received_at"], "2026-02-30T10:00:00"),
        mutate(["received_at"], "2026-10-20 09:10"),
        mutate(["received_at"], "2026-10-20T09:10:00Z"),
        mutate(["received_at"], "２０２６-10-20T09:10:00"),
        mutate(["sets"], 0),
        mutate(["sets"], "1"),
        mutate(["sets"], True),
        mutate(["facts"], {"a": 1}),
        mutate(["facts"], {"a": None, "b": False}),
        mutate(["facts"], {"a/b~c": "yes", "{i}": 2, "ok": True}),
        mutate(["components", 0], {"form": "copy"}),
        mutate(["components", 0], {"code": "  ", "name": ""}),
        mutate(["components", 0, "form"], "scan"),
        mutate(["components", 0, "quantity"], 0),
        mutate(["components", 0, "quantity"], 1.5),
        mutate(["components", 1], "TP2"),
        mutate(["appointment_slip"], "slip"),
        mutate(["appointment_slip", "appointment_at"], "29/10/2026"),
        mutate(["appointment_slip", "delivered_via"], "fax"),
        mutate(["appointment_slip", "components"], {"code": "TP1"}),
        mutate(["control_slip", "handovers", 0, "status"], "ok"),
        mutate(["control_slip", "handovers"], [1, None]),
        mutate(["tracking_entry", "entry_no"], 1.5),
        mutate(["tracking_entry", "return_method"], "email"),
        mutate(["supplement_requests"], [{"stage": "review", "items": "x"}]),
        mutate(["apologies"], [{"new_appointment_at": 20261030}]),
        mutate(["stop_notice"], []),
        mutate(["representative"], {"name": 5}),
        mutate(["case"], "tr1"),
        mutate(["case"], None),
        mutate(["case"], ""),
        mutate(["case"], 1),
        mutate(["case"], ["tr1"]),
        mutate(["extra_key_from_export"], {"anything": [1, 2]}),
        # Several wrong members of one object: the problems keep the order of the members.
        mutate(["appointment_slip", "phone"], 5),
        mutate(
            ["appointment_slip"], {**SPEC["appointment_slip"], "number": 1, "issued_at": "x", "email": []}
        ),
        mutate(["control_slip", "handovers", 0, "giver"], ["x"]),
        mutate(["tracking_entry", "lead_agency"], False),
        mutate(["applicant"], {"name": None, "phone": 1, "x_extra": 2}),
    ]
    return docs


MUTATIONS = _mutations()


@pytest.mark.parametrize("doc", MUTATIONS, ids=range(len(MUTATIONS)))
def test_validators_agree_with_jsonschema(doc: Any) -> None:
    schema = dossier_schema()
    reference = jsonschema.Draft202012Validator(schema, format_checker=None)
    ok_reference = reference.is_valid(doc)
    generated = validate_dossier(doc)
    closures = compile_schema(schema)(doc)
    assert generated == closures
    # The one documented addition: a date that matches the pattern must also be a real date.
    impossible = isinstance(doc, dict) and doc.get("received_at") == "2026-02-30T10:00:00"
    assert (not generated) == (ok_reference and not impossible)
    if isinstance(doc, dict):
        pydantic_ok = True
        try:
            Dossier.model_validate(doc)
        except Exception:
            pydantic_ok = False
        assert pydantic_ok == (not generated)


def test_problems_carry_json_pointers() -> None:
    doc = copy.deepcopy(SPEC)
    doc["components"][1]["form"] = "scan"
    doc["control_slip"]["handovers"][0]["status"] = "ok"
    del doc["channel"]
    paths = [(p.path, p.problem) for p in validate_dossier(doc)]
    assert paths == [
        ("/channel", "required"),
        ("/components/1/form", "enum"),
        ("/control_slip/handovers/0/status", "enum"),
    ]


def test_compiler_refuses_keywords_it_does_not_implement() -> None:
    with pytest.raises(ValueError, match="not supported"):
        compile_schema({"type": "object", "patternProperties": {"x": {}}})
    with pytest.raises(ValueError, match="not supported"):
        generate_validator({"type": "string", "format": "email", "maxLength": 3})


def test_procedure_dossier_schema_validates_with_any_validator() -> None:
    version = load_catalog().resolve("1.004222", SPEC_DATE).version
    assert version is not None
    schema = procedure_dossier_schema(version.procedure, "direct")
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    assert v.is_valid(SPEC)
    bad = copy.deepcopy(SPEC)
    bad["components"].append({"name": "Sổ hộ khẩu", "form": "original"})
    assert not v.is_valid(bad)
    # TP1 is required unless the applicant is overseas without a Vietnamese passport (facts).
    missing = copy.deepcopy(SPEC)
    missing["components"] = [c for c in missing["components"] if c["code"] != "TP1"]
    assert not v.is_valid(missing)
    missing["facts"]["overseas_without_vn_passport"] = True
    missing["components"].append({"code": "TP4", "form": "original"})
    missing["components"].append({"code": "TP13", "form": "copy"})
    assert v.is_valid(missing)
    # The lawful-dwelling group: TP2 or one of its alternatives, unless the data is in the database.
    no_proof = copy.deepcopy(SPEC)
    no_proof["components"] = [c for c in no_proof["components"] if c["code"] != "TP2"]
    assert not v.is_valid(no_proof)
    no_proof["facts"]["residence_in_database"] = True
    assert v.is_valid(no_proof)
    refused = copy.deepcopy(SPEC)
    refused["outcome"] = "supplement_requested"
    refused["components"] = []
    assert v.is_valid(refused)
    allowed = {c["code"] for c in schema["x-dossier-check"]["allowed_components"]}
    assert {"TP1", "TP2"} <= allowed and "XT1" not in allowed


from datetime import date  # noqa: E402

SPEC_DATE = date(2026, 10, 20)


# Every character str.isspace() or ECMA-262 reads as white space, a few that neither does, and "a".
_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\ufeff\u200b\x00a"
_NON_SPACE = re.compile(r"\S")


@settings(max_examples=300)
@given(code=st.text(alphabet=_SPACES, max_size=4), name=st.none() | st.text(alphabet=_SPACES, max_size=4))
def test_a_row_named_by_white_space_alone_is_found_as_the_pattern_finds_it(
    code: str, name: str | None
) -> None:
    # The generated validator asks strip() where the pattern "\S" is searched for: a row is named (by code
    # or name) when either holds a character the regular expression does not read as white space.
    doc = copy.deepcopy(SPEC)
    doc["components"][0] = {"code": code, "name": name, "form": "original", "quantity": 1}
    named = any(isinstance(v, str) and _NON_SPACE.search(v) for v in (code, name))
    found = [p.problem for p in validate_dossier(doc) if p.path == "/components/0"]
    assert found == ([] if named else ["code_or_name"])
