"""The documentation in the repository stays true: generated pages match the code, links resolve, examples run.

- ``docs/rules.md``, ``docs/rules/DCxxx.md`` and the field tables of ``docs/formats.md`` are what
  ``tools/gen_docs.py`` produces from the rule registry and the JSON Schemas now;
- every relative link of ``README.md`` and ``docs/**/*.md`` points to a file that exists, and an anchor
  to a heading of that file (GitHub's slugs);
- no page sends the reader to files outside the repository;
- every option of every subcommand is documented in ``docs/cli.md``, in that subcommand's section;
- every ``$ dossier-check …`` transcript in ``docs/`` prints what the page shows;
- the example documents of ``docs/formats.md`` are the files they say they are.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dossier_check.cli import _parser
from dossier_check.cli import main as cli_main
from dossier_check.rules import rules
from scriptkit import load_script

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted(DOCS.rglob("*.md"))]


GEN: Any = load_script(ROOT / "tools" / "gen_docs.py")


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# --- generated pages ----------------------------------------------------------------------------------------


def test_generated_pages_are_what_the_generator_produces_now() -> None:
    stale = [_rel(p) for p in GEN.drifted()]
    assert stale == [], f"run `python tools/gen_docs.py`: {stale}"


def test_every_rule_has_its_page_and_a_row_in_the_index() -> None:
    codes = {r.code for r in rules()}
    assert {p.stem for p in (DOCS / "rules").glob("*.md")} == codes
    index = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert set(re.findall(r"^\| \[(DC\d{3})\]\(rules/\1\.md\)", index, re.M)) == codes
    for r in rules():
        page = (DOCS / "rules" / f"{r.code}.md").read_text(encoding="utf-8")
        for text in (r.title.vi, r.title.en, r.doc.vi, r.doc.en, r.message.vi, r.message.en, *r.legal_basis):
            assert text in page, f"{r.code}: {text[:60]!r}"


def test_the_generator_refuses_a_field_without_a_meaning() -> None:
    node = {"properties": {"code": {"type": "string"}, "brand_new": {"type": "string"}}}
    with pytest.raises(ValueError, match="brand_new"):
        GEN.field_table("ShownDocument", node, {})


def test_a_changed_page_is_reported_as_drift(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "docs"
    (copy / "rules").mkdir(parents=True)
    for path, text in GEN.pages().items():
        (copy / path.relative_to(DOCS)).write_text(text, encoding="utf-8")
    monkeypatch.setattr(GEN, "DOCS", copy)
    assert GEN.drifted() == []
    page = copy / "rules" / "DC102.md"
    page.write_text(page.read_text(encoding="utf-8").replace("excess", "surplus"), encoding="utf-8")
    (copy / "rules" / "DC999.md").write_text("# a rule nobody registered\n", encoding="utf-8")
    assert GEN.drifted() == [page, copy / "rules" / "DC999.md"]


# --- links ------------------------------------------------------------------------------------------------

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HTML_SRC = re.compile(r"""(?:src|href)="([^"]+)\"""")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$", re.M)


def _prose(text: str) -> str:
    return _FENCE.sub("", text)


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: inline markup dropped, lower case, punctuation removed, spaces → -."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text stays
    text = re.sub(r"[`*_]", "", text) if "`" in text or "*" in text else text
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    seen: dict[str, int] = {}
    out: set[str] = set()
    for _, heading in _HEADING.findall(_prose(text)):
        slug = github_slug(heading)
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def test_github_slugs() -> None:
    assert github_slug("Cases, conditions, copies, channels") == "cases-conditions-copies-channels"
    assert github_slug("`dossier-check audit`") == "dossier-check-audit"
    assert github_slug("Giờ làm việc và ngày nghỉ") == "giờ-làm-việc-và-ngày-nghỉ"
    assert anchors("# A\n## A\n```\n# not a heading\n```\n") == {"a", "a-1"}


def _links(page: Path) -> Iterator[str]:
    prose = _prose(page.read_text(encoding="utf-8"))
    prose = re.sub(r"`[^`\n]*`", "", prose)  # code spans are not links
    yield from _LINK.findall(prose)
    yield from _HTML_SRC.findall(prose)


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_relative_links_resolve(page: Path) -> None:
    broken = []
    for target in _links(page):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: — not checked here
            continue
        path_part, _, anchor = target.partition("#")
        dest = (page.parent / path_part).resolve() if path_part else page
        if not dest.exists():
            broken.append(f"{target}: no such file")
            continue
        if not dest.is_relative_to(ROOT):
            broken.append(f"{target}: outside the repository")
            continue
        if anchor and dest.suffix == ".md" and anchor not in anchors(dest.read_text(encoding="utf-8")):
            broken.append(f"{target}: no heading #{anchor} in {_rel(dest)}")
    assert broken == [], f"{_rel(page)}: {broken}"


def test_the_link_check_finds_a_broken_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "b.md").write_text("# Here\n", encoding="utf-8")
    page = tmp_path / "a.md"
    page.write_text("[ok](b.md#here) `[code](x.md)` [gone](c.md) [bad](b.md#there)\n", encoding="utf-8")
    with pytest.raises(AssertionError) as failed:
        test_relative_links_resolve(page)
    assert "c.md: no such file" in str(failed.value) and "b.md#there: no heading" in str(failed.value)
    assert "x.md" not in str(failed.value)


_OUTSIDE = re.compile(
    r"\.\./shared|/work/shared|SPEC\s*§|SPEC\.md|\bSPEC\b|legal-brief|perf-anchors|issue notes"
)


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_no_page_points_outside_the_repository(page: Path) -> None:
    found = _OUTSIDE.findall(page.read_text(encoding="utf-8"))
    assert found == [], f"{_rel(page)} mentions {found}"


# --- the command line --------------------------------------------------------------------------------------


def _subcommands(
    parser: argparse.ArgumentParser, prefix: str = ""
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                full = f"{prefix} {name}".strip()
                nested = list(_subcommands(sub, full))
                yield from nested or [(full, sub)]


def _section(text: str, command: str) -> str:
    m = re.search(rf"^## `dossier-check {re.escape(command)}`.*?$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert m is not None, f"docs/cli.md has no section ## `dossier-check {command}`"
    return m.group(1)


def test_every_option_of_every_subcommand_is_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = dict(_subcommands(_parser()))
    assert {"check", "audit", "rules", "rule", "deadline", "schema", "catalog import", "catalog lint"} <= set(
        commands
    )
    missing = []
    for command, parser in commands.items():
        section = _section(text, command)
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            longest = max(action.option_strings, key=len) if action.option_strings else None
            if longest and f"`{longest}" not in section:
                missing.append(f"{command} {longest}")
            for choice in action.choices or ():
                if (
                    f"`{choice}`" not in section
                    and f"|{choice}" not in section
                    and f"{choice}|" not in section
                ):
                    missing.append(f"{command} {longest or action.dest}: {choice}")
    assert missing == []
    assert "--version" in text


# --- transcripts ------------------------------------------------------------------------------------------


def _transcripts() -> Iterator[tuple[str, str, str]]:
    """(page, command line, printed output) of every ``$ dossier-check`` block outside the generated pages."""
    for page in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        for block in re.findall(r"^```[a-z]*\n(.*?)^```", page.read_text(encoding="utf-8"), re.S | re.M):
            if not block.startswith("$ dossier-check "):
                continue
            parts = re.split(r"^\$ ", block, flags=re.M)[1:]
            for part in parts:
                command, _, output = part.partition("\n")
                yield _rel(page), command, output


TRANSCRIPTS = list(_transcripts())


def test_the_pages_show_transcripts() -> None:
    pages = {page for page, _, _ in TRANSCRIPTS}
    assert {"README.md", "docs/calendar.md", "docs/cli.md", "docs/formats.md", "docs/inspectors.md"} <= pages


@pytest.mark.parametrize(("page", "command", "output"), TRANSCRIPTS, ids=lambda x: x[:70])
def test_transcripts_print_what_the_page_shows(
    page: str, command: str, output: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = shlex.split(command, comments=True)
    head = None
    if "|" in argv:  # `| head -n N`: only the first N lines are shown
        cut = argv.index("|")
        assert argv[cut + 1 : cut + 3] == ["head", "-n"], command
        head = int(argv[cut + 3])
        argv = argv[:cut]
    assert argv[0] == "dossier-check"
    monkeypatch.chdir(ROOT)
    buffer = io.StringIO()
    status = cli_main(argv[1:], out=buffer)
    printed = buffer.getvalue()
    if head is not None:
        printed = "".join(printed.splitlines(keepends=True)[:head])
    assert printed.rstrip("\n") == output.rstrip("\n"), f"{page}: {command} (exit {status})"
    capsys.readouterr()


# --- the examples of docs/formats.md --------------------------------------------------------------------------


def test_the_format_examples_are_the_files_they_name() -> None:
    text = (DOCS / "formats.md").read_text(encoding="utf-8")
    blocks = [json.loads(b) for b in re.findall(r"^```json\n(.*?)^```", text, re.S | re.M)]
    files = [
        "tests/data/spec-dossier.json",
        "examples/formats/procedures/1.999002.json",
        "examples/formats/dossier-tr2.json",
    ]
    assert blocks == [json.loads((ROOT / f).read_text(encoding="utf-8")) for f in files]


def test_the_index_links_every_page() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for name in (
        "formats.md",
        "rules.md",
        "calendar.md",
        "cli.md",
        "integrators.md",
        "inspectors.md",
        "design.md",
    ):
        assert f"]({name})" in index, f"docs/README.md links {name}"
    assert os.path.exists(DOCS / "rules")


# --- the README ---------------------------------------------------------------------------------------------


def test_the_readme_fits_on_a_screen_and_leads_into_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250
    # a newcomer finds any field's format, any rule code's meaning and the way to add a rule in two clicks
    for page in ("formats", "rules", "calendar", "cli", "inspectors", "integrators", "design"):
        assert f"](docs/{page}.md)" in readme, page
    assert "](docs/README.md)" in readme and "](CHANGELOG.md)" in readme
    design = (DOCS / "design.md").read_text(encoding="utf-8")
    assert {"adding-a-rule", "adding-a-reader", "adding-a-procedure"} <= anchors(design)
