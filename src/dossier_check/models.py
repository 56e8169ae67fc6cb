"""Typed models of the two formats: procedure definitions and dossier records.

These pydantic v2 models are the single source of truth for both formats: the JSON Schemas shipped in
``schemas/`` are generated from them (``dossier-check schema``), and the fast validator that the engine
runs on every dossier is compiled from those generated schemas (:mod:`dossier_check.schema`). Tests prove
that the models, the schemas and the compiled validator accept and reject the same documents.

Unknown keys are allowed everywhere: exports carry extra data and the rules ignore it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .timeutil import DATE_PATTERN, DATETIME_PATTERN, WHEN_PATTERN, is_real_when

__all__ = [
    "Apology",
    "AppointmentSlip",
    "Channel",
    "ControlSlip",
    "Dossier",
    "DossierComponent",
    "Form",
    "Handover",
    "Procedure",
    "ProcedureComponent",
    "Rejection",
    "Representative",
    "StopNotice",
    "SupplementRequest",
    "TimeLimit",
    "TrackingEntry",
]


def _real(value: str) -> str:
    if not is_real_when(value):
        raise ValueError("not a real date or time")
    return value


DateStr = Annotated[str, Field(pattern=DATE_PATTERN), AfterValidator(_real)]
DateTimeStr = Annotated[str, Field(pattern=DATETIME_PATTERN), AfterValidator(_real)]
WhenStr = Annotated[str, Field(pattern=WHEN_PATTERN), AfterValidator(_real)]
HHMM = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]

Channel = Literal["direct", "postal", "online"]
Form = Literal["original", "copy", "certified_copy", "photocopy", "electronic"]
Count = Annotated[int, Field(ge=1)]
# A blank string is missing, and a required field that is missing is DC001.
Required = Annotated[str, Field(pattern=r"\S")]


class _Open(BaseModel):
    """Unknown keys are kept and ignored; values are checked strictly (no "1" for 1)."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)


# --- procedure definitions -------------------------------------------------------------


class CountedLimit(_Open):
    unit: Literal["working_days", "calendar_days", "working_hours"]
    amount: Count


class SameDayLimit(_Open):
    unit: Literal["same_day"]
    cutoff: HHMM = "15:00"
    amount: None = None


TimeLimit = Annotated[CountedLimit | SameDayLimit, Field(discriminator="unit")]


class IfFact(_Open):
    if_fact: Annotated[str, Field(min_length=1)]


class UnlessFact(_Open):
    unless_fact: Annotated[str, Field(min_length=1)]


class ProcedureComponent(_Open):
    """One row of the published component list (Thành phần hồ sơ).

    The procedure format gives no default for ``kind``, ``forms`` and ``required``; a row that omits them reads as
    the portal's plain rows do: a paper to submit, in any form, required.
    """

    # No surrounding white space: rows match by exact (trimmed) code.
    code: Annotated[str, Field(pattern=r"^\S(.*\S)?$")]
    name: Annotated[str, Field(min_length=1)]
    kind: Literal["submit", "show"] = "submit"
    forms: Annotated[list[Form], Field(min_length=1)] = Field(
        default=["original", "copy", "certified_copy", "photocopy", "electronic"], min_length=1
    )
    quantity: Count = 1
    required: bool | IfFact | UnlessFact = True
    channels: Annotated[list[Channel], Field(min_length=1)] | None = None
    group: Annotated[str, Field(min_length=1)] | None = None


class Procedure(_Open):
    """One version of one procedure (thủ tục hành chính) as published."""

    code: Annotated[str, Field(pattern=r"^[0-9]\.[0-9]{6}$")]
    name: Annotated[str, Field(min_length=1)]
    decision: str | None = None
    valid_from: DateStr
    valid_to: DateStr | None = None
    level: str | None = None
    sets: Count = 1
    time_limit: TimeLimit
    channel_time_limits: dict[Channel, TimeLimit] | None = None
    immediate_result: bool = False
    components: list[ProcedureComponent]


# --- dossier records -------------------------------------------------------------------


def _code_or_name(model: Any) -> Any:
    def blank(v: object) -> bool:
        return v is None or (isinstance(v, str) and not v.strip())

    if blank(getattr(model, "code", None)) and blank(getattr(model, "name", None)):
        raise ValueError("a component row needs a code or a name")
    return model


# A row with neither a (non-blank) code nor a (non-blank) name is DC001.
_CODE_OR_NAME_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"required": ["code"], "properties": {"code": {"type": "string", "pattern": "\\S"}}},
        {"required": ["name"], "properties": {"name": {"type": "string", "pattern": "\\S"}}},
    ]
}


class DossierComponent(_Open):
    model_config = ConfigDict(json_schema_extra=_CODE_OR_NAME_SCHEMA)

    code: str | None = None
    name: str | None = None
    form: Form | None = None
    quantity: Count | None = None

    _check = model_validator(mode="after")(_code_or_name)


class ShownDocument(_Open):
    code: str | None = None
    name: str | None = None


class Applicant(_Open):
    name: str | None = None
    id_number: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None


class Representative(Applicant):
    authorization: str | None = None


class AppointmentSlip(_Open):
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)."""

    number: str | None = None
    issued_at: WhenStr | None = None
    dossier_code: str | None = None
    receiving_unit: str | None = None
    applicant_name: str | None = None
    applicant_id_number: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    representative: Representative | None = None
    request: str | None = None
    components: list[DossierComponent] | None = None
    sets: Count | None = None
    time_limit: str | None = None
    received_at: WhenStr | None = None
    appointment_at: WhenStr | None = None
    return_place: str | None = None
    received_by: str | None = None
    delivered_via: Literal["email", "sms", "portal"] | None = None


class Handover(_Open):
    from_unit: str | None = None
    to_unit: str | None = None
    handed_at: WhenStr | None = None
    giver: str | None = None
    receiver: str | None = None
    status: Literal["early", "on_time", "late"] | None = None
    note: str | None = None


class ControlSlip(_Open):
    """Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06, TT 03/2025; Mẫu 05, TT 01/2018)."""

    number: str | None = None
    dossier_code: str | None = None
    lead_agency: str | None = None
    cooperating_agency: str | None = None
    received_at: WhenStr | None = None
    appointment_at: WhenStr | None = None
    handovers: list[Handover] | None = None


class TrackingEntry(_Open):
    """One line of the Sổ theo dõi hồ sơ (Mẫu 07, TT 03/2025; Mẫu 06, TT 01/2018)."""

    entry_no: int | str | None = None
    dossier_code: str | None = None
    procedure_name: str | None = None
    applicant_name: str | None = None
    address_phone: str | None = None
    lead_agency: str | None = None
    received_at: WhenStr | None = None
    appointment_at: WhenStr | None = None
    returned_at: WhenStr | None = None
    return_method: Literal["direct", "postal", "online"] | None = None


class SupplementRequest(_Open):
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)."""

    number: str | None = None
    issued_at: WhenStr | None = None
    stage: Literal["intake", "appraisal"] | None = None
    items: list[str] | None = None
    reason: str | None = None
    issued_by: str | None = None


class Rejection(_Open):
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)."""

    number: str | None = None
    issued_at: WhenStr | None = None
    dossier_code: str | None = None
    reason: str | None = None
    issued_by: str | None = None


class Apology(_Open):
    """Văn bản (Phiếu) xin lỗi và đề nghị gia hạn thời gian giải quyết (Mẫu 04)."""

    number: str | None = None
    issued_at: WhenStr | None = None
    dossier_code: str | None = None
    original_appointment_at: WhenStr | None = None
    reason: str | None = None
    new_appointment_at: WhenStr | None = None
    signed_by: str | None = None


class StopNotice(_Open):
    """Thông báo dừng giải quyết hồ sơ (Mẫu 05, TT 03/2025)."""

    number: str | None = None
    issued_at: WhenStr | None = None
    requested_at: WhenStr | None = None


class Dossier(_Open):
    """One dossier (hồ sơ) as the one-stop desk received and processed it."""

    code: Required
    procedure_code: Required
    receiving_unit: Required
    channel: Channel
    received_at: DateTimeStr
    outcome: Literal["accepted", "supplement_requested", "rejected"]
    components: list[DossierComponent]
    received_by: str | None = None
    applicant: Applicant | None = None
    representative: Representative | None = None
    facts: dict[str, bool | None] | None = None
    sets: Count | None = None
    shown_documents: list[ShownDocument] | None = None
    appointment_slip: AppointmentSlip | None = None
    control_slip: ControlSlip | None = None
    tracking_entry: TrackingEntry | None = None
    supplement_requests: list[SupplementRequest] | None = None
    rejection: Rejection | None = None
    apologies: list[Apology] | None = None
    stop_notice: StopNotice | None = None
    resolved_at: WhenStr | None = None
    returned_at: WhenStr | None = None
