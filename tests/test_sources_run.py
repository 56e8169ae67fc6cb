"""One run of ``dossier-check check`` over sync records, progress rows and a tracking book together: joins
in every order of files, folders walked for spreadsheets, ``--input-format``, and what the records and the
text output say about the rules that could not be evaluated.
"""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path
from typing import Any

from dossier_check.cli import main
from dossier_check.sources.run import find_inputs, read_run
from test_book import ROW, official
from test_dvcqg import RECORD, ROWS, record, write

AS_OF = "2026-11-27T12:00:00+07:00"
OTHER = "000.00.20.H20-261021-0003"


def cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(["check", "--as-of", AS_OF, *args], out=out)
    return status, out.getvalue()


def files(tmp: Path) -> list[Path]:
    stray_row = [*ROW]
    stray_row[1] = "000.00.20.H20-261022-0001"
    return [
        write(
            tmp,
            "hoso.json",
            {
                "service": "DongBoHoSoMC",
                "data": [RECORD, record(MaHoSo=OTHER, NgayTiepNhan="20261021100000")],
            },
        ),
        write(tmp, "tiendo.jsonl", [*ROWS, {**ROWS[0], "MaHoSo": "000.00.20.H20-261023-0002"}]),
        official(tmp / "so.xlsx", [ROW, stray_row]),
    ]


def summary(records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted(
        (
            Path(r["source"]).name,
            r["format"],
            r["dossier_code"],
            r["status"],
            tuple(v["code"] for v in r["violations"]),
            tuple(r["not_evaluable"]),
        )
        for r in records
    )


def test_joins_do_not_depend_on_the_order_of_files(tmp_path: Path) -> None:
    paths = files(tmp_path)
    outcomes = []
    for order in itertools.permutations(paths):
        status, out = cli("--format", "json", *map(str, order))
        outcomes.append((status, summary(json.loads(out))))
    assert all(o == outcomes[0] for o in outcomes)
    status, records = outcomes[0]
    assert status == 3  # orphan rows count like unreadable input
    by_code = {r[2]: r for r in records}
    assert by_code["000.00.20.H20-261020-0007"][3] == "pass"
    joined = by_code["000.00.20.H20-261020-0007"][5]
    assert not {"DC301", "DC303", "DC401", "DC402", "DC403"} & set(joined)  # progress rows and book joined
    assert by_code[OTHER][4] == ("DC401",)  # in the export, not in the book
    assert {"DC303", "DC307"} <= set(by_code[OTHER][5])  # no progress rows for it
    assert by_code["000.00.20.H20-261023-0002"][:4] == (
        "tiendo.jsonl:3",
        "dvcqg",
        "000.00.20.H20-261023-0002",
        "error",
    )
    assert by_code["000.00.20.H20-261022-0001"][:4] == (
        "so.xlsx[Sổ theo dõi]:9",
        "book",
        "000.00.20.H20-261022-0001",
        "error",
    )
    assert len(records) == 4


def test_a_folder_is_walked_for_spreadsheets_too(tmp_path: Path) -> None:
    paths = files(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    found = find_inputs([tmp_path])
    assert found.files == [paths[0], paths[2], paths[1]] and found.skipped == [str(tmp_path / "notes.txt")]
    assert summary(json.loads(cli("--format", "json", str(tmp_path))[1])) == summary(
        json.loads(cli("--format", "json", *map(str, paths))[1])
    )
    assert find_inputs([tmp_path], "native").skipped == [str(tmp_path / "notes.txt"), str(paths[2])]


def test_input_format_native_and_dvcqg_refuse_spreadsheets(tmp_path: Path) -> None:
    paths = files(tmp_path)
    for fmt in ("native", "dvcqg"):
        items = read_run([str(paths[2])], input_format=fmt)
        [item] = items
        assert item.error is not None and not item.skipped
        assert fmt in item.error.render("en")  # type: ignore[union-attr]


def test_input_format_book_refuses_json(tmp_path: Path) -> None:
    [item] = read_run([str(files(tmp_path)[0])], input_format="book")
    assert item.error is not None and item.error.key == "book-not-spreadsheet"  # type: ignore[union-attr]


def test_a_skipped_record_never_fails_the_run(tmp_path: Path) -> None:
    path = write(tmp_path, "hoso.json", [record(TrangThaiHoSo="1"), RECORD])
    status, out = cli("--format", "jsonl", "--input-format", "dvcqg", str(path))
    statuses = [json.loads(line)["status"] for line in out.splitlines()]
    assert statuses == ["skipped", "pass"] and status == 0


def test_text_output_lists_the_rules_not_evaluated(tmp_path: Path) -> None:
    path = write(tmp_path, "hoso.json", [RECORD, record(TrangThaiHoSo="1")])
    status, out = cli("--lang", "en", str(path))
    assert status == 0
    lines = out.splitlines()
    [listed] = [line for line in lines if line.startswith("  not evaluable (dvcqg format): ")]
    assert "DC006" in listed and "DC504" in listed
    assert lines[-1] == "2 dossiers: 1 passed, 0 failed, 0 unreadable. Skipped, not checked: 1."
    status, out = cli("--lang", "vi", str(path))
    assert any(line.startswith("  không đánh giá được (định dạng dvcqg): DC006") for line in out.splitlines())


def test_native_records_are_printed_as_before(tmp_path: Path) -> None:
    spec = Path(__file__).parent / "data" / "spec-dossier.json"
    status, out = cli("--format", "json", str(spec))
    [rec] = json.loads(out)
    assert rec["format"] == "native" and rec["not_evaluable"] == [] and status == 0
    status, text = cli(str(spec))
    assert "không đánh giá được" not in text and "Bỏ qua" not in text


def test_a_book_with_sync_records_makes_the_book_rules_evaluable(tmp_path: Path) -> None:
    paths = files(tmp_path)
    without = [i for i in read_run([str(paths[0])]) if i.error is None]
    assert all({"DC401", "DC402", "DC403"} <= set(i.origin.not_evaluable) for i in without)  # type: ignore[union-attr]
    with_book = [i for i in read_run([str(paths[0]), str(paths[2])]) if i.error is None]
    assert len(with_book) == 2
    assert all(not {"DC401", "DC402", "DC403"} & set(i.origin.not_evaluable) for i in with_book)  # type: ignore[union-attr]
