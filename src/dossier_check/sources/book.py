"""Tracking-book spreadsheets (``book``): the Sổ theo dõi hồ sơ as desks export it, in .xlsx or .csv.

The official book has eleven columns (STT, Mã hồ sơ, Tên TTHC, Tên tổ chức/cá nhân, Địa chỉ/số điện thoại,
Cơ quan chủ trì giải quyết, then under "Ngày, tháng, năm": Nhận hồ sơ, Hẹn trả kết quả, Trả kết quả, then
Phương thức nhận kết quả and Ký nhận). Real exports move, rename and merge them, so columns are found by
their header, not their position:

* the header row is searched among the first ten non-empty rows of a sheet; a two-row header whose top
  cell is merged over several columns ("Ngày, tháng, năm" over "Nhận hồ sơ | Hẹn trả kết quả | Trả kết
  quả") is read as one, and a row of column numbers under it is passed over;
* header texts are matched after NFC, case-folding and removing diacritics and punctuation, through a
  table of synonyms; the most specific synonym wins ("Ngày hẹn trả kết quả" is the appointment, never the
  return); other columns ("Ký nhận", "Ghi chú") are ignored;
* dates may be ``dd/MM/yyyy[ HH:mm[:ss]]``, ISO 8601, Excel serial numbers or date cells;
* a row without a dossier code is a continuation or a note: never a dossier, reported once per sheet.

A workbook is read sheet by sheet (every sheet whose header matches); a CSV file may be UTF-8 with or
without a byte-order mark, separated by ``,`` or ``;``. Rows are named ``file.xlsx[sheet]:row`` and
``file.csv:row``; a finding on a row's cell points at its column letter (``/H``).

A book given alone makes each row a dossier whose only part is its entry; given with dossier records, its
rows join them by dossier code (:func:`join_book`), and :class:`BookIndex` accounts for the rows no
dossier claims.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..catalog import Catalog, ProcedureVersion
from ..config import DEFAULT_MAX_RECORD_SIZE
from ..origin import Origin
from ..reasons import Reason, os_error, register_reason
from ..schema import Problem
from ..timeutil import When, parse_when
from ._fold import fold
from ._when import BOOK_FORMATS, read_when
from .dvcqg import R_NO_BOOK
from .native import EMPTY, TOO_LARGE_HINT, format_size
from .record import InputRecord

__all__ = [
    "COLUMNS",
    "FORMAT",
    "Book",
    "BookIndex",
    "BookRow",
    "book_alone",
    "is_book_name",
    "join_book",
    "match_header",
    "read_book",
    "return_method",
]

FORMAT = "book"
SUFFIXES = (".xlsx", ".csv")
HEADER_ROWS = 10
"""How many non-empty rows at the top of a sheet are searched for the header."""

COLUMNS: Mapping[str, tuple[str, ...]] = {
    "entry_no": ("TT", "STT", "Số TT", "Số thứ tự"),
    "dossier_code": ("Mã hồ sơ", "Mã số hồ sơ", "Số hồ sơ", "MaHoSo"),
    "procedure_name": ("Tên TTHC", "Tên thủ tục", "Tên thủ tục hành chính", "TenTTHC"),
    "applicant_name": (
        "Tên tổ chức, cá nhân",
        "Tên cá nhân, tổ chức",
        "Người nộp hồ sơ",
        "Chủ hồ sơ",
        "ChuHoSo",
    ),
    "address_phone": (
        "Địa chỉ, số điện thoại",
        "Địa chỉ/Số điện thoại",
        "Địa chỉ, điện thoại",
        "Địa chỉ/SĐT",
    ),
    "lead_agency": ("Cơ quan chủ trì giải quyết", "Cơ quan chủ trì", "Cơ quan giải quyết"),
    "received_at": ("Nhận hồ sơ", "Ngày nhận hồ sơ", "Ngày nhận", "Ngày tiếp nhận", "NgayTiepNhan"),
    "appointment_at": (
        "Hẹn trả kết quả",
        "Ngày hẹn trả",
        "Ngày hẹn trả kết quả",
        "Hẹn trả",
        "Ngày hẹn trả hồ sơ",
        "NgayHenTra",
    ),
    "returned_at": ("Trả kết quả", "Ngày trả kết quả", "Ngày trả thực tế", "NgayTra"),
    "return_method": ("Phương thức nhận kết quả", "Hình thức nhận kết quả", "Hình thức trả"),
}
"""The tracking book's columns and the header texts that name them (any of; matched folded)."""

_RETURN_METHODS: Mapping[str, tuple[str, ...]] = {
    "direct": ("Trực tiếp", "Tại Bộ phận Một cửa", "Tại bộ phận tiếp nhận và trả kết quả"),
    "postal": ("Bưu điện", "Bưu chính", "Bưu chính công ích", "Qua dịch vụ bưu chính", "BCCI"),
    "online": ("Trực tuyến", "Qua mạng", "Điện tử"),
}
_DATE_PREFIX = "ngay thang nam "
_APPOINTMENT_MARK = " hen tra "
_DATES = ("received_at", "appointment_at", "returned_at")
_ALONE_JUDGED = frozenset({"DC001", "DC004", "DC005", "DC007", "DC203", "DC402"})
_INSTANT_UNITS = frozenset({"same_day", "working_hours"})

# --- reasons -------------------------------------------------------------------------------------------

R_ALONE = register_reason(
    "book-alone",
    vi="sổ theo dõi hồ sơ một mình chỉ có dòng sổ; đưa bản ghi hồ sơ vào cùng lần kiểm tra để đánh giá phần còn lại",
    en="a tracking book alone carries only the book entry; give the dossier records in the same run to judge "
    "the rest",
)
R_PROCEDURE_NAME = register_reason(
    "book-procedure-name",
    vi="sổ ghi tên thủ tục chứ không ghi mã, và tên này không khớp đúng một thủ tục có hiệu lực trong danh mục",
    en="the book names the procedure rather than coding it, and the name matches no single procedure in force "
    "in the catalogue",
)
R_CHANNEL_LIMIT = register_reason(
    "book-channel-limit",
    vi="thời hạn giải quyết của thủ tục khác nhau theo kênh nộp, mà sổ theo dõi không ghi kênh nộp",
    en="the procedure's time limit differs by channel and the book does not record the channel",
)
R_NO_TIME = register_reason(
    "book-no-time",
    vi="sổ chỉ ghi ngày nhận hồ sơ, không ghi giờ, mà thời hạn của thủ tục tính theo giờ",
    en="the book gives the receipt date without the time, and the procedure's time limit counts hours",
)
R_NO_RECEIPT = register_reason(
    "book-no-receipt",
    vi="dòng sổ không có ngày nhận hồ sơ đọc được",
    en="the book row has no readable receipt date",
)
R_NO_APPOINTMENT = register_reason(
    "book-no-appointment",
    vi="dòng sổ không có ngày hẹn trả kết quả đọc được",
    en="the book row has no readable appointment date",
)
R_ORPHAN = register_reason(
    "book-orphan",
    vi="có trong sổ, không có trong bản xuất: sổ theo dõi có dòng của hồ sơ {code} nhưng lần kiểm tra này không "
    "có bản ghi hồ sơ nào mang mã đó",
    en="in the book, not in the export: the tracking book has a row for dossier {code} and the run holds no "
    "dossier record with that code",
)
R_NOTES = register_reason(
    "book-notes",
    vi="{n} dòng không có mã hồ sơ (dòng {rows}) là dòng ghi tiếp hoặc ghi chú, không phải hồ sơ",
    en="{n} row(s) without a dossier code (rows {rows}) are continuation or note rows, not dossiers",
)
R_DUPLICATE = register_reason(
    "book-duplicate",
    vi="sổ theo dõi có dòng khác của hồ sơ {code} ({first}); chỉ dòng đầu tiên được đối chiếu",
    en="the tracking book has another row for dossier {code} ({first}); only the first is joined",
)
R_NO_HEADER = register_reason(
    "book-no-header",
    vi="không thấy dòng tiêu đề của Sổ theo dõi hồ sơ trong {n} dòng đầu{sheets}: cần cột Mã hồ sơ và ít nhất "
    "một cột khác của sổ (STT, Tên TTHC, Nhận hồ sơ, Hẹn trả kết quả…)",
    en="no tracking-book header in the first {n} rows{sheets}: a Mã hồ sơ (dossier code) column and at least "
    "one other column of the book (STT, Tên TTHC, Nhận hồ sơ, Hẹn trả kết quả…) are needed",
)
R_NO_CODE_COLUMN = register_reason(
    "book-no-code-column",
    vi="dòng tiêu đề ở dòng {row} có các cột của sổ theo dõi nhưng không có cột Mã hồ sơ, nên không gắn được "
    "dòng nào vào hồ sơ",
    en="the header on row {row} has tracking-book columns but no Mã hồ sơ (dossier code) column, so no row "
    "can be tied to a dossier",
)
R_SHEET_PASSED = register_reason(
    "book-sheet-passed",
    vi="trang tính “{sheet}” không có dòng tiêu đề của Sổ theo dõi hồ sơ; không đọc",
    en="sheet “{sheet}” has no tracking-book header; not read",
)
R_UNREADABLE = register_reason(
    "book-unreadable",
    vi="không đọc được tệp bảng tính: {detail}",
    en="cannot read the spreadsheet: {detail}",
)
R_UNREADABLE_SHEET = register_reason(
    "book-unreadable-sheet",
    vi="không đọc được trang tính “{sheet}”: {detail}",
    en="cannot read sheet “{sheet}”: {detail}",
)
# What is wrong with a workbook, told from the exception's class (openpyxl's own text is English, and may
# be a repr): given as the {detail} of the two reasons above, rendered in the same language.
R_NOT_WORKBOOK = register_reason(
    "book-not-xlsx",
    vi="không phải sổ bảng tính .xlsx (không phải kho zip)",
    en="not an .xlsx workbook (not a zip archive)",
)
R_BAD_WORKBOOK = register_reason(
    "book-damaged-xlsx",
    vi="sổ bảng tính .xlsx bị hỏng hoặc thiếu phần cần thiết",
    en="the .xlsx workbook is damaged or lacks a part it needs",
)
R_BAD_SHEET = register_reason(
    "book-damaged-sheet",
    vi="phần dữ liệu của trang tính bị hỏng",
    en="the data part of the sheet is damaged",
)
R_NOT_UTF8 = register_reason(
    "book-not-utf8",
    vi="tệp CSV không phải văn bản UTF-8; hãy xuất lại dạng “CSV UTF-8”",
    en="the CSV file is not UTF-8 text; export it again as “CSV UTF-8”",
)
R_NOT_SPREADSHEET = register_reason(
    "book-not-spreadsheet",
    vi="không phải tệp sổ theo dõi (.xlsx hoặc .csv)",
    en="not a tracking-book file (.xlsx or .csv)",
)

# --- header matching -----------------------------------------------------------------------------------


def _synonyms() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    contained: list[tuple[str, str]] = []
    for name, texts in COLUMNS.items():
        for text in texts:
            key = fold(text)
            exact[key] = name
            if " " in key:  # a one-word synonym ("tt") must match the whole header, never part of one
                contained.append((key, name))
    contained.sort(key=lambda kv: -len(kv[0]))  # most specific first
    return exact, contained


_EXACT, _CONTAINED = _synonyms()


@lru_cache(maxsize=1024)
def match_header(text: str) -> tuple[str, bool] | None:
    """The column a header text names, and whether it named it exactly; None for another column.

    The header may carry the group title "Ngày, tháng, năm" before a date column. An exact synonym wins;
    otherwise the longest synonym the header contains, as whole words. A header that says "hẹn trả" is the
    appointment, never the return.
    """
    key = fold(text)
    for candidate in (key[len(_DATE_PREFIX) :], key) if key.startswith(_DATE_PREFIX) else (key,):
        if candidate in _EXACT:
            return _EXACT[candidate], True
    padded = f" {key} "
    for synonym, name in _CONTAINED:
        if f" {synonym} " in padded:
            if name == "returned_at" and _APPOINTMENT_MARK in padded:
                continue
            return name, False
    return None


def _methods() -> list[tuple[str, str]]:
    pairs = [(fold(t), method) for method, texts in _RETURN_METHODS.items() for t in texts]
    return sorted(pairs, key=lambda kv: -len(kv[0]))


_METHODS = _methods()


def return_method(text: str) -> str | None:
    """``direct``, ``postal`` or ``online`` for a "Phương thức nhận kết quả" value; None when unknown."""
    padded = f" {fold(text)} "
    for key, method in _METHODS:
        if f" {key} " in padded:
            return method
    return None


# --- reading a table -----------------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _blank_row(row: Sequence[Any]) -> bool:
    return all(_cell_text(v) is None for v in row)


def _columns(texts: Sequence[Any]) -> dict[str, int]:
    """Field → column index for one candidate header; an exact match beats a contained one, then leftmost."""
    found: dict[str, tuple[bool, int]] = {}
    for c, value in enumerate(texts):
        text = _cell_text(value)
        if text is None:
            continue
        hit = match_header(text)
        if hit is None:
            continue
        name, exact = hit
        have = found.get(name)
        if have is None or (exact and not have[0]):
            found[name] = (exact, c)
    return {name: c for name, (_, c) in found.items()}


def _numbering(row: Sequence[Any]) -> bool:
    """A row of column numbers under a printed header ("1 2 3 …" or "(1) (2) …")."""
    cells = [fold(t) for t in (_cell_text(v) for v in row) if t is not None]
    return len(cells) >= 3 and all(c.isdigit() for c in cells)


@dataclass(frozen=True)
class _Header:
    row: int  # sheet row number of the (last) header row
    columns: dict[str, int]
    next_index: int  # index into the sheet's rows where the data begin


def _find_header(rows: Sequence[tuple[int, Sequence[Any]]]) -> tuple[_Header | None, int]:
    """The best header among the first non-empty rows; (None, row of a header without a code column or 0)."""
    best: _Header | None = None
    for i, (number, cells) in enumerate(rows[:HEADER_ROWS]):
        candidates = [(_columns(cells), number, i + 1)]
        if i + 1 < len(rows):  # a two-row header: the lower row's texts under the upper row's
            below_number, below = rows[i + 1]
            width = max(len(cells), len(below))
            top = list(cells) + [None] * (width - len(cells))
            bottom = list(below) + [None] * (width - len(below))
            merged = [b if _cell_text(b) is not None else a for a, b in zip(top, bottom, strict=True)]
            candidates.append((_columns(merged), below_number, i + 2))
        for columns, header_row, next_index in candidates:
            if len(columns) >= 2 and (best is None or len(columns) > len(best.columns)):
                best = _Header(header_row, columns, next_index)
    if best is None or "dossier_code" not in best.columns:
        return None, best.row if best is not None else 0
    if best.next_index < len(rows) and _numbering(rows[best.next_index][1]):
        best = replace(best, next_index=best.next_index + 1)
    return best, best.row


@dataclass(frozen=True)
class BookRow:
    """One row of a tracking book that names a dossier: its entry, and where each column came from."""

    source: str
    code: str
    entry: Mapping[str, Any]
    cells: Mapping[str, str]  # field → column letter
    bad: Mapping[str, tuple[str, str, str]] = field(default_factory=dict)  # field → (problem, expected, raw)

    def problems(self, *, joined: bool) -> tuple[Problem, ...]:
        """DC001 problems of the row's unreadable cells, at the entry's fields; ``joined`` names the cell."""
        out = []
        for name, (problem, expected, _raw) in self.bad.items():
            where = f"; {self.source} {self.cells[name]}" if joined else ""
            out.append(Problem(f"/tracking_entry/{name}", problem, expected + where))
        return tuple(out)


_RETURN_VALUES = "Trực tiếp, Bưu chính, Trực tuyến"


def _entry(cells: Sequence[Any], columns: Mapping[str, int]) -> tuple[dict[str, Any], dict[str, Any]]:
    entry: dict[str, Any] = {}
    bad: dict[str, tuple[str, str, str]] = {}
    for name, c in columns.items():
        value = cells[c] if c < len(cells) else None
        if name in _DATES:
            try:
                iso = read_when(value, excel=True)
            except ValueError:
                bad[name] = ("date", BOOK_FORMATS, _cell_text(value) or "")
                continue
            if iso is not None:
                entry[name] = iso
            continue
        text = _cell_text(value)
        if text is None:
            continue
        if name == "return_method":
            method = return_method(text)
            if method is None:
                bad[name] = ("enum", _RETURN_VALUES, text)
            else:
                entry[name] = method
        elif name == "entry_no":
            entry[name] = int(text) if text.isdigit() and text.isascii() else text
        else:
            entry[name] = text
    return entry, bad


@dataclass
class Book:
    """What one tracking-book file holds: its rows, in order, with the records for everything else.

    ``items`` are :class:`BookRow` values and :class:`InputRecord` values (an unreadable file or sheet, a
    sheet without a header, the continuation rows of a sheet) in reading order; ``sheets`` counts the
    sheets read as a tracking book.
    """

    source: str
    items: list[BookRow | InputRecord] = field(default_factory=list)
    sheets: int = 0


def _record(source: str, key: str, *, skipped: bool = False, **params: Any) -> InputRecord:
    return InputRecord(source, error=Reason(key, params), format=FORMAT, skipped=skipped)


def _table(book: Book, where: str, rows: list[tuple[int, Sequence[Any]]]) -> bool:
    """Read one sheet (``rows``: non-empty rows with their numbers); False when it has no header."""
    header, near = _find_header(rows)
    if header is None:
        if near:
            book.items.append(_record(where, R_NO_CODE_COLUMN, row=near))
            return True  # a header of the book's columns was there: said, not passed over
        return False
    book.sheets += 1
    cells_of = {name: column_letter(c) for name, c in header.columns.items()}
    code_column = header.columns["dossier_code"]
    notes: list[int] = []
    for number, cells in rows[header.next_index :]:
        code = _cell_text(cells[code_column]) if code_column < len(cells) else None
        if code is None:
            notes.append(number)
            continue
        entry, bad = _entry(cells, header.columns)
        entry["dossier_code"] = code
        book.items.append(BookRow(f"{where}:{number}", code, entry, cells_of, bad))
    if notes:
        shown = ", ".join(str(n) for n in notes[:20]) + (", …" if len(notes) > 20 else "")
        book.items.append(_record(where, R_NOTES, skipped=True, n=len(notes), rows=shown))
    return True


def _numbered(rows: Iterable[Sequence[Any]], start: int = 1) -> list[tuple[int, Sequence[Any]]]:
    return [(n, r) for n, r in enumerate(rows, start=start) if not _blank_row(r)]


def _read_csv(path: str, data: bytes) -> Book:
    book = Book(path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        book.items.append(_record(path, R_NOT_UTF8))
        return book
    first, _, rest = text.partition("\n")
    delimiters, start = [",", ";"], 1
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:  # Excel's separator hint
        delimiters, start = [first.strip()[4]], 2
        text = rest
    best: tuple[int, Book] | None = None
    for delimiter in delimiters:
        try:
            rows = _numbered(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start)
        except csv.Error as exc:
            book.items.append(_record(path, R_UNREADABLE, detail=str(exc)))
            return book
        header, _ = _find_header(rows)
        score = len(header.columns) if header is not None else -1
        if best is None or score > best[0]:
            trial = Book(path)
            if not _table(trial, path, rows):
                trial.items.append(_record(path, R_NO_HEADER, n=HEADER_ROWS, sheets=""))
            best = (score, trial)
    assert best is not None
    return best[1]


def _read_xlsx(path: str, opener: Any = None) -> Book:
    import openpyxl  # only for workbooks: the rest of the library does not need it

    book = Book(path)
    try:
        workbook = openpyxl.load_workbook(opener or path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        # said from the exception's class: openpyxl's own text is English (and may be a repr); the system's
        # error in the run's language
        detail: object = Reason(R_NOT_WORKBOOK if isinstance(exc, zipfile.BadZipFile) else R_BAD_WORKBOOK)
        if isinstance(exc, OSError) and exc.errno is not None:
            detail = os_error(exc)
        book.items.append(_record(path, R_UNREADABLE, detail=detail))
        return book
    passed: list[str] = []
    try:
        for sheet in workbook.worksheets:
            where = f"{path}[{sheet.title}]"
            try:
                rows = _numbered(sheet.iter_rows(min_row=1, values_only=True))
            except Exception:  # a damaged sheet part: the other sheets are still read
                book.items.append(
                    _record(where, R_UNREADABLE_SHEET, sheet=sheet.title, detail=Reason(R_BAD_SHEET))
                )
                continue
            if rows and not _table(book, where, rows):
                passed.append(sheet.title)
    finally:
        workbook.close()
    if book.sheets == 0 and (passed or not book.items):
        names = ", ".join(f"“{n}”" for n in passed)
        book.items.append(_record(path, R_NO_HEADER, n=HEADER_ROWS, sheets=f" ({names})" if names else ""))
    elif book.sheets:
        for name in passed:
            book.items.append(_record(f"{path}[{name}]", R_SHEET_PASSED, skipped=True, sheet=name))
    return book


R_BOOK_TOO_LARGE = register_reason(
    "record_too_large_book",
    vi=f"sổ theo dõi này lớn hơn giới hạn {{limit}} (các dòng của sổ được đọc cùng nhau); {TOO_LARGE_HINT['vi']}",
    en=f"this tracking book is larger than the limit of {{limit}} (its rows are read together); "
    f"{TOO_LARGE_HINT['en']}",
)


def _too_large(name: str, limit: int) -> Book:
    return Book(name, [_record(name, R_BOOK_TOO_LARGE, limit=format_size(limit))])


def _xlsx_size(name: str) -> int:
    """What the workbook's parts hold once inflated (the zip reader never inflates a part beyond its
    stated size, so this bounds what reading it can cost), or 0 when it is not a zip archive."""
    try:
        with zipfile.ZipFile(name) as z:
            return sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError):
        return 0  # not readable as a zip: openpyxl says why


def is_book_name(name: str) -> bool:
    """True for the file names a tracking book comes in (.xlsx, .csv)."""
    return name.lower().endswith(SUFFIXES)


def read_book(path: str | Path, limit: int = DEFAULT_MAX_RECORD_SIZE) -> Book:
    """Read one tracking-book file (.xlsx or .csv, by its name). Never raises on bad input.

    A book's rows are joined together, so ``limit`` (bytes) bounds the whole book: the CSV text, or the
    workbook's parts once inflated. A larger book, or an empty file, is one error record. The file is
    opened as it is: the walk is what keeps pipes and devices out.
    """
    name = str(path)
    lower = name.lower()
    if not lower.endswith((".xlsx", ".csv")):
        return Book(name, [_record(name, R_NOT_SPREADSHEET)])
    try:
        with open(name, "rb") as f:
            data = f.read(limit + 1) if lower.endswith(".csv") else f.read(1)
    except OSError as exc:
        return Book(name, [_record(name, R_UNREADABLE, detail=os_error(exc))])
    if not data.removeprefix(b"\xef\xbb\xbf").strip(b" \t\r\n"):
        return Book(name, [_record(name, EMPTY)])  # as an empty input of any other type
    if lower.endswith(".xlsx"):
        return _too_large(name, limit) if _xlsx_size(name) > limit else _read_xlsx(name)
    if len(data) > limit:
        return _too_large(name, limit)
    return _read_csv(name, data)


# --- the book of a run ---------------------------------------------------------------------------------


class BookIndex:
    """The tracking-book rows of a run, by dossier code, whatever file and order they came in.

    :meth:`add` a whole :class:`Book`; it returns the records to report for it (errors, notes, and a
    ``skipped`` record for a second row of a dossier code: the first is joined). :meth:`unmatched` names
    the rows no dossier of the run claims ("in the book, not in the export"). An audit can build one up
    front and share it with its workers.
    """

    def __init__(self) -> None:
        self._rows: dict[str, BookRow] = {}
        self.sheets = 0

    @property
    def has_book(self) -> bool:
        """True once a sheet has been read as a tracking book (even one without rows)."""
        return self.sheets > 0

    def add(self, book: Book) -> list[BookRow | InputRecord]:
        """Index a book's rows; returns its items with each repeated row replaced by its skipped record."""
        self.sheets += book.sheets
        out: list[BookRow | InputRecord] = []
        for item in book.items:
            if isinstance(item, BookRow):
                first = self._rows.get(item.code)
                if first is not None:
                    out.append(_duplicate(item, first))
                    continue
                self._rows[item.code] = item
            out.append(item)
        return out

    def row_for(self, code: str | None) -> BookRow | None:
        return self._rows.get(code.strip()) if isinstance(code, str) else None

    def __len__(self) -> int:
        return len(self._rows)

    def rows(self) -> list[BookRow]:
        return list(self._rows.values())

    def unmatched(self, dossier_codes: Container[str]) -> list[InputRecord]:
        """An ``error`` record for each row whose dossier code is not in ``dossier_codes``."""
        return [orphan(row) for row in self._rows.values() if row.code not in dossier_codes]


def _duplicate(row: BookRow, first: BookRow) -> InputRecord:
    return InputRecord(
        row.source,
        error=Reason(R_DUPLICATE, {"code": row.code, "first": first.source}),
        format=FORMAT,
        skipped=True,
        dossier_code=row.code,
    )


def orphan(row: BookRow) -> InputRecord:
    """The ``error`` record of a book row whose dossier is not in the run."""
    return InputRecord(
        row.source, error=Reason(R_ORPHAN, {"code": row.code}), format=FORMAT, dossier_code=row.code
    )


# --- a book row as a dossier, and a book row joined to a dossier ---------------------------------------


@lru_cache(maxsize=8)
def _names(catalog: Catalog) -> dict[str, list[ProcedureVersion]]:
    out: dict[str, list[ProcedureVersion]] = {}
    for version in catalog:
        out.setdefault(fold(version.procedure.name), []).append(version)
    return out


def _procedure(catalog: Catalog | None, name: Any, on: When | None) -> ProcedureVersion | None:
    """The single procedure in force on ``on`` (any date when unknown) whose folded name is ``name``."""
    if catalog is None or not isinstance(name, str):
        return None
    versions = [v for v in _names(catalog).get(fold(name), ()) if on is None or v.in_force(on.date)]
    codes = {v.code for v in versions}
    return versions[0] if len(codes) == 1 and len(versions) == 1 else None


@lru_cache(maxsize=1)
def _all_codes() -> tuple[str, ...]:
    from ..rules import rules  # the codes only: which rules a lone book row cannot feed

    return tuple(r.code for r in rules())


def book_alone(row: BookRow, catalog: Catalog | None = None) -> InputRecord:
    """A book row as a dossier whose only part is its entry (a book given without dossier records).

    Judged: the dossier code (DC004, DC005), the entry's columns (DC402) and the appointment against the
    statutory deadline (DC203, when the procedure named in the row is found by its name in ``catalog``);
    every other rule is not evaluable.
    """
    entry = dict(row.entry)
    not_evaluable = {c: R_ALONE for c in _all_codes() if c not in _ALONE_JUDGED}
    paths = {f"/tracking_entry/{name}": f"/{letter}" for name, letter in row.cells.items()}
    paths.update({f"/{k}": f"/{row.cells[k]}" for k in ("received_at", "returned_at") if k in row.cells})
    paths["/code"] = f"/{row.cells['dossier_code']}"
    unknown = {"/receiving_unit", "/channel", "/procedure_code"}
    d: dict[str, Any] = {"code": row.code, "outcome": "accepted", "components": [], "tracking_entry": entry}
    received = parse_when(entry.get("received_at"))
    if received is None:
        unknown.add("/received_at")
        not_evaluable.update(DC005=R_NO_RECEIPT, DC203=R_NO_RECEIPT)
    else:
        # A date-only column: the desk received the dossier during office hours that day, so for a limit
        # in days the time does not matter (the receipt moves to that day's opening).
        d["received_at"] = (
            entry["received_at"] if received.precise else f"{received.date.isoformat()}T00:00:00"
        )
    if "returned_at" in entry:
        d["returned_at"] = entry["returned_at"]
    version = _procedure(catalog, entry.get("procedure_name"), received)
    if version is not None:
        d["procedure_code"] = version.code
        paths["/procedure_code"] = f"/{row.cells['procedure_name']}"
        unknown.discard("/procedure_code")
        overrides = version.procedure.channel_time_limits or {}
        if any(limit != version.procedure.time_limit for limit in overrides.values()):
            not_evaluable.setdefault("DC203", R_CHANNEL_LIMIT)
        if (
            received is not None
            and not received.precise
            and version.procedure.time_limit.unit in _INSTANT_UNITS
        ):
            not_evaluable.setdefault("DC203", R_NO_TIME)
    else:
        not_evaluable.setdefault("DC203", R_PROCEDURE_NAME)
    if parse_when(entry.get("appointment_at")) is None:
        not_evaluable.setdefault("DC203", R_NO_APPOINTMENT)
    origin = Origin(
        FORMAT,
        not_evaluable=not_evaluable,
        unknown=frozenset(unknown),
        problems=row.problems(joined=False),
        paths=paths,
    )
    return InputRecord(row.source, d, format=FORMAT, origin=origin, dossier_code=row.code)


def _differences(own: Mapping[str, Any], row: BookRow) -> list[tuple[str, str, Mapping[str, Any]]]:
    """DC403 findings where the book row's dates differ from the entry the dossier record carries."""
    out: list[tuple[str, str, Mapping[str, Any]]] = []
    for name in _DATES:
        mine_raw = own.get(name)
        mine = parse_when(mine_raw)
        if mine is None and isinstance(mine_raw, str) and mine_raw.strip():
            continue  # the record's own value is broken: DC001 says so, nothing to compare with
        theirs = parse_when(row.entry.get(name))
        found: str | None = theirs.isoformat() if theirs is not None else None
        if name in row.bad:
            found = row.bad[name][2]  # a cell that is no date differs from any date
        elif (mine is None and theirs is None) or (
            mine is not None and theirs is not None and mine.same(theirs)
        ):
            continue
        column = row.cells.get(name)
        out.append(
            (
                "DC403",
                f"/tracking_entry/{name}",
                {
                    "field": name,
                    "found": found,
                    "expected": mine.isoformat() if mine is not None else None,
                    "source": "tracking_entry",
                    "book": f"{row.source} {column}" if column else row.source,
                },
            )
        )
    return out


def join_book(item: InputRecord, index: BookIndex) -> InputRecord:
    """A dossier record of the run with its tracking-book row, when the run holds a book.

    The row becomes the dossier's ``tracking_entry``; a record that carries its own entry keeps it, and
    each date where the row differs from it is DC403. A dossier with no row is left to DC401. The rules of
    the book (DC401–DC403) become evaluable for a sync record, which cannot carry the entry itself.
    """
    if not index.has_book or item.error is not None or type(item.data) is not dict:
        return item
    origin = item.origin
    not_evaluable = dict(origin.not_evaluable) if origin is not None else {}
    for code in ("DC401", "DC402", "DC403"):
        if not_evaluable.get(code) == R_NO_BOOK:
            del not_evaluable[code]
    row = index.row_for(item.data.get("code"))
    if row is None:
        if origin is None:
            return item
        return replace(item, origin=replace(origin, not_evaluable=not_evaluable))
    base = origin if origin is not None else Origin(item.format)
    data = item.data
    problems = base.problems
    findings = base.findings
    own = data.get("tracking_entry")
    if own is None:
        data = {**data, "tracking_entry": dict(row.entry)}
        problems = problems + row.problems(joined=True)
    elif isinstance(own, dict):
        findings = findings + tuple(_differences(own, row))
    joined = replace(base, not_evaluable=not_evaluable, problems=problems, findings=findings)
    return replace(item, data=data, origin=joined)
