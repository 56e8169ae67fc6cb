"""Every text a user reads about a rule exists in both languages, and the Vietnamese ones are Vietnamese.

The English-word heuristic strips what may legitimately stay as written — code spans (`…`), message
placeholders ({…}), JSON Pointers and identifiers with ``_`` — then flags common English words that are
not Vietnamese syllables. It is a net for leftovers ("the appointment slip lacks …"), not a grammar check.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterator

import pytest

from dossier_check import _labels
from dossier_check.cli import _RULE_WORDS
from dossier_check.render.common import LABELS as REPORT_LABELS
from dossier_check.rules import LANGS, REGISTRY, Text, rules

# Common English words that are not Vietnamese syllables written without diacritics ("do", "in", "an",
# "to", "no", "me", "ban", "hay" are Vietnamese too, so they are not here).
_ENGLISH_WORDS = """
    the and of is are was were be been being with without for not when which that this these those must
    may might it its from by at or if else each every per than then has have had into only also but as
    after before until where why what how who whose there their they them our your you we he she
    shall should would could can cannot does did done same other another any some more most less least
    dossier dossiers record records slip slips field fields rule rules date dates time times missing found
    expected value values example examples check checks checked matters gives given component components
    procedure procedures applicant appointment appointments received receipt deadline deadlines late
    early control tracking entry entries book apology apologies rejection request requests supplement
    supplements legal basis replaced successor article identified yet wrong type list string object
    integer number allowed required format unknown key keys misspelling misspelled channel post person
    desk unit units handover hand transfer result results returned overdue days working hours calendar
    holiday holidays official schedule provisional inspector inspection finding findings message
    warning error info pass fail missing excess copies copy original certified forms sets agency row rows
    between against within instead because while though although about above below under whole
"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())
ALLOWED = frozenset({"email", "null", "true", "false", "json", "iso", "utc", "sms", "dossier-check"})

_CODE_SPAN = re.compile(r"`[^`]*`")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_POINTER_OR_IDENT = re.compile(r"(?:/[\w~.-]+)+|\b\w+_\w+\b")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def english_words(text: str) -> list[str]:
    """The common English words of a Vietnamese text, outside code spans, placeholders and identifiers."""
    bare = _POINTER_OR_IDENT.sub(" ", _PLACEHOLDER.sub(" ", _CODE_SPAN.sub(" ", text)))
    return [w for w in _WORD.findall(bare) if w.lower() in ENGLISH and w.lower() not in ALLOWED]


def test_the_heuristic_catches_english_and_spares_code() -> None:
    assert english_words("The appointment slip lacks “{field}”.") == ["The", "appointment", "slip"]
    assert english_words("Hồ sơ nộp trực tuyến nhưng không ghi nhận đã gửi (thư điện tử, tin nhắn).") == []
    assert english_words('Ví dụ: `"channel": "fax"` bị báo DC001 tại `/channel`; `params.field`.') == []
    assert (
        english_words("giá trị `delivered_via` null, cần {expected} tại /appointment_slip/delivered_via")
        == []
    )
    assert english_words("Một trường không thuộc định dạng hồ sơ; the value is not checked.") == [
        "the",
        "value",
        "is",
        "not",
        "checked",
    ]


def _vi_texts() -> Iterator[tuple[str, str]]:
    for r in rules():
        for kind in ("title", "summary", "message", "doc", "legal_notes"):
            yield f"{r.code} {kind}", getattr(r, kind).vi
    for table, mapping in _labels.LABELS["vi"].items():
        for key, label in mapping.items():
            yield f"_labels {table}.{key}", label
    for key, label in _labels._PROBLEMS_VI.items():
        yield f"_labels problem.{key}", label
    for key, label in _labels._TYPES["vi"].items():
        yield f"_labels type.{key}", label
    for pattern, words in _labels._PATTERNS.items():
        yield f"_labels pattern {pattern}", words["vi"]
    for key, label in _RULE_WORDS["vi"].items():
        yield f"cli rule words {key}", label
    for key, label in REPORT_LABELS["vi"].items():
        yield f"report label {key}", label


@pytest.mark.parametrize(
    ("where", "text"), list(_vi_texts()), ids=lambda x: x if isinstance(x, str) and len(x) < 40 else ""
)
def test_no_vietnamese_text_is_left_in_english(where: str, text: str) -> None:
    assert english_words(text) == [], f"{where}: {text!r}"


# --- completeness ---------------------------------------------------------------------------------------


def _placeholders(template: str) -> set[str]:
    return {name.split(":")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(REGISTRY) or ["none"])
def test_every_rule_is_complete_in_both_languages(code: str) -> None:
    r = rules() and REGISTRY[code]
    for kind in ("title", "summary", "message", "doc"):
        text: Text = getattr(r, kind)
        for lang in LANGS:
            assert text[lang].strip(), f"{code} {kind} {lang} is empty"
            assert unicodedata.is_normalized("NFC", text[lang]), f"{code} {kind} {lang} is not NFC"
            assert "SPEC" not in text[lang] and "shared/" not in text[lang], f"{code} {kind} {lang}"
        assert text.vi != text.en, f"{code} {kind}: the Vietnamese is the English"
    assert _placeholders(r.message.vi) == _placeholders(r.message.en)
    assert bool(r.legal_notes.vi) == bool(r.legal_notes.en)
    for part in ("What it checks", "Why it matters", "Example"):
        assert part in r.doc.en, f"{code} doc (en) lacks {part!r}"
    for part in ("Nội dung kiểm tra", "Vì sao cần kiểm tra", "Ví dụ"):
        assert part in r.doc.vi, f"{code} doc (vi) lacks {part!r}"
    assert len(r.title.vi) <= 70 and len(r.title.en) <= 70, "a title is a short name for report tables"


def test_every_rule_is_registered_once_with_every_text() -> None:
    assert len(rules()) == len(REGISTRY) >= 39
    assert len({r.title.vi for r in rules()}) == len(REGISTRY), "two rules share a Vietnamese title"
    assert len({r.title.en for r in rules()}) == len(REGISTRY), "two rules share an English title"


def test_a_rule_with_a_text_missing_in_one_language_cannot_be_registered() -> None:
    from dossier_check.rules._registry import rule

    texts = dict(
        title_vi="Tiêu đề",
        title_en="Title",
        summary_vi="Tóm tắt.",
        summary_en="Summary.",
        message_vi="Thông báo {x}.",
        message_en="Message {x}.",
        legal_basis=("NĐ 118/2025 Điều 5",),
        doc_vi="Nội dung kiểm tra: …",
    )

    def check(ctx: object) -> Iterator[object]:
        """What it checks: …"""
        return iter(())

    with pytest.raises(ValueError, match="the title in vi is empty"):
        rule("DC990", "test-rule", severity="error", **{**texts, "title_vi": " "})(check)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="different placeholders"):
        rule("DC990", "test-rule", severity="error", **{**texts, "message_en": "Message {y}."})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="the doc in en is empty"):
        check.__doc__ = None
        rule("DC990", "test-rule", severity="error", **texts)(check)  # type: ignore[arg-type]
    assert "DC990" not in REGISTRY
