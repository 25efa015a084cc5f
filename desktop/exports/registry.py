"""Export formats by name; each is ``write(ctx, out_path) -> str`` (a one-line summary)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

Exporter = Callable[[Any, Path], str]

# format name -> module under desktop.exports that defines ``write``
_FORMATS = {
    "json": "json_export",
    "csv": "csv_export",
    "md": "md_export",
    "brat": "brat_export",
}


def available_formats() -> list[str]:
    found = []
    for name, module in _FORMATS.items():
        try:
            importlib.import_module(f"desktop.exports.{module}")
        except ModuleNotFoundError:
            continue
        found.append(name)
    return found


def exporter(name: str) -> Exporter:
    module = importlib.import_module(f"desktop.exports.{_FORMATS[name]}")
    write: Exporter = module.write
    return write
