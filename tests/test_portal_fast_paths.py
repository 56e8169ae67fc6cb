"""The portal mapping's inline fast paths read exactly what the general readers read.

The mapping reads the common ``yyyyMMddHHmmss`` dates, a hand-over's status and code-list texts without
calling the general functions (for speed), and a run's JSON Lines index their plain progress rows without
the general line reader; these properties hold them to the same answers on valid and invalid values alike.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier_check.catalog import Catalog, ProcedureVersion, load_catalog, load_procedure_file
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


# --- a whole record mapped, with its rows: the memos the inline paths read, and the general readers --------


class _Empty(dict):  # type: ignore[type-arg]
    """A memo that never holds anything: every inline fast path that reads it falls back to the general
    reader (the function that fills the memo, or ``read_when``)."""

    def get(self, key: Any, default: Any = None) -> Any:
        return default


def _with_portal_codes(version: ProcedureVersion) -> ProcedureVersion:
    doc = version.procedure.model_dump(mode="json")
    for comp in doc["components"]:
        comp["portal_code"] = f"GT-{doc['code']}-{comp['code']}"
    return load_procedure_file(f"<portal>/{doc['code']}.json", json.dumps(doc, ensure_ascii=False))


_CATALOG = Catalog([_with_portal_codes(v) for v in load_catalog()])
# A few moments in both portal forms, shared by records and rows, so that a first or last row often falls
# at the receipt or the end of processing (the rows the sending system writes itself).
_POOL = st.sampled_from(
    ["20261020091000", "20/10/2026 09:10:00", "20261028100000", "28/10/2026 10:00:00", "20261029140000"]
)
_WHEN = st.one_of(_POOL, _DATES)
_CODE_LIST = st.one_of(
    st.sampled_from(["1", "2", "3", "4", "5", "6", "8", "9", "10", " 9 ", "11", "", "  ", "x", "٣"]),
    st.integers(0, 11),
    st.floats(0, 11),
    st.booleans(),
    st.none(),
)
_TEXTS = st.one_of(st.sampled_from(["", "  ", " An ", "Bình"]), st.integers(0, 9), st.floats(0, 1), st.none())
_IDS = st.one_of(
    st.sampled_from(["000000001", " 000000001 ", "087090001234", "", " "]), st.integers(0, 10**12), st.none()
)
_FILES = st.lists(
    st.fixed_dictionaries(
        {"MaThanhPhanHoSo": st.sampled_from(["GT-1.004222-TP1", " GT-1.004222-TP2 ", "GT-9", "", 7])},
        optional={"IsDeleted": st.sampled_from(["False", "True", True, "1", 0])},
    ),
    max_size=3,
)
_ROUNDS = st.one_of(
    st.none(),
    st.just([]),
    st.just({}),
    st.lists(
        st.fixed_dictionaries(
            {}, optional={"NgayBoSung": _WHEN, "NgayHenTraTruoc": _WHEN, "NoiDungBoSung": _TEXTS}
        ),
        max_size=2,
    ),
)
_PORTAL_RECORD = st.fixed_dictionaries(
    {"MaHoSo": st.one_of(st.sampled_from(["HS-1", " HS-1 ", "", " "]), st.integers(0, 1), st.floats(0, 1))},
    optional={
        "MaTTHC": st.one_of(
            st.sampled_from(["1.004222", " 1.004222 ", "", "9.9"]), st.floats(1, 2), st.none()
        ),
        "TrangThaiHoSo": _CODE_LIST,
        "KenhThucHien": _CODE_LIST,
        "NgayTiepNhan": _WHEN,
        "NgayHenTra": _WHEN,
        "NgayKetThucXuLy": _WHEN,
        "NgayTra": _WHEN,
        "NgayTuChoi": st.one_of(st.sampled_from(["", " ", 0, None, []]), _WHEN),
        "DonViXuLy": _TEXTS,
        "ChuHoSo": _TEXTS,
        "Email": _TEXTS,
        "SoBienNhan": _TEXTS,
        "SoDienThoai": st.one_of(_TEXTS, _IDS),
        "DinhDanhCHS": st.lists(st.fixed_dictionaries({"SoDinhDanh": _IDS}), max_size=1),
        "SoGiayToChuHoSo": _IDS,
        "TaiLieuNop": st.one_of(_FILES, st.none(), st.just("x")),
        "DanhSachHoSoBoSung": _ROUNDS,
    },
)
_PROGRESS_ROW = st.fixed_dictionaries(
    {"ThoiDiemXuLy": st.one_of(_POOL, _ROW_TIMES)},
    optional={
        "NoiDungXuLy": st.one_of(
            st.sampled_from(
                ["Chuyển hồ sơ", "Tiếp nhận hồ sơ", "Kết thúc xử lý hồ sơ", "Hồ sơ không có ngày hẹn trả"]
            ),
            st.none(),
        ),
        "NguoiXuLy": st.one_of(
            st.sampled_from(["Chuyên viên", "Cán bộ một cửa", " An ", "", "Bình"]), st.none()
        ),
        "PhongBanXuLy": _TEXTS,
        "TrangThai": st.sampled_from(["1", 1, "4", "9"]),
        "NgayKetThucTheoQuyDinh": st.one_of(_POOL, _STAMPS, st.none(), st.just("")),
    },
)


def _map(value: dict[str, Any], rows: list[dict[str, Any]]) -> InputRecord:
    index = dvcqg.ProgressIndex(dvcqg.ProgressRow(f"rows:{i}", "HS-1", r) for i, r in enumerate(rows))
    return dvcqg.map_record(
        InputRecord("r.json", value, format=dvcqg.FORMAT), progress=index, catalog=_CATALOG
    )


@settings(max_examples=400, deadline=None)
@given(_PORTAL_RECORD, st.lists(_PROGRESS_ROW, max_size=5))
def test_a_record_maps_the_same_without_the_memos_its_fast_paths_read(
    value: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    # Placeholder identity numbers, rows the sending system writes itself, statuses rewritten to 9, both
    # date forms, codes as numbers: the same dossier, origin (problems in the same order) and skip.
    with pytest.MonkeyPatch.context() as patch:
        for memo in ("STAMP_DAYS", "STAMP_TIMES", "_SMALL_TEXTS", "_KINDS", "_GIVERS", "_DEADLINE_DAYS"):
            patch.setattr(dvcqg, memo, _Empty())
        general = _map(value, rows)
    assert _map(value, rows) == general  # the memos filled here or earlier…
    assert _map(value, rows) == general  # …and read


@settings(max_examples=400, deadline=None)
@given(_PORTAL_RECORD, st.lists(_PROGRESS_ROW, max_size=2))
def test_a_mapped_record_reads_its_fields_as_the_general_helpers_do(
    value: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    # map_record reads texts, blanks and the absence of supplement rounds inline; the helpers it no longer
    # calls for them (_code_text, _procedure_code, _blank, _small_int, _text, _appointment, _supplements,
    # rows_for) are the truth, field by field.
    got = _map(value, rows)
    m = dvcqg._Mapper(value, "r.json")
    raw_code = value.get("MaHoSo")
    code = text if (text := dvcqg._code_text(raw_code)) is not None else raw_code
    status = value.get("TrangThaiHoSo")
    refused = m.when("NgayTuChoi", "/rejection/issued_at")
    if dvcqg._small_int(status) == 1 and refused is None:
        assert got.skipped and got.data is None
        return
    d = got.data
    assert d.get("code") == (None if dvcqg._blank(code) else code)
    assert got.dossier_code == (code.strip() if type(code) is str else None)
    procedure = dvcqg._procedure_code(value.get("MaTTHC"))
    assert d.get("procedure_code") == (None if dvcqg._blank(procedure) else procedure)
    unit = value.get("DonViXuLy")
    assert d.get("receiving_unit") == (None if dvcqg._blank(unit) else unit)
    if dvcqg._small_int(status) == 3 or refused is not None:
        assert d["outcome"] == "rejected" and d["rejection"] == {"issued_at": refused}
    elif dvcqg._blank(status):
        assert "outcome" not in d and "/outcome" in got.origin.unknown  # type: ignore[union-attr]
    channel = value.get("KenhThucHien")
    assert d.get("channel") == (
        None if dvcqg._blank(channel) else dvcqg._CHANNELS.get(dvcqg._small_int(channel))
    )
    assert ("/channel" in got.origin.unknown) == dvcqg._blank(channel)  # type: ignore[union-attr]
    applicant = d["applicant"]
    assert applicant["name"] == dvcqg._text(value.get("ChuHoSo"))
    assert applicant["email"] == dvcqg._text(value.get("Email"))
    assert applicant["phone"] == (dvcqg._code_text(value.get("SoDienThoai")) or None)
    ids = value.get("DinhDanhCHS")
    first = dvcqg._code_text(ids[0].get("SoDinhDanh")) if ids else None
    if first is not None and first.strip() not in ("", "000000001"):
        assert applicant["id_number"] == first
    if "appointment_slip" in d:
        assert d["appointment_slip"].get("number") == dvcqg._text(value.get("SoBienNhan"))
    problems = got.origin.problems  # type: ignore[union-attr]
    assert [p for p in problems if p.path == "/rejection/issued_at"] == m.problems
    for key, pointer in (("NgayKetThucXuLy", "/resolved_at"), ("NgayTra", "/returned_at")):
        date = dvcqg._Mapper(value, "r.json")
        assert d.get(pointer[1:]) == date.when(key, pointer)
        assert [p for p in problems if p.path == pointer] == date.problems
    slip = dvcqg._Mapper(value, "r.json")
    assert d.get("appointment_slip", {}).get("appointment_at") == dvcqg._appointment(slip)
    assert [p for p in problems if p.path == "/appointment_slip/appointment_at"] == slip.problems
    rounds = dvcqg._Mapper(value, "r.json")
    assert d["supplement_requests"] == dvcqg._supplements(rounds)
    assert [p for p in problems if p.path.startswith("/supplement_requests")] == rounds.problems
    index = dvcqg.ProgressIndex(dvcqg.ProgressRow("rows", "HS-1", r) for r in rows)
    assert ("control_slip" in d) == bool(index.rows_for(got.dossier_code))
