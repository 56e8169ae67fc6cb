"""The command line: golden output for every format, exit statuses, and the informational commands.

Goldens live in tests/golden/; after an intended change of output run
``UPDATE_GOLDEN=1 pytest tests/test_cli.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest

from dossier_check.cli import main, rules_table

HERE = Path(__file__).parent
ROOT = HERE.parent
DATA = HERE / "data"
GOLDEN = HERE / "golden"
AS_OF = "2026-11-27T12:00:00+07:00"


def run(*argv: str) -> tuple[int, str]:
    out = StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def relative(text: str) -> str:
    return text.replace(str(ROOT) + os.sep, "")


DOSSIER_DATA = ["tests/data/faulty-dossier.json", "tests/data/mixed.jsonl", "tests/data/spec-dossier.json"]
CASES = {
    "check-pass-text-vi": ["check", "tests/data/spec-dossier.json"],
    "check-fail-text-vi": ["check", "tests/data/faulty-dossier.json"],
    "check-fail-text-en": ["check", "tests/data/faulty-dossier.json", "--lang", "en"],
    "check-mixed-text-vi": ["check", "tests/data/mixed.jsonl"],
    "check-mixed-jsonl-vi": ["check", "tests/data/mixed.jsonl", "--format", "jsonl"],
    "check-mixed-json-en": ["check", "tests/data/mixed.jsonl", "--format", "json", "--lang", "en"],
    "check-select-text-en": ["check", "tests/data/faulty-dossier.json", "--select", "DC1", "--lang", "en"],
    # the dossiers of tests/data (its laythutuc/ folder holds procedure records, not dossiers)
    "audit-mixed-text-vi": ["audit", *DOSSIER_DATA, "--jobs", "1", "--quiet"],
    "audit-mixed-csv-en": [
        "audit",
        *DOSSIER_DATA,
        "--format",
        "csv",
        "--lang",
        "en",
        "--jobs",
        "1",
        "--quiet",
    ],
    # Excel with Vietnamese regional settings splits on ";"; the header and the values are Vietnamese
    "audit-mixed-csv-semicolon-vi": [
        "audit",
        *DOSSIER_DATA,
        "--format",
        "csv",
        "--csv-delimiter",
        ";",
        "--jobs",
        "1",
        "--quiet",
    ],
    "audit-mixed-csv-tab-vi": [
        "audit",
        *DOSSIER_DATA,
        "--format",
        "csv",
        "--csv-delimiter",
        "tab",
        "--jobs",
        "2",
        "--quiet",
    ],
    "audit-mixed-jsonl-vi": [
        "audit",
        "tests/data/mixed.jsonl",
        "--format",
        "jsonl",
        "--jobs",
        "2",
        "--quiet",
    ],
}
EXPECTED_STATUS = {
    "check-pass-text-vi": 0,
    "check-fail-text-vi": 1,
    "check-fail-text-en": 1,
    "check-mixed-text-vi": 3,
    "check-mixed-jsonl-vi": 3,
    "check-mixed-json-en": 3,
    "check-select-text-en": 1,
    "audit-mixed-text-vi": 3,
    "audit-mixed-csv-en": 3,
    "audit-mixed-csv-semicolon-vi": 3,
    "audit-mixed-csv-tab-vi": 3,
    "audit-mixed-jsonl-vi": 3,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_output(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    status, text = run(*CASES[name], "--as-of", AS_OF)
    assert status == EXPECTED_STATUS[name]
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(text.encode("utf-8"))  # bytes: the CSV's CRLF line ends are part of the format
    assert text.encode("utf-8") == golden.read_bytes()


def test_audit_jsonl_equals_check_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert (GOLDEN / "audit-mixed-jsonl-vi.txt").read_bytes() == (
        GOLDEN / "check-mixed-jsonl-vi.txt"
    ).read_bytes()


def test_jsonl_records_have_the_spec_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    _, text = run("check", "tests/data/mixed.jsonl", "--format", "jsonl", "--as-of", AS_OF)
    records = [json.loads(line) for line in text.splitlines()]
    assert [r["source"] for r in records] == [
        "tests/data/mixed.jsonl:1",
        "tests/data/mixed.jsonl:2",
        "tests/data/mixed.jsonl:4",
        "tests/data/mixed.jsonl:5",
    ]
    assert [r["status"] for r in records] == ["pass", "fail", "error", "error"]
    for r in records:
        assert list(r) == [
            "source",
            "format",
            "dossier_code",
            "procedure_code",
            "status",
            "violations",
            "not_evaluable",
            "error",
        ]
        assert r["format"] == "native" and r["not_evaluable"] == []
    assert "Sổ hộ khẩu" in text  # UTF-8, not \\u escapes


def test_exit_statuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", str(DATA / "spec-dossier.json"), "--as-of", AS_OF)[0] == 0
    assert run("check", str(DATA / "faulty-dossier.json"), "--as-of", AS_OF)[0] == 1
    # warnings only: still 0
    assert run("check", str(DATA / "faulty-dossier.json"), "--select", "DC307", "--as-of", AS_OF)[0] == 0
    # unreadable input takes precedence over failures
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert run("check", str(DATA / "faulty-dossier.json"), str(bad), "--as-of", AS_OF)[0] == 3
    assert run("check", str(tmp_path / "missing.json"), "--as-of", AS_OF)[0] == 3
    # usage errors: 2, with a message and no traceback
    for argv in (
        ["check", str(bad), "--select", "DC9"],
        ["check", str(bad), "--as-of", "yesterday"],
        ["check", str(bad), "--config", str(tmp_path / "nope.toml")],
        ["rule", "DC999"],
        ["deadline", "--procedure", "9.999999", "--received-at", "2026-10-20T09:00"],
        ["schema", "--procedure", "9.999999"],
    ):
        assert run(*argv)[0] == 2, argv
        err = capsys.readouterr().err
        assert "dossier-check:" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as info:
        main(["check"])
    assert info.value.code == 2


def test_non_utf8_and_utf16_inputs_are_reported(tmp_path: Path) -> None:
    spec = (DATA / "spec-dossier.json").read_text(encoding="utf-8")
    (tmp_path / "utf16.json").write_text(spec, encoding="utf-16")
    (tmp_path / "latin1.json").write_bytes(spec.encode("utf-8").replace("ộ".encode(), b"\xf4"))
    status, text = run("check", str(tmp_path), "--format", "jsonl", "--as-of", AS_OF)
    assert status == 3
    reasons = [json.loads(line)["error"] for line in text.splitlines()]
    assert len(reasons) == 2 and all("UTF-8" in r for r in reasons)


def test_rules_command_lists_the_rules_of_the_documentation() -> None:
    status, text = run("rules", "--lang", "en")
    assert status == 0
    assert text == rules_table("en")
    codes = re.findall(r"^\| (DC\d{3}) ", text, re.M)
    assert len(codes) == len(set(codes)) == 40  # DC001–DC008, DC101–DC107, DC201–DC206, DC301–DC307, …
    index = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert re.findall(r"^\| \[(DC\d{3})\]", index, re.M) == codes


def test_rules_table_is_vietnamese_by_default() -> None:
    status, text = run("rules")
    assert status == 0 and text == rules_table("vi")
    assert text.startswith("| Mã | Quy tắc | Mức độ | Nội dung phát hiện | Căn cứ pháp lý |")
    assert "| DC102 | excess-component | lỗi | Một thành phần đã nhận không có trong thành phần hồ sơ" in text
    assert "NĐ 118/2025 Điều 5; NĐ 118/2025 Điều 6.1.b; NĐ 63/2010 Điều 18.6 |" in text


def test_rules_json_carries_every_text_in_both_languages() -> None:
    status, text = run("rules", "--format", "json")
    rows = {r["code"]: r for r in json.loads(text)}
    assert status == 0 and {"DC001", "DC102", "DC509"} <= set(rows)
    dc301 = rows["DC301"]
    assert dc301["rule"] == "missing-control-slip" and dc301["severity"] == "error"
    for key in ("title", "summary", "message", "doc", "legal_notes"):
        assert set(dc301[key]) == {"vi", "en"} and all(dc301[key].values()), key
    assert dc301["legal_basis"] == ["NĐ 61/2018 Điều 39.1", "TT 03/2025/TT-VPCP Mẫu 06"]
    assert rows["DC102"]["legal_notes"] == {"vi": "", "en": ""}


def test_rule_explanation_in_both_languages() -> None:
    status, text = run("rule", "dc102", "--lang", "en")
    assert status == 0
    assert text.startswith("DC102 excess-component (error)\nComponent not in the published list\n")
    assert "What it checks" in text and "Why it matters" in text and "Example" in text
    assert "Legal basis: NĐ 118/2025 Điều 5; NĐ 118/2025 Điều 6.1.b; NĐ 63/2010 Điều 18.6\n" in text
    status, text = run("rule", "DC102")
    assert status == 0
    assert text.startswith("DC102 excess-component (lỗi)\nNhận thừa thành phần hồ sơ\n")
    assert "Nội dung kiểm tra" in text and "Vì sao cần kiểm tra" in text and "Ví dụ" in text
    assert "What it checks" not in text
    assert "Căn cứ pháp lý: NĐ 118/2025 Điều 5; NĐ 118/2025 Điều 6.1.b; NĐ 63/2010 Điều 18.6\n" in text


def test_rule_explanation_prints_the_notes_under_the_legal_basis() -> None:
    status, text = run("rule", "DC505")
    assert status == 0
    assert text.endswith(
        "Căn cứ pháp lý: NĐ 61/2018 Điều 19.9; TT 03/2025/TT-VPCP Mẫu 04\n"
        "  Ghi chú: NĐ 61/2018 (Điều 19.9) đã được thay thế bởi NĐ 118/2025 từ 01/07/2025; chưa xác định được "
        "điều khoản tương ứng.\n"
    )
    status, text = run("rule", "DC505", "--lang", "en")
    assert text.endswith(
        "Legal basis: NĐ 61/2018 Điều 19.9; TT 03/2025/TT-VPCP Mẫu 04\n"
        "  Note: NĐ 61/2018 (Điều 19.9) was replaced by NĐ 118/2025 from 01/07/2025; successor article not yet "
        "identified.\n"
    )


def test_an_unknown_rule_is_a_usage_error_in_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("rule", "DC999")[0] == 2
    assert "không có quy tắc “DC999”" in capsys.readouterr().err
    assert run("rule", "DC999", "--lang", "en")[0] == 2
    assert "no rule “DC999”" in capsys.readouterr().err


def test_schema_commands() -> None:
    status, text = run("schema")
    assert status == 0 and json.loads(text)["$id"].endswith("dossier.schema.json")
    status, text = run("schema", "procedure")
    assert status == 0 and json.loads(text)["$id"].endswith("procedure.schema.json")
    status, text = run("schema", "--procedure", "1.004222", "--on", "2026-10-20", "--channel", "online")
    schema = json.loads(text)
    assert status == 0 and schema["properties"]["procedure_code"] == {"const": "1.004222"}


def test_deadline_command_explains_day_by_day() -> None:
    status, text = run("deadline", "--procedure", "1.001612", "--received-at", "2026-02-13T14:00:00+07:00")
    assert status == 0
    assert "25/02/2026" in text and "Tết" in text
    status, text = run(
        "deadline", "--procedure", "1.001612", "--received-at", "2026-02-13T14:00:00+07:00", "--lang", "en"
    )
    assert (status == 0 and "Lunar New Year" in text) or "Tết" in text


def test_console_script_runs_without_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dossier_check", "check", str(DATA / "faulty-dossier.json"), "--as-of", AS_OF],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "DC102" in proc.stdout and proc.stderr == ""


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_rule_codes_of_every_family_are_known_in_a_fresh_process(option: str) -> None:
    """``--select``/``--ignore`` are checked against the rule registry before any dossier is read. In a fresh
    process only the rules of the modules imported so far are registered: every family's codes and prefixes
    must be known all the same, and the run must give what the same options give in this process (where
    ``rules()`` has registered every rule)."""
    from dossier_check.rules import rules

    known = [r.code for r in rules()]
    families = sorted({code[:3] for code in known})
    assert families == ["DC0", "DC1", "DC2", "DC3", "DC4", "DC5"]
    codes = families + [min(c for c in known if c.startswith(f)) for f in families if f != "DC0"]
    for value in (",".join(codes), ",".join(codes[1:6]), "DC203"):
        argv = [
            "check",
            str(DATA / "faulty-dossier.json"),
            option,
            value,
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ]
        proc = subprocess.run(
            [sys.executable, "-m", "dossier_check", *argv], capture_output=True, text=True, check=False
        )
        assert proc.stderr == "", (value, proc.stderr)
        assert (proc.returncode, proc.stdout) == run(*argv), value
