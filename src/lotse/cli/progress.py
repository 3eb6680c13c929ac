"""A progress bar on stderr while the catalogue is compiled, for the first run after a change.

Shown only on a terminal and only once the work has taken a second: a run from the cache, or a
small catalogue, shows nothing; a pipe or a log never gets the bar's escape codes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from lotse.i18n import Messages

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

T = Messages({
    "building": ("Katalog wird aufbereitet (einmalig nach einer Änderung)",
                 "Preparing the catalogue (once after a change)"),
})

SHOW_AFTER = 1.0  # seconds


class RebuildProgress:
    """Called with (bytes done, bytes in all) as files are compiled; `close` removes the bar."""

    def __init__(self, console: Callable[[], Console], lang: str, clock: Callable[[], float] = time.monotonic):
        self.console, self.lang, self.clock = console, lang, clock  # rich is imported only for a bar
        self.started = clock()
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if self.clock() - self.started < SHOW_AFTER:
                return
            console = self.console()
            if not console.is_terminal:
                self.started = float("inf")  # never: a pipe or a log gets no bar
                return
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                                TimeElapsedColumn(), console=console, transient=True)
            self.task = self.bar.add_task(T("building", self.lang), total=total)
            self.bar.start()
        assert self.task is not None
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
