"""Two versions of dossier-check audit the same file in turns: paired wall times, one and two processes.

On a machine whose speed drifts from minute to minute, two benchmark runs a few minutes apart differ by
more than a few per cent of code changes: run the two versions in turns instead, and compare them pair by
pair. Each round audits FILE with ``--jobs 1`` and ``--jobs 2`` with this tree's ``dossier-check`` and
with another tree's sources put first on ``PYTHONPATH`` (a ``git archive`` copy; compile its ``.pyc``
files first, as an installed package has them), the order of the two versions alternating from round to
round:

    git archive 640d42d | (mkdir -p /tmp/base && tar -x -C /tmp/base)
    .venv/bin/python -m compileall -q /tmp/base/src
    .venv/bin/python benchmarks/bench_audit.py -n 50000 --keep /tmp/work.jsonl   # or any export
    .venv/bin/python benchmarks/ab_audit.py /tmp/work.jsonl --other /tmp/base/src --rounds 6

It prints each version's times, the speed-up of two processes over one round by round, and the other
version's time over this one's, pair by pair, with the medians. Timings stay out of the test suite; this
script only prints.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

AS_OF = "2026-12-31T23:00:00+07:00"


def audit_seconds(path: Path, jobs: int, pythonpath: str | None) -> float:
    """Wall seconds of one ``dossier-check audit`` of ``path`` (JSON Lines to /dev/null), start-up included."""
    exe = shutil.which("dossier-check", path=str(Path(sys.executable).parent)) or "dossier-check"
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    command = [exe, "audit", str(path), "--jobs", str(jobs), "--format", "jsonl", "--output", os.devnull]
    t = time.perf_counter()
    subprocess.run([*command, "--quiet", "--as-of", AS_OF], env=env, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def run(path: Path, other: str, rounds: int) -> dict[tuple[str, int], list[float]]:
    """The times of each version ("this", "other") and number of processes, round by round."""
    versions: list[tuple[str, str | None]] = [("this", None), ("other", other)]
    times: dict[tuple[str, int], list[float]] = {(v, j): [] for v, _ in versions for j in (1, 2)}
    for r in range(rounds):
        for name, pythonpath in versions if r % 2 == 0 else versions[::-1]:
            for jobs in (1, 2):
                times[(name, jobs)].append(audit_seconds(path, jobs, pythonpath))
    return times


def _row(values: list[float], digits: int = 2) -> str:
    return " ".join(f"{v:.{digits}f}" for v in values) + f"  (median {statistics.median(values):.{digits}f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", type=Path, help="the JSON Lines file both versions audit")
    ap.add_argument(
        "--other", required=True, metavar="SRC", help="the other version's src folder (PYTHONPATH)"
    )
    ap.add_argument("--rounds", type=int, default=6, help="rounds of four audits (default 6)")
    args = ap.parse_args()
    times = run(args.file, args.other, max(1, args.rounds))
    for (name, jobs), values in times.items():
        print(f"{name:<5} --jobs {jobs} seconds: {_row(values)}")
    for name in ("this", "other"):
        ups = [a / b for a, b in zip(times[(name, 1)], times[(name, 2)], strict=True)]
        print(f"{name:<5} speed-up of --jobs 2 over --jobs 1: {_row(ups)}")
    for jobs in (1, 2):
        ratios = [b / a for a, b in zip(times[("this", jobs)], times[("other", jobs)], strict=True)]
        print(f"other over this, --jobs {jobs}: {_row(ratios, 3)}")


if __name__ == "__main__":
    main()
