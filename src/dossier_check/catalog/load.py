"""Reading procedure files: validation, per-channel indexes, the built-in catalogue and user directories.

Every file is validated on load and a bad one is refused with :class:`CatalogError`, naming the file, the
field and the reason — nothing is checked against a catalogue that failed to load.
"""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from .._text import normalize_name
from ..models import Procedure, ProcedureComponent
from .errors import CatalogError
from .resolve import CHANNELS, Catalog, ComponentIndex, ProcedureVersion

__all__ = ["BUILTIN", "load_catalog", "load_procedure_file"]

BUILTIN = "<built-in>"


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(root)"


def _version(proc: Procedure, source: str) -> ProcedureVersion:
    valid_from = date.fromisoformat(proc.valid_from)
    valid_to = date.fromisoformat(proc.valid_to) if proc.valid_to else None
    if valid_to is not None and valid_to < valid_from:
        raise CatalogError(source, "valid_to", f"{proc.valid_to} is before valid_from {proc.valid_from}")
    seen: dict[str, int] = {}
    for i, comp in enumerate(proc.components):
        if comp.code in seen:
            raise CatalogError(
                source,
                f"components[{i}].code",
                f"duplicate component code {comp.code!r} (also row {seen[comp.code]})",
            )
        seen[comp.code] = i
    indexes: dict[str, ComponentIndex] = {}
    for channel in CHANNELS:
        comps = tuple(c for c in proc.components if c.channels is None or channel in c.channels)
        by_name: dict[str, ProcedureComponent] = {}
        for c in comps:
            key = normalize_name(c.name)
            if key in by_name:
                i = proc.components.index(c)
                raise CatalogError(
                    source,
                    f"components[{i}].name",
                    f"two components on channel {channel!r} share the name {c.name!r}: rows cannot be matched by name",
                )
            by_name[key] = c
        indexes[channel] = ComponentIndex(comps, {c.code: c for c in comps}, by_name)
    return ProcedureVersion(proc, source, valid_from, valid_to, indexes)


def load_procedure_file(path: str | Path, text: str | bytes | None = None) -> ProcedureVersion:
    """Load and validate one procedure file; :class:`CatalogError` names the file and field when it is bad."""
    source = str(path)
    try:
        raw = Path(path).read_bytes() if text is None else text
        # The formats are UTF-8 (json.loads would also guess UTF-16/32 from bytes); a UTF-8 BOM is tolerated.
        data = json.loads(raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw)
    except OSError as exc:
        raise CatalogError(source, None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise CatalogError(source, None, f"not UTF-8 text (byte {exc.start}): {exc.reason}") from None
    except json.JSONDecodeError as exc:
        raise CatalogError(
            source, None, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise CatalogError(source, None, "not valid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts (sys.get_int_max_str_digits)
        raise CatalogError(source, None, f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise CatalogError(source, None, f"a procedure file holds one JSON object, not {type(data).__name__}")
    try:
        proc = Procedure.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        more = exc.error_count() - 1
        reason = first["msg"] + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
        raise CatalogError(source, _loc(first["loc"]), reason) from None
    except RecursionError:
        raise CatalogError(source, None, "nested too deeply") from None
    return _version(proc, source)


def _builtin_versions() -> list[ProcedureVersion]:
    out = []
    root = resources.files("dossier_check") / "procedures"
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            out.append(load_procedure_file(f"{BUILTIN}/{entry.name}", entry.read_bytes()))
    return out


_BUILTIN_CACHE: list[Catalog] = []


def _builtin_catalog() -> Catalog:
    # Built once per process; the catalogue is immutable so sharing it is safe.
    if not _BUILTIN_CACHE:
        _BUILTIN_CACHE.append(Catalog(_builtin_versions()))
    return _BUILTIN_CACHE[0]


def load_catalog(*dirs: str | Path, builtin: bool = True) -> Catalog:
    """The built-in catalogue plus the procedure files of each directory.

    A code present in any user directory replaces all built-in versions of that code; versions of one
    code across the user's directories are merged, and overlapping validity among them is an error.
    Raises :class:`CatalogError` for a missing directory, an empty one, or any bad file.
    """
    user: list[ProcedureVersion] = []
    for d in dirs:
        path = Path(d)
        if not path.is_dir():
            raise CatalogError(str(path), None, "not a directory" if path.exists() else "no such directory")
        files = sorted(p for p in path.rglob("*.json") if not any(part.startswith(".") for part in p.parts))
        if not files:
            raise CatalogError(str(path), None, "no procedure files (*.json) in this directory")
        user.extend(load_procedure_file(p) for p in files)
    if not builtin:
        return Catalog(user)
    if not user:
        return _builtin_catalog()
    replaced = {v.code for v in user}
    return Catalog([v for v in _builtin_catalog() if v.code not in replaced] + user)
