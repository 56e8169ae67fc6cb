"""Fuzzing the readers of untrusted files: the catalogue loader and the audit input reader.

Claims, for every input: ``catalog.load_procedure_file`` returns a procedure version or raises
:class:`~dossier_check.catalog.CatalogError` naming the file (nothing else, never a traceback);
``inputs.iter_file`` / ``inputs.iter_records`` yield :class:`~dossier_check.inputs.InputRecord` values,
each a parsed value or a readable ``error`` (they never raise); the engine turns any bytes into a
report. Inputs: random bytes, generated files truncated or with bytes flipped, deep nesting, huge
strings and numbers, UTF-16 / Latin-1 / Windows-1258 encodings, truncated or damaged gzip and zip.

"No hang" is enforced by the per-example deadline of the Hypothesis profile (tests/conftest.py) and, for
the pathological inputs below, by an explicit time bound.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier_check import Checker
from dossier_check.catalog import CatalogError, ProcedureVersion, load_procedure_file
from dossier_check.cli import main
from dossier_check.reasons import REASONS, Reason
from dossier_check.sources import InputRecord, iter_file, iter_records
from dossier_check.strategies import AS_OF, procedure_documents, valid_dossiers

SLOW_INPUT = settings(deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow])
# Seconds for one pathological input: a guard against a reader that hangs or goes quadratic, not a speed
# measure (benchmarks/ measure speed). 750,000 one-element records take ~3 s on an idle machine and over 10 s
# on a shared, loaded one.
TIME_BOUND = 30.0

# --- inputs ---------------------------------------------------------------------------------------------

DEEP = [
    b"[" * 100_000,
    b"{" * 100_000,
    b'{"a":' * 100_000,
    b"[" * 100_000 + b"]" * 100_000,
    b'{"code": "1.000001", "components": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
]
HUGE = [
    b'{"code": "' + b"x" * 20_000_000 + b'"}',
    b'{"sets": 1' + b"0" * 5_000 + b"}",  # beyond Python's int-from-string limit
    b'{"sets": -1' + b"0" * 100_000 + b"}",
    b'{"sets": 1e999999}',
    b'{"sets": NaN, "amount": Infinity}',
    b"[" + b"{}," * 1_000_000 + b"{}]",
]


def encodings(text: str) -> list[bytes]:
    """The same text as a careless export would write it."""
    return [
        text.encode("utf-16"),  # with BOM
        text.encode("utf-16-le"),
        text.encode("utf-32"),
        text.encode("latin-1", errors="replace"),
        text.encode("cp1258", errors="replace"),  # Windows Vietnamese
        b"\xef\xbb\xbf" + text.encode("utf-8"),  # UTF-8 with BOM
    ]


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` truncated, with bytes flipped, inserted or removed."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["truncate", "flip", "insert", "remove"]))
        if not out:
            break
        i = draw(st.integers(0, len(out) - 1))
        if how == "truncate":
            del out[i:]
        elif how == "flip":
            out[i] ^= draw(st.integers(1, 255))
        elif how == "insert":
            out[i:i] = draw(st.binary(min_size=1, max_size=8))
        else:
            del out[i : i + draw(st.integers(1, 16))]
    return bytes(out)


def procedure_bytes() -> st.SearchStrategy[bytes]:
    return procedure_documents(max_components=3).map(lambda d: json.dumps(d, ensure_ascii=False).encode())


def dossier_bytes() -> st.SearchStrategy[bytes]:
    docs = st.lists(st.sampled_from(["1.004222", "1.001193", "2.000815"]).flatmap(valid_dossiers), max_size=3)
    return docs.map(lambda ds: json.dumps(ds, ensure_ascii=False).encode())


# --- the catalogue loader ---------------------------------------------------------------------------------


def load(text: str | bytes) -> ProcedureVersion | CatalogError:
    try:
        return load_procedure_file("fuzz/1.000001.json", text)
    except CatalogError as exc:
        assert exc.file == "fuzz/1.000001.json" and exc.reason
        assert str(exc).startswith("fuzz/1.000001.json: ")
        return exc


@given(raw=st.one_of(st.binary(max_size=2000), st.text(max_size=500).map(str.encode), st.text(max_size=500)))
def test_catalog_loader_survives_random_input(raw: str | bytes) -> None:
    load(raw)


@given(raw=procedure_bytes().flatmap(damaged))
def test_catalog_loader_survives_damaged_procedure_files(raw: bytes) -> None:
    load(raw)


@given(document=procedure_documents(max_components=3), which=st.integers(0, 5))
def test_catalog_loader_on_wrong_encodings(document: dict[str, Any], which: int) -> None:
    text = json.dumps(document, ensure_ascii=False)
    result = load(encodings(text)[which])
    if isinstance(result, CatalogError) and which in (3, 4) and not text.isascii():
        assert "UTF-8" in result.reason or "JSON" in result.reason


@pytest.mark.parametrize("raw", DEEP + HUGE, ids=lambda b: f"{b[:12]!r}..{len(b)}")
def test_catalog_loader_on_pathological_input(raw: bytes) -> None:
    start = time.monotonic()
    assert isinstance(load(raw), CatalogError)
    assert time.monotonic() - start < TIME_BOUND


def test_catalog_loader_names_the_problem_with_a_huge_integer() -> None:
    result = load(b'{"sets": 1' + b"0" * 5_000 + b"}")
    assert isinstance(result, CatalogError) and "JSON" in result.reason


# --- the audit reader -----------------------------------------------------------------------------------

NAMES = ["x.json", "x.jsonl", "x.ndjson", "x.json.gz", "x.jsonl.gz", "x.zip", "x.gz", "x.txt", "X.JSON"]


def read_all(path: Path) -> list[InputRecord]:
    records = list(iter_file(path))
    assert records, "every input is accounted for: an input without a dossier is a record that says so"
    for r in records:
        assert isinstance(r, InputRecord) and isinstance(r.source, str) and r.source.startswith(str(path))
        assert r.error is None or reason_of(r).strip()
        assert r.error is None or r.data is None
    return records


def reason_of(r: InputRecord) -> str:
    """The record's reason as a user reads it; a registered reason has its text in both languages."""
    if isinstance(r.error, Reason):
        assert r.error.key in REASONS, r.error
        assert r.error.render("vi") != r.error.render("en")
        return r.error.render("en")
    assert isinstance(r.error, str)
    return r.error


def in_file(name: str, content: bytes, reader: Callable[[Path], Any] = read_all) -> Any:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(content)
        return reader(path)


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@given(name=st.sampled_from(NAMES), content=st.binary(max_size=3000))
def test_reader_survives_random_bytes(name: str, content: bytes) -> None:
    in_file(name, content)


@given(content=dossier_bytes(), data=st.data())
def test_reader_survives_damaged_exports(content: bytes, data: st.DataObject) -> None:
    lines = b"\n".join(json.dumps(d).encode() for d in json.loads(content))
    variants = {
        "x.json": content,
        "x.jsonl": lines,
        "x.json.gz": gz(content),
        "x.jsonl.gz": gz(lines),
        "x.zip": zipped({"a.json": content, "b.jsonl": lines, "c.json.gz": gz(content), "d/e.txt": b"?"}),
    }
    name = data.draw(st.sampled_from(sorted(variants)))
    in_file(name, data.draw(damaged(variants[name])))


@given(
    content=dossier_bytes(),
    cut=st.floats(0, 1, exclude_max=True),
    name=st.sampled_from(["x.json.gz", "x.zip"]),
)
def test_truncated_archives_give_error_records(content: bytes, cut: float, name: str) -> None:
    whole = gz(content) if name == "x.json.gz" else zipped({"a.json": content})
    records = in_file(name, whole[: int(len(whole) * cut)])
    assert any(r.error for r in records)


@given(content=dossier_bytes(), which=st.integers(0, 5))
def test_reader_on_wrong_encodings(content: bytes, which: int) -> None:
    text = content.decode()
    records = in_file("x.json", encodings(text)[which])
    if which in (0, 1, 2):  # UTF-16 or UTF-32: refused with a readable reason
        assert len(records) == 1 and records[0].error
    if which == 5:  # a UTF-8 byte-order mark is tolerated (an empty array is a skipped record that says so)
        assert all(r.error is None or r.skipped for r in records)


@SLOW_INPUT
@given(zip_flags=st.sampled_from([(1, 0), (0, 99), (0, 12), (0, 14), (0, 1)]))
def test_zip_members_that_cannot_be_opened_give_error_records(zip_flags: tuple[int, int]) -> None:
    """An encrypted member, or one with a compression method Python cannot decode (99 = AES, 12 = bzip2
    when damaged, 14 = LZMA when damaged, 1 = shrink): one error record, the reading goes on."""
    flag, method = zip_flags
    raw = bytearray(zipped({"a.json": b'{"code": "x"}', "b.json": b"[]"}))
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = 0
        while (i := raw.find(signature, start)) >= 0:
            raw[i + flag_at] |= flag
            if method:
                raw[i + method_at] = method
            start = i + 4
    records = in_file("x.zip", bytes(raw))
    assert any(r.error for r in records)


def test_a_zip_archive_of_a_version_python_cannot_read_gives_an_error_record() -> None:
    raw = bytearray(zipped({"a.json": b"{}"}))
    central = raw.find(b"PK\x01\x02")
    raw[central + 6] = 84  # "version needed to extract": 8.4 (found by the long profile: NotImplementedError)
    records = in_file("x.zip", bytes(raw))
    assert len(records) == 1 and records[0].error and "zip" in reason_of(records[0])


@pytest.mark.parametrize("name", ["x.json", "x.jsonl", "x.json.gz"])
@pytest.mark.parametrize("raw", DEEP + HUGE[:1] + HUGE[-1:], ids=lambda b: f"{b[:12]!r}..{len(b)}")
def test_reader_on_pathological_input(name: str, raw: bytes) -> None:
    start = time.monotonic()
    in_file(name, gz(raw) if name.endswith(".gz") else raw)
    assert time.monotonic() - start < TIME_BOUND


@given(
    tree=st.dictionaries(
        st.sampled_from(["a.json", "b.jsonl", "c.json.gz", "d.zip", "sub/e.json", ".hidden.json", "f.txt"]),
        st.binary(max_size=300),
        max_size=5,
    )
)
def test_iter_records_over_a_directory_never_raises(tree: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, content in tree.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(content)
        records = list(iter_records([root, root / "missing.json"]))
    assert any(r.error and reason_of(r) == "no such file or directory" for r in records)
    assert all(isinstance(r, InputRecord) for r in records)


# --- the engine on whatever the reader lets through ----------------------------------------------------

CHECKER = Checker(as_of=AS_OF)


@given(raw=st.one_of(st.binary(max_size=1000), dossier_bytes().flatmap(damaged)))
def test_checker_turns_any_bytes_into_a_report(raw: bytes) -> None:
    report = CHECKER.check_bytes(raw)
    assert all(v.code.startswith("DC") for v in report.violations)


@pytest.mark.parametrize("raw", DEEP + HUGE[1:], ids=lambda b: f"{b[:12]!r}..{len(b)}")
def test_checker_on_pathological_input(raw: bytes) -> None:
    start = time.monotonic()
    CHECKER.check_bytes(raw)
    assert time.monotonic() - start < TIME_BOUND


# --- the command line's output path, for every format ------------------------------------------------------

_EXTREME_TEXT = [
    b'{"sets": 100000000000000000000}',  # beyond 64 bits once a rule counts it
    b'{"sets": 1e308, "code": "\\u001b[2J\\u202e"}',
    b'{"received_at": "9999-12-31T23:59:00+07:00", "procedure_code": "1.004222"}',
    b'{"received_at": "0001-01-01T00:00:00+08:00"}',
    b'{"received_at": "2200-02-12T09:00:00+07:00", "outcome": "accepted", "procedure_code": "1.004222"}',
]


@settings(SLOW_INPUT, max_examples=10)
@given(
    lines=st.lists(
        st.one_of(st.sampled_from(_EXTREME_TEXT), dossier_bytes().flatmap(damaged), dossier_bytes()),
        min_size=1,
        max_size=4,
    )
)
def test_every_output_format_of_the_command_line_writes_any_input(lines: list[bytes]) -> None:
    """check (text, json, jsonl) and audit (text, json, jsonl, csv, xlsx): every line read is one record out,
    never a traceback, whatever the values (far years, huge numbers, control characters, damage)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.jsonl"
        path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n")
        for argv in (["check"], ["audit", "--jobs", "1", "--quiet"]):
            for fmt in ("text", "json", "jsonl", "csv"):
                if fmt == "csv" and argv[0] == "check":
                    continue
                out = io.StringIO()
                with contextlib.redirect_stderr(io.StringIO()):
                    status = main([*argv, str(path), "--format", fmt, "--as-of", AS_OF], out=out)
                assert status in (0, 1, 3), (argv, fmt, status)
                records = max(1, sum(bool(line.strip()) for line in lines))  # no line at all: one record
                if fmt == "jsonl":
                    assert len(out.getvalue().split("\n")) - 1 == records
                elif fmt == "json":
                    assert len(json.loads(out.getvalue())) == records
        # The workbook: a file only (never stdout), one findings row per violation or unreadable input.
        book = Path(tmp) / "out.xlsx"
        with contextlib.redirect_stderr(io.StringIO()):
            argv = ["audit", "--jobs", "1", "--quiet", str(path), "--format", "xlsx", "--output", str(book)]
            status = main([*argv, "--as-of", AS_OF], out=io.StringIO())
        assert status in (0, 1, 3) and book.stat().st_size > 0
        with zipfile.ZipFile(book) as z:
            assert z.testzip() is None
