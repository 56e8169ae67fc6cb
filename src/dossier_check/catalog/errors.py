"""The one exception of the catalogue: a procedure file or directory that cannot be used."""

from __future__ import annotations

__all__ = ["CatalogError"]


class CatalogError(Exception):
    """A procedure file or directory that cannot be used. Misuse, so it is raised, never reported."""

    def __init__(self, file: str, field: str | None, reason: str) -> None:
        self.file, self.field, self.reason = file, field, reason
        where = f"{file}: {field}: " if field else f"{file}: "
        super().__init__(where + reason)
