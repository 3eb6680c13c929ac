"""Each catalogue file compiled on its own and kept, so that a change re-reads only that file.

Compiling a file read and validated (`lotse.store.overlays.read_file`) encodes its entries one by one
(`lotse.store.cache.codec`) and indexes their words (`lotse.domain.search_index.FileIndex`). The compiled catalogue
(`lotse.store.cache.image`) is put together from compiled files by copying bytes, without parsing or
decoding an entry, so after an edit only the edited file is read again.

A compiled file is kept (in the cache folder's `files/`) only where it cannot change an answer:
it is keyed on the file's name as given (its entries record it), path, size and mtime_ns, on the
vocabulary and region files its entries were validated against and on lotse's own modules; a
file with problems is never kept (its problems are reported on every run), nor one changed less
than `RACY_NS` before it was read, nor one validated against such a vocabulary or region file;
a corrupt or foreign file in `files/` is a miss and is rewritten. The key is compared byte for byte
before anything else in the file is decoded.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from msgspec import Struct

from lotse.domain.search_index import FileIndex, UInts, file_index
from lotse.model.entry import Entry, PartialDate
from lotse.model.places import Gazetteer
from lotse.model.problems import Problem
from lotse.model.vocabulary import Vocabulary
from lotse.store.cache import codec
from lotse.store.cache.image import (
    FILES,
    RACY_NS,
    Key,
    Stamp,
    code_key,
    identity,
    write_atomic,
)
from lotse.store.overlays import ReadFile, read_file
from lotse.store.speed import Progress, compile_in_parallel

MAGIC = b"lotse compiled file 2\n"
_LENGTH = struct.Struct("<Q")  # the length of the key that follows the magic
_PREFIX = struct.Struct("<IQ")  # CRC-32 and length of the compiled file that follows the key


class CompiledFile(Struct, frozen=True):
    """One catalogue file, read and validated: what the compiled catalogue needs from it."""

    origin: str  # the file as named; its entries record it
    ids: tuple[str, ...]
    part_of: tuple[str | None, ...]
    goals: tuple[tuple[str, ...], ...]
    as_of: tuple[PartialDate, ...]
    blobs: bytes  # the entries, encoded one by one
    ends: UInts  # where each entry's bytes end in `blobs`
    crcs: UInts
    index: FileIndex
    problems: tuple[Problem, ...]

    def blob(self, number: int) -> memoryview:
        start = self.ends[number - 1] if number else 0
        return memoryview(self.blobs)[start:self.ends[number]]

    def entry(self, number: int) -> Entry:
        return codec.loads(self.blob(number), Entry)


def compile_file(read: ReadFile, regions: Gazetteer) -> CompiledFile:
    body, ends = codec.dump_each(read.entries)
    return CompiledFile(
        origin=read.origin, ids=read.ids, part_of=read.part_of, goals=read.goals,
        as_of=tuple(e.as_of for e in read.entries),
        blobs=body, ends=ends, crcs=codec.checksums(body, ends), index=file_index(read.entries, regions),
        problems=read.problems)


class FileCache:
    """Compiled files kept in a cache folder, for the vocabulary and region files of one data
    folder; `used` lists what the compiled catalogue was made of (see `index_cache.store`)."""

    def __init__(self, directory: Path, sources: Stamp, support: Sequence[Path], read_at_ns: int,
                 progress: Progress | None = None):
        self.directory = directory / FILES
        self.stamps = {stamp[0]: stamp for stamp in sources}
        self.support = tuple(self.stamps[str(path)] for path in support)
        self.settled = read_at_ns - RACY_NS
        self.key = (code_key(), self.support)
        self.used: list[Path] = []
        self.progress = progress

    def compiled(self, files: Sequence[Path], vocabulary: Vocabulary, regions: Gazetteer) -> list[CompiledFile]:
        """The files compiled: each kept from an earlier run if it is that very file, else now
        (side by side, where that pays: `lotse.store.speed`)."""
        places = [self._place(file) for file in files]
        found: dict[int, CompiledFile] = {}
        for i, place in enumerate(places):
            kept = _load(place.path, place.key) if place is not None else None
            if kept is not None and place is not None:
                found[i] = kept
                self.used.append(place.path)
        missing = [i for i in range(len(files)) if i not in found]

        def work(file: Path) -> bytes:
            return codec.dumps(compile_file(read_file(file, vocabulary, regions), regions))

        sizes = [place.size if (place := places[i]) is not None else 0 for i in missing]
        made = compile_in_parallel(work, [files[i] for i in missing], sizes, self.progress)
        for i, data in zip(missing, made, strict=True):
            found[i] = compiled = codec.loads(data, CompiledFile)
            place = places[i]
            if place is not None and not compiled.problems and place.settled:
                write_atomic(place.path, _dumped(place.key, data))
                self.used.append(place.path)
        return [found[i] for i in range(len(files))]

    def _place(self, file: Path) -> _Place | None:
        """Where the file is kept compiled, under which key; None for a file that appeared after
        the catalogue was listed (it is compiled, never kept)."""
        stamp = self.stamps.get(str(file))
        if stamp is None:
            return None
        path = self.directory / f"{identity((stamp[:2], [s[:2] for s in self.support]))}.cache"
        settled = max(s[3] for s in (stamp, *self.support)) <= self.settled
        return _Place(path, (*self.key, stamp), stamp[2], settled)


class _Place(NamedTuple):
    path: Path
    key: Key
    size: int  # bytes of YAML
    settled: bool  # the file and what it was validated against changed long enough ago to keep


def _dumped(key: Key, data: bytes) -> bytes:
    """A compiled file as kept: its key, then its encoding (`data`) with checksum and length."""
    key_bytes = codec.dumps(key)
    return MAGIC + _LENGTH.pack(len(key_bytes)) + key_bytes + _PREFIX.pack(zlib.crc32(data), len(data)) + data


def _load(path: Path, key: Key) -> CompiledFile | None:
    """The compiled file kept at `path` if it holds exactly this key, else None; the key is
    compared as bytes before the rest is checked or decoded."""
    try:
        data = path.read_bytes()
        if data[:len(MAGIC)] != MAGIC:
            return None
        start = len(MAGIC) + _LENGTH.size
        (key_length,) = _LENGTH.unpack(data[len(MAGIC):start])
        if data[start:start + key_length] != codec.dumps(key):
            return None
        start += key_length
        crc, length = _PREFIX.unpack(data[start:start + _PREFIX.size])
        body = memoryview(data)[start + _PREFIX.size:]
        if len(body) != length or zlib.crc32(body) != crc:
            return None
        return codec.loads(body, CompiledFile)
    except Exception:  # noqa: BLE001 - missing, unreadable, corrupt or foreign: a miss
        return None
