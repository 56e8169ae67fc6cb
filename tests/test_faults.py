"""Fault injection: the audit survives every fault it meets, accounts for every record, and never lies.

Each section pins one family of faults an adversarial tester found (the promise the README's
"Guarantees and limits" makes): values the encoder cannot write and dates in far years (no record lost,
no exception), atomic outputs, signals, resource limits, the file system, full disks and broken pipes,
terminal safety. Subprocess tests are bounded in time (timeouts) and memory (``RLIMIT_AS``), so a
regression fails the run instead of hanging or exhausting the machine.
"""

from __future__ import annotations

import builtins
import contextlib
import copy
import dataclasses
import errno
import gzip
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dossier_check import Catalog, Checker, load_catalog
from dossier_check.reasons import reason_text
from dossier_check.render.records import record_for, record_line
from dossier_check.sources import InputRecord
from faultkit import (
    AS_OF,
    DOSSIERS,
    EXE,
    EXPORT,
    TIMEOUT,
    cli,
    run,
    run_measured,
    session_processes,
    wait_for_no_processes,
    write_lines,
)

# --- 3. every record accounted for: far years ---------------------------------------------------------------

FAR_YEARS = ["0001", "0002", "1899", "1900", "2199", "2200", "5000", "9998", "9999"]
_DATE = re.compile(r'"(\d{4})-(\d\d-\d\d)')


TIMELESS = Catalog(dataclasses.replace(v, valid_from=date.min, valid_to=None) for v in load_catalog())
"""The built-in procedures in force in every year: deadlines are computed whatever the year."""


def in_year(dossier: dict[str, Any], year: str) -> dict[str, Any]:
    """``dossier`` with every date and date-time moved to ``year`` (29 February kept only in leap years)."""
    text = _DATE.sub(lambda m: f'"{year}-{m.group(2)}', json.dumps(dossier, ensure_ascii=False))
    text = text.replace(f'"{year}-02-29', f'"{year}-02-28')
    return json.loads(text)  # type: ignore[no-any-return]


@pytest.mark.parametrize("year", FAR_YEARS)
def test_a_dossier_in_any_year_gets_a_verdict(year: str) -> None:
    checker = Checker(TIMELESS, as_of=f"{year}-12-31T12:00:00+07:00")
    statuses = set()
    for dossier in DOSSIERS[:40]:
        report = checker.check(in_year(dossier, year))  # never raises
        statuses.add(report.status)
        assert "DC003" not in report.codes  # the procedure is in force: its deadline was computed
        if dossier["outcome"] == "accepted":  # its deadline was computed, in a provisional year
            assert "DC007" in report.codes, (year, report.codes)
        assert not report.not_evaluable, report.not_evaluable  # no rule gave up
        record_line(report.to_dict())  # and the record can be written
    assert statuses <= {"pass", "fail"}


@pytest.mark.parametrize(
    "received",
    [
        "9999-12-31T23:59:00+07:00",  # the last minute there is: every deadline lies beyond it
        "9999-12-31T16:59:00+07:00",  # the close of the last working day
        "9999-12-31T18:00:00",  # after the close of the last day: the clock never starts
        "9999-12-31T23:59:00Z",  # +07:00 would be in year 10000: unreadable, DC001
        "0001-01-01T00:00:00+08:00",  # -1 hour would be in year 0: unreadable, DC001
        "0001-01-01T07:30:00+07:00",
        "0001-01-01",
        "9999-12-31",
    ],
)
def test_the_edges_of_the_calendar_get_a_verdict(received: str) -> None:
    checker = Checker(TIMELESS, as_of="9999-12-31T23:59:59+07:00")
    dossier = copy.deepcopy(DOSSIERS[0])
    dossier = in_year(dossier, received[:4])
    dossier["received_at"] = received
    report = checker.check(dossier)
    assert report.status in ("pass", "fail")
    unreadable = received.endswith(("Z", "+08:00")) or len(received) == 10
    assert ("DC001" in report.codes) == unreadable, report.codes
    record_line(report.to_dict())


def test_the_deadline_command_explains_a_deadline_past_the_calendar() -> None:
    status, out, err = cli(
        "deadline", "--procedure", "1.004222", "--received-at", "9999-12-29T09:00", "--lang", "en"
    )
    # The built-in procedure is in force: the deadline is beyond 31/12/9999, said so, not a traceback.
    assert status == 0, err
    assert "Deadline: after 31/12/9999, the last day of the calendar" in out, out


# --- 3. every record accounted for: values the encoder cannot write -----------------------------------------

HUGE_INT = 10**20  # beyond 64 bits: orjson refuses to write it


def test_a_huge_integer_costs_no_other_record(tmp_path: Path) -> None:
    good = DOSSIERS[0]
    bad = copy.deepcopy(good)
    bad["sets"] = 100000000000000000000.0  # JSON 1e20: a float to orjson, an excess of sets to DC106
    lines = [json.dumps(d, ensure_ascii=False) for d in (good, bad, good)]
    # Written as an integer (as stdlib json does): orjson reads it as a float, the rules turn it back.
    lines[1] = lines[1].replace("1e+20", "100000000000000000000")
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for cmd in (["check", str(path)], ["audit", str(path), "--jobs", "1", "--quiet"]):
        for fmt in ("jsonl", "json", "csv", "text"):
            if fmt == "csv" and cmd[0] == "check":
                continue
            status, out, err = cli(*cmd, "--format", fmt, "--as-of", AS_OF)
            assert "Traceback" not in err and "internal error" not in out + err, (cmd, fmt, err)
            assert status in (0, 1), (cmd, fmt, status, err)
            if fmt == "jsonl":
                recs = [json.loads(x) for x in out.splitlines()]
                assert [r["source"].rsplit(":", 1)[1] for r in recs] == ["1", "2", "3"]
                assert recs[1]["status"] == "fail" and recs[1]["error"] is None
                dc106 = [v for v in recs[1]["violations"] if v["code"] == "DC106"]
                assert dc106 and str(HUGE_INT) in json.dumps(dc106[0]["params"]), dc106


@pytest.mark.parametrize(
    "value",
    [
        *(HUGE_INT, -HUGE_INT, 2**64, 10**400, float("inf"), float("-inf"), float("nan"), 1e308),
        *("x" * 100_000, "\udc80 a lone surrogate", "\x1b[2J\u202e", [[[[[]]]]] * 3, {"a": {"b": {}}}),
    ],
    ids=repr,
)
def test_any_value_anywhere_is_a_verdict_and_a_record(value: Any) -> None:
    checker = Checker(as_of=AS_OF)
    base = DOSSIERS[1]
    for pointer in _pointers(base):
        dossier = copy.deepcopy(base)
        _set(dossier, pointer, value)
        record = record_for(checker, InputRecord("x.json", dossier))
        line = record_line(record)  # never raises
        assert json.loads(line)["source"] == "x.json"  # valid JSON (orjson cannot read 10**400 back)
        line.decode("utf-8")  # valid UTF-8
        assert record["status"] in ("pass", "fail"), (pointer, record)


def _deep(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def test_deep_nesting_anywhere_is_a_verdict_and_a_record() -> None:
    checker = Checker(as_of=AS_OF)
    base = DOSSIERS[1]
    deep = _deep(100_000)
    for pointer in _pointers(base)[::7]:
        dossier = copy.deepcopy(base)
        _set(dossier, pointer, deep)
        record = record_for(checker, InputRecord("x.json", dossier))
        assert record["status"] in ("pass", "fail"), (pointer, record)
        json.loads(record_line(record))


def _pointers(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place a scalar sits in ``value`` (keys of objects, indexes of arrays)."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _pointers(v, (*prefix, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _pointers(v, (*prefix, i))]
    return [prefix]


def _set(doc: Any, pointer: tuple[Any, ...], value: Any) -> None:
    for key in pointer[:-1]:
        doc = doc[key]
    doc[pointer[-1]] = value


def test_a_rule_that_fails_costs_only_its_own_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    checker = Checker(as_of=AS_OF)

    def broken(ctx: Any) -> Any:
        yield from ()
        raise ZeroDivisionError("a bug in one rule")

    steps = [(r, broken if r.code == "DC203" else c, *rest) for r, c, *rest in checker._steps]
    monkeypatch.setattr(checker, "_steps", tuple(steps))
    faulty = copy.deepcopy(DOSSIERS[0])
    faulty["tracking_entry"] = None  # DC401 still fires: the other rules ran
    report = checker.check(faulty)
    assert "DC401" in report.codes and "DC203" not in report.codes
    assert list(report.not_evaluable) == ["DC203"]
    reason = report.not_evaluable["DC203"]
    assert reason_text(reason, "vi") != reason_text(reason, "en") != reason  # registered in both languages


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "text"])
def test_a_record_that_cannot_be_written_costs_no_other_record(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever fails while one record is serialised or counted, that record alone becomes an error record."""
    from dossier_check.audit import workers

    path = write_lines(tmp_path / "export.jsonl", DOSSIERS[:6])
    real_line, real_rows = workers.record_line, workers.csv_out.RowWriter.rows

    def explode(record: dict[str, Any]) -> None:
        if record.get("dossier_code") == DOSSIERS[2]["code"]:
            raise ValueError("cannot write this one")

    def line(record: dict[str, Any]) -> bytes:
        explode(record)
        return real_line(record)

    def rows(self: Any, record: dict[str, Any], unit: str, date: str) -> list[bytes]:
        explode(record)
        return real_rows(self, record, unit, date)

    monkeypatch.setattr(workers, "record_line", line)
    monkeypatch.setattr(workers.csv_out.RowWriter, "rows", rows)
    if fmt == "text":  # nothing is serialised: the count itself fails
        real_add = workers.AuditSummary.add_record

        def add_record(self: Any, record: dict[str, Any], *args: Any, **kw: Any) -> None:
            if record["status"] != "error":
                explode(record)
            real_add(self, record, *args, **kw)

        monkeypatch.setattr(workers.AuditSummary, "add_record", add_record)
    out = tmp_path / f"out.{fmt}"
    status, _, err = cli("audit", str(path), "--jobs", "1", "--format", fmt, "--output", str(out))
    assert status == 3, err
    text = out.read_text(encoding="utf-8-sig")
    if fmt == "jsonl":
        recs = [json.loads(x) for x in text.splitlines()]
    elif fmt == "json":
        recs = json.loads(text)
    else:
        recs = []
    if recs:
        assert [r["source"] for r in recs] == [f"{path}:{i}" for i in range(1, 7)]
        assert [r["status"] for r in recs].count("error") == 1 and recs[2]["status"] == "error"
        assert "cannot write this one" in recs[2]["error"]
    else:  # csv: the error row; text: the summary's list of errors
        assert f"{path}:3" in text and "cannot write this one" in text, text
    assert "Traceback" not in err


# --- 1. atomic outputs, never over an input ------------------------------------------------------------------


@pytest.fixture()
def export(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    write_lines(folder / "a.jsonl", DOSSIERS[:30])
    write_lines(folder / "b.jsonl", DOSSIERS[30:40])
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("option", ["--output", "--report", "--summary", "xlsx --output"])
@pytest.mark.parametrize(
    "where", ["input file", "input file via a link", "inside the input folder", "deeper"]
)
def test_an_output_over_an_input_is_refused_before_anything_is_read(
    option: str, where: str, export: Path, tmp_path: Path
) -> None:
    fmt = ["--format", "xlsx"] if option.startswith("xlsx") else []
    option = option.split()[-1]
    before = snapshot(tmp_path)
    inputs = [str(export)]
    if where == "input file":
        target = export / "a.jsonl"
        inputs = [str(export / "a.jsonl")]
    elif where == "input file via a link":
        (tmp_path / "link.jsonl").symlink_to(export / "b.jsonl")
        before = snapshot(tmp_path)
        target = tmp_path / "link.jsonl"
    elif where == "inside the input folder":
        target = export / "result.html"
    else:
        (export / "sub").mkdir()
        before = snapshot(tmp_path)
        target = export / "sub" / ".." / "sub" / "out.jsonl"
    status, out, err = cli("audit", *inputs, *fmt, option, str(target), "--quiet", "--lang", "en")
    assert status == 2
    assert err.count("\n") == 1 and option in err and str(target) in err, err
    assert out == "" and snapshot(tmp_path) == before  # nothing read, nothing written


@pytest.mark.parametrize(
    ("first", "second"), [("--output", "--report"), ("--output", "--summary"), ("--report", "--summary")]
)
def test_the_same_file_for_two_outputs_is_refused(
    first: str, second: str, export: Path, tmp_path: Path
) -> None:
    target = tmp_path / "both"
    argv = ["audit", str(export), first, str(target), second, str(target), "--quiet", "--lang", "en"]
    status, _, err = cli(*argv)
    assert status == 2 and err.count("\n") == 1 and not target.exists()
    assert f"{first} and {second} name the same file" in err, err


def test_a_symlink_in_an_input_folder_that_points_at_the_output_is_refused(
    export: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("previous run\n")
    (export / "zz.jsonl").symlink_to(target)
    status, _, err = cli("audit", str(export), "--output", str(target), "--quiet", "--lang", "en")
    assert status == 2 and "--output" in err and err.count("\n") == 1, err
    assert target.read_text() == "previous run\n"


def test_outputs_appear_whole_with_the_usual_permissions_and_no_temporary_file(
    export: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    real = out_dir / "real.jsonl"
    real.write_text("old\n")
    link = out_dir / "records.jsonl"
    link.symlink_to(real)
    report = out_dir / "report.html"
    status, _, err = cli(
        "audit", str(export), "--format", "jsonl", "--output", str(link), "--report", str(report), "--quiet"
    )
    assert status in (0, 1), err
    assert link.is_symlink() and len(real.read_text().splitlines()) == 40  # the link's target was replaced
    assert report.read_text().rstrip().endswith("</html>")
    assert sorted(p.name for p in out_dir.iterdir()) == ["real.jsonl", "records.jsonl", "report.html"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(report.stat().st_mode) == 0o666 & ~umask


def test_output_to_a_device_is_written_in_place(export: Path) -> None:
    status, _, err = cli("audit", str(export), "--output", os.devnull, "--quiet")
    assert status in (0, 1), err


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "text", "xlsx"])
@pytest.mark.parametrize("failing", ["--output", "--report", "--summary"])
def test_a_failed_run_leaves_no_new_file_and_never_truncates_an_old_one(
    fmt: str, failing: str, export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier_check.audit import atomic

    out, report, summary = tmp_path / "out.txt", tmp_path / "report.html", tmp_path / "summary.json"
    out.write_text("the previous output\n")
    real_write = atomic.AtomicFile.write
    failing_path = {"--output": out, "--report": report, "--summary": summary}[failing]

    def write(self: Any, data: bytes) -> int:
        if self.path == str(failing_path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(self, data)  # type: ignore[no-any-return]

    monkeypatch.setattr(atomic.AtomicFile, "write", write)
    status, _, err = cli(
        *("audit", str(export), "--format", fmt, "--output", str(out), "--report", str(report)),
        *("--summary", str(summary), "--quiet"),
    )
    assert status == 2
    assert (
        err.count("\n") == 1
        and "ổ đĩa đã hết chỗ trống" in err
        and "No space" not in err
        and "Traceback" not in err
    ), err
    assert out.read_text() == "the previous output\n" and not report.exists() and not summary.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export", "out.txt"]


@pytest.mark.parametrize("fmt", ["xlsx", "jsonl"])
def test_every_output_file_is_replaced_whole_by_a_run_that_succeeds(
    fmt: str, export: Path, tmp_path: Path
) -> None:
    out, report, summary = tmp_path / f"out.{fmt}", tmp_path / "report.html", tmp_path / "summary.json"
    for f in (out, report, summary):
        f.write_text("the previous output\n")
    status, _, err = cli(
        *("audit", str(export), "--format", fmt, "--output", str(out), "--report", str(report)),
        *("--summary", str(summary), "--quiet"),
    )
    assert status in (0, 1), err
    assert json.loads(summary.read_bytes())["totals"] and report.read_text().rstrip().endswith("</html>")
    if fmt == "xlsx":
        with zipfile.ZipFile(out) as z:
            assert z.testzip() is None and "xl/workbook.xml" in z.namelist()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["export", out.name, report.name, summary.name]
    )


# --- 6. full disks, I/O errors and closed pipes on output ----------------------------------------------------


@pytest.fixture(scope="module")
def sizeable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 4 MB of JSON Lines: more output than a pipe holds, and more than one task."""
    return write_lines(tmp_path_factory.mktemp("sizeable") / "export.jsonl", DOSSIERS, repeat=15)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--format", "jsonl"],
        ["check", "--format", "json"],
        ["check"],
        ["audit", "--format", "jsonl", "--jobs", "2"],
        ["audit", "--format", "csv", "--jobs", "1"],
        ["audit", "--jobs", "2"],
    ],
    ids=" ".join,
)
def test_a_full_stdout_is_one_line_and_exit_2(argv: list[str], sizeable: Path, tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = run(
            [*argv, str(sizeable), "--as-of", AS_OF, "--lang", "en"],
            stdout=full,
            env={"TMPDIR": str(tmp_path)},
        )
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.splitlines()[-1:] == [
        "dossier-check: error: cannot write standard output: no space left on the disk; no output file was written"
    ], err
    assert "Traceback" not in err and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [["check", "--format", "jsonl"], ["audit", "--format", "jsonl", "--jobs", "2", "--quiet"]],
    ids=" ".join,
)
def test_a_closed_pipe_ends_the_run_quietly(argv: list[str], sizeable: Path, tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [str(EXE), *argv, str(sizeable), "--as-of", AS_OF],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        start_new_session=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert json.loads(proc.stdout.readline())["source"].endswith(":1")  # `| head -1`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=TIMEOUT) == 128 + signal.SIGPIPE, err  # as a shell reports `yes | head -1`
    assert err == ""
    assert wait_for_no_processes(proc.pid) == []
    assert list(tmp_path.iterdir()) == []


needs_userns = pytest.mark.skipif(
    shutil.which("unshare") is None
    or subprocess.run(["unshare", "-Urm", "true"], capture_output=True, check=False).returncode != 0,
    reason="user and mount namespaces are not available (unshare -Urm)",
)


@needs_userns
@pytest.mark.parametrize("option", ["--output", "--report", "--summary", "xlsx"])
def test_a_full_disk_leaves_no_partial_file(option: str, sizeable: Path, tmp_path: Path) -> None:
    """On a real 256 KiB (8 KiB) file system: the output does not fit; one line, exit 2, nothing left but the old file."""
    disk = tmp_path / "disk"
    disk.mkdir()
    names = {
        "--output": "out.jsonl",
        "--report": "report.html",
        "--summary": "summary.json",
        "xlsx": "out.xlsx",
    }
    target = disk / names[option]
    fmt, size = "jsonl", "256k"
    if option in ("--summary", "xlsx"):  # smaller outputs (a workbook is compressed): a smaller disk
        size = "8k"
    if option == "xlsx":
        option, fmt = "--output", "xlsx"
    script = (
        f"mount -t tmpfs -o size={size} tmpfs {disk} && echo 'the previous output' > {target} && "
        f'"$@"; status=$?; ls -A {disk}; cat {target}; exit $status'
    )
    extra = ["--output", os.devnull] if option != "--output" else []
    audit = [str(EXE), "audit", str(sizeable), "--format", fmt, option, str(target), *extra]
    done = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", script, "sh", *audit, "--quiet", "--lang", "en", "--as-of", AS_OF],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.splitlines() == [
        f"dossier-check: error: cannot write {target}: no space left on the disk; no output file was written"
    ]
    assert done.stdout.decode().splitlines() == [target.name, "the previous output"]


# --- 2. signals: SIGINT and SIGTERM stop everything, leave nothing, and say so -------------------------------

INTERRUPTED = re.compile(
    r"dossier-check: (audit|check) interrupted by (SIGINT|SIGTERM) after [0-9,]+ records were checked; "
    r"(no output file was written|the output written so far is incomplete)"
)


@pytest.fixture(scope="module")
def long_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 50 MB of JSON Lines: an audit of it lasts long enough to be interrupted."""
    return write_lines(tmp_path_factory.mktemp("long") / "export.jsonl", DOSSIERS, repeat=100)


@contextlib.contextmanager
def started(argv: list[str], tmp: Path, **kw: Any) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """``dossier-check ARGV`` in a session of its own, TMPDIR=``tmp``; stderr goes to a file (a pipe would be
    held open by any orphan). Whatever is left of the session afterwards is killed."""
    err = tmp.parent / f"{tmp.name}.stderr"
    with err.open("wb") as f:
        proc = subprocess.Popen(
            [str(EXE), *argv, "--as-of", AS_OF, "--lang", "en"],
            stderr=f,
            env={**os.environ, "TMPDIR": str(tmp)},
            start_new_session=True,  # its own session: whatever it leaves behind can be found
            **kw,
        )
    try:
        yield proc, err
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=TIMEOUT)


def _has_open(pid: int, path: Path) -> bool:
    with contextlib.suppress(OSError):
        return any(os.readlink(fd) == str(path) for fd in Path(f"/proc/{pid}/fd").iterdir())
    return False


def _when(condition: Any, proc: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert proc.poll() is None, f"the run ended before {what}: make the input larger"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
@pytest.mark.parametrize("target", ["new file", "existing file", "report"])
@pytest.mark.parametrize("whom", ["parent", "group"])
def test_killing_an_audit_leaves_no_process_no_temporary_file_and_no_output(
    sig: signal.Signals, target: str, whom: str, long_export: Path, tmp_path: Path
) -> None:
    tmp, out_dir = tmp_path / "tmp", tmp_path / "out"
    tmp.mkdir()
    out_dir.mkdir()
    out = out_dir / ("records.jsonl" if target != "report" else "report.html")
    if target == "existing file":
        out.write_text("the previous run\n")
    option = "--report" if target == "report" else "--output"
    extra = ["--output", os.devnull] if target == "report" else []
    argv = [
        "audit",
        str(long_export),
        "--jobs",
        "2",
        "--format",
        "jsonl",
        "--quiet",
        option,
        str(out),
        *extra,
    ]
    with started(argv, tmp) as (proc, err):
        # Mid-run: the workers are up and the temporary output exists (and, for --output, is being written).
        _when(lambda: len(session_processes(proc.pid)) >= 3, proc, "the workers started")
        part = lambda: [p for p in out_dir.iterdir() if p.name.endswith(".part")]  # noqa: E731
        _when(lambda: part() and (option == "--report" or part()[0].stat().st_size > 0), proc, "output began")
        (os.killpg if whom == "group" else os.kill)(proc.pid, sig)
        proc.wait(timeout=TIMEOUT)
        assert wait_for_no_processes(proc.pid) == []
    lines = err.read_text().splitlines()
    assert proc.returncode == 128 + sig, lines
    assert len(lines) == 1 and INTERRUPTED.fullmatch(lines[0]), lines
    assert sig.name in lines[0] and "no output file was written" in lines[0]
    assert list(tmp.iterdir()) == []
    if target == "existing file":
        assert [p.name for p in out_dir.iterdir()] == ["records.jsonl"]
        assert out.read_text() == "the previous run\n"
    else:
        assert list(out_dir.iterdir()) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_killing_an_audit_in_one_process(sig: signal.Signals, long_export: Path, tmp_path: Path) -> None:
    tmp, out_dir = tmp_path / "tmp", tmp_path / "out"
    tmp.mkdir()
    out_dir.mkdir()
    out = out_dir / "records.jsonl"
    argv = ["audit", str(long_export), "--jobs", "1", "--format", "jsonl", "--quiet", "--output", str(out)]
    with started(argv, tmp) as (proc, err):
        part = lambda: [p for p in out_dir.iterdir() if p.name.endswith(".part")]  # noqa: E731
        _when(lambda: part() and part()[0].stat().st_size > 0, proc, "output began")
        os.kill(proc.pid, sig)
        proc.wait(timeout=TIMEOUT)
    lines = err.read_text().splitlines()
    assert proc.returncode == 128 + sig, lines
    assert len(lines) == 1 and INTERRUPTED.fullmatch(lines[0]) and "no output file was written" in lines[0]
    assert int(re.sub(r"[^0-9]", "", lines[0].split(" after ")[1].split(" records")[0])) > 0
    assert list(tmp.iterdir()) == [] and list(out_dir.iterdir()) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_killing_an_audit_that_writes_to_stdout(
    sig: signal.Signals, long_export: Path, tmp_path: Path
) -> None:
    """stdout is a pipe nobody reads: the audit blocks in mid-output, deterministically, and is stopped there."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    argv = ["audit", str(long_export), "--jobs", "2", "--format", "jsonl", "--quiet"]
    with started(argv, tmp, stdout=subprocess.PIPE) as (proc, err):
        _when(lambda: len(session_processes(proc.pid)) >= 3, proc, "the workers started")
        time.sleep(0.5)  # the pipe fills up
        os.kill(proc.pid, sig)
        proc.wait(timeout=TIMEOUT)
        assert wait_for_no_processes(proc.pid) == []
        assert proc.stdout is not None
        proc.stdout.close()
    lines = err.read_text().splitlines()
    assert proc.returncode == 128 + sig, lines
    assert len(lines) == 1 and INTERRUPTED.fullmatch(lines[0]) and "incomplete" in lines[0], lines
    assert list(tmp.iterdir()) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_killing_a_check_says_how_far_it_got(sig: signal.Signals, long_export: Path, tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    argv = ["check", str(long_export), "--format", "jsonl"]
    with started(argv, tmp, stdout=subprocess.DEVNULL) as (proc, err):
        _when(lambda: _has_open(proc.pid, long_export), proc, "the input was opened")
        os.kill(proc.pid, sig)
        proc.wait(timeout=TIMEOUT)
    lines = err.read_text().splitlines()
    assert proc.returncode == 128 + sig, lines
    assert len(lines) == 1 and INTERRUPTED.fullmatch(lines[0]), lines
    assert lines[0].startswith("dossier-check: check")


def test_workers_do_not_outlive_a_parent_killed_outright(long_export: Path, tmp_path: Path) -> None:
    """SIGKILL cannot be handled: the workers go with their parent all the same (PR_SET_PDEATHSIG)."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    argv = ["audit", str(long_export), "--jobs", "2", "--format", "jsonl", "--quiet", "--output", os.devnull]
    with started(argv, tmp) as (proc, _err):
        _when(lambda: len(session_processes(proc.pid)) >= 3, proc, "the workers started")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=TIMEOUT)
        assert wait_for_no_processes(proc.pid) == []


# --- 4. resource limits, with reasons ------------------------------------------------------------------------

LIMIT_HINT = re.compile(r"larger than the limit of 64 KiB per record.*--max-record-size.*max_record_size")


def _big_line(size: int) -> str:
    d = copy.deepcopy(DOSSIERS[0])
    d["x_padding"] = "x" * size
    return json.dumps(d, ensure_ascii=False)


@pytest.mark.parametrize("container", ["jsonl", "jsonl.gz", "zip"])
@pytest.mark.parametrize("command", ["check", "audit"])
def test_a_line_over_the_limit_is_one_error_record_and_the_rest_is_read(
    container: str, command: str, tmp_path: Path
) -> None:
    lines = [json.dumps(d, ensure_ascii=False) for d in DOSSIERS[:4]]
    lines.insert(2, _big_line(200_000))  # line 3
    data = ("\n".join(lines) + "\n").encode()
    path = tmp_path / f"export.{container}"
    source = str(path)
    if container == "jsonl.gz":
        path.write_bytes(gzip.compress(data))
    elif container == "zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("export.jsonl", data)
        source = f"{path}!export.jsonl"
    else:
        path.write_bytes(data)
    argv = [
        command,
        str(path),
        "--format",
        "jsonl",
        "--max-record-size",
        "64K",
        "--lang",
        "en",
        "--as-of",
        AS_OF,
    ]
    status, out, err = cli(*argv, *(["--jobs", "1"] if command == "audit" else []))
    assert status == 3, err
    recs = [json.loads(x) for x in out.splitlines()]
    assert [r["source"] for r in recs] == [f"{source}:{n}" for n in range(1, 6)]
    assert [r["status"] == "error" for r in recs] == [False, False, True, False, False]
    assert LIMIT_HINT.search(recs[2]["error"]), recs[2]["error"]


def test_a_line_over_the_limit_in_a_cut_file_is_read_around(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit cuts JSON Lines into byte ranges: a long line that spans several of them is one error."""
    from dossier_check.audit import run as audit_run

    monkeypatch.setattr(audit_run, "CHUNK_BYTES", 20_000)
    lines = [json.dumps(d, ensure_ascii=False) for d in DOSSIERS[:12]]
    lines.insert(5, _big_line(150_000))  # line 6, spanning about eight ranges
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for jobs in ("1", "2"):
        argv = ["audit", str(path), "--format", "jsonl", "--max-record-size", "64K", "--jobs", jobs]
        status, out, err = cli(*argv, "--lang", "en", "--as-of", AS_OF)
        assert status == 3, err
        recs = [json.loads(x) for x in out.splitlines()]
        assert [r["source"] for r in recs] == [f"{path}:{n}" for n in range(1, 14)]
        assert [n for n, r in enumerate(recs, 1) if r["status"] == "error"] == [6]
        assert LIMIT_HINT.search(recs[5]["error"])


def test_an_array_element_or_a_document_over_the_limit_is_an_error_record(tmp_path: Path) -> None:
    array = tmp_path / "array.json"
    array.write_text(
        "[" + ",".join([json.dumps(DOSSIERS[0]), _big_line(100_000), json.dumps(DOSSIERS[1])]) + "]"
    )
    one = tmp_path / "one.json"
    one.write_text(_big_line(100_000))
    status, out, err = cli(
        "check", str(array), str(one), "--format", "jsonl", "--max-record-size", "64K", "--lang", "en"
    )
    assert status == 3, err
    recs = [json.loads(x) for x in out.splitlines()]
    assert [(r["source"], r["status"] == "error") for r in recs] == [
        (f"{array}#0", False),
        (f"{array}#1", True),
        (str(one), True),
    ]
    assert LIMIT_HINT.search(recs[1]["error"]) and "the rest of the file was not read" in recs[1]["error"]
    assert LIMIT_HINT.search(recs[2]["error"])


@pytest.mark.parametrize(
    ("option", "config", "message"),
    [
        (["--max-record-size", "0"], None, "--max-record-size"),
        (["--max-record-size", "12 parsecs"], None, "--max-record-size"),
        ([], "max_record_size = -1\n", "max_record_size"),
        ([], 'max_record_size = "lots"\n', "max_record_size"),
    ],
)
def test_a_bad_limit_is_a_usage_error(
    option: list[str], config: str | None, message: str, tmp_path: Path
) -> None:
    extra = []
    if config is not None:
        (tmp_path / "c.toml").write_text(config)
        extra = ["--config", str(tmp_path / "c.toml")]
    status, _, err = cli("check", str(EXPORT), *option, *extra)
    assert status == 2 and message in err and err.count("\n") == 1, err


def test_the_limit_comes_from_the_configuration_and_the_option_wins(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(_big_line(100_000) + "\n")
    (tmp_path / "c.toml").write_text('max_record_size = "64KiB"\n')
    status, out, _ = cli(
        "check", str(path), "--config", str(tmp_path / "c.toml"), "--format", "jsonl", "--lang", "en"
    )
    assert status == 3 and LIMIT_HINT.search(json.loads(out)["error"])
    status, out, _ = cli("check", str(path), "--config", str(tmp_path / "c.toml"), "--max-record-size", "1M")
    assert status in (0, 1)


def _bomb(path: Path, member: str, size: int, byte: bytes, kind: str) -> None:
    """``size`` bytes of ``byte`` that compress to almost nothing."""
    block = byte * (1 << 20)
    if kind == "gz":
        with gzip.open(path, "wb", compresslevel=9) as f:
            for _ in range(size >> 20):
                f.write(block)
    else:
        with (
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z,
            z.open(member, "w", force_zip64=True) as f,
        ):
            for _ in range(size >> 20):
                f.write(block)


BOMBS = [
    ("bomb.jsonl.gz", "", b"x", "gz"),  # one line of 96 MiB
    ("bomb.json.gz", "", b" ", "gz"),  # a document of 96 MiB of white space
    ("bomb.zip", "bomb.jsonl", b"x", "zip"),
    ("nested.zip", "bomb.json", b"[", "zip"),  # an array nested 96 Mi deep
]


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small archives that expand to 96 MiB each: six times the 16 MiB limit the tests below set."""
    folder = tmp_path_factory.mktemp("bombs")
    for name, member, byte, kind in BOMBS:
        _bomb(folder / name, member, 96 << 20, byte, kind)
    return folder


@pytest.mark.parametrize("name", [b[0] for b in BOMBS])
@pytest.mark.parametrize("command", ["check", "audit"])
def test_a_decompression_bomb_is_an_error_record_in_memory_bounded_by_the_limit(
    name: str, command: str, bombs: Path
) -> None:
    argv = [command, name, "--format", "jsonl", "--lang", "en", "--max-record-size", "16MiB"]
    status, out, err, peak = run_measured(argv, bombs)
    assert status == 3, err
    assert "larger than the limit of 16 MiB per record" in out, out[:2000]
    assert peak < 160 << 20, f"{peak >> 20} MiB"


def test_the_measured_peak_is_the_commands_own_not_the_test_processs(tmp_path: Path) -> None:
    # ru_maxrss survives exec, and a forked child starts with its parent's: measured straight from a test
    # process holding 300 MiB, "dossier-check --version" read as 300 MiB. The launcher reports the command's.
    held = bytearray(300 << 20)
    held[:: 1 << 12] = b"\x01" * len(held[:: 1 << 12])  # every page touched: resident in this process
    status, out, _, peak = run_measured(["--version"], tmp_path)
    assert status == 0 and out.startswith("dossier-check ")
    assert 0 < peak < 200 << 20, f"{peak >> 20} MiB"
    del held


def test_a_line_of_200_mb_is_an_error_record_in_bounded_memory(tmp_path: Path) -> None:
    """With the default limit (64 MiB) the memory a run takes stays in the hundreds of MiB."""
    path = tmp_path / "long.jsonl"
    with path.open("wb") as f:
        f.write(json.dumps(DOSSIERS[0]).encode() + b"\n")
        f.write(b'{"x": "' + b"x" * (200 << 20) + b'"}\n')
        f.write(json.dumps(DOSSIERS[1]).encode() + b"\n")
    for command in ("check", "audit"):
        status, out, err, peak = run_measured(
            [command, path.name, "--format", "jsonl", "--lang", "en"], tmp_path
        )
        assert status == 3, err
        recs = [json.loads(x) for x in out.splitlines()]
        assert [r["status"] == "error" for r in recs] == [False, True, False]
        assert "larger than the limit of 64 MiB per record" in recs[1]["error"]
        assert peak < 400 << 20, f"{command}: {peak >> 20} MiB"


def test_jobs_beyond_the_cores_are_capped_and_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier_check.audit import run as audit_run

    seen: list[int] = []
    real = audit_run._run_pool

    def pool(tasks: Any, jobs: int, *args: Any) -> None:
        seen.append(jobs)
        real(tasks, jobs, *args)

    monkeypatch.setattr(audit_run, "_run_pool", pool)
    monkeypatch.setattr(audit_run, "available_cores", lambda: 2)
    monkeypatch.setattr(audit_run, "CHUNK_BYTES", 50_000)
    path = write_lines(tmp_path / "x.jsonl", DOSSIERS[:60])
    status, _, err = cli(
        "audit", str(path), "--jobs", "100000", "--format", "jsonl", "--lang", "en", "--quiet"
    )
    assert status in (0, 1)
    assert seen == [2]
    notes = [line for line in err.splitlines() if "--jobs" in line]
    assert notes == ["dossier-check: --jobs 100000 is more than the 2 cores this machine offers: using 2"], (
        err
    )


# --- 5. the file system, honestly ------------------------------------------------------------------------------


def _special_files(folder: Path) -> dict[str, str]:
    """Entries that are not regular files, with supported names: name -> what the reason calls them."""
    os.mkfifo(folder / "pipe.jsonl")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "socket.json"))
    sock.close()
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "random.jsonl").symlink_to("/dev/urandom")
    (folder / "null.json.gz").symlink_to("/dev/null")
    return {
        "null.json.gz": "a device",
        "pipe.jsonl": "a named pipe",
        "random.jsonl": "a device",
        "socket.json": "a socket",
        "zero.json": "a device",
    }


@pytest.mark.parametrize("command", ["check", "audit"])
def test_pipes_sockets_and_devices_are_passed_over_with_a_reason_never_opened(
    command: str, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    write_lines(folder / "real.jsonl", DOSSIERS[:2])
    kinds = _special_files(folder)
    explicit = [str(folder / "pipe.jsonl"), "/dev/zero"]
    done = run(
        [command, str(folder), *explicit, "--format", "jsonl", "--lang", "en", "--as-of", AS_OF], timeout=60
    )
    assert done.returncode in (0, 1), done.stderr.decode()  # passed over: not a failure, not unreadable
    recs = [json.loads(x) for x in done.stdout.splitlines()]
    skipped = {Path(r["source"]).name: r["error"] for r in recs if r["status"] == "skipped"}
    expected = {**kinds, "zero": "a device"}  # and /dev/zero named on the command line
    assert skipped == {n: f"not a regular file ({k}): passed over, never opened" for n, k in expected.items()}
    assert sum(r["status"] in ("pass", "fail") for r in recs) == 2


def test_a_calendar_or_configuration_that_is_a_pipe_is_refused_not_waited_for(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "calendar.json")
    (tmp_path / "c.toml").write_text('calendars = ["calendar.json"]\n')
    os.mkfifo(tmp_path / "pipe.toml")
    for config in ("c.toml", "pipe.toml"):
        done = run(["check", str(EXPORT), "--config", str(tmp_path / config), "--lang", "en"], timeout=60)
        err = done.stderr.decode()
        assert done.returncode == 2 and "not a regular file" in err and err.count("\n") == 1, err


def test_links_to_folders_are_followed_once_and_loops_are_said(tmp_path: Path) -> None:
    root, other = tmp_path / "export", tmp_path / "elsewhere"
    (root / "sub").mkdir(parents=True)
    other.mkdir()
    write_lines(root / "a.jsonl", DOSSIERS[:1])
    write_lines(other / "b.jsonl", DOSSIERS[1:3])
    (root / "linked").symlink_to(other)  # followed
    (root / "sub" / "back").symlink_to(root)  # a loop
    (root / "twice").symlink_to(other)  # the same folder again
    status, out, err = cli(
        "audit", str(root), "--format", "jsonl", "--lang", "en", "--jobs", "1", "--as-of", AS_OF
    )
    assert status in (0, 1), err
    recs = [json.loads(x) for x in out.splitlines()]
    checked = [r["source"] for r in recs if r["status"] in ("pass", "fail")]
    assert checked == [f"{root}/a.jsonl:1", f"{root}/linked/b.jsonl:1", f"{root}/linked/b.jsonl:2"]
    skipped = {r["source"]: r["error"] for r in recs if r["status"] == "skipped"}
    assert skipped == {
        f"{root}/sub/back": f"a symbolic link back to the folder {root}, which is being read: not read again",
        f"{root}/twice": f"this folder was already read as {root}/linked: not read again",
    }
    # check reads the same
    status, out, _ = cli("check", str(root), "--format", "jsonl", "--lang", "en", "--as-of", AS_OF)
    assert [json.loads(x)["source"] for x in out.splitlines()] == [r["source"] for r in recs]


@pytest.mark.parametrize("command", ["check", "audit"])
def test_unreadable_folders_and_files_are_error_records(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "export"
    (root / "locked").mkdir(parents=True)
    write_lines(root / "locked" / "x.jsonl", DOSSIERS[:1])
    write_lines(root / "secret.json", DOSSIERS[:1])
    write_lines(root / "secret.jsonl", DOSSIERS[:1])
    write_lines(root / "ok.jsonl", DOSSIERS[:1])
    denied = {str(root / "locked"), str(root / "secret.json"), str(root / "secret.jsonl")}
    if os.geteuid() == 0:  # root reads everything: make the system say no
        real_scandir, real_open = os.scandir, builtins.open

        def scandir(path: Any) -> Any:
            if str(path) in denied:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_scandir(path)

        def fake_open(path: Any, *args: Any, **kw: Any) -> Any:
            if str(path) in denied:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, *args, **kw)

        monkeypatch.setattr(os, "scandir", scandir)
        monkeypatch.setattr(builtins, "open", fake_open)
    else:
        for p in denied:
            os.chmod(p, 0)
    status, out, err = cli(command, str(root), "--format", "jsonl", "--lang", "en", "--as-of", AS_OF)
    assert status == 3, err
    recs = {json.loads(x)["source"]: json.loads(x) for x in out.splitlines()}
    assert recs[f"{root}/locked"]["error"] == "cannot read this folder: permission denied"
    for name in ("secret.json", "secret.jsonl"):
        assert (
            recs[f"{root}/{name}"]["status"] == "error"
            and "permission denied" in recs[f"{root}/{name}"]["error"]
        )
    assert recs[f"{root}/ok.jsonl:1"]["status"] in ("pass", "fail")


def _empty_inputs(folder: Path) -> dict[str, str]:
    """Every input type, holding no dossier: file name -> the status of its one record."""
    (folder / "zero.json").write_bytes(b"")
    (folder / "blank.json").write_bytes(b" \n\t\n")
    (folder / "zero.jsonl").write_bytes(b"")
    (folder / "blank.jsonl").write_bytes(b"\n\n   \n")
    (folder / "bom.jsonl").write_bytes(b"\xef\xbb\xbf\n")
    (folder / "zero.json.gz").write_bytes(gzip.compress(b""))
    (folder / "zero.jsonl.gz").write_bytes(gzip.compress(b""))
    (folder / "nothing.jsonl.gz").write_bytes(b"")  # not even a gzip header
    with zipfile.ZipFile(folder / "none.zip", "w"):
        pass
    with zipfile.ZipFile(folder / "member.zip", "w") as z:
        z.writestr("empty.jsonl", b"")
    (folder / "array.json").write_bytes(b"[ ]")
    return {
        "zero.json": "error",
        "blank.json": "error",
        "zero.jsonl": "error",
        "blank.jsonl": "error",
        "bom.jsonl": "error",
        "zero.json.gz": "error",
        "zero.jsonl.gz": "error",
        "nothing.jsonl.gz": "error",
        "none.zip": "error",
        "member.zip!empty.jsonl": "error",
        "array.json": "skipped",
    }


@pytest.mark.parametrize("command", ["check", "audit"])
def test_empty_inputs_of_every_type_are_treated_alike(command: str, tmp_path: Path) -> None:
    expected = _empty_inputs(tmp_path)
    status, out, err = cli(command, str(tmp_path), "--format", "jsonl", "--lang", "en")
    assert status == 3, err
    recs = [json.loads(x) for x in out.splitlines()]
    assert {Path(r["source"]).name: r["status"] for r in recs} == expected  # one record per input
    reasons = {r["error"] for r in recs}
    assert reasons == {
        "empty file: no dossier in it",
        "empty archive: no dossier file in it",
        "an empty JSON array: no dossier in it",
    }


# --- 7. terminal safety ------------------------------------------------------------------------------------------

SPOOFS = ["\x1b[2J\x1b[31m", "\x07", "\r", "\x9b1m", "\x7f", "\u202e", "\u2066", "\u200b", "\u2028", "\x00"]
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def _spoofed(folder: Path) -> tuple[Path, dict[str, Any]]:
    d = copy.deepcopy(DOSSIERS[0])
    d["code"] = "".join(SPOOFS) + d["code"]
    d["receiving_unit"] = "UBND\u202e phường" + "\x1b]0;owned\x07"
    d["components"][0]["name"] = "Tờ khai\n  DC000 ok " + "\x1b[1A"
    d["tracking_entry"] = None  # a finding (DC401) to print
    name = folder / "x\x1b[2Jy\u202e.json"
    name.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return name, d


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["check", "--format", "jsonl"],
        ["audit", "--jobs", "1"],
        ["audit", "--jobs", "1", "--format", "jsonl"],
        ["audit", "--jobs", "1", "--format", "csv"],
    ],
    ids=" ".join,
)
def test_control_and_bidi_characters_are_shown_escaped_never_raw(argv: list[str], tmp_path: Path) -> None:
    path, dossier = _spoofed(tmp_path)
    missing = tmp_path / "gone\x1b[0m.json"
    status, out, err = cli(*argv, str(path), str(missing), "--lang", "en", "--as-of", AS_OF)
    assert status == 3
    if "jsonl" in argv:  # JSON stays faithful: every character as the dossier had it
        recs = [json.loads(x) for x in out.split("\n") if x]  # (splitlines() would split at U+2028 too)
        assert {r["source"] for r in recs} == {str(path), str(missing)}
        assert dossier["code"] in {r["dossier_code"] for r in recs}
    elif "csv" not in argv:
        assert not UNSAFE.search(out), UNSAFE.findall(out)
        assert "\\x1b" in out and "\\u202e" in out
    assert not UNSAFE.search(err), UNSAFE.findall(err)  # summaries and notes on stderr
    if argv[0] == "audit" and "--format" in argv:
        assert "\\x1b" in err


def test_the_html_report_shows_control_and_bidi_characters_escaped(tmp_path: Path) -> None:
    path, _ = _spoofed(tmp_path)
    report = tmp_path / "out" / "report.html"
    report.parent.mkdir()
    status, _, err = cli(
        "audit", str(path), "--report", str(report), "--quiet", "--lang", "en", "--as-of", AS_OF
    )
    assert status == 1, err
    html = report.read_text(encoding="utf-8")
    assert not UNSAFE.search(html.replace("\n", "")), UNSAFE.findall(html)
    assert "\\u202e" in html and "\\x1b" in html


def test_the_escaping_covers_exactly_the_invisible_and_control_characters() -> None:
    from dossier_check.render.common import terminal_safe

    for code in range(0x110000):
        ch = chr(code)
        category = unicodedata.category(ch)
        unsafe = category in ("Cc", "Cf", "Zl", "Zp", "Cs")
        shown = terminal_safe(ch)
        assert (shown != ch) == unsafe, (hex(code), category)
        if unsafe:
            assert shown == (
                f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
            )
    assert terminal_safe("Nguyễn Thị Mai — phường An Lộc") == "Nguyễn Thị Mai — phường An Lộc"


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        '  =HYPERLINK("x")',
        "\n-2",
        " \t @x",
        "\u00a0=1",
        "\u3000+1",
    ],
)
def test_csv_cells_cannot_become_formulas_even_after_white_space(cell: str) -> None:
    from dossier_check.render.csv import guard

    assert guard(cell).startswith("'")
    assert guard("Hồ sơ =1") == "Hồ sơ =1" and guard("") == ""


FORMULAS = ["=1+2", '=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "  =1", "\u3000+1"]


def test_workbook_cells_cannot_become_formulas(tmp_path: Path) -> None:
    """Whatever a dossier holds, the workbook has text cells only where text goes: no formula anywhere."""
    folder = tmp_path / "in"
    folder.mkdir()
    dossiers = []
    for i, text in enumerate(FORMULAS):
        d = copy.deepcopy(DOSSIERS[i])
        d["code"] = text
        d["receiving_unit"] = text
        d["tracking_entry"] = None  # a finding, so that a row is written
        dossiers.append(d)
    write_lines(folder / "a.jsonl", dossiers)
    out = tmp_path / "out.xlsx"
    status, _, err = cli("audit", str(folder), "--format", "xlsx", "--output", str(out), "--quiet")
    assert status in (0, 1), err
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            assert not re.search(rb"<f[ >]", z.read(name)), name  # no formula element in any sheet

    import openpyxl

    wb = openpyxl.load_workbook(out, read_only=True)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert getattr(cell, "data_type", "s") != "f"
                if isinstance(cell.value, str):
                    seen.add(cell.value)
    wb.close()
    assert {"=1+2", "+1", "@SUM(A1)"} <= seen  # kept as written, as text


# --- the portal and tracking-book readers keep the same guarantees ---------------------------------------------


def test_a_tracking_book_or_portal_export_that_is_a_pipe_is_passed_over_never_opened(tmp_path: Path) -> None:
    for name in ("so.xlsx", "so.csv", "dongbo.jsonl"):
        os.mkfifo(tmp_path / name)
    argv = ["check", str(tmp_path), str(tmp_path / "so.csv"), "--format", "jsonl", "--lang", "en"]
    _, out, err = cli(*argv)
    recs = [json.loads(x) for x in out.splitlines()]
    # Named, or met in a folder: a record that says why, never opened (the run would hang waiting).
    assert sorted(Path(r["source"]).name for r in recs) == ["dongbo.jsonl", "so.csv", "so.csv", "so.xlsx"]
    assert all(r["status"] == "skipped" and "named pipe" in r["error"] for r in recs), recs
    assert "Traceback" not in err and "so.xlsx" not in err


def test_a_tracking_book_over_the_limit_is_one_error_record(tmp_path: Path) -> None:
    book = tmp_path / "so.csv"
    row = "000.00.24.H20-260904-0005,04/09/2026 08:00,Đăng ký thường trú\n"
    book.write_text("Mã hồ sơ,Ngày nhận hồ sơ,Tên TTHC\n" + row * 2000, encoding="utf-8")
    status, out, err = cli(
        "check", str(book), "--format", "jsonl", "--max-record-size", "64KiB", "--lang", "en"
    )
    [rec] = [json.loads(x) for x in out.splitlines()]
    assert status == 3 and rec["status"] == "error", err
    assert "64 KiB" in rec["error"] and "--max-record-size" in rec["error"]
    status, out, _ = cli("check", str(book), "--format", "jsonl", "--max-record-size", "1MiB")
    assert len(out.splitlines()) > 1 and status != 2  # within the limit: its rows are read


def test_a_workbook_that_inflates_beyond_the_limit_is_one_error_record(tmp_path: Path) -> None:
    """A small .xlsx whose parts inflate beyond the limit (a zip bomb in a workbook's clothes) is refused
    by the sizes its archive declares, before a sheet is parsed."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã hồ sơ", "Ngày nhận hồ sơ", "Tên TTHC"])
    for i in range(3000):
        ws.append([f"000.00.24.H20-260904-{i:04d}", "04/09/2026 08:00", "Đăng ký thường trú " * 5])
    book = tmp_path / "so.xlsx"
    wb.save(book)
    assert book.stat().st_size < 256 << 10
    status, out, err = cli(
        "check", str(book), "--format", "jsonl", "--max-record-size", "256KiB", "--lang", "en"
    )
    [rec] = [json.loads(x) for x in out.splitlines()]
    assert status == 3 and rec["status"] == "error" and "256 KiB" in rec["error"], err


@pytest.mark.parametrize("name", ["so.csv", "so.xlsx"])
def test_an_empty_tracking_book_is_an_empty_input_like_any_other(name: str, tmp_path: Path) -> None:
    (tmp_path / name).write_bytes(b"")
    status, out, _ = cli("check", str(tmp_path / name), "--format", "jsonl", "--lang", "en")
    [rec] = [json.loads(x) for x in out.splitlines()]
    assert status == 3 and rec["status"] == "error" and rec["error"] == "empty file: no dossier in it"


PORTAL = Path(__file__).resolve().parent.parent / "examples" / "exports" / "portal" / "dongbo-ho-so.jsonl"


def test_portal_records_keep_the_guarantees(tmp_path: Path) -> None:
    """A huge integer, a line over the limit and control characters in a portal export: each costs its own
    record only, and text output shows them escaped."""
    lines = PORTAL.read_text(encoding="utf-8").splitlines()
    first, second = json.loads(lines[0]), json.loads(lines[1])
    first["data"][0]["MaHoSo"] = "\x1b[2J\u202e" + first["data"][0]["MaHoSo"]
    second["data"][0]["MaTTHC"] = 10**30
    big = json.dumps({"service": "DongBoHoSoMC", "data": [{"MaHoSo": "x" * 70_000}]})
    path = tmp_path / "dongbo.jsonl"
    path.write_text(
        "\n".join([json.dumps(first, ensure_ascii=False), big, json.dumps(second), *lines[2:5]]) + "\n",
        encoding="utf-8",
    )
    argv = ["check", str(path), "--max-record-size", "64KiB", "--lang", "en"]
    status, out, err = cli(*argv, "--format", "jsonl")
    recs = [json.loads(x) for x in out.splitlines()]
    assert "Traceback" not in err and status in (1, 3)
    assert sum(r["status"] == "error" for r in recs) == 1  # the long line alone
    assert any(r["status"] == "error" and "64 KiB" in (r["error"] or "") for r in recs)
    assert len(recs) >= 5
    status, out, err = cli(*argv)
    assert "\\x1b[2J\\u202e" in out and "\x1b" not in out and "\u202e" not in out


def test_reading_the_inputs_of_check_stops_on_a_signal(tmp_path: Path) -> None:
    """``check`` reads every input before checking any: the reading itself passes checkpoints, so a signal
    does not wait for the whole export to be read."""
    from dossier_check.audit.signals import Interrupted
    from dossier_check.sources.run import read_run

    write_lines(tmp_path / "a.jsonl", DOSSIERS[:20])
    calls = 0

    def tick() -> None:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise Interrupted(signal.SIGTERM)

    with pytest.raises(Interrupted):
        read_run([tmp_path], tick=tick)
    assert calls == 5
    assert len(read_run([tmp_path])) == 20
