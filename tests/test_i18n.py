"""Vietnamese throughout: no user-visible text of the Vietnamese catalogue is left in English, and the command
line speaks the chosen language on bad input, in its help and in argparse's own messages."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from dossier_check._cli_text import ARGPARSE_VI, HELP, choose_lang
from dossier_check.cli import main
from dossier_check.reasons import REASONS

HERE = Path(__file__).parent
DATA = HERE / "data"
AS_OF = "2026-11-27T12:00:00+07:00"

# Every module that registers reasons or holds a table of texts, imported so that its texts are collected.
MODULES = (
    "dossier_check.cli",
    "dossier_check.engine",
    "dossier_check.config",
    "dossier_check.workdays",
    "dossier_check.catalog.errors",
    "dossier_check.catalog.lint",
    "dossier_check.catalog.importer",
    "dossier_check.sources.files",
    "dossier_check.sources.native",
    "dossier_check.sources.run",
    "dossier_check.sources.dvcqg",
    "dossier_check.sources.book",
    "dossier_check.render.common",
    "dossier_check.render.text",
    "dossier_check.render.columns",
    "dossier_check.render.xlsx",
    "dossier_check.render.html",
    "dossier_check.render.quality",
    "dossier_check.indicators",
    "dossier_check.audit.run",
    "dossier_check.audit.workers",
    "dossier_check.audit.signals",
    "dossier_check.audit.atomic",
    "dossier_check.audit.write",
    "dossier_check._labels",
)
# Tables keyed by language: (module, attribute).
TABLES = (
    ("dossier_check._cli_text", "HELP"),
    ("dossier_check.cli", "_RULE_WORDS"),
    ("dossier_check.render.common", "LABELS"),
    ("dossier_check.render.text", "TEXT"),
    ("dossier_check.render.columns", "HEADERS"),
    ("dossier_check.render.xlsx", "_SHEETS"),
    ("dossier_check.indicators", "TEXTS"),
    ("dossier_check.catalog.lint", "_TEXT"),
    ("dossier_check.catalog.importer", "_REVIEW_TEXT"),
    ("dossier_check.catalog.importer", "_ERROR_TEXT"),
)

# Words of English prose that Vietnamese text never uses (Vietnamese words without diacritics such as
# "in", "an", "to", "no", "on", "a" are not in the list).
ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "not",
        "for",
        "with",
        "or",
        "this",
        "that",
        "these",
        "those",
        "from",
        "by",
        "its",
        "it",
        "into",
        "than",
        "only",
        "cannot",
        "must",
        "should",
        "expected",
        "got",
        "has",
        "have",
        "which",
        "when",
        "where",
        "there",
        "their",
        "one",
        "each",
        "every",
        "any",
        "some",
        "file",
        "files",
        "missing",
        "unknown",
        "invalid",
        "error",
        "errors",
        "must",
        "found",
        "read",
        "write",
        "none",
        "used",
        "use",
    ]
)
# What may stand in Vietnamese text as it is: placeholders, code spans, options, file names and
# extensions, JSON keys and values, codes, quoted examples, legal abbreviations.
_NOT_PROSE = re.compile(
    r"\{[^}]*\}"  # {placeholder}
    r"|`[^`]*`"  # `code`
    r"|\"[^\"]*\"|'[^']*'|«[^»]*»"  # "quoted", 'quoted' or «quoted» literals
    r"|--?[\w-]+"  # --options
    r"|[\w./*-]*\.[A-Za-z]\w*"  # file names, extensions, dotted keys
    r"|\b\w*_\w*\b"  # snake_case keys
    r"|\b[A-Z0-9]{2,}\b"  # codes and abbreviations
    r"|%\(\w+\)[sr]|%[sr]"  # printf placeholders
)


def english_words(text: str) -> list[str]:
    """The English prose words of ``text`` once what may stay as it is has been taken out."""
    prose = _NOT_PROSE.sub(" ", text)
    return [w for w in re.findall(r"[A-Za-z]+", prose) if w.lower() in ENGLISH]


def _vi_texts() -> Iterator[tuple[str, str]]:
    for name in MODULES:
        importlib.import_module(name)
    for key, (vi, _en) in REASONS.items():
        yield f"reason {key}", vi
    for module, attr in TABLES:
        table: Mapping[str, Any] = getattr(importlib.import_module(module), attr)
        vi = table["vi"]
        items = vi.items() if isinstance(vi, Mapping) else enumerate(vi)
        for k, text in items:
            yield f"{module}.{attr}[vi][{k}]", str(text)
    labels = importlib.import_module("dossier_check._labels")
    for attr in ("_FORMS_VI", "_FIELDS_VI", "_CHANNELS_VI", "_PROBLEMS_VI"):
        for k, text in getattr(labels, attr).items():
            yield f"_labels.{attr}[{k}]", text
    for attr in ("_TYPES", "_UNITS", "_GOT", "_OR", "_ONE_OF", "_MATCHING"):
        vi = getattr(labels, attr)["vi"]
        for k, text in vi.items() if isinstance(vi, Mapping) else [("", vi)]:
            yield f"_labels.{attr}[vi][{k}]", str(text)
    for group, texts in labels.LABELS["vi"].items():
        for k, text in texts.items():
            yield f"_labels.LABELS[vi][{group}][{k}]", text
    for k, text in ARGPARSE_VI.items():
        yield f"argparse {k!r}", text
    from dossier_check.rules import rules

    for r in rules():
        for part in ("title", "summary", "message", "doc", "legal_notes"):
            yield f"{r.code} {part}", getattr(r, part)["vi"]


VI_TEXTS = dict(_vi_texts())


def test_the_heuristic_sees_english_and_passes_vietnamese() -> None:
    assert english_words("cannot read the file ({error})") == ["cannot", "read", "the", "file"]
    assert english_words("không đọc được tệp {file}: `--lang` và .jsonl, NĐ 118/2025") == []
    assert english_words("in hướng dẫn này rồi thoát; An Lộc") == []


def test_enough_texts_are_collected() -> None:
    # the registries this test relies on are really there (a renamed table must not empty the test)
    assert len(VI_TEXTS) > 600
    assert any(k.startswith("reason no_such_file") for k in VI_TEXTS)
    assert any(k.startswith("reason catalog_") for k in VI_TEXTS)
    assert any(k.startswith("reason config_") for k in VI_TEXTS)
    assert any(k.startswith("reason cal_") for k in VI_TEXTS)
    assert any(k.startswith("reason usage_") for k in VI_TEXTS)
    assert any(".HELP[vi]" in k for k in VI_TEXTS) and any(".HEADERS[vi]" in k for k in VI_TEXTS)


@pytest.mark.parametrize("key", sorted(VI_TEXTS))
def test_no_vietnamese_text_is_left_in_english(key: str) -> None:
    assert english_words(VI_TEXTS[key]) == [], VI_TEXTS[key]


def test_every_reason_has_both_languages_with_the_same_placeholders() -> None:
    for key, (vi, en) in REASONS.items():
        assert vi.strip() and en.strip(), key
        extra = {"detail_vi", "kind_vi", "line", "column", "msg"}  # given for the Vietnamese sentence only
        assert set(re.findall(r"\{(\w+)", vi)) <= set(re.findall(r"\{(\w+)", en)) | extra, key


# --- the command line on bad input --------------------------------------------------------------------


def run(*argv: str) -> tuple[int, str, str]:
    out = StringIO()
    err = StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err  # --help is printed by argparse on sys.stdout
    try:
        status = main(list(argv), out=out)
    except SystemExit as exc:  # argparse's own errors and --help
        status = int(exc.code or 0)
    finally:
        sys.stdout, sys.stderr = saved
    return status, out.getvalue(), err.getvalue()


@pytest.fixture()
def bad(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "bad.json").write_text('{"code": ', encoding="utf-8")
    (tmp_path / "list.jsonl").write_text("[1, 2]\n", encoding="utf-8")
    (tmp_path / "bad.toml").write_text("lang = 'fr'\n", encoding="utf-8")
    cat = tmp_path / "catalog"
    cat.mkdir()
    (cat / "p.json").write_text('{"code": "9.000001"}', encoding="utf-8")
    cal = tmp_path / "cal.json"
    cal.write_text("[]", encoding="utf-8")
    (tmp_path / "cal.toml").write_text('calendars = ["cal.json"]\n', encoding="utf-8")
    return {
        "json": tmp_path / "bad.json",
        "list": tmp_path / "list.jsonl",
        "toml": tmp_path / "bad.toml",
        "catalog": cat,
        "calendar": tmp_path / "cal.toml",
        "missing": tmp_path / "nothing.json",
    }


def _record(text: str) -> dict[str, Any]:
    [record] = [json.loads(line) for line in text.splitlines()]
    return record


@pytest.mark.parametrize(
    ("what", "vi", "en"),
    [
        ("missing", "không có tệp hoặc thư mục này", "no such file or directory"),
        ("json", "không phải JSON hợp lệ ở dòng 1", "not valid JSON"),
        ("list", "không phải hồ sơ: một mảng JSON", "not a dossier: a JSON array"),
    ],
)
def test_unreadable_input_is_said_in_the_chosen_language(
    bad: dict[str, Path], what: str, vi: str, en: str
) -> None:
    for lang, want in (("vi", vi), ("en", en)):
        status, out, _ = run("check", str(bad[what]), "--format", "jsonl", "--lang", lang, "--as-of", AS_OF)
        assert status == 3
        assert want in _record(out)["error"]
    status, out, _ = run("check", str(bad[what]), "--as-of", AS_OF)  # text, Vietnamese by default
    assert vi in out and "KHÔNG ĐỌC ĐƯỢC" in out


@pytest.mark.parametrize(
    ("argv", "vi", "en"),
    [
        (
            ["--config", "{toml}"],
            ["lỗi cấu hình", 'cần "vi" hoặc "en"'],
            ["configuration error", 'expected "vi"'],
        ),
        (
            ["--catalog", "{catalog}"],
            ["lỗi danh mục thủ tục", "thiếu trường bắt buộc"],
            ["catalogue error", "Field required"],
        ),
        (
            ["--config", "{calendar}"],
            ["lỗi cấu hình", "mảng không có năm lịch nào"],
            ["configuration error", "holds no calendar year"],
        ),
        (["--select", "DC9XX"], ["lỗi:", "không khớp mã quy tắc nào"], ["error:", "matches no rule code"]),
        (["--select", ","], ["lỗi:", "không có mã quy tắc nào"], ["error:", "no rule code in it"]),
        (["--ignore", " , "], ["lỗi:", "không có mã quy tắc nào"], ["error:", "no rule code in it"]),
        (["--as-of", "yesterday"], ["lỗi:", "không phải ngày hoặc ngày giờ"], ["error:", "not an ISO 8601"]),
    ],
)
def test_usage_and_configuration_errors_exit_2_in_the_chosen_language(
    bad: dict[str, Path], argv: list[str], vi: list[str], en: list[str]
) -> None:
    argv = [a.format(**{k: str(v) for k, v in bad.items()}) for a in argv]
    spec = str(DATA / "spec-dossier.json")
    for lang, want in (("vi", vi), ("en", en)):
        status, out, err = run("check", spec, *argv, "--lang", lang)
        assert status == 2 and out == ""
        assert err.startswith("dossier-check: ") and "Traceback" not in err
        for w in want:
            assert w in err, (lang, err)


def test_an_unknown_rule_code_in_both_languages() -> None:
    status, _, err = run("rule", "DC999")
    assert status == 2 and "không có quy tắc “DC999”" in err and err.startswith("dossier-check: lỗi: ")
    status, _, err = run("rule", "DC999", "--lang", "en")
    assert status == 2 and "no rule “DC999”" in err and err.startswith("dossier-check: error: ")


def test_argparse_speaks_vietnamese_by_default_and_english_on_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DOSSIER_CHECK_LANG", raising=False)
    status, _, err = run("check")
    assert status == 2 and "lỗi: thiếu các đối số bắt buộc: FILE" in err and "cách dùng:" in err
    status, _, err = run("check", "x.json", "--format", "pdf")
    assert status == 2 and "lựa chọn không hợp lệ: 'pdf'" in err
    status, _, err = run("check", "--lang", "en")
    assert status == 2 and "error: the following arguments are required: FILE" in err
    monkeypatch.setenv("DOSSIER_CHECK_LANG", "en")
    status, _, err = run("audit", "x", "--jobs", "many")
    assert status == 2 and "invalid int value: 'many'" in err
    status, _, err = run("audit", "x", "--jobs", "0", "--lang", "vi")
    assert status == 2 and "--jobs phải từ 1 trở lên" in err


def test_choose_lang() -> None:
    assert choose_lang([], {}) == "vi"
    assert choose_lang([], {"DOSSIER_CHECK_LANG": "en"}) == "en"
    assert choose_lang(["check", "--lang", "en"], {}) == "en"
    assert choose_lang(["check", "--lang=en", "--lang", "vi"], {"DOSSIER_CHECK_LANG": "en"}) == "vi"
    assert choose_lang(["check", "--", "--lang", "en"], {}) == "vi"  # a file named --lang
    assert choose_lang(["check", "--lang", "fr"], {"DOSSIER_CHECK_LANG": "xx"}) == "vi"


SUBCOMMANDS = (
    ["check"],
    ["audit"],
    ["rules"],
    ["rule"],
    ["deadline"],
    ["schema"],
    ["catalog"],
    ["catalog", "import"],
    ["catalog", "lint"],
)


@pytest.mark.parametrize("command", SUBCOMMANDS, ids=" ".join)
def test_every_help_documents_its_options_and_exit_statuses_in_both_languages(command: list[str]) -> None:
    texts = {}
    for lang in ("vi", "en"):
        status, out, _ = run(*command, "--help", "--lang", lang)
        assert status == 0
        texts[lang] = out
    assert "Trạng thái thoát: 0" in texts["vi"] and "tùy chọn:" in texts["vi"] and "cách dùng:" in texts["vi"]
    assert "Exit status: 0" in texts["en"] and "options:" in texts["en"] and "usage:" in texts["en"]
    # every option and argument has its help text, in each language: on its line or on the next
    for lang, text in texts.items():
        lines = text.splitlines()
        entries = [
            i for i, line in enumerate(lines) if re.match(r"^  [-\w{]", line) and not line.strip().isupper()
        ]
        assert any(lines[i].lstrip().startswith("-") for i in entries), text
        for i in entries:
            described = re.search(r"\S  +\S", lines[i].strip()) or (
                i + 1 < len(lines) and re.match(r"^ {6,}\S", lines[i + 1])
            )
            assert described, (lang, lines[i])
        if lang == "vi":
            assert english_words(re.sub(r"^\s*(usage|cách dùng):.*?\n\n", "", text, flags=re.S)) == [], text


def test_every_help_text_key_exists_in_both_languages() -> None:
    assert set(HELP["vi"]) == set(HELP["en"])


def test_the_console_script_speaks_vietnamese_without_a_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dossier_check", "check", str(tmp_path / "none.json")],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "", "PYTHONIOENCODING": "utf-8"},
    )
    assert (
        proc.returncode == 3
        and "không có tệp hoặc thư mục này" in proc.stdout
        and "Traceback" not in proc.stderr
    )


def test_catalog_lint_says_why_a_file_is_refused_in_the_chosen_language(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "partial.json").write_text('{"code": "9.000001"}', encoding="utf-8")
    status, out, _ = run("catalog", "lint", str(tmp_path))
    assert status == 2 and "không phải JSON hợp lệ" in out and "thiếu trường bắt buộc" in out
    assert english_words(out.replace(str(tmp_path), "")) == [], out
    status, out, _ = run("catalog", "lint", str(tmp_path), "--lang", "en")
    assert status == 2 and "not valid JSON" in out and "Field required" in out


def test_the_environment_sets_the_default_language_of_every_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_CHECK_LANG", "en")
    assert "| code | rule | severity |" in run("rules")[1]
    assert "Legal basis:" in run("rule", "DC102")[1]
    status, out, _ = run("check", str(DATA / "faulty-dossier.json"), "--as-of", AS_OF)
    assert status == 1 and "FAIL" in out and "KHÔNG ĐẠT" not in out
    assert "Căn cứ pháp lý:" in run("rule", "DC102", "--lang", "vi")[1]  # --lang wins
    monkeypatch.delenv("DOSSIER_CHECK_LANG")
    assert "| Mã | Quy tắc |" in run("rules")[1]


def test_the_configuration_language_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_CHECK_LANG", "en")
    (tmp_path / "c.toml").write_text('lang = "vi"\n', encoding="utf-8")
    faulty = str(DATA / "faulty-dossier.json")
    assert "KHÔNG ĐẠT" in run("check", faulty, "--config", str(tmp_path / "c.toml"), "--as-of", AS_OF)[1]
    assert (
        "FAIL"
        in run("check", faulty, "--config", str(tmp_path / "c.toml"), "--lang", "en", "--as-of", AS_OF)[1]
    )
