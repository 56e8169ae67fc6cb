"""Helpers of the fault-injection suite (tests/test_faults.py): fixtures, the command line in this process
and in a bounded subprocess, and the processes a run leaves behind."""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dossier_check.cli import main

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-27T12:00:00+07:00"
EXPORT = ROOT / "examples" / "exports" / "one-stop-2026.jsonl"
DOSSIERS: list[dict[str, Any]] = [json.loads(x) for x in EXPORT.read_text(encoding="utf-8").splitlines()]
EXE = Path(sys.executable).parent / "dossier-check"

MEMORY_LIMIT = 1 << 30
"""Address space a subprocess may take (RLIMIT_AS): a run that reads without bounds fails instead."""
TIMEOUT = 120.0
"""Seconds a subprocess may take on a loaded CI machine before the test fails."""


def cli(*argv: str) -> tuple[int, str, str]:
    """Run the command line in this process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            status = main(list(argv), out=out)
        except SystemExit as exc:  # argparse
            status = int(exc.code or 0)
    return status, out.getvalue(), err.getvalue()


def _limits(memory: int) -> None:  # pragma: no cover - runs in the child between fork and exec
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run(
    argv: Sequence[str],
    *,
    memory: int = MEMORY_LIMIT,
    timeout: float = TIMEOUT,
    env: dict[str, str] | None = None,
    stdout: Any = subprocess.PIPE,
    cwd: str | os.PathLike[str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``dossier-check ARGV`` in a subprocess bounded in memory and time."""
    return subprocess.run(
        [str(EXE), *argv],
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=timeout,
        preexec_fn=lambda: _limits(memory),
        env={**os.environ, **(env or {})},
        cwd=cwd,
        check=False,
    )


def session_processes(sid: int) -> list[tuple[int, str]]:
    """Processes still alive (not zombies) in session ``sid``: (pid, command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            found.append((int(entry.name), cmdline))
    return found


def write_lines(path: Path, dossiers: Sequence[dict[str, Any]], repeat: int = 1) -> Path:
    """A JSON Lines export of ``dossiers``, ``repeat`` times over."""
    block = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dossiers)
    with path.open("w", encoding="utf-8") as f:
        for _ in range(repeat):
            f.write(block)
    return path


def wait_for_no_processes(sid: int, timeout: float = 10.0) -> list[tuple[int, str]]:
    """The processes of session ``sid`` still alive after up to ``timeout`` seconds (none, when all is well)."""
    deadline = time.monotonic() + timeout
    while True:
        left = session_processes(sid)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


# A process's peak resident memory (ru_maxrss) is kept across exec, and a process started by fork (or
# vfork) begins with its parent's: a command started straight from the test process would report the
# test process's own size (hundreds of MiB late in a full run) instead of its own. So the command is
# started by this small launcher, a fresh interpreter whose memory is its own, which reports the peak of
# the command alone, with its exit status, in the file it is given.
_LAUNCHER = """
import os, resource, sys
report, memory, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
pid = os.posix_spawn(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as f:
    f.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss * 1024}")
"""


def run_measured(
    argv: Sequence[str], cwd: Path, *, memory: int = MEMORY_LIMIT, timeout: float = TIMEOUT
) -> tuple[int, str, str, int]:
    """Run ``dossier-check ARGV`` bounded in memory and time: (exit status, stdout, stderr, peak resident
    memory in bytes of the process and the workers it waited for)."""
    out, err, report = cwd / ".stdout", cwd / ".stderr", cwd / ".measured"
    with out.open("wb") as fo, err.open("wb") as fe:
        proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(report), str(memory), str(EXE), *argv],
            stdout=fo,
            stderr=fe,
            cwd=cwd,
            env={**os.environ, "MALLOC_ARENA_MAX": "2"},
            start_new_session=True,  # the launcher and the command: killed together on a timeout
        )
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
            raise
    assert proc.returncode == 0, err.read_text(errors="replace")  # the launcher itself never fails
    status, peak = map(int, report.read_text().split())
    texts = out.read_text(errors="replace"), err.read_text(errors="replace")
    for path in (out, err, report):
        path.unlink()
    return status, texts[0], texts[1], peak
