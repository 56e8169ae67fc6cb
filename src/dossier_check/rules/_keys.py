"""Member names of the dossier format that the rules and their context read on every dossier, as the
parser's own strings (:func:`~dossier_check.schema.parser_string`).

orjson keeps one string per short key for every document it reads; a look-up with that very object finds a
parsed dossier's member by identity, where a literal of the same text is compared character by character on
every read. Equal strings find the same members either way: this is a matter of speed only.
"""

from __future__ import annotations

from ..schema import parser_string

APOLOGIES = parser_string("apologies")
APPOINTMENT_AT = parser_string("appointment_at")
APPOINTMENT_SLIP = parser_string("appointment_slip")
CHANNEL = parser_string("channel")
CODE = parser_string("code")
COMPONENTS = parser_string("components")
CONTROL_SLIP = parser_string("control_slip")
DOSSIER_CODE = parser_string("dossier_code")
FROM_UNIT = parser_string("from_unit")
HANDED_AT = parser_string("handed_at")
HANDOVERS = parser_string("handovers")
NAME = parser_string("name")
NEW_APPOINTMENT_AT = parser_string("new_appointment_at")
OUTCOME = parser_string("outcome")
RECEIVED_AT = parser_string("received_at")
RECEIVING_UNIT = parser_string("receiving_unit")
REJECTION = parser_string("rejection")
REPRESENTATIVE = parser_string("representative")
RESOLVED_AT = parser_string("resolved_at")
RETURNED_AT = parser_string("returned_at")
SETS = parser_string("sets")
STATUS = parser_string("status")
TO_UNIT = parser_string("to_unit")
TRACKING_ENTRY = parser_string("tracking_entry")
