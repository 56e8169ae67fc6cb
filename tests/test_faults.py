"""Fault injection: the audit survives every fault it meets, accounts for every record, and never lies.

Each section pins one family of faults an adversarial tester found (the promise the README's
"Guarantees and limits" makes): values the encoder cannot write and dates in far years (no record lost,
no exception), atomic outputs, signals, resource limits, the file system, full disks and broken pipes,
terminal safety. Subprocess tests are bounded in time (timeouts) and memory (``RLIMIT_AS``), so a
regression fails the run instead of hanging or exhausting the machine.
"""

from __future__ import annotations

import copy
import dataclasses
import errno
import json
import os
import re
import shutil
import signal
import stat
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dossier_check import Catalog, Checker, load_catalog
from dossier_check.reasons import reason_text
from dossier_check.render.records import record_for, record_line
from dossier_check.sources import InputRecord
from faultkit import AS_OF, DOSSIERS, EXE, TIMEOUT, cli, run, wait_for_no_processes, write_lines

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


@pytest.mark.parametrize("option", ["--output", "--report"])
@pytest.mark.parametrize(
    "where", ["input file", "input file via a link", "inside the input folder", "deeper"]
)
def test_an_output_over_an_input_is_refused_before_anything_is_read(
    option: str, where: str, export: Path, tmp_path: Path
) -> None:
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
    status, out, err = cli("audit", *inputs, option, str(target), "--quiet", "--lang", "en")
    assert status == 2
    assert err.count("\n") == 1 and option in err and str(target) in err, err
    assert out == "" and snapshot(tmp_path) == before  # nothing read, nothing written


def test_the_same_file_for_output_and_report_is_refused(export: Path, tmp_path: Path) -> None:
    target = tmp_path / "both"
    status, _, err = cli("audit", str(export), "--output", str(target), "--report", str(target), "--quiet")
    assert status == 2 and err.count("\n") == 1 and not target.exists()


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


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "text"])
@pytest.mark.parametrize("failing", ["--output", "--report"])
def test_a_failed_run_leaves_no_new_file_and_never_truncates_an_old_one(
    fmt: str, failing: str, export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier_check.audit import atomic

    out, report = tmp_path / "out.txt", tmp_path / "report.html"
    out.write_text("the previous output\n")
    real_write = atomic.AtomicFile.write

    def write(self: Any, data: bytes) -> int:
        if self.path == str(out if failing == "--output" else report):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(self, data)  # type: ignore[no-any-return]

    monkeypatch.setattr(atomic.AtomicFile, "write", write)
    status, _, err = cli(
        "audit", str(export), "--format", fmt, "--output", str(out), "--report", str(report), "--quiet"
    )
    assert status == 2
    assert err.count("\n") == 1 and "No space left on device" in err and "Traceback" not in err, err
    assert out.read_text() == "the previous output\n" and not report.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export", "out.txt"]


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
        "dossier-check: error: cannot write standard output: No space left on device; no output file was written"
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
@pytest.mark.parametrize("option", ["--output", "--report"])
def test_a_full_disk_leaves_no_partial_file(option: str, sizeable: Path, tmp_path: Path) -> None:
    """On a real 256 KiB file system: the output does not fit; one line, exit 2, nothing left but the old file."""
    disk = tmp_path / "disk"
    disk.mkdir()
    target = disk / ("out.jsonl" if option == "--output" else "report.html")
    script = (
        f"mount -t tmpfs -o size=256k tmpfs {disk} && echo 'the previous output' > {target} && "
        f'"$@"; status=$?; ls -A {disk}; cat {target}; exit $status'
    )
    extra = ["--output", os.devnull] if option == "--report" else []
    audit = [str(EXE), "audit", str(sizeable), "--format", "jsonl", option, str(target), *extra]
    done = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", script, "sh", *audit, "--quiet", "--lang", "en", "--as-of", AS_OF],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.splitlines() == [
        f"dossier-check: error: cannot write {target}: No space left on device; no output file was written"
    ]
    assert done.stdout.decode().splitlines() == [target.name, "the previous output"]
