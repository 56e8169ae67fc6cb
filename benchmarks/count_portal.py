"""Instruction counts of the portal reader against the native one (issue 8's "≤ 1.5 ×"), load-independent.

``make`` writes ``bench_portal.py``'s files once — N dossiers as native JSON Lines, and as portal records
plus progress rows, with the catalogue that gives components a ``portal_code`` — into a folder; ``read``
reads one format there K times as ``dossier-check check`` reads it (``bench_portal.read_with_library``:
``sources.run.read_run``, the run's joins included). Count K=1 and K=2 under valgrind; the difference,
divided by N, is one warm read per dossier (the first read also fills the readers' memos):

    .venv/bin/python benchmarks/count_portal.py make /tmp/portal-count -n 3000
    for k in 1 2; do PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python benchmarks/count_portal.py read /tmp/portal-count portal $k; done   # and native

(valgrind prints "Collected : N" instructions.) Timings stay out of the test suite; this script only reads.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from bench_audit import generate  # noqa: E402
from bench_portal import read_with_library, write_catalog, write_portal  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="step", required=True)
    make = sub.add_parser("make", help="write the files once")
    make.add_argument("folder", type=Path)
    make.add_argument("-n", "--count", type=int, default=3000, help="dossiers to generate (default 3,000)")
    make.add_argument("--seed", type=int, default=20261127)
    read = sub.add_parser("read", help="read one format K times")
    read.add_argument("folder", type=Path)
    read.add_argument("format", choices=("native", "portal"))
    read.add_argument("times", type=int)
    args = ap.parse_args()
    folder: Path = args.folder
    if args.step == "make":
        folder.mkdir(parents=True, exist_ok=True)
        generate(folder / "generated.jsonl", args.count, None, args.seed)
        catalog = write_catalog(folder / "catalog")
        n = write_portal(
            folder / "generated.jsonl",
            folder / "native.jsonl",
            folder / "records.jsonl",
            folder / "rows.jsonl",
            catalog,
        )
        (folder / "generated.jsonl").unlink()
        print(f"{n:,} dossiers in {folder}")
        return
    # The catalogue is built as bench_portal builds it (in both runs alike: its cost cancels out).
    paths = (
        [folder / "native.jsonl"]
        if args.format == "native"
        else [folder / "records.jsonl", folder / "rows.jsonl"]
    )
    with tempfile.TemporaryDirectory(prefix="count-portal-") as tmp:
        catalog = write_catalog(Path(tmp) / "catalog")
        for _ in range(args.times):
            read_with_library(paths, catalog)


if __name__ == "__main__":
    main()
