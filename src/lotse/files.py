"""Writing files the adviser asked for: atomically, never over an existing file by accident.

A temporary file in the target folder is renamed into place, so an interrupted or failed write
leaves nothing half-written behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lotse.errors import OutputError


def write_bytes_atomic(path: Path, data: bytes, force: bool = False) -> None:
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; use --force to overwrite it.")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name.")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"Cannot write {path}: {exc.strerror or exc}. Choose a folder you can write to.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"Cannot write {path}: {exc.strerror or exc}.") from None
        raise


def write_text_atomic(path: Path, text: str, force: bool = False) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), force=force)
