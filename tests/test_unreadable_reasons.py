"""Why an input is unreadable is said in the run's language, from what is wrong, never in a library's English
words or as a Python repr (non-UTF-8 text, a file that is not gzip, a truncated .gz, a bad zip or .xlsx)."""

from __future__ import annotations

import gzip
import io
import json
import sys
import zipfile
from io import StringIO
from pathlib import Path

import pytest

from dossier_check.cli import main

LATIN = b'{"code": "\xe9"}'  # the byte 0xe9 at offset 10 is not UTF-8
LEAKS = ("b'", 'b"', "Error", "error", "Not a", "not a gzipped", "surrogates", "Compressed", "File is not")
LEAKS += ("end-of-stream", "str is not", "char 0", "(char", "BadZip", "BadGzip")


def _errors(*argv: str, stdin: bytes | None = None) -> list[str]:
    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    out = StringIO()
    try:
        main(["check", "--format", "json", *argv], out=out)
    finally:
        sys.stdin = saved
    return [r["error"] for r in json.loads(out.getvalue()) if r.get("error")]


def _clean(reason: str) -> None:
    for leak in LEAKS:
        assert leak not in reason, (leak, reason)


UTF8 = {
    "vi": "không phải văn bản UTF-8: byte không hợp lệ đầu tiên ở vị trí {offset} (tính từ 0), dòng {line} của bản ghi",
    "en": "not UTF-8 text: the first invalid byte is at offset {offset} (counted from 0), line {line} of the record",
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_non_utf8_json_names_the_first_bad_byte(tmp_path: Path, lang: str) -> None:
    (tmp_path / "latin.json").write_bytes(LATIN)
    (errors,) = [_errors(str(tmp_path / "latin.json"), "--lang", lang)]
    assert errors == [UTF8[lang].format(offset=10, line=1)]
    _clean(errors[0])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_non_utf8_on_a_later_line_and_inside_gz_and_zip(tmp_path: Path, lang: str) -> None:
    doc = b'{\n  "code": "HS-1",\n  "name": "x\xc3"\n}'  # a cut-off two-byte sequence at offset 32, line 3
    (tmp_path / "a.json.gz").write_bytes(gzip.compress(doc))
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as z:
        z.writestr("b.json", doc)
    for name in ("a.json.gz", "b.zip"):
        errors = _errors(str(tmp_path / name), "--lang", lang)
        assert errors == [UTF8[lang].format(offset=32, line=3)], name
        _clean(errors[0])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_non_utf8_from_standard_input(lang: str) -> None:
    errors = _errors("-", "--lang", lang, stdin=LATIN)
    assert errors == [UTF8[lang].format(offset=10, line=1)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_non_utf8_element_of_an_array_and_line_of_jsonl(tmp_path: Path, lang: str) -> None:
    (tmp_path / "arr.json").write_bytes(b'[{"a": 1},\n {"b": "\xff"}]')
    (tmp_path / "l.jsonl").write_bytes(b'{"a": 1}\n{"b": "x\xc3"}\n')
    (arr,) = _errors(str(tmp_path / "arr.json"), "--lang", lang)
    assert arr.startswith(UTF8[lang].format(offset=7, line=1))  # the offset inside the element
    (line,) = _errors(str(tmp_path / "l.jsonl"), "--lang", lang)
    assert line == UTF8[lang].format(offset=8, line=1)  # the offset inside the line
    _clean(arr)
    _clean(line)


CASES = {
    "fake.json.gz": (
        b"notgzip\n",
        "không phải dữ liệu nén gzip hợp lệ (phần đầu hoặc mã kiểm tra gzip sai)",
        "not valid gzip data (bad gzip header or checksum)",
    ),
    "cut.json.gz": (
        gzip.compress(LATIN)[:15],
        "dữ liệu nén bị cắt cụt: tệp kết thúc trước khi luồng nén kết thúc",
        "truncated compressed data: the file ends before the end of the compressed stream",
    ),
    "bad.zip": (b"nozip\n", "không phải kho zip", "not a zip archive"),
    "bad.xlsx": (
        b"noxlsx\n",
        "không đọc được tệp bảng tính: không phải sổ bảng tính .xlsx (không phải kho zip)",
        "cannot read the spreadsheet: not an .xlsx workbook (not a zip archive)",
    ),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_damaged_containers_say_what_is_wrong(tmp_path: Path, name: str, lang: str) -> None:
    data, vi, en = CASES[name]
    (tmp_path / name).write_bytes(data)
    errors = _errors(str(tmp_path / name), "--lang", lang)
    assert errors == [vi if lang == "vi" else en]
    _clean(errors[0])
