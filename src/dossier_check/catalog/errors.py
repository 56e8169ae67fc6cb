"""The one exception of the catalogue: a procedure file or directory that cannot be used.

Its reason is a registered key (:mod:`dossier_check.reasons`), so the command line shows it in the run's
language; ``str()`` gives the English text, as before.
"""

from __future__ import annotations

from typing import Any

from ..reasons import Reason, register_reason

__all__ = ["CatalogError", "catalog_error"]

register_reason("catalog_cannot_read", vi="không đọc được tệp: {error}", en="cannot read: {error}")
register_reason(
    "catalog_not_utf8",
    vi="không phải văn bản UTF-8 (byte {byte}: {detail})",
    en="not UTF-8 text (byte {byte}): {detail}",
)
register_reason(
    "catalog_bad_json",
    vi="không phải JSON hợp lệ: {detail} (dòng {line}, cột {column})",
    en="not valid JSON: {detail} at line {line} column {column}",
)
register_reason("catalog_json_value", vi="không phải JSON hợp lệ: {detail}", en="not valid JSON: {detail}")
register_reason(
    "catalog_too_deep",
    vi="không phải JSON hợp lệ: lồng nhau quá sâu",
    en="not valid JSON: nested too deeply",
)
register_reason(
    "catalog_not_object",
    vi="tệp thủ tục phải chứa một đối tượng JSON, không phải {kind}",
    en="a procedure file holds one JSON object, not {kind}",
)
register_reason(
    "catalog_invalid",
    vi="không đúng định dạng tệp thủ tục: {detail_vi}",
    en="{detail}",
)
register_reason(
    "catalog_invalid_more",
    vi="không đúng định dạng tệp thủ tục: {detail_vi} (và {more} lỗi khác)",
    en="{detail} (and {more} more problem(s))",
)
register_reason("catalog_not_dir", vi="không phải thư mục", en="not a directory")
register_reason("catalog_no_dir", vi="không có thư mục này", en="no such directory")
register_reason(
    "catalog_empty_dir",
    vi="thư mục không có tệp thủ tục nào (*.json)",
    en="no procedure files (*.json) in this directory",
)
register_reason(
    "catalog_valid_to",
    vi="ngày hết hiệu lực {valid_to} trước ngày có hiệu lực {valid_from}",
    en="{valid_to} is before valid_from {valid_from}",
)
register_reason(
    "catalog_forms_copies",
    vi="dạng bản {forms} mâu thuẫn với số bản theo dạng {copies}: `copies` đã nói dạng bản nào được nhận",
    en="forms {forms} contradict copies {copies}: copies already says which forms are accepted",
)
register_reason(
    "catalog_duplicate_component",
    vi="trùng mã thành phần hồ sơ {code} trên hình thức nộp {channel} (đã có ở {other})",
    en="duplicate component code {code} on channel {channel} (also {other})",
)
register_reason(
    "catalog_duplicate_component_name",
    vi="hai thành phần hồ sơ trên hình thức nộp {channel} trùng tên {name}: không thể đối chiếu theo tên",
    en="two components on channel {channel} share the name {name}: rows cannot be matched by name",
)
register_reason(
    "catalog_duplicate_case",
    vi="trùng mã trường hợp {id} (đã có ở cases[{other}])",
    en="duplicate case id {id} (also cases[{other}])",
)
register_reason(
    "catalog_duplicate_case_name",
    vi="hai trường hợp trùng tên {name}: hồ sơ không thể chỉ ra một trong hai",
    en="two cases share the name {name}: a dossier could not name one of them",
)
register_reason(
    "catalog_case_id_is_name",
    vi="mã trường hợp {id} cũng là tên của cases[{other}]: không rõ nghĩa",
    en="case id {id} is also the name of cases[{other}]: ambiguous",
)
register_reason(
    "catalog_overlap",
    vi="phiên bản thủ tục {code} có hiệu lực từ {valid_from} chồng lên phiên bản trong {other} "
    "({other_from} đến {other_to})",
    en="procedure {code} version valid from {valid_from} overlaps the version in {other} "
    "({other_from} to {other_to})",
)


class CatalogError(Exception):
    """A procedure file or directory that cannot be used. Misuse, so it is raised, never reported."""

    def __init__(self, file: str, field: str | None, reason: str, *, why: Reason | None = None) -> None:
        self.file, self.field, self.reason = file, field, reason
        self.why = why
        """The reason as a registered key, when it has one (shown in the run's language)."""
        self._where = f"{file}: {field}: " if field else f"{file}: "
        super().__init__(self._where + reason)

    def message(self, lang: str) -> str:
        """The message in ``lang``: the file, the field, and why."""
        return self._where + (self.why.render(lang) if self.why is not None else self.reason)


def catalog_error(file: str, field: str | None, key: str, **params: Any) -> CatalogError:
    """A :class:`CatalogError` whose reason is the registered ``key`` with ``params``."""
    why = Reason(key, params)
    return CatalogError(file, field, why.render("en"), why=why)
