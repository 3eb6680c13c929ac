"""The compiled catalogue cache: a validated catalogue and its search index, ready to use.

Parsing and validating 20,000 YAML entries takes seconds; reading them back from this cache takes
milliseconds, because entries are decoded only when used (a search shows ten). The compiled
catalogue is put together from its files compiled one by one (`lotse.store.cache.files`), which are kept
too, so that after a change only the changed file is read again. The cache must never change an
answer, so:

- it is keyed on every source file's name, path, size and mtime_ns, on lotse's own modules (an
  edited rule or schema invalidates it) and on a format version: an edited, added or removed file
  is seen on the next run;
- only a catalogue that validated without problems is cached, so a hit has nothing to report;
- a file modified less than `RACY_NS` before it was read is not cached: a second edit within the
  file system's timestamp granularity could keep size and mtime (git calls this "racily clean");
- a corrupt, truncated or foreign cache file is a miss and is rewritten; an entry whose bytes
  fail their checksum later makes the whole catalogue be read from the sources again;
- it is data, not code: MessagePack decoded into named types (`lotse.store.cache.codec`), the key compared as
  bytes before anything else is decoded, so a file planted in the cache folder cannot run code;
- writing is atomic (a temporary file renamed into place), and a cache folder that cannot be
  written simply means no cache.

Location: `LOTSE_CACHE_DIR`, else the user cache folder (platformdirs), one file per combination of
data folder and overlays, the `KEEP` most recent of them, and the compiled files they were made of.
The folder is created for the user alone (0700); one that another user owns or may write to
(a shared folder on a counselling PC or terminal server) is not used (`unsafe`).
"""

from __future__ import annotations

import contextlib
import functools
import mmap
import os
import struct
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence, ValuesView
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from lotse import __version__
from lotse.domain.search_index import UInts
from lotse.i18n import Messages, Text
from lotse.model import entry as model
from lotse.model.catalogue import AS_OF, REPLACED, EntryTable
from lotse.model.chains import Step
from lotse.model.places import Gazetteer
from lotse.model.vocabulary import Vocabulary
from lotse.store.cache import codec
from lotse.store.speed import paused_gc

if TYPE_CHECKING:
    from lotse.model.catalogue import Catalogue
    from lotse.store.cache.files import CompiledFile
    from lotse.store.overlays import Assembly

ENV_VAR = "LOTSE_CACHE_DIR"
FORMAT = 5
MAGIC = b"lotse catalogue cache 5\n"
RACY_NS = 2_000_000_000
KEEP = 8  # compiled catalogues kept per folder
FILES = "files"  # the subfolder of compiled files (lotse.store.cache.files)
_HEADER = struct.Struct("<Q")

# Why a cache folder is not used (`unsafe`), said before lotse goes on without it.
T = Messages({
    "link": ("der Cache-Ordner {directory} ist eine symbolische Verknüpfung",
             "the cache folder {directory} is a symbolic link"),
    "owner": ("der Cache-Ordner {directory} gehört einem anderen Benutzer",
              "the cache folder {directory} belongs to another user"),
    "shared": ("in den Cache-Ordner {directory} dürfen andere Benutzer schreiben (Modus {mode})",
               "the cache folder {directory} may be written by other users (mode {mode})"),
})

Stamp = tuple[tuple[str, str, int, int, int, int], ...]  # (name as given, path, size, mtime_ns, inode,
# ctime_ns) per file: an edit that restores size and mtime (os.utime) still changes the inode or ctime
Key = tuple[object, ...]  # what a cached thing was made from; compared as encoded bytes


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """LOTSE_CACHE_DIR, else the user cache folder.

    On Linux that is the XDG rule platformdirs applies, applied here: importing platformdirs
    takes 15 ms (it imports tempfile, shutil, random, bz2 and lzma), a tenth of a search."""
    env = os.environ if environ is None else environ
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR])
    if sys.platform == "linux":
        xdg = env.get("XDG_CACHE_HOME", "")
        return Path(xdg if xdg.strip() else os.path.expanduser("~/.cache"), "lotse")
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("lotse", appauthor=False))


def unsafe(directory: Path) -> Text | None:
    """Why lotse must not use `directory` as its cache, or None when it may (it is created 0700).

    Whoever can write to the cache decides what lotse reads back, so the folder must be the
    user's own and closed to others. A folder that cannot be created is no reason: it only
    means no cache (see `write_atomic`)."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = directory.lstat()
    except OSError:
        return None
    import stat

    if stat.S_ISLNK(info.st_mode):
        return T.text("link", directory=directory)
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return T.text("owner", directory=directory)
    if info.st_mode & 0o022:
        return T.text("shared", directory=directory, mode=f"{stat.S_IMODE(info.st_mode):o}")
    return None


def stamp(files: Sequence[Path]) -> Stamp | None:
    """(name, path, size, mtime_ns) of each file; None when one cannot be read. The name as given
    is part of it because entries record it (`lotse show` names the file)."""
    out = []
    for file in files:
        try:
            st = os.stat(file)
        except OSError:
            return None
        out.append((str(file), os.path.abspath(file), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns))
    return tuple(out)


def code_stamp() -> Stamp:
    """lotse's model, store and domain modules: a changed schema, model or index must not meet an
    old cache."""
    package = Path(model.__file__).resolve().parents[1]
    files = sorted(file for part in ("model", "store", "domain") for file in (package / part).rglob("*.py"))
    return stamp(files) or ()


def code_key() -> Key:
    """What every cached thing depends on besides its sources."""
    return (FORMAT, __version__, sys.version_info[:2], code_stamp())


def cache_key(sources: Stamp) -> Key:
    return (code_key(), sources)


def identity(value: object) -> str:
    """A short, stable file name part for a value's repr."""
    text = repr(value).encode()
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"


def cache_file(directory: Path, data_dir: Path, overlays: Sequence[Path]) -> Path:
    """One file per data folder and overlay list, so switching overlays does not thrash."""
    named = identity((os.path.abspath(data_dir), [os.path.abspath(p) for p in overlays]))
    return directory / f"catalogue-{named}.cache"


# -- writing ----------------------------------------------------------------------------------

class Header(Struct, frozen=True):
    """What a compiled catalogue holds besides its entries' and derived data's bytes."""

    ids: str  # one string, a line each: 20,000 separate ones took 4 ms to decode
    count: int
    offsets: UInts  # where each part ends: the entries, then the derived data
    crcs: UInts  # each part's CRC-32
    derived: tuple[str, ...]  # the names of the derived data, in order
    vocabulary: Vocabulary
    regions: Gazetteer
    chains: dict[str, tuple[Step, ...]]
    files: tuple[str, ...]


def _derived_type(name: str) -> type:
    """What each piece of derived data decodes into."""
    from lotse.domain.search_index import COMPILED, CompiledIndex

    if name == COMPILED.name:
        return CompiledIndex
    if name == AS_OF.name:
        return model.PartialDate
    if name == REPLACED.name:
        return dict[str, tuple[str, str]]
    raise ValueError(f"unknown derived data {name!r}")


def compile_image(assembly: Assembly[CompiledFile], key: Key) -> bytes:
    """The compiled catalogue, as stored: its key, a header, its entries' bytes copied from the
    compiled files, the search index merged from theirs."""
    from msgspec.structs import replace

    from lotse.domain.search_index import COMPILED, merge

    files = assembly.files
    numbers: list[list[int | None]] = [[None] * len(f.ids) for f in files]
    parts: list[bytes | memoryview] = []
    crcs, ends, ids = array("I"), array("Q", [0]), []
    for position, (f, i, replaced) in enumerate(assembly.entries):
        numbers[f][i] = position
        ids.append(files[f].ids[i])
        blob: bytes | memoryview
        if replaced is None:
            blob, crc = files[f].blob(i), files[f].crcs[i]
        else:
            blob = codec.dumps(replace(files[f].entry(i), replaces=replaced))
            crc = zlib.crc32(blob)
        parts.append(blob)
        crcs.append(crc)
        ends.append(ends[-1] + len(blob))
    index = merge([(f.index, n) for f, n in zip(files, numbers, strict=True)], len(ids))
    derived: dict[str, object] = {COMPILED.name: index}
    if ids:
        derived[AS_OF.name] = max(files[f].as_of[i] for f, i, _ in assembly.entries)
    # `catalog validate` lists them without decoding every entry (lotse.store.overlays.overlay_notes).
    derived[REPLACED.name] = {files[f].ids[i]: (files[f].origin, replaced)
                           for f, i, replaced in assembly.entries if replaced is not None}
    body, derived_ends = codec.dump_each(list(derived.values()))
    parts.append(body)
    crcs.extend(codec.checksums(body, derived_ends))
    entries_end = ends[-1]
    ends.extend(entries_end + end for end in derived_ends)
    header = codec.dumps(Header(
        ids="\n".join(ids), count=len(ids), offsets=ends, crcs=crcs, derived=tuple(derived),
        vocabulary=assembly.vocabulary, regions=assembly.regions, chains=assembly.chains,
        files=tuple(str(p) for p in assembly.paths)))
    key_bytes = codec.dumps(key)
    return b"".join([MAGIC, _HEADER.pack(len(key_bytes)), key_bytes, _HEADER.pack(len(header)), header, *parts])


def write_atomic(path: Path, data: bytes) -> bool:
    """Write through a temporary file renamed into place; False when the folder cannot be written."""
    import tempfile

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)  # 0600
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return False
    return True


def store(path: Path, image: bytes, sources: Stamp, read_at_ns: int, made_of: Sequence[Path]) -> None:
    """Write the compiled catalogue; silently nothing when a source is too fresh or the folder
    cannot be written. `made_of` are the compiled files it was put together from."""
    if any(s[3] > read_at_ns - RACY_NS for s in sources) or not write_atomic(path, image):
        return
    with contextlib.suppress(OSError):
        written = path.stat().st_mtime_ns
        for used in made_of:  # given the catalogue's own time, file time against file time: see _prune
            os.utime(used, ns=(written, written))
    _prune(path.parent)


def _prune(directory: Path) -> None:
    """Keep the `KEEP` most recently written compiled catalogues and the compiled files they were
    made of: each overlay combination (and every temporary folder a test suite uses) makes one,
    and none may pile up. A compiled file gets the time of every catalogue made of it as it is
    written, so one older than every kept catalogue belongs to none of them."""
    try:
        kept = sorted((p.stat().st_mtime_ns, p) for p in directory.glob("catalogue-*.cache"))
        for _, old in kept[:-KEEP]:
            old.unlink(missing_ok=True)
        if kept:
            oldest = kept[-KEEP:][0][0]
            for compiled in (directory / FILES).glob("*.cache"):
                if compiled.stat().st_mtime_ns < oldest:
                    compiled.unlink(missing_ok=True)
    except OSError:
        pass


# -- reading ----------------------------------------------------------------------------------

class _Body:
    """The mapped cache file (or, just compiled, its bytes in memory): part i is checked against
    its checksum before it is decoded."""

    def __init__(self, data: mmap.mmap | bytes, start: int, offsets: UInts, crcs: UInts,
                 recover: Callable[[], Catalogue], path: Path | None):
        self.data, self.start, self.offsets, self.crcs = data, start, offsets, crcs
        self._recover, self.path = recover, path
        self.recovered: Catalogue | None = None

    def load(self, i: int, kind: type) -> Any:
        """Part i decoded into `kind`; its memoryview fields stay views into the mapped file."""
        try:
            view = memoryview(self.data)[self.start + self.offsets[i]:self.start + self.offsets[i + 1]]
            if zlib.crc32(view) != self.crcs[i]:
                raise ValueError("checksum")
            return codec.loads(view, kind)
        except Exception:  # noqa: BLE001 - any failure means: do not trust the cache
            return _Broken

    def recover(self) -> Catalogue:
        """The catalogue read from its sources, once; the broken file is removed."""
        if self.recovered is None:
            if self.path is not None:
                self.path.unlink(missing_ok=True)
            self.recovered = self._recover()
        return self.recovered


class _Broken:
    """Marks a blob that could not be decoded."""


class CachedEntries(EntryTable):
    """The catalogue's entries, decoded from the cache file one by one as they are used."""

    def __init__(self, ids: str, count: int, body: _Body):
        self._joined, self._count = ids, count  # the ids, a line each: split when first needed
        self._body = body
        self._positions: dict[str, int] | None = None
        self._decoded: dict[int, model.Entry] = {}

    @functools.cached_property
    def _ids(self) -> list[str]:
        return self._joined.split("\n") if self._count else []

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __contains__(self, key: object) -> bool:
        return key in self._index()

    def _index(self) -> dict[str, int]:
        if self._positions is None:
            self._positions = {entry_id: n for n, entry_id in enumerate(self._ids)}
        return self._positions

    def __getitem__(self, key: str) -> model.Entry:
        return self.at(self._index()[key])

    def at(self, position: int) -> model.Entry:
        """The entry at `position` in catalogue order, without the id → position table (search
        numbers entries so, and building the table for 20,000 ids takes milliseconds)."""
        entry = self._decoded.get(position)
        if entry is None:
            if self._body.recovered is not None:
                return self._body.recovered.entries[self._ids[position]]
            entry = self._body.load(position, model.Entry)
            if entry is _Broken:
                return self._body.recover().entries[self._ids[position]]
            self._decoded[position] = entry
        return entry

    def values(self) -> ValuesView[model.Entry]:
        with paused_gc():  # decoding every entry creates many small objects
            for position in range(self._count):
                self.at(position)
        return super().values()


class CachedDerived(MutableMapping[str, object]):
    """Data computed from the whole catalogue (e.g. the search index), decoded when first asked."""

    def __init__(self, names: list[str], first: int, body: _Body):
        self._positions = {name: first + i for i, name in enumerate(names)}
        self._body = body
        self._values: dict[str, object] = {}

    def __getitem__(self, name: str) -> object:
        if name not in self._values:
            if self._body.recovered is not None or name not in self._positions:
                raise KeyError(name)
            value = self._body.load(self._positions[name], _derived_type(name))
            if value is _Broken:
                self._body.recover()
                raise KeyError(name)
            self._values[name] = value
        return self._values[name]

    def __contains__(self, name: object) -> bool:
        try:
            self[name]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __setitem__(self, name: str, value: Any) -> None:
        self._values[name] = value

    def __delitem__(self, name: str) -> None:
        del self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._positions, *self._values]))

    def __len__(self) -> int:
        return len(dict.fromkeys([*self._positions, *self._values]))


MAP_FROM = 32 * 1024 * 1024  # a larger image is mapped, not read: memory for 20,000 entries


def load(path: Path, key: Key, recover: Callable[[], Catalogue]) -> Catalogue | None:
    """The cached catalogue if the file holds one for exactly this key, else None.

    An image is read into memory; only a very large one is mapped. Another process that
    truncates a mapped file makes reading it a bus error, which no check can catch; a copy in
    memory cannot change under lotse."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data: mmap.mmap | bytes = (mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
                                       if size > MAP_FROM else handle.read())
        return open_image(data, key, recover, path)
    except Exception:  # noqa: BLE001 - missing, empty, unreadable, corrupt or foreign: a miss
        return None


def open_image(data: mmap.mmap | bytes, key: Key, recover: Callable[[], Catalogue],
               path: Path | None = None) -> Catalogue:
    """The catalogue in a compiled image (see `compile_image`) made for exactly this key; entries
    and derived data are decoded when first used. Raises for anything else."""
    from lotse.model.catalogue import Catalogue

    if data[:len(MAGIC)] != MAGIC:
        raise ValueError("not a compiled catalogue")
    start = len(MAGIC) + _HEADER.size
    (key_length,) = _HEADER.unpack(data[len(MAGIC):start])
    if data[start:start + key_length] != codec.dumps(key):  # before anything is decoded
        raise ValueError("made for other sources or another lotse")
    start += key_length
    (length,) = _HEADER.unpack(data[start:start + _HEADER.size])
    start += _HEADER.size
    with paused_gc():
        header = codec.loads(memoryview(data)[start:start + length], Header)
        offsets, count, names = header.offsets, header.count, header.derived
        body_start = start + length
        if len(data) != body_start + offsets[-1] or len(offsets) != count + len(names) + 1:
            raise ValueError("truncated")
        body = _Body(data, body_start, offsets, header.crcs, recover, path)
        entries = CachedEntries(header.ids, count, body)
        derived = CachedDerived(list(names), count, body)
        return Catalogue(entries, header.vocabulary, header.regions, header.chains,
                         tuple(Path(f) for f in header.files), memo=derived)
