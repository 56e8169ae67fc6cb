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
