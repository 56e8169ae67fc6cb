"""The small things a user hit: standard input, a .gz of any name, JSON Lines line numbers in every path,
the README's configuration and quick start as written, -q, the progress bar's time left."""

from __future__ import annotations

import gzip
import io
import json
import re
import shlex
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from dossier_check.audit import run as audit_run
from dossier_check.audit.progress import clock, remaining_text, time_left
from dossier_check.cli import main
from dossier_check.engine import load_config
from dossier_check.sources.files import sniff_kind

HERE = Path(__file__).parent
ROOT = HERE.parent
DATA = HERE / "data"
AS_OF = "2026-11-27T12:00:00+07:00"
SPEC = json.loads((DATA / "spec-dossier.json").read_text(encoding="utf-8"))


def run(
    *argv: str, stdin: bytes | None = None, monkeypatch: pytest.MonkeyPatch | None = None
) -> tuple[int, list[dict[str, Any]]]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    out = io.StringIO()
    status = main([*argv, "--format", "jsonl", "--as-of", AS_OF], out=out)
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def line(d: object) -> bytes:
    return json.dumps(d, ensure_ascii=False).encode("utf-8") + b"\n"


# --- check - reads standard input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "sources"),
    [
        (json.dumps(SPEC, indent=2).encode(), ["<stdin>"]),
        (json.dumps([SPEC, SPEC], indent=2).encode(), ["<stdin>#0", "<stdin>#1"]),
        (line(SPEC) + line(SPEC) + b"\n" + line(SPEC), ["<stdin>:1", "<stdin>:2", "<stdin>:4"]),
        (json.dumps([SPEC]).encode() + b"\n", ["<stdin>#0"]),  # one array on one line: a document
    ],
    ids=["object", "array", "json-lines", "one-line-array"],
)
def test_check_reads_standard_input(monkeypatch: pytest.MonkeyPatch, data: bytes, sources: list[str]) -> None:
    status, recs = run("check", "-", stdin=data, monkeypatch=monkeypatch)
    assert status == 0 and [r["source"] for r in recs] == sources
    assert all(r["status"] == "pass" for r in recs)


def test_standard_input_with_a_bad_line_and_a_file_beside_it(monkeypatch: pytest.MonkeyPatch) -> None:
    data = line(SPEC) + b'{"code": \n' + line(SPEC)
    status, recs = run("check", str(DATA / "spec-dossier.json"), "-", stdin=data, monkeypatch=monkeypatch)
    assert status == 3
    assert [(r["source"], r["status"]) for r in recs] == [
        (str(DATA / "spec-dossier.json"), "pass"),
        ("<stdin>:1", "pass"),
        ("<stdin>:2", "error"),
        ("<stdin>:3", "pass"),
    ]
    assert "không phải JSON hợp lệ" in recs[2]["error"]


def test_empty_standard_input_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    status, recs = run("check", "-", stdin=b"", monkeypatch=monkeypatch)
    assert status == 3 and recs[0]["source"] == "<stdin>" and recs[0]["error"]


def test_sniff_kind() -> None:
    assert sniff_kind(b'{"a": 1}\n{"a": 2}\n') == "jsonl"
    assert sniff_kind(b"\xef\xbb\xbf  [1]\n[2]") == "jsonl"
    assert sniff_kind(b'{\n  "a": 1\n}\n') == "json"
    assert sniff_kind(b'[{"a": 1},\n {"a": 2}]') == "json"
    assert sniff_kind(b'{"a": 1}\n\n  \n') == "json"  # one value, then blank lines
    assert sniff_kind(b"PK\x03\x04") == "json"  # not JSON: its reader says so


# --- a .gz whose inner name lacks .json/.jsonl ----------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "audit"])
def test_a_gz_of_another_name_is_read_by_its_content(tmp_path: Path, command: str) -> None:
    (tmp_path / "export.gz").write_bytes(gzip.compress(line(SPEC) + line(SPEC)))
    (tmp_path / "one.json-backup.gz").write_bytes(gzip.compress(json.dumps(SPEC, indent=2).encode()))
    (tmp_path / "bad.gz").write_bytes(gzip.compress(b"hello"))
    status, recs = run(command, str(tmp_path), "--lang", "en")
    by = {r["source"]: r for r in recs}
    assert by[f"{tmp_path}/export.gz:1"]["status"] == by[f"{tmp_path}/export.gz:2"]["status"] == "pass"
    assert by[f"{tmp_path}/one.json-backup.gz"]["status"] == "pass"
    bad = by[f"{tmp_path}/bad.gz"]
    assert bad["status"] == "error" and "not valid JSON" in bad["error"] and ".gz" not in bad["error"]
    assert status == 3


# --- JSON Lines: the file's line number, in every path --------------------------------------------------


def _bad_lines(n: int = 40, bad: tuple[int, ...] = (7, 33)) -> bytes:
    return b"".join(b'{"code": \n' if i in bad else line(SPEC) for i in range(1, n + 1))


@pytest.mark.parametrize("container", ["plain", "ndjson", "gz", "zip"])
@pytest.mark.parametrize("command", ["check", "audit-whole", "audit-chunks"])
def test_json_lines_errors_carry_the_file_line_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, container: str, command: str
) -> None:
    data = _bad_lines()
    if container == "plain":
        path = tmp_path / "x.jsonl"
        path.write_bytes(data)
        prefix = str(path)
    elif container == "ndjson":
        path = tmp_path / "x.ndjson"
        path.write_bytes(data)
        prefix = str(path)
    elif container == "gz":
        path = tmp_path / "x.jsonl.gz"
        path.write_bytes(gzip.compress(data))
        prefix = str(path)
    else:
        path = tmp_path / "x.zip"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("inner/x.jsonl", data)
        prefix = f"{path}!inner/x.jsonl"
    if command == "audit-chunks":
        monkeypatch.setattr(audit_run, "CHUNK_BYTES", 3_000)  # plain files are cut into byte ranges
    argv = ["check", str(path)] if command == "check" else ["audit", str(path), "--jobs", "2", "--quiet"]
    status, recs = run(*argv)
    assert status == 3
    assert [r["source"] for r in recs] == [f"{prefix}:{i}" for i in range(1, 41)]
    errors = [r["source"].rsplit(":", 1)[1] for r in recs if r["status"] == "error"]
    assert errors == ["7", "33"]


# --- the README's configuration example and quick start, as written -----------------------------------


def _readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_configuration_runs_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    section = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8").split("## Configuration file", 1)[1]
    block = re.search(r"```toml\n(.*?)```", section, flags=re.S)
    assert block is not None
    shipped = ROOT / "examples" / "dossier-check.toml"
    assert block.group(1) == shipped.read_text(encoding="utf-8")  # docs/cli.md shows the shipped file
    settings = load_config(shipped)
    assert settings.select == ("DC1", "DC2") and settings.severities["DC307"] == "off"
    from datetime import date

    assert not settings.calendar.is_working_day(date(2026, 12, 31))  # the local calendar it names
    monkeypatch.chdir(ROOT)
    status, recs = run("check", "examples/dossiers", "--config", "examples/dossier-check.toml")
    assert status in (0, 1, 3) and recs  # a configuration error would be 2, with no record
    assert all(
        v["code"][:3] in ("DC1", "DC2") or v["code"].startswith("DC0") for r in recs for v in r["violations"]
    )


def _args(command: str) -> list[str]:
    words = shlex.split(command)
    at = next(i for i, w in enumerate(words) if w.endswith("dossier-check"))
    args = words[at + 1 :]
    at = args.index("--report")
    args[at + 1] = "REPORT"
    return [a for a in args if a != "--quiet"]


def test_the_quick_start_and_ci_run_the_same_audit() -> None:
    readme = re.search(r"## Quick start.*?```sh\n(.*?)\n```", _readme(), flags=re.S)
    assert readme is not None
    ci = [
        x
        for x in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if 'dossier-check" audit' in x
    ]
    assert len(ci) == 1
    ci_command = ci[0].split(">")[0].replace('"$venv/bin/dossier-check"', "dossier-check")
    assert _args(readme.group(1).split("&&")[-1]) == _args(ci_command)
    assert "--as-of" in _args(ci_command)  # the same numbers on any day


def test_the_quick_start_as_of_is_the_example_data_audit_time() -> None:
    source = (ROOT / "examples" / "make_exports.py").read_text(encoding="utf-8")
    m = re.search(r"AS_OF = datetime\((\d+), (\d+), (\d+), (\d+), (\d+)\)", source)
    assert m is not None
    y, mo, d, h, mi = (int(x) for x in m.groups())
    args = _args(
        re.search(r"## Quick start.*?```sh\n(.*?)\n```", _readme(), flags=re.S).group(1).split("&&")[-1]
    )  # type: ignore[union-attr]
    assert args[args.index("--as-of") + 1] == f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}"


# --- -q, the progress bar -------------------------------------------------------------------------------


def test_q_is_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    short = main(
        ["audit", str(DATA / "mixed.jsonl"), "-q", "--format", "jsonl", "--as-of", AS_OF], out=io.StringIO()
    )
    err_short = capsys.readouterr().err
    long = main(
        ["audit", str(DATA / "mixed.jsonl"), "--quiet", "--format", "jsonl", "--as-of", AS_OF],
        out=io.StringIO(),
    )
    assert short == long == 3 and err_short == capsys.readouterr().err and err_short.count("\n") == 1


def test_the_progress_bar_estimates_the_time_left() -> None:
    assert time_left(0, 100, 5.0) is None and time_left(50, 100, 0.5) is None
    assert time_left(25, 100, 10.0) == pytest.approx(30.0)
    assert time_left(100, 100, 10.0) == 0.0
    assert clock(65) == "01:05" and clock(3_725) == "1:02:05" and clock(59.6) == "01:00"
    assert remaining_text(65, "vi") == "còn 01:05" and remaining_text(65, "en") == "01:05 left"
    assert remaining_text(None, "vi") == "còn --:--"


def test_the_progress_bar_draws_the_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    from dossier_check.audit.progress import Progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    now = [1000.0]
    monkeypatch.setattr("dossier_check.audit.progress.time.monotonic", lambda: now[0])
    stream = Tty()
    bar = Progress(stream, True, 1_000, "vi")
    now[0] += 20.0
    bar.update(300, 250, force=True)
    assert "còn 01:00" in stream.getvalue() and "300 hồ sơ" in stream.getvalue()
