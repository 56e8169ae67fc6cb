"""``dossier-check audit`` over the three source formats: sync records, progress rows and tracking books
joined across every input of the run, whatever the order of files and whatever ``--jobs``; the rows no
dossier claims become error records after all others; every input accounted for.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier_check.audit import run as audit_run
from dossier_check.cli import main
from dossier_check.sources import InputRecord, dvcqg, joins
from dossier_check.sources.book import read_book
from dossier_check.sources.joins import may_hold_progress
from test_book import ROW, csv_file, official
from test_dvcqg import RECORD, ROWS, record, step, write

AS_OF = "2026-11-27T12:00:00+07:00"
OTHER = "000.00.20.H20-261021-0003"
STRAY_ROWS = "000.00.20.H20-261023-0002"
STRAY_BOOK = "000.00.20.H20-261022-0001"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "exports"


def run(command: str, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main([command, *argv, "--as-of", AS_OF], out=out)
    return status, out.getvalue()


def lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(x) for x in text.splitlines()]


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    """A folder of every format: a request body of two records, a JSON Lines file mixing records, bodies and
    progress rows, a progress-row file, a native dossier, a workbook book and a CSV book."""
    root = tmp_path / "run"
    root.mkdir()
    write(
        root,
        "a-hoso.json",
        {"service": "DongBoHoSoMC", "data": [RECORD, record(MaHoSo=OTHER, NgayTiepNhan="20261021100000")]},
    )
    more = [
        record(MaHoSo=f"000.00.20.H20-261026-{i:04d}", NgayTiepNhan="20261026090000", NgayHenTra="")
        for i in range(1, 7)
    ]
    body = {"service": "DongBoHoSoMC", "data": more[:3]}
    rows_of = [step("20261026150000", MaHoSo=r["MaHoSo"]) for r in more]
    write(root, "b-mixed.jsonl", [body, *rows_of[:2], more[3], rows_of[3], more[4], [more[5], rows_of[5]]])
    write(root, "c-tiendo.jsonl", [*ROWS, {**ROWS[0], "MaHoSo": STRAY_ROWS}, rows_of[2], rows_of[4]])
    stray = [*ROW]
    stray[1] = STRAY_BOOK
    official(root / "d-so.xlsx", [ROW, stray])
    other_row = [*ROW]
    other_row[1] = more[0]["MaHoSo"]
    other_row[6] = "26/10/2026 09:00"
    csv_file(
        root / "e-so.csv",
        [["STT", "Mã hồ sơ", "Nhận hồ sơ", "Hẹn trả kết quả"], other_row[:2] + other_row[6:8]],
    )
    native = json.loads((Path(__file__).parent / "data" / "spec-dossier.json").read_text(encoding="utf-8"))
    (root / "f-native.json").write_text(json.dumps(native, ensure_ascii=False), encoding="utf-8")
    return root


def test_audit_gives_the_records_check_gives(mixed: Path) -> None:
    status, checked = run("check", str(mixed), "--format", "jsonl")
    audit_status, audited = run("audit", str(mixed), "--format", "jsonl", "--quiet", "--jobs", "1")
    assert audited == checked and audit_status == status == 3
    records = lines(audited)
    # The rows no dossier claims come last: the book's, then the progress rows'.
    assert [(r["format"], r["dossier_code"], r["status"]) for r in records[-2:]] == [
        ("book", STRAY_BOOK, "error"),
        ("dvcqg", STRAY_ROWS, "error"),
    ]
    by_code = {r["dossier_code"]: r for r in records[:-2]}
    assert not {"DC301", "DC401", "DC402", "DC403"} & set(by_code[RECORD["MaHoSo"]]["not_evaluable"])
    assert [v["code"] for v in by_code[OTHER]["violations"]] == ["DC401"]  # a book is in the run
    # Every progress row joined its dossier, in whichever file and line it came.
    for i in range(1, 7):
        code = f"000.00.20.H20-261026-{i:04d}"
        assert "DC301" not in by_code[code]["not_evaluable"], code
    # Sources inside a line of JSON Lines: the line, then the place in it.
    sources = {r["source"].removeprefix(f"{mixed}/") for r in records}
    assert {"b-mixed.jsonl:1#/data/0", "b-mixed.jsonl:4", "b-mixed.jsonl:7#0"} <= sources


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "text"])
def test_output_is_byte_identical_whatever_jobs(
    mixed: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = {}
    for chunk in (1 << 20, 200):  # 200 bytes: the JSON Lines files are cut into many ranges
        monkeypatch.setattr(audit_run, "CHUNK_BYTES", chunk)
        for jobs in (1, 2, 3):
            status, text = run("audit", str(mixed), "--format", fmt, "--quiet", "--jobs", str(jobs))
            assert status == 3
            outputs[(chunk, jobs)] = text
    first = outputs[(1 << 20, 1)]
    assert first and all(text == first for text in outputs.values())


def test_the_report_and_summary_do_not_depend_on_jobs(mixed: Path, tmp_path: Path) -> None:
    reports, summaries = [], []
    for jobs in (1, 2, 3):
        html, summary = tmp_path / f"r{jobs}.html", tmp_path / f"s{jobs}.json"
        run(
            "audit",
            str(mixed),
            "--quiet",
            "--jobs",
            str(jobs),
            "--report",
            str(html),
            "--summary",
            str(summary),
        )
        reports.append(
            re.sub(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", "T", html.read_text(encoding="utf-8"))
        )
        s = json.loads(summary.read_text(encoding="utf-8"))
        s.pop("generated_at")
        summaries.append(s)
    assert reports[0] == reports[1] == reports[2]
    assert summaries[0] == summaries[1] == summaries[2]


def test_joins_do_not_depend_on_the_order_of_files(mixed: Path) -> None:
    paths = sorted(str(p) for p in mixed.iterdir())
    outcomes = set()
    for order in itertools.islice(itertools.permutations(paths), 0, None, 97):
        status, text = run("audit", *order, "--format", "jsonl", "--quiet", "--jobs", "2")
        outcomes.add(
            (
                status,
                tuple(
                    sorted(
                        (
                            r["source"],
                            r["status"],
                            tuple(v["code"] for v in r["violations"]),
                            tuple(r["not_evaluable"]),
                        )
                        for r in lines(text)
                    )
                ),
            )
        )
    assert len(outcomes) == 1


def test_a_book_alone_is_judged_row_by_row(tmp_path: Path) -> None:
    stray = [*ROW]
    stray[1] = STRAY_BOOK
    book = official(tmp_path / "so.xlsx", [ROW, stray])
    status, text = run("audit", str(book), "--format", "jsonl", "--quiet")
    records = lines(text)
    assert [(r["format"], r["dossier_code"], r["status"]) for r in records] == [
        ("book", ROW[1], "pass"),
        ("book", STRAY_BOOK, "fail"),  # its code is dated 22/10, the book received it 20/10: DC005
    ]
    assert status == 1
    assert records == lines(run("check", str(book), "--format", "jsonl")[1])


def test_input_format_native_passes_spreadsheets_over_in_folders_and_refuses_them_by_name(
    mixed: Path,
) -> None:
    status, text = run("audit", str(mixed), "--format", "jsonl", "--quiet", "--input-format", "native")
    records = lines(text)
    assert {r["format"] for r in records} == {"native"}
    assert not any(r["source"].endswith((".xlsx", ".csv")) for r in records)
    status, text = run(
        "audit", str(mixed / "d-so.xlsx"), "--format", "jsonl", "--quiet", "--input-format", "dvcqg"
    )
    [refused] = lines(text)
    assert refused["status"] == "error" and status == 3


def test_progress_rows_whose_key_is_escaped_are_found(tmp_path: Path) -> None:
    # Some exporters escape every letter; the byte search that makes the index step cheap must still see it.
    text = json.dumps(ROWS, ensure_ascii=True).replace("ThoiDiemXuLy", r"\u0054hoiDiemXuL\u0079")
    (tmp_path / "tiendo.json").write_text(text, encoding="utf-8")
    write(tmp_path, "hoso.json", RECORD)
    assert may_hold_progress(str(tmp_path / "tiendo.json"))
    status, out = run("audit", str(tmp_path), "--format", "jsonl", "--quiet")
    [rec] = lines(out)
    assert "DC301" not in rec["not_evaluable"] and status == 0


@pytest.mark.parametrize(
    "key", ["ThoiDiemXuLy", r"\u0054hoiDiemXuL\u0079", r"\u0054\u0068\u006F\u0069DiemXuLy"]
)
def test_the_byte_search_sees_a_key_across_every_block_seam(
    key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Blocks are searched one by one and their seams on their own: a key may start at any byte of a block.
    # Small blocks put a seam at every place of the key; escaped keys are longer than a plain one.
    path = tmp_path / "rows.json"
    for block in (5, 13, 40, 97):
        monkeypatch.setattr(joins, "_BLOCK", block)
        for start in range(0, 2 * block + 1):
            path.write_bytes(b"x" * start + b'"' + key.encode() + b'":1 \\n tail')
            assert may_hold_progress(str(path)), (block, start)
        path.write_bytes(b"\\u0054hoiDiemXuLx " * 20 + b"ThoiDiemXuL")  # near misses only
        assert not may_hold_progress(str(path)), block


_PIECES = [b"X", b"XX", b"ThoiDiemXuLy", b"ThoiDiemXuL", b"hoiDiemXuLy", b"DiemX", b"\\u0058", b"\\"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=40),
    st.integers(min_value=0, max_value=6),
)
def test_the_byte_search_finds_exactly_what_the_full_pattern_finds(pieces: list[bytes], cap: int) -> None:
    # The plain key is found by jumping from one "X" to the next, up to a cap a block, then by the search
    # for the whole key: both ways, the answer is the full pattern's (every spelling of the key) on any bytes.
    data = b"".join(pieces)
    original = joins._X_CAP
    try:
        joins._X_CAP = cap  # small caps reach the whole-key search from X-heavy blocks
        assert joins._names_mark(data) == (joins._ESCAPED.search(data) is not None), data
    finally:
        joins._X_CAP = original


def test_the_byte_search_sees_through_compression(tmp_path: Path) -> None:
    data = json.dumps(ROWS).encode()
    plain = tmp_path / "rows.json"
    plain.write_bytes(data)
    (tmp_path / "rows.json.gz").write_bytes(gzip.compress(data))
    with zipfile.ZipFile(tmp_path / "rows.zip", "w") as z:
        z.writestr("a/rows.json", data)
    write(tmp_path, "hoso.json", RECORD)
    assert all(may_hold_progress(str(tmp_path / n)) for n in ("rows.json", "rows.json.gz", "rows.zip"))
    assert not may_hold_progress(str(tmp_path / "hoso.json"))
    assert may_hold_progress(str(tmp_path / "missing.json"))  # unreadable: the full read says why


def test_every_input_of_the_example_is_accounted_for() -> None:
    """Records + orphans + skipped + errors equals what was read, counted from the files themselves."""
    unclaimed = EXAMPLES.parent / "unclaimed"  # rows whose dossier the export does not hold
    status, text = run("audit", str(EXAMPLES), str(unclaimed), "--format", "jsonl", "--quiet", "--jobs", "2")
    records = lines(text)
    portal = EXAMPLES / "portal"
    # What the files hold, read without the library's readers.
    native = sum(
        1 for x in (EXAMPLES / "one-stop-2026.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()
    )
    for f in (EXAMPLES / "json").glob("*.json"):
        value = json.loads(f.read_text(encoding="utf-8"))
        native += len(value) if isinstance(value, list) else 1
    synced = [
        r
        for x in (portal / "dongbo-ho-so.jsonl").read_text(encoding="utf-8").splitlines()
        for r in json.loads(x)["data"]
    ]
    progress = [
        r
        for f in (portal / "tien-do-xu-ly.jsonl", unclaimed / "tien-do-xu-ly-ngoai-ban-xuat.jsonl")
        for x in f.read_text(encoding="utf-8").splitlines()
        for r in json.loads(x)["data"]
    ]
    rows = [
        item
        for book in (
            portal / "so-theo-doi-thanh-binh.xlsx",
            portal / "so-theo-doi-sa-dec.csv",
            unclaimed / "so-theo-doi-thanh-binh-ngoai-ban-xuat.xlsx",
        )
        for item in read_book(book).items
        if not hasattr(item, "error")
    ]
    synced_codes = {r["MaHoSo"] for r in synced}
    # What the audit wrote.
    by = {
        k: [r for r in records if (r["format"], r["status"]) == k]
        for k in {(r["format"], r["status"]) for r in records}
    }
    checked_native = len(by.get(("native", "pass"), [])) + len(by.get(("native", "fail"), []))
    dvcqg = [r for r in records if r["format"] == "dvcqg" and r["dossier_code"] in synced_codes]
    assert checked_native == native == 288
    assert len(dvcqg) == len(synced) == 64  # checked, or skipped (filed online, never received)
    orphan_rows = {r["dossier_code"] for r in records if r["format"] == "dvcqg" and r["status"] == "error"}
    assert orphan_rows == {r["MaHoSo"] for r in progress} - synced_codes != set()
    orphan_book = [r for r in records if r["format"] == "book" and r["status"] == "error"]
    assert {r["dossier_code"] for r in orphan_book} == {row.code for row in rows} - synced_codes != set()
    notes = [r for r in records if r["format"] == "book" and r["status"] == "skipped"]
    assert len(notes) == 2  # one per sheet with note rows
    assert len(records) == native + len(synced) + len(orphan_rows) + len(orphan_book) + len(notes)
    assert status == 3


# --- the text summary of a small mixed-format run: a golden, in both languages ---------------------------

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SOURCES = ["tests/data/spec-dossier.json", "tests/data/sources"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_golden_text_summary_of_a_mixed_format_run(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # A native dossier, two sync records (one without KenhThucHien, its appointment before its receipt),
    # progress rows (one dossier's not in the run) and a CSV book (one row not in the run): the not-evaluable
    # rules once for the portal format, each with its reason and the dossiers it was evaluated on.
    monkeypatch.chdir(ROOT)
    status, text = run("audit", *SOURCES, "--jobs", "1", "--quiet", "--lang", lang)
    assert status == 3
    golden = GOLDEN / f"audit-sources-text-{lang}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(text.encode("utf-8"))
    assert text.encode("utf-8") == golden.read_bytes()
    assert text == run("audit", *SOURCES, "--jobs", "2", "--quiet", "--lang", lang)[1]


def test_the_html_report_lists_what_each_format_cannot_carry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    report = tmp_path / "report.html"
    run("audit", *SOURCES, "--quiet", "--lang", "en", "--report", str(report))
    html = report.read_text(encoding="utf-8")
    assert html.count("National Public Service Portal sync records") == 1
    assert "the run holds no progress rows (CapNhatTienDoHoSoMC) for this dossier" in html
    assert "the sync record carries no refusal reason or refusal slip" in html


def test_each_file_is_indexed_once_however_it_is_cut(mixed: Path) -> None:
    from dossier_check.audit.plan import join_plan, make_plan
    from dossier_check.sources.joins import RunJoins

    for chunk in (1 << 20, 200, 50):
        joins = RunJoins()
        plan = join_plan(make_plan([str(mixed)], chunk), joins)
        # b-mixed.jsonl holds 4 rows, c-tiendo.jsonl 5: each indexed once, whatever the byte ranges
        assert len(joins.progress) == 9, chunk
        ranges = [t for t in plan.tasks if t.path.endswith("b-mixed.jsonl")]
        assert ranges and all(t.kind == "lines" for t in ranges)  # records too: still read by the workers
        assert not [t for t in plan.tasks if t.path.endswith("c-tiendo.jsonl")]  # rows alone: read once, here


# --- the workers' shortcut for a native dossier in a run with nothing to join -------------------------

_KEYS = ("MaHoSo", "service", "code", "procedure_code", "ThoiDiemXuLy", "data", "channel")
_VALUES = st.one_of(
    st.sampled_from([dvcqg.RECORD_SERVICE, dvcqg.PROGRESS_SERVICE, "x", "", 7, None, True]),
    st.lists(st.dictionaries(st.sampled_from(_KEYS), st.sampled_from(["H-1", 3, None])), max_size=2),
)
_ITEMS = st.builds(
    InputRecord,
    source=st.sampled_from(["", "a.jsonl:3"]),
    data=st.one_of(
        st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=5),  # native, portal and request shapes
        st.lists(st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=3), max_size=2),
        st.sampled_from([None, "text", 5]),
    ),
    error=st.sampled_from([None, "unreadable"]),
)


@settings(max_examples=300, deadline=None)
@given(item=_ITEMS)
def test_a_record_the_workers_pass_on_is_what_the_joins_would_give(item: InputRecord) -> None:
    """In a native export (nothing indexed, no book) a record :meth:`RunJoins.passes` is given back alone
    and unchanged by :meth:`RunJoins.records`, which notes only that the run held a dossier; the record is
    valid, violating or fuzzed, native or of a portal shape."""
    run_joins = joins.RunJoins("auto")
    assert run_joins.native_only()
    if not run_joins.passes(item):
        return
    seen = joins.Seen()
    assert run_joins.records(item, seen) == [item]
    assert seen == joins.Seen(dossiers=True)


def test_the_workers_shortcut_is_asked_only_when_nothing_is_indexed(tmp_path: Path) -> None:
    assert not joins.RunJoins("dvcqg").native_only()  # every object is a portal record there
    with_rows = joins.RunJoins("auto")
    with_rows.progress.add(dvcqg.ProgressRow("r.jsonl:1", "H-1", {"MaHoSo": "H-1", "ThoiDiemXuLy": "x"}))
    assert not with_rows.native_only()  # a native record may claim the row: its code is noted
    with_book = joins.RunJoins("auto")
    with_book.add_book(str(official(tmp_path / "book.xlsx", [ROW])))
    assert not with_book.native_only()
