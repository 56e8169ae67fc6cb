"""TOML configuration: severities, selection, office hours, calendars, counting convention; clear errors."""

from __future__ import annotations

import copy
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from dossier_check import Checker, ConfigError, load_config
from dossier_check.cli import main

DATA = Path(__file__).parent / "data"
FAULTY: dict[str, Any] = json.loads((DATA / "faulty-dossier.json").read_text(encoding="utf-8"))
SPEC: dict[str, Any] = json.loads((DATA / "spec-dossier.json").read_text(encoding="utf-8"))
AS_OF = "2026-11-27T12:00:00+07:00"


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "dossier-check.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_severity_overrides_and_selection(tmp_path: Path) -> None:
    path = config(tmp_path, 'ignore = ["DC205"]\n[severity]\nDC102 = "warning"\nDC307 = "off"\n')
    settings = load_config(path)
    report = Checker(settings=settings, as_of=AS_OF).check(FAULTY)
    by_code = {v.code: v.severity for v in report.violations}
    assert by_code == {"DC102": "warning", "DC104": "error", "DC202": "error"}


def _codes(*argv: str) -> set[str]:
    out = StringIO()
    main(["check", str(DATA / "faulty-dossier.json"), *argv, "--format", "jsonl", "--as-of", AS_OF], out=out)
    return {v["code"] for v in json.loads(out.getvalue())["violations"]}


def test_select_from_config_and_cli_override(tmp_path: Path) -> None:
    path = config(tmp_path, 'select = ["DC1"]\n')
    assert _codes("--config", str(path)) == {"DC102", "DC104"}
    assert _codes("--config", str(path), "--select", "DC2") == {"DC202", "DC205"}


def test_office_hours_change_the_transfer_deadline(tmp_path: Path) -> None:
    # Received 16:20 with the default close at 17:00; if the office closes at 16:00 the receipt moves to the
    # next morning and a hand-over at 14:00 that day is within "the same day".
    d = copy.deepcopy(FAULTY)
    base = Checker(as_of=AS_OF, select="DC307").check(d)
    assert base.codes == ["DC307"]
    settings = load_config(
        config(tmp_path, '[office_hours]\nsessions = [["07:00", "11:00"], ["13:00", "16:00"]]\n')
    )
    assert Checker(settings=settings, as_of=AS_OF, select="DC307").check(d).codes == []


def test_counting_convention_is_configurable(tmp_path: Path) -> None:
    # 7 working days from Tue 2026-10-20: the 29th when the receipt day is not counted, the 28th when it is.
    d = copy.deepcopy(SPEC)
    for key in ("appointment_slip", "control_slip", "tracking_entry"):
        d[key]["appointment_at"] = "2026-10-29T14:00:00+07:00"
    assert Checker(as_of=AS_OF, select="DC203").check(d).codes == []
    settings = load_config(config(tmp_path, "count_receipt_day = true\n"))
    assert Checker(settings=settings, as_of=AS_OF, select="DC203").check(d).codes == ["DC203"]


def test_calendar_file_from_config(tmp_path: Path) -> None:
    cal = tmp_path / "local.json"
    cal.write_text(
        json.dumps(
            {
                "year": 2026,
                "official": True,
                "source": "QĐ nghỉ lễ địa phương (thử nghiệm)",
                "days_off": [
                    {
                        "date": "2026-10-22",
                        "reason_vi": "Nghỉ lễ địa phương",
                        "reason_en": "Local holiday",
                        "kind": "local",
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    settings = load_config(config(tmp_path, 'calendars = ["local.json"]\n'))
    assert not settings.calendar.is_working_day(__import__("datetime").date(2026, 10, 22))
    d = copy.deepcopy(SPEC)
    for key in ("appointment_slip", "control_slip", "tracking_entry"):
        d[key]["appointment_at"] = "2026-10-30T14:00:00+07:00"
    # 7 working days from Tue 20/10 end on Thu 29/10; with a local day off on the 22nd they end on the 30th.
    assert Checker(as_of=AS_OF).check(d).codes == ["DC203"]
    assert Checker(settings=settings, as_of=AS_OF).check(d).codes == []


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("selct = []\n", "selct"),
        ('select = "DC1"\n', "select"),
        ('select = ["DC9"]\n', "select"),
        ('[severity]\nDC999 = "error"\n', "severity.DC999"),
        ('[severity]\nDC102 = "fatal"\n', "severity.DC102"),
        ("count_receipt_day = 1\n", "count_receipt_day"),
        ('lang = "fr"\n', "lang"),
        ('[office_hours]\nsessions = [["07:30", "25:00"]]\n', "office_hours.sessions[0][1]"),
        ('[office_hours]\nsessions = [["13:30", "17:00"], ["07:30", "11:30"]]\n', "office_hours.sessions[1]"),
        ('calendars = ["missing.json"]\n', "calendars"),
        ("this is not toml\n", None),
    ],
)
def test_invalid_configuration_is_a_clear_error(tmp_path: Path, text: str, field: str | None) -> None:
    path = config(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.file == str(path)
    assert info.value.field == field


def test_invalid_configuration_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = config(tmp_path, '[severity]\nDC102 = "fatal"\n')
    out = StringIO()
    assert main(["check", str(DATA / "spec-dossier.json"), "--config", str(path)], out=out) == 2
    err = capsys.readouterr().err
    assert "lỗi cấu hình" in err and "cần một trong" in err and "DC102" in err and "Traceback" not in err
    assert out.getvalue() == ""
    assert (
        main(["check", str(DATA / "spec-dossier.json"), "--config", str(path), "--lang", "en"], out=out) == 2
    )
    err = capsys.readouterr().err
    assert "configuration error" in err and "expected one of" in err and "DC102" in err
