"""Pools of names and small drawing helpers every strategy shares (times, texts, blanked fields)."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from hypothesis import strategies as st

from .._text import normalize_name

CHANNELS: tuple[str, ...] = ("direct", "postal", "online")
FORMS: tuple[str, ...] = ("original", "copy", "certified_copy", "photocopy", "electronic")
OUTCOMES: tuple[str, ...] = ("accepted", "supplement_requested", "rejected")

_MIN_DAY = date(2000, 1, 1)  # the dossier code's YYMMDD counts years from 2000
_MAX_DAY = date(2099, 12, 31)
_PROVISIONAL_MAX = date(2040, 12, 31)
_MINUTE = timedelta(minutes=1)
_DAY = timedelta(days=1)
_END_OF_DAY = time(23, 59)

# --- vocabulary -------------------------------------------------------------------------------------

_DESKS = (
    ("Bộ phận Một cửa UBND phường An Lộc", "Công an phường An Lộc"),
    ("Trung tâm Phục vụ hành chính công tỉnh Đồng Tháp", "Sở Xây dựng tỉnh Đồng Tháp"),
    ("Bộ phận Một cửa UBND xã Tân Hòa", "Ủy ban nhân dân xã Tân Hòa"),
    ("Bộ phận tiếp nhận và trả kết quả huyện Châu Thành", "Phòng Tài nguyên và Môi trường"),
)
_COOPERATING = ("Văn phòng đăng ký đất đai", "Phòng Kinh tế", "Chi cục Thuế khu vực II", "Phòng Tư pháp")
_PEOPLE = ("Nguyễn Thị Mai", "Lê Văn Cường", "Trần Văn Bình", "Phạm Thị Hoa", "Võ Minh Tuấn", "Đặng Thu Hà")
_ADDRESSES = ("Khóm An Thạnh A, phường An Lộc", "Ấp Tân Phú, xã Tân Hòa", "Số 12 đường Lê Lợi, phường 1")
_REASONS = (
    "Hồ sơ cần xác minh thêm thông tin",
    "Thiếu bản sao giấy tờ chứng minh chỗ ở hợp pháp",
    "Hồ sơ không thuộc thẩm quyền giải quyết",
    "Cần lấy ý kiến cơ quan phối hợp",
)
_COMPONENT_NAMES = (
    "Tờ khai thay đổi thông tin cư trú",
    "Giấy tờ chứng minh chỗ ở hợp pháp",
    "Văn bản ủy quyền",
    "Giấy tờ tùy thân",
    "Giấy chứng sinh",
    "Đơn đề nghị cấp giấy phép xây dựng",
    "Bản vẽ thiết kế xây dựng",
    "Giấy chứng nhận quyền sử dụng đất",
    "Tờ khai đăng ký kết hôn",
    "Giấy cam đoan về việc sinh",
)
_PROCEDURE_NAMES = (
    "Đăng ký thường trú",
    "Đăng ký khai sinh",
    "Cấp giấy phép xây dựng",
    "Đăng ký kết hôn",
    "Chứng thực bản sao từ bản chính",
)
_FACTS = (
    "by_representative",
    "residence_in_database",
    "identity_in_database",
    "abandoned_child",
    "on_behalf",
)
_GROUPS = ("lawful_dwelling", "birth_proof", "proxy_document")

_DrawFn = st.DrawFn
_T = TypeVar("_T")
_BOOL = st.booleans()


# Strategies built once and reused: a dossier takes a few hundred draws, and validating a fresh strategy
# object for each of them would cost more than drawing from it.
@functools.lru_cache(maxsize=4096)
def _ints(lo: int, hi: int) -> st.SearchStrategy[int]:
    return st.integers(lo, hi)


@functools.lru_cache(maxsize=4096)
def _pick_hashable(options: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(options)


def _pick(options: Sequence[_T]) -> st.SearchStrategy[_T]:
    """``sampled_from`` (shrinks toward the first option), cached when the options are hashable."""
    values = tuple(options)
    try:
        return _pick_hashable(values)
    except TypeError:
        return st.sampled_from(values)


@functools.lru_cache(maxsize=64)
def _texts(pool: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Non-blank text: the pool first (shrinks there), sometimes arbitrary Unicode."""
    free = st.text(min_size=1, max_size=40).filter(lambda s: bool(s.strip()))
    return st.one_of(st.sampled_from(pool), free)


def _variant(draw: _DrawFn, name: str) -> str:
    """The same name as people type it: other case, extra spaces or decomposed accents."""
    style = draw(_pick(("same", "upper", "spaces", "nfd")))
    if style == "upper":
        out = name.upper()
    elif style == "spaces":
        out = "  " + name.replace(" ", "   ") + " "
    elif style == "nfd":
        out = unicodedata.normalize("NFD", name)
    else:
        out = name
    return out if normalize_name(out) == normalize_name(name) else name


def _between(draw: _DrawFn, lo: datetime, hi: datetime) -> datetime:
    """A time in [lo, hi] to the minute; shrinks to ``lo``."""
    if hi <= lo:
        return lo
    return lo + draw(_ints(0, int((hi - lo) // _MINUTE))) * _MINUTE


def _render(draw: _DrawFn, local: datetime, *, date_only: bool = False) -> str:
    """An ISO 8601 rendering of a Việt Nam local time: with +07:00, without offset, in UTC, or date only."""
    if date_only:
        return local.date().isoformat()
    style = draw(_pick(("vn", "naive", "utc", "seconds", "space")))
    if style == "naive":
        return local.strftime("%Y-%m-%dT%H:%M")
    if style == "utc":
        return (local - timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
    if style == "seconds":
        return local.strftime("%Y-%m-%dT%H:%M:%S+07:00")
    if style == "space":
        return local.strftime("%Y-%m-%d %H:%M+07:00")
    return local.strftime("%Y-%m-%dT%H:%M+07:00")


def _maybe_date_only(draw: _DrawFn, local: datetime) -> str:
    return _render(draw, local, date_only=draw(_ints(0, 3)) == 3)


def _blank(draw: _DrawFn, obj: dict[str, Any], key: str, kind: str = "text") -> None:
    """Make a field *missing* without breaking its type (which would be DC001)."""
    choices: tuple[Any, ...] = {
        "text": ("<del>", None, "", "   "),
        "time": ("<del>", None),
        "list": ("<del>", None, []),
    }[kind]
    value = draw(_pick(choices))
    if value == "<del>":
        obj.pop(key, None)
    else:
        obj[key] = value


def _insert(draw: _DrawFn, rows: list[dict[str, Any]], row: dict[str, Any]) -> None:
    rows.insert(draw(_ints(0, len(rows))), row)


def _drop(draw: _DrawFn, doc: dict[str, Any], key: str) -> None:
    if draw(_BOOL):
        doc.pop(key, None)
    else:
        doc[key] = None
