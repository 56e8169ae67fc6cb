"""The ``dossier-check`` command line (SPEC §7).

Exit statuses: 0 every dossier passes; 1 some dossier fails; 2 usage, configuration or catalogue error
(nothing checked); 3 some input could not be read (takes precedence over 1).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
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

    p = sub.add_parser("audit", help="audit whole exports: summary, CSV, HTML report (for inspectors)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    _common(p, ("text", "json", "jsonl", "csv"))
    p.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="worker processes (default: all cores)"
    )
    p.add_argument("--output", metavar="FILE", help="write the records to FILE instead of stdout")
    p.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML inspection report")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when dossiers fail (2 and 3 still apply)"
    )

    p = sub.add_parser("rules", help="list every rule")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown")

    p = sub.add_parser("rule", help="explain one rule, e.g. `dossier-check rule DC102`")
    p.add_argument("code")

    p = sub.add_parser("deadline", help="compute a statutory deadline and explain it day by day")
    p.add_argument("--procedure", required=True, metavar="CODE")
    p.add_argument("--received-at", required=True, metavar="DATETIME")
    p.add_argument("--channel", choices=("direct", "postal", "online"), default="direct")
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
    from .sources import iter_records, walk

    settings = _settings(args)
    checker = _checker(args, load_catalog(*args.catalog), settings)
    records: list[dict[str, Any]] = []
    try:
        with interruptible():
            found = walk(args.files)
            for item in iter_records(args.files, found, checker.settings.max_record_size):
                records.append(record_for(checker, item))
                checkpoint()
            if found.skipped:  # passed over while walking a directory: said, never silent
                note = TEXT[checker.lang]["skipped"].format(
                    n=len(found.skipped), files=", ".join(found.skipped)
                )
                print(note, file=sys.stderr)
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
    status = run_audit(args, checker, out)
    return 0 if status == 1 and args.exit_zero else status


def _cmd_rules(args: argparse.Namespace, out: TextIO) -> int:
    from .rules import rules

    if args.format == "json":
        data = [
            {
                "code": r.code,
                "rule": r.name,
                "severity": r.severity,
                "summary": r.summary,
                "message_vi": r.message_vi,
                "message_en": r.message_en,
                "legal_basis": list(r.legal_basis),
            }
            for r in rules()
        ]
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    out.write(rules_table())
    return 0


def rules_table() -> str:
    """The rule table in Markdown, as the README shows it."""
    from .rules import rules

    lines = ["| code | rule | severity | what it finds | legal basis |", "|---|---|---|---|---|"]
    for r in rules():
        summary = r.summary.replace("|", "\\|")
        lines.append(f"| {r.code} | {r.name} | {r.severity} | {summary} | {'; '.join(r.legal_basis)} |")
    return "\n".join(lines) + "\n"


def _cmd_rule(args: argparse.Namespace, out: TextIO) -> int:
    from .rules import get_rule

    try:
        r = get_rule(args.code)
    except KeyError as exc:
        raise _Usage(str(exc.args[0])) from None
    out.write(f"{r.code} {r.name} ({r.severity})\n\n{r.summary}\n\n{r.doc}\n\n")
    out.write(f"Message (vi): {r.message_vi}\nMessage (en): {r.message_en}\n")
    out.write(f"Legal basis: {'; '.join(r.legal_basis)}\n")
    return 0


def _cmd_deadline(args: argparse.Namespace, out: TextIO) -> int:
    settings = _settings(args)
    catalog = load_catalog(*args.catalog)
    lang = args.lang or settings.lang
    try:
        result = deadline(
            args.procedure, args.received_at, channel=args.channel, catalog=catalog, settings=settings
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


_COMMANDS = {
    "check": _cmd_check,
    "audit": _cmd_audit,
    "rules": _cmd_rules,
    "rule": _cmd_rule,
    "deadline": _cmd_deadline,
    "schema": _cmd_schema,
}


def _say(line: str) -> None:
    """One line on stderr; file names and values in it are shown escaped, never obeyed by the terminal."""
    print(terminal_safe(line), file=sys.stderr)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (SPEC §7)."""
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
