"""Byte-for-byte comparison of ``dossier-check audit`` outputs: this working tree against a git revision.

Exports ``src/`` of the revision (default ``main``) to a temporary directory, then runs the command line of
both trees on the same inputs — the benchmark's generated workload (``bench_audit.generate``), a corpus
from the project's Hypothesis strategies (``strategies_corpus.py``: valid dossiers of every built-in
procedure, dossiers violating every rule, and fuzzed copies of both), the example dossiers and the example
exports — in every output format (text, json, jsonl, csv, xlsx, the HTML report
and the JSON summary), in both languages, with ``--jobs 1`` and ``--jobs 2`` for this tree. Prints each
difference and exits 1 when any output differs.

    .venv/bin/python benchmarks/compare_outputs.py                 # against main
    .venv/bin/python benchmarks/compare_outputs.py --ref a9134e9 -n 5000

Speed work must leave every output unchanged: this is how that is checked.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_audit import AS_OF, generate
from strategies_corpus import AS_OF as STRATEGIES_AS_OF
from strategies_corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("text", "json", "jsonl", "csv", "xlsx")
# The one part of an output that is not a function of its input: when it was made.
NOW = re.compile(
    '("generated_at": ")[^"]*(")'
    '|((?:Generated|Lập lúc): <time datetime=")[^"]*(" class="nowrap">)[^<]*(</time>)'
    "|(<dcterms:(?:created|modified) [^>]*>)[^<]*(</dcterms)".encode()
)


def _mask(data: bytes) -> bytes:
    return NOW.sub(lambda m: b"<now>".join(g for g in m.groups() if g is not None), data)


def export_src(ref: str, dest: Path) -> Path:
    """``src/`` of ``ref`` under ``dest``; returns the directory to put on PYTHONPATH."""
    data = subprocess.run(["git", "archive", ref, "src"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest / "src"


def run(
    src: Path, inputs: list[Path], out: Path, fmt: str, lang: str, jobs: int, as_of: str = AS_OF
) -> dict[str, bytes]:
    """Run one audit with the package found under ``src``; returns its outputs by name."""
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")
    cmd = [
        sys.executable,
        "-m",
        "dossier_check",
        "audit",
        *map(str, inputs),
        "--format",
        fmt,
        "--lang",
        lang,
        "--jobs",
        str(jobs),
        "--as-of",
        as_of,
        "--quiet",
        "--output",
        str(out / f"out.{fmt}"),
    ]
    if fmt == "jsonl":  # the report and the summary once per input set and language
        cmd += ["--report", str(out / "report.html"), "--summary", str(out / "summary.json")]
    proc = subprocess.run(cmd, capture_output=True, cwd=ROOT, env=env)
    files = {"exit": str(proc.returncode).encode(), "stderr": proc.stderr}
    for f in sorted(out.iterdir()):
        data = f.read_bytes()
        if f.suffix == ".xlsx":  # compare the members: the zip's timestamps are not the output
            with zipfile.ZipFile(f) as z:
                for name in sorted(z.namelist()):
                    files[f"{f.name}:{name}"] = _mask(z.read(name))
        else:
            files[f.name] = _mask(data)
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ref", default="main", help="the git revision to compare against (default main)")
    ap.add_argument("-n", "--count", type=int, default=4000, help="benchmark dossiers to generate")
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--per", type=int, default=12, help="strategy examples per procedure and per rule")
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated (default: all)")
    ap.add_argument("--langs", default="vi,en", help="comma-separated (default: vi,en)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="compare-outputs-"))
    try:
        base = export_src(args.ref, tmp / "ref")
        mine = ROOT / "src"
        workload = tmp / "bench.jsonl"
        generate(workload, args.count, None, args.seed)
        corpus = tmp / "strategies.jsonl"
        write_corpus(corpus, args.per)
        sets = {
            "bench": ([workload], AS_OF),
            "strategies": ([corpus], STRATEGIES_AS_OF),
            "dossiers": (sorted((ROOT / "examples" / "dossiers").glob("*.json")), AS_OF),
            "exports": ([ROOT / "examples" / "exports", ROOT / "examples" / "unclaimed"], AS_OF),
        }
        differences = 0
        checked = 0
        for name, (inputs, as_of) in sets.items():
            for lang in args.langs.split(","):
                for fmt in args.formats.split(","):
                    want = run(base, inputs, tmp / "a" / name / lang / fmt, fmt, lang, 1, as_of)
                    for jobs in (1, 2):
                        got = run(mine, inputs, tmp / f"b{jobs}" / name / lang / fmt, fmt, lang, jobs, as_of)
                        checked += 1
                        for key in sorted(set(want) | set(got)):
                            if want.get(key) != got.get(key):
                                differences += 1
                                print(f"DIFFERS: {name} --lang {lang} --format {fmt} --jobs {jobs}: {key}")
                    size = sum(len(v) for v in want.values())
                    print(f"{name:<9} {lang} {fmt:<5} {size:>12,} bytes compared", flush=True)
        print(f"{checked} runs compared against {args.ref}: {differences} differences")
        return 1 if differences else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
