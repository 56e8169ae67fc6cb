"""The procedure catalogue: built-in procedures, user directories, versions, and refusing bad files."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from dossier_check import Catalog, CatalogError, load_catalog
from dossier_check.catalog import load_procedure_file
from dossier_check.cli import main

MINIMAL: dict[str, Any] = {
    "code": "9.000001",
    "name": "Thủ tục thử nghiệm",
    "decision": "1/QĐ-TEST",
    "valid_from": "2026-01-01",
    "valid_to": None,
    "sets": 1,
    "time_limit": {"amount": 3, "unit": "working_days"},
    "components": [
        {
            "code": "TP1",
            "name": "Tờ khai",
            "kind": "submit",
            "forms": ["original"],
            "quantity": 1,
            "required": True,
        }
    ],
}


def write(tmp: Path, name: str, data: Any) -> Path:
    path = tmp / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_builtin_catalogue_has_real_procedures() -> None:
    catalog = load_catalog()
    codes = catalog.codes()
    assert len(codes) >= 8
    for code in (
        "1.001193",
        "1.000894",
        "2.000635",
        "2.000815",
        "1.004222",
        "3.000333",
        "1.001612",
        "1.013225",
    ):
        assert code in catalog
    for version in catalog:
        proc = version.procedure
        assert proc.decision, f"{proc.code} names its publishing decision"
        assert getattr(proc, "source", None), f"{proc.code} cites its source"
        listed = list(proc.components) + [c for case in proc.cases or () for c in case.components]
        assert listed, f"{proc.code} lists components (for every case, or in its cases)"


def test_version_selected_by_receipt_date_inclusive(tmp_path: Path) -> None:
    old = dict(MINIMAL, valid_from="2025-01-01", valid_to="2025-12-31")
    new = dict(MINIMAL, valid_from="2026-01-01", time_limit={"amount": 5, "unit": "working_days"})
    write(tmp_path, "old.json", old)
    write(tmp_path, "new.json", new)
    catalog = load_catalog(tmp_path)
    assert catalog.resolve("9.000001", date(2025, 12, 31)).version.time_limit("direct").amount == 3  # type: ignore[union-attr]
    assert catalog.resolve("9.000001", date(2026, 1, 1)).version.time_limit("direct").amount == 5  # type: ignore[union-attr]
    assert catalog.resolve("9.000001", date(2024, 12, 31)).status == "not_in_force"
    assert catalog.resolve("9.999999", date(2026, 1, 1)).status == "unknown"


def test_user_code_replaces_every_builtin_version(tmp_path: Path) -> None:
    mine = dict(MINIMAL, code="1.004222", name="Đăng ký thường trú (bản địa phương)")
    write(tmp_path, "1.004222.json", mine)
    catalog = load_catalog(tmp_path)
    versions = catalog.versions("1.004222")
    assert [v.procedure.name for v in versions] == ["Đăng ký thường trú (bản địa phương)"]
    assert "1.001193" in catalog  # other built-ins stay


def test_versions_merge_across_user_directories(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    write(a, "v1.json", dict(MINIMAL, valid_to="2026-06-30"))
    write(b, "v2.json", dict(MINIMAL, valid_from="2026-07-01"))
    assert len(load_catalog(a, b).versions("9.000001")) == 2


def test_a_directory_given_twice_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same catalogue directory given twice — as it is, with a trailing slash, through a link, or as
    the parent of another directory given — is one set of files: a version does not overlap itself."""
    cat = tmp_path / "cat"
    (cat / "sub").mkdir(parents=True)
    write(cat, "v1.json", dict(MINIMAL, valid_to="2026-06-30"))
    write(cat / "sub", "v2.json", dict(MINIMAL, valid_from="2026-07-01"))
    (tmp_path / "link").symlink_to(cat, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    for dirs in (["cat", "cat"], ["cat", "cat/"], ["cat", "link"], ["cat", "cat/sub"]):
        assert len(load_catalog(*dirs).versions("9.000001")) == 2, dirs
    # a real overlap between two different files is still an error
    (tmp_path / "other").mkdir()
    write(tmp_path / "other", "v3.json", MINIMAL)
    with pytest.raises(CatalogError):
        load_catalog("cat", "other")


def test_catalogue_directory_reached_through_dot_dot_or_kept_in_a_hidden_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hidden files and directories *below* a catalogue directory are left out; the path that leads to it is
    the user's choice (``../cat``, ``~/.config/dossier-check/cat``) and is not looked at — by ``check`` and by
    ``catalog lint`` alike."""
    cat = tmp_path / ".config" / "cat"
    (cat / ".old").mkdir(parents=True)
    write(cat, "v1.json", MINIMAL)
    write(cat / ".old", "v0.json", dict(MINIMAL, valid_to="2026-06-30"))  # hidden below: not read
    write(cat, ".draft.json", dict(MINIMAL, valid_to="2026-06-30"))  # hidden below: not read
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for given in (cat, Path("..") / ".config" / "cat", work / ".." / ".config" / "cat"):
        assert [v.procedure.code for v in load_catalog(given).versions("9.000001")] == ["9.000001"], given
        out = StringIO()
        assert main(["catalog", "lint", str(given)], out=out) == 0, (given, out.getvalue())


@pytest.mark.parametrize(
    ("content", "field", "reason"),
    [
        ("{not json", None, "not valid JSON"),
        ("[]", None, "one JSON object"),
        (dict(MINIMAL, code="1.0001"), "code", "String should match pattern"),
        (dict(MINIMAL, time_limit={"unit": "weeks", "amount": 1}), "time_limit", "unit"),
        (
            dict(MINIMAL, time_limit={"unit": "working_days"}),
            "time_limit.working_days.amount",
            "Field required",
        ),
        (dict(MINIMAL, time_limit={"unit": "same_day", "amount": 1}), "time_limit.same_day.amount", "None"),
        ({k: v for k, v in MINIMAL.items() if k != "valid_from"}, "valid_from", "Field required"),
        (dict(MINIMAL, valid_from="2026-02-30"), "valid_from", "not a real date"),
        (dict(MINIMAL, valid_to="2025-01-01"), "valid_to", "before valid_from"),
        (
            dict(MINIMAL, components=[dict(MINIMAL["components"][0], kind="keep")]),
            "components[0].kind",
            "submit",
        ),
        (
            dict(MINIMAL, components=[dict(MINIMAL["components"][0], forms=["scan"])]),
            "components[0].forms[0]",
            "",
        ),
        (
            dict(MINIMAL, components=MINIMAL["components"] * 2),
            "components[1].code",
            "duplicate component code",
        ),
        (
            dict(MINIMAL, components=[MINIMAL["components"][0], dict(MINIMAL["components"][0], code="TP2")]),
            "components[1].name",
            "share the name",
        ),
        (
            dict(MINIMAL, components=[dict(MINIMAL["components"][0], required="yes")]),
            "components[0].required",
            "",
        ),
        (dict(MINIMAL, sets=0), "sets", "greater than or equal to 1"),
    ],
)
def test_bad_procedure_file_names_file_and_field(
    tmp_path: Path, content: Any, field: str | None, reason: str
) -> None:
    path = write(tmp_path, "bad.json", content)
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path)
    err = info.value
    assert err.file == str(path)
    if field is None:
        assert err.field is None
    else:
        assert err.field is not None and err.field.startswith(field)
    assert reason in err.reason
    assert str(path) in str(err)


def test_not_utf8_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(
        json.dumps(MINIMAL, ensure_ascii=False).encode("latin-1", errors="replace").replace(b"?", b"\xe9")
    )
    with pytest.raises(CatalogError, match=r"UTF-8|JSON"):
        load_procedure_file(path)


def test_overlapping_versions_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.json", MINIMAL)
    write(tmp_path, "b.json", dict(MINIMAL, valid_from="2026-06-01"))
    with pytest.raises(CatalogError, match="overlaps"):
        load_catalog(tmp_path)


def test_missing_and_empty_directories_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no such directory"):
        load_catalog(tmp_path / "nope")
    with pytest.raises(CatalogError, match="no procedure files"):
        load_catalog(tmp_path)


def test_catalog_is_immutable_value() -> None:
    catalog = load_catalog()
    assert isinstance(catalog, Catalog)
    assert load_catalog() is catalog  # the built-in catalogue is built once per process


def test_cli_refuses_bad_catalogue_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "bad.json", dict(MINIMAL, code="x"))
    dossier = Path(__file__).parent / "data" / "spec-dossier.json"
    out = StringIO()
    status = main(["check", str(dossier), "--catalog", str(tmp_path)], out=out)
    assert status == 2
    assert out.getvalue() == ""  # nothing checked
    err = capsys.readouterr().err
    assert "bad.json" in err and "code" in err and "Traceback" not in err


def test_component_rows_default_to_a_required_paper_in_any_form(tmp_path: Path) -> None:
    # SPEC §2 gives no defaults for kind, forms and required; a bare row reads as a plain portal row.
    write(tmp_path, "p.json", dict(MINIMAL, components=[{"code": "TP1", "name": "Tờ khai"}]))
    comp = load_catalog(tmp_path).versions("9.000001")[0].procedure.components[0]
    assert (comp.kind, comp.required, comp.quantity) == ("submit", True, 1)
    assert comp.forms == ["original", "copy", "certified_copy", "photocopy", "electronic"]


# --- the grown format: cases, nested conditions, copies, channels, fees, results, legal basis ------------

GROWN: dict[str, Any] = dict(
    MINIMAL,
    channels=["direct", "online"],
    time_limit={"amount": 5, "unit": "working_days"},
    components=[
        dict(MINIMAL["components"][0], portal_code="GT-001"),
        {"code": "TP2", "name": "Bản vẽ", "copies": {"original": 1, "copy": 2}},
    ],
    cases=[
        {
            "id": "tr1",
            "name": "Trường hợp cấp mới",
            "components": [
                {"code": "TP3", "name": "Giấy tờ A", "required": {"all": [{"if_fact": "a"}, {"any": [True]}]}}
            ],
            "time_limit": {"amount": 2, "unit": "calendar_months"},
        },
        {
            "id": "tr2",
            "name": "Trường hợp cấp lại",
            "components": [
                {"code": "TP3", "name": "Giấy tờ A", "forms": ["copy"]},
                {"code": "TP4", "name": "Giấy tờ B", "required": False},
            ],
            "channel_time_limits": {"online": {"unit": "unknown", "amount": 3}},
        },
    ],
    fees=[{"name": "Lệ phí", "amount_vnd": 100000, "channels": ["direct"]}, {"name": "Phí (không rõ mức)"}],
    results=[{"code": "KQ.G17.000001", "name": "Giấy phép"}],
    legal_basis=["Luật Xây dựng 2014"],
)


def test_the_grown_format_loads_and_indexes_every_case(tmp_path: Path) -> None:
    write(tmp_path, "p.json", GROWN)
    version = load_catalog(tmp_path).versions("9.000001")[0]
    assert version.offered == ("direct", "online")
    assert [c.id for c in version.cases] == ["tr1", "tr2"]
    assert [c.code for c in version.index("direct", "tr1").components] == ["TP1", "TP2", "TP3"]
    assert [c.code for c in version.index("direct", "tr2").components] == ["TP1", "TP2", "TP3", "TP4"]
    # A dossier naming no case may keep what any case lists; TP3 is listed twice and merged leniently.
    merged = version.index("direct").by_code
    assert list(merged) == ["TP1", "TP2", "TP3", "TP4"]
    assert tuple(merged["TP3"].accepted_forms) == (
        "original",
        "copy",
        "certified_copy",
        "photocopy",
        "electronic",
    )
    assert merged["TP4"].required is False  # not listed by tr1, so not required when no case is named
    tp2 = version.index("direct", "tr1").by_code["TP2"]
    assert tuple(tp2.accepted_forms) == ("original", "copy") and tp2.total_quantity is None
    assert version.procedure.components[0].portal_code == "GT-001"
    assert version.find_case("tr2") == "tr2" and version.find_case("  TRƯỜNG HỢP   cấp mới ") == "tr1"
    assert version.find_case("tr3") is None and version.find_case("") is None
    assert version.time_limit("direct", "tr1").unit == "calendar_months"
    assert version.time_limit("online", "tr2").unit == "unknown"
    assert version.time_limit("direct", "tr2").amount == 5  # the procedure's limit
    assert [case for case, _ in version.time_limits("direct")] == ["tr1", "tr2"]
    assert version.time_limits("direct", "tr2") == (("tr2", version.time_limit("direct", "tr2")),)
    proc = version.procedure
    assert proc.fees is not None and proc.fees[1].amount_vnd is None
    assert proc.results is not None and proc.results[0].code == "KQ.G17.000001"
    assert proc.legal_basis == ["Luật Xây dựng 2014"]


def test_a_file_of_the_first_format_means_what_it_meant(tmp_path: Path) -> None:
    write(tmp_path, "p.json", MINIMAL)
    version = load_catalog(tmp_path).versions("9.000001")[0]
    assert version.offered == ("direct", "postal", "online") and version.cases == ()
    assert version.time_limits("postal") == ((None, version.procedure.time_limit),)
    comp = version.index("postal").components[0]
    assert tuple(comp.accepted_forms) == ("original",) and comp.total_quantity == 1
    assert version.find_case("tr1") is None


def _case(**over: Any) -> dict[str, Any]:
    return {"id": "tr1", "name": "Trường hợp 1", "components": [], **over}


@pytest.mark.parametrize(
    ("content", "field", "reason"),
    [
        (
            dict(MINIMAL, components=[dict(MINIMAL["components"][0], copies={"original": 0})]),
            "components[0].copies.original",
            "greater than or equal to 1",
        ),
        (
            dict(MINIMAL, components=[dict(MINIMAL["components"][0], copies={})]),
            "components[0].copies",
            "at least 1",
        ),
        (
            dict(MINIMAL, components=[dict(MINIMAL["components"][0], copies={"copy": 1})]),
            "components[0].forms",
            "contradict copies",
        ),
        (dict(MINIMAL, channels=["fax"]), "channels[0]", ""),
        (dict(MINIMAL, cases=[_case(), _case(name="Trường hợp 2")]), "cases[1].id", "duplicate case id"),
        (
            dict(MINIMAL, cases=[_case(), _case(id="tr2", name=" trường HỢP 1")]),
            "cases[1].name",
            "share the name",
        ),
        (dict(MINIMAL, cases=[_case(), _case(id="trường hợp 1", name="X")]), "cases[1].id", "ambiguous"),
        (dict(MINIMAL, cases=[_case(id=" tr1")]), "cases[0].id", "pattern"),
        (
            dict(MINIMAL, cases=[_case(components=[MINIMAL["components"][0]])]),
            "cases[0].components[0].code",
            "duplicate component code",
        ),
        (
            dict(MINIMAL, components=[dict(MINIMAL["components"][0], required={"all": []})]),
            "components[0].required",
            "",
        ),
        (
            dict(MINIMAL, time_limit={"unit": "calendar_months"}),
            "time_limit.calendar_months.amount",
            "required",
        ),
        (dict(MINIMAL, time_limit={"unit": "unknown", "amount": -1}), "time_limit.unknown.amount", ""),
        (dict(MINIMAL, fees=[{"amount_vnd": 5}]), "fees[0].name", "Field required"),
        (dict(MINIMAL, legal_basis="Luật"), "legal_basis", "list"),
    ],
)
def test_bad_grown_files_name_the_field(tmp_path: Path, content: Any, field: str, reason: str) -> None:
    write(tmp_path, "bad.json", content)
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path)
    assert info.value.field is not None and info.value.field.startswith(field), info.value
    assert reason in info.value.reason


def test_the_same_code_in_several_cases_is_one_document(tmp_path: Path) -> None:
    row = {"code": "TP9", "name": "Đơn đề nghị", "forms": ["original"]}
    write(
        tmp_path,
        "p.json",
        dict(MINIMAL, cases=[_case(components=[row]), _case(id="tr2", name="T2", components=[row])]),
    )
    version = load_catalog(tmp_path).versions("9.000001")[0]
    assert version.index("online").by_code["TP9"] is version.index("online", "tr1").by_code["TP9"]
    assert version.index("online").by_code["TP9"].required is True  # required by every case


def test_forms_may_repeat_what_copies_says(tmp_path: Path) -> None:
    row = dict(MINIMAL["components"][0], forms=["copy", "original"], copies={"original": 1, "copy": 1})
    write(tmp_path, "p.json", dict(MINIMAL, components=[row]))
    comp = load_catalog(tmp_path).versions("9.000001")[0].procedure.components[0]
    assert tuple(comp.accepted_forms) == ("original", "copy") and comp.total_quantity == 1  # quantity written


def test_a_version_with_cases_pickles_before_and_after_its_merged_lists_are_built(tmp_path: Path) -> None:
    # Audit workers receive the checker pickled; the no-case lists are merged on first use.
    import pickle

    write(tmp_path, "p.json", GROWN)
    version = load_catalog(tmp_path).versions("9.000001")[0]
    fresh = pickle.loads(pickle.dumps(version))
    assert list(fresh.index("online").by_code) == ["TP1", "TP2", "TP3", "TP4"]
    version.index("direct")
    again = pickle.loads(pickle.dumps(version))
    assert (
        again.index("direct").by_code["TP3"].accepted_forms
        == version.index("direct").by_code["TP3"].accepted_forms
    )
