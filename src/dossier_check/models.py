"""Typed models of the two formats: procedure definitions and dossier records.

These pydantic v2 models are the single source of truth for both formats: the JSON Schemas shipped in
the package's ``schemas/`` are generated from them (``dossier-check schema``; a test fails if they drift),
and the fast validator that the engine runs on every dossier is compiled from the dossier schema shipped
there (:mod:`dossier_check.schema`). Tests prove that the models, the schemas and the compiled validator
accept and reject the same documents.

The dossier models are built on first use (``defer_build``): checking reads the shipped schema and never
validates with them. Building them and generating their schema was about 8 % of an audit's start-up.

Unknown keys are allowed everywhere: exports carry extra data and the rules ignore it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .timeutil import DATE_PATTERN, DATETIME_PATTERN, WHEN_PATTERN, is_real_when

__all__ = [
    "AllOf",
    "AnyOf",
    "Apology",
    "AppointmentSlip",
    "Case",
    "Channel",
    "Condition",
    "ControlSlip",
    "Dossier",
    "DossierComponent",
    "Fee",
    "Form",
    "Handover",
    "IfFact",
    "Procedure",
    "ProcedureComponent",
    "Rejection",
    "Representative",
    "Result",
    "StopNotice",
    "SupplementRequest",
    "TimeLimit",
    "TrackingEntry",
    "UnlessFact",
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

FORM_ORDER: tuple[Form, ...] = ("original", "copy", "certified_copy", "photocopy", "electronic")
"""The forms in the order the published lists print them (and the default of ``forms``)."""

# A code or an id is compared after trimming, so it must not carry surrounding white space.
Code = Annotated[str, Field(pattern=r"^\S(.*\S)?$")]
Text = Annotated[str, Field(min_length=1)]


class _Part(_Open):
    """A part of a procedure file whose optional lists read as not given when empty.

    The format's conventions count a list as missing when it is absent, ``null`` or empty, so a key in
    ``optional_lists`` given as ``[]`` is dropped before validation: the part is then exactly what it
    is without the key (its default, and not in ``model_fields_set``). Those lists have no ``minItems``,
    so the generated schema accepts ``[]`` too.
    """

    optional_lists: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _empty_lists_are_absent(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(
            isinstance(data.get(k), list) and not data[k] for k in cls.optional_lists
        ):
            return {
                k: v
                for k, v in data.items()
                if not (k in cls.optional_lists and isinstance(v, list) and not v)
            }
        return data


class CountedLimit(_Open):
    """N working days, calendar days, office hours or calendar months."""

    unit: Literal["working_days", "calendar_days", "working_hours", "calendar_months"]
    amount: Count


class SameDayLimit(_Open):
    unit: Literal["same_day"]
    cutoff: HHMM = "15:00"
    amount: None = None


class UnknownLimit(_Open):
    """A time limit published without a unit (a bare number), or with no information at all.

    No deadline can be computed from it, so the deadline rule is not evaluable for such a procedure.
    """

    unit: Literal["unknown"]
    amount: Annotated[int, Field(ge=0)] | None = None


TimeLimit = Annotated[CountedLimit | SameDayLimit | UnknownLimit, Field(discriminator="unit")]


class IfFact(_Open):
    if_fact: Annotated[str, Field(min_length=1)]


class UnlessFact(_Open):
    unless_fact: Annotated[str, Field(min_length=1)]


class AllOf(_Open):
    """Required when every condition holds."""

    all: Annotated[list[Condition], Field(min_length=1)]


class AnyOf(_Open):
    """Required when at least one condition holds."""

    any: Annotated[list[Condition], Field(min_length=1)]


# The fact conditions come first: a row that also carries an unknown ``all``/``any`` key keeps the
# meaning it had before conditions could nest.
Condition = bool | IfFact | UnlessFact | AllOf | AnyOf


class ProcedureComponent(_Part):
    """One row of the published component list (Thành phần hồ sơ).

    The procedure format gives no default for ``kind``, ``forms`` and ``required``; a row that omits them reads as
    the portal's plain rows do: a paper to submit, in any form, required.

    ``copies`` is the portal's "1 bản chính, 2 bản sao": per form, the most copies the dossier may hold.
    It implies the accepted forms (the forms it names; a count is never 0). A row may also give
    ``forms``, but only the same forms, or all five (the default, as a model written out in full repeats
    it); the loader refuses any other contradiction. ``quantity`` caps the total over all forms: by
    default 1 without ``copies``, and no cap beyond the per-form counts with them.
    """

    code: Code
    name: Text
    kind: Literal["submit", "show"] = "submit"
    # A factory, not a default value: pydantic deep-copies a mutable default for every row it builds.
    optional_lists = frozenset({"forms", "channels"})

    forms: list[Form] = Field(
        default_factory=lambda: list(FORM_ORDER),
        json_schema_extra={"default": list(FORM_ORDER)},
    )
    quantity: Count = 1
    required: Condition = True
    channels: list[Channel] | None = None
    group: Text | None = None
    copies: Annotated[dict[Form, Count], Field(min_length=1)] | None = None
    portal_code: Text | None = None

    @property
    def accepted_forms(self) -> Sequence[str]:
        """The forms this component may be kept in: those ``copies`` names, else ``forms``."""
        if self.copies is not None:
            return tuple(f for f in FORM_ORDER if f in self.copies)
        return self.forms

    @property
    def total_quantity(self) -> int | None:
        """The most copies over all forms (``quantity``), or None when only ``copies`` limits them."""
        if self.copies is not None and "quantity" not in self.model_fields_set:
            return None
        return self.quantity


class Case(_Open):
    """One case of a procedure (the portal's "Trường hợp …"): its own components and time limit.

    The procedure's own ``components`` apply to every case; a case's ``time_limit`` and
    ``channel_time_limits`` take precedence over the procedure's.
    """

    id: Code
    name: Text
    components: list[ProcedureComponent] = Field(default_factory=list)
    time_limit: TimeLimit | None = None
    channel_time_limits: dict[Channel, TimeLimit] | None = None


class Fee(_Part):
    """A fee or charge (phí, lệ phí) as published; carried, never judged."""

    optional_lists = frozenset({"channels"})

    name: Text
    amount_vnd: Annotated[int, Field(ge=0)] | None = None
    channels: list[Channel] | None = None


class Result(_Open):
    """A result of the procedure (kết quả thực hiện), with the portal's code when it has one."""

    code: Text | None = None
    name: Text


class Procedure(_Part):
    """One version of one procedure (thủ tục hành chính) as published."""

    optional_lists = frozenset({"cases", "channels", "fees", "results", "legal_basis"})

    code: Annotated[str, Field(pattern=r"^[0-9]\.[0-9]{6}$")]
    name: Text
    decision: str | None = None
    valid_from: DateStr
    valid_to: DateStr | None = None
    level: str | None = None
    sets: Count = 1
    time_limit: TimeLimit
    channel_time_limits: dict[Channel, TimeLimit] | None = None
    immediate_result: bool = False
    components: list[ProcedureComponent]
    cases: list[Case] | None = None
    channels: list[Channel] | None = None
    fees: list[Fee] | None = None
    results: list[Result] | None = None
    legal_basis: list[Text] | None = None


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


class _Record(_Open):
    """A dossier part: built on first use. The engine checks dossiers with the validator compiled from the
    shipped schema, so a run that only checks never pays for building these models."""

    model_config = ConfigDict(defer_build=True)


class DossierComponent(_Record):
    model_config = ConfigDict(json_schema_extra=_CODE_OR_NAME_SCHEMA)

    code: str | None = None
    name: str | None = None
    form: Form | None = None
    quantity: Count | None = None

    _check = model_validator(mode="after")(_code_or_name)


class ShownDocument(_Record):
    code: str | None = None
    name: str | None = None


class Applicant(_Record):
    name: str | None = None
    id_number: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None


class Representative(Applicant):
    authorization: str | None = None


class AppointmentSlip(_Record):
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


class Handover(_Record):
    from_unit: str | None = None
    to_unit: str | None = None
    handed_at: WhenStr | None = None
    giver: str | None = None
    receiver: str | None = None
    status: Literal["early", "on_time", "late"] | None = None
    note: str | None = None


class ControlSlip(_Record):
    """Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06, TT 03/2025; Mẫu 05, TT 01/2018)."""

    number: str | None = None
    dossier_code: str | None = None
    lead_agency: str | None = None
    cooperating_agency: str | None = None
    received_at: WhenStr | None = None
    appointment_at: WhenStr | None = None
    handovers: list[Handover] | None = None


class TrackingEntry(_Record):
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


class SupplementRequest(_Record):
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)."""

    number: str | None = None
    issued_at: WhenStr | None = None
    stage: Literal["intake", "appraisal"] | None = None
    items: list[str] | None = None
    reason: str | None = None
    issued_by: str | None = None


class Rejection(_Record):
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)."""

    number: str | None = None
    issued_at: WhenStr | None = None
    dossier_code: str | None = None
    reason: str | None = None
    issued_by: str | None = None


class Apology(_Record):
    """Văn bản (Phiếu) xin lỗi và đề nghị gia hạn thời gian giải quyết (Mẫu 04)."""

    number: str | None = None
    issued_at: WhenStr | None = None
    dossier_code: str | None = None
    original_appointment_at: WhenStr | None = None
    reason: str | None = None
    new_appointment_at: WhenStr | None = None
    signed_by: str | None = None


class StopNotice(_Record):
    """Thông báo dừng giải quyết hồ sơ (Mẫu 05, TT 03/2025)."""

    number: str | None = None
    issued_at: WhenStr | None = None
    requested_at: WhenStr | None = None


class Dossier(_Record):
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
    case: str | None = None
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
