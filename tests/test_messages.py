"""The prose of a few messages, pinned once in Vietnamese and in English.

Every other test asserts on codes, paths and params; these make sure the templates render with the
labels of the official forms (Vietnamese with its diacritics, dates as 30/10/2026) and read as sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import dossier_check

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "dossiers"
AS_OF = "2026-11-27T12:00:00+07:00"

PINNED = [
    (
        "DC102-fail.json",
        "vi",
        [
            "Nhận thừa thành phần hồ sơ “Sổ hộ khẩu”: không có trong thành phần hồ sơ đã công bố của thủ tục "
            "1.004222 (nộp trực tiếp).",
        ],
    ),
    (
        "DC102-fail.json",
        "en",
        ["Excess component “Sổ hộ khẩu”: not in the published list of procedure 1.004222 (filed in person)."],
    ),
    (
        "DC202-fail.json",
        "vi",
        [
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả thiếu mục “Số định danh cá nhân/tổ chức”.",
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả thiếu mục “Đăng ký nhận kết quả tại”.",
        ],
    ),
    (
        "DC202-fail.json",
        "en",
        [
            "The appointment slip lacks “personal/organisation ID number”.",
            "The appointment slip lacks “place to collect the result”.",
        ],
    ),
    (
        "DC505-fail.json",
        "vi",
        [
            "Trả kết quả quá hạn (09:00 ngày 30/10/2026), hẹn trả 14:00 ngày 29/10/2026, mà không có Văn bản "
            "xin lỗi và đề nghị gia hạn thời gian giải quyết.",
        ],
    ),
    (
        "DC505-fail.json",
        "en",
        ["The result came late (2026-10-30T09:00), due 2026-10-29T14:00, and no apology gives a new date."],
    ),
    (
        "DC505-fail-open.json",
        "vi",
        [
            "Hồ sơ chưa có kết quả và đã quá hạn (tính đến 12:00 ngày 27/11/2026), hẹn trả 14:00 ngày "
            "18/11/2026, mà không có Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết.",
        ],
    ),
    (
        "DC203-fail-cutoff.json",
        "vi",
        [
            "Hẹn trả kết quả 09:30 ngày 19/10/2026 muộn hơn thời hạn giải quyết theo quy định (trong ngày, "
            "tiếp nhận sau 15:00 thì trả vào ngày làm việc tiếp theo): chậm nhất 16/10/2026.",
        ],
    ),
    (
        "DC104-fail-weaker.json",
        "vi",
        [
            "Thành phần “Hợp đồng, văn bản về việc cho thuê, cho mượn, cho ở nhờ được công chứng hoặc chứng thực” "
            "nhận ở dạng bản sao, trong khi thủ tục chấp nhận bản chính, bản sao có chứng thực, bản điện tử (yêu "
            "cầu thấp hơn quy định).",
        ],
    ),
    (
        "DC008-fail.json",
        "vi",
        [
            "Trường “supplement_request” không thuộc định dạng hồ sơ, có thể là “supplement_requests” bị viết "
            "sai; giá trị của trường này không được kiểm tra.",
        ],
    ),
    (
        "DC008-fail.json",
        "en",
        [
            "Field “supplement_request” is not part of the dossier format and looks like a misspelling of "
            "“supplement_requests”; its value is not checked.",
        ],
    ),
    (
        "DC304-fail-return.json",
        "vi",
        [
            "Chuỗi giao nhận hồ sơ bị đứt: kết quả không được chuyển về Bộ phận Một cửa (Công an phường An Lộc "
            "thay vì Bộ phận Một cửa UBND phường An Lộc).",
        ],
    ),
    (
        "DC104-fail-weaker.json",
        "en",
        [
            "Component “Hợp đồng, văn bản về việc cho thuê, cho mượn, cho ở nhờ được công chứng hoặc chứng thực” "
            "was taken as copy; the procedure accepts original, certified copy, electronic copy (weaker than "
            "published).",
        ],
    ),
]


@pytest.mark.parametrize(("name", "lang", "messages"), PINNED, ids=lambda x: x if isinstance(x, str) else "")
def test_message_prose(name: str, lang: str, messages: list[str]) -> None:
    report = dossier_check.check(EXAMPLES / name, as_of=AS_OF, lang=lang)
    assert [v.message for v in report.violations] == messages


def test_params_do_not_depend_on_the_language() -> None:
    vi = dossier_check.check(EXAMPLES / "DC505-fail.json", as_of=AS_OF, lang="vi")
    en = dossier_check.check(EXAMPLES / "DC505-fail.json", as_of=AS_OF, lang="en")
    assert [dict(v.params) for v in vi.violations] == [dict(v.params) for v in en.violations]
    assert [v.legal_basis for v in vi.violations] == [v.legal_basis for v in en.violations]


# --- DC001 names the expected type in words and shows the value found ------------------------------

SPEC_DOSSIER = Path(__file__).resolve().parent / "data" / "spec-dossier.json"


def _dc001(change: dict[str, object], lang: str) -> list[str]:
    import json

    d = json.loads(SPEC_DOSSIER.read_text(encoding="utf-8"))
    for pointer, value in change.items():
        *parents, key = pointer.strip("/").split("/")
        target = d
        for p in parents:
            target = target[int(p)] if isinstance(target, list) else target[p]
        target[key] = value
    report = dossier_check.check(d, as_of=AS_OF, lang=lang)
    return [v.message for v in report.violations if v.code == "DC001"]


@pytest.mark.parametrize(
    ("change", "vi", "en"),
    [
        (
            {"/sets": "2"},
            'Hồ sơ sai định dạng tại /sets: sai kiểu dữ liệu, cần số nguyên, nhận được "2".',
            'The record breaks the dossier format at /sets: wrong type, expected an integer, got "2".',
        ),
        (
            {"/tracking_entry/entry_no": [125]},
            "Hồ sơ sai định dạng tại /tracking_entry/entry_no: sai kiểu dữ liệu, cần số nguyên, chuỗi ký tự "
            "hoặc null, nhận được [125].",
            "The record breaks the dossier format at /tracking_entry/entry_no: wrong type, expected an integer, "
            "a string or null, got [125].",
        ),
        (
            {"/channel": "fax"},
            "Hồ sơ sai định dạng tại /channel: giá trị không hợp lệ, cần một trong các giá trị direct, postal, "
            'online, nhận được "fax".',
            "The record breaks the dossier format at /channel: value not allowed, expected one of direct, "
            'postal, online, got "fax".',
        ),
        (
            {"/received_at": "2026-10-20"},
            "Hồ sơ sai định dạng tại /received_at: sai định dạng, cần ngày giờ ISO 8601 có thật, dạng "
            'YYYY-MM-DDTHH:MM[:SS][+07:00], nhận được "2026-10-20".',
            "The record breaks the dossier format at /received_at: wrong format, expected a real ISO 8601 "
            'date-time, YYYY-MM-DDTHH:MM[:SS][+07:00], got "2026-10-20".',
        ),
        (
            {"/sets": 0},
            "Hồ sơ sai định dạng tại /sets: giá trị quá nhỏ, cần số không nhỏ hơn 1, nhận được 0.",
            "The record breaks the dossier format at /sets: too small, expected a number of at least 1, got 0.",
        ),
        (
            {"/appointment_slip": "Đã lập Giấy tiếp nhận hồ sơ và hẹn trả kết quả số 125"},
            "Hồ sơ sai định dạng tại /appointment_slip: sai kiểu dữ liệu, cần đối tượng ({…}), nhận được "
            '"Đã lập Giấy tiếp nhận hồ sơ và hẹn trả….',  # 40 characters at most
            "The record breaks the dossier format at /appointment_slip: wrong type, expected an object ({…}), "
            'got "Đã lập Giấy tiếp nhận hồ sơ và hẹn trả….',
        ),
        (
            {"/outcome": None},
            "Hồ sơ sai định dạng tại /outcome: sai kiểu dữ liệu, cần chuỗi ký tự, nhận được null.",
            "The record breaks the dossier format at /outcome: wrong type, expected a string, got null.",
        ),
    ],
)
def test_dc001_names_the_expected_type_and_shows_the_value(
    change: dict[str, object], vi: str, en: str
) -> None:
    assert _dc001(change, "vi") == [vi]
    assert _dc001(change, "en") == [en]
    assert "cần integer" not in vi and "cần string" not in vi


def test_dc001_for_unreadable_json_gives_the_line_and_column() -> None:
    vi = dossier_check.check(b'{"code": "x",\n  "procedure_code": }', lang="vi").violations[0]
    assert (
        vi.message
        == "Hồ sơ sai định dạng tại toàn bộ hồ sơ: không đọc được nội dung JSON (lỗi ở dòng 2, cột 21)."
    )
    assert vi.params["line"] == 2 and vi.params["column"] == 21
    en = dossier_check.check(b'{"code": "x",\n  "procedure_code": }', lang="en").violations[0]
    assert en.message.startswith(
        "The record breaks the dossier format at the whole record: not readable as JSON: "
    )
    assert en.message.endswith("(line 2, column 21).")


def test_dc001_value_param_is_a_short_json_text() -> None:
    report = dossier_check.check(["not", "a", "dossier"], lang="en")
    [v] = report.violations
    assert v.path == "" and v.params == {
        "problem": "type",
        "expected": "object",
        "value": '["not", "a", "dossier"]',
    }
    assert "required" not in [dict(x.params).get("problem") for x in report.violations if "value" in x.params]


def test_times_with_seconds_render_in_vietnamese() -> None:
    from dossier_check._labels import render

    assert render("{value}", {"value": "2026-10-20T09:10:30"}, "vi", "") == "09:10:30 ngày 20/10/2026"
    assert render("{value}", {"value": "2026-10-20T09:10"}, "vi", "") == "09:10 ngày 20/10/2026"


def test_verbatim_placeholders_skip_the_label_tables() -> None:
    from dossier_check._labels import render

    assert render("{field}", {"field": "note"}, "vi", "") == "Ghi chú"
    assert render("{field:verbatim}", {"field": "note"}, "vi", "") == "note"
    assert (
        render("{offered}", {"offered": ["direct", "postal"]}, "vi", "") == "trực tiếp, qua dịch vụ bưu chính"
    )
    assert render("{channel}", {"channel": "online"}, "en", "") == "online"


def test_a_problem_without_a_value_reads_without_one() -> None:
    """A reader of another source format may report a format problem with no value at the pointer."""
    from dossier_check._labels import render

    template = dossier_check.get_rule("DC001").message_vi
    params = {"problem": "type", "expected": "integer"}
    assert (
        render(template, params, "vi", "/sets")
        == "Hồ sơ sai định dạng tại /sets: sai kiểu dữ liệu, cần số nguyên."
    )
    assert render(template, {**params, "value": '"2"'}, "vi", "/sets").endswith(
        'cần số nguyên, nhận được "2".'
    )
