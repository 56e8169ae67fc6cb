"""Sources: reading exports into records, whatever their container and format.

Every input yields :class:`InputRecord` values, each with its ``source``: ``file`` (a .json holding one
object), ``file#index`` (an element of a JSON array, from 0), ``file:line`` (JSON Lines, from 1) and
``archive.zip!member…`` inside archives. Unreadable input becomes a record with an ``error`` and the
run goes on: nothing is skipped silently, and nothing raises. Only regular files are opened (pipes and
devices are ``skipped`` records that say so), every reader holds at most one record of the size limit in
memory, and an input that holds no record is one record that says so.

How the room is laid out, and how a reader plugs in:

* :mod:`.record` — :class:`InputRecord`, what every reader yields.
* :mod:`.files` — containers: walking directories, file kinds, zip members, gzip streams. It opens a
  stream and hands it to the reader of its format.
* :mod:`.native` — the native format: a JSON document, a JSON array read element by element, JSON Lines
  (and the byte ranges of JSON Lines an audit cuts a large file into).

Each source format is one module that turns bytes into :class:`InputRecord` values and knows nothing of
rules, checks or output: a reader of another format (a portal's sync records, a tracking-book
spreadsheet) is a new module next to :mod:`.native`, chosen by :mod:`.files`.
"""

from __future__ import annotations

from .files import SUPPORTED, Walk, iter_file, iter_records, walk
from .record import InputRecord

__all__ = ["SUPPORTED", "InputRecord", "Walk", "iter_file", "iter_records", "walk"]
