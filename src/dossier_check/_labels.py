"""Words for message parameters, in Vietnamese as the official forms print them, and in English.

Params stay machine-readable (``"certified_copy"``, ``"appointment_at"``); only the rendered message
uses these labels.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from .timeutil import DATE_PATTERN, DATETIME_PATTERN, WHEN_PATTERN

__all__ = ["LABELS", "render"]

_FORMS_VI = {
    "original": "bản chính",
    "copy": "bản sao",
    "certified_copy": "bản sao có chứng thực",
    "photocopy": "bản chụp kèm bản chính để đối chiếu",
    "electronic": "bản điện tử",
}
_FORMS_EN = {
    "original": "original",
    "copy": "copy",
    "certified_copy": "certified copy",
    "photocopy": "photocopy with the original for comparison",
    "electronic": "electronic copy",
}

_FIELDS_VI = {
    # appointment slip (Mẫu 01)
    "number": "Số phiếu",
    "issued_at": "Ngày lập phiếu",
    "dossier_code": "Mã hồ sơ",
    "receiving_unit": "Bộ phận tiếp nhận và trả kết quả",
    "applicant_name": "Tiếp nhận hồ sơ của Ông (Bà)/Tổ chức",
    "applicant_id_number": "Số định danh cá nhân/tổ chức",
    "address": "Địa chỉ",
    "phone": "Số điện thoại",
    "email": "Email",
    "representative": "Thông tin người được ủy quyền",
    "request": "Nội dung yêu cầu giải quyết",
    "components": "Thành phần hồ sơ nộp",
    "sets": "Số lượng hồ sơ (bộ)",
    "time_limit": "Thời gian giải quyết hồ sơ theo quy định",
    "received_at": "Thời gian nhận hồ sơ",
    "appointment_at": "Thời gian trả kết quả giải quyết hồ sơ",
    "return_place": "Đăng ký nhận kết quả tại",
    "received_by": "Người tiếp nhận hồ sơ",
    "delivered_via": "Hình thức gửi giấy tiếp nhận",
    # control slip (Mẫu 06)
    "lead_agency": "Cơ quan (bộ phận) giải quyết hồ sơ",
    "cooperating_agency": "Cơ quan phối hợp giải quyết hồ sơ",
    "handovers": "Bảng giao nhận hồ sơ",
    "from_unit": "Tên đơn vị giao",
    "to_unit": "Tên đơn vị nhận",
    "handed_at": "Thời gian giao, nhận hồ sơ",
    "giver": "Người giao",
    "receiver": "Người nhận",
    "status": "Kết quả giải quyết hồ sơ (trước hạn/đúng hạn/quá hạn)",
    "note": "Ghi chú",
    # tracking book (Mẫu 07)
    "entry_no": "Số thứ tự",
    "procedure_name": "Tên thủ tục hành chính",
    "address_phone": "Địa chỉ/Số điện thoại",
    "returned_at": "Ngày trả kết quả",
    "return_method": "Phương thức nhận kết quả",
    # process
    "items": "Nội dung yêu cầu bổ sung",
    "reason": "Lý do",
    "new_appointment_at": "Thời gian hẹn trả kết quả mới",
    "original_appointment_at": "Thời gian hẹn trả kết quả ban đầu",
    "resolved_at": "Thời điểm có kết quả",
}
_FIELDS_EN = {
    "number": "slip number",
    "issued_at": "issue date",
    "dossier_code": "dossier code",
    "receiving_unit": "receiving unit",
    "applicant_name": "applicant",
    "applicant_id_number": "personal/organisation ID number",
    "address": "address",
    "phone": "phone",
    "email": "email",
    "representative": "authorised representative",
    "request": "request",
    "components": "components submitted",
    "sets": "number of sets",
    "time_limit": "statutory processing time",
    "received_at": "receipt time",
    "appointment_at": "appointment (return) time",
    "return_place": "place to collect the result",
    "received_by": "receiving officer",
    "delivered_via": "how the slip was sent",
    "lead_agency": "lead deciding agency",
    "cooperating_agency": "cooperating agency",
    "handovers": "hand-over table",
    "from_unit": "handing-over unit",
    "to_unit": "receiving unit",
    "handed_at": "hand-over time",
    "giver": "person handing over",
    "receiver": "person receiving",
    "status": "result status (early/on time/late)",
    "note": "note",
    "entry_no": "entry number",
    "procedure_name": "procedure name",
    "address_phone": "address/phone",
    "returned_at": "date returned",
    "return_method": "how the result was returned",
    "items": "items to supplement",
    "reason": "reason",
    "new_appointment_at": "new appointment",
    "original_appointment_at": "original appointment",
    "resolved_at": "time of the result",
}

# DC001: what is wrong, with the expected type in words; then the value found (a shortened JSON text),
# when the finding has one (a reader of another source format may report a problem without it).

_PROBLEMS_VI = {
    "required": "thiếu trường bắt buộc",
    "type": "sai kiểu dữ liệu, cần {expected}",
    "enum": "giá trị không hợp lệ, cần {expected}",
    "pattern": "sai định dạng, cần {expected}",
    "min_length": "chuỗi rỗng",
    "minimum": "giá trị quá nhỏ, cần số không nhỏ hơn {expected}",
    "min_items": "danh sách cần ít nhất {expected} phần tử",
    "code_or_name": "dòng thành phần hồ sơ không có mã (code) và tên (name)",
    "json": "không đọc được nội dung JSON (lỗi ở dòng {line}, cột {column})",
    "blank": "trường bắt buộc bị bỏ trống",
    "unknown_case": "thủ tục không có trường hợp này (các trường hợp: {expected})",
    "date": "không đọc được ngày giờ (định dạng nhận: {expected})",
}
_PROBLEMS_EN = {
    "required": "required field is missing",
    "type": "wrong type, expected {expected}",
    "enum": "value not allowed, expected {expected}",
    "pattern": "wrong format, expected {expected}",
    "min_length": "empty string",
    "minimum": "too small, expected a number of at least {expected}",
    "min_items": "needs at least {expected} items",
    "code_or_name": "component row has neither a code nor a name",
    "json": "not readable as JSON: {expected} (line {line}, column {column})",
    "blank": "required field is blank",
    "unknown_case": "the procedure has no such case (its cases: {expected})",
    "date": "not a readable date or time (accepted: {expected})",
}
_TYPES = {
    "vi": {
        "string": "chuỗi ký tự",
        "integer": "số nguyên",
        "number": "số",
        "boolean": "giá trị đúng/sai (true hoặc false)",
        "object": "đối tượng ({…})",
        "array": "danh sách ([…])",
        "null": "null",
    },
    "en": {
        "string": "a string",
        "integer": "an integer",
        "number": "a number",
        "boolean": "true or false",
        "object": "an object ({…})",
        "array": "a list ([…])",
        "null": "null",
    },
}
_PATTERNS = {
    DATE_PATTERN: {"vi": "ngày có thật, dạng YYYY-MM-DD", "en": "a real date, YYYY-MM-DD"},
    DATETIME_PATTERN: {
        "vi": "ngày giờ ISO 8601 có thật, dạng YYYY-MM-DDTHH:MM[:SS][+07:00]",
        "en": "a real ISO 8601 date-time, YYYY-MM-DDTHH:MM[:SS][+07:00]",
    },
    WHEN_PATTERN: {
        "vi": "ngày (YYYY-MM-DD) hoặc ngày giờ ISO 8601 (YYYY-MM-DDTHH:MM[:SS][+07:00]) có thật",
        "en": "a real date (YYYY-MM-DD) or ISO 8601 date-time (YYYY-MM-DDTHH:MM[:SS][+07:00])",
    },
}
_GOT = {"vi": ", nhận được {value}", "en": ", got {value}"}
_SHOWS_VALUE = frozenset({"type", "enum", "pattern", "minimum", "min_items", "code_or_name"})
_OR = {"vi": " hoặc ", "en": " or "}
_ONE_OF = {"vi": "một trong các giá trị {values}", "en": "one of {values}"}
_MATCHING = {"vi": "chuỗi khớp mẫu {pattern}", "en": "text matching {pattern}"}


def _expected(value: Any, problem: Any, lang: str) -> str:
    """DC001's ``expected`` in words: a type, a list of allowed values or a date format."""
    text = str(value)
    if problem == "enum":
        return _ONE_OF[lang].format(values=", ".join(text.split(" | ")))
    if problem == "pattern":
        words = _PATTERNS.get(text)
        return words[lang] if words else _MATCHING[lang].format(pattern=text)
    if problem == "type":
        names = [_TYPES[lang].get(t, t) for t in text.split(" | ")]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + _OR[lang] + names[-1]
    return text


_CHANNELS_VI = {"direct": "trực tiếp", "postal": "qua dịch vụ bưu chính", "online": "trực tuyến"}
_CHANNELS_EN = {"direct": "in person", "postal": "by post", "online": "online"}


def channel_words(channel: str, lang: str) -> str:
    """A channel of the format (``direct``, ``postal``, ``online``) in words of ``lang``; anything else as it is."""
    return (_CHANNELS_VI if lang == "vi" else _CHANNELS_EN).get(channel, channel)


LABELS: Mapping[str, Mapping[str, Mapping[str, str]]] = {
    "vi": {
        "form": _FORMS_VI,
        "accepted": _FORMS_VI,
        "field": _FIELDS_VI,
        "problem": _PROBLEMS_VI,
        "direction": {"stricter": "cao hơn", "weaker": "thấp hơn", "other": "khác"},
        "channel": _CHANNELS_VI,
        "offered": _CHANNELS_VI,
        "part": {
            "appointment_slip": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            "control_slip": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
            "tracking_entry": "Sổ theo dõi hồ sơ",
            "rejection": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
            "apologies": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
        },
        "status": {"early": "trước hạn", "on_time": "đúng hạn", "late": "quá hạn"},
        "open": {
            "true": "Hồ sơ chưa có kết quả và đã quá hạn (tính đến {result})",
            "false": "Trả kết quả quá hạn ({result})",
        },
        "break_kind": {
            "first_giver": "đơn vị giao đầu tiên không phải Bộ phận Một cửa đã tiếp nhận hồ sơ",
            "gap": "đơn vị giao ở dòng này khác đơn vị nhận ở dòng trên",
            "no_return": "kết quả không được chuyển về Bộ phận Một cửa",
        },
        "earlier_than": {
            "previous_row": "dòng giao nhận phía trên",
            "received_at": "thời điểm tiếp nhận hồ sơ",
        },
        "source": {
            "dossier": "hồ sơ",
            "appointment_slip": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            "tracking_entry": "dòng sổ theo dõi ghi trong hồ sơ",
        },
        "problems": {
            "reason": "thiếu lý do",
            "new_appointment_at": "thiếu thời gian hẹn trả kết quả mới",
            "not_later": "thời gian hẹn mới không sau thời gian hẹn ban đầu",
            "items": "thiếu nội dung yêu cầu bổ sung",
        },
    },
    "en": {
        "form": _FORMS_EN,
        "accepted": _FORMS_EN,
        "field": _FIELDS_EN,
        "problem": _PROBLEMS_EN,
        "direction": {"stricter": "stricter", "weaker": "weaker", "other": "different"},
        "channel": _CHANNELS_EN,
        "offered": _CHANNELS_EN,
        "part": {
            "appointment_slip": "appointment slip",
            "control_slip": "control slip",
            "tracking_entry": "tracking book entry",
            "rejection": "rejection slip",
            "apologies": "apology",
        },
        "status": {"early": "early", "on_time": "on time", "late": "late"},
        "open": {
            "true": "The dossier has no result yet and is overdue (as of {result})",
            "false": "The result came late ({result})",
        },
        "break_kind": {
            "first_giver": "the first giver is not the receiving desk",
            "gap": "this row's giver is not the previous row's receiver",
            "no_return": "the result did not come back to the receiving desk",
        },
        "earlier_than": {"previous_row": "a row above it", "received_at": "the dossier's receipt"},
        "source": {
            "dossier": "dossier",
            "appointment_slip": "appointment slip",
            "tracking_entry": "tracking entry the dossier record carries",
        },
        "problems": {
            "reason": "no reason",
            "new_appointment_at": "no new appointment",
            "not_later": "the new appointment is not after the original one",
            "items": "no items to supplement",
        },
    },
}


_ISO = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(:[0-9]{2})?)?$")


_UNITS = {
    "vi": {
        "working_days": "{n} ngày làm việc",
        "calendar_days": "{n} ngày",
        "working_hours": "{n} giờ làm việc",
        "calendar_months": "{n} tháng",
        "same_day": "trong ngày, tiếp nhận sau {n} thì trả vào ngày làm việc tiếp theo",
    },
    "en": {
        "working_days": "{n} working days",
        "calendar_days": "{n} calendar days",
        "working_hours": "{n} working hours",
        "calendar_months": "{n} months",
        "same_day": "same day; received after {n}, the next working day",
    },
}


def _show(key: str, value: Any, lang: str, params: Mapping[str, Any]) -> str:
    if key == "expected" and "problem" in params:
        return _expected(value, params["problem"], lang if lang in _TYPES else "en")
    if key == "time_limit" and isinstance(value, str) and " " in value:
        first, second = value.split(" ", 1)
        n, unit = (second, first) if first == "same_day" else (first, second)
        template = _UNITS.get(lang, _UNITS["en"]).get(unit)
        if template:
            return template.format(n=n)
    if lang == "vi" and isinstance(value, str):
        m = _ISO.match(value)
        if m:  # dates as Vietnamese forms print them: "09 giờ 15 phút, ngày 20/10/2026" → "09:15 ngày 20/10/2026"
            y, mo, d, hh, mi, ss = m.groups()
            return f"{hh}:{mi}{ss or ''} ngày {d}/{mo}/{y}" if hh else f"{d}/{mo}/{y}"
    table = LABELS.get(lang, LABELS["en"]).get(key)
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(key, v, lang, params) for v in value)
    if table is not None and isinstance(value, bool):
        value = "true" if value else "false"
    if table is not None and isinstance(value, str) and value in table:
        label = table[value]
        if key == "problem" and value in _SHOWS_VALUE and "value" in params:
            label += _GOT.get(lang, _GOT["en"])
        if "{" not in label:
            return label
        pieces = _pieces(label)
        return (
            label.format_map(_Params(params, lang)) if pieces is None else _fill(pieces, params, lang, None)
        )
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    return str(value)


class _Shown(str):
    """A rendered parameter that still knows its raw value: ``{field:verbatim}`` prints the raw value."""

    raw: Any

    def __format__(self, spec: str) -> str:
        if spec == "verbatim":
            return str(self.raw)
        return super().__format__(spec)


class _Params(dict[str, str]):
    def __init__(self, params: Mapping[str, Any], lang: str) -> None:
        super().__init__()
        self._raw, self._lang = params, lang

    def __missing__(self, key: str) -> str:
        if key in self._raw:
            shown = _Shown(_show(key, self._raw[key], self._lang, self._raw))
            shown.raw = self._raw[key]
            return shown
        return "{" + key + "}"


def _render_general(template: str, params: Mapping[str, Any], lang: str, path: str) -> str:
    merged = dict(params)
    merged.setdefault("path", path or _WHOLE_RECORD.get(lang, _WHOLE_RECORD["en"]))
    return template.format_map(_Params(merged, lang))


_WHOLE_RECORD = {"vi": "toàn bộ hồ sơ", "en": "the whole record"}

# The params whose words depend on the other params of the finding (an ``expected`` type reads by its
# ``problem``; a label with placeholders is filled from the finding): never memoised — but for an
# ``expected`` in a finding without a ``problem``, which _show reads as any other value.
_CONTEXTUAL = frozenset(
    {"expected", "problem"}
    | {
        key
        for tables in LABELS.values()
        for key, table in tables.items()
        if any("{" in x for x in table.values())
    }
)
_MEMO_TYPES = frozenset({str, int, bool, type(None)})
_MEMO_LIMIT = 1 << 14
_SHOWN: dict[tuple[Any, ...], str] = {}
"""The words of a param that depends on nothing but its key, value and language: the labels of field
names, parts, forms and dates repeat across a run's findings. Values are functions of their keys, so
threads sharing the memo may race to store one, never store a different one."""


@lru_cache(maxsize=1 << 10)
def _pieces(template: str) -> tuple[tuple[str, str | None, str], ...] | None:
    """A template as (literal text, placeholder name or None, format spec) pieces; None when it uses
    anything but plain named placeholders (conversions, attributes, indexes, nested specs)."""
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError:
        return None
    pieces = []
    for literal, name, spec, conversion in parsed:
        if name is not None and (conversion is not None or not name.isidentifier() or "{" in (spec or "")):
            return None
        pieces.append((literal, name, spec or ""))
    return tuple(pieces)


_FORMATTER = string.Formatter()


def render(template: str, params: Mapping[str, Any], lang: str, path: str) -> str:
    """Render a message template; ``{path}`` is the finding's JSON Pointer ("" reads as the record).

    A placeholder shows its param through the label tables above (``{field}`` → the form's wording);
    ``{field:verbatim}`` shows the param exactly as given.
    """
    pieces = _pieces(template)
    if pieces is None:
        return _render_general(template, params, lang, path)
    return _fill(pieces, params, lang, path or _WHOLE_RECORD.get(lang, _WHOLE_RECORD["en"]))


def _fill(
    pieces: tuple[tuple[str, str | None, str], ...], params: Mapping[str, Any], lang: str, path: str | None
) -> str:
    """What ``format_map`` over the shown params does, without building a mapping of them.

    ``path`` stands for a ``{path}`` the params do not give (None: none does). The general path stays
    for templates with other placeholders; tests compare the two.
    """
    out: list[str] = []
    for literal, name, spec in pieces:
        if literal:
            out.append(literal)
        if name is None:
            continue
        if name in params:
            raw = params[name]
        elif name == "path" and path is not None:
            raw = path
        else:
            out.append(format("{" + name + "}", spec))
            continue
        if spec == "verbatim":
            out.append(str(raw))
            continue
        memo_key: tuple[Any, ...] | None = None
        if name not in _CONTEXTUAL or (name == "expected" and "problem" not in params):
            kind = type(raw)
            if kind in _MEMO_TYPES:
                memo_key = (name, lang, kind, raw)
            elif (kind is list or kind is tuple) and _MEMO_TYPES.issuperset(map(type, raw)):
                # A list of plain values shows each alike: keyed by the values and their types (1 == True)
                memo_key = (name, lang, kind, tuple(raw), tuple(map(type, raw)))
        if memo_key is not None:
            shown = _SHOWN.get(memo_key)
            if shown is None:
                shown = _show(name, raw, lang, params)
                if len(_SHOWN) >= _MEMO_LIMIT:  # a bound on memory for a long run: start again
                    _SHOWN.clear()
                _SHOWN[memo_key] = shown
        else:
            merged = params if path is None or "path" in params else {**params, "path": path}
            shown = _show(name, raw, lang, merged)
        out.append(format(shown, spec) if spec else shown)
    return "".join(out)
