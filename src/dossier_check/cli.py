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
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from ._cli_text import ARGPARSE_VI, HELP, choose_lang
from .audit.signals import Interrupted, blocking, checkpoint, interrupted_line, interruptible
from .catalog import Catalog, CatalogError, load_catalog
from .config import ConfigError, Settings, parse_codes, parse_size
from .engine import Checker, deadline, load_config, parse_as_of
from .reasons import Reason, os_error, reason_text
from .render.common import terminal_safe
from .timeutil import VN_OFFSET, parse_when
from .workdays import CalendarError

__all__ = ["main"]


class _Usage(Exception):
    """A usage problem found after parsing (bad --as-of, unknown code…): exit 2 with a clear message."""

    def __init__(self, why: Reason | str) -> None:
        super().__init__(why.render("en") if isinstance(why, Reason) else why)
        self.why = why

    def message(self, lang: str) -> str:
        return self.why.render(lang) if isinstance(self.why, Reason) else str(self.why)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose help shows its epilog (the exit statuses) as written."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)


def _common(p: argparse.ArgumentParser, formats: Sequence[str], h: Mapping[str, str]) -> None:
    p.add_argument("--catalog", action="append", default=[], metavar="DIR", help=h["catalog"])
    p.add_argument("--as-of", metavar="DATETIME", help=h["as_of"])
    p.add_argument("--format", choices=formats, default="text", help=h["format"])
    p.add_argument("--lang", choices=("vi", "en"), default=None, help=h["lang"])
    p.add_argument("--select", metavar="CODES", help=h["select"])
    p.add_argument("--ignore", metavar="CODES", help=h["ignore"])
    p.add_argument("--config", metavar="FILE", help=h["config"])
    p.add_argument("--max-record-size", metavar="SIZE", help=h["max_record_size"])


def _parser(lang: str = "vi") -> argparse.ArgumentParser:
    """The argument parser, its help texts in ``lang``."""
    h = HELP[lang]
    parser = _Parser(prog="dossier-check", description=h["description"])
    parser.add_argument(
        "--version", action="version", version=f"dossier-check {__version__}", help=h["version"]
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title=h["commands"])

    def command(name: str, key: str, exits: str, target: Any = sub) -> argparse.ArgumentParser:
        # The epilog keeps its line breaks (one paragraph per exit-status table); each is wrapped here.
        epilog = "\n".join(textwrap.fill(part, 79) for part in exits.split("\n"))
        sp: argparse.ArgumentParser = target.add_parser(
            name, help=h[key], description=textwrap.fill(h[f"{key}_description"], 79), epilog=epilog
        )
        return sp

    p = command("check", "check", h["exit_check"])
    p.add_argument("files", nargs="+", metavar="FILE", help=h["files"])
    _common(p, ("text", "json", "jsonl"), h)
    p.add_argument(
        "--input-format", choices=("auto", "native", "dvcqg", "book"), default="auto", help=h["input_format"]
    )

    p = command("audit", "audit", f"{h['exit_check']} {h['exit_zero_note']}")
    p.add_argument("paths", nargs="+", metavar="PATH", help=h["paths"])
    _common(p, ("text", "json", "jsonl", "csv", "xlsx"), h)
    p.add_argument(
        "--input-format", choices=("auto", "native", "dvcqg", "book"), default="auto", help=h["input_format"]
    )
    p.add_argument("--jobs", type=int, default=None, metavar="N", help=h["jobs"])
    p.add_argument("--output", metavar="FILE", help=h["output"])
    p.add_argument("--report", metavar="FILE.html", help=h["report"])
    p.add_argument("--summary", metavar="FILE.json", help=h["summary"])
    p.add_argument(
        "--csv-delimiter",
        choices=(",", ";", "tab"),
        default=",",
        metavar="{',',';',tab}",
        help=h["csv_delimiter"],
    )
    p.add_argument("-q", "--quiet", action="store_true", help=h["quiet"])
    p.add_argument("--exit-zero", action="store_true", help=h["exit_zero"])

    p = command("rules", "rules", h["exit_info"])
    p.add_argument("--format", choices=("markdown", "json"), default="markdown", help=h["rules_format"])
    p.add_argument("--lang", choices=("vi", "en"), default=None, help=h["lang"])

    p = command("rule", "rule", h["exit_info"])
    p.add_argument("code", help=h["rule_code"])
    p.add_argument("--lang", choices=("vi", "en"), default=None, help=h["lang"])

    p = command("deadline", "deadline", h["exit_info"])
    p.add_argument("--procedure", required=True, metavar="CODE", help=h["procedure"])
    p.add_argument("--received-at", required=True, metavar="DATETIME", help=h["received_at"])
    p.add_argument("--channel", choices=("direct", "postal", "online"), default="direct", help=h["channel"])
    p.add_argument("--case", metavar="CASE", help=h["case"])
    p.add_argument("--lang", choices=("vi", "en"), default=None, help=h["lang"])
    p.add_argument("--catalog", action="append", default=[], metavar="DIR", help=h["catalog"])
    p.add_argument("--config", metavar="FILE", help=h["config"])
    p.add_argument("--format", choices=("text", "json"), default="text", help=h["deadline_format"])

    p = command("schema", "schema", h["exit_info"])
    p.add_argument("kind", nargs="?", choices=("dossier", "procedure"), default="dossier", help=h["kind"])
    p.add_argument("--procedure", metavar="CODE", help=h["schema_procedure"])
    p.add_argument("--on", metavar="DATE", help=h["on"])
    p.add_argument(
        "--channel", choices=("direct", "postal", "online"), default=None, help=h["schema_channel"]
    )
    p.add_argument("--catalog", action="append", default=[], metavar="DIR", help=h["catalog"])

    p = command("catalog", "catalog_cmd", f"{h['exit_import']}\n{h['exit_lint']}")
    cat = p.add_subparsers(dest="catalog_command", required=True, metavar="ACTION", title=h["actions"])
    q = command("import", "import", h["exit_import"], cat)
    q.add_argument("files", nargs="+", metavar="FILE", help=h["import_files"])
    q.add_argument("--out", required=True, metavar="DIR", help=h["out"])
    q.add_argument("--valid-from", required=True, metavar="DATE", help=h["valid_from"])
    q.add_argument("--report", metavar="FILE.json", help=h["import_report"])
    q.add_argument("--lang", choices=("vi", "en"), default=None, help=h["report_lang"])
    q = command("lint", "lint", h["exit_lint"], cat)
    q.add_argument("dir", metavar="DIR", help=h["lint_dir"])
    q.add_argument("--format", choices=("text", "json"), default="text", help=h["deadline_format"])
    q.add_argument("--lang", choices=("vi", "en"), default=None, help=h["lang"])
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    # The language chosen before parsing is the default; the configuration's `lang`, then --lang, win over it.
    base = Settings.default()
    chosen = getattr(args, "chosen_lang", base.lang)
    if chosen != base.lang:
        base = replace(base, lang=chosen)
    settings = load_config(args.config, base=base) if getattr(args, "config", None) else base
    size = getattr(args, "max_record_size", None)
    if size is not None:
        try:
            settings = replace(settings, max_record_size=parse_size(size))
        except ValueError:
            raise _Usage(Reason("usage_size", {"option": "--max-record-size", "value": size})) from None
    return settings


def _codes(option: str, value: str | None) -> tuple[str, ...] | None:
    """``--select``/``--ignore`` codes, each matching some rule; one that says nothing is refused."""
    # known_code_prefix registers every family's rules first: the registry read as it stands at this
    # point of a fresh process holds only the rules its imports have registered so far.
    from .rules import known_code_prefix

    codes = parse_codes(value)
    if codes is not None and not codes:  # "--select ," would otherwise silently select every rule
        raise _Usage(Reason("usage_codes_empty", {"option": option}))
    for c in codes or ():
        if not known_code_prefix(c):
            raise _Usage(Reason("usage_code_unknown", {"option": option, "code": c}))
    return codes


def _checker(args: argparse.Namespace, catalog: Catalog, settings: Settings) -> Checker:
    select, ignore = _codes("--select", args.select), _codes("--ignore", args.ignore)
    return Checker(
        catalog,
        settings=settings,
        # one audit time for the whole run, so every open dossier is judged at the same moment
        as_of=args.as_of or datetime.now(VN_OFFSET),
        lang=args.lang,
        select=select,
        ignore=ignore,
    )


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
    return fail(sys.stderr, lang, Reason("cannot_write_output", {"target": target, "error": os_error(exc)}))


def _cmd_audit(args: argparse.Namespace, out: TextIO) -> int:
    from .audit import run_audit

    settings = _settings(args)
    checker = _checker(args, load_catalog(*args.catalog), settings)
    if args.jobs is not None and args.jobs < 1:
        raise _Usage(Reason("usage_jobs"))
    if args.format == "xlsx" and not args.output:  # a workbook is binary: never to a terminal or a pipe
        from .render.xlsx import NEEDS_OUTPUT

        raise _Usage(Reason(NEEDS_OUTPUT))
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
    },
    "en": {
        "header": "| code | rule | severity | what it finds | legal basis |",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "message": "Message template",
        "basis": "Legal basis",
        "notes": "Note",
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
        raise _Usage(Reason("usage_no_rule", {"code": args.code})) from None
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
    # Checked here, not left to deadline()'s exceptions, so that each problem is said in the run's language.
    when = parse_when(args.received_at)
    if when is None or not when.precise:
        raise _Usage(Reason("usage_received_at", {"value": args.received_at}))
    on = when.local.date()
    res = catalog.resolve(args.procedure, on)
    if res.version is None:
        key = "usage_unknown_procedure" if res.status == "unknown" else "usage_no_version"
        raise _Usage(Reason(key, {"code": args.procedure, "on": _day(on, lang)}))
    if args.case is not None and res.version.find_case(args.case) is None:
        cases = ", ".join(f"{c.id} ({c.name})" for c in res.version.cases) or "—"
        raise _Usage(Reason("usage_no_case", {"case": args.case, "code": args.procedure, "cases": cases}))
    result = deadline(
        args.procedure,
        args.received_at,
        channel=args.channel,
        case=args.case,
        catalog=catalog,
        settings=settings,
    )
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
            raise _Usage(Reason("usage_not_date", {"option": "--on", "value": args.on})) from None
        res = catalog.resolve(args.procedure, on)
        if res.version is None:
            key = "usage_unknown_procedure" if res.status == "unknown" else "usage_no_version"
            raise _Usage(Reason(key, {"code": args.procedure, "on": on.isoformat()}))
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
        raise _Usage(Reason("usage_not_date", {"option": "--valid-from", "value": args.valid_from}))
    try:
        date.fromisoformat(args.valid_from)
    except ValueError:
        raise _Usage(
            Reason("usage_not_real_date", {"option": "--valid-from", "value": args.valid_from})
        ) from None
    out_dir = Path(args.out)
    if args.report and Path(args.report).resolve().is_relative_to(out_dir.resolve()):
        raise _Usage(Reason("usage_report_inside_out", {"report": args.report, "out": args.out}))
    # Both places are proved writable before anything is imported, so a usage error imports nothing.
    places = [("--out", out_dir)] + ([("--report", Path(args.report).parent)] if args.report else [])
    for option, directory in places:
        try:
            check_writable(directory)
        except OSError as exc:
            why = {"option": option, "path": directory, "error": os_error(exc)}
            raise _Usage(Reason("usage_cannot_write_dir", why)) from None
    report = import_records(args.files, out_dir, args.valid_from, lang=args.lang)
    out.write(report_text(report, args.lang) + "\n")
    if args.report:
        try:
            write_report(args.report, report_json(report, args.lang))
        except OSError as exc:  # the directory took a file a moment ago: rare, and said
            why = {"option": "--report", "path": args.report, "error": os_error(exc)}
            raise _Usage(Reason("usage_cannot_write", why)) from None
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


def _day(d: date, lang: str) -> str:
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.isoformat()


def _argparse_words(lang: str) -> Callable[[str], str]:
    """argparse's gettext, answering in ``lang``."""
    if lang != "vi":
        return lambda text: text
    return lambda text: ARGPARSE_VI.get(text, text)


def _say(line: str) -> None:
    """One line on stderr; file names and values in it are shown escaped, never obeyed by the terminal."""
    print(terminal_safe(line), file=sys.stderr)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status.

    The language of help and of argparse's messages is chosen before parsing (:func:`choose_lang`).
    """
    out = out or sys.stdout
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = choose_lang(argv)
    words = _argparse_words(lang)
    saved = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    # argparse looks its messages up through its module's gettext at the moment it shows them.
    argparse._ = words  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: words(one if n == 1 else many)  # type: ignore[attr-defined]
    try:
        args = _parser(lang).parse_args(argv)
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
    args.chosen_lang = lang
    if args.command in ("rules", "rule", "catalog") and args.lang is None:
        args.lang = lang  # these have no configuration: the language chosen before parsing is theirs
    lang = getattr(args, "lang", None) or lang
    try:
        if getattr(args, "as_of", None):
            try:
                parse_as_of(args.as_of)
            except ValueError:
                raise _Usage(Reason("usage_as_of", {"value": args.as_of})) from None
        if args.command in ("check", "audit"):  # a signal while loading is reported like one while checking
            with interruptible():
                return _COMMANDS[args.command](args, out)
        return _COMMANDS[args.command](args, out)
    except CatalogError as exc:
        _error("cli_catalog_error", exc.message(lang), lang)
    except ConfigError as exc:
        _error("cli_config_error", exc.message(lang), lang)
    except CalendarError as exc:
        _error("cli_calendar_error", exc.message(lang), lang)
    except _Usage as exc:
        _error("cli_error", exc.message(lang), lang)
    except BrokenPipeError:  # stdout closed by its reader (`| head`) while a command wrote to it
        from .audit.write import BROKEN_PIPE, silence_stdout

        silence_stdout()
        return BROKEN_PIPE
    except KeyboardInterrupt:  # before the command's own handling began, or after it ended
        return 130
    except Interrupted as exc:
        with contextlib.suppress(OSError, ValueError):
            print(interrupted_line(args.command, exc, 0, lang, files=True), file=sys.stderr)
        return exc.status
    return 2


def _error(kind: str, message: str, lang: str) -> None:
    """One line on stderr: ``dossier-check: <kind>: <message>``, in ``lang``."""
    _say(f"dossier-check: {reason_text(kind, lang)}: {message}")
