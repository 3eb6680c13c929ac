"""Every measure that changes how Python itself runs, in one place, each with the figure that
justifies it (measured with benchmarks/run.py and a 20,000-entry catalogue on a 2-core machine).

- `start`: importing Typer, msgspec and lotse and loading the catalogue make hundreds of thousands
  of objects and almost no garbage; the collector's passes over them cost about 20 ms of the time
  until `lotse ask` shows its first question (6 %). Collection is off from `main` until `settle`;
  on a terminal `ask` imports questionary before loading the catalogue, to fall in that window.
- `paused_gc`: reading YAML and decoding the cache build millions of small objects that hold no
  cycles; the cyclic collector's passes over them cost about a third of a cold build.
- `settle`: once the catalogue is loaded, `gc.freeze()` moves everything alive out of the
  collector's sight, and collection resumes, so that it runs as usual for what a command makes
  afterwards (a whole consultation) without walking the catalogue again.
- `leave`: the interpreter's teardown frees the search index and the entries object by object,
  which took a third of a search's time on a large catalogue; `lotse` flushes its streams and
  leaves without it. Every file lotse writes is complete and closed before then.
- `compile_in_parallel`: a cold build of a large catalogue is YAML parsing and validation, file
  by file; child processes do the files side by side (about half the time on two cores), and the
  parent never holds a whole file's YAML tree, only compiled files (the peak memory).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar, cast

Progress = Callable[[int, int], None]  # (done, total): bytes of YAML compiled so far, of all
T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 2 * 1024 * 1024  # bytes of YAML to compile: less is done in-process (a process
# pool starts in about 30 ms; the bundled catalogue's 1 MiB compiles in about 0.5 s)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: for code that builds or walks many small objects."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def start() -> None:
    """No cyclic collection while lotse starts: importing its libraries and loading the catalogue
    make hundreds of thousands of objects and hardly any garbage. `settle` ends it."""
    gc.disable()


def settle() -> None:
    """Keep what is alive now (modules, the loaded catalogue) out of every later collection, and
    collect as usual from here on."""
    gc.freeze()
    gc.enable()


def leave(code: int) -> None:
    """Flush what was written and end the process without the interpreter's teardown."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # a reader that stopped early, or a closed stream
        pass
    os._exit(code)


def workers(total_bytes: int) -> int:
    """How many processes to compile `total_bytes` of YAML with: 1 means in this process.

    Only where the operating system forks (Linux): elsewhere a new process imports lotse afresh,
    which costs more than it saves on the sizes advisers keep."""
    if total_bytes < PARALLEL_FROM or sys.platform != "linux":
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def compile_in_parallel(work: Callable[[T], R], items: Sequence[T], sizes: Sequence[int],
                        progress: Progress | None = None) -> list[R]:
    """`work` done for every item, in child processes where that pays (`workers`), results in
    the order of `items`. The largest items start first, so that no core waits at the end."""
    total = sum(sizes)
    count = min(workers(total), len(items))
    done = 0
    if count <= 1:
        results = []
        for item, size in zip(items, sizes, strict=True):
            results.append(work(item))
            done += size
            if progress is not None:
                progress(done, total)
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    global _work
    order = sorted(range(len(items)), key=lambda i: -sizes[i])
    found: dict[int, R] = {}
    _work = work  # the children are forked with it: a closure need not be sent to them
    try:
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(_call, items[i]): i for i in order}
            for future in as_completed(futures):
                i = futures[future]
                found[i] = cast(R, future.result())
                done += sizes[i]
                if progress is not None:
                    progress(done, total)
    finally:
        _work = None
    return [found[i] for i in range(len(items))]


_work: Callable[[Any], Any] | None = None


def _call(item: object) -> object:
    assert _work is not None, "set by compile_in_parallel before the children are forked"
    return _work(item)
