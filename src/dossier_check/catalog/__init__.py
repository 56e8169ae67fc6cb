"""The procedure catalogue: published procedure versions, loaded, validated and selected by date.

The built-in catalogue (package data, ``dossier_check/procedures/*.json``) is always
there; each ``--catalog DIR`` adds procedure files; a code present in any user directory replaces every
built-in version of that code; versions of one code must not overlap in validity. Every file is
validated on load and a bad one is refused with :class:`CatalogError`, naming the file, the field and
the reason — nothing is checked against a catalogue that failed to load.

- :mod:`.load` — reading and validating procedure files, the built-in catalogue, user directories
- :mod:`.resolve` — :class:`Catalog`, :class:`ProcedureVersion`, :class:`ComponentIndex`: versions in
  memory and the one in force on a date
- :mod:`.errors` — :class:`CatalogError`

Turning other publications into procedure files, and checking a directory of them, are rooms of their
own next to these.
"""

from __future__ import annotations

from .errors import CatalogError
from .load import BUILTIN, build_version, load_catalog, load_procedure_file
from .resolve import CHANNELS, Catalog, ComponentIndex, ProcedureVersion, Resolution

__all__ = [
    "BUILTIN",
    "CHANNELS",
    "Catalog",
    "CatalogError",
    "ComponentIndex",
    "ProcedureVersion",
    "Resolution",
    "build_version",
    "load_catalog",
    "load_procedure_file",
]
