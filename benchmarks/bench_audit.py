"""Batch-audit benchmark: parse floor vs. full audit on 1 and 2 processes, with peak memory.

Generates N seeded synthetic dossiers (a realistic mix of the built-in procedures, ~5 KB each, the
size of a real exported dossier, about 60 % clean and 40 % with one to three faults, 0.2 % unreadable
lines) into a temporary JSON Lines file, then reports in one run:

  (a) orjson.loads of every line (the floor: "read the dossier at all"), in this process;
  (k) ``Checker.check_object`` on each dossier just parsed, in this process (the checker alone:
      validator, rules and findings, without reading or writing); each parse and each check timed, so
      that its ratio to the parse holds on a loaded machine too;
  (b) ``dossier-check audit FILE --jobs 1 --format jsonl --output /dev/null``;
  (c) the same with ``--jobs 2``;
  (e) two ``--jobs 1`` audits started at once, one on each half of the file: what two processes gain on
      this machine when they share nothing at all, the reference for (c) (two busy processes on a virtual
      machine's two cores each run slower than one alone);
  (d) the same dossiers written as national-portal sync records and progress rows (``bench_portal``'s
      writer; unreadable lines and repeated codes left out), ``--jobs 1``, next to (d0), the native file of
      exactly those dossiers — both with the catalogue given portal codes (``--catalog``);

as dossiers/s and µs/dossier, (k), (b) and (c) as multiples of (a), the speed-up of (c) over (b), and
the peak resident memory of the whole process tree (parent and workers, sampled every 50 ms). (b) and
(c) run the installed command line in a subprocess, start-up included.

    .venv/bin/python benchmarks/bench_audit.py                 # 50,000 dossiers (~250 MB)
    .venv/bin/python benchmarks/bench_audit.py --size-mb 1000  # a 1 GB file: memory stays flat
    .venv/bin/python benchmarks/bench_audit.py --repeat 3      # (b), (c), (e) three times in turns: medians

Timings stay out of the test suite; this script only prints.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from dossier_check import deadline, load_catalog
from dossier_check.config import Settings

AS_OF = "2026-12-31T23:00:00+07:00"
UNITS = [
    ("Bộ phận Một cửa UBND phường An Lộc", "Công an phường An Lộc", "H20"),
    ("Bộ phận Một cửa UBND phường Tân Thành", "Công an phường Tân Thành", "H21"),
    ("Bộ phận Một cửa UBND xã Hòa Bình", "Công an xã Hòa Bình", "H22"),
    ("Bộ phận Một cửa UBND phường Bến Nghé", "Công an phường Bến Nghé", "H23"),
    ("Bộ phận Một cửa UBND xã Phú Hữu", "Công an xã Phú Hữu", "H24"),
    ("Trung tâm Phục vụ hành chính công tỉnh Cà Mau", "Sở Tư pháp tỉnh Cà Mau", "H25"),
    ("Bộ phận Một cửa UBND phường Thống Nhất", "Công an phường Thống Nhất", "H26"),
    ("Bộ phận Một cửa UBND xã Đông Hải", "Công an xã Đông Hải", "H27"),
]
OFFICERS = [
    "Nguyễn Thị Mai",
    "Trần Quốc Huy",
    "Lê Thị Thu Hà",
    "Phạm Văn Đức",
    "Võ Ngọc Ánh",
    "Đặng Minh Tuấn",
]
STAFF = ["Lê Văn Cường", "Huỳnh Thị Lan", "Bùi Đức Thắng", "Ngô Thị Hồng", "Đỗ Văn Khải"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["Văn Bình", "Thị Hoa", "Minh Khoa", "Thu Trang", "Quốc Bảo", "Ngọc Lan", "Đức Anh", "Thanh Tâm"]
STREETS = ["Khóm An Thạnh A", "Ấp Tân Phong", "Số 12 đường Trần Hưng Đạo", "Tổ 5 khu phố 3", "Ấp Bình Minh"]
MIX = (
    ["1.004222"] * 4
    + ["1.001193"] * 3
    + ["2.000815"] * 3
    + ["3.000333"] * 2
    + ["1.001612"] * 2
    + [
        "1.000894",
        "2.000635",
        "1.013225",
    ]
)


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:00+07:00")


class Generator:
    """Seeded synthetic dossiers for the built-in procedures; clean ones pass, faulty ones carry faults."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.catalog = load_catalog()
        self.calendar = Settings.default().calendar
        self.days = [
            date(2026, 1, 5) + timedelta(days=i)
            for i in range(330)
            if self.calendar.is_working_day(date(2026, 1, 5) + timedelta(days=i))
        ]
        self.seq: dict[tuple[str, date], int] = {}
        self._deadlines: dict[tuple[str, str, str], Any] = {}

    def _components(
        self, code: str, channel: str, day: date
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, bool]]:
        version = self.catalog.resolve(code, day).version
        assert version is not None
        rng = self.rng
        facts: dict[str, bool] = {}
        for comp in version.procedure.components:
            fact = getattr(comp.required, "if_fact", None) or getattr(comp.required, "unless_fact", None)
            if fact and fact not in facts:
                facts[fact] = rng.random() < 0.15
        kept: list[dict[str, Any]] = []
        shown: list[dict[str, Any]] = []
        groups: set[str] = set()
        for comp in version.procedure.components:
            if comp.channels and channel not in comp.channels:
                continue
            if comp.group and comp.group in groups:
                continue
            req = comp.required
            if isinstance(req, bool):
                wanted = req
            elif getattr(req, "if_fact", None):
                wanted = facts[req.if_fact]
            else:
                wanted = not facts[req.unless_fact]
            if not wanted:
                continue
            if comp.group:
                groups.add(comp.group)
            if comp.kind == "show":
                shown.append({"code": comp.code, "name": comp.name})
            else:
                form = (
                    comp.forms[0] if channel != "online" or "electronic" not in comp.forms else "electronic"
                )
                kept.append({"code": comp.code, "name": comp.name, "form": form, "quantity": 1})
        return kept, shown, facts

    def dossier(self, faulty: bool) -> dict[str, Any]:
        rng = self.rng
        code = rng.choice(MIX)
        unit, agency, unit_code = rng.choice(UNITS)
        channel = rng.choices(["direct", "postal", "online"], [8, 1, 1])[0]
        day = rng.choice(self.days)
        received = datetime(day.year, day.month, day.day, rng.randint(7, 10), rng.choice([0, 10, 25, 40, 55]))
        if received.hour == 7:
            received = received.replace(minute=45)
        n = self.seq[(unit_code, day)] = self.seq.get((unit_code, day), 0) + 1
        dossier_code = f"000.00.20.{unit_code}-{day:%y%m%d}-{n:04d}"
        version = self.catalog.resolve(code, day).version
        assert version is not None
        key = (code, channel, _iso(received))
        dl = self._deadlines.get(key)
        if dl is None:
            dl = self._deadlines[key] = deadline(code, _iso(received), channel=channel)
        due_day: date = dl.due_date
        appointment = datetime(due_day.year, due_day.month, due_day.day, 16, 0)
        if appointment <= received + timedelta(hours=3):
            appointment = received + timedelta(hours=5)
        kept, shown, facts = self._components(code, channel, day)
        applicant_name = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"
        id_number = f"0{rng.randint(10, 99)}0{rng.randint(80, 99)}{rng.randint(100000, 999999)}"
        address = f"{rng.choice(STREETS)}, {unit.split('UBND ')[-1]}"
        phone = f"09{rng.randint(10000000, 99999999)}"
        officer = rng.choice(OFFICERS)
        staff = rng.choice(STAFF)
        span = appointment - received
        marks = [received + span * f for f in (0.05, 0.25, 0.45, 0.65, 0.8)]
        marks[0] = min(marks[0], received + timedelta(minutes=50))
        chain = [unit, agency, f"Lãnh đạo {agency}", agency, f"Văn thư {agency}", unit]
        handovers = [
            {
                "from_unit": chain[i],
                "to_unit": chain[i + 1],
                "handed_at": _iso(marks[i]),
                "giver": officer if i == 0 else staff,
                "receiver": staff if i < 4 else officer,
                "status": "early" if i == 4 else "on_time",
                "note": None,
            }
            for i in range(5)
        ]
        returned = marks[4] + (appointment - marks[4]) / 2
        slip_components = [dict(c) for c in kept]
        d: dict[str, Any] = {
            "code": dossier_code,
            "procedure_code": code,
            "receiving_unit": unit,
            "channel": channel,
            "received_at": _iso(received),
            "received_by": officer,
            "applicant": {
                "name": applicant_name,
                "id_number": id_number,
                "address": address,
                "phone": phone,
                "email": None,
            },
            "representative": None,
            "facts": facts,
            "outcome": "accepted",
            "sets": 1,
            "components": kept,
            "shown_documents": shown,
            "appointment_slip": {
                "number": f"{n}/TTPVHCC",
                "issued_at": _iso(received + timedelta(minutes=5)),
                "dossier_code": dossier_code,
                "receiving_unit": unit,
                "applicant_name": applicant_name,
                "applicant_id_number": id_number,
                "address": address,
                "phone": phone,
                "email": None,
                "request": version.procedure.name[:120],
                "components": slip_components,
                "sets": 1,
                "time_limit": dl.describe_limit("vi"),
                "received_at": _iso(received),
                "appointment_at": _iso(appointment),
                "return_place": unit,
                "received_by": officer,
                "delivered_via": "portal" if channel == "online" else None,
            },
            "control_slip": {
                "number": f"{n}/PKS",
                "dossier_code": dossier_code,
                "lead_agency": agency,
                "cooperating_agency": None,
                "received_at": _iso(received),
                "appointment_at": _iso(appointment),
                "handovers": handovers,
            },
            "tracking_entry": {
                "entry_no": n,
                "dossier_code": dossier_code,
                "procedure_name": version.procedure.name[:120],
                "applicant_name": applicant_name,
                "address_phone": f"{address} - {phone}",
                "lead_agency": agency,
                "received_at": _iso(received),
                "appointment_at": _iso(appointment),
                "returned_at": _iso(returned),
                "return_method": "online" if channel == "online" else "direct",
            },
            "supplement_requests": [],
            "rejection": None,
            "apologies": [],
            "stop_notice": None,
            "resolved_at": _iso(marks[4]),
            "returned_at": _iso(returned),
            # Extra export data (unknown keys are allowed and ignored by the rules), as real exports carry.
            "export": {
                "system": "Hệ thống thông tin giải quyết TTHC tỉnh",
                "exported_at": "2026-12-01T08:00:00+07:00",
                "record_id": rng.randint(10**9, 10**10),
                "agency_code": f"000.00.20.{unit_code}",
                "fee": {"amount": rng.choice([0, 15000, 20000, 100000]), "currency": "VND", "paid": True},
                "history": [
                    {"at": h["handed_at"], "actor": h["giver"], "action": "Chuyển xử lý", "to": h["to_unit"]}
                    for h in handovers
                ],
            },
        }
        if faulty:
            self._faults(d, rng.randint(1, 3))
        return d

    def _faults(self, d: dict[str, Any], k: int) -> None:
        rng = self.rng
        kinds = [
            "no_slip",
            "excess",
            "form",
            "slip_field",
            "late_transfer",
            "beyond",
            "no_tracking",
            "code_date",
            "no_control",
            "overdue",
        ]
        for fault in rng.sample(kinds, k):
            slip = d.get("appointment_slip")
            if fault == "no_slip":
                d["appointment_slip"] = None
            elif fault == "excess":
                d["components"].append(
                    {"code": None, "name": "Sổ hộ khẩu", "form": "original", "quantity": 1}
                )
            elif fault == "form" and d["components"]:
                d["components"][0]["form"] = "photocopy"
            elif fault == "slip_field" and slip:
                slip["return_place"] = ""
            elif fault == "late_transfer" and d["control_slip"]:
                first = d["control_slip"]["handovers"][0]
                first["handed_at"] = d["control_slip"]["handovers"][1]["handed_at"]
            elif fault == "beyond" and slip:
                slip["appointment_at"] = slip["appointment_at"].replace("T16:00", "T16:05")
                day = date.fromisoformat(slip["appointment_at"][:10]) + timedelta(days=20)
                slip["appointment_at"] = f"{day.isoformat()}{slip['appointment_at'][10:]}"
            elif fault == "no_tracking":
                d["tracking_entry"] = None
            elif fault == "code_date":
                d["code"] = d["code"][:-11] + "250101" + d["code"][-5:]
            elif fault == "no_control":
                d["control_slip"] = None
            elif fault == "overdue":
                d["returned_at"] = d["resolved_at"] = "2026-12-30T10:00:00+07:00"


def generate(path: Path, count: int | None, size_mb: float | None, seed: int) -> tuple[int, int]:
    """Write dossiers to ``path`` (JSON Lines) until ``count`` or ``size_mb``; returns (dossiers, bytes)."""
    gen = Generator(seed)
    rng = random.Random(seed + 1)
    limit = int(size_mb * 1e6) if size_mb else None
    written = n = 0
    pool: list[bytes] = []
    with open(path, "wb") as f:
        while (count is not None and n < count) or (limit is not None and written < limit):
            if rng.random() < 0.002:
                line = (
                    b'{"code": "000.00.20.H20-261020-9999", "procedure_code": "1.004222", "received_at": \n'
                )
            elif len(pool) < 20000 or rng.random() < 0.05:
                line = orjson.dumps(gen.dossier(faulty=rng.random() < 0.4)) + b"\n"
                pool.append(line)
            else:  # past 20,000 distinct dossiers, reuse them: keeps a 1 GB file quick to make
                line = rng.choice(pool)
            f.write(line)
            written += len(line)
            n += 1
    return n, written


def parse_floor(path: Path) -> tuple[int, float, float]:
    """(lines, best wall seconds, best CPU seconds) of three passes of ``orjson.loads`` over the file."""
    loads = orjson.loads
    best = best_cpu = float("inf")
    n = 0
    for _ in range(3):
        t, c = time.perf_counter(), time.process_time()
        n = 0
        with open(path, "rb") as f:
            for line in f:
                if line.strip():
                    with contextlib.suppress(orjson.JSONDecodeError):
                        loads(line)
                    n += 1
        best = min(best, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - c)
    return n, best, best_cpu


def check_ratio(path: Path) -> tuple[int, float, float]:
    """(dossiers, seconds in ``check_object``, seconds parsing the same lines), dossier by dossier.

    Each line is parsed (timed: its floor) and its dossier checked at once (timed), as the audit does:
    checking a dossier parsed long before would also time the cache misses of reading it back from
    memory. Both sums are taken over the same seconds of the run, so their ratio holds on a loaded machine.
    """
    from dossier_check.engine import Checker

    checker = Checker(as_of=AS_OF)
    loads, check = orjson.loads, checker.check_object
    clock = time.perf_counter
    n = 0
    checking = parsing = 0.0
    with open(path, "rb") as f:
        for line in f:
            t = clock()
            try:
                obj = loads(line)
            except orjson.JSONDecodeError:
                continue
            t1 = clock()
            check(obj)
            checking += clock() - t1
            parsing += t1 - t
            n += 1
    return n, checking, parsing


def _tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants, in bytes (Linux /proc)."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total


def _command(path: Path | list[Path], jobs: int, fmt: str, output: str, extra: tuple[str, ...]) -> list[str]:
    exe = shutil.which("dossier-check", path=str(Path(sys.executable).parent)) or "dossier-check"
    paths = path if isinstance(path, list) else [path]
    return [exe, "audit", *map(str, paths), *extra, "--jobs", str(jobs), "--format", fmt, "--output", output]


def run_audit(
    path: Path | list[Path],
    jobs: int,
    fmt: str = "jsonl",
    output: str = os.devnull,
    extra: tuple[str, ...] = (),
    together: list[Path] | None = None,
) -> tuple[float, float, int, int]:
    """Run the CLI; returns (wall seconds, CPU seconds of the tree, exit status, peak resident memory).

    ``together``: instead, one audit of each of these files, all started at once; the wall time is until
    the last one ends, the CPU time and memory are summed, the status is the highest.
    """
    cmds = (
        [_command(p, jobs, fmt, output, extra) for p in together]
        if together
        else [_command(path, jobs, fmt, output, extra)]
    )
    peak = [0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    procs = [subprocess.Popen([*cmd, "--quiet", "--as-of", AS_OF], stderr=subprocess.DEVNULL) for cmd in cmds]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], sum(_tree_rss(p.pid) for p in procs))
            stop.wait(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    for p in procs:
        p.wait()
    seconds = time.perf_counter() - t
    stop.set()
    th.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, cpu, max(p.returncode for p in procs), peak[0]


def split_halves(path: Path, into: Path) -> list[Path]:
    """The file's lines in two files of about the same size (cut at a line's end), for step (e)."""
    data = path.read_bytes()
    cut = data.find(b"\n", len(data) // 2) + 1 or len(data)
    halves = [into / "half-1.jsonl", into / "half-2.jsonl"]
    halves[0].write_bytes(data[:cut])
    halves[1].write_bytes(data[cut:])
    return halves


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--count", type=int, default=50_000, help="dossiers to generate (default 50,000)")
    ap.add_argument("--size-mb", type=float, default=None, help="generate this many MB instead of --count")
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--keep", metavar="FILE", help="write the generated JSONL here and keep it")
    ap.add_argument(
        "--format",
        choices=("jsonl", "csv", "xlsx"),
        default="jsonl",
        help="the audit's output format (default jsonl, to /dev/null; csv and xlsx to a temporary file)",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="R",
        help="run (b), (c) and (e) R times in turns: the median of each, and of each turn's ratios (default 1)",
    )
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-audit-"))
    path = Path(args.keep) if args.keep else tmp / "export.jsonl"
    try:
        t = time.perf_counter()
        count, size = generate(path, None if args.size_mb else args.count, args.size_mb, args.seed)
        print(
            f"generated {count:,} dossiers, {size / 1e6:,.1f} MB ({size / count / 1e3:.1f} KB each) "
            f"in {time.perf_counter() - t:.1f} s -> {path}"
        )
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
        n, floor, floor_cpu = parse_floor(path)
        rows: list[tuple[str, float, float, int | None]] = [
            ("(a) orjson.loads per line (floor)", floor, floor_cpu, None)
        ]
        checked, checking, parsing = check_ratio(path)
        # On the floor's scale: the floor's seconds times the ratio measured against the interleaved parse.
        k = checking / parsing
        rows.append(("(k) Checker.check_object per dossier", k * floor, k * floor_cpu, None))
        out = os.devnull if args.format == "jsonl" else str(tmp / f"out.{args.format}")
        halves = split_halves(path, tmp)
        # (b), (c) and (e) in turns, so that each repetition sees the machine alike for the three.
        runs: dict[str, list[tuple[float, float, int, int]]] = {"b": [], "c": [], "e": []}
        for _ in range(max(1, args.repeat)):
            runs["b"].append(run_audit(path, 1, args.format, out))
            runs["c"].append(run_audit(path, 2, args.format, out))
            runs["e"].append(run_audit(path, 1, args.format, out, together=halves))
        names = {
            "b": "(b) audit --jobs 1",
            "c": "(c) audit --jobs 2",
            "e": "(e) two --jobs 1, a half each",
        }
        for step, name in names.items():
            done = runs[step]
            statuses = sorted({r[2] for r in done})
            rows.append(
                (
                    f"{name} (exit {'/'.join(map(str, statuses))})",
                    statistics.median(r[0] for r in done),
                    statistics.median(r[1] for r in done),
                    max(r[3] for r in done),
                )
            )
        # The portal format, one process, on the same dossiers (those a portal record can hold).
        from bench_portal import write_catalog, write_portal  # here: bench_portal imports this module

        catalog = write_catalog(tmp / "catalog")
        same, records, progress = tmp / "same.jsonl", tmp / "records.jsonl", tmp / "rows.jsonl"
        m = write_portal(path, same, records, progress, catalog)
        extra = ("--catalog", str(tmp / "catalog"))
        portal = [
            (f"(d0) native, same {m:,}", run_audit(same, 1, args.format, out, extra)),
            (
                "(d) portal, records + rows",
                run_audit([records, progress], 1, args.format, out, extra),
            ),
        ]
        if out != os.devnull:
            print(f"--format {args.format}: {Path(out).stat().st_size / 1e6:,.1f} MB written\n")
        print(
            f"{'step':<38} {'dossiers/s':>11} {'µs/dossier':>11} {'× floor':>8} {'CPU µs/dossier':>15} "
            f"{'CPU × floor':>12} {'peak RSS (tree)':>16}"
        )
        for name, secs, cpu, rss in rows:
            mem = f"{rss / 2**20:,.0f} MiB" if rss else "-"
            print(
                f"{name:<38} {n / secs:>11,.0f} {secs / n * 1e6:>11.1f} {secs / floor:>8.2f} "
                f"{cpu / n * 1e6:>15.1f} {cpu / floor_cpu:>12.2f} {mem:>16}"
            )
        for name, (secs, cpu, status, rss) in portal:
            print(
                f"{name + f' (exit {status})':<38} {m / secs:>11,.0f} {secs / m * 1e6:>11.1f} {'':>8} "
                f"{cpu / m * 1e6:>15.1f} {'':>12} {rss / 2**20:>12,.0f} MiB"
            )
        # Ratios within each repetition (the three ran within a minute of each other), then their median.
        trios = list(zip(runs["b"], runs["c"], runs["e"], strict=True))
        speedup = statistics.median(b[0] / c[0] for b, c, _ in trios)
        reference = statistics.median(b[0] / e[0] for b, _, e in trios)
        print(f"\nspeed-up --jobs 2 over --jobs 1 (wall): {speedup:.2f}×")
        print(
            f"two processes sharing nothing, (b) over (e), the machine's reference: {reference:.2f}× "
            f"((c) against it: {speedup / reference:.0%})"
        )
        if len(trios) > 1:
            each = ", ".join(
                f"{b[0] / floor:.2f}×/{b[0] / c[0]:.2f}×/{b[0] / e[0]:.2f}×" for b, c, e in trios
            )
            print(f"each repetition, (b) × floor / speed-up of (c) / (b) over (e): {each}")
        print(f"portal over native, same dossiers, --jobs 1 (CPU): {portal[1][1][1] / portal[0][1][1]:.2f}×")
        print(
            f"(k) against the parses timed beside it: {checking / parsing:.2f}× "
            f"({checked:,} dossiers, {checking / checked * 1e6:.1f} µs each)"
        )
        print(
            "targets: (k) ≤ 5× floor; (b) ≤ 8× floor; (c) ≥ 1.8× faster than (b); peak RSS flat in the input size"
        )
        print(
            "wall times need an otherwise idle machine; CPU times less so (they sum parent and workers, "
            "start-up included)"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
