"""Errors of the operating system and of the TOML reader are said in the run's language, never in English."""

from __future__ import annotations

import errno
import sys
from io import StringIO
from pathlib import Path

import pytest

from dossier_check.cli import main
from dossier_check.reasons import os_error, toml_error_place

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
DOSSIER = str(ROOT / "examples" / "dossiers" / "DC001-fail-appointment.json")
DOSSIERS = str(ROOT / "examples" / "dossiers")
ENGLISH = ("No such file", "Permission denied", "is not a directory", "Not a directory", "Invalid value")
NO_FILE = {"vi": "không có tệp hoặc thư mục này", "en": "no such file or folder"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    try:
        status = main(list(argv), out=StringIO())
    except SystemExit as exc:  # argparse
        status = int(exc.code or 0)
    return status, capsys.readouterr().err


def english_free(err: str) -> None:
    for text in ENGLISH:
        assert text not in err, err


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_missing_config_file(lang: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, err = run(capsys, "check", DOSSIER, "--config", str(tmp_path / "nofile.toml"), "--lang", lang)
    assert status == 2
    assert NO_FILE[lang] in err and ("không đọc được tệp" if lang == "vi" else "cannot read") in err, err
    english_free(err)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_missing_calendar_named_in_a_config(
    lang: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "cal.toml"
    config.write_text('calendars = ["nocal.json"]\n', encoding="utf-8")
    status, err = run(capsys, "check", DOSSIER, "--config", str(config), "--lang", lang)
    assert status == 2
    assert "nocal.json" in err and NO_FILE[lang] in err, err
    english_free(err)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("option", ["--output", "--report", "--summary"])
def test_an_audit_output_in_a_missing_folder(
    lang: str, option: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "nodir" / "x.out"
    status, err = run(capsys, "audit", DOSSIERS, option, str(target), "--quiet", "--lang", lang)
    assert status == 2
    said = "không ghi được" if lang == "vi" else "cannot write"
    assert f"{said} {target}: {NO_FILE[lang]};" in err, err
    english_free(err)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_catalog_import_into_a_file(lang: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}\n", encoding="utf-8")
    argv = ("catalog", "import", str(bad), "--out", str(bad), "--valid-from", "2026-01-01", "--lang", lang)
    status, err = run(capsys, *argv)
    assert status == 2
    said = {"vi": "không phải thư mục", "en": "is not a folder"}[lang]
    assert f"--out {bad}:" in err and said in err, err
    english_free(err)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("select = [\n", {"vi": "ở cuối tệp", "en": "at the end of the file"}),
        ('lang = "vi"\nselect = ]\n', {"vi": "ở dòng 2, cột 10", "en": "at line 2, column 10"}),
    ],
)
def test_a_config_that_is_not_toml(
    lang: str, text: str, where: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(text, encoding="utf-8")
    status, err = run(capsys, "check", DOSSIER, "--config", str(config), "--lang", lang)
    assert status == 2
    said = {"vi": "không phải TOML hợp lệ", "en": "not valid TOML"}[lang]
    assert f"{said} {where[lang]}" in err, err
    english_free(err)


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        (errno.ENOENT, "không có tệp hoặc thư mục này", "no such file or folder"),
        (errno.EACCES, "không có quyền truy cập", "permission denied"),
        (errno.EPERM, "không có quyền truy cập", "permission denied"),
        (errno.EISDIR, "đây là một thư mục, không phải một tệp", "it is a folder, not a file"),
        (
            errno.ENOTDIR,
            "đường dẫn (hoặc một phần của nó) không phải thư mục",
            "the path, or a part of it, is not a folder",
        ),
        (errno.ENOSPC, "ổ đĩa đã hết chỗ trống", "no space left on the disk"),
        (errno.EEXIST, "tệp hoặc thư mục này đã có", "the file or folder already exists"),
        (errno.EROFS, "hệ thống tệp chỉ cho phép đọc", "the file system is read-only"),
        (
            errno.ELOOP,
            "quá nhiều liên kết tượng trưng (có thể là một vòng lặp)",
            "too many symbolic links (perhaps a loop)",
        ),
        (errno.ENAMETOOLONG, "tên tệp hoặc đường dẫn quá dài", "the file name or path is too long"),
        (errno.EIO, f"lỗi hệ thống {errno.EIO}", f"system error {errno.EIO}"),
    ],
)
def test_os_error_is_said_from_its_errno(code: int, vi: str, en: str) -> None:
    exc = OSError(code, "the English text the system gives", "/some/path")
    assert os_error(exc).render("vi") == vi
    assert os_error(exc).render("en") == en


def test_an_os_error_without_errno() -> None:
    assert os_error(OSError("something")).render("vi") == "lỗi hệ thống"
    assert os_error(OSError("something")).render("en") == "system error"


def test_the_place_of_a_toml_error() -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as info:
        tomllib.loads("a = 1\nb = \n")
    assert toml_error_place(info.value) is not None
    assert toml_error_place(info.value).render("en").startswith("at line 2, column ")  # type: ignore[union-attr]
    assert toml_error_place(ValueError("no place")) is None


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_folder_that_cannot_be_read_in_an_audit(
    lang: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The per-record 'cannot read' reasons say the system's error in the run's language too."""
    import dossier_check.sources.files as files

    scandir = files.os.scandir

    def denied(path: object) -> object:
        if str(path) == str(tmp_path):
            raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))
        return scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "scandir", denied)
    out = StringIO()
    main(["audit", str(tmp_path), "--format", "jsonl", "--lang", lang], out=out)
    capsys.readouterr()
    said = {"vi": "không có quyền truy cập", "en": "permission denied"}[lang]
    assert said in out.getvalue(), out.getvalue()
    english_free(out.getvalue())
