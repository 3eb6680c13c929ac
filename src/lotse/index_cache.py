"""The compiled catalogue cache: a validated catalogue and its search index, ready to use.

Parsing and validating 20,000 YAML entries takes seconds; reading them back from this cache takes
milliseconds, because entries are decoded only when used (a search shows ten). The cache must
never change an answer, so:

- it is keyed on every source file's path, size and mtime_ns, on lotse's own modules (an edited
  rule or schema invalidates it) and on a format version: an edited, added or removed file is seen
  on the next run;
- only a catalogue that validated without problems is cached, so a hit has nothing to report;
- a file modified less than `RACY_NS` before it was read is not cached: a second edit within the
  file system's timestamp granularity could keep size and mtime (git calls this "racily clean");
- a corrupt, truncated or foreign cache file is a miss and is rewritten; an entry whose bytes
  fail their checksum later makes the whole catalogue be read from the sources again;
- writing is atomic (a temporary file renamed into place), and a cache folder that cannot be
  written simply means no cache.

Location: `LOTSE_CACHE_DIR`, else the user cache folder (platformdirs), one file per combination of
data folder and overlays, the `KEEP` most recent of them.
"""

from __future__ import annotations

import copyreg
import dataclasses
import gc
import io
import mmap
import operator
import os
import pickle
import struct
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lotse import __version__, model

if TYPE_CHECKING:
    from lotse.catalogue import Catalogue

ENV_VAR = "LOTSE_CACHE_DIR"
FORMAT = 1
MAGIC = b"lotse catalogue cache\n"
RACY_NS = 2_000_000_000
KEEP = 8  # cache files kept per folder
_HEADER = struct.Struct("<Q")

Stamp = tuple[tuple[str, int, int], ...]


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """LOTSE_CACHE_DIR, else the user cache folder."""
    env = os.environ if environ is None else environ
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("lotse", appauthor=False))


def stamp(files: Sequence[Path]) -> Stamp | None:
    """(path, size, mtime_ns) of each file; None when one cannot be read."""
    out = []
    for file in files:
        try:
            st = os.stat(file)
        except OSError:
            return None
        out.append((os.path.abspath(file), st.st_size, st.st_mtime_ns))
    return tuple(out)


def code_stamp() -> Stamp:
    """lotse's own domain modules: a changed schema, model or index must not meet an old cache."""
    folder = os.path.dirname(os.path.abspath(model.__file__))
    names = sorted(e.name for e in os.scandir(folder) if e.name.endswith(".py"))
    return stamp([Path(folder, n) for n in names]) or ()


def cache_key(sources: Stamp) -> tuple:
    return (FORMAT, __version__, sys.version_info[:2], code_stamp(), sources)


def cache_file(directory: Path, data_dir: Path, overlays: Sequence[Path]) -> Path:
    """One file per data folder and overlay list, so switching overlays does not thrash."""
    identity = repr((os.path.abspath(data_dir), [os.path.abspath(p) for p in overlays])).encode()
    return directory / f"catalogue-{zlib.crc32(identity):08x}{zlib.adler32(identity):08x}.cache"


# -- writing ----------------------------------------------------------------------------------

def _reducer(cls: type) -> Callable[[object], tuple]:
    """Model objects as constructor calls: several times faster to load than pickle's default."""
    names = [f.name for f in dataclasses.fields(cls)]
    get = operator.attrgetter(*names) if len(names) > 1 else (lambda o: (getattr(o, names[0]),))
    return lambda obj: (cls, get(obj))


def _pickler(stream: io.BytesIO, **options: Any) -> pickle.Pickler:
    """A pickler that writes lotse's model objects as constructor calls (built when writing only:
    reading must stay cheap to import)."""
    pickler = pickle.Pickler(stream, protocol=5, **options)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table.update({
        cls: _reducer(cls) for cls in vars(model).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__})
    return pickler


def _dumps(obj: object) -> bytes:
    buffer = io.BytesIO()
    _pickler(buffer).dump(obj)
    return buffer.getvalue()


def _dump_each(objects: Sequence[object]) -> tuple[bytes, array, dict[int, list[int]]]:
    """Objects pickled one after another, each loadable alone, then their out-of-band buffers
    (`pickle.PickleBuffer`, e.g. the search postings: read in place, never copied); where each
    part ends, and which buffer parts each object uses."""
    stream = io.BytesIO()
    buffers: list[pickle.PickleBuffer] = []
    pickler = _pickler(stream, buffer_callback=buffers.append)
    ends = array("Q")
    uses: dict[int, list[int]] = {}
    for i, obj in enumerate(objects):
        before = len(buffers)
        pickler.clear_memo()
        pickler.dump(obj)
        ends.append(stream.tell())
        if len(buffers) > before:
            uses[i] = list(range(len(objects) + before, len(objects) + len(buffers)))
    for buffer in buffers:
        stream.write(buffer.raw())
        ends.append(stream.tell())
    return stream.getvalue(), ends, uses


def store(path: Path, key: tuple, sources: Stamp, catalogue: Catalogue, read_at_ns: int) -> None:
    """Write the compiled catalogue; silently nothing when a source is too fresh or the folder
    cannot be written."""
    if any(mtime > read_at_ns - RACY_NS for _, _, mtime in sources):
        return
    from lotse.search_index import build_index

    derived = {"search": catalogue.derived("search", build_index), "as_of": catalogue.as_of}
    body, ends, uses = _dump_each([*catalogue.entries.values(), *derived.values()])
    offsets = array("Q", [0]) + ends
    view = memoryview(body)
    header = _dumps({
        "key": key,
        "ids": list(catalogue.entries),
        "offsets": offsets,
        "crcs": array("I", [zlib.crc32(view[offsets[i]:offsets[i + 1]]) for i in range(len(ends))]),
        "buffers": uses,
        "derived": list(derived),
        "vocabulary": catalogue.vocabulary,
        "regions": catalogue.regions,
        "chains": catalogue.chains,
        "files": catalogue.files,
    })
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".catalogue-", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + _HEADER.pack(len(header)) + header)
            handle.write(body)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return
    _prune(path.parent)


def _prune(directory: Path) -> None:
    """Keep the `KEEP` most recently written cache files: each overlay combination (and every
    temporary folder a test suite uses) makes one, and none may pile up."""
    try:
        files = sorted(directory.glob("catalogue-*.cache"), key=lambda p: p.stat().st_mtime_ns,
                       reverse=True)
        for old in files[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


# -- reading ----------------------------------------------------------------------------------

class _Body:
    """The mapped cache file: blob i is checked against its checksum before it is unpickled."""

    def __init__(self, data: mmap.mmap, start: int, offsets: array, crcs: array,
                 buffers: dict[int, list[int]], recover: Callable[[], Catalogue], path: Path):
        self.data, self.start, self.offsets, self.crcs = data, start, offsets, crcs
        self.buffers = buffers
        self._recover, self.path = recover, path
        self.recovered: Catalogue | None = None

    def _checked(self, i: int) -> memoryview:
        view = memoryview(self.data)[self.start + self.offsets[i]:self.start + self.offsets[i + 1]]
        if zlib.crc32(view) != self.crcs[i]:
            raise ValueError("checksum")
        return view

    def load(self, i: int) -> Any:
        try:
            buffers = [self._checked(j) for j in self.buffers.get(i, ())]  # stay mapped: in use
            with self._checked(i) as view:
                return pickle.loads(view, buffers=buffers)
        except Exception:  # noqa: BLE001 - any failure means: do not trust the cache
            return _Broken

    def recover(self) -> Catalogue:
        """The catalogue read from its sources, once; the broken file is removed."""
        if self.recovered is None:
            self.path.unlink(missing_ok=True)
            self.recovered = self._recover()
        return self.recovered


class _Broken:
    """Marks a blob that could not be decoded."""


class CachedEntries(Mapping):
    """The catalogue's entries, decoded from the cache file one by one as they are used."""

    def __init__(self, ids: list[str], body: _Body):
        self._ids = ids
        self._body = body
        self._positions: dict[str, int] | None = None
        self._decoded: dict[int, model.Entry] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __contains__(self, key: object) -> bool:
        return key in self._index()

    def _index(self) -> dict[str, int]:
        if self._positions is None:
            self._positions = dict(zip(self._ids, range(len(self._ids))))
        return self._positions

    def __getitem__(self, key: str) -> model.Entry:
        position = self._index()[key]
        entry = self._decoded.get(position)
        if entry is None:
            if self._body.recovered is not None:
                return self._body.recovered.entries[key]
            entry = self._body.load(position)
            if entry is _Broken:
                return self._body.recover().entries[key]
            self._decoded[position] = entry
        return entry

    def values(self):  # type: ignore[override]
        enabled = gc.isenabled()
        gc.disable()  # decoding creates many small objects; see lotse.yamlfiles
        try:
            return [self[key] for key in self._ids]
        finally:
            if enabled:
                gc.enable()


class CachedDerived(MutableMapping):
    """Data computed from the whole catalogue (e.g. the search index), decoded when first asked."""

    def __init__(self, names: list[str], first: int, body: _Body):
        self._positions = {name: first + i for i, name in enumerate(names)}
        self._body = body
        self._values: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._values:
            if self._body.recovered is not None or name not in self._positions:
                raise KeyError(name)
            value = self._body.load(self._positions[name])
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


def load(path: Path, key: tuple, recover: Callable[[], Catalogue]) -> Catalogue | None:
    """The cached catalogue if the file holds one for exactly this key, else None."""
    from lotse.catalogue import Catalogue

    try:
        with open(path, "rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable or empty
        return None
    enabled = gc.isenabled()
    gc.disable()
    try:
        if data[:len(MAGIC)] != MAGIC:
            return None
        start = len(MAGIC) + _HEADER.size
        (length,) = _HEADER.unpack(data[len(MAGIC):start])
        header = pickle.loads(memoryview(data)[start:start + length])
        if not isinstance(header, dict) or header.get("key") != key:
            return None
        offsets, ids, names, buffers = header["offsets"], header["ids"], header["derived"], header["buffers"]
        body_start = start + length
        parts = len(ids) + len(names) + sum(len(b) for b in buffers.values())
        if len(data) != body_start + offsets[-1] or len(offsets) != parts + 1:
            return None
        body = _Body(data, body_start, offsets, header["crcs"], buffers, recover, path)
        entries = CachedEntries(ids, body)
        derived = CachedDerived(names, len(ids), body)
        return Catalogue(entries, header["vocabulary"], header["regions"], header["chains"],
                         header["files"], memo=derived)
    except Exception:  # noqa: BLE001 - a corrupt or foreign file is a miss
        return None
    finally:
        if enabled:
            gc.enable()
