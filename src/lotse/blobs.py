"""lotse's model objects pickled one by one, each loadable alone and checked by its checksum.

Both caches store entries this way: a catalogue file's entries (`lotse.file_cache`) and the
compiled catalogue (`lotse.index_cache`), which is put together by copying those bytes, so an
entry is pickled once, when its file is read. Model objects are msgspec Structs, which pickle as
constructor calls: several times faster to load than pickle's default for classes.
"""

from __future__ import annotations

import io
import pickle
import zlib
from array import array
from collections.abc import Sequence


def dumps(obj: object) -> bytes:
    return pickle.dumps(obj, protocol=5)


def dump_each(objects: Sequence[object]) -> tuple[bytes, array, dict[int, list[int]]]:
    """Objects pickled one after another, each loadable alone, then their out-of-band buffers
    (`pickle.PickleBuffer`, e.g. the search postings: read in place, never copied); where each
    part ends, and which buffer parts each object uses."""
    stream = io.BytesIO()
    buffers: list[pickle.PickleBuffer] = []
    writer = pickle.Pickler(stream, protocol=5, buffer_callback=buffers.append)
    ends = array("Q")
    uses: dict[int, list[int]] = {}
    for i, obj in enumerate(objects):
        before = len(buffers)
        writer.clear_memo()
        writer.dump(obj)
        ends.append(stream.tell())
        if len(buffers) > before:
            uses[i] = list(range(len(objects) + before, len(objects) + len(buffers)))
    for buffer in buffers:
        stream.write(buffer.raw())
        ends.append(stream.tell())
    return stream.getvalue(), ends, uses


def checksums(body: bytes, ends: Sequence[int]) -> array:
    """The CRC-32 of each part of `body`, part i ending at ends[i]."""
    view = memoryview(body)
    return array("I", [zlib.crc32(view[start:end]) for start, end in zip([0, *ends], ends)])
