"""Reasons, in both languages: why a rule could not be evaluated, why a record was skipped or not read.

A reason is a stable key with a Vietnamese and an English template (``{name}`` placeholders). Readers and
rules register the reasons they give once, at import; records and summaries carry the keys and render them
in the run's language, so no reason is ever shown in the wrong language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = ["REASONS", "Reason", "reason_text", "register_reason"]

REASONS: dict[str, tuple[str, str]] = {}
"""Reason key → (Vietnamese template, English template)."""


def register_reason(key: str, *, vi: str, en: str) -> str:
    """Register the texts of a reason key (registering the same texts twice is harmless); returns the key."""
    have = REASONS.get(key)
    if have is not None and have != (vi, en):
        raise ValueError(f"reason {key!r} registered twice with different texts")
    REASONS[key] = (vi, en)
    return key


def reason_text(key: str, lang: str, params: Mapping[str, Any] | None = None) -> str:
    """The reason's text in ``lang`` (``vi`` or ``en``); an unregistered key is shown as itself."""
    texts = REASONS.get(key)
    if texts is None:
        return key
    template = texts[0] if lang == "vi" else texts[1]
    if not params:
        return template
    # A parameter may itself be a reason (a JSON error inside "element 3: …"): rendered in the same language.
    values = {k: v.render(lang) if isinstance(v, Reason) else v for k, v in params.items()}
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError):
        return template


@dataclass(frozen=True, slots=True)
class Reason:
    """A reason key with its parameters, rendered late in the run's language."""

    key: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def render(self, lang: str) -> str:
        return reason_text(self.key, lang, self.params)
