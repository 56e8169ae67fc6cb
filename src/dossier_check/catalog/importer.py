"""Turning the National Public Service Portal's procedure records into procedure files.

The portal publishes each procedure as a structured record (the ``LayThuTuc`` layout of its share
service): the component tables (``THANHPHANHOSO``, one per case caption, each with its ``GIAYTO`` rows),
the channels with their time limits and fees (``CACHTHUCTHUCHIEN``), the results, the legal basis and the
levels. :func:`convert_record` maps one record onto the procedure format and says, item by item, what it
mapped mechanically and what a person must decide; :func:`import_records` does it for whole files and
writes one procedure file per record; :func:`report_text` and :func:`report_json` render the conversion
report.

Nothing is dropped silently: every ``GIAYTO`` row ends up as a component, as a note (``notes``), or as a
line of the report; a record that cannot be read is reported with its reason and the others go on.
A written file that needs a person carries a ``review`` list naming each reason; a person removes it
once the file has been checked (``dossier-check catalog lint`` reports files that still carry it).
"""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._text import normalize_name
from ..reasons import Reason, os_error
from ..sources import InputRecord, Walk, iter_file, walk
from ..sources._texts import NO_SUCH_FILE
from ..sources.native import EMPTY, EMPTY_ARRAY
from .errors import CatalogError
from .load import load_procedure_file

__all__ = [
    "REVIEW_KINDS",
    "Conversion",
    "ImportReport",
    "ReviewItem",
    "convert_record",
    "import_records",
    "iter_portal_records",
    "report_json",
    "report_text",
]

CODE_PATTERN = re.compile(r"^\d\.\d{6}$")

# KENH: 1 in person, 2 online, 3 by post (the portal's channel codes).
_CHANNELS = {1: "direct", 2: "online", 3: "postal"}
_CHANNEL_ORDER = ("direct", "online", "postal")
# DONVITINH, compared after NFC, case-folding and white-space folding.
_UNITS = {
    "ngày làm việc": "working_days",
    "ngày": "calendar_days",
    "giờ": "working_hours",
    "tháng": "calendar_months",
}
# CAPTHUCHIEN: 0 ministry, 1 province, 2 district, 3 commune; the most local one is the file's ``level``.
_LEVELS = {0: "ministry", 1: "province", 2: "district", 3: "commune"}

# Captions of THANHPHANHOSO tables that label a kind of row rather than name a case.
_SUBMIT_LABELS = frozenset(
    {
        "giấy tờ phải nộp",
        "giấy tờ cần nộp",
        "hồ sơ gồm",
        "hồ sơ bao gồm",
        "bao gồm",
        "thành phần hồ sơ",
        "thành phần hồ sơ gồm",
        "thành phần hồ sơ bao gồm",
    }
)
_SHOW_LABELS = frozenset({"giấy tờ phải xuất trình", "giấy tờ cần xuất trình", "giấy tờ xuất trình"})
_NOTE_LABELS = frozenset({"lưu ý", "ghi chú", "chú ý"})
# The portal prints "--" for an empty caption.
_EMPTY_CAPTIONS = frozenset({"", "-", "--", "—"})

_IF_ANY = re.compile(r"\(\s*nếu\s+có\s*\)")
_OR = re.compile(r"(?<!\w)hoặc(?!\w)")
_ENDS_WITH_OR = re.compile(r"(?<!\w)hoặc[\s,;:.]*$")
_STARTS_WITH_OR = re.compile(r"^[\s\-+*;,.]*hoặc(?!\w)")
_VND = frozenset({"", "vnđ", "vnd", "đ", "đồng", "việt nam đồng", "đồng việt nam"})

REVIEW_KINDS = (
    "optional_if_any",
    "note_row",
    "alternatives",
    "time_without_unit",
    "several_times_for_channel",
    "no_time",
    "no_channel",
    "channel_unknown",
    "case_title_not_a_case",
    "empty_case",
    "empty_name",
    "duplicate_name",
    "no_components",
    "level_unknown",
    "fee_unclear",
)
"""Every reason the conversion report gives for a person to look at a record, in report order."""


# The review kinds whose ``text`` is already in the file at ``to`` (a note, a component's name, a case's name).
_TEXT_IN_FILE = frozenset(
    {"optional_if_any", "note_row", "alternatives", "duplicate_name", "case_title_not_a_case", "empty_case"}
)

# The review kinds whose message already quotes the portal's text.
_QUOTED = frozenset(
    {
        "case_title_not_a_case",
        "channel_unknown",
        "level_unknown",
        "fee_unclear",
        "time_without_unit",
        "no_time",
    }
)

# --- the report's words ---------------------------------------------------------------------------

_REVIEW_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "optional_if_any": "«(nếu có)»: ghi là không bắt buộc (required: false); kiểm tra điều kiện thực sự",
        "note_row": "0 bản chính, 0 bản sao: giữ làm ghi chú trong notes, không phải thành phần hồ sơ",
        "alternatives": "có «hoặc»: đề xuất nhóm thay thế {group}; tách các giấy tờ thay thế nếu cần",
        "time_without_unit": "thời hạn {amount} không có đơn vị («{unit}»): ghi unit «unknown»",
        "several_times_for_channel": "kênh {channel} có {n} thời hạn; dùng {chosen}; chọn thời hạn đúng",
        "no_time": "không có thời hạn dùng được («{value}»): ghi unit «unknown», không có số",
        "no_channel": "bản ghi không có cách thức thực hiện: thủ tục ghi là có trên cả ba kênh, thời hạn «unknown»",
        "channel_unknown": "mã kênh «{value}» không rõ: bỏ qua thời hạn và phí của dòng này ({times})",
        "case_title_not_a_case": "tiêu đề bảng «{caption}» không phải một trường hợp: {treatment}",
        "empty_case": "trường hợp {case} không có thành phần hồ sơ nào",
        "empty_name": "dòng giấy tờ không có tên ({counts}): không ghi thành thành phần",
        "duplicate_name": "tên trùng với {other} trong cùng phạm vi: đổi tên thành «{name}»",
        "no_components": "thủ tục không có thành phần hồ sơ nào",
        "level_unknown": "cấp thực hiện «{value}» không rõ",
        "fee_unclear": "phí «{fee}» không đọc được thành số tiền VNĐ: ghi không có số tiền",
    },
    "en": {
        "optional_if_any": "'(nếu có)': written as optional (required: false); check the real condition",
        "note_row": "0 originals, 0 copies: kept as a note in notes, not a component",
        "alternatives": "contains 'hoặc' (or): proposed as alternative group {group}; split the alternatives if needed",
        "time_without_unit": "time limit {amount} has no unit ('{unit}'): written with unit 'unknown'",
        "several_times_for_channel": "channel {channel} has {n} time limits; used {chosen}; choose the right one",
        "no_time": "no usable time limit ('{value}'): written with unit 'unknown' and no amount",
        "no_channel": "the record lists no channel: written as offered on all three, time limit 'unknown'",
        "channel_unknown": "unknown channel code '{value}': its time limit and fees were left out ({times})",
        "case_title_not_a_case": "table caption '{caption}' is not a case: {treatment}",
        "empty_case": "case {case} has no components",
        "empty_name": "document row without a name ({counts}): not written as a component",
        "duplicate_name": "same name as {other} in the same scope: renamed '{name}'",
        "no_components": "the procedure has no components",
        "level_unknown": "unknown level '{value}'",
        "fee_unclear": "fee '{fee}' could not be read as an amount in VND: written without an amount",
    },
}

_TREATMENT = {
    "vi": {
        "submit": "đọc là nhãn «giấy tờ phải nộp», các dòng áp dụng cho mọi trường hợp",
        "show": "đọc là nhãn «giấy tờ phải xuất trình» (kind: show), áp dụng cho mọi trường hợp",
        "notes": "đọc là nhãn «lưu ý»: mọi dòng giữ làm ghi chú",
        "case": "vẫn ghi là trường hợp {case} như tiêu đề in",
    },
    "en": {
        "submit": "read as the label 'documents to submit'; its rows apply to every case",
        "show": "read as the label 'documents to show' (kind: show); its rows apply to every case",
        "notes": "read as the label 'notes': every row kept as a note",
        "case": "still written as case {case}, as printed",
    },
}

_ERROR_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "unreadable": "không đọc được: {reason}",
        "empty_input": "không có bản ghi thủ tục nào",
        "not_object": "bản ghi phải là một đối tượng JSON, không phải {type}",
        "no_code": "thiếu mã thủ tục MATTHC",
        "bad_code": "mã thủ tục MATTHC «{value}» không đúng dạng N.NNNNNN",
        "no_name": "thiếu tên thủ tục TENTTHC",
        "wrong_type": "{field}: phải là {expected}",
        "result_not_list": "result: phải là một danh sách bản ghi",
        "duplicate_code": "mã {code} đã nhập từ {other} trong lần chạy này",
        "invalid_output": "tệp tạo ra không hợp lệ ({reason}); xin báo lỗi này",
        "write_failed": "không ghi được {file}: {reason}",
    },
    "en": {
        "unreadable": "cannot be read: {reason}",
        "empty_input": "no procedure record in it",
        "not_object": "a record must be a JSON object, not {type}",
        "no_code": "no procedure code MATTHC",
        "bad_code": "procedure code MATTHC '{value}' is not of the form N.NNNNNN",
        "no_name": "no procedure name TENTTHC",
        "wrong_type": "{field}: must be {expected}",
        "result_not_list": "result: must be a list of records",
        "duplicate_code": "code {code} was already imported from {other} in this run",
        "invalid_output": "the file produced is not valid ({reason}); please report this as a bug",
        "write_failed": "cannot write {file}: {reason}",
    },
}

_EXPECTED = {
    "vi": {"text": "văn bản", "list": "một danh sách", "object": "một đối tượng", "number": "một số"},
    "en": {"text": "text", "list": "a list", "object": "an object", "number": "a number"},
}

_UNIT_WORDS = {
    "vi": {
        "working_days": "ngày làm việc",
        "calendar_days": "ngày",
        "working_hours": "giờ làm việc",
        "calendar_months": "tháng",
        "unknown": "(không rõ đơn vị)",
    },
    "en": {
        "working_days": "working days",
        "calendar_days": "calendar days",
        "working_hours": "working hours",
        "calendar_months": "months",
        "unknown": "(unit unknown)",
    },
}
_CHANNEL_WORDS = {
    "vi": {"direct": "trực tiếp", "online": "trực tuyến", "postal": "bưu chính"},
    "en": {"direct": "in person", "online": "online", "postal": "by post"},
}

_WORDS = {
    "vi": {
        "mechanical": "ánh xạ máy hoàn toàn",
        "needs_review": "cần người rà soát",
        "unreadable": "không nhập được",
        "items": "{n} điểm",
        "mapped": "Ánh xạ máy",
        "written": "ghi vào",
        "totals": "Tổng: {records} bản ghi — {mechanical} ánh xạ máy hoàn toàn, {review} cần người rà soát, {bad} không nhập được",
        "by_kind": "Cần rà soát theo loại",
        "skipped": "Bỏ qua {n} tệp ẩn hoặc không phải .json/.jsonl/.ndjson/.zip/.gz: {files}",
        "counts": "{cases} trường hợp, {components} thành phần ({show} xuất trình), {notes} ghi chú, {channels} kênh, {fees} khoản phí, {results} kết quả, {legal} căn cứ pháp lý",
        "first": "dòng đầu",
        "longest": "thời hạn dài nhất",
        "none": "không có",
    },
    "en": {
        "mechanical": "mapped mechanically",
        "needs_review": "needs a person",
        "unreadable": "not imported",
        "items": "items: {n}",
        "mapped": "Mapped",
        "written": "written to",
        "totals": "Records: {records} — mapped mechanically: {mechanical}, need a person: {review}, not imported: {bad}",
        "by_kind": "Items for a person, by kind",
        "skipped": "Passed over (hidden, or not .json/.jsonl/.ndjson/.zip/.gz): {files}",
        "counts": "cases {cases}, components {components} (to show: {show}), notes {notes}, channels {channels}, fees {fees}, results {results}, legal bases {legal}",
        "first": "the first row",
        "longest": "the longest",
        "none": "none",
    },
}


# --- results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    """One thing a person must decide: its kind, where it is in the portal record and in the file."""

    kind: str
    at: str
    to: str | None = None
    text: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        params = dict(self.params)
        if self.kind == "case_title_not_a_case":
            params["treatment"] = _TREATMENT[lang][params["treatment"]].format(**params)
        if self.kind == "several_times_for_channel":
            params["channel"] = _CHANNEL_WORDS[lang].get(params["channel"], params["channel"])
            params["chosen"] = _WORDS[lang][params["chosen"]]
        return _REVIEW_TEXT[lang][self.kind].format(**params)

    def to_dict(self, lang: str, *, in_file: bool = False) -> dict[str, Any]:
        """JSON-ready; in a procedure file the portal text is left out where ``to`` already holds it."""
        out: dict[str, Any] = {"kind": self.kind, "at": self.at, "to": self.to}
        if not (in_file and self.to and self.kind in _TEXT_IN_FILE):
            out["text"] = self.text
        out["message"] = self.message(lang)
        return out


@dataclass(frozen=True)
class RecordError:
    """Why a record was not imported: a kind and its parameters, rendered in either language."""

    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        params = dict(self.params)
        if "expected" in params:
            params["expected"] = _EXPECTED[lang][params["expected"]]
        for key, value in params.items():
            if isinstance(value, Reason):  # why a reader could not read the input, said in the run's language
                params[key] = value.render(lang)
        return _ERROR_TEXT[lang][self.kind].format(**params)


@dataclass
class Conversion:
    """The outcome for one portal record: the procedure document and what a person must look at."""

    source: str
    code: str | None = None
    name: str | None = None
    document: dict[str, Any] | None = None
    review: list[ReviewItem] = field(default_factory=list)
    mapped: dict[str, int] = field(default_factory=dict)
    error: RecordError | None = None
    file: str | None = None

    @property
    def status(self) -> str:
        """``mechanical``, ``needs_review`` or ``unreadable`` (not imported)."""
        if self.error is not None:
            return "unreadable"
        return "needs_review" if self.review else "mechanical"

    def counts(self) -> dict[str, int]:
        """Review items per kind (only kinds that occur)."""
        out: dict[str, int] = {}
        for item in self.review:
            out[item.kind] = out.get(item.kind, 0) + 1
        return out


@dataclass
class ImportReport:
    """Every input record's outcome, in input order."""

    conversions: list[Conversion] = field(default_factory=list)
    valid_from: str = ""
    out: str = ""
    skipped: list[str] = field(default_factory=list)
    """Files passed over while walking a directory (hidden, or not a kind the readers know)."""

    def count(self, status: str) -> int:
        return sum(1 for c in self.conversions if c.status == status)

    @property
    def exit_status(self) -> int:
        """0 all mechanical; 1 some record needs a person; 3 some record was not imported (wins over 1)."""
        if self.count("unreadable"):
            return 3
        return 1 if self.count("needs_review") else 0


# --- reading the record ---------------------------------------------------------------------------


class _Unreadable(Exception):
    def __init__(self, kind: str, **params: Any) -> None:
        super().__init__(kind)
        self.error = RecordError(kind, params)


def _at(path: str, key: str) -> str:
    """The path of ``key`` inside the part at ``path`` ("" is the record itself)."""
    return f"{path}.{key}" if path else key


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _text(obj: Mapping[str, Any], key: str, path: str) -> str:
    """A text field, NFC and trimmed; absent or null is empty; a number is read as its digits."""
    value = obj.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return _nfc(value).strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise _Unreadable("wrong_type", field=_at(path, key), expected="text")


def _verbatim(obj: Mapping[str, Any], key: str, read: str) -> str:
    """A text field exactly as the record gives it (a case's name is the ``TRUONGHOP`` text verbatim).

    ``read`` is what :func:`_text` made of it, which decides whether there is anything at all; a number
    has no other text than its digits.
    """
    value = obj.get(key)
    return value if isinstance(value, str) else read


def _objects(obj: Mapping[str, Any], key: str, path: str) -> list[tuple[str, Mapping[str, Any]]]:
    """A list of objects with their paths; absent or null is empty."""
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Unreadable("wrong_type", field=_at(path, key), expected="list")
    out: list[tuple[str, Mapping[str, Any]]] = []
    for i, item in enumerate(value):
        where = f"{_at(path, key)}[{i}]"
        if not isinstance(item, dict):
            raise _Unreadable("wrong_type", field=where, expected="object")
        out.append((where, item))
    return out


def _whole(value: Any) -> int | None:
    """A whole number from an int, an integral float or a string of digits; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and value.strip().isdecimal():  # not isdigit(): "²" is a digit int() refuses
        return int(value.strip())
    return None


def _count(row: Mapping[str, Any], key: str, path: str) -> int:
    """SOBANCHINH / SOBANSAO: a whole number; blank or absent is 0."""
    value = row.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    n = _whole(value)
    if n is None or n < 0:
        raise _Unreadable("wrong_type", field=_at(path, key), expected="number")
    return n


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the mapping ----------------------------------------------------------------------------------


def _caption_kind(caption: str) -> str:
    """``none`` (no caption), ``submit``/``show``/``notes`` (a label), ``case``."""
    if caption in _EMPTY_CAPTIONS:
        return "none"
    bare = normalize_name(caption.strip("*-+•: \t\n"))
    bare = bare.rstrip(":").strip()
    if bare in _SUBMIT_LABELS:
        return "submit"
    if bare in _SHOW_LABELS:
        return "show"
    if bare in _NOTE_LABELS:
        return "notes"
    return "case"


@dataclass
class _Scope:
    """Where component rows go: the procedure (``case`` None) or one case."""

    case: str | None
    components: list[dict[str, Any]]
    names: dict[str, str] = field(default_factory=dict)


class _Builder:
    """Maps one record; collects the document and the review items as it goes."""

    def __init__(self, record: Mapping[str, Any]) -> None:
        self.record = record
        self.review: list[ReviewItem] = []
        self.next_code = {"submit": 0, "show": 0}
        self.groups = 0

    def flag(self, kind: str, at: str, to: str | None = None, text: str | None = None, **params: Any) -> None:
        self.review.append(ReviewItem(kind, at, to, text, params))

    # components ------------------------------------------------------------------------------------

    def components(self, doc: dict[str, Any]) -> None:
        top = _Scope(None, [])
        cases: list[dict[str, Any]] = []
        scopes: dict[str, _Scope] = {}
        notes: list[dict[str, Any]] = []
        for gpath, group in _objects(self.record, "THANHPHANHOSO", ""):
            caption = _text(group, "TRUONGHOP", gpath)
            kind = _caption_kind(caption)
            scope = top
            if kind == "case":
                key = normalize_name(caption)
                if key not in scopes:
                    case_id = f"tr{len(cases) + 1}"
                    cases.append(
                        {"id": case_id, "name": _verbatim(group, "TRUONGHOP", caption), "components": []}
                    )
                    scopes[key] = _Scope(case_id, cases[-1]["components"])
                scope = scopes[key]
                if not normalize_name(caption).startswith("trường hợp"):
                    self.flag(
                        "case_title_not_a_case",
                        f"{gpath}.TRUONGHOP",
                        f"cases[{len(cases) - 1}]",
                        caption,
                        caption=_short(caption, 60),
                        treatment="case",
                        case=scope.case,
                    )
            elif kind != "none":
                self.flag(
                    "case_title_not_a_case",
                    f"{gpath}.TRUONGHOP",
                    None,
                    caption,
                    caption=caption,
                    treatment=kind,
                    case=None,
                )
            self._rows(group, gpath, kind, scope, top, scopes, notes)
        for i, case in enumerate(cases):
            if not case["components"]:
                self.flag("empty_case", f"cases[{i}]", f"cases[{i}]", case["name"], case=case["id"])
        doc["components"] = top.components
        if cases:
            doc["cases"] = cases
        if notes:
            doc["notes"] = notes
        if not top.components and not any(c["components"] for c in cases):
            self.flag("no_components", "THANHPHANHOSO", "components")

    def _rows(
        self,
        group: Mapping[str, Any],
        gpath: str,
        caption_kind: str,
        scope: _Scope,
        top: _Scope,
        scopes: Mapping[str, _Scope],
        notes: list[dict[str, Any]],
    ) -> None:
        kind = "show" if caption_kind == "show" else "submit"
        written: list[tuple[str, str, dict[str, Any], str]] = []  # (path, name, component, target)
        for rpath, row in _objects(group, "GIAYTO", gpath):
            name = _text(row, "TENGIAYTO", rpath)
            originals = _count(row, "SOBANCHINH", rpath)
            copies = _count(row, "SOBANSAO", rpath)
            portal_code = _text(row, "MAGIAYTO", rpath)
            if not name:
                self.flag("empty_name", rpath, None, portal_code or None, counts=f"{originals}/{copies}")
                continue
            if caption_kind == "notes" or (originals == 0 and copies == 0):
                note: dict[str, Any] = {"text": name}
                if portal_code:
                    note["portal_code"] = portal_code
                if scope.case:
                    note["case"] = scope.case
                notes.append(note)
                self.flag("note_row", rpath, f"notes[{len(notes) - 1}]", name)
                continue
            self.next_code[kind] += 1
            code = f"{'XT' if kind == 'show' else 'TP'}{self.next_code[kind]}"
            comp: dict[str, Any] = {"code": code, "name": name, "kind": kind}
            counted = {k: v for k, v in (("original", originals), ("copy", copies)) if v > 0}
            comp["copies"] = counted
            comp["required"] = True
            if portal_code:
                comp["portal_code"] = portal_code
            template = _text(row, "TENMAUDON", rpath)
            url = _text(row, "URL", rpath) or _text(row, "Url", rpath)
            if template or url:
                comp["template"] = {k: v for k, v in (("name", template), ("url", url)) if v}
            target = self._place(comp, scope, top, scopes, rpath)
            folded = normalize_name(name)
            if _IF_ANY.search(folded):
                comp["required"] = False
                self.flag("optional_if_any", rpath, target, name)
            written.append((rpath, folded, comp, target))
        self._alternatives(written)

    def _place(
        self,
        comp: dict[str, Any],
        scope: _Scope,
        top: _Scope,
        scopes: Mapping[str, _Scope],
        rpath: str,
    ) -> str:
        """Append the component to its scope, renaming it if its name is already taken there."""
        # A component outside cases applies to every case, so its name must be free in each of them.
        taken = [top] + (list(scopes.values()) if scope is top else [scope])
        key = normalize_name(comp["name"])
        other = next((s.names[key] for s in taken if key in s.names), None)
        if other is not None:
            comp["name"] = f"{comp['name']} ({comp['code']})"
            key = normalize_name(comp["name"])
        scope.components.append(comp)
        scope.names[key] = comp["code"]
        target = self._target(scope, scopes, len(scope.components) - 1)
        if other is not None:
            self.flag("duplicate_name", rpath, target, comp["name"], other=other, name=comp["name"])
        return target

    @staticmethod
    def _target(scope: _Scope, scopes: Mapping[str, _Scope], index: int) -> str:
        if scope.case is None:
            return f"components[{index}]"
        case_index = int(scope.case[2:]) - 1
        return f"cases[{case_index}].components[{index}]"

    def _alternatives(self, written: list[tuple[str, str, dict[str, Any], str]]) -> None:
        """'hoặc' in a row (alternatives inside one row) or across rows: propose one group each, flagged."""
        i = 0
        while i < len(written):
            j = i
            # "A hoặc" / "hoặc B" across rows joins them into one group of alternatives.
            while j + 1 < len(written) and (
                _ENDS_WITH_OR.search(written[j][1]) or _STARTS_WITH_OR.search(written[j + 1][1])
            ):
                j += 1
            members = written[i : j + 1]
            if j > i or _OR.search(written[i][1]):
                self.groups += 1
                group = f"alt{self.groups}"
                for rpath, _folded, comp, target in members:
                    comp["group"] = group
                    self.flag("alternatives", rpath, target, comp["name"], group=group)
            i = j + 1

    # time limits, channels, fees -------------------------------------------------------------------

    def channels(self, doc: dict[str, Any]) -> None:
        times: dict[str, list[tuple[str, dict[str, Any], str]]] = {}
        fees: list[dict[str, Any]] = []
        entries = _objects(self.record, "CACHTHUCTHUCHIEN", "")
        order: list[str] = []
        for epath, entry in entries:
            raw = entry.get("KENH")
            code = _whole(raw)
            channel = _CHANNELS.get(code) if code is not None else None
            rows = _objects(entry, "THOIGIAN", epath)
            if channel is None:
                described = "; ".join(self._describe_time(r, p) for p, r in rows) or "—"
                self.flag(
                    "channel_unknown", f"{epath}.KENH", None, _shown(raw), value=_shown(raw), times=described
                )
                continue
            if channel not in order:
                order.append(channel)
            if not rows:
                self.flag("no_time", f"{epath}.THOIGIAN", None, None, value="")
            for tpath, row in rows:
                limit = self._limit(row, tpath)
                if limit is not None:
                    times.setdefault(channel, []).append((tpath, limit, _text(row, "MOTA", tpath)))
                for fpath, fee in _objects(row, "PHILEPHI", tpath):
                    fees.append(self._fee(fee, fpath, channel))
        if not entries or not order:
            if not entries:
                self.flag("no_channel", "CACHTHUCTHUCHIEN", "time_limit")
            doc["time_limit"] = {"unit": "unknown"}
            return
        doc["channels"] = [c for c in _CHANNEL_ORDER if c in order]
        limits: dict[str, dict[str, Any]] = {}
        several: dict[str, tuple[str, str, int, bool]] = {}
        for channel, found in times.items():
            limits[channel], listed, longest = self._pick_limit(found)
            if len(found) > 1:
                several[channel] = (found[0][0].rsplit(".", 1)[0], listed, len(found), longest)
        for channel in order:
            limits.setdefault(channel, {"unit": "unknown"})
        base_channel = "direct" if "direct" in limits else order[0]
        doc["time_limit"] = limits[base_channel]
        overrides = {
            c: limits[c] for c in _CHANNEL_ORDER if c in limits and limits[c] != limits[base_channel]
        }
        if overrides:
            doc["channel_time_limits"] = overrides
        for channel, (at, listed, n, longest) in several.items():
            to = f"channel_time_limits.{channel}" if channel in overrides else "time_limit"
            self.flag(
                "several_times_for_channel",
                at,
                to,
                listed,
                channel=channel,
                n=n,
                chosen="longest" if longest else "first",
            )
        merged = _merge_fees(fees)
        if merged:
            doc["fees"] = merged

    def _describe_time(self, row: Mapping[str, Any], path: str) -> str:
        return f"{_shown(row.get('THOIGIANGIAIQUYET'))} {_text(row, 'DONVITINH', path)}".strip()

    def _limit(self, row: Mapping[str, Any], path: str) -> dict[str, Any]:
        raw = row.get("THOIGIANGIAIQUYET")
        unit_text = _text(row, "DONVITINH", path)
        amount = _whole(raw)
        if amount is None or amount < 1:
            shown = _shown(raw).strip()
            self.flag("no_time", f"{path}.THOIGIANGIAIQUYET", None, shown or None, value=shown)
            return {"unit": "unknown"}
        unit = _UNITS.get(normalize_name(unit_text))
        if unit is None:
            self.flag(
                "time_without_unit",
                f"{path}.DONVITINH",
                None,
                unit_text or None,
                amount=amount,
                unit=unit_text,
            )
            return {"unit": "unknown", "amount": amount}
        return {"unit": unit, "amount": amount}

    @staticmethod
    def _pick_limit(rows: list[tuple[str, dict[str, Any], str]]) -> tuple[dict[str, Any], str, bool]:
        """The limit of one channel; with several rows, the longest when they share a unit, else the first."""
        limits = [r[1] for r in rows]
        units = {lim["unit"] for lim in limits}
        longest = len(units) == 1 and all("amount" in lim for lim in limits)
        chosen = max(limits, key=lambda lim: int(lim["amount"])) if longest else limits[0]
        listed = "; ".join(
            f"{lim.get('amount', '?')} {lim['unit']}" + (f" ({_short(desc, 40)})" if desc else "")
            for _p, lim, desc in rows
        )
        return chosen, listed, longest

    def _fee(self, fee: Mapping[str, Any], path: str, channel: str) -> dict[str, Any]:
        text = _text(fee, "MOTA", path)
        unit = normalize_name(_text(fee, "DONVI", path))
        raw = fee.get("SOTIEN")
        amount = _whole(raw)
        out: dict[str, Any] = {"name": text or "Phí, lệ phí", "channels": [channel]}
        if amount is not None and amount >= 0 and unit in _VND:
            out["amount_vnd"] = amount
        else:
            shown = text or f"{_shown(raw)} {_text(fee, 'DONVI', path)}".strip()
            self.flag("fee_unclear", path, "fees", shown, fee=_short(shown, 60))
        return out

    # the rest --------------------------------------------------------------------------------------

    def levels(self, doc: dict[str, Any]) -> None:
        found: list[str] = []
        for lpath, entry in _objects(self.record, "CAPTHUCHIEN", ""):
            raw = entry.get("CAPTHUCHIEN")
            code = _whole(raw)
            level = _LEVELS.get(code) if code is not None else None
            if level is None:
                described = _text(entry, "MOTACOQUANTHUCHIEN", lpath)
                value = _shown(raw) if _shown(raw).strip() else described
                self.flag("level_unknown", f"{lpath}.CAPTHUCHIEN", "levels", value or None, value=value)
                continue
            if level not in found:
                found.append(level)
        if found:
            # the most local level: the desk that imports a procedure is usually the one nearest citizens
            rank = {v: k for k, v in _LEVELS.items()}
            ordered = sorted(found, key=rank.__getitem__)
            doc["level"] = ordered[-1]
            if len(ordered) > 1:
                doc["levels"] = ordered


def _merge_fees(fees: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per (name, amount), with the channels that charge it."""
    merged: dict[tuple[str, Any], dict[str, Any]] = {}
    for fee in fees:
        key = (fee["name"], fee.get("amount_vnd"))
        if key in merged:
            for c in fee["channels"]:
                if c not in merged[key]["channels"]:
                    merged[key]["channels"].append(c)
        else:
            merged[key] = {**fee, "channels": list(fee["channels"])}
    for fee in merged.values():
        fee["channels"] = [c for c in _CHANNEL_ORDER if c in fee["channels"]]
    return list(merged.values())


def _legal_basis(record: Mapping[str, Any]) -> list[str]:
    out = []
    for path, item in _objects(record, "CANCUPHAPLY", ""):
        title = _text(item, "TENVANBAN", path)
        number = _text(item, "SOVANBAN", path)
        if number and normalize_name(number) not in normalize_name(title):
            title = f"{title} ({number})" if title else number
        if title:
            out.append(title)
    return out


def _results(record: Mapping[str, Any], doc: dict[str, Any]) -> None:
    named, unnamed = [], []
    for path, item in _objects(record, "KETQUATHUCHIEN", ""):
        code, name = _text(item, "MAKETQUA", path), _text(item, "TENKETQUA", path)
        if name:
            named.append({"code": code, "name": name} if code else {"name": name})
        elif code:
            unnamed.append(code)  # a result needs a name in the format; its code is kept beside
    if named:
        doc["results"] = named
    if unnamed:
        doc["unnamed_results"] = unnamed


def _names(record: Mapping[str, Any], key: str, inner: str) -> list[str]:
    return [n for p, item in _objects(record, key, "") if (n := _text(item, inner, p))]


def _steps(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for path, block in _objects(record, "TRINHTUTHUCHIEN", ""):
        caption = _text(block, "TRUONGHOP", path)
        steps = [s for p, step in _objects(block, "TRINHTU", path) if (s := _text(step, "TENTRINHTU", p))]
        if steps:
            entry: dict[str, Any] = {"steps": steps}
            if caption not in _EMPTY_CAPTIONS:
                entry["case"] = _verbatim(block, "TRUONGHOP", caption)
            out.append(entry)
    return out


def convert_record(data: Any, source: str, valid_from: str, *, lang: str = "vi") -> Conversion:
    """Map one portal record (a parsed ``LayThuTuc`` object) onto a procedure document.

    Returns a :class:`Conversion` whose ``document`` is the procedure file's content (with a ``review``
    list when a person must look at it), or whose ``error`` says why the record cannot be imported.
    ``lang`` is the language of the review messages written into the document.
    """
    conv = Conversion(source)
    if not isinstance(data, dict):
        conv.error = RecordError("not_object", {"type": _json_type(data)})
        return conv
    try:
        code = _text(data, "MATTHC", "")
        conv.code = code or None
        if not code:
            raise _Unreadable("no_code")
        if not CODE_PATTERN.match(code):
            raise _Unreadable("bad_code", value=code)
        name = _text(data, "TENTTHC", "")
        conv.name = name or None
        if not name:
            raise _Unreadable("no_name")
        builder = _Builder(data)
        doc: dict[str, Any] = {"code": code, "name": name}
        decision = _text(data, "IDQUYETDINHCONGBO", "")
        if "/" in decision:
            doc["decision"] = decision
        elif decision:
            # the live service gives an internal id here; the decision's number needs a second call
            doc["portal_decision_id"] = decision
        doc["valid_from"] = valid_from
        doc["valid_to"] = None
        builder.levels(doc)
        builder.channels(doc)
        builder.components(doc)
        _results(data, doc)
        basis = _legal_basis(data)
        if basis:
            doc["legal_basis"] = basis
        fields = _names(data, "LINHVUCTHUCHIEN", "TENLINHVUC")
        if fields:
            doc["field"] = "; ".join(fields)
        agencies = _names(data, "COQUANTHUCHIEN", "TENDONVI")
        if agencies:
            doc["agency"] = "; ".join(agencies)
        applicants = _names(data, "DOITUONGTHUCHIEN", "TENDOITUONG")
        if applicants:
            doc["applicants"] = applicants
        conditions = _text(data, "YEUCAU", "")
        if conditions:
            doc["conditions"] = conditions
        steps = _steps(data)
        if steps:
            doc["steps"] = steps
        doc["imported_from"] = source
    except _Unreadable as exc:
        conv.error = exc.error
        return conv
    conv.review = _ordered(builder.review)
    if conv.review:
        doc["review"] = [item.to_dict(lang, in_file=True) for item in conv.review]
    conv.document = doc
    conv.mapped = _mapped(doc)
    return conv


def _ordered(items: list[ReviewItem]) -> list[ReviewItem]:
    rank = {k: i for i, k in enumerate(REVIEW_KINDS)}
    return sorted(items, key=lambda it: rank[it.kind])


def _mapped(doc: Mapping[str, Any]) -> dict[str, int]:
    comps = list(doc.get("components", ())) + [c for case in doc.get("cases", ()) for c in case["components"]]
    return {
        "cases": len(doc.get("cases", ())),
        "components": len(comps),
        "show": sum(1 for c in comps if c.get("kind") == "show"),
        "notes": len(doc.get("notes", ())),
        "channels": len(doc.get("channels", ())),
        "fees": len(doc.get("fees", ())),
        "results": len(doc.get("results", ())),
        "legal_basis": len(doc.get("legal_basis", ())),
    }


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else type(value).__name__


# --- files ----------------------------------------------------------------------------------------


def iter_portal_records(
    paths: Sequence[str | os.PathLike[str]], found: Walk | None = None
) -> Iterator[tuple[str, Any, RecordError | None]]:
    """``(source, record, error)`` for every portal record in the inputs, in order.

    A ``.json`` file holds one record, an array of records, or the service's response
    ``{"result": [...]}``; ``.jsonl`` holds one of those per line; ``.zip`` and ``.gz`` are read as they
    are, and directories are walked (the same readers as ``dossier-check check``). A file, line or
    element that cannot be read, and a file with no record in it, is one entry with its error.
    """
    found = found if found is not None else walk(paths)
    for missing in found.missing:
        yield missing, None, RecordError("unreadable", {"reason": Reason(NO_SUCH_FILE)})
    for path in found.items:
        if isinstance(path, InputRecord):  # the walk's own: an unreadable entry, a pipe or a device
            yield path.source, None, RecordError("unreadable", {"reason": path.error})
            continue
        empty = True
        for item in iter_file(path):
            empty = False
            if isinstance(item.error, Reason) and item.error.key in (EMPTY, EMPTY_ARRAY):
                yield item.source, None, RecordError("empty_input")
                continue
            if item.error is not None:
                yield item.source, None, RecordError("unreadable", {"reason": item.error})
                continue
            data = item.data
            if isinstance(data, dict) and "result" in data and "MATTHC" not in data:
                result = data["result"]
                if not isinstance(result, list):
                    yield item.source, None, RecordError("result_not_list")
                    continue
                if not result:
                    yield item.source, None, RecordError("empty_input")
                for i, record in enumerate(result):
                    yield f"{item.source}#result[{i}]", record, None
                continue
            yield item.source, data, None
        if empty:  # an empty array or a blank JSON Lines file: said, never passed over in silence
            yield str(path), None, RecordError("empty_input")


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a hidden temporary file in the same directory, then rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_writable(out: str | os.PathLike[str]) -> Path:
    """Create ``out`` if needed and prove it can take a file; :class:`OSError` if not."""
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
    path.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path, prefix=".write-test.", suffix=".tmp")
    os.close(fd)
    Path(tmp).unlink()
    return path


def write_report(path: str | os.PathLike[str], data: Mapping[str, Any]) -> None:
    """Write the JSON conversion report atomically."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def procedure_text(document: Mapping[str, Any]) -> str:
    """A procedure document as its file holds it: UTF-8 JSON, two-space indent, one final newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def import_records(
    paths: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    valid_from: str,
    *,
    lang: str = "vi",
) -> ImportReport:
    """Import every portal record of ``paths`` into ``out``: one ``<code>.json`` per record.

    Each file is validated with the catalogue's own loader before it is written, and written atomically
    (a temporary file, then a rename). A record that cannot be read, a second record with a code already
    imported in this run, and a file that cannot be written are reported and the others go on. ``out`` is
    created if needed (:class:`OSError` if it cannot be).
    """
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    found = walk(paths)
    report = ImportReport(valid_from=valid_from, out=str(out_dir), skipped=list(found.skipped))
    written: dict[str, str] = {}
    for source, data, error in iter_portal_records(paths, found):
        if error is not None:
            report.conversions.append(Conversion(source, error=error))
            continue
        conv = convert_record(data, source, valid_from, lang=lang)
        report.conversions.append(conv)
        if conv.document is None:
            continue
        code = conv.document["code"]
        if code in written:
            conv.error = RecordError("duplicate_code", {"code": code, "other": written[code]})
            continue
        target = out_dir / f"{code}.json"
        text = procedure_text(conv.document)
        try:
            load_procedure_file(target, text)
        except CatalogError as exc:
            conv.error = RecordError("invalid_output", {"reason": f"{exc.field or ''} {exc.reason}".strip()})
            continue
        try:
            _write_atomic(target, text)
        except OSError as exc:
            conv.error = RecordError("write_failed", {"file": str(target), "reason": os_error(exc)})
            continue
        written[code] = source
        conv.file = str(target)
    return report


# --- the report -----------------------------------------------------------------------------------


def report_json(report: ImportReport, lang: str = "vi") -> dict[str, Any]:
    """The conversion report as JSON-ready data (messages in ``lang``; kinds stay machine-readable)."""
    by_kind: dict[str, int] = {}
    records = []
    for conv in report.conversions:
        counts = conv.counts()
        for k, n in counts.items():
            by_kind[k] = by_kind.get(k, 0) + n
        records.append(
            {
                "source": conv.source,
                "code": conv.code,
                "name": conv.name,
                "status": conv.status,
                "file": conv.file,
                "mapped": conv.mapped or None,
                "review_counts": counts,
                "review": [item.to_dict(lang) for item in conv.review] if conv.error is None else [],
                "error": None
                if conv.error is None
                else {"kind": conv.error.kind, "message": conv.error.message(lang)},
            }
        )
    return {
        "valid_from": report.valid_from,
        "out": report.out,
        "skipped": list(report.skipped),
        "totals": {
            "records": len(report.conversions),
            "mechanical": report.count("mechanical"),
            "needs_review": report.count("needs_review"),
            "unreadable": report.count("unreadable"),
            "review_counts": {k: by_kind[k] for k in REVIEW_KINDS if k in by_kind},
        },
        "records": records,
    }


def report_text(report: ImportReport, lang: str = "vi") -> str:
    """The conversion report for people: one block per record, then the totals."""
    w = _WORDS[lang]
    lines: list[str] = []
    for conv in report.conversions:
        head = " ".join(x for x in (conv.code, conv.name and _short(conv.name, 70)) if x) or conv.source
        if conv.error is not None:
            lines.append(f"✗ {conv.source}: {w['unreadable']} — {conv.error.message(lang)}")
            continue
        status = w[conv.status] + (f" ({w['items'].format(n=len(conv.review))})" if conv.review else "")
        lines.append(f"{'✓' if not conv.review else '!'} {head} — {status}")
        lines.append(f"  {conv.source} → {conv.file}")
        m = conv.mapped
        lines.append(
            f"  {w['mapped']}: "
            + w["counts"].format(
                cases=m["cases"],
                components=m["components"],
                show=m["show"],
                notes=m["notes"],
                channels=m["channels"],
                fees=m["fees"],
                results=m["results"],
                legal=m["legal_basis"],
            )
            + "; "
            + _limits_text(conv.document or {}, lang)
        )
        for item in conv.review:
            where = item.at + (f" → {item.to}" if item.to else "")
            quoted = f" «{_short(item.text, 70)}»" if item.text and item.kind not in _QUOTED else ""
            lines.append(f"  - [{item.kind}] {where}: {item.message(lang)}{quoted}")
    totals = w["totals"].format(
        records=len(report.conversions),
        mechanical=report.count("mechanical"),
        review=report.count("needs_review"),
        bad=report.count("unreadable"),
    )
    lines += ["", totals]
    data = report_json(report, lang)["totals"]["review_counts"]
    if data:
        lines.append(f"{w['by_kind']}: " + ", ".join(f"{k} {n}" for k, n in data.items()))
    if report.skipped:
        lines.append(w["skipped"].format(n=len(report.skipped), files=", ".join(report.skipped)))
    return "\n".join(lines)


def _limits_text(doc: Mapping[str, Any], lang: str) -> str:
    w = _WORDS[lang]

    def one(limit: Mapping[str, Any]) -> str:
        unit = _UNIT_WORDS[lang].get(limit.get("unit", ""), limit.get("unit", ""))
        return f"{limit['amount']} {unit}" if "amount" in limit else unit

    base = doc.get("time_limit")
    if not base:
        return w["none"]
    parts = [one(base)]
    for channel, limit in (doc.get("channel_time_limits") or {}).items():
        parts.append(f"{_CHANNEL_WORDS[lang][channel]}: {one(limit)}")
    return "; ".join(parts)
