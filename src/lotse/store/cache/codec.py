"""lotse's model objects as MessagePack, one by one, each decodable alone and checked by its checksum.

Both caches store entries this way: a catalogue file's entries (`lotse.store.cache.files`) and the
compiled catalogue (`lotse.store.cache.image`), which is put together by copying those bytes, so an
entry is encoded once, when its file is read. MessagePack decoded into a named type cannot run
code, unlike pickle: a file planted in the cache folder can at worst fail to decode. Arrays of
numbers travel as an extension type (their type code and raw bytes); raw `memoryview` fields are
decoded as views into the cache file, not copied.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Sequence
from itertools import pairwise
from typing import Any, TypeVar, cast

import msgspec

T = TypeVar("T")


def _enc_hook(obj: Any) -> Any:
    if isinstance(obj, array):
        return msgspec.msgpack.Ext(ord(obj.typecode), obj.tobytes())
    if isinstance(obj, memoryview):
        return obj.tobytes()
    raise NotImplementedError(f"cannot store a {type(obj).__name__} in the cache")


def _ext_hook(code: int, data: memoryview) -> Any:
    numbers = array(chr(code))
    numbers.frombytes(data)  # array(code, data) would take a memoryview's bytes one by one
    return numbers


def _dec_hook(kind: type, obj: Any) -> Any:
    if isinstance(obj, kind):
        return obj
    raise ValueError(f"expected {kind.__name__}, got {type(obj).__name__}")


_ENCODER = msgspec.msgpack.Encoder(enc_hook=_enc_hook)


def dumps(obj: object) -> bytes:
    return _ENCODER.encode(obj)


_DECODERS: dict[type, msgspec.msgpack.Decoder[Any]] = {}


def loads(data: bytes | memoryview, kind: type[T]) -> T:
    """Decode into exactly `kind`; raises msgspec.DecodeError (a ValueError) for anything else."""
    decoder = _DECODERS.get(kind)
    if decoder is None:
        decoder = _DECODERS[kind] = msgspec.msgpack.Decoder(kind, ext_hook=_ext_hook, dec_hook=_dec_hook)
    return cast("T", decoder.decode(data))


def dump_each(objects: Sequence[object]) -> tuple[bytes, array[int]]:
    """Objects encoded one after another, each decodable alone, and where each one ends."""
    parts = [dumps(obj) for obj in objects]
    ends = array("Q")
    total = 0
    for part in parts:
        total += len(part)
        ends.append(total)
    return b"".join(parts), ends


def checksums(body: bytes, ends: Sequence[int]) -> array[int]:
    """The CRC-32 of each part of `body`, part i ending at ends[i]."""
    view = memoryview(body)
    return array("I", [zlib.crc32(view[start:end]) for start, end in pairwise([0, *ends])])
