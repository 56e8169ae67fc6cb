"""The portal mapping's inline fast paths read exactly what the general readers read.

The mapping reads the common ``yyyyMMddHHmmss`` dates, a hand-over's status and code-list texts without
calling the general functions (for speed), and a run's JSON Lines index their plain progress rows without
the general line reader; these properties hold them to the same answers on valid and invalid values alike.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier_check.sources import dvcqg
from dossier_check.sources._when import PORTAL_FORMATS, read_when, stamp
from dossier_check.sources.joins import RunJoins
from dossier_check.sources.native import jsonl_records
from dossier_check.sources.record import InputRecord
from dossier_check.sources.run import read_run
from dossier_check.timeutil import Precision, When, parse_when

# 14-digit texts: real moments, impossible ones (month 13, 31 February, 24:00, second 60) and any digits.
_STAMPS = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
        lambda d: d.strftime("%Y%m%d%H%M%S").rjust(14, "0")
    ),
    st.tuples(
        st.integers(0, 9999),
        st.integers(0, 19),
        st.integers(0, 39),
        st.integers(0, 29),
        st.integers(0, 69),
        st.integers(0, 69),
    ).map(lambda p: f"{p[0]:04d}" + "".join(f"{x:02d}" for x in p[1:])),
    st.text(alphabet="0123456789", min_size=14, max_size=14),
)
_DATES = st.one_of(
    _STAMPS,
    _STAMPS.map(lambda s: f" {s} "),
    st.text(alphabet="0123456789/-: T٠١٢", max_size=20),
    st.text(max_size=16),
    st.integers(),
    st.none(),
)


def _expected(value: Any) -> tuple[str | None, bool]:
    """What the general reader makes of a date field: (the value, whether a problem is reported)."""
    if value == "" or value is None:
        return None, False
    try:
        return read_when(value), False
    except ValueError:
        return None, True


@settings(max_examples=500)
@given(_DATES)
def test_a_mapped_date_is_what_read_when_reads(value: Any) -> None:
    m = dvcqg._Mapper({"NgayTiepNhan": value}, "t")
    got = m.when("NgayTiepNhan", "/received_at")
    want, problem = _expected(value)
    assert got == want
    assert m.problems == ([dvcqg.Problem("/received_at", "date", PORTAL_FORMATS)] if problem else [])


@settings(max_examples=300)
@given(_STAMPS, st.one_of(_STAMPS, st.text(alphabet="0123456789", max_size=15), st.none()))
def test_a_hand_over_status_is_what_status_gives(at: str, deadline: str | None) -> None:
    try:
        local = datetime.fromisoformat(f"{at[:4]}-{at[4:6]}-{at[6:8]}T{at[8:10]}:{at[10:12]}:{at[12:14]}")
    except ValueError:
        return  # an unreadable time makes no hand-over (the test of the rows says so)
    row = dvcqg.ProgressRow("rows:1", "X", {"ThoiDiemXuLy": at, "NgayKetThucTheoQuyDinh": deadline})
    m = dvcqg._Mapper({}, "t")
    handovers = dvcqg._handovers(m, (row,), None, None)["handovers"]
    assert handovers[0].get("status") == dvcqg._status(
        When(local, Precision.SECOND), local.isoformat(), at, deadline
    )


def _small_int_reference(value: str) -> int | None:
    return int(value.strip()) if value.strip().isdigit() and value.strip().isascii() else None


@given(st.one_of(st.text(max_size=6), st.text(alphabet=" 0123456789٣", max_size=6)))
def test_a_code_list_text_is_read_the_same_every_time(value: str) -> None:
    want = _small_int_reference(value)
    assert dvcqg._small_int(value) == want
    assert dvcqg._small_int(value) == want  # the second reading comes from the memo


def _stamp_reference(text: str) -> str | None:
    """What the datetime parser makes of 14 characters read as yyyyMMddHHmmss."""
    if not (text.isdigit() and text.isascii()):
        return None
    iso = f"{text[:4]}-{text[4:6]}-{text[6:8]}T{text[8:10]}:{text[10:12]}:{text[12:14]}"
    try:
        datetime.fromisoformat(iso)
    except ValueError:
        return None
    return iso


@settings(max_examples=500)
@given(
    st.one_of(
        _STAMPS,
        st.text(alphabet="0123456789 ٣x", min_size=14, max_size=14),
        st.text(min_size=14, max_size=14),
    )
)
def test_a_stamp_is_what_the_datetime_parser_reads(text: str) -> None:
    want = _stamp_reference(text)
    assert stamp(text) == want
    assert stamp(text) == want  # the second reading comes from the memo


# The forms a progress row's time comes in: stamps (valid or not), day-first, ISO with or without an offset.
_ROW_TIMES = st.one_of(
    _STAMPS,
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)).map(
        lambda d: d.strftime("%d/%m/%Y %H:%M:%S")
    ),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)).map(
        lambda d: d.strftime("%d/%m/%Y")
    ),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)).map(
        lambda d: d.isoformat(timespec="seconds") + "+07:00"
    ),
    st.text(alphabet="0123456789", min_size=13, max_size=15),
)


@settings(max_examples=300)
@given(st.lists(_ROW_TIMES, max_size=6))
def test_hand_overs_are_in_the_order_of_their_parsed_times(times: list[str]) -> None:
    rows = tuple(dvcqg.ProgressRow(f"rows:{i}", "X", {"ThoiDiemXuLy": t}) for i, t in enumerate(times))
    m = dvcqg._Mapper({}, "t")
    got = [h["handed_at"] for h in dvcqg._handovers(m, rows, None, None)["handovers"]]
    readable = []
    for i, t in enumerate(times):
        try:
            text = read_when(t)
        except ValueError:
            continue
        when = parse_when(text)
        assert when is not None
        readable.append((when.local, i, text))
    assert got == [text for _, _, text in sorted(readable)]
    assert len(m.problems) == len(times) - len(readable)


_KEYS = st.sampled_from(
    ["MaHoSo", "ThoiDiemXuLy", "service", "code", "procedure_code", "data", "NgayTiepNhan"]
)
_VALUES = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from([dvcqg.RECORD_SERVICE, dvcqg.PROGRESS_SERVICE, " HS-1 ", ""]),
    st.lists(st.dictionaries(_KEYS, st.text(max_size=4), max_size=3), max_size=2),
)


@settings(max_examples=500)
@given(st.dictionaries(_KEYS, _VALUES, max_size=5), st.booleans())
def test_an_object_is_expanded_as_the_general_reader_reads_it(value: dict[str, Any], forced: bool) -> None:
    item = InputRecord("f.jsonl:1", value)
    want: list[Any] = []
    dvcqg._items(value, item.source, forced, item, want)
    assert dvcqg.expand(item, forced=forced) == want


# --- the progress rows of a run's JSON Lines, indexed as they are read -------------------------------------

_LIMIT = 300  # bytes per line: the padded rows below are over it
_CODES = st.sampled_from(["HS-1", " HS-2 ", "\tHS-2", "HS-3\u3000", "HS-3", "", "  ", "\n"])
_ROW = st.fixed_dictionaries(
    {"ThoiDiemXuLy": st.sampled_from(["20261020140000", "20/10/2026 14:00", "x", ""])},
    optional={
        "MaHoSo": st.one_of(_CODES, st.integers(0, 3), st.floats(0, 3), st.none(), st.lists(st.just("HS-1"))),
        "NoiDungXuLy": st.sampled_from(["Chuyển hồ sơ", "Tiếp nhận hồ sơ"]),
        "TrangThai": st.sampled_from(["4", 1]),
        "service": st.sampled_from([dvcqg.PROGRESS_SERVICE, "x"]),
        "code": st.just("HS-1"),
    },
)
_RECORD = st.fixed_dictionaries(
    {"MaHoSo": st.one_of(_CODES, st.integers(0, 3))},
    optional={
        "NgayTiepNhan": st.sampled_from(["20261020091000", ""]),
        "TrangThaiHoSo": st.sampled_from(["10", "1", 3]),
        "KenhThucHien": st.just("1"),
        "procedure_code": st.just("1.004222"),
    },
)
_NATIVE = st.fixed_dictionaries({"code": _CODES, "procedure_code": st.just("1.004222")})
_VALUE = st.one_of(
    _ROW,
    _RECORD,
    _NATIVE,
    st.lists(st.one_of(_ROW, _RECORD), max_size=3),
    st.fixed_dictionaries(
        {
            "service": st.sampled_from([dvcqg.PROGRESS_SERVICE, dvcqg.RECORD_SERVICE, "Other"]),
            "data": st.one_of(st.lists(st.one_of(_ROW, _RECORD), max_size=3), st.none()),
        }
    ),
    st.one_of(st.integers(-(10**6), 10**6), st.text(max_size=4), st.none()),
)
_LINE = st.one_of(
    _VALUE.map(orjson.dumps),
    _VALUE.map(lambda v: b" " + orjson.dumps(v) + b"\t\r"),
    _ROW.map(lambda r: orjson.dumps({**r, "GhiChu": "x" * _LIMIT})),  # over the limit
    st.binary(max_size=10),  # mostly not JSON; may hold a newline
    st.sampled_from(
        [
            b"",
            b"  ",
            b'{"MaHoSo": "HS-1", "ThoiDiemXuLy": "2026',  # cut short
            b"\xff\xfe{}",  # UTF-16
            '{"MaHoSo": "HS-1", "ThoiDiemXuLy": "\xe1"}'.encode("latin-1"),  # not UTF-8
        ]
    ),
)
_DATA = st.builds(
    lambda lines, bom, end: (b"\xef\xbb\xbf" if bom else b"") + b"\n".join(lines) + (b"\n" if end else b""),
    st.lists(_LINE, max_size=8),
    st.booleans(),
    st.booleans(),
)


def _read_lines(data: bytes, forced: bool, fast: bool) -> tuple[list[Any], list[Any], int]:
    """One stream read as a run reads it: (the records read, in order; the rows indexed, by code in the order
    first seen; how many records were read and rows indexed by the reader itself)."""
    index = dvcqg.ProgressIndex()
    ticks: list[None] = []
    stream = io.BytesIO(data)
    reads = (
        index.read_lines(stream, "f.jsonl", _LIMIT, lambda: ticks.append(None))
        if fast
        else jsonl_records(stream, "f.jsonl", _LIMIT)
    )
    records: list[Any] = []
    n = 0
    for read in reads:
        n += 1
        for part in dvcqg.expand(read, forced=forced):
            if isinstance(part, dvcqg.ProgressRow):
                index.add(part)
            else:
                records.append(part)
    return records, [(code, index.rows_for(code)) for code in index.codes()], n + len(ticks)


@settings(max_examples=400)
@given(_DATA, st.booleans())
def test_the_progress_line_reader_reads_what_the_general_reader_reads(data: bytes, forced: bool) -> None:
    # Every record and every row, in the same order, from the same line (unreadable lines, rows without a
    # code, oversized lines: the same error records); a tick for each row the reader indexed itself, so a
    # long file of rows is as interruptible as any.
    assert _read_lines(data, forced, fast=True) == _read_lines(data, forced, fast=False)


def _general_lines(
    self: RunJoins, tick: Callable[[], None]
) -> Callable[[IO[bytes], str, int], Iterator[Any]]:
    return jsonl_records


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["a.jsonl", "b.jsonl", "c.json"]), _DATA), min_size=1, max_size=3),
    st.sampled_from(["auto", "dvcqg", "native"]),
)
def test_a_run_reads_the_same_with_the_progress_line_reader(files: list[tuple[str, bytes]], fmt: str) -> None:
    # Whole runs: rows joined to their records, records whose rows never come, rows whose record never
    # comes (one error record per code, after the others), in any file order.
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, (name, data) in enumerate(files):
            path = Path(tmp) / f"{i}-{name}"
            path.write_bytes(data)
            paths.append(str(path))
        fast = read_run(paths, input_format=fmt)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(RunJoins, "lines", _general_lines)
            general = read_run(paths, input_format=fmt)
    assert fast == general
