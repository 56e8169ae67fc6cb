"""Run ``Checker.check_object`` on the first 500 dossiers of a JSON Lines file, twice, for an instruction count.

Instruction counts do not depend on what else the machine runs, so two versions of the code can be
compared on a loaded machine. Count a run that only parses and one that also checks; the difference,
divided by the 1,000 dossiers, is the check's cost per dossier:

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python benchmarks/count_check.py FILE parse
    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python benchmarks/count_check.py FILE check [--select DC3]

(valgrind prints "Collected : N" instructions). ``FILE`` is a workload from
``bench_audit.py --keep FILE``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).parent))
from bench_audit import AS_OF

from dossier_check.engine import Checker


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", type=Path)
    ap.add_argument("mode", choices=("parse", "check"))
    ap.add_argument("--select", help="only these rule codes or prefixes (DC001 always runs: the validator)")
    args = ap.parse_args()
    lines = args.file.read_bytes().splitlines()[:500]
    checker = Checker(as_of=AS_OF, select=args.select)
    for line in lines[:50]:  # warm both runs alike: memoised values, the interpreter's specialisation
        with contextlib.suppress(orjson.JSONDecodeError):
            checker.check_object(orjson.loads(line))
    for _ in range(2):
        for line in lines:
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if args.mode == "check":
                checker.check_object(obj)


if __name__ == "__main__":
    main()
