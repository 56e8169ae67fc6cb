"""`dossier-check catalog lint`: every kind of finding has a failing and a clean case; exit statuses."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from dossier_check.catalog import lint as lint_module
from dossier_check.catalog.errors import CatalogError
from dossier_check.catalog.lint import LINT_KINDS, lint_directory, lint_json, lint_text
from dossier_check.cli import main

BUILTIN = Path(__file__).resolve().parent.parent / "src" / "dossier_check" / "procedures"

# A clean procedure that uses most of the format: channels, cases, a group, conditions, copies, fees, facts.
CLEAN: dict[str, Any] = {
    "code": "9.000001",
    "name": "Thủ tục thử nghiệm",
    "decision": "1/QĐ-TEST",
    "valid_from": "2026-01-01",
    "valid_to": None,
    "channels": ["direct", "online"],
    "time_limit": {"amount": 3, "unit": "working_days"},
    "channel_time_limits": {"online": {"amount": 2, "unit": "working_days"}},
    "components": [
        {"code": "TP1", "name": "Tờ khai", "copies": {"original": 1}, "channels": ["direct"]},
        {"code": "TP2", "name": "Tờ khai điện tử", "forms": ["electronic"], "channels": ["online"]},
        {
            "code": "TP3",
            "name": "Giấy chứng sinh",
            "group": "birth",
            "required": {"unless_fact": "in_system"},
        },
        {
            "code": "TP4",
            "name": "Văn bản làm chứng",
            "group": "birth",
            "required": {"unless_fact": "in_system"},
        },
        {
            "code": "TP5",
            "name": "Văn bản ủy quyền",
            "required": {"all": [{"if_fact": "by_representative"}, {"unless_fact": "in_system"}]},
            "copies": {"original": 1, "copy": 1},
            "quantity": 1,
        },
    ],
    "cases": [
        {"id": "tr1", "name": "Trường hợp A", "components": [{"code": "TP6", "name": "Giấy A"}]},
        {"id": "tr2", "name": "Trường hợp B", "components": [{"code": "TP7", "name": "Giấy B"}]},
    ],
    "fees": [{"name": "Lệ phí", "amount_vnd": 8000, "channels": ["direct", "online"]}],
    "facts": {"in_system": "…", "by_representative": "…"},
}

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def apply(doc: dict[str, Any]) -> None:
        *keys, last = path.split(".")
        target: Any = doc
        for k in keys:
            target = target[int(k)] if k.isdigit() else target[k]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return apply


def _append(path: str, value: Any) -> Mutation:
    def apply(doc: dict[str, Any]) -> None:
        target: Any = doc
        for k in path.split("."):
            target = target[int(k)] if k.isdigit() else target[k]
        target.append(value)

    return apply


def _delete(path: str, key: str) -> Mutation:
    def apply(doc: dict[str, Any]) -> None:
        target: Any = doc
        for k in path.split(".") if path else ():
            target = target[int(k)] if k.isdigit() else target[k]
        del target[key]

    return apply


def _both(*mutations: Mutation) -> Mutation:
    def apply(doc: dict[str, Any]) -> None:
        for m in mutations:
            m(doc)

    return apply


# kind → (mutation of CLEAN, the field path the finding names)
FAILING: dict[str, tuple[Mutation, str]] = {
    "duplicate_code": (_append("components", {"code": "TP3", "name": "Giấy khác"}), "components[5]"),
    "duplicate_name": (
        _append("cases.0.components", {"code": "TP8", "name": "tờ  KHAI"}),
        "cases[0].components[1]",
    ),
    "duplicate_case": (_set("cases.1.name", "trường hợp a"), "cases[1]"),
    "forms_contradict_copies": (_set("components.0.forms", ["copy"]), "components[0].forms"),
    "valid_to_before_valid_from": (_set("valid_to", "2025-12-31"), "valid_to"),
    "channels_not_offered": (_set("components.1.channels", ["postal"]), "components[1].channels"),
    "group_not_offered": (
        _both(_set("components.2.channels", ["postal"]), _set("components.3.channels", ["postal"])),
        "components[2].group",
    ),
    "condition_never_holds": (
        _set("components.4.required", {"all": [{"if_fact": "in_system"}, {"unless_fact": "in_system"}]}),
        "components[4].required",
    ),
    "condition_always_holds": (
        _set("components.4.required", {"any": [{"if_fact": "in_system"}, {"unless_fact": "in_system"}]}),
        "components[4].required",
    ),
    "empty_case": (_set("cases.1.components", []), "cases[1]"),
    "no_components": (_both(_set("components", []), _delete("", "cases")), "components"),
    "single_member_group": (_delete("components.3", "group"), "components[2].group"),
    "copies_quantity_disagree": (_set("components.4.quantity", 3), "components[4].quantity"),
    "time_limit_not_offered": (
        _set("channel_time_limits", {"postal": {"amount": 9, "unit": "working_days"}}),
        "channel_time_limits.postal",
    ),
    "fee_channel_not_offered": (_set("fees.0.channels", ["postal"]), "fees[0].channels"),
    "time_limit_unknown": (_set("time_limit", {"unit": "unknown", "amount": 5}), "time_limit"),
    "undocumented_fact": (_delete("facts", "by_representative"), "components[4].required"),
    "review_pending": (_set("review", [{"kind": "note_row"}]), "review"),
}


def write(directory: Path, name: str, doc: Any) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def run(*argv: str) -> tuple[int, str]:
    out = StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_the_clean_procedure_is_clean(tmp_path: Path) -> None:
    write(tmp_path, "9.000001.json", CLEAN)
    result = lint_directory(tmp_path)
    assert (result.findings, result.unreadable, result.files, result.exit_status) == ([], [], 1, 0)
    assert run("catalog", "lint", str(tmp_path)) == (0, "Không có phát hiện nào (1 tệp).\n")


def test_every_kind_has_a_failing_case() -> None:
    assert set(FAILING) | {"overlapping_versions", "refused_by_loader"} == set(LINT_KINDS)


@pytest.mark.parametrize("kind", sorted(FAILING))
def test_each_finding(kind: str, tmp_path: Path) -> None:
    mutate, where = FAILING[kind]
    doc = copy.deepcopy(CLEAN)
    mutate(doc)
    write(tmp_path, "9.000001.json", doc)
    result = lint_directory(tmp_path)
    assert result.unreadable == []
    assert [(f.kind, f.where) for f in result.findings] == [(kind, where)]
    assert result.exit_status == 1
    finding = result.findings[0]
    assert finding.code == "9.000001" and finding.file.endswith("9.000001.json")
    assert finding.message("vi") != finding.message("en")
    # a channel is said in Vietnamese words, never the format's English code
    for code in ("direct", "postal", "online"):
        assert f"kênh {code}" not in finding.message("vi")
    words = {"direct": "trực tiếp", "postal": "qua dịch vụ bưu chính", "online": "trực tuyến"}
    for key in ("channel", "channels"):
        value = finding.params.get(key)
        for channel in [value] if isinstance(value, str) else value or []:
            assert f"kênh {words[channel]}" in finding.message("vi") or words[channel] in finding.message(
                "vi"
            )
            assert channel in finding.message("en")


def test_a_required_component_limited_away_says_so() -> None:
    doc = copy.deepcopy(CLEAN)
    doc["components"][1]["channels"] = ["postal"]
    from dossier_check.models import Procedure

    (finding,) = lint_module.lint_procedure(Procedure.model_validate(doc), doc, "x.json")
    assert finding.message("en").startswith("required component TP2 applies only on postal")
    doc["components"][1]["required"] = False
    (finding,) = lint_module.lint_procedure(Procedure.model_validate(doc), doc, "x.json")
    assert finding.message("en").startswith("component TP2 applies only on postal")


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("", "channels"),
        ("components.0", "channels"),
        ("components.1", "channels"),
        ("fees.0", "channels"),
        ("components.0", "forms"),
        ("components.4", "forms"),
        ("", "fees"),
        ("", "cases"),
    ],
)
def test_an_empty_list_is_linted_as_the_key_left_out(path: str, key: str, tmp_path: Path) -> None:
    # TP1 and TP5 give ``copies``: an empty ``forms`` beside them is no contradiction, as none is.
    found = []
    for name, mutate in [("absent", _delete(path, key)), ("empty", _set(f"{path}.{key}".lstrip("."), []))]:
        doc = copy.deepcopy(CLEAN)
        if key == "forms":
            _set(f"{path}.forms", ["original"])(doc)
        mutate(doc)
        write(tmp_path / name, "9.000001.json", doc)
        result = lint_directory(tmp_path / name)
        assert result.unreadable == []
        found.append([(f.kind, f.where) for f in result.findings])
    assert found[0] == found[1]
    if key == "forms":
        assert found[0] == []


def test_overlapping_versions(tmp_path: Path) -> None:
    first = dict(CLEAN, valid_to="2026-06-30")
    write(tmp_path, "a.json", first)
    write(tmp_path, "b.json", dict(CLEAN, valid_from="2026-07-01"))
    assert lint_directory(tmp_path).findings == []
    write(tmp_path, "b.json", dict(CLEAN, valid_from="2026-06-30"))
    (finding,) = lint_directory(tmp_path).findings
    assert (finding.kind, finding.file, finding.params["other"]) == (
        "overlapping_versions",
        str(tmp_path / "b.json"),
        str(tmp_path / "a.json"),
    )


def test_a_refusal_no_finding_explains_is_still_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "9.000001.json", CLEAN)

    def refuse(path: Any, text: Any = None) -> Any:
        raise CatalogError(str(path), "components[0]", "a reason the linter has no kind for")

    monkeypatch.setattr(lint_module, "load_procedure_file", refuse)
    (finding,) = lint_directory(tmp_path).findings
    assert finding.kind == "refused_by_loader"
    assert "a reason the linter has no kind for" in finding.message("en")


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[1, 2]",
        json.dumps({"code": "9.000001"}),
        json.dumps(dict(CLEAN, time_limit={"unit": "weeks"})),
    ],
)
def test_an_unreadable_file_exits_two_and_the_others_are_still_linted(content: str, tmp_path: Path) -> None:
    write(tmp_path, "bad.json", content)
    doc = copy.deepcopy(CLEAN)
    doc["review"] = [{}]
    write(tmp_path, "good.json", doc)
    result = lint_directory(tmp_path)
    assert [f for f, _ in result.unreadable] == [str(tmp_path / "bad.json")]
    assert [f.kind for f in result.findings] == ["review_pending"]
    assert result.exit_status == 2
    status, text = run("catalog", "lint", str(tmp_path), "--lang", "en")
    assert status == 2
    assert f"{tmp_path / 'bad.json'}: cannot be read:" in text


def test_a_missing_or_empty_directory_exits_two(tmp_path: Path) -> None:
    assert run("catalog", "lint", str(tmp_path / "nowhere"))[0] == 2
    (tmp_path / "empty").mkdir()
    status, text = run("catalog", "lint", str(tmp_path / "empty"), "--lang", "en")
    assert status == 2
    assert "no procedure files" in text


def test_json_output(tmp_path: Path) -> None:
    doc = copy.deepcopy(CLEAN)
    doc["time_limit"] = {"unit": "unknown"}
    write(tmp_path, "9.000001.json", doc)
    status, text = run("catalog", "lint", str(tmp_path), "--format", "json", "--lang", "en")
    assert status == 1
    data = json.loads(text)
    assert data["counts"] == {"time_limit_unknown": 1}
    assert data["findings"][0]["message"] == "time limit without a unit: no deadline can be computed"
    assert lint_json(lint_directory(tmp_path), "vi")["files"] == 1
    assert "1 phát hiện trong 1 tệp" in lint_text(lint_directory(tmp_path), "vi")


def test_the_built_in_catalogue_is_clean() -> None:
    result = lint_directory(BUILTIN)
    assert result.files >= 30
    assert (result.findings, result.unreadable) == ([], [])
