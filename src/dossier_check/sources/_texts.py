"""Why an input could not be read, in both languages: the reasons the readers of containers and of the
native format give (registered once, rendered in the run's language by the records and summaries)."""

from __future__ import annotations

from ..reasons import register_reason

NO_SUCH_FILE = register_reason(
    "no_such_file", vi="không có tệp hoặc thư mục này", en="no such file or directory"
)
CANNOT_READ = register_reason("cannot_read", vi="không đọc được: {error}", en="cannot read: {error}")
UNSUPPORTED = register_reason(
    "unsupported_file_type",
    vi="không đọc loại tệp này (các loại đọc được: {kinds})",
    en="unsupported file type (expected {kinds})",
)
NOT_UTF8 = register_reason(
    "not_utf8",
    vi="không phải văn bản UTF-8: byte không hợp lệ đầu tiên ở vị trí {offset} (tính từ 0), dòng {line} của bản ghi",
    en="not UTF-8 text: the first invalid byte is at offset {offset} (counted from 0), line {line} of the record",
)
UTF16 = register_reason(
    "not_utf8_utf16",
    vi="không phải văn bản UTF-8 (có vẻ là UTF-16); hãy xuất lại dữ liệu dưới dạng UTF-8",
    en="not UTF-8 text (looks like UTF-16); re-export as UTF-8",
)
BAD_JSON = register_reason(
    "bad_json",
    vi="không phải JSON hợp lệ ở dòng {line}, cột {column} của bản ghi (bộ phân tích JSON báo: {msg})",
    en="not valid JSON: {detail}",
)
BAD_JSON_PLAIN = register_reason("bad_json_plain", vi="không phải JSON hợp lệ", en="not valid JSON")
ARRAY_NOT_CLOSED = register_reason(
    "json_array_not_closed",
    vi="bị cắt cụt: mảng JSON chưa đóng (thiếu dấu ']' cuối)",
    en="truncated: the JSON array is not closed (no final ']')",
)
AFTER_ARRAY = register_reason(
    "json_after_array",
    vi="không phải JSON hợp lệ: còn dữ liệu sau dấu ']' đóng mảng",
    en="not valid JSON: unexpected data after the closing ']'",
)
NO_SEPARATOR = register_reason(
    "json_no_separator",
    vi="không phải JSON hợp lệ: cần ',' hoặc ']' sau phần tử {index}; phần còn lại của tệp không được đọc",
    en="not valid JSON: expected ',' or ']' after element {index}; the rest of the file was not read",
)
ENDS_IN_ELEMENT = register_reason(
    "json_ends_in_element",
    vi="bị cắt cụt: tệp kết thúc giữa phần tử {index}",
    en="truncated: the file ends inside element {index}",
)
BAD_ELEMENT = register_reason(
    "json_bad_element",
    vi="{reason} (phần tử {index}; phần còn lại của tệp không được đọc)",
    en="{reason} (element {index}; the rest of the file was not read)",
)
# What is wrong with a compressed stream or an archive, told from the exception's class alone: the
# library's own (English) text is never shown.
GZIP_HEADER = register_reason(
    "corrupt_gzip_header",
    vi="không phải dữ liệu nén gzip hợp lệ (phần đầu hoặc mã kiểm tra gzip sai)",
    en="not valid gzip data (bad gzip header or checksum)",
)
TRUNCATED_COMPRESSED = register_reason(
    "truncated_compressed",
    vi="dữ liệu nén bị cắt cụt: tệp kết thúc trước khi luồng nén kết thúc",
    en="truncated compressed data: the file ends before the end of the compressed stream",
)
CORRUPT_COMPRESSED = register_reason(
    "corrupt_compressed",
    vi="dữ liệu nén bị hỏng: không giải nén được",
    en="corrupt compressed data: it cannot be decompressed",
)
CORRUPT_MEMBER = register_reason(
    "corrupt_zip_member",
    vi="tệp trong kho zip bị hỏng (mã kiểm tra hoặc phần đầu của tệp sai)",
    en="corrupt zip member (bad checksum or member header)",
)
ENCRYPTED_MEMBER = register_reason(
    "encrypted_zip_member",
    vi="không đọc được tệp này trong kho zip: tệp được mã hoá bằng mật khẩu",
    en="cannot read this zip member: it is encrypted with a password",
)
METHOD_MEMBER = register_reason(
    "unsupported_zip_method",
    vi="không đọc được tệp này trong kho zip: phương pháp nén không được hỗ trợ",
    en="cannot read this zip member: its compression method is not supported",
)
NOT_ZIP = register_reason("not_zip", vi="không phải kho zip", en="not a zip archive")
TRUNCATED_ZIP = register_reason("truncated_zip", vi="kho zip bị cắt cụt", en="truncated zip archive")
ZIP_VERSION = register_reason(
    "unsupported_zip_version",
    vi="kho zip dùng phiên bản định dạng không được hỗ trợ",
    en="the zip archive uses a format version that is not supported",
)
DAMAGED_ZIP = register_reason(
    "damaged_zip",
    vi="kho zip bị hỏng: mục lục của kho không đọc được",
    en="damaged zip archive: its central directory cannot be read",
)
UNSUPPORTED_MEMBER = register_reason(
    "unsupported_zip_member",
    vi="không đọc loại tệp này trong kho zip (đọc được .json, .jsonl, .ndjson và các tệp .gz của chúng)",
    en="unsupported member type inside a zip archive (expected .json, .jsonl, .ndjson and .gz of those)",
)
NOT_A_DOSSIER = register_reason(
    "not_a_dossier",
    vi="không phải hồ sơ: {kind_vi} JSON, không phải một đối tượng",
    en="not a dossier: a JSON {kind}, not an object",
)
INTERNAL_READ = register_reason(
    "internal_read_error",
    vi="lỗi nội bộ khi đọc{where} ({error}); phần còn lại không được đọc, xin báo cho nhóm phát triển",
    en="internal error while reading{where} ({error}); the rest was not read",
)
INTERNAL_CHECK = register_reason(
    "internal_check_error",
    vi="lỗi nội bộ khi kiểm tra hồ sơ này ({error}); xin báo cho nhóm phát triển",
    en="internal error while checking this dossier ({error}); please report it",
)
INTERNAL_RECORD = register_reason(
    "internal_record_error",
    vi="lỗi nội bộ khi đọc bản ghi này ({error}); xin báo cho nhóm phát triển",
    en="internal error while reading this record ({error}); please report it",
)
