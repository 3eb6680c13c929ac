"""Writing files the adviser asked for: atomically, never over an existing file by accident.

A temporary file in the target folder is written, flushed to disk and renamed into place, so an
interrupted or failed write leaves nothing half-written behind. Only a regular file is ever
replaced (`--force` onto a pipe or a device is refused). Modes follow the umask; a file that holds
a consultation (a sheet, saved answers) is for its owner alone: never wider than 0600.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from lotse.errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_target(path: Path, force: bool = False) -> None:
    """Raise OutputError unless `path` may be written: absent, or a regular file and `force`."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:  # too long a name, a folder that cannot be searched …
        raise OutputError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path} is a folder; give a file name.")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{path} is not a regular file (a link, pipe or device); choose another name.")
    if not force:
        raise OutputError(f"{path} already exists; use --force to overwrite it.")


def write_bytes_atomic(path: Path, data: bytes, force: bool = False, private: bool = False) -> None:
    check_target(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"Cannot write {path}: {exc.strerror or exc}. Choose a folder you can write to.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, (0o600 if private else 0o666) & ~_umask())
        check_target(path, force)  # still no pipe or device there
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"Cannot write {path}: {exc.strerror or exc}.") from None
        raise


def write_text_atomic(path: Path, text: str, force: bool = False, private: bool = False) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), force=force, private=private)
