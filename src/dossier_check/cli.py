"""The ``dossier-check`` command line.

Exit statuses: 0 every dossier passes; 1 some dossier fails; 2 usage, configuration or catalogue error
(nothing checked); 3 some input could not be read (takes precedence over 1).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .audit.signals import Interrupted, blocking, checkpoint, interrupted_line, interruptible
from .catalog import Catalog, CatalogError, load_catalog
from .config import ConfigError, Settings, parse_codes, parse_size
from .engine import Checker, deadline, load_config, parse_as_of
from .render.common import terminal_safe
from .timeutil import VN_OFFSET
from .workdays import CalendarError

__all__ = ["main"]


class _Usage(Exception):
    """A usage problem found after parsing (bad --as-of, unknown code…): exit 2 with a clear message."""


def _common(p: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    p.add_argument(
        "--catalog", action="append", default=[], metavar="DIR", help="add procedure files (repeatable)"
    )
    p.add_argument("--as-of", metavar="DATETIME", help="audit time for open dossiers (default: now)")
    p.add_argument("--format", choices=formats, default="text", help="output format (default: text)")
    p.add_argument("--lang", choices=("vi", "en"), default=None, help="message language (default: vi)")
    p.add_argument("--select", metavar="CODES", help="only these rule codes or prefixes, e.g. DC1,DC205")
    p.add_argument("--ignore", metavar="CODES", help="skip these rule codes or prefixes")
    p.add_argument(
        "--config", metavar="FILE", help="TOML configuration (severities, office hours, calendars…)"
    )
    p.add_argument(
        "--max-record-size",
        metavar="SIZE",
        help="largest record read, e.g. 64MiB (the default), 512KiB, 1GiB; a larger one is an error record",
    )


def _input_format(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--input-format",
        choices=("auto", "native", "dvcqg", "book"),
        default="auto",
        help="how to read the inputs: auto (by extension and content, the default), native dossier records, "
        "dvcqg (national-portal sync records and progress rows) or book (tracking-book .xlsx/.csv)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossier-check",
        description="Check Vietnamese administrative-procedure dossiers (hồ sơ TTHC) as an inspector would.",
    )
    parser.add_argument("--version", action="version", version=f"dossier-check {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", help="check dossiers and print each verdict (for the desk)")
    p.add_argument("files", nargs="+", metavar="FILE")
    _common(p, ("text", "json", "jsonl"))
    _input_format(p)

    p = sub.add_parser("audit", help="audit whole exports: summary, CSV, HTML report (for inspectors)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    _common(p, ("text", "json", "jsonl", "csv", "xlsx"))
    _input_format(p)
    p.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="worker processes (default: all cores)"
    )
    p.add_argument("--output", metavar="FILE", help="write the records to FILE instead of stdout")
    p.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML inspection report")
    p.add_argument(
        "--summary",
        metavar="FILE.json",
        help="also write the whole summary as JSON (schemas/summary.schema.json), the QĐ 766 indicators included",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when dossiers fail (2 and 3 still apply)"
    )

    p = sub.add_parser("rules", help="list every rule with its legal basis")
    p.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown: a table in the chosen language; json: every text of every rule in both languages",
    )
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help="language (default: vi)")

    p = sub.add_parser("rule", help="explain one rule, e.g. `dossier-check rule DC102`")
    p.add_argument("code")
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help="language (default: vi)")

    p = sub.add_parser("deadline", help="compute a statutory deadline and explain it day by day")
    p.add_argument("--procedure", required=True, metavar="CODE")
    p.add_argument("--received-at", required=True, metavar="DATETIME")
    p.add_argument("--channel", choices=("direct", "postal", "online"), default="direct")
    p.add_argument(
        "--case", metavar="CASE", help="the procedure's case (id or name); default: the longest of its cases"
    )
    p.add_argument("--lang", choices=("vi", "en"), default=None)
    p.add_argument("--catalog", action="append", default=[], metavar="DIR")
    p.add_argument("--config", metavar="FILE")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("schema", help="print the JSON Schema of dossiers, of procedures, or of one procedure")
    p.add_argument("kind", nargs="?", choices=("dossier", "procedure"), default="dossier")
    p.add_argument("--procedure", metavar="CODE", help="the schema of this procedure's dossiers")
    p.add_argument(
        "--on", metavar="DATE", help="with --procedure: the version in force on DATE (default today)"
    )
    p.add_argument("--channel", choices=("direct", "postal", "online"), default=None)
    p.add_argument("--catalog", action="append", default=[], metavar="DIR")

    p = sub.add_parser(
        "catalog", help="import the portal's procedure records; lint a directory of procedure files"
    )
    cat = p.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")
    q = cat.add_parser("import", help="turn the portal's procedure records (LayThuTuc) into procedure files")
    q.add_argument("files", nargs="+", metavar="FILE")
    q.add_argument(
        "--out", required=True, metavar="DIR", help="where the procedure files go (created if needed)"
    )
    q.add_argument(
        "--valid-from", required=True, metavar="DATE", help="first day the versions are in force (YYYY-MM-DD)"
    )
    q.add_argument("--report", metavar="FILE.json", help="also write the conversion report as JSON")
    q.add_argument("--lang", choices=("vi", "en"), default="vi", help="report language (default: vi)")
    q = cat.add_parser("lint", help="find definitions no dossier can satisfy, overlapping versions, …")
    q.add_argument("dir", metavar="DIR")
    q.add_argument("--format", choices=("text", "json"), default="text")
    q.add_argument("--lang", choices=("vi", "en"), default="vi", help="message language (default: vi)")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_config(args.config) if getattr(args, "config", None) else Settings.default()
    size = getattr(args, "max_record_size", None)
    if size is not None:
        try:
            settings = replace(settings, max_record_size=parse_size(size))
        except ValueError as exc:
            raise _Usage(f"--max-record-size: {exc}") from None
    return settings


def _checker(args: argparse.Namespace, catalog: Catalog, settings: Settings) -> Checker:
    try:
        return Checker(
            catalog,
            settings=settings,
            # one audit time for the whole run, so every open dossier is judged at the same moment
            as_of=args.as_of or datetime.now(VN_OFFSET),
            lang=args.lang,
            select=parse_codes(args.select),
            ignore=parse_codes(args.ignore),
        )
    except ValueError as exc:
        raise _Usage(str(exc)) from None


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from .render.records import exit_status, record_for, record_line
    from .render.text import TEXT, text_block, text_summary
    from .sources.run import find_inputs, read_run

    settings = _settings(args)
    checker = _checker(args, load_catalog(*args.catalog), settings)
    records: list[dict[str, Any]] = []
    try:
        with interruptible():
            # Every input is read before any is checked: progress rows and book rows join their dossiers
            # across files, whatever the order the files were given in.
            found = find_inputs(args.files, args.input_format)
            items = read_run(
                args.files,
                input_format=args.input_format,
                catalog=checker.catalog,
                found=found,
                limit=checker.settings.max_record_size,
                tick=checkpoint,  # a long read stops on a signal too
            )
            for item in items:
                records.append(record_for(checker, item))
                checkpoint()
            if found.skipped:  # passed over while walking a directory: said, never silent
                note = TEXT[checker.lang]["skipped"].format(
                    n=len(found.skipped), files=", ".join(found.skipped)
                )
                _say(note)
            try:
                with blocking():  # a pipe nobody reads must not make the command deaf to signals
                    if args.format == "jsonl":
                        for r in records:
                            out.write(record_line(r).decode("utf-8"))
                    elif args.format == "json":
                        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
                    else:
                        for r in records:
                            out.write(text_block(r, checker.lang) + "\n")
                        if len(records) != 1:
                            out.write(text_summary(records, checker.lang) + "\n")
                    out.flush()
            except OSError as exc:
                return _output_failed(exc, checker.lang)
    except Interrupted as exc:
        with contextlib.suppress(OSError, ValueError):
            print(interrupted_line("check", exc, len(records), checker.lang, files=False), file=sys.stderr)
        return exc.status
    return exit_status(r["status"] for r in records)


def _output_failed(exc: OSError, lang: str) -> int:
    """stdout could not be written: quiet after a closed pipe (``| head``), else one line and exit 2."""
    from .audit.run import fail
    from .audit.write import BROKEN_PIPE, silence_stdout
    from .reasons import Reason, reason_text

    if exc.errno == errno.EPIPE:
        silence_stdout()
        return BROKEN_PIPE
    target = reason_text("standard_output", lang)
    return fail(
        sys.stderr, lang, Reason("cannot_write_output", {"target": target, "error": exc.strerror or exc})
    )


def _cmd_audit(args: argparse.Namespace, out: TextIO) -> int:
    from .audit import run_audit

    settings = _settings(args)
    checker = _checker(args, load_catalog(*args.catalog), settings)
    if args.jobs is not None and args.jobs < 1:
        raise _Usage("--jobs must be at least 1")
    if args.format == "xlsx" and not args.output:  # a workbook is binary: never to a terminal or a pipe
        from .reasons import reason_text
        from .render.xlsx import NEEDS_OUTPUT

        raise _Usage(reason_text(NEEDS_OUTPUT, checker.lang))
    status = run_audit(args, checker, out)
    return 0 if status == 1 and args.exit_zero else status


_RULE_WORDS = {
    "vi": {
        "header": "| Mã | Quy tắc | Mức độ | Nội dung phát hiện | Căn cứ pháp lý |",
        "error": "lỗi",
        "warning": "cảnh báo",
        "info": "thông tin",
        "message": "Mẫu thông báo",
        "basis": "Căn cứ pháp lý",
        "notes": "Ghi chú",
        "unknown": "không có quy tắc “{code}”; lệnh `dossier-check rules` liệt kê các quy tắc",
    },
    "en": {
        "header": "| code | rule | severity | what it finds | legal basis |",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "message": "Message template",
        "basis": "Legal basis",
        "notes": "Note",
        "unknown": "no rule “{code}”; `dossier-check rules` lists them",
    },
}


def _cmd_rules(args: argparse.Namespace, out: TextIO) -> int:
    from .rules import rules

    if args.format == "json":
        out.write(json.dumps([r.to_dict() for r in rules()], ensure_ascii=False, indent=2) + "\n")
        return 0
    out.write(rules_table(args.lang))
    return 0


def rules_table(lang: str = "vi") -> str:
    """The rule table in Markdown, in Vietnamese or English (the README shows the English one)."""
    from .rules import rules

    words = _RULE_WORDS[lang]
    lines = [words["header"], "|---|---|---|---|---|"]
    for r in rules():
        summary = r.summary[lang].replace("|", "\\|")
        basis = "; ".join(r.legal_basis)
        lines.append(f"| {r.code} | {r.name} | {words[r.severity]} | {summary} | {basis} |")
    return "\n".join(lines) + "\n"


def _cmd_rule(args: argparse.Namespace, out: TextIO) -> int:
    from .rules import get_rule

    words = _RULE_WORDS[args.lang]
    try:
        r = get_rule(args.code)
    except KeyError:
        raise _Usage(words["unknown"].format(code=args.code)) from None
    lang = args.lang
    out.write(f"{r.code} {r.name} ({words[r.severity]})\n{r.title[lang]}\n\n{r.summary[lang]}\n\n")
    out.write(f"{r.doc[lang]}\n\n{words['message']}: {r.message[lang]}\n")
    out.write(f"{words['basis']}: {'; '.join(r.legal_basis)}\n")
    if r.legal_notes[lang]:
        out.write(f"  {words['notes']}: {r.legal_notes[lang]}\n")
    return 0


def _cmd_deadline(args: argparse.Namespace, out: TextIO) -> int:
    settings = _settings(args)
    catalog = load_catalog(*args.catalog)
    lang = args.lang or settings.lang
    try:
        result = deadline(
            args.procedure,
            args.received_at,
            channel=args.channel,
            case=args.case,
            catalog=catalog,
            settings=settings,
        )
    except (KeyError, ValueError) as exc:
        raise _Usage(str(exc.args[0] if exc.args else exc)) from None
    if args.format == "json":
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(result.explain(lang) + "\n")
    return 0


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from .schema import dossier_schema, procedure_dossier_schema, procedure_schema

    if args.procedure:
        catalog = load_catalog(*args.catalog)
        try:
            on = date.fromisoformat(args.on) if args.on else date.today()
        except ValueError:
            raise _Usage(f"--on: not a date YYYY-MM-DD: {args.on!r}") from None
        res = catalog.resolve(args.procedure, on)
        if res.version is None:
            why = "unknown procedure" if res.status == "unknown" else f"no version in force on {on}"
            raise _Usage(f"--procedure {args.procedure}: {why}")
        schema: Any = procedure_dossier_schema(res.version.procedure, args.channel)
    elif args.kind == "procedure":
        schema = procedure_schema()
    else:
        schema = dossier_schema()
    out.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return 0


def _cmd_catalog(args: argparse.Namespace, out: TextIO) -> int:
    if args.catalog_command == "lint":
        from .catalog.lint import lint_directory, lint_json, lint_text

        result = lint_directory(args.dir)
        if args.format == "json":
            out.write(json.dumps(lint_json(result, args.lang), ensure_ascii=False, indent=2) + "\n")
        else:
            out.write(lint_text(result, args.lang) + "\n")
        return result.exit_status
    return _catalog_import(args, out)


def _catalog_import(args: argparse.Namespace, out: TextIO) -> int:
    """Exit 0 all mapped mechanically, 1 some record needs a person, 3 some record not imported, 2 usage."""
    from .catalog.importer import check_writable, import_records, report_json, report_text, write_report

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.valid_from):
        raise _Usage(f"--valid-from: not a date YYYY-MM-DD: {args.valid_from!r}")
    try:
        date.fromisoformat(args.valid_from)
    except ValueError:
        raise _Usage(f"--valid-from: not a real date: {args.valid_from!r}") from None
    out_dir = Path(args.out)
    if args.report and Path(args.report).resolve().is_relative_to(out_dir.resolve()):
        raise _Usage(
            f"--report {args.report}: must not be inside --out {args.out} (it holds procedure files only)"
        )
    # Both places are proved writable before anything is imported, so a usage error imports nothing.
    places = [("--out", out_dir)] + ([("--report", Path(args.report).parent)] if args.report else [])
    for option, directory in places:
        try:
            check_writable(directory)
        except OSError as exc:
            raise _Usage(f"{option} {directory}: cannot write there: {exc.strerror or exc}") from None
    report = import_records(args.files, out_dir, args.valid_from, lang=args.lang)
    out.write(report_text(report, args.lang) + "\n")
    if args.report:
        try:
            write_report(args.report, report_json(report, args.lang))
        except OSError as exc:  # the directory took a file a moment ago: rare, and said
            raise _Usage(f"--report {args.report}: cannot write: {exc.strerror or exc}") from None
    return report.exit_status


_COMMANDS = {
    "check": _cmd_check,
    "audit": _cmd_audit,
    "rules": _cmd_rules,
    "rule": _cmd_rule,
    "deadline": _cmd_deadline,
    "schema": _cmd_schema,
    "catalog": _cmd_catalog,
}


def _say(line: str) -> None:
    """One line on stderr; file names and values in it are shown escaped, never obeyed by the terminal."""
    print(terminal_safe(line), file=sys.stderr)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status."""
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    try:
        if getattr(args, "as_of", None):
            try:
                parse_as_of(args.as_of)
            except ValueError as exc:
                raise _Usage(str(exc)) from None
        if args.command in ("check", "audit"):  # a signal while loading is reported like one while checking
            with interruptible():
                return _COMMANDS[args.command](args, out)
        return _COMMANDS[args.command](args, out)
    except CatalogError as exc:
        _say(f"dossier-check: catalogue error: {exc}")
    except ConfigError as exc:
        _say(f"dossier-check: configuration error: {exc.message(getattr(args, 'lang', None) or 'vi')}")
    except CalendarError as exc:
        _say(f"dossier-check: calendar error: {exc.message(getattr(args, 'lang', None) or 'vi')}")
    except _Usage as exc:
        _say(f"dossier-check: error: {exc}")
    except BrokenPipeError:  # stdout closed by its reader (`| head`) while a command wrote to it
        from .audit.write import BROKEN_PIPE, silence_stdout

        silence_stdout()
        return BROKEN_PIPE
    except KeyboardInterrupt:  # before the command's own handling began, or after it ended
        return 130
    except Interrupted as exc:
        with contextlib.suppress(OSError, ValueError):
            lang = getattr(args, "lang", None) or "vi"
            print(interrupted_line(args.command, exc, 0, lang, files=True), file=sys.stderr)
        return exc.status
    return 2
