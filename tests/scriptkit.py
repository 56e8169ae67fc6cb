"""Loading the repository's scripts (``examples/make_*.py``, ``tools/*.py``) as modules, for the tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def load_script(path: Path, *, keep: bool = False) -> ModuleType:
    """Execute the script at ``path`` as a module named after the file and return it. The module is in
    ``sys.modules`` while it runs (dataclasses look their module up while a class is built); ``keep``
    leaves it there afterwards (for a module whose objects are pickled or imported by name later)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        if not keep:
            del sys.modules[spec.name]
    return module
