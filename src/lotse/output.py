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

from lotse.errors import OutputError, os_reason
from lotse.i18n import Messages

T = Messages({
    "cannot_write": ("{path} kann nicht geschrieben werden: {reason}.", "Cannot write {path}: {reason}."),
    "cannot_create": ("{path} kann nicht geschrieben werden: {reason}. Einen Ordner mit Schreibrecht wählen.",
                      "Cannot write {path}: {reason}. Choose a folder you can write to."),
    "folder": ("{path} ist ein Ordner; einen Dateinamen angeben.", "{path} is a folder; give a file name."),
    "not_regular": ("{path} ist keine gewöhnliche Datei (eine Verknüpfung, eine Pipe oder ein Gerät); "
                    "einen anderen Namen wählen.",
                    "{path} is not a regular file (a link, pipe or device); choose another name."),
    "exists": ("{path} gibt es schon; mit --force wird die Datei überschrieben.",
               "{path} already exists; use --force to overwrite it."),
})


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
        raise OutputError(T.text("cannot_write", path=path, reason=os_reason(exc))) from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(T.text("folder", path=path))
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(T.text("not_regular", path=path))
    if not force:
        raise OutputError(T.text("exists", path=path))


def write_bytes_atomic(path: Path, data: bytes, force: bool = False, private: bool = False) -> None:
    check_target(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(T.text("cannot_create", path=path, reason=os_reason(exc))) from None
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
            raise OutputError(T.text("cannot_write", path=path, reason=os_reason(exc))) from None
        raise


def write_text_atomic(path: Path, text: str, force: bool = False, private: bool = False) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), force=force, private=private)
