"""The command line's words in both languages: help texts, argparse's own messages, usage errors.

The language of ``--help`` and of argparse's messages has to be known before the arguments are parsed, so
it is chosen by :func:`choose_lang`: the last ``--lang vi|en`` (or ``--lang=…``) on the command line,
else the environment variable ``DOSSIER_CHECK_LANG`` (``vi`` or ``en``), else Vietnamese. After parsing,
a command's messages follow its ``--lang``, else the configuration file's ``lang``, else the same choice.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from .reasons import register_reason

__all__ = ["ARGPARSE_VI", "ENV_LANG", "HELP", "choose_lang", "help_text"]

ENV_LANG = "DOSSIER_CHECK_LANG"
"""The environment variable that sets the default language of the command line (``vi`` or ``en``)."""


def choose_lang(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language of the command line before parsing (see the module's description)."""
    lang = None
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in ("vi", "en"):
            lang = value
    if lang is not None:
        return lang
    env = (environ if environ is not None else os.environ).get(ENV_LANG, "").strip().lower()
    return env if env in ("vi", "en") else "vi"


_EXIT_CHECK = {
    "vi": "Trạng thái thoát: 0 mọi hồ sơ đạt; 1 có hồ sơ không đạt; 2 lỗi cách dùng, cấu hình hoặc danh mục "
    "(không kiểm tra gì); 3 có dữ liệu đầu vào không đọc được (được ưu tiên hơn 1); 130, 143 bị dừng bởi "
    "SIGINT, SIGTERM; 141 chương trình đọc đầu ra chuẩn đã đóng (`| head`).",
    "en": "Exit status: 0 every dossier passes; 1 some dossier fails; 2 usage, configuration or catalogue "
    "error (nothing checked); 3 some input could not be read (takes precedence over 1); 130, 143 "
    "interrupted by SIGINT, SIGTERM; 141 the reader of standard output went away (`| head`).",
}
_EXIT_INFO = {
    "vi": "Trạng thái thoát: 0 thành công; 2 lỗi cách dùng, cấu hình hoặc danh mục.",
    "en": "Exit status: 0 success; 2 usage, configuration or catalogue error.",
}

HELP: dict[str, dict[str, str]] = {
    "vi": {
        "description": "Kiểm tra hồ sơ thủ tục hành chính như người kiểm tra. Ngôn ngữ: --lang vi|en, hoặc "
        "biến môi trường DOSSIER_CHECK_LANG (mặc định vi).",
        "version": "in số phiên bản rồi thoát",
        "commands": "lệnh",
        "catalog": "thêm thư mục tệp thủ tục (dùng được nhiều lần)",
        "as_of": "thời điểm kiểm tra cho hồ sơ chưa có kết quả (mặc định: bây giờ)",
        "format": "định dạng kết quả (mặc định: text)",
        "lang": "ngôn ngữ thông báo (mặc định: vi)",
        "select": "chỉ các mã quy tắc hoặc tiền tố này, ví dụ DC1,DC205",
        "ignore": "bỏ qua các mã quy tắc hoặc tiền tố này",
        "config": "tệp cấu hình TOML (mức độ, giờ làm việc, lịch nghỉ…)",
        "max_record_size": "kích thước lớn nhất của một bản ghi được đọc, ví dụ 64MiB (mặc định), 512KiB, 1GiB; "
        "bản ghi lớn hơn là một bản ghi lỗi",
        "files": "tệp hoặc thư mục hồ sơ (.json, .jsonl, .ndjson, .zip, .gz, .xlsx, .csv); - là đầu vào chuẩn",
        "paths": "tệp hoặc thư mục hồ sơ (.json, .jsonl, .ndjson, .zip, .gz, .xlsx, .csv)",
        "input_format": "cách đọc dữ liệu đầu vào: auto (theo phần mở rộng và nội dung, mặc định), native "
        "(bản ghi hồ sơ), dvcqg (dữ liệu đồng bộ và tiến độ của Cổng Dịch vụ công quốc gia) hoặc book (sổ "
        "theo dõi hồ sơ .xlsx/.csv)",
        "check": "kiểm tra hồ sơ và in kết luận từng hồ sơ (cho Bộ phận Một cửa)",
        "check_description": "Kiểm tra từng hồ sơ và in kết luận: đạt, không đạt và các vi phạm.",
        "audit": "kiểm tra toàn bộ dữ liệu xuất: bảng tổng hợp, CSV, XLSX, báo cáo HTML (cho đoàn kiểm tra)",
        "audit_description": "Kiểm tra toàn bộ dữ liệu xuất song song và lập bảng tổng hợp, tệp CSV/XLSX "
        "và báo cáo kiểm tra HTML.",
        "jobs": "số tiến trình (mặc định: số lõi CPU)",
        "output": "ghi kết quả vào FILE thay vì đầu ra chuẩn",
        "report": "ghi thêm báo cáo kiểm tra HTML độc lập",
        "summary": "ghi thêm toàn bộ bảng tổng hợp dạng JSON (lược đồ: dossier_check/schemas/summary.schema.json trong gói), gồm các chỉ số "
        "theo Quyết định 766/QĐ-TTg",
        "csv_delimiter": 'với --format csv: dấu phân cách (mặc định ","); dùng ";" cho Excel đặt vùng Việt Nam',
        "quiet": "không hiện thanh tiến độ",
        "exit_zero": "thoát với mã 0 cả khi có hồ sơ không đạt (mã 2 và 3 vẫn giữ)",
        "exit_zero_note": "--exit-zero đổi 1 thành 0.",
        "rules": "liệt kê mọi quy tắc kèm căn cứ pháp lý",
        "rules_description": "Liệt kê mọi quy tắc kiểm tra kèm mức độ và căn cứ pháp lý.",
        "rules_format": "markdown: bảng theo ngôn ngữ đã chọn; json: mọi văn bản của mọi quy tắc, cả hai "
        "ngôn ngữ",
        "rule": "giải thích một quy tắc, ví dụ `dossier-check rule DC102`",
        "rule_description": "Giải thích một quy tắc: nội dung, mẫu thông báo, căn cứ pháp lý.",
        "rule_code": "mã quy tắc, ví dụ DC102",
        "deadline": "tính thời hạn giải quyết theo quy định và giải thích từng ngày",
        "deadline_description": "Tính thời gian hẹn trả kết quả muộn nhất của một thủ tục từ thời điểm "
        "tiếp nhận, giải thích từng ngày làm việc và ngày nghỉ.",
        "procedure": "mã thủ tục",
        "received_at": "thời điểm tiếp nhận (ISO 8601, ví dụ 2026-10-20T09:15)",
        "channel": "hình thức nộp (mặc định: direct)",
        "case": "trường hợp của thủ tục (mã hoặc tên); mặc định: trường hợp có thời hạn dài nhất",
        "deadline_format": "định dạng kết quả (mặc định: text)",
        "schema": "in JSON Schema của hồ sơ, của tệp thủ tục, hoặc của hồ sơ một thủ tục",
        "schema_description": "In JSON Schema của hồ sơ, của tệp thủ tục, hoặc của hồ sơ một thủ tục.",
        "kind": "dossier (hồ sơ, mặc định) hoặc procedure (tệp thủ tục)",
        "schema_procedure": "JSON Schema của hồ sơ thủ tục này",
        "on": "với --procedure: phiên bản có hiệu lực vào ngày DATE (mặc định: hôm nay)",
        "schema_channel": "với --procedure: hình thức nộp",
        "catalog_cmd": "nhập dữ liệu thủ tục của Cổng; rà soát thư mục tệp thủ tục",
        "catalog_cmd_description": "Nhập bản ghi thủ tục (LayThuTuc) thành tệp thủ tục; rà soát thư mục tệp "
        "thủ tục.",
        "actions": "thao tác",
        "import": "chuyển bản ghi thủ tục của Cổng (LayThuTuc) thành tệp thủ tục",
        "import_description": "Chuyển bản ghi thủ tục của Cổng Dịch vụ công quốc gia (LayThuTuc) thành tệp "
        "thủ tục.",
        "import_files": "tệp bản ghi thủ tục (JSON)",
        "out": "thư mục ghi tệp thủ tục (tạo nếu chưa có)",
        "valid_from": "ngày đầu tiên các phiên bản có hiệu lực (YYYY-MM-DD)",
        "import_report": "ghi thêm báo cáo chuyển đổi dạng JSON",
        "report_lang": "ngôn ngữ báo cáo (mặc định: vi)",
        "lint": "tìm định nghĩa không hồ sơ nào đáp ứng được, phiên bản chồng nhau, …",
        "lint_description": "Rà soát một thư mục tệp thủ tục: định nghĩa không hồ sơ nào đáp ứng được, "
        "phiên bản chồng nhau, tệp không đọc được.",
        "lint_dir": "thư mục tệp thủ tục",
        "exit_check": _EXIT_CHECK["vi"],
        "exit_info": _EXIT_INFO["vi"],
        "exit_import": "Trạng thái thoát: 0 mọi bản ghi được chuyển tự động; 1 có bản ghi cần người xem "
        "lại; 3 có bản ghi không nhập được; 2 lỗi cách dùng.",
        "exit_lint": "Trạng thái thoát: 0 không có phát hiện; 1 có phát hiện; 2 có tệp (hoặc thư mục) "
        "không đọc được.",
    },
    "en": {
        "description": "Check Vietnamese administrative-procedure dossiers (hồ sơ TTHC) as an inspector "
        "would. Language: --lang vi|en, or the environment variable DOSSIER_CHECK_LANG (default vi).",
        "version": "show the version and exit",
        "commands": "commands",
        "catalog": "add procedure files (repeatable)",
        "as_of": "audit time for open dossiers (default: now)",
        "format": "output format (default: text)",
        "lang": "message language (default: vi)",
        "select": "only these rule codes or prefixes, e.g. DC1,DC205",
        "ignore": "skip these rule codes or prefixes",
        "config": "TOML configuration (severities, office hours, calendars…)",
        "max_record_size": "largest record read, e.g. 64MiB (the default), 512KiB, 1GiB; a larger one is an "
        "error record",
        "files": "dossier files or directories (.json, .jsonl, .ndjson, .zip, .gz, .xlsx, .csv); - is "
        "standard input",
        "paths": "dossier files or directories (.json, .jsonl, .ndjson, .zip, .gz, .xlsx, .csv)",
        "input_format": "how to read the inputs: auto (by extension and content, the default), native "
        "dossier records, dvcqg (national-portal sync records and progress rows) or book (tracking-book "
        ".xlsx/.csv)",
        "check": "check dossiers and print each verdict (for the desk)",
        "check_description": "Check each dossier and print its verdict: pass, fail and the findings.",
        "audit": "audit whole exports: summary, CSV, XLSX, HTML report (for inspectors)",
        "audit_description": "Audit whole exports in parallel: summary tables, CSV/XLSX files and an HTML "
        "inspection report.",
        "jobs": "worker processes (default: all cores)",
        "output": "write the records to FILE instead of stdout",
        "report": "also write a self-contained HTML inspection report",
        "summary": "also write the whole summary as JSON (schema: dossier_check/schemas/summary.schema.json in the package), the QĐ 766 "
        "indicators included",
        "csv_delimiter": 'with --format csv: the delimiter (default ","); ";" for Excel with Vietnamese '
        "regional settings",
        "quiet": "no progress bar",
        "exit_zero": "exit 0 even when dossiers fail (2 and 3 still apply)",
        "exit_zero_note": "--exit-zero turns 1 into 0.",
        "rules": "list every rule with its legal basis",
        "rules_description": "List every rule with its severity and legal basis.",
        "rules_format": "markdown: a table in the chosen language; json: every text of every rule in both "
        "languages",
        "rule": "explain one rule, e.g. `dossier-check rule DC102`",
        "rule_description": "Explain one rule: what it finds, its message, its legal basis.",
        "rule_code": "a rule code, e.g. DC102",
        "deadline": "compute a statutory deadline and explain it day by day",
        "deadline_description": "Compute a procedure's latest allowed appointment from a receipt time, "
        "explaining every working day and day off.",
        "procedure": "procedure code",
        "received_at": "receipt time (ISO 8601, e.g. 2026-10-20T09:15)",
        "channel": "channel (default: direct)",
        "case": "the procedure's case (id or name); default: the longest of its cases",
        "deadline_format": "output format (default: text)",
        "schema": "print the JSON Schema of dossiers, of procedures, or of one procedure",
        "schema_description": "Print the JSON Schema of dossiers, of procedure files, or of one "
        "procedure's dossiers.",
        "kind": "dossier (the default) or procedure (procedure files)",
        "schema_procedure": "the schema of this procedure's dossiers",
        "on": "with --procedure: the version in force on DATE (default today)",
        "schema_channel": "with --procedure: the channel",
        "catalog_cmd": "import the portal's procedure records; lint a directory of procedure files",
        "catalog_cmd_description": "Import the portal's procedure records (LayThuTuc) into procedure files; lint "
        "a directory of procedure files.",
        "actions": "actions",
        "import": "turn the portal's procedure records (LayThuTuc) into procedure files",
        "import_description": "Turn the national portal's procedure records (LayThuTuc) into procedure "
        "files.",
        "import_files": "procedure record files (JSON)",
        "out": "where the procedure files go (created if needed)",
        "valid_from": "first day the versions are in force (YYYY-MM-DD)",
        "import_report": "also write the conversion report as JSON",
        "report_lang": "report language (default: vi)",
        "lint": "find definitions no dossier can satisfy, overlapping versions, …",
        "lint_description": "Lint a directory of procedure files: definitions no dossier can satisfy, "
        "overlapping versions, unreadable files.",
        "lint_dir": "directory of procedure files",
        "exit_check": _EXIT_CHECK["en"],
        "exit_info": _EXIT_INFO["en"],
        "exit_import": "Exit status: 0 every record mapped mechanically; 1 some record needs a person; 3 "
        "some record not imported; 2 usage error.",
        "exit_lint": "Exit status: 0 no findings; 1 findings; 2 some file (or the directory) could not be "
        "read.",
    },
}
"""Help texts by key, per language."""


def help_text(lang: str, key: str) -> str:
    """The help text ``key`` in ``lang``."""
    return HELP[lang][key]


ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "đối số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in số phiên bản rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu các đối số bắt buộc: %s",
    "unrecognized arguments: %s": "đối số không nhận ra: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn một "
    "trong %(choices)s)",
    "argument %(argument_name)s: %(message)s": "đối số %(argument_name)s: %(message)s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "invalid %(type)s value: %(value)r": "giá trị %(type)s không hợp lệ: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn không rõ: %(option)s có thể là "
    "%(matches)s",
    "not allowed with argument %s": "không dùng được cùng đối số %s",
    "ignored explicit argument %r": "bỏ qua giá trị %r",
    "one of the arguments %s is required": "cần một trong các đối số %s",
}
"""argparse's own messages (Python 3.11) in Vietnamese; a message not listed stays as argparse words it."""


# Usage errors found after parsing, as reasons (keys shown in the run's language).
register_reason(
    "usage_size",
    vi="{option}: cần một kích thước như 64MiB, 512KiB, 1GiB (ít nhất 1 byte), nhận được {value}",
    en="{option}: expected a size such as 64MiB, 512KiB, 1GiB (at least 1 byte), got {value}",
)
register_reason("usage_jobs", vi="--jobs phải từ 1 trở lên", en="--jobs must be at least 1")
register_reason(
    "usage_as_of",
    vi="--as-of: không phải ngày hoặc ngày giờ ISO 8601: {value}",
    en="--as-of: not an ISO 8601 date or date-time: {value}",
)
register_reason(
    "usage_codes_empty",
    vi="{option}: không có mã quy tắc nào (ví dụ {option} DC1,DC205)",
    en="{option}: no rule code in it (e.g. {option} DC1,DC205)",
)
register_reason(
    "usage_code_unknown",
    vi="{option}: {code} không khớp mã quy tắc nào; lệnh `dossier-check rules` liệt kê các quy tắc",
    en="{option}: {code} matches no rule code; `dossier-check rules` lists them",
)
register_reason(
    "usage_not_date",
    vi="{option}: không phải ngày YYYY-MM-DD: {value}",
    en="{option}: not a date YYYY-MM-DD: {value}",
)
register_reason(
    "usage_not_real_date",
    vi="{option}: không phải ngày có thật: {value}",
    en="{option}: not a real date: {value}",
)
register_reason(
    "usage_unknown_procedure",
    vi="--procedure {code}: không có thủ tục này trong danh mục",
    en="--procedure {code}: unknown procedure",
)
register_reason(
    "usage_no_version",
    vi="--procedure {code}: không có phiên bản nào có hiệu lực vào ngày {on}",
    en="--procedure {code}: no version in force on {on}",
)
register_reason(
    "usage_no_case",
    vi="--case {case}: thủ tục {code} không có trường hợp này (các trường hợp: {cases})",
    en="--case {case}: procedure {code} has no such case (its cases: {cases})",
)
register_reason(
    "usage_received_at",
    vi="--received-at: cần ngày giờ ISO 8601 (ví dụ 2026-10-20T09:15): {value}",
    en="--received-at: expected an ISO 8601 date-time (e.g. 2026-10-20T09:15): {value}",
)
register_reason(
    "usage_report_inside_out",
    vi="--report {report}: không được nằm trong --out {out} (thư mục đó chỉ chứa tệp thủ tục)",
    en="--report {report}: must not be inside --out {out} (it holds procedure files only)",
)
register_reason(
    "usage_cannot_write_dir",
    vi="{option} {path}: không ghi được vào đó: {error}",
    en="{option} {path}: cannot write there: {error}",
)
register_reason(
    "usage_cannot_write",
    vi="{option} {path}: không ghi được: {error}",
    en="{option} {path}: cannot write: {error}",
)
register_reason(
    "usage_no_rule",
    vi="không có quy tắc “{code}”; lệnh `dossier-check rules` liệt kê các quy tắc",
    en="no rule “{code}”; `dossier-check rules` lists them",
)
register_reason("cli_error", vi="lỗi", en="error")
register_reason("cli_catalog_error", vi="lỗi danh mục thủ tục", en="catalogue error")
register_reason("cli_config_error", vi="lỗi cấu hình", en="configuration error")
register_reason("cli_calendar_error", vi="lỗi lịch nghỉ", en="calendar error")
