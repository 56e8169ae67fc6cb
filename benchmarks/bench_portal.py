"""Reading benchmark: a national-portal sync export against the same dossiers in the native format.

Generates N seeded synthetic dossiers with ``bench_audit.generate`` (the audit benchmark's mix), writes
them once as native JSON Lines and once as the portal's records plus progress rows (JSON Lines, the rows
in a file of their own, written by ``tests/portal_writer.py``; the built-in procedures are given a
``portal_code`` per component so that submitted files are matched, the costly path), and measures in one
process, best of three, in CPU time (the machine may be busy; CPU time is what reading costs):

  (a) native, the floor: ``orjson.loads`` of every dossier line;
  (b) native, read as ``dossier-check check`` reads it (``sources.run.read_run``: parse, wrap each record);
  (c) portal, the reader's own steps: ``orjson.loads`` of every record and progress line, the progress
      rows indexed by ``MaHoSo``, every record mapped into a native dossier with its origin;
  (d) portal, read as ``check`` reads it (``read_run`` on the two files: the same, plus the run's joins);

then the audit end to end, ``dossier-check audit … --jobs 1 --format jsonl --output /dev/null`` with the
same catalogue (``--catalog``), start-up included, in CPU time of the process and peak resident memory:

  (e) on the native file;
  (f) on the portal records and the progress rows.

    .venv/bin/python benchmarks/bench_portal.py            # 20,000 dossiers
    .venv/bin/python benchmarks/bench_portal.py -n 50000

Target: (d) ≤ 1.5 × (b), reader against reader; the table also gives both against the floor (a).
Timings stay out of the test suite; this script only prints.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from bench_audit import generate, run_audit  # noqa: E402

from dossier_check.catalog import Catalog, ProcedureVersion, load_catalog, load_procedure_file  # noqa: E402
from dossier_check.sources.dvcqg import ProgressIndex, ProgressRow, expand, map_record  # noqa: E402
from dossier_check.sources.record import InputRecord  # noqa: E402
from dossier_check.sources.run import read_run  # noqa: E402
from portal_writer import to_portal  # noqa: E402


def with_portal_codes(version: ProcedureVersion) -> ProcedureVersion:
    doc = version.procedure.model_dump(mode="json")
    for comp in doc["components"]:
        comp["portal_code"] = f"GT-{doc['code']}-{comp['code']}"
    return load_procedure_file(f"<bench>/{doc['code']}.json", json.dumps(doc, ensure_ascii=False))


def write_catalog(folder: Path) -> Catalog:
    """The built-in catalogue with a ``portal_code`` per component, as procedure files in ``folder`` (for
    ``--catalog``) and as a :class:`Catalog`."""
    folder.mkdir(parents=True, exist_ok=True)
    versions = [with_portal_codes(v) for v in load_catalog()]
    for i, version in enumerate(versions):
        doc = version.procedure.model_dump(mode="json", exclude_none=True)
        (folder / f"{i:03d}-{version.code}.json").write_text(
            json.dumps(doc, ensure_ascii=False), encoding="utf-8"
        )
    return Catalog(versions)


def write_portal(source: Path, native: Path, records: Path, rows: Path, catalog: Catalog) -> int:
    """The generated dossiers (unreadable lines and repeated codes left out) in both formats; how many."""
    n = 0
    seen: set[str] = set()
    with (
        source.open("rb") as src,
        native.open("wb") as same,
        records.open("wb") as out,
        rows.open("wb") as progress,
    ):
        for line in src:
            try:
                dossier = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue  # the audit benchmark's unreadable lines have no portal form
            if not isinstance(dossier, dict) or not isinstance(dossier.get("code"), str):
                continue
            if dossier["code"] in seen:
                continue  # progress rows join by dossier code: the generator's repeated codes would share them
            seen.add(dossier["code"])
            record, steps = to_portal(dossier, catalog)
            same.write(line)
            out.write(orjson.dumps(record) + b"\n")
            progress.writelines(orjson.dumps(step) + b"\n" for step in steps)
            n += 1
    return n


def floor(path: Path) -> float:
    t = time.process_time()
    with path.open("rb") as f:
        for line in f:
            orjson.loads(line)
    return time.process_time() - t


def read_with_library(paths: list[Path], catalog: Catalog) -> tuple[float, int]:
    """The reading ``dossier-check check`` does: every input read, progress rows joined, records mapped."""
    t = time.process_time()
    items = read_run([str(p) for p in paths], catalog=catalog)
    return time.process_time() - t, sum(1 for i in items if i.error is None)


def read_portal(records: Path, rows: Path, catalog: Catalog) -> tuple[float, int]:
    """The portal reader's own steps, without the run's bookkeeping: parse, index the rows, map."""
    t = time.process_time()
    index = ProgressIndex()
    with rows.open("rb") as f:
        for n, line in enumerate(f, start=1):
            row = orjson.loads(line)
            index.add(ProgressRow(f"rows:{n}", row["MaHoSo"], row))
    mapped = 0
    with records.open("rb") as f:
        for n, line in enumerate(f, start=1):
            for item in expand(InputRecord(f"records:{n}", orjson.loads(line))):
                assert isinstance(item, InputRecord)
                mapped += map_record(item, progress=index, catalog=catalog).origin is not None
    return time.process_time() - t, mapped


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--count", type=int, default=20_000, help="dossiers to generate (default 20,000)")
    ap.add_argument("--seed", type=int, default=20261127)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-portal-"))
    try:
        generated, native = tmp / "generated.jsonl", tmp / "native.jsonl"
        generate(generated, args.count, None, args.seed)
        catalog = write_catalog(tmp / "catalog")
        records, rows = tmp / "records.jsonl", tmp / "rows.jsonl"
        n = write_portal(generated, native, records, rows, catalog)
        sizes = {p.name: p.stat().st_size / 1e6 for p in (native, records, rows)}
        print(
            f"{n:,} dossiers: native {sizes['native.jsonl']:.1f} MB; portal records "
            f"{sizes['records.jsonl']:.1f} MB + progress rows {sizes['rows.jsonl']:.1f} MB"
        )
        print(f"python {sys.version.split()[0]}\n")
        a = min(floor(native) for _ in range(3))
        steps = [
            ("(a) native: orjson.loads per dossier", a),
            (
                "(b) native: the library's reader",
                min(read_with_library([native], catalog)[0] for _ in range(3)),
            ),
            (
                "(c) portal: parse + index rows + map",
                min(read_portal(records, rows, catalog)[0] for _ in range(3)),
            ),
            (
                "(d) portal: the library's reader",
                min(read_with_library([records, rows], catalog)[0] for _ in range(3)),
            ),
        ]
        assert read_portal(records, rows, catalog)[1] == n == read_with_library([records, rows], catalog)[1]
        print(f"{'step (CPU time)':<44} {'dossiers/s':>11} {'µs/dossier':>11} {'× (a)':>7} {'× (b)':>7}")
        for name, secs in steps:
            print(
                f"{name:<44} {n / secs:>11,.0f} {secs / n * 1e6:>11.1f} {secs / a:>7.2f} {secs / steps[1][1]:>7.2f}"
            )
        print(
            "\ntarget: reading the portal export costs ≤ 1.5 × reading the same dossiers natively ((d) against (b))"
        )
        extra = ("--catalog", str(tmp / "catalog"))
        e = run_audit([native], 1, extra=extra)
        f = run_audit([records, rows], 1, extra=extra)
        print(
            f"\n{'audit end to end, --jobs 1':<44} {'dossiers/s':>11} {'CPU µs/dos.':>11} {'× (e)':>7} {'peak RSS':>9}"
        )
        for name, (_wall, cpu, _status, rss) in (
            (f"(e) native (exit {e[2]})", e),
            (f"(f) portal records + progress rows (exit {f[2]})", f),
        ):
            print(
                f"{name:<44} {n / cpu:>11,.0f} {cpu / n * 1e6:>11.1f} {cpu / e[1]:>7.2f} {rss / 2**20:>5,.0f} MiB"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
