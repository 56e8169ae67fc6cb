"""National-portal sync records (``dvcqg``): what one-stop systems push to the National Public Service Portal.

Two services carry them: ``DongBoHoSoMC`` (one record per dossier) and ``CapNhatTienDoHoSoMC`` (progress
rows, one per processing step, joined to their dossier by ``MaHoSo``). Accepted shapes, in a ``.json``
file or on each line of JSON Lines: one record (an object with ``MaHoSo``), an array of records, a request
body ``{"service": "DongBoHoSoMC", "data": [...]}`` (``session``, ``madonvi``, ``isUpdating`` are
ignored); progress rows as objects with ``MaHoSo`` and ``ThoiDiemXuLy``, an array of them, or a
``CapNhatTienDoHoSoMC`` body.

Each record is mapped into the native dossier shape the rules read, with an
:class:`~dossier_check.origin.Origin` that says what the format cannot carry: the rules that need such a
part are *not evaluable* for the record (listed with a reason, never guessed), the fields it cannot carry
are never reported missing, and findings on a field that maps one to one point at the portal's field
(``/NgayHenTra`` rather than ``/appointment_slip/appointment_at``).

How real senders fill the format, and what the mapping does about it:

* dates are ``yyyyMMddHHmmss`` local time, sometimes ``dd/MM/yyyy HH:mm:ss``, ``dd/MM/yyyy`` or ISO 8601;
  ``""`` is missing; codes may be strings or numbers (``MaTTHC`` ``1.00119`` is ``1.001190``);
* ``KenhThucHien`` (1 in person, 2 online, 3 by post) is the channel; older senders do not send it, and
  ``HinhThuc`` (how the result is returned) is never taken for it;
* ``TrangThaiHoSo`` 3 or a ``NgayTuChoi`` is a refusal, 1 (submitted online, not yet received) is
  *skipped*, every other code is an accepted dossier — which is why the codes 5, 6 and 8 that some
  senders rewrite to 9 change nothing here;
* the identity number ``000000001`` is a placeholder, as are the officer names "Chuyên viên" and
  "Cán bộ một cửa";
* a first progress row "Tiếp nhận hồ sơ" at ``NgayTiepNhan`` and a last row "Kết thúc xử lý hồ sơ" at
  ``NgayKetThucXuLy`` are written by the sending system itself: they are not hand-overs.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from types import MappingProxyType
from typing import IO, Any, NamedTuple

from ..catalog import Catalog, ProcedureVersion
from ..origin import Origin
from ..reasons import Reason, register_reason
from ..schema import Problem
from ..timeutil import Precision, When, parse_when
from ._fold import fold
from ._when import PORTAL_FORMATS, STAMP_DAYS, STAMP_TIMES, read_moment, read_when, stamp
from .native import jsonl_records
from .record import InputRecord

__all__ = [
    "FORMAT",
    "PROGRESS_SERVICE",
    "RECORD_SERVICE",
    "ProgressIndex",
    "ProgressRow",
    "expand",
    "map_record",
    "portal_shape",
]

FORMAT = "dvcqg"
RECORD_SERVICE = "DongBoHoSoMC"
PROGRESS_SERVICE = "CapNhatTienDoHoSoMC"

# --- reasons -------------------------------------------------------------------------------------------

R_FORMS = register_reason(
    "dvcqg-one-code",
    vi="bản ghi đồng bộ chỉ ghi mã hồ sơ một lần; không có giấy tiếp nhận, phiếu kiểm soát, sổ theo dõi, "
    "phiếu từ chối hay văn bản xin lỗi để đối chiếu mã",
    en="the sync record states the dossier code once; it carries no slip, control slip, book entry, "
    "rejection or apology that could repeat it",
)
R_DETAIL = register_reason(
    "dvcqg-component-detail",
    vi="bản ghi đồng bộ không ghi hình thức (bản chính, bản sao…), số bản của từng thành phần hồ sơ và số bộ hồ sơ",
    en="the sync record does not carry each component's form (original, copy…), its number of copies or "
    "the number of sets",
)
R_SLIP = register_reason(
    "dvcqg-slip",
    vi="bản ghi đồng bộ chỉ có ngày hẹn trả (NgayHenTra): không cho biết Giấy tiếp nhận hồ sơ và hẹn trả kết "
    "quả có được lập không, lập lúc nào, ghi những gì và gửi cho người nộp bằng cách nào",
    en="the sync record carries only the appointment date (NgayHenTra): not whether an appointment slip "
    "was issued, when, what it listed or how it was sent",
)
R_ROWS = register_reason(
    "dvcqg-progress-detail",
    vi="dòng tiến độ xử lý không ghi đơn vị, người nhận hồ sơ ở mỗi bước; bản ghi không có phần đầu của "
    "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    en="progress rows carry neither the unit nor the person receiving the dossier at each step, and the "
    "record has no control-slip header",
)
R_NO_BOOK = register_reason(
    "dvcqg-no-book",
    vi="bản ghi đồng bộ không có dòng Sổ theo dõi hồ sơ; đưa sổ theo dõi vào cùng lần kiểm tra để đánh giá",
    en="the sync record carries no tracking-book entry; give the tracking book in the same run to judge it",
)
R_STAGE = register_reason(
    "dvcqg-supplement-stage",
    vi="danh sách hồ sơ bổ sung (DanhSachHoSoBoSung) không cho biết yêu cầu bổ sung ở khâu tiếp nhận hay "
    "khâu thẩm định",
    en="supplement rounds (DanhSachHoSoBoSung) do not say whether they were asked at intake or at appraisal",
)
R_SUPPLEMENT_REASON = register_reason(
    "dvcqg-supplement-reason",
    vi="danh sách hồ sơ bổ sung không có trường lý do",
    en="supplement rounds carry no reason field",
)
R_REJECTION = register_reason(
    "dvcqg-rejection",
    vi="bản ghi đồng bộ không có lý do và phiếu từ chối tiếp nhận hồ sơ",
    en="the sync record carries no refusal reason or refusal slip",
)
R_APOLOGIES = register_reason(
    "dvcqg-apologies",
    vi="bản ghi đồng bộ không có văn bản xin lỗi và hẹn lại ngày trả kết quả, nên không phân biệt được hồ sơ "
    "trễ hạn với hồ sơ đã hẹn lại",
    en="the sync record carries no apology letters, so a late result cannot be told from a rescheduled one",
)
R_KEYS = register_reason(
    "mapped-keys",
    vi="quy tắc tìm khóa viết sai trong bản ghi hồ sơ gốc; bản ghi này được chuyển từ định dạng khác",
    en="the rule looks for misspelt keys of the native dossier record; this record was mapped from another "
    "format",
)
R_NO_CHANNEL = register_reason(
    "dvcqg-no-channel",
    vi="bản ghi không có KenhThucHien nên không biết hồ sơ nộp theo kênh nào (HinhThuc là hình thức trả kết "
    "quả, không phải kênh nộp)",
    en="the record has no KenhThucHien, so the channel the dossier came by is unknown (HinhThuc is how the "
    "result is returned, not the channel)",
)
R_NO_STATUS = register_reason(
    "dvcqg-no-status",
    vi="bản ghi không có trạng thái (TrangThaiHoSo) nên không biết hồ sơ có được tiếp nhận không",
    en="the record has no status (TrangThaiHoSo), so whether the dossier was accepted is not known",
)
R_NO_FILES = register_reason(
    "dvcqg-no-files",
    vi="bản ghi không liệt kê tài liệu nộp (TaiLieuNop)",
    en="the record lists no submitted files (TaiLieuNop)",
)
R_UNMATCHED_FILES = register_reason(
    "dvcqg-unmatched-files",
    vi="có tài liệu nộp mà mã thành phần (MaThanhPhanHoSo) hoặc tên giấy tờ không khớp thành phần nào của thủ "
    "tục, nên không đối chiếu được với thành phần hồ sơ đã công bố",
    en="a submitted file's component code (MaThanhPhanHoSo), or a paper's name, matches no component of the "
    "procedure, so the files cannot be matched to the published list",
)
R_FACTS = register_reason(
    "dvcqg-facts",
    vi="thành phần hồ sơ bắt buộc của thủ tục tùy thuộc vào tình huống của hồ sơ, mà bản ghi đồng bộ không ghi",
    en="which components the procedure requires depends on facts of the dossier that the sync record does "
    "not carry",
)
R_NO_APPOINTMENT = register_reason(
    "dvcqg-no-appointment",
    vi="bản ghi không có ngày hẹn trả (NgayHenTra)",
    en="the record has no appointment date (NgayHenTra)",
)
R_MOVED = register_reason(
    "dvcqg-appointment-moved",
    vi="hồ sơ có lượt bổ sung mà không ghi ngày hẹn trả trước khi bổ sung (NgayHenTraTruoc), nên NgayHenTra "
    "có thể là ngày hẹn đã dời",
    en="the dossier has supplement rounds without the appointment before them (NgayHenTraTruoc), so "
    "NgayHenTra may be a moved date",
)
R_CHANNEL_LIMIT = register_reason(
    "dvcqg-channel-limit",
    vi="thời hạn giải quyết của thủ tục khác nhau theo kênh nộp, mà bản ghi không có KenhThucHien",
    en="the procedure's time limit differs by channel and the record has no KenhThucHien",
)
R_NO_PROGRESS = register_reason(
    "dvcqg-no-progress",
    vi="lần kiểm tra này không có dòng tiến độ xử lý (CapNhatTienDoHoSoMC) nào của hồ sơ",
    en="the run holds no progress rows (CapNhatTienDoHoSoMC) for this dossier",
)
R_NO_HANDOVER = register_reason(
    "dvcqg-no-handover",
    vi="các dòng tiến độ xử lý của hồ sơ không có bước giao nhận nào (chỉ có dòng do hệ thống gửi tự ghi)",
    en="the dossier's progress rows hold no hand-over (only rows the sending system writes itself)",
)
R_SYNTHESISED = register_reason(
    "dvcqg-synthesised-reception",
    vi="dòng tiến độ đầu tiên là dòng “Tiếp nhận hồ sơ” do hệ thống gửi tự ghi lúc tiếp nhận, không phải "
    "bước chuyển hồ sơ, nên không biết hồ sơ rời bộ phận một cửa lúc nào",
    en="the first progress row is the “Tiếp nhận hồ sơ” row the sending system writes itself at receipt, "
    "not a hand-over, so when the dossier left the desk is not known",
)
R_NOT_RECEIVED = register_reason(
    "dvcqg-not-received",
    vi="TrangThaiHoSo 1 (mới đăng ký): hồ sơ nộp trực tuyến chưa được tiếp nhận, chưa có gì để kiểm tra",
    en="TrangThaiHoSo 1 (newly registered): submitted online and not yet received, so there is nothing to "
    "check yet",
)
R_ORPHAN_PROGRESS = register_reason(
    "dvcqg-orphan-progress",
    vi="các dòng tiến độ xử lý không có hồ sơ trong bản xuất: {rows} dòng của hồ sơ {code}",
    en="the progress rows have no dossier in the export: {rows} row(s) of dossier {code}",
)
R_NO_CODE = register_reason(
    "dvcqg-row-without-code",
    vi="dòng tiến độ xử lý không có mã hồ sơ (MaHoSo), không gắn được vào hồ sơ nào",
    en="a progress row without a dossier code (MaHoSo) belongs to no dossier",
)
R_NOT_OBJECT = register_reason(
    "dvcqg-not-object",
    vi="không phải bản ghi đồng bộ: một giá trị JSON kiểu {kind}, không phải đối tượng",
    en="not a sync record: a JSON {kind}, not an object",
)
R_BAD_BODY = register_reason(
    "dvcqg-bad-body",
    vi="gói yêu cầu {service} không có mảng data",
    en="the {service} request body has no data array",
)
R_OTHER_SERVICE = register_reason(
    "dvcqg-other-service",
    vi="gói yêu cầu của dịch vụ “{service}” không phải đồng bộ hồ sơ (DongBoHoSoMC) hay tiến độ "
    "(CapNhatTienDoHoSoMC)",
    en="a request body of service “{service}” is neither a dossier sync (DongBoHoSoMC) nor a progress "
    "update (CapNhatTienDoHoSoMC)",
)

# --- what the format never carries (rule code → reason) -------------------------------------------------

_NEVER: Mapping[str, str] = {
    "DC006": R_FORMS,
    "DC008": R_KEYS,
    "DC104": R_DETAIL,
    "DC105": R_DETAIL,
    "DC106": R_DETAIL,
    "DC201": R_SLIP,
    "DC202": R_SLIP,
    "DC204": R_SLIP,
    "DC206": R_SLIP,
    "DC302": R_ROWS,
    "DC304": R_ROWS,
    "DC306": R_ROWS,
    "DC401": R_NO_BOOK,
    "DC402": R_NO_BOOK,
    "DC403": R_NO_BOOK,
    "DC501": R_STAGE,
    "DC502": R_SUPPLEMENT_REASON,
    "DC503": R_STAGE,
    "DC504": R_REJECTION,
    "DC505": R_APOLOGIES,
    "DC506": R_APOLOGIES,
    "DC507": R_APOLOGIES,
    "DC508": R_APOLOGIES,
    "DC509": R_APOLOGIES,
}
_BY_CHANNEL = ("DC101", "DC102", "DC103", "DC107", "DC307")
_BY_OUTCOME = ("DC101", "DC102", "DC103", "DC301")
_COMPONENT_RULES = ("DC101", "DC102", "DC103")
_PROGRESS_RULES = ("DC301", "DC303", "DC305", "DC307")
_HANDOVER_RULES = ("DC303", "DC305", "DC307")

# Fields that map one to one: a finding there points at the portal's own field.
_PATHS: Mapping[str, str] = {
    "/code": "/MaHoSo",
    "/procedure_code": "/MaTTHC",
    "/received_at": "/NgayTiepNhan",
    "/receiving_unit": "/DonViXuLy",
    "/channel": "/KenhThucHien",
    "/outcome": "/TrangThaiHoSo",
    "/appointment_slip/appointment_at": "/NgayHenTra",
    "/appointment_slip/number": "/SoBienNhan",
    "/resolved_at": "/NgayKetThucXuLy",
    "/returned_at": "/NgayTra",
    "/rejection/issued_at": "/NgayTuChoi",
    "/applicant/name": "/ChuHoSo",
    "/applicant/phone": "/SoDienThoai",
    "/applicant/email": "/Email",
    "/components": "/TaiLieuNop",
    "/supplement_requests": "/DanhSachHoSoBoSung",
}
_ROUND_FIELDS = {"issued_at": "NgayBoSung", "items": "NoiDungBoSung", "issued_by": "NguoiYeuCauBoSung"}
# What the format cannot carry at all: never "missing" (DC001) in a mapped record.
_ALWAYS_UNKNOWN = frozenset(
    {
        "/applicant/address",
        "/apologies",
        "/facts",
        "/representative",
        "/sets",
        "/shown_documents",
        "/stop_notice",
    }
)

_CHANNELS = {1: "direct", 2: "online", 3: "postal"}
_RECEIVED_FORMATS = "yyyyMMddHHmmss, dd/MM/yyyy HH:mm:ss, ISO 8601 (date and time)"
_PLACEHOLDER_IDS = frozenset({"000000001"})
_PLACEHOLDER_OFFICERS = frozenset({"chuyen vien", "can bo mot cua"})
_RECEPTION = "tiep nhan ho so"
_CLOSING = "ket thuc xu ly ho so"
_NO_APPOINTMENT_NOTE = "ho so khong co ngay hen tra"
_NOT_RECEIVED = frozenset({1, "1"})
_TRUE = frozenset({True, "1", "true", "True", "TRUE"})  # True == 1: numbers too


# --- shapes --------------------------------------------------------------------------------------------


def portal_shape(value: Any) -> str | None:
    """What a parsed JSON value is in this format, judged by its content alone.

    ``record`` (has ``MaHoSo``, and none of the native record's ``code``/``procedure_code``),
    ``progress`` (has ``MaHoSo`` and ``ThoiDiemXuLy``), ``records`` / ``progress_rows`` (a request body of
    ``DongBoHoSoMC`` / ``CapNhatTienDoHoSoMC``), or None for anything else — a native dossier, say.
    """
    if type(value) is not dict:
        return None
    service = value.get("service")
    if service == RECORD_SERVICE:
        return "records"
    if service == PROGRESS_SERVICE:
        return "progress_rows"
    if "MaHoSo" in value:
        if "ThoiDiemXuLy" in value:
            return "progress"
        if "code" not in value and "procedure_code" not in value:
            return "record"
    return None


class ProgressRow(NamedTuple):
    """One ``CapNhatTienDoHoSoMC`` row, as read: where it came from, its dossier code, its fields."""

    source: str
    dossier_code: str
    data: Mapping[str, Any]


_new_row = tuple.__new__


def _kind(value: Any) -> str:
    return {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), "null"
    )


def _error(source: str, key: str, **params: Any) -> InputRecord:
    return InputRecord(source, error=Reason(key, params), format=FORMAT)


def _below(source: str, i: int) -> str:
    """The source of element ``i`` of a request body's ``data`` (``file#/data/3``, ``file#2/data/3``)."""
    return f"{source}/data/{i}" if "#" in source else f"{source}#/data/{i}"


def _row(value: Any, source: str) -> InputRecord | ProgressRow:
    if type(value) is not dict:
        return _error(source, R_NOT_OBJECT, kind=_kind(value))
    code = _code_text(value.get("MaHoSo"))
    if code is None or not code.strip():
        return _error(source, R_NO_CODE)
    return ProgressRow(source, code.strip(), value)


def _items(value: Any, source: str, forced: bool, item: InputRecord | None, out: list[Any]) -> None:
    shape = portal_shape(value)
    if shape is None:
        if not forced:
            out.append(item if item is not None else InputRecord(source, value))
        elif type(value) is not dict:
            out.append(_error(source, R_NOT_OBJECT, kind=_kind(value)))
        elif "service" in value and "data" in value:
            out.append(_error(source, R_OTHER_SERVICE, service=str(value.get("service"))))
        else:
            out.append(InputRecord(source, value, format=FORMAT))
    elif shape == "record":
        out.append(InputRecord(source, value, format=FORMAT))
    elif shape == "progress":
        out.append(_row(value, source))
    else:
        data = value.get("data")
        if type(data) is not list:
            out.append(_error(source, R_BAD_BODY, service=value["service"]))
            return
        for i, element in enumerate(data):
            where = _below(source, i)
            if shape == "progress_rows":
                out.append(_row(element, where))
            elif type(element) is dict:
                out.append(InputRecord(where, element, format=FORMAT))
            else:
                out.append(_error(where, R_NOT_OBJECT, kind=_kind(element)))


def expand(item: InputRecord, *, forced: bool = False) -> list[InputRecord | ProgressRow]:
    """The portal items one input record holds: records to map, progress rows, or errors.

    A portal record comes out as an :class:`InputRecord` of format ``dvcqg`` whose ``data`` is still the
    portal record (:func:`map_record` maps it); progress rows come out as :class:`ProgressRow`. A JSON
    Lines line may hold an array or a request body; their elements are ``source#i`` and
    ``source#/data/i``. Anything that is not a portal shape is passed on unchanged — unless ``forced``
    (``--input-format dvcqg``), when every object is read as a portal record.
    """
    value = item.data
    if type(value) is dict and "MaHoSo" in value and "service" not in value:
        if "ThoiDiemXuLy" in value:  # a progress row, forced or not
            return [_row(value, item.source)]
        if "code" not in value and "procedure_code" not in value and item.error is None:
            # A record (portal_shape's case, inline); positional: (source, data, error, raw, format)
            return [InputRecord(item.source, value, None, None, FORMAT)]
    out: list[InputRecord | ProgressRow] = []
    if item.error is not None:
        out.append(item)
    elif type(value) is list and (forced or (value and portal_shape(value[0]) is not None)):
        for i, element in enumerate(value):
            _items(element, f"{item.source}#{i}", forced, None, out)
    else:
        _items(value, item.source, forced, item, out)
    return out


# --- the progress rows of a run ------------------------------------------------------------------------


class ProgressIndex:
    """The progress rows of a run, by dossier code, whatever file and order they came in.

    Built from every progress row before any record is mapped; :meth:`unmatched` accounts for the rows
    whose dossier is not in the run (one error record per dossier code, never dropped). An audit can build
    one per worker and :meth:`merge` them, or build one up front and share it.
    """

    def __init__(self, rows: Iterable[ProgressRow] = ()) -> None:
        self._rows: dict[str, list[ProgressRow]] = {}
        for row in rows:
            self.add(row)

    def add(self, row: ProgressRow) -> bool:
        """Add one row; True when it is the first row of its dossier code."""
        have = self._rows.get(row.dossier_code)
        if have is None:
            self._rows[row.dossier_code] = [row]
            return True
        have.append(row)
        return False

    def read_lines(
        self, stream: IO[bytes], source: str, limit: int, tick: Callable[[], None]
    ) -> Iterator[InputRecord]:
        """The records of a JSON Lines stream as :func:`~.native.jsonl_records` gives them, except that a line
        holding one plain progress row — an object with ``ThoiDiemXuLy`` and a text ``MaHoSo``, outside a
        request body — is added to the index (and ``tick`` called) instead.

        A portal export is mostly progress rows (four or five per dossier): making each an input record
        and walking its shape (:func:`expand`) cost about as much as mapping its dossier. What is not a
        plain row — a record, an array, a request body, a row whose code is a number or blank, an
        unreadable or oversized line, a stream with no record — comes out as the general reader's record,
        with the same source, for :func:`expand` to read: every row is accounted for as before.
        """
        add = self.add

        def take(value: Any, where: str) -> bool:
            if (
                type(value) is dict
                and "ThoiDiemXuLy" in value
                and "service" not in value
                and type(code := value.get("MaHoSo")) is str
                and (code := code.strip())
            ):
                # What :func:`_row` makes of it, the tuple built directly: this is the loop of every row.
                add(_new_row(ProgressRow, (where, code, value)))
                tick()
                return True
            return False

        return jsonl_records(stream, source, limit, take)

    def merge(self, other: ProgressIndex) -> None:
        """Add every row of ``other`` (after this index's rows, in ``other``'s order)."""
        for rows in other._rows.values():
            for row in rows:
                self.add(row)

    def rows_for(self, code: str | None) -> tuple[ProgressRow, ...]:
        """The rows of one dossier, in the order they were read."""
        if code is None:
            return ()
        return tuple(self._rows.get(code.strip(), ()))

    def __contains__(self, code: object) -> bool:
        return code in self._rows

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._rows.values())

    def codes(self) -> list[str]:
        """The dossier codes the rows name, in the order each was first seen."""
        return list(self._rows)

    def unmatched(self, dossier_codes: Container[str]) -> list[InputRecord]:
        """One ``error`` record for each dossier code whose rows have no dossier in ``dossier_codes``."""
        return [self.orphan(code) for code in self._rows if code not in dossier_codes]

    def orphan(self, code: str) -> InputRecord:
        """The error record of the rows of ``code`` (its source is the first of them)."""
        rows = self._rows[code]
        return InputRecord(
            rows[0].source,
            error=Reason(R_ORPHAN_PROGRESS, {"code": code, "rows": len(rows)}),
            format=FORMAT,
            dossier_code=code,
        )


# --- mapping one record --------------------------------------------------------------------------------


def _code_text(value: Any) -> str | None:
    """A code as text: strings as they are, integral numbers without a decimal point."""
    if type(value) is str:
        return value
    if type(value) is int:
        return str(value)
    if type(value) is float and value.is_integer():
        return str(int(value))
    return None


def _procedure_code(value: Any) -> Any:
    if type(value) is float:
        return f"{value:.6f}"  # 1.00119 is how a JSON number writes the procedure code 1.001190
    text = _code_text(value)
    return value if text is None else text


def _small_int(value: Any) -> int | None:
    """A code-list value (1, "1", 1.0) as an int; None when it is not one."""
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    if type(value) is str:
        found = _SMALL_TEXTS.get(value, _MISSING)
        if found is _MISSING:  # the texts of a code list are few: each is read once
            text = value.strip()
            found = int(text) if text.isdigit() and text.isascii() else None
            if len(_SMALL_TEXTS) > 4096:
                _SMALL_TEXTS.clear()
            _SMALL_TEXTS[value] = found
        return found  # type: ignore[return-value]
    return None


_MISSING = object()
_SMALL_TEXTS: dict[str, int | None] = {}


def _blank(value: Any) -> bool:
    return value is None or (type(value) is str and not value.strip())


def _text(value: Any) -> str | None:
    if type(value) is str:
        return value.strip() or None
    if type(value) in (int, float):
        return str(value)
    return None


class _Mapper:
    """Maps one portal record; collects the origin's parts as it goes.

    Most records of an export share their not-evaluable list and their unknown parts, so those are
    built once per distinct combination and shared (read-only); the paths are copied only when a record
    adds its own (components, supplement rounds).
    """

    def __init__(self, raw: dict[str, Any], source: str) -> None:
        self.raw = raw
        self.source = source
        self.problems: list[Problem] = []
        self.unknown: tuple[str, ...] = ()
        self.paths: dict[str, str] = _PATHS  # type: ignore[assignment]
        self.own_paths = False  # False while ``paths`` is shared (read-only): copied on the first write
        self.cannots: list[tuple[tuple[str, ...], str]] = []

    def when(self, key: str, pointer: str, raw: Mapping[str, Any] | None = None) -> str | None:
        value = (self.raw if raw is None else raw).get(key)
        if (
            type(value) is str
            and len(value) == 14
            and (day := STAMP_DAYS.get(value[:8]))
            and (clock := STAMP_TIMES.get(value[8:]))
        ):
            return day + clock  # yyyyMMddHHmmss, what nearly every sender writes (stamp(), inline)
        if value == "" or value is None:  # how senders write "unknown": most optional dates are
            return None
        try:
            return read_when(value)
        except ValueError:
            self.problems.append(Problem(pointer, "date", PORTAL_FORMATS))
            return None

    def cannot(self, codes: tuple[str, ...], reason: str) -> None:
        """The rules ``codes`` are not evaluable for this record (the first reason given stays)."""
        self.cannots.append((codes, reason))

    def is_cannot(self, code: str) -> bool:
        if code in _NEVER:
            return True
        for codes, _ in self.cannots:  # noqa: SIM110 - a loop, not any(): no generator to build
            if code in codes:
                return True
        return False

    def path(self, pointer: str, source: str) -> None:
        if not self.own_paths:
            self.paths = dict(self.paths)
            self.own_paths = True
        self.paths[pointer] = source

    def origin(self) -> Origin:
        key = (tuple(self.cannots), self.unknown)
        if not self.problems and not self.own_paths:
            # The common record: nothing of its own, so its whole origin is shared (it is immutable).
            whole = _ORIGINS.get((key, id(self.paths)))
            if whole is not None and whole.paths is self.paths:
                return whole
        shared = _SHARED.get(key)
        if shared is None:
            not_evaluable = dict(_NEVER)
            for codes, reason in self.cannots:
                for code in codes:
                    if code == "DC401" and reason == R_NO_STATUS:
                        not_evaluable[code] = reason  # stays so when a tracking book is joined
                    not_evaluable.setdefault(code, reason)
            shared = (MappingProxyType(not_evaluable), _ALWAYS_UNKNOWN | frozenset(self.unknown))
            if len(_SHARED) > 4096:
                _SHARED.clear()
            _SHARED[key] = shared
        origin = Origin(
            FORMAT,
            not_evaluable=shared[0],
            unknown=shared[1],
            problems=tuple(self.problems),
            paths=self.paths,
        )
        if not self.problems and not self.own_paths:
            if len(_ORIGINS) > 4096:
                _ORIGINS.clear()
            _ORIGINS[key, id(self.paths)] = origin
        return origin


_SHARED: dict[tuple[Any, ...], tuple[Mapping[str, str], frozenset[str]]] = {}
_ORIGINS: dict[tuple[Any, ...], Origin] = {}


_VERSIONS: dict[tuple[int, str, str], tuple[Catalog, ProcedureVersion | None]] = {}


def _version(catalog: Catalog | None, code: Any, received: str | None) -> ProcedureVersion | None:
    if catalog is None or type(code) is not str or received is None:
        return None
    # An export holds a few procedures and days: resolved once per (catalogue, code, day of receipt) when
    # the receipt is local time without an offset (its first ten characters are then its local day).
    key = (id(catalog), code, received[:10]) if len(received) == 19 else None
    found = _VERSIONS.get(key) if key is not None else None
    if found is not None and found[0] is catalog:
        return found[1]
    when = parse_when(received)
    if when is None:
        return None
    version = catalog.resolve(code.strip(), when.date).version
    if key is not None:
        if len(_VERSIONS) > 4096:
            _VERSIONS.clear()
        _VERSIONS[key] = (catalog, version)
    return version


@dataclass(frozen=True)
class _Published:
    """What the mapping needs of a procedure version's components, computed once per version."""

    by_portal: Mapping[str, Any]
    by_name: Mapping[str, Any]
    by_channel: dict[str, tuple[tuple[tuple[str, str | None], ...], dict[str, str]]] = field(
        default_factory=dict
    )
    # (channel, component codes…, their source pointers…) → (code and name of each, their paths, every path, whether
    # a missing component depends on facts)
    kept: dict[tuple[Any, ...], tuple[tuple[tuple[str, str], ...], dict[str, str], dict[str, str], bool]] = (
        field(default_factory=dict)
    )

    def conditions(
        self, version: ProcedureVersion, channel: str
    ) -> tuple[tuple[tuple[str, str | None], ...], dict[str, str]]:
        """The channel's ``submit`` components whose requirement has a condition, and every group by code."""
        found = self.by_channel.get(channel)
        if found is None:
            components = version.index(channel).components
            conditional = tuple(
                (c.code, c.group)
                for c in components
                if c.kind == "submit" and not isinstance(c.required, bool)
            )
            found = (conditional, {c.code: c.group for c in components if c.group is not None})
            self.by_channel[channel] = found
        return found


_PUBLISHED: dict[int, tuple[ProcedureVersion, _Published]] = {}


def _published(version: ProcedureVersion) -> _Published:
    """The version's components by portal code and by folded name (those listed under a case too)."""
    cached = _PUBLISHED.get(id(version))
    if cached is not None and cached[0] is version:
        return cached[1]
    components = list(version.procedure.components)
    for case in getattr(version.procedure, "cases", None) or ():
        components.extend(getattr(case, "components", None) or ())
    by_portal: dict[str, Any] = {}
    for comp in components:
        portal = getattr(
            comp, "portal_code", None
        )  # a field of procedure components, where the format has it
        if isinstance(portal, str) and portal.strip():
            by_portal.setdefault(portal.strip(), comp)
    found = _Published(by_portal, {fold(c.name): c for c in components})
    if len(_PUBLISHED) > 4096:  # catalogues are loaded once a run; this only bounds a long-lived process
        _PUBLISHED.clear()
    _PUBLISHED[id(version)] = (version, found)
    return found


def _no_files(files: Any) -> bool:
    """``TaiLieuNop`` absent, null, or a list without a file that is not deleted (what :func:`_components`
    calls "no files"); a value of another type is a format problem, said where the components are read."""
    if files is None:
        return True
    return type(files) is list and not any(type(f) is dict and f.get("IsDeleted") not in _TRUE for f in files)


def _components(m: _Mapper, version: ProcedureVersion, channel: str) -> list[dict[str, Any]] | None:
    """The kept components, when every submitted file and paper matches a published component; else None."""
    files = m.raw.get("TaiLieuNop")
    papers = m.raw.get("DanhSachTepDinhKemKhac")
    if files is not None and type(files) is not list:
        m.problems.append(Problem("/components", "type", "array"))
        return None
    published = _published(version)
    by_portal, by_name = published.by_portal, published.by_name
    # One pass over the files (the first unmatched one is a listed one, so "no files" is only known at the
    # end). ``at`` holds where each kept component was found, in the order they are kept: the position of
    # its file, or -1 - the position of its paper; the pointers are written only when the memo misses.
    kept: dict[str, Any] = {}
    at: list[int] = []
    listed = False
    for j, f in enumerate(files or ()):
        if type(f) is not dict or f.get("IsDeleted") in _TRUE:
            continue
        listed = True
        portal = f.get("MaThanhPhanHoSo")
        comp = by_portal.get(portal.strip() if type(portal) is str else (_code_text(portal) or "").strip())
        if comp is None:
            m.cannot(_COMPONENT_RULES, R_UNMATCHED_FILES)
            return None
        if comp.code not in kept:
            kept[comp.code] = comp
            at.append(j)
    if not listed:
        m.cannot(_COMPONENT_RULES, R_NO_FILES)
        return None
    for j, paper in enumerate(papers if type(papers) is list else ()):
        name = paper.get("TenGiayTo") if type(paper) is dict else None
        comp = by_name.get(fold(name)) if type(name) is str else None
        if comp is None:
            m.cannot(_COMPONENT_RULES, R_UNMATCHED_FILES)
            return None
        if comp.code not in kept:
            kept[comp.code] = comp
            at.append(-1 - j)
    key = (channel, *kept, *at)
    found = published.kept.get(key)
    if found is None:
        # Most records of an export list the same files: their paths and facts are worked out once.
        wheres = [f"/TaiLieuNop/{j}" if j >= 0 else f"/DanhSachTepDinhKemKhac/{-1 - j}" for j in at]
        added = {f"/components/{i}": where for i, where in enumerate(wheres)}
        found = (
            tuple((comp.code, comp.name) for comp in kept.values()),
            added,
            {**_PATHS, **added},
            _depends_on_facts(version, channel, kept),
        )
        if len(published.kept) > 4096:
            published.kept.clear()
        published.kept[key] = found
    names, added, merged, facts = found
    if m.paths is _PATHS:
        m.paths = merged  # shared, read-only: :meth:`_Mapper.path` copies it before a write
    else:
        for pointer, where in added.items():
            m.path(pointer, where)
    if facts:
        m.cannot(("DC101",), R_FACTS)
    return [{"code": code, "name": name} for code, name in names]


def _depends_on_facts(version: ProcedureVersion, channel: str, present: Iterable[str]) -> bool:
    """True when whether a component is missing depends on the dossier's facts, which are not carried.

    A component kept in the dossier is not missing whatever the facts; nor is a member of a group of
    alternatives another member of which is kept. Only an absent component with a condition is unknown.
    """
    conditional, groups = _published(version).conditions(version, channel)
    if not conditional:
        return False
    kept = set(present)
    satisfied = {groups[c] for c in kept if c in groups}
    return any(code not in kept and (group is None or group not in satisfied) for code, group in conditional)


def _limit_depends_on_channel(version: ProcedureVersion) -> bool:
    overrides = version.procedure.channel_time_limits or {}
    return any(limit != version.procedure.time_limit for limit in overrides.values())


def _appointment(m: _Mapper) -> str | None:
    """The appointment the dossier got at receipt: before any supplement round moved it, if one did."""
    rounds = m.raw.get("DanhSachHoSoBoSung")
    rounds = rounds if type(rounds) is list else []
    for j, r in enumerate(rounds):
        if type(r) is dict and not _blank(r.get("NgayHenTraTruoc")):
            m.path("/appointment_slip/appointment_at", f"/DanhSachHoSoBoSung/{j}/NgayHenTraTruoc")
            return m.when("NgayHenTraTruoc", "/appointment_slip/appointment_at", r)
    appointment = m.when("NgayHenTra", "/appointment_slip/appointment_at")
    if rounds and appointment is not None:
        m.cannot(("DC203",), R_MOVED)
    return appointment


def _same(a: When | None, b: When | None) -> bool:
    return a is not None and b is not None and a.same(b)


def _status(w: When | None, at: str, raw: Any, deadline: Any) -> str | None:
    """A step's status from its time (``raw`` as sent, read as the ISO text ``at`` and, unless it is a
    stamp, as ``w``) against its own deadline."""
    if (
        type(deadline) is str
        and len(deadline) == 14
        and type(raw) is str
        and len(raw) == 14
        and deadline.isdigit()
    ):
        # yyyyMMddHHmmss on both sides: the text orders as the time does
        if raw > deadline:
            return "late"
        return "early" if raw[:8] < deadline[:8] else "on_time"
    try:
        found = read_moment(deadline)
    except ValueError:
        return None
    if found is None:
        return None
    d = found[1]
    when = w if w is not None else _at(at)
    if when.after(d):
        return "late"
    return "early" if when.local.date() < d.local.date() else "on_time"


_STEP, _NOTE, _RECEPTION_ROW, _CLOSING_ROW = range(4)
_KINDS: dict[str, int] = {}


def _kind_of(text: Any) -> int:
    """What a row's text (NoiDungXuLy) says it is; memoised, as a sender repeats a handful of texts."""
    if type(text) is not str:
        return _STEP
    kind = _KINDS.get(text)
    if kind is None:
        folded = fold(text)
        kind = _STEP
        for start, k in (
            (_NO_APPOINTMENT_NOTE, _NOTE),
            (_RECEPTION, _RECEPTION_ROW),
            (_CLOSING, _CLOSING_ROW),
        ):
            if folded.startswith(start):
                kind = k
        if len(_KINDS) > 4096:
            _KINDS.clear()
        _KINDS[text] = kind
    return kind


_GIVERS: dict[str, str | None] = {}


def _giver(raw: str) -> str | None:
    """The officer's name as kept (None for a blank or a placeholder); memoised, as names repeat."""
    if raw in _GIVERS:
        return _GIVERS[raw]
    name = raw.strip()
    kept = name if name and fold(raw) not in _PLACEHOLDER_OFFICERS else None
    if len(_GIVERS) > 4096:
        _GIVERS.clear()
    _GIVERS[raw] = kept
    return kept


def _handovers(
    m: _Mapper, rows: Sequence[ProgressRow], received: str | None, resolved: str | None
) -> dict[str, Any]:
    """The control slip's hand-over rows, from the dossier's progress rows in time order (``received`` and
    ``resolved`` as mapped: the synthesised first and last rows are recognised by these times)."""
    # One pass builds every row's hand-over, kept with what ordering and trimming need: (sort key, the
    # hand-over, its When — None for a stamp, built only where compared —, its kind).
    # The sort key of a stamp is the text as sent (yyyyMMddHHmmss orders as the time does); once a row has
    # another form, every key becomes the parsed local time. The loop is the mapping's hottest: the memos
    # it reads are looked up inline (a miss calls the function that fills them).
    timed: list[tuple[Any, dict[str, Any], When | None, int]] = []
    parsed = False  # some key is a parsed time
    days, times, kinds, givers, deadlines = STAMP_DAYS, STAMP_TIMES, _KINDS, _GIVERS, _DEADLINE_DAYS
    for source, _, data in rows:
        raw: Any = data.get("ThoiDiemXuLy")
        if (
            type(raw) is str
            and len(raw) == 14
            and (day := days.get(raw[:8]))
            and (clock := times.get(raw[8:]))
        ):
            at, w = day + clock, None
        else:
            found = _row_time(raw)
            if found is None:
                # One row without a readable time makes the order of all of them unknown: the rules that
                # read the hand-over times are skipped (DC001 says why), as for any broken part.
                m.problems.append(Problem("/control_slip/handovers", "date", f"{PORTAL_FORMATS}; {source}"))
                continue
            at, w = found
            parsed = parsed or w is not None
        if data.get("TrangThai") in _NOT_RECEIVED:
            continue  # filed online before reception: not a step of the desk's processing
        text = data.get("NoiDungXuLy")
        kind = kinds.get(text) if type(text) is str else _STEP
        if kind is None:
            kind = _kind_of(text)
        if kind == _NOTE:
            continue  # a note, not a step
        handover: dict[str, Any] = {"handed_at": at}
        giver = data.get("NguoiXuLy")
        if type(giver) is str:
            kept = givers.get(giver, _MISSING)
            if kept is _MISSING:
                kept = _giver(giver)
            if kept is not None:
                handover["giver"] = kept
        unit = data.get("PhongBanXuLy")
        if type(unit) is str and (unit := unit.strip()):
            handover["from_unit"] = unit
        deadline = data.get("NgayKetThucTheoQuyDinh")
        day = ""
        if w is None and type(deadline) is str:
            day = deadlines.get(deadline)
            if day is None:
                day = _deadline_day(deadline)
        if day:
            # yyyyMMddHHmmss on both sides (_status's first case, inline): the text orders as the time does,
            # and a stamp is before the deadline's day when it is before the deadline's eight day digits
            handover["status"] = "late" if raw > deadline else "early" if raw < day else "on_time"
        elif (status := _status(w, at, raw, deadline)) is not None:
            handover["status"] = status
        timed.append((raw if w is None else w.local, handover, w, kind))
    if parsed:
        timed = [item if item[2] is not None else (_when_of(item).local, *item[1:]) for item in timed]
    timed.sort(key=_sort_key)  # stable: rows of the same time stay in the order they were read
    first, last = 0, len(timed)
    if timed and timed[0][3] == _RECEPTION_ROW and _same(_when_of(timed[0]), parse_when(received)):
        first = 1
        m.cannot(("DC307",), R_SYNTHESISED)
    if last > first and timed[-1][3] == _CLOSING_ROW and _same(_when_of(timed[-1]), parse_when(resolved)):
        last -= 1
    handovers = [item[1] for item in timed[first:last]]
    if not handovers:
        m.cannot(_HANDOVER_RULES, R_NO_HANDOVER)
    return {"handovers": handovers}


_DEADLINE_DAYS: dict[str, str] = {}


def _deadline_day(deadline: str) -> str:
    """The day digits of a step's deadline written ``yyyyMMddHHmmss`` (14 digits), else ""; memoised, as the
    steps of a day share their deadline."""
    day = deadline[:8] if len(deadline) == 14 and deadline.isdigit() else ""
    if len(_DEADLINE_DAYS) >= 1 << 16:
        _DEADLINE_DAYS.clear()
    _DEADLINE_DAYS[deadline] = day
    return day


def _row_time(raw: Any) -> tuple[str, When | None] | None:
    """A progress row's time off the inline path: a stamp not yet memoised (no When: it sorts as sent), any
    other form (with its When), or None when it is not readable."""
    if type(raw) is str and len(raw) == 14 and (iso := stamp(raw)) is not None:
        return iso, None
    try:
        return read_moment(raw)
    except ValueError:
        return None


def _at(iso: str) -> When:
    """The When of a stamp's ISO text (``yyyy-MM-ddTHH:mm:ss``, known to exist)."""
    return When(datetime.fromisoformat(iso), Precision.SECOND)


def _when_of(item: tuple[Any, dict[str, Any], When | None, int]) -> When:
    return item[2] if item[2] is not None else _at(item[1]["handed_at"])


_sort_key = itemgetter(0)


def _applicant(raw: Mapping[str, Any]) -> dict[str, Any]:
    ids = raw.get("DinhDanhCHS")
    number = None
    if type(ids) is list and ids and type(ids[0]) is dict:
        number = ids[0].get("SoDinhDanh")
        if type(number) is not str:  # a text is kept as it is (_code_text, inline)
            number = _code_text(number)
    if number is not None and ((bare := number.strip()) == "" or bare in _PLACEHOLDER_IDS):
        number = None
    if number is None:
        number = _code_text(raw.get("SoGiayToChuHoSo"))
        if number is not None and ((bare := number.strip()) == "" or bare in _PLACEHOLDER_IDS):
            number = None
    phone = raw.get("SoDienThoai")
    if type(phone) is not str:
        phone = _code_text(phone)
    name, email = raw.get("ChuHoSo"), raw.get("Email")
    return {
        "name": (name.strip() or None) if type(name) is str else _text(name),  # _text, inline for a text
        "id_number": number,
        "phone": phone or None,
        "email": (email.strip() or None) if type(email) is str else _text(email),
    }


def _supplements(m: _Mapper) -> list[dict[str, Any]]:
    rounds = m.raw.get("DanhSachHoSoBoSung")
    if rounds is None:
        return []
    if type(rounds) is not list:
        m.problems.append(Problem("/supplement_requests", "type", "array"))
        return []
    out = []
    for j, r in enumerate(rounds):
        if type(r) is not dict:
            m.problems.append(Problem(f"/supplement_requests/{j}", "type", "object"))
            continue
        request: dict[str, Any] = {
            "issued_at": m.when("NgayBoSung", f"/supplement_requests/{j}/issued_at", r)
        }
        what = _text(r.get("NoiDungBoSung"))
        request["items"] = [what] if what else []
        request["issued_by"] = _text(r.get("NguoiYeuCauBoSung"))
        for mine, theirs in _ROUND_FIELDS.items():
            m.path(f"/supplement_requests/{j}/{mine}", f"/DanhSachHoSoBoSung/{j}/{theirs}")
        out.append(request)
    return out


def map_record(
    item: InputRecord, *, progress: ProgressIndex | None = None, catalog: Catalog | None = None
) -> InputRecord:
    """Map one portal record (from :func:`expand`) into a native dossier with its origin.

    ``progress`` holds the run's progress rows (their dossier's become the control slip's hand-overs);
    ``catalog`` resolves the procedure, so that submitted files can be matched to its components by their
    ``portal_code`` and the deadline rule knows whether the time limit depends on the channel. A record
    with ``TrangThaiHoSo`` 1 comes back ``skipped``. Never raises on a bad record: its faults are DC001
    problems at the portal's field.
    """
    raw = item.data
    if type(raw) is not dict:
        return _error(item.source, R_NOT_OBJECT, kind=_kind(raw))
    m = _Mapper(raw, item.source)
    # The codes are read inline when they are texts, as nearly every sender writes them (a text is what
    # _code_text and _procedure_code give back for one, and the memo is what _small_int reads): a call of
    # a small helper costs about a thousand instructions, as much as the work it does here.
    code = raw.get("MaHoSo")
    if type(code) is not str and (text := _code_text(code)) is not None:
        code = text
    procedure = raw.get("MaTTHC")
    if type(procedure) is not str:
        procedure = _procedure_code(procedure)
    status = raw.get("TrangThaiHoSo")
    status_code: Any = _SMALL_TEXTS.get(status, _MISSING) if type(status) is str else _MISSING
    if status_code is _MISSING:
        status_code = _small_int(status)
    # The record's dates are read by Mapper.when, in this order (so that DC001 problems keep theirs).
    refused_at = m.when("NgayTuChoi", "/rejection/issued_at")
    dossier_code = code.strip() if type(code) is str else None
    procedure_code = procedure if type(procedure) is str else None
    if status_code == 1 and refused_at is None:
        return InputRecord(
            item.source,
            error=Reason(R_NOT_RECEIVED),
            format=FORMAT,
            skipped=True,
            dossier_code=dossier_code,
            procedure_code=procedure_code,
        )
    received = m.when("NgayTiepNhan", "/received_at")
    if received is not None and "T" not in received:
        m.problems.append(Problem("/received_at", "date", _RECEIVED_FORMATS))
        received = None
    d: dict[str, Any] = {}
    # Not blank (_blank, inline: a text code is blank when its stripped form is empty)
    if code is not None and dossier_code != "":
        d["code"] = code
    if procedure is not None and (procedure_code is None or procedure_code.strip()):
        d["procedure_code"] = procedure
    if received is not None:  # never blank: read_when gives None for a blank date
        d["received_at"] = received
    unit = raw.get("DonViXuLy")
    if unit is None or (type(unit) is str and not unit.strip()):  # _blank, inline
        m.unknown += ("/receiving_unit",)
    else:
        d["receiving_unit"] = unit
    # The outcome.
    if status_code == 3 or refused_at is not None:
        d["outcome"] = "rejected"
        d["rejection"] = {"issued_at": refused_at}
    elif status is None or (type(status) is str and not status.strip()):  # _blank, inline
        m.unknown += ("/outcome",)
        m.cannot((*_BY_OUTCOME, "DC401"), R_NO_STATUS)
    elif status_code is None or not 1 <= status_code <= 10:
        m.problems.append(Problem("/outcome", "enum", "1–10"))
    else:
        d["outcome"] = "accepted"
    # The channel: KenhThucHien only (HinhThuc is how the result goes back, never the channel).
    version = _version(catalog, procedure, received)
    channel = raw.get("KenhThucHien")
    channel_code: Any = _SMALL_TEXTS.get(channel, _MISSING) if type(channel) is str else _MISSING
    if channel_code is _MISSING:
        channel_code = _small_int(channel)
    if channel is None or (type(channel) is str and not channel.strip()):  # _blank, inline
        m.unknown += ("/channel",)
        m.cannot(_BY_CHANNEL, R_NO_CHANNEL)
        if version is not None and _limit_depends_on_channel(version):
            m.cannot(("DC203",), R_CHANNEL_LIMIT)
    elif channel_code in _CHANNELS:
        d["channel"] = _CHANNELS[channel_code]
    else:
        m.problems.append(Problem("/channel", "enum", "1, 2, 3"))
    # Components, when the files can be matched to the published list.
    kept = None
    if version is not None and "channel" in d and not m.is_cannot("DC101"):
        kept = _components(m, version, d["channel"])
    elif _no_files(raw.get("TaiLieuNop")):
        # No submitted file at all: DC101–DC103 have nothing to read, whatever else the record lacks (an
        # unknown procedure or channel says so too, first; this says it when nothing else did).
        m.cannot(_COMPONENT_RULES, R_NO_FILES)
    d["components"] = kept if kept is not None else []
    # The appointment, the result and the return.
    rounds = raw.get("DanhSachHoSoBoSung")
    if type(rounds) is list and rounds:
        appointment = _appointment(m)
    else:  # no supplement round: NgayHenTra, as _appointment reads it
        appointment = m.when("NgayHenTra", "/appointment_slip/appointment_at")
    if appointment is not None:
        slip: dict[str, Any] = {"appointment_at": appointment}
        number = raw.get("SoBienNhan")
        number = (number.strip() or None) if type(number) is str else _text(number)  # _text, inline
        if number:
            slip["number"] = number
        d["appointment_slip"] = slip
    elif not any(p.path == "/appointment_slip/appointment_at" for p in m.problems):
        m.cannot(("DC203",), R_NO_APPOINTMENT)
    resolved = m.when("NgayKetThucXuLy", "/resolved_at")
    if resolved is not None:
        d["resolved_at"] = resolved
    if (returned := m.when("NgayTra", "/returned_at")) is not None:
        d["returned_at"] = returned
    d["applicant"] = _applicant(raw)
    d["supplement_requests"] = _supplements(m) if rounds is not None and rounds != [] else []
    # The progress rows: the control slip's hand-overs.
    # rows_for, inline: the code is already stripped, and the rows are only read
    rows = progress._rows.get(dossier_code, ()) if progress is not None and dossier_code is not None else ()
    if rows:
        d["control_slip"] = _handovers(m, rows, received, resolved)
    else:
        m.cannot(_PROGRESS_RULES, R_NO_PROGRESS)
    # Positional (source, data, error, raw, format, origin, skipped, dossier_code, procedure_code): a
    # dataclass's keyword arguments cost about 900 instructions more a call.
    return InputRecord(item.source, d, None, None, FORMAT, m.origin(), False, dossier_code, procedure_code)
