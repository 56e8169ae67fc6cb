"""Catalogue benchmark: loading thousands of procedure files, and checking speed against catalogue size.

Generates N seeded procedure files (default 3,000, about the number of national records the portal
publishes) into a temporary directory — every shape of the format: a shared component list of 2 to 14
rows, half of them with two to four cases, per-form copies, nested conditions, channel restrictions,
procedures offered on fewer channels, every time-limit unit (months and unknown included), fees,
results and a legal basis — then reports in one run:

  (a) ``load_catalog(DIR)``: seconds to read, validate and index every file (best and median of
      ``--rounds``, each in a fresh catalogue), and files/s;
  (b) checking the example export (``examples/exports/one-stop-2026.jsonl``, dossiers of the built-in
      procedures) with the built-in catalogue (8 procedures) and with the built-in catalogue plus the N
      generated ones, rounds interleaved so that both see the same machine: dossiers/s and the ratio.

    .venv/bin/python benchmarks/bench_catalog.py                # 3,000 files
    .venv/bin/python benchmarks/bench_catalog.py --files 10000  # more

Timings stay out of the test suite; this script only prints.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from dossier_check import Checker, load_catalog

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "examples" / "exports" / "one-stop-2026.jsonl"
AS_OF = "2026-12-31T23:00:00+07:00"
FORMS = ["original", "copy", "certified_copy", "photocopy", "electronic"]
CHANNELS = ["direct", "postal", "online"]
WORDS = [
    "Tờ khai",
    "Đơn đề nghị",
    "Giấy chứng nhận",
    "Bản sao",
    "Văn bản ủy quyền",
    "Giấy tờ chứng minh",
    "Bản vẽ",
    "Quyết định",
    "Hợp đồng",
    "Biên bản",
]
OBJECTS = ["quyền sử dụng đất", "chỗ ở hợp pháp", "nhân thân", "hộ kinh doanh", "công trình", "tài sản"]


def _limit(rng: random.Random) -> dict[str, Any]:
    unit = rng.choice(
        ["working_days"] * 6
        + ["calendar_days"] * 2
        + ["working_hours", "same_day", "calendar_months", "unknown"]
    )
    if unit == "same_day":
        return {"unit": unit, "cutoff": "15:00"}
    if unit == "unknown":
        return {"unit": unit, "amount": rng.randint(1, 30)} if rng.random() < 0.7 else {"unit": unit}
    return {"unit": unit, "amount": rng.randint(1, 12 if unit == "calendar_months" else 30)}


def _condition(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if roll < 0.55 or depth > 1:
        return True
    if roll < 0.65:
        return False
    if roll < 0.85:
        return {
            rng.choice(["if_fact", "unless_fact"]): rng.choice(["by_representative", "in_database", "lost"])
        }
    key = rng.choice(["all", "any"])
    return {key: [_condition(rng, depth + 1) for _ in range(rng.randint(1, 3))]}


def _component(rng: random.Random, code: str, name: str) -> dict[str, Any]:
    comp: dict[str, Any] = {"code": code, "name": name, "required": _condition(rng)}
    if rng.random() < 0.3:
        comp["copies"] = {f: rng.randint(1, 3) for f in rng.sample(FORMS[:2], rng.randint(1, 2))}
    else:
        comp["forms"] = rng.sample(FORMS, rng.randint(1, 4))
        comp["quantity"] = rng.randint(1, 3)
    if rng.random() < 0.15:
        comp["kind"] = "show"
    if rng.random() < 0.15:
        comp["channels"] = rng.sample(CHANNELS, rng.randint(1, 2))
    if rng.random() < 0.5:
        comp["portal_code"] = f"GT-{rng.randint(0, 10**6):06d}"
    return comp


def procedure(rng: random.Random, index: int) -> dict[str, Any]:
    n = rng.randint(2, 14)
    names = [f"{rng.choice(WORDS)} {rng.choice(OBJECTS)} (mẫu {i + 1})" for i in range(n)]
    shared = n if rng.random() < 0.5 else rng.randint(1, n - 1)
    doc: dict[str, Any] = {
        "code": f"{1 + index % 3}.{100000 + index:06d}",
        "name": f"Thủ tục thử nghiệm số {index}",
        "decision": f"{index}/QĐ-TEST",
        "valid_from": "2025-07-01",
        "level": rng.choice(["commune", "province"]),
        "time_limit": _limit(rng),
        "components": [_component(rng, f"TP{i + 1}", names[i]) for i in range(shared)],
        "legal_basis": ["Nghị định 118/2025/NĐ-CP"],
        "results": [{"code": f"KQ.G17.{index:06d}", "name": "Giấy chứng nhận"}],
    }
    if shared < n:
        rest = list(range(shared, n))
        doc["cases"] = [
            {
                "id": f"tr{k + 1}",
                "name": f"Trường hợp {k + 1}",
                "components": [
                    _component(rng, f"TP{i + 1}", names[i])
                    for i in rng.sample(rest, rng.randint(0, len(rest)))
                ],
                **({"time_limit": _limit(rng)} if rng.random() < 0.6 else {}),
            }
            for k in range(rng.randint(2, 4))
        ]
    if rng.random() < 0.3:
        doc["channels"] = rng.sample(CHANNELS, rng.randint(1, 2))
    if rng.random() < 0.2:
        doc["channel_time_limits"] = {"online": _limit(rng)}
    if rng.random() < 0.2:
        doc["fees"] = [{"name": "Lệ phí", "amount_vnd": rng.choice([0, 8000, 50000, 100000])}]
    return doc


def write_catalogue(directory: Path, files: int, seed: int) -> int:
    rng = random.Random(seed)
    size = 0
    for i in range(files):
        data = json.dumps(procedure(rng, i), ensure_ascii=False, indent=2).encode("utf-8")
        (directory / f"p{i:05d}.json").write_bytes(data)
        size += len(data)
    return size


def timed_load(directory: Path, rounds: int) -> list[tuple[float, float]]:
    """(wall seconds, CPU seconds of this process) per round: on a shared machine the CPU time is the
    cost of the work itself, the wall time what a user waits."""
    out = []
    for _ in range(rounds):
        start, cpu = time.perf_counter(), time.process_time()
        catalog = load_catalog(directory)
        out.append((time.perf_counter() - start, time.process_time() - cpu))
        del catalog
    return out


def check_rate(checker: Checker, dossiers: list[Any], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for d in dossiers:
            checker.check_object(d)
    return repeat * len(dossiers) / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=3000, help="procedure files to generate (default 3000)")
    parser.add_argument("--rounds", type=int, default=5, help="load and check rounds (default 5)")
    parser.add_argument("--repeat", type=int, default=10, help="passes over the export per check round")
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        size = write_catalogue(directory, args.files, args.seed)
        print(f"catalogue: {args.files} procedure files, {size / 1e6:.1f} MB, in {directory}")
        load_catalog()  # the built-in catalogue, once per process, outside the timing
        loads = timed_load(directory, args.rounds)
        walls, cpus = [w for w, _ in loads], [c for _, c in loads]
        best, median = min(walls), statistics.median(walls)
        print(
            f"(a) load_catalog: wall best {best:.2f} s, median {median:.2f} s; CPU best {min(cpus):.2f} s, "
            f"median {statistics.median(cpus):.2f} s over {args.rounds} rounds ({args.files / best:,.0f} "
            f"files/s at best; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
        )
        small = Checker(load_catalog(), as_of=AS_OF)
        large_catalog = load_catalog(directory)
        large = Checker(large_catalog, as_of=AS_OF)
        dossiers = [orjson.loads(line) for line in EXPORT.read_bytes().splitlines() if line.strip()]
        rates: dict[str, list[float]] = {"small": [], "large": []}
        for _ in range(args.rounds):
            rates["small"].append(check_rate(small, dossiers, args.repeat))
            rates["large"].append(check_rate(large, dossiers, args.repeat))
        s, big = statistics.median(rates["small"]), statistics.median(rates["large"])
        print(
            f"(b) checking {len(dossiers)} export dossiers × {args.repeat}, median of {args.rounds} interleaved rounds: "
            f"{len(small.catalog)} procedures {s:,.0f} dossiers/s; {len(large_catalog)} procedures {big:,.0f} "
            f"dossiers/s; ratio {big / s:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
