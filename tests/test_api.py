"""The Python API: check() inputs, the Report, selection, languages, purity and thread safety."""

from __future__ import annotations

import copy
import dataclasses
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import dossier_check
from dossier_check import Checker, Report, Violation, check

DATA = Path(__file__).parent / "data"
SPEC_PATH = DATA / "spec-dossier.json"
SPEC: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
AS_OF = "2026-11-27T12:00:00+07:00"


def faulty() -> dict[str, Any]:
    d = copy.deepcopy(SPEC)
    extra = {"name": "Sổ hộ khẩu", "form": "original", "quantity": 1}
    d["components"].append(extra)  # DC102
    d["appointment_slip"]["components"].append(dict(extra))  # the slip lists what was kept
    d["appointment_slip"]["number"] = " "  # DC202
    d["channel"] = "online"  # DC206 (warning)
    return d


def test_spec_example_passes_in_every_input_form() -> None:
    text = SPEC_PATH.read_text(encoding="utf-8")
    for given in (SPEC, text, text.encode("utf-8"), SPEC_PATH, str(SPEC_PATH)):
        report = check(given, as_of=AS_OF)
        assert report.passed, report.violations
        assert report.violations == ()
        assert report.dossier_code == "000.00.20.H20-261020-0007"


def test_report_of_a_faulty_dossier() -> None:
    report = check(faulty(), as_of=AS_OF)
    assert not report.passed and report.status == "fail"
    assert [(v.code, v.path) for v in report.violations] == [
        ("DC102", "/components/2"),
        ("DC202", "/appointment_slip/number"),
        ("DC206", "/appointment_slip/delivered_via"),
    ]
    dc102 = report.violations[0]
    assert dc102.rule == "excess-component" and dc102.severity == "error"
    assert dc102.params["component"] == "Sổ hộ khẩu"
    assert dc102.legal_basis == ("NĐ 118/2025 Điều 5", "NĐ 118/2025 Điều 6.1.b", "NĐ 63/2010 Điều 18.6")
    assert "Sổ hộ khẩu" in dc102.message


def test_warnings_alone_never_fail() -> None:
    d = copy.deepcopy(SPEC)
    d["channel"] = "online"
    report = check(d, as_of=AS_OF)
    assert report.codes == ["DC206"]
    assert report.passed


def test_violations_are_immutable() -> None:
    v = check(faulty(), as_of=AS_OF).violations[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.code = "DC999"  # type: ignore[misc]
    with pytest.raises(TypeError):
        v.params["component"] = "x"  # type: ignore[index]
    assert isinstance(v, Violation)


def test_report_round_trips_through_json() -> None:
    report = check(faulty(), as_of=AS_OF)
    again = Report.from_dict(json.loads(json.dumps(report.to_dict(), ensure_ascii=False)))
    assert again == report
    assert report.to_dict()["status"] == "fail"


def test_select_and_ignore_by_code_or_prefix() -> None:
    d = faulty()
    assert check(d, as_of=AS_OF, select="DC1").codes == ["DC102"]
    assert check(d, as_of=AS_OF, select=["DC2"]).codes == ["DC202", "DC206"]
    assert check(d, as_of=AS_OF, ignore="DC20").codes == ["DC102"]
    assert check(d, as_of=AS_OF, select="DC1,DC206", ignore="DC102").codes == ["DC206"]
    with pytest.raises(ValueError, match="matches no rule"):
        check(d, select="DC9")


def test_english_and_vietnamese_messages() -> None:
    vi = check(faulty(), as_of=AS_OF, lang="vi").violations[1]
    en = check(faulty(), as_of=AS_OF, lang="en").violations[1]
    assert vi.message == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả thiếu mục “Số phiếu”."
    assert en.message == "The appointment slip lacks “slip number”."
    assert vi.params == en.params
    with pytest.raises(ValueError):
        check(SPEC, lang="fr")


@pytest.mark.parametrize("bad", ["{not json", "[1, 2]", b"\xff\xfe{", "", "null"])
def test_bad_dossier_never_raises(bad: Any) -> None:
    report = check(bad, as_of=AS_OF)
    assert report.codes and set(report.codes) == {"DC001"}
    assert not report.passed


def test_non_mapping_values_are_dc001() -> None:
    for value in (None, 1, [SPEC], "  "):
        report = check(value, as_of=AS_OF) if value != "  " else check(value.encode(), as_of=AS_OF)
        assert report.codes == ["DC001"]
        assert report.violations[0].path == ""


def test_misuse_raises() -> None:
    with pytest.raises(FileNotFoundError):
        check(DATA / "no-such-file.json")


def test_checker_is_pure_and_thread_safe() -> None:
    checker = Checker(as_of=AS_OF)
    docs = [SPEC, faulty()] * 50
    before = copy.deepcopy(docs)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(checker.check, docs))
    assert docs == before  # the input is never modified
    assert all(r == results[i % 2] for i, r in enumerate(results))


def test_deterministic_order() -> None:
    d = faulty()
    d["apologies"] = [{"number": "1"}, {"number": "2"}]
    first = check(d, as_of=AS_OF)
    for _ in range(5):
        assert check(copy.deepcopy(d), as_of=AS_OF) == first
    keys = [v.sort_key() for v in first.violations]
    assert keys == sorted(keys)


def test_public_api_is_documented() -> None:
    for name in dossier_check.__all__:
        obj = getattr(dossier_check, name)
        if callable(obj) and not isinstance(obj, str):
            assert obj.__doc__, f"{name} has a docstring"


def test_deadline_api_explains_itself() -> None:
    # SPEC §6.3: received Fri 2026-02-13 14:00, 3 working days → Wed 2026-02-25 (Tết 16–20/02).
    result = dossier_check.deadline("1.001612", "2026-02-13T14:00:00+07:00")
    assert result.due_date.isoformat() == "2026-02-25"
    text = result.explain("vi")
    assert "Tết" in text and "25/02/2026" in text
    assert "2026-02-25" in json.dumps(result.to_dict())


def test_readme_api_example_runs() -> None:
    import re
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The Python API") :]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block is not None
    # the values the README's comments promise
    code = block.group(1) + (
        "\nassert report.passed is False"
        "\nassert report.codes == ['DC102', 'DC104', 'DC202', 'DC205', 'DC307']"
        "\nassert (v.code, v.path) == ('DC102', '/components/2')"
        "\nassert checker.check(dossier).passed"
        "\nassert d.due_date.isoformat() == '2026-02-25'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
