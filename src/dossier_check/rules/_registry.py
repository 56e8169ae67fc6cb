"""The rule registry: each rule registered once with its code, name, severity, messages and legal basis.

A rule is a small function that takes the per-dossier :class:`~dossier_check.rules._context.Context`
and yields :class:`Finding` values (a JSON Pointer and machine-readable params). The engine stamps the
rest — code, name, severity, the rendered message, the legal basis — so rules never format or print.
A new family of rules is a new module that uses :func:`rule`; the engine does not change.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ..violations import Severity

if TYPE_CHECKING:
    from ._context import Context

__all__ = [
    "FAMILIES",
    "REGISTRY",
    "Finding",
    "NotEvaluable",
    "Rule",
    "finding",
    "get_rule",
    "not_evaluable",
    "rule",
    "rules",
]

FAMILIES = ("dossier", "components", "appointment", "control", "tracking", "process")
"""The modules of :mod:`dossier_check.rules` that register rules, one per family."""


class Finding(NamedTuple):
    path: str
    params: Mapping[str, Any]


def finding(path: str, **params: Any) -> Finding:
    return Finding(path, params)


class NotEvaluable(NamedTuple):
    """Yielded by a rule that cannot judge this dossier: the data it needs cannot exist here.

    The engine then drops whatever the rule yielded for this dossier and lists its code as *not
    evaluable* with the reason (a key of :mod:`dossier_check.reasons`) — neither passed nor failed.
    """

    reason: str


def not_evaluable(reason: str) -> NotEvaluable:
    """What a rule yields when this dossier gives it nothing to judge by (``reason``: a reason key)."""
    return NotEvaluable(reason)


CheckFn = Callable[["Context"], Iterable[Finding | NotEvaluable]]


@dataclass(frozen=True)
class Rule:
    """A registered rule. ``doc`` is what ``dossier-check rule CODE`` prints."""

    code: str
    name: str
    severity: Severity
    summary: str
    message_vi: str
    message_en: str
    legal_basis: tuple[str, ...]
    doc: str
    check: CheckFn | None = field(repr=False, default=None)
    needs: tuple[str, ...] = ()
    requires_procedure: bool = False
    outcomes: frozenset[str] | None = None

    def template(self, lang: str) -> str:
        return self.message_vi if lang == "vi" else self.message_en


REGISTRY: dict[str, Rule] = {}
_CODE = re.compile(r"^DC[0-9]{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def rule(
    code: str,
    name: str,
    *,
    severity: Severity,
    summary: str,
    vi: str,
    en: str,
    legal_basis: Iterable[str],
    needs: Iterable[str] = (),
    requires_procedure: bool = False,
    outcomes: Iterable[str] | None = None,
) -> Callable[[CheckFn], CheckFn]:
    """Register a rule. ``needs``: JSON Pointers of the parts it reads (it is skipped when DC001 broke one)."""
    if not _CODE.match(code) or not _NAME.match(name):
        raise ValueError(f"bad rule code or name: {code} {name}")
    if code in REGISTRY:
        raise ValueError(f"rule code {code} registered twice")

    def register(fn: CheckFn) -> CheckFn:
        REGISTRY[code] = Rule(
            code=code,
            name=name,
            severity=severity,
            summary=summary,
            message_vi=vi,
            message_en=en,
            legal_basis=tuple(legal_basis),
            doc=inspect.cleandoc(fn.__doc__ or ""),
            check=fn,
            needs=tuple(needs),
            requires_procedure=requires_procedure,
            outcomes=frozenset(outcomes) if outcomes is not None else None,
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
