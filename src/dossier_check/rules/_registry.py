"""The rule registry: each rule registered once with its code, name, severity, texts and legal basis.

A rule is a small function that takes the per-dossier :class:`~dossier_check.rules._context.Context`
and returns :class:`Finding` values (a JSON Pointer and machine-readable params), as a list; a rule may
also yield them. The engine stamps the rest — code, name, severity, the rendered message, the legal
basis — so rules never format or print.
A new family of rules is a new module that uses :func:`rule`; the engine does not change.

The registry is the one source of every text a user reads about a rule, in Vietnamese and in English:
the short title of reports, the one-line summary, the message template of a finding, the full
documentation (``dossier-check rule CODE``), the legal basis and the notes on citations that rest on a
replaced text. :meth:`Rule.to_dict` gives all of it as plain data for generators.
"""

from __future__ import annotations

import importlib
import inspect
import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ..violations import Severity

if TYPE_CHECKING:
    from ._context import Context

__all__ = [
    "FAMILIES",
    "LANGS",
    "REGISTRY",
    "REPLACED_TEXTS",
    "Finding",
    "NotEvaluable",
    "Rule",
    "Text",
    "finding",
    "get_rule",
    "legal_notes",
    "not_evaluable",
    "rule",
    "rules",
]

FAMILIES = ("dossier", "components", "appointment", "control", "tracking", "process")
"""The modules of :mod:`dossier_check.rules` that register rules, one per family."""

LANGS = ("vi", "en")
"""The languages every user-visible text of a rule is written in (Vietnamese first: the default)."""


class Finding(NamedTuple):
    path: str
    params: Mapping[str, Any]


def finding(path: str, **params: Any) -> Finding:
    return Finding(path, params)


class NotEvaluable(NamedTuple):
    """Returned (or yielded) by a rule that cannot judge this dossier: the data it needs cannot exist here.

    The engine then drops whatever the rule returned for this dossier and lists its code as *not
    evaluable* with the reason (a key of :mod:`dossier_check.reasons`) — neither passed nor failed.
    """

    reason: str


def not_evaluable(reason: str) -> NotEvaluable:
    """What a rule returns (or yields) when this dossier gives it nothing to judge by (``reason``: a reason
    key)."""
    return NotEvaluable(reason)


CheckFn = Callable[["Context"], Iterable[Finding | NotEvaluable]]


@dataclass(frozen=True, slots=True)
class Text:
    """One user-visible text in Vietnamese and in English; ``text["vi"]`` picks a language."""

    vi: str
    en: str

    def __getitem__(self, lang: str) -> str:
        if lang == "vi":
            return self.vi
        if lang == "en":
            return self.en
        raise KeyError(f"lang must be 'vi' or 'en', not {lang!r}")

    def to_dict(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}


@dataclass(frozen=True)
class Rule:
    """A registered rule and everything a user reads about it, in both languages.

    ``title`` is the short name of the defect in report tables; ``summary`` says in one sentence what it
    finds; ``message`` is the template of one finding (placeholders are the finding's params); ``doc`` is
    what ``dossier-check rule CODE`` prints (what it checks, why it matters, an example); ``legal_notes``
    is empty unless a citation of ``legal_basis`` rests on a replaced text.
    """

    code: str
    name: str
    severity: Severity
    title: Text
    summary: Text
    message: Text
    doc: Text
    legal_basis: tuple[str, ...]
    legal_notes: Text
    check: CheckFn | None = field(repr=False, default=None)
    needs: tuple[str, ...] = ()
    requires_procedure: bool = False
    outcomes: frozenset[str] | None = None
    part: str | None = None

    @property
    def message_vi(self) -> str:
        return self.message.vi

    @property
    def message_en(self) -> str:
        return self.message.en

    def template(self, lang: str) -> str:
        """The message template in ``lang`` (English for any language but Vietnamese)."""
        return self.message.vi if lang == "vi" else self.message.en

    def to_dict(self) -> dict[str, Any]:
        """Everything about the rule as plain JSON-ready data (for documentation generators)."""
        return {
            "code": self.code,
            "rule": self.name,
            "severity": self.severity,
            "title": self.title.to_dict(),
            "summary": self.summary.to_dict(),
            "message": self.message.to_dict(),
            "doc": self.doc.to_dict(),
            "legal_basis": list(self.legal_basis),
            "legal_notes": self.legal_notes.to_dict(),
        }


REGISTRY: dict[str, Rule] = {}
_CODE = re.compile(r"^DC[0-9]{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_CITATION = re.compile(r"^(?P<text>.+?) (?P<article>(?:Điều|Mẫu) .+)$")

REPLACED_TEXTS: Mapping[str, Text] = {
    "NĐ 61/2018": Text(
        vi="{text} ({articles}) đã được thay thế bởi NĐ 118/2025 từ 01/07/2025; chưa xác định được điều "
        "khoản tương ứng.",
        en="{text} ({articles}) was replaced by NĐ 118/2025 from 01/07/2025; successor article not yet "
        "identified.",
    ),
    "TT 01/2018/TT-VPCP": Text(
        vi="{text} ({articles}) hướng dẫn NĐ 61/2018 và trên thực tế đã được thay thế bởi TT 03/2025/TT-VPCP; "
        "chưa xác định được điều khoản tương ứng.",
        en="{text} ({articles}) guided NĐ 61/2018 and has in practice been superseded by TT 03/2025/TT-VPCP; "
        "successor article not yet identified.",
    ),
}
"""Texts a citation may still rest on although they were replaced, with the note a rule then carries."""


def legal_notes(legal_basis: Iterable[str]) -> Text:
    """The notes on the citations of ``legal_basis`` that rest on a replaced text (empty when none)."""
    cited: dict[str, list[str]] = {}
    for citation in legal_basis:
        m = _CITATION.match(citation)
        if m and m["text"] in REPLACED_TEXTS:
            cited.setdefault(m["text"], []).append(m["article"])
    return Text(
        *(
            " ".join(
                REPLACED_TEXTS[text][lang].format(text=text, articles=", ".join(articles))
                for text, articles in cited.items()
            )
            for lang in LANGS
        )
    )


def _placeholders(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def rule(
    code: str,
    name: str,
    *,
    severity: Severity,
    title_vi: str,
    title_en: str,
    summary_vi: str,
    summary_en: str,
    message_vi: str,
    message_en: str,
    legal_basis: Iterable[str],
    doc_vi: str,
    legal_notes_vi: str | None = None,
    legal_notes_en: str | None = None,
    needs: Iterable[str] = (),
    requires_procedure: bool = False,
    outcomes: Iterable[str] | None = None,
    part: str | None = None,
) -> Callable[[CheckFn], CheckFn]:
    """Register a rule: every text in both languages, the English documentation being its docstring.

    ``needs``: JSON Pointers of the parts it reads (it is skipped when DC001 broke one).
    ``part``: the top-level key of the part the rule judges, when a dossier without it (absent, null or
    an empty list) gives the rule nothing to find: the engine then does not run it.
    ``legal_notes_vi``/``legal_notes_en`` replace the notes derived from ``legal_basis`` (see
    :func:`legal_notes`) when a citation needs more than "replaced, successor not yet identified".
    """
    if not _CODE.match(code) or not _NAME.match(name):
        raise ValueError(f"bad rule code or name: {code} {name}")
    if code in REGISTRY:
        raise ValueError(f"rule code {code} registered twice")
    basis = tuple(legal_basis)
    if not basis:
        raise ValueError(f"{code}: a rule cites its legal basis")
    if (legal_notes_vi is None) != (legal_notes_en is None):
        raise ValueError(f"{code}: legal notes are given in both languages or in neither")
    if _placeholders(message_vi) != _placeholders(message_en):
        raise ValueError(f"{code}: the vi and en messages use different placeholders")

    def register(fn: CheckFn) -> CheckFn:
        texts = {
            "title": Text(title_vi, title_en),
            "summary": Text(summary_vi, summary_en),
            "message": Text(message_vi, message_en),
            "doc": Text(inspect.cleandoc(doc_vi), inspect.cleandoc(fn.__doc__ or "")),
        }
        for kind, text in texts.items():
            for lang in LANGS:
                if not text[lang].strip():
                    raise ValueError(f"{code}: the {kind} in {lang} is empty")
        notes = (
            legal_notes(basis)
            if legal_notes_vi is None or legal_notes_en is None
            else Text(legal_notes_vi, legal_notes_en)
        )
        REGISTRY[code] = Rule(
            code=code,
            name=name,
            severity=severity,
            legal_basis=basis,
            legal_notes=notes,
            check=fn,
            needs=tuple(needs),
            requires_procedure=requires_procedure,
            outcomes=frozenset(outcomes) if outcomes is not None else None,
            part=part,
            **texts,
        )
        return fn

    return register


_LOADED: list[bool] = []


def _load_all() -> None:
    """Import every family module once, so that all rules are registered."""
    if not _LOADED:
        package = __name__.rpartition(".")[0]
        for family in FAMILIES:
            try:
                importlib.import_module(f"{package}.{family}")
            except ModuleNotFoundError as exc:  # a family not written yet
                if exc.name != f"{package}.{family}":
                    raise
        _LOADED.append(True)


def rules() -> list[Rule]:
    """Every registered rule, in code order."""
    _load_all()
    return [REGISTRY[c] for c in sorted(REGISTRY)]


def get_rule(code: str) -> Rule:
    """The registered rule with this code (case-insensitive); KeyError for an unknown code."""
    _load_all()
    try:
        return REGISTRY[code.upper()]
    except KeyError:
        raise KeyError(f"no rule {code!r}; `dossier-check rules` lists them") from None
