"""``dossier-check audit``: whole exports read completely, byte-identical output whatever ``--jobs``,
CSV for Excel, the self-contained HTML report, the progress bar, and failures that never stop the run.

Fixtures are built in ``tmp_path`` from the SPEC §3 dossier (it passes, checked as of 2026-11-27) and a
faulty variant. No timing here: speed is ``benchmarks/bench_audit.py``'s business.
"""

from __future__ import annotations

import argparse
import copy
import csv
import gzip
import io
import itertools
import json
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dossier_check import Checker, __version__
from dossier_check.audit import Progress, run_audit
from dossier_check.audit import run as audit_run
from dossier_check.cli import main
from dossier_check.render.columns import COLUMNS, HEADERS
from dossier_check.sources import native as native_mod
from dossier_check.summary import AuditSummary

HERE = Path(__file__).parent
DATA = HERE / "data"
AS_OF = "2026-11-27T12:00:00+07:00"
GOOD: dict[str, Any] = json.loads((DATA / "spec-dossier.json").read_text(encoding="utf-8"))
BAD: dict[str, Any] = json.loads((DATA / "faulty-dossier.json").read_text(encoding="utf-8"))


def variant(i: int, *, faulty: bool = False, unit: str | None = None) -> dict[str, Any]:
    """The SPEC dossier (or the faulty one) under a new sequence number, optionally at another unit."""
    d = copy.deepcopy(BAD if faulty else GOOD)
    old = d["code"]
    new = old[:-4] + f"{i % 10000:04d}"
    text = json.dumps(d, ensure_ascii=False).replace(old, new)
    d = json.loads(text)
    if unit is not None:
        d["receiving_unit"] = unit
    return d


def line(d: Any) -> str:
    return json.dumps(d, ensure_ascii=False) + "\n"


def audit(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(["audit", *argv, "--as-of", AS_OF], out=out)
    return status, out.getvalue()


def records(text: str) -> list[dict[str, Any]]:
    return [json.loads(x) for x in text.splitlines()]


# --- a messy export, read completely ------------------------------------------------------------------


@pytest.fixture()
def export(tmp_path: Path) -> Path:
    root = tmp_path / "export"
    (root / "desk-a").mkdir(parents=True)
    (root / "desk-b").mkdir()
    (root / "desk-a" / "good.json").write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    (root / "desk-a" / "array.json").write_text(
        json.dumps([variant(1), variant(2, faulty=True), 5], ensure_ascii=False), encoding="utf-8"
    )
    # JSON Lines with blank lines and one broken line
    (root / "desk-a" / "lines.jsonl").write_text(
        line(variant(3))
        + "\n"
        + line(variant(4, faulty=True))
        + "   \n"
        + '{"code": "x",\n'
        + line(variant(5)),
        encoding="utf-8",
    )
    with zipfile.ZipFile(root / "desk-b" / "bundle.zip", "w") as z:
        z.writestr("one.json", json.dumps(variant(6), ensure_ascii=False))
        z.writestr("more/two.jsonl", line(variant(7)) + line(variant(8, faulty=True)))
        z.writestr("notes.txt", "not a dossier")
    (root / "desk-b" / "gz.jsonl.gz").write_bytes(
        gzip.compress((line(variant(9)) + line(variant(10))).encode())
    )
    full = gzip.compress("".join(line(variant(20 + i)) for i in range(30)).encode())
    (root / "desk-b" / "truncated.jsonl.gz").write_bytes(full[: len(full) // 2])
    (root / "desk-b" / "utf16.json").write_bytes(json.dumps(variant(11), ensure_ascii=False).encode("utf-16"))
    (root / "desk-b" / "not-object.json").write_text('"just a string"', encoding="utf-8")
    (root / "desk-b" / "corrupt.json").write_text('{"code": "000.00.20.H20-261020-0007", ', encoding="utf-8")
    (root / "desk-b" / "README.txt").write_text("export notes", encoding="utf-8")
    (root / "desk-b" / ".DS_Store").write_bytes(b"\0\0")
    return root


def test_messy_export_is_audited_completely(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(export / "nowhere.jsonl")
    status, text = audit(str(export), missing, "--format", "jsonl", "--jobs", "2")
    err = capsys.readouterr().err
    assert status == 3
    assert "Traceback" not in err
    recs = records(text)
    by_source = {r["source"]: r for r in recs}
    a, b = export / "desk-a", export / "desk-b"
    # every good dossier checked, in input order: desk-a (sorted), desk-b (sorted), then the missing path
    checked = [r["source"] for r in recs if r["status"] != "error"]
    assert checked[:8] == [
        f"{a}/array.json#0",
        f"{a}/array.json#1",
        f"{a}/good.json",
        f"{a}/lines.jsonl:1",
        f"{a}/lines.jsonl:3",
        f"{a}/lines.jsonl:6",
        f"{b}/bundle.zip!more/two.jsonl:1",
        f"{b}/bundle.zip!more/two.jsonl:2",
    ]
    assert by_source[f"{a}/good.json"]["status"] == "pass"
    assert by_source[f"{a}/array.json#1"]["status"] == "fail"
    assert by_source[f"{b}/bundle.zip!one.json"]["status"] == "pass"
    assert by_source[f"{b}/gz.jsonl.gz:2"]["status"] == "pass"
    # every bad input reported with its reason
    reasons = {r["source"]: r["error"] for r in recs if r["status"] == "error"}
    assert "không phải hồ sơ" in reasons[f"{a}/array.json#2"]
    assert "không phải JSON hợp lệ" in reasons[f"{a}/lines.jsonl:5"]
    assert "không đọc loại tệp này trong kho zip" in reasons[f"{b}/bundle.zip!notes.txt"]
    assert "dữ liệu nén bị cắt cụt" in reasons[f"{b}/truncated.jsonl.gz"]
    assert "UTF-16" in reasons[f"{b}/utf16.json"]
    assert "không phải hồ sơ: một chuỗi JSON" in reasons[f"{b}/not-object.json"]
    assert "không phải JSON hợp lệ" in reasons[f"{b}/corrupt.json"]
    assert reasons[missing] == "không có tệp hoặc thư mục này"
    assert recs[-1]["source"] == missing
    # the counts add up, and the skipped README and hidden file are accounted for (never silent)
    n_pass = sum(r["status"] == "pass" for r in recs)
    n_fail = sum(r["status"] == "fail" for r in recs)
    n_err = sum(r["status"] == "error" for r in recs)
    assert n_pass + n_fail + n_err == len(recs)
    assert n_fail == 3 and n_err == len(reasons) == 8
    assert (
        f"Tổng cộng {len(recs)} bản ghi: {n_pass + n_fail} hồ sơ đã kiểm tra ({n_pass} đạt, {n_fail} không đạt"
        in err
    )
    assert f"{n_err} không đọc được; 2 mục bị bỏ qua" in err
    assert "README.txt" in err and ".DS_Store" in err


def test_the_jsonl_records_are_the_check_records(export: Path) -> None:
    lines_file = export / "desk-a" / "lines.jsonl"
    _, audited = audit(str(lines_file), "--format", "jsonl", "--quiet")
    out = io.StringIO()
    main(["check", str(lines_file), "--format", "jsonl", "--as-of", AS_OF], out=out)
    assert audited == out.getvalue()


def test_text_format_prints_the_summary_tables(export: Path) -> None:
    status, text = audit(str(export), "--quiet")
    assert status == 3
    for heading in (
        "Theo quy tắc",
        "Theo thủ tục",
        "Theo bộ phận tiếp nhận",
        "Theo tháng tiếp nhận",
        "Tỷ lệ",
    ):
        assert heading in text
    assert "Bộ phận Một cửa UBND phường An Lộc" in text
    assert "10/2026" in text
    assert "Đầu vào không đọc được" in text
    status, text = audit(str(export), "--quiet", "--lang", "en")
    assert "By receiving unit" in text and "By month of receipt" in text


def test_exit_statuses(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(line(variant(1)) + line(variant(2)), encoding="utf-8")
    assert audit(str(good), "--quiet")[0] == 0
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(line(variant(1)) + line(variant(2, faulty=True)), encoding="utf-8")
    assert audit(str(mixed), "--quiet")[0] == 1
    args = _args([str(mixed)], exit_zero=True)
    assert run_audit(args, Checker(as_of=AS_OF), io.StringIO()) == 0  # --exit-zero turns 1 into 0
    assert audit(str(mixed), str(tmp_path / "missing"), "--quiet")[0] == 3  # 3 takes precedence


# --- the same bytes whatever --jobs is ----------------------------------------------------------------


@pytest.fixture()
def multi(tmp_path: Path) -> Path:
    root = tmp_path / "multi"
    root.mkdir()
    units = [
        "Bộ phận Một cửa UBND phường An Lộc",
        "Bộ phận Một cửa UBND xã Hòa Bình",
        'Trung tâm "PVHCC", tỉnh A',
    ]
    big = "".join(
        ("\n" if i % 37 == 0 else "")
        + ('{"broken": \n' if i % 101 == 0 else line(variant(i, faulty=i % 3 == 0, unit=units[i % 3])))
        for i in range(400)
    )
    (root / "big.jsonl").write_text(big, encoding="utf-8")
    (root / "a.json").write_text(
        json.dumps([variant(i, faulty=i % 2 == 0) for i in range(7)]), encoding="utf-8"
    )
    (root / "b.jsonl.gz").write_bytes(gzip.compress("".join(line(variant(i)) for i in range(5)).encode()))
    (root / "c, with comma.jsonl").write_text(
        line(variant(1, faulty=True)) + line(variant(2)), encoding="utf-8"
    )
    return root


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
def test_output_is_byte_identical_whatever_jobs(
    multi: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = {}
    for chunk in (64 * 1024, 1000):  # 1000 bytes is shorter than a line: many ranges own no line at all
        monkeypatch.setattr(audit_run, "CHUNK_BYTES", chunk)
        for jobs in (1, 2, 3):
            status, text = audit(str(multi), "--format", fmt, "--jobs", str(jobs), "--quiet")
            assert status == 3
            outputs[(chunk, jobs)] = text
    first = outputs[(64 * 1024, 1)]
    assert all(text == first for text in outputs.values())
    if fmt == "jsonl":
        out = io.StringIO()
        main(["check", str(multi / "big.jsonl"), "--format", "jsonl", "--as-of", AS_OF], out=out)
        big = [
            x
            for x in first.splitlines(keepends=True)
            if x.startswith('{"source":"' + str(multi / "big.jsonl"))
        ]
        assert "".join(big) == out.getvalue()
    if fmt == "json":
        parsed = json.loads(first)
        assert isinstance(parsed, list) and len(parsed) == len(records(outputs_jsonl(multi)))


def outputs_jsonl(root: Path) -> str:
    return audit(str(root), "--format", "jsonl", "--quiet")[1]


def test_output_file(multi: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    _, text = audit(str(multi), "--format", "jsonl", "--output", str(target), "--quiet", "--jobs", "2")
    assert text == ""
    _, direct = audit(str(multi), "--format", "jsonl", "--quiet")
    assert target.read_text(encoding="utf-8") == direct


# --- receiving units grouped as names compare -----------------------------------------------------------

UNIT_A = "Bộ phận Một cửa UBND phường An Lộc"
A_SPELLINGS = [  # 3 × UNIT_A (once decomposed and padded), 2 × upper case, 2 others: UNIT_A is shown
    UNIT_A,
    UNIT_A.upper(),
    unicodedata.normalize("NFD", "  " + UNIT_A.replace(" ", " \t ") + " "),
    UNIT_A.casefold(),
    UNIT_A,
    UNIT_A.upper(),
    "Bộ phận một cửa UBND Phường An Lộc",
]
B_SPELLINGS = ["Một cửa B", "MỘT CỬA B", " Một cửa B", "MỘT  CỬA B"]  # a tie: the smaller string is shown
SHOWN = {**dict.fromkeys(A_SPELLINGS, UNIT_A), **dict.fromkeys(B_SPELLINGS, "MỘT CỬA B")}


def _unit_run(
    tmp_path: Path, name: str, dossiers: list[tuple[int, str]], jobs: int
) -> tuple[dict[str, Any], str, str]:
    """Audit the dossiers ``(number, receiving unit)`` (every third number faulty) from one JSON Lines file:
    the summary file (without its time and inputs), the text tables and the HTML report without the
    violations."""
    src = tmp_path / f"{name}.jsonl"
    src.write_text(
        "".join(line(variant(i, faulty=i % 3 == 0, unit=u)) for i, u in dossiers), encoding="utf-8"
    )
    summary, report = tmp_path / f"{name}-{jobs}.json", tmp_path / f"{name}-{jobs}.html"
    status, text = audit(
        str(src), "--jobs", str(jobs), "--summary", str(summary), "--report", str(report), "--quiet"
    )
    assert status == 1  # failing dossiers, every input read
    doc = json.loads(summary.read_text(encoding="utf-8"))
    doc.pop("generated_at")
    doc.pop("inputs")
    html = report.read_text(encoding="utf-8")
    return doc, text, re.sub(r"<li>.*?</li>", "", html)  # the violations' messages quote the units as written


def test_units_differing_in_case_space_or_normal_form_are_one_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    units = [u for pair in itertools.zip_longest(A_SPELLINGS, B_SPELLINGS) for u in pair if u is not None]
    dossiers = list(enumerate(units))
    monkeypatch.setattr(audit_run, "CHUNK_BYTES", 3000)  # about a line a range: many tasks, split over jobs
    # The same dossiers with one spelling per unit: what the grouped units must add up to.
    want, _, _ = _unit_run(tmp_path, "canonical", [(i, SHOWN[u]) for i, u in dossiers], 1)
    rows = {r["key"]: r for r in want["by_unit"]}
    assert [r["key"] for r in want["by_unit"]] == [UNIT_A, "MỘT CỬA B"]
    assert rows[UNIT_A]["checked"] == len(A_SPELLINGS)
    assert rows[UNIT_A]["failed"] == sum(i % 3 == 0 for i, u in dossiers if u in A_SPELLINGS) > 0
    assert rows["MỘT CỬA B"]["checked"] == len(B_SPELLINGS)
    tallies = {r["key"]: r["indicators"] for r in want["indicators"]["by_unit"]}
    assert list(tallies) == [UNIT_A, "MỘT CỬA B"]
    assert tallies[UNIT_A]["on_time"]["computed_on"] == len(A_SPELLINGS)  # every A dossier counted once
    for name, order in (("forward", dossiers), ("reversed", dossiers[::-1])):
        for jobs in (1, 2):
            got, text, html = _unit_run(tmp_path, name, order, jobs)
            assert got == want, (name, jobs)  # every count and indicator, summed under the shown spelling
            for other in {" ".join(unicodedata.normalize("NFC", u).split()) for u in SHOWN}:
                if other not in (UNIT_A, "MỘT CỬA B"):  # no other spelling is shown
                    assert other not in text and other not in html, (name, jobs, other)
            assert text.count(UNIT_A) == text.count("MỘT CỬA B") == 2  # the counts and the indicators
            assert UNIT_A in html and "MỘT CỬA B" in html


def test_grouping_units_is_a_no_op_without_two_spellings_of_one_unit() -> None:
    summary = AuditSummary(by_unit={"Một cửa A": [2, 1, 3], "Một cửa B": [1, 0, 0]})
    table = summary.by_unit
    summary.group_units()
    assert summary.by_unit is table and list(table) == ["Một cửa A", "Một cửa B"]
    summary.by_unit["MỘT CỬA A"] = [2, 0, 0]
    summary.group_units()  # a tie of 2 dossiers each: the smaller string is shown
    assert summary.by_unit == {"MỘT CỬA A": [4, 1, 3], "Một cửa B": [1, 0, 0]}
    summary.group_units()  # again: nothing left to group
    assert summary.by_unit == {"MỘT CỬA A": [4, 1, 3], "Một cửa B": [1, 0, 0]}


# --- CSV for Excel --------------------------------------------------------------------------------------


def csv_dicts(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    """The CSV's rows keyed by the columns' machine names (the header row is in the run's language)."""
    header, *rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    assert len(header) == len(COLUMNS)
    return [dict(zip(COLUMNS, r, strict=True)) for r in rows]


def test_csv_has_bom_crlf_and_round_trips_vietnamese(multi: Path, tmp_path: Path) -> None:
    target = tmp_path / "audit.csv"
    audit(str(multi), "--format", "csv", "--output", str(target), "--quiet")
    raw = target.read_bytes()
    assert raw.startswith(
        "\ufeffNguồn dữ liệu,Mã hồ sơ,Mã thủ tục,Đơn vị tiếp nhận,Ngày tiếp nhận,Kết quả kiểm tra,".encode()
    )
    assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")
    rows = csv_dicts(raw.decode("utf-8-sig"))
    units = {r["receiving_unit"] for r in rows}
    assert "Bộ phận Một cửa UBND xã Hòa Bình" in units
    assert 'Trung tâm "PVHCC", tỉnh A' in units  # quotes and commas survive
    messages = [r["message"] for r in rows if r["code"] == "DC102"]
    assert messages and "Nhận thừa thành phần hồ sơ “Sổ hộ khẩu”" in messages[0]
    assert {r["received_date"] for r in rows if r["status"] == "Không đạt"} == {"2026-10-20", "2026-10-21"}
    assert {r["severity"] for r in rows if r["code"]} <= {"Lỗi", "Cảnh báo", "Thông tin"}
    errors = [r for r in rows if r["status"] == "Không đọc được"]
    assert errors and all(r["message"] and not r["code"] for r in errors)
    assert any(r["source"].startswith(str(multi / "c, with comma.jsonl") + ":") for r in rows)
    # one row per violation: the count matches the JSON Lines records
    _, text = audit(str(multi), "--format", "jsonl", "--quiet")
    recs = records(text)
    assert len(rows) == sum(len(r["violations"]) for r in recs) + sum(r["status"] == "error" for r in recs)


def test_csv_cells_cannot_become_formulas(tmp_path: Path) -> None:
    d = variant(1, faulty=True, unit='=HYPERLINK("x")')
    (tmp_path / "f.json").write_text(json.dumps(d), encoding="utf-8")
    _, text = audit(str(tmp_path / "f.json"), "--format", "csv", "--quiet")
    rows = csv_dicts(text.lstrip("\ufeff"))
    assert rows and all(r["receiving_unit"] == '\'=HYPERLINK("x")' for r in rows)


@pytest.mark.parametrize(("option", "char"), [(";", ";"), ("tab", "\t")])
def test_csv_delimiters_give_the_same_cells(multi: Path, option: str, char: str) -> None:
    _, comma = audit(str(multi), "--format", "csv", "--quiet", "--jobs", "2")
    _, other = audit(str(multi), "--format", "csv", "--csv-delimiter", option, "--quiet", "--jobs", "2")
    assert other.splitlines()[0] == char.join(HEADERS["vi"]).join(["\ufeff", ""])
    assert csv_dicts(other.lstrip("\ufeff"), char) == csv_dicts(comma.lstrip("\ufeff"))
    # a cell holding the delimiter is quoted, whatever the delimiter
    assert any(r["source"].startswith(str(multi / "c, with comma.jsonl")) for r in csv_dicts(other[1:], char))


def test_csv_english_keeps_the_coded_values(multi: Path) -> None:
    _, text = audit(str(multi), "--format", "csv", "--lang", "en", "--quiet")
    rows = csv_dicts(text.lstrip("\ufeff"))
    assert text.lstrip("\ufeff").startswith("Source,Dossier code,")
    assert {r["status"] for r in rows} == {"fail", "error"}
    assert {r["severity"] for r in rows if r["code"]} <= {"error", "warning", "info"}


def test_csv_formula_guard_holds_with_a_semicolon(tmp_path: Path) -> None:
    d = variant(1, faulty=True, unit="=1;2")
    (tmp_path / "f.json").write_text(json.dumps(d), encoding="utf-8")
    _, text = audit(str(tmp_path / "f.json"), "--format", "csv", "--csv-delimiter", ";", "--quiet")
    rows = csv_dicts(text.lstrip("\ufeff"), ";")
    assert rows and all(r["receiving_unit"] == "'=1;2" for r in rows)  # guarded, and quoted whole


# --- the HTML report ------------------------------------------------------------------------------------


@pytest.fixture()
def report(export: Path, tmp_path: Path) -> tuple[Path, Path]:
    weird = export / "desk-a" / "<b>&x.jsonl"
    hostile = variant(30, faulty=True, unit="<script>alert('x')</script> & co")
    weird.write_text(line(hostile), encoding="utf-8")
    target = tmp_path / "report.html"
    status, _ = audit(str(export), "--report", str(target), "--quiet", "--jobs", "2")
    assert status == 3
    return target, weird


def test_html_report_content(report: tuple[Path, Path]) -> None:
    target, weird = report
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in page
    assert "<title>Báo cáo kiểm tra hồ sơ thủ tục hành chính</title>" in page
    for words in (
        "Theo quy tắc",
        "Theo thủ tục",
        "Bộ phận tiếp nhận",
        "Theo tháng tiếp nhận",
        "Tỷ lệ",
        "Hồ sơ không đạt",
    ):
        assert words in page
    assert "<svg" in page and "<table>" in page
    assert "Đăng ký thường trú" in page and "1523/QĐ-BCA-C06" in page  # the catalogue applied
    assert __version__ in page and "2026-11-27T12:00:00+07:00" in page  # version and as-of time
    # the input hashes, like KoSIT/CDISC reports
    import hashlib

    good = weird.parent / "good.json"
    assert hashlib.sha256(good.read_bytes()).hexdigest() in page
    # self-contained: no script, no link anywhere
    assert "<script" not in page.replace("&lt;script", "")
    assert "http" not in page
    assert "<link" not in page and "@import" not in page and "url(" not in page
    # escaped: the hostile unit name and file name appear only as text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in page
    assert "&lt;b&gt;&amp;x.jsonl" in page
    assert "<b>&x" not in page
    # counts: the overview cards agree with the records
    assert "Không đọc được" in page


def test_html_report_in_english(export: Path, tmp_path: Path) -> None:
    target = tmp_path / "en.html"
    audit(str(export), "--report", str(target), "--quiet", "--lang", "en")
    page = target.read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert "Inspection report on administrative-procedure dossiers" in page
    assert "By receiving unit" in page and "Failing dossiers" in page


def test_html_report_caps_the_detailed_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dossier_check import summary

    monkeypatch.setattr(summary, "DETAIL_CAP", 3)
    src = tmp_path / "many.jsonl"
    src.write_text("".join(line(variant(i, faulty=True)) for i in range(10)), encoding="utf-8")
    target = tmp_path / "r.html"
    assert audit(str(src), "--report", str(target), "--quiet", "--jobs", "1")[0] == 1
    page = target.read_text(encoding="utf-8")
    assert "Liệt kê 3 trên 10 hồ sơ không đạt" in page
    assert f"{src}:3" in page and f"{src}:4<" not in page


def test_html_report_renders_in_chromium(
    report: tuple[Path, Path], tmp_path: Path, browser_required: str
) -> None:
    target, _ = report
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            browser_required,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            target.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


# --- progress bar ----------------------------------------------------------------------------------------


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_is_silent_unless_a_terminal() -> None:
    quiet = io.StringIO()
    p = Progress(quiet, True, 1000, "vi")
    p.update(10, 500, force=True)
    p.close()
    assert quiet.getvalue() == ""
    tty = FakeTTY()
    p = Progress(tty, False, 1000, "vi")  # --quiet
    p.update(10, 500, force=True)
    assert tty.getvalue() == ""
    p = Progress(tty, True, 1000, "vi")
    p.update(12345, 500, force=True)
    assert "12.345 hồ sơ" in tty.getvalue() and "50%" in tty.getvalue()
    p.close()
    assert tty.getvalue().endswith("\r\x1b[K")


def test_audit_draws_no_progress_when_stderr_is_not_a_terminal(
    multi: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    audit(str(multi), "--format", "jsonl")
    err = capsys.readouterr().err
    assert "\r" not in err and "█" not in err


# --- failures never stop the run ---------------------------------------------------------------------------


class ExplodingChecker(Checker):
    """A checker with a bug that raises on one particular dossier."""

    def check_object(self, obj: Any, **kw: Any) -> Any:
        if isinstance(obj, dict) and obj.get("code", "").endswith("-0013"):
            raise RuntimeError("boom")
        return super().check_object(obj, **kw)


def _args(paths: list[str], **kw: Any) -> argparse.Namespace:
    base = {
        "paths": paths,
        "format": "jsonl",
        "lang": None,
        "jobs": 1,
        "output": None,
        "report": None,
        "quiet": True,
        "as_of": AS_OF,
        "catalog": [],
        "config": None,
        "select": None,
        "ignore": None,
    }
    base.update(kw)
    return argparse.Namespace(**base)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_checker_exception_becomes_an_error_record(
    tmp_path: Path, jobs: int, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "x.jsonl"
    src.write_text("".join(line(variant(i)) for i in range(10, 16)), encoding="utf-8")
    other = tmp_path / "y.json"
    other.write_text(json.dumps(variant(1)), encoding="utf-8")
    out = io.StringIO()
    status = run_audit(_args([str(src), str(other)], jobs=jobs), ExplodingChecker(as_of=AS_OF), out)
    assert status == 3
    recs = records(out.getvalue())
    assert [r["status"] for r in recs] == ["pass", "pass", "pass", "error", "pass", "pass", "pass"]
    assert recs[3]["source"] == f"{src}:4"
    assert "lỗi nội bộ khi kiểm tra hồ sơ này (RuntimeError: boom)" in recs[3]["error"]
    assert "Traceback" not in capsys.readouterr().err


# --- big JSON arrays are read element by element -------------------------------------------------------------


def test_large_json_array_is_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    items = [variant(i, faulty=i % 2 == 1) for i in range(12)] + [7]
    src = tmp_path / "big.json"
    src.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    _, whole = audit(str(src), "--format", "jsonl", "--quiet")
    monkeypatch.setattr(native_mod, "FAST_JSON_BYTES", 100)
    monkeypatch.setattr(native_mod, "JSON_BLOCK", 257)
    _, streamed = audit(str(src), "--format", "jsonl", "--quiet")
    assert streamed == whole
    assert len(records(streamed)) == 13


@pytest.mark.parametrize("fast", [True, False])
def test_broken_json_array_keeps_what_it_can(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    if not fast:
        monkeypatch.setattr(native_mod, "FAST_JSON_BYTES", 100)
        monkeypatch.setattr(native_mod, "JSON_BLOCK", 300)
    good = json.dumps(variant(1), ensure_ascii=False)
    cases = {
        "truncated.json": f"[{good}, {good}, {good[:200]}",
        "garbage.json": f'[{good}, {{"a": tru}}, {good}]',
        "nosep.json": f"[{good} {good}]",
        "trailing.json": f"[{good}] extra",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    recs = {r["source"]: r for r in records(audit(str(tmp_path), "--format", "jsonl", "--quiet")[1])}
    t = str(tmp_path)
    assert recs[f"{t}/truncated.json#1"]["status"] == "pass"
    assert "bị cắt cụt" in recs[f"{t}/truncated.json#2"]["error"]
    assert recs[f"{t}/garbage.json#0"]["status"] == "pass"
    assert "không phải JSON hợp lệ" in recs[f"{t}/garbage.json#1"]["error"]
    assert f"{t}/garbage.json#2" not in recs
    assert "cần ',' hoặc ']'" in recs[f"{t}/nosep.json#1"]["error"]
    assert recs[f"{t}/trailing.json#0"]["status"] == "pass"
    assert "còn dữ liệu sau dấu ']' đóng mảng" in recs[f"{t}/trailing.json"]["error"]


def test_the_heap_built_before_the_run_is_frozen_while_it_checks(
    multi: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the collector is spared: the modules, the catalogue and the checker, built before the first
    # dossier, are frozen while the tasks run, and given back to the collector afterwards, also when the
    # run ends in an error.
    import gc

    seen: list[int] = []
    real = audit_run.run_task

    def spy(task: Any) -> Any:
        seen.append(gc.get_freeze_count())
        return real(task)

    monkeypatch.setattr(audit_run, "run_task", spy)
    before = gc.get_freeze_count()
    status, _ = audit(str(multi), "--format", "jsonl", "--jobs", "1", "--quiet")
    assert status == 3
    assert seen and min(seen) > before + 10_000
    assert gc.get_freeze_count() == before

    class Boom(Exception):
        pass

    def boom(task: Any) -> Any:
        raise Boom

    monkeypatch.setattr(audit_run, "run_task", boom)
    with pytest.raises(Boom):
        audit(str(multi), "--format", "jsonl", "--jobs", "1", "--quiet")
    assert gc.get_freeze_count() == before


def test_a_run_in_this_process_starts_no_pool_machinery(multi: Path) -> None:
    # multiprocessing and concurrent.futures are some 27 million instructions of start-up: only a pool run
    # imports them; the TOML reader, only a run given a configuration file.
    code = (
        "import sys\n"
        "from dossier_check.cli import main\n"
        "for jobs in sys.argv[2:]:\n"
        "    main(['audit', sys.argv[1], '--jobs', jobs, '--format', 'jsonl', '--output', '/dev/null',\n"
        "          '--quiet', '--as-of', '2026-11-27T12:00:00+07:00'])\n"
        "    print(jobs, sorted(m for m in ('multiprocessing', 'concurrent.futures', 'tomllib') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(multi), "1", "2"], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.splitlines() == ["1 []", "2 ['concurrent.futures', 'multiprocessing']"], done.stderr


@given(st.integers(min_value=1, max_value=10**6), st.data())
def test_a_file_is_cut_into_ranges_that_cover_it_and_shrink_at_its_end(
    chunk: int, data: st.DataObject
) -> None:
    # Whole chunks first, then the last two chunks' worth of bytes in quarters: the workers' last ranges are
    # short, so that none runs alone for long at the end of a run.
    from dossier_check.audit.plan import byte_ranges

    size = data.draw(st.integers(min_value=1, max_value=40 * chunk))
    ranges = byte_ranges(size, chunk)
    assert ranges[0][0] == 0 and ranges[-1][1] == size
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    assert all(0 < end - start <= chunk for start, end in ranges)
    assert all(end - start <= max(chunk // 4, 1) for start, end in ranges if size - start <= 2 * chunk)
    assert all(end - start == chunk for start, end in ranges if size - start > 2 * chunk)


def test_forked_workers_inherit_the_checker_as_it_is(multi: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Pickling the checker for each worker cost the parent some 7 ms and each worker some 9 ms to load: a
    # forked worker takes the parent's own. Here the checker cannot be pickled and must not be rebuilt.
    assert audit_run._mp_context().get_start_method() == "fork"  # Linux, a single thread: what CI runs
    expected = audit(str(multi), "--format", "jsonl", "--jobs", "1", "--quiet")

    def refuse(self: Any, protocol: Any) -> Any:
        raise TypeError("this checker is not picklable")

    def no_rebuild(*args: Any) -> Any:
        raise AssertionError("a forked worker rebuilt the checker")

    monkeypatch.setattr(Checker, "__reduce_ex__", refuse)
    monkeypatch.setattr(audit_run, "_rebuild_spec", no_rebuild)
    assert audit(str(multi), "--format", "jsonl", "--jobs", "2", "--quiet") == expected
