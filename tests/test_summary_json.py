"""``audit --summary FILE.json``: the whole summary as a documented JSON structure that validates against
the package's ``schemas/summary.schema.json``, agrees with the other outputs and does not depend on --jobs."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dossier_check.cli import main
from dossier_check.render.summary_json import FORMAT, FORMAT_VERSION

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-27T12:00:00+07:00"
SCHEMA = json.loads(
    (ROOT / "src" / "dossier_check" / "schemas" / "summary.schema.json").read_text(encoding="utf-8")
)
EXAMPLE = str(ROOT / "examples" / "exports")


def summary_of(tmp_path: Path, *argv: str, name: str = "s.json") -> dict[str, Any]:
    target = tmp_path / name
    status = main(["audit", *argv, "--summary", str(target), "--as-of", AS_OF, "--quiet"], out=io.StringIO())
    assert status in (0, 1, 3)
    doc: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return doc


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return summary_of(tmp_path_factory.mktemp("summary"), EXAMPLE, "--jobs", "1")


def test_the_schema_is_a_valid_schema_and_strict() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["additionalProperties"] is False


def test_the_summary_validates(example: dict[str, Any], tmp_path: Path) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(example)
    # English, and a run with unreadable inputs: valid too.
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.jsonl").write_text('{"code": 1}\nnot json\n', encoding="utf-8")
    jsonschema.Draft202012Validator(SCHEMA).validate(summary_of(tmp_path, str(bad), "--lang", "en"))


def test_the_schema_rejects_what_is_not_a_summary(example: dict[str, Any]) -> None:
    """The schema can fail: an unknown key, a missing key or a wrong type is caught."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for broken in (
        {**example, "extra": 1},
        {k: v for k, v in example.items() if k != "indicators"},
        {**example, "totals": {**example["totals"], "checked": "288"}},
    ):
        assert not validator.is_valid(broken)
    nested = copy.deepcopy(example)
    nested["indicators"]["total"]["on_time"]["rate"] = 1.5
    assert not validator.is_valid(nested)


def test_the_summary_says_what_the_other_outputs_say(example: dict[str, Any]) -> None:
    assert (example["format"], example["format_version"], example["lang"]) == (FORMAT, FORMAT_VERSION, "vi")
    totals = example["totals"]
    # the example export: 288 native dossiers and 63 portal records checked (one more skipped)
    assert totals["checked"] == 351 == totals["passed"] + totals["failed"]
    assert example["as_of"] == AS_OF and example["inputs"]["paths"] == [EXAMPLE]
    assert all(len(f["sha256"]) == 64 for f in example["inputs"]["files"])
    rules = {r["code"]: r for r in example["by_rule"]}
    assert rules["DC102"]["evaluated"] == 288 and rules["DC102"]["dossiers"] == 26
    assert "NĐ 118/2025 Điều 5" in rules["DC102"]["legal_basis"]
    assert rules["DC102"]["title"] == "Nhận thừa thành phần hồ sơ"
    assert sum(u["checked"] for u in example["by_unit"]) == 351
    indicators = example["indicators"]
    assert "766/QĐ-TTg" in indicators["decision"]
    assert [d["id"] for d in indicators["definitions"]] == ["2.1", "2.2", "3.3"]
    assert "× 20" in indicators["definitions"][0]["formula"] and indicators["definitions"][0]["points"] == 20
    total = indicators["total"]
    on_time = total["on_time"]
    assert on_time["computed_on"] == on_time["on_time"] + on_time["late"] == 306
    assert on_time["computed_on"] + sum(x["dossiers"] for x in on_time["left_out"]) == 351
    assert {x["reason"] for x in on_time["left_out"]} == {"indicator-not-accepted"}
    assert all(x["text"] for x in on_time["left_out"])
    channels = {c["channel"]: c["dossiers"] for c in total["channels"]["by_channel"]}
    assert channels == {"direct": 234, "online": 69, "postal": 14}
    # the portal records of phường Sa Đéc carry no channel (KenhThucHien): left out, with the reason
    assert [(x["reason"], x["dossiers"]) for x in total["channels"]["left_out"]] == [
        ("indicator-no-channel", 34)
    ]
    by_unit = {u["key"]: u["indicators"] for u in indicators["by_unit"]}
    assert sum(u["on_time"]["late"] for u in by_unit.values()) == on_time["late"]


def test_the_summary_does_not_depend_on_jobs(tmp_path: Path) -> None:
    one = summary_of(tmp_path, EXAMPLE, "--jobs", "1", name="1.json")
    two = summary_of(tmp_path, EXAMPLE, "--jobs", "2", name="2.json")
    one.pop("generated_at")
    two.pop("generated_at")
    assert one == two
