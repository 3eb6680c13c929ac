"""The progress bar of a catalogue rebuild: on a terminal, after a second, gone when done."""

from __future__ import annotations

import io

from rich.console import Console

from lotse.cli.progress import SHOW_AFTER, RebuildProgress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def terminal(buffer: io.StringIO, is_terminal: bool = True) -> Console:
    return Console(file=buffer, force_terminal=is_terminal, width=80, color_system=None)


def test_no_bar_within_the_first_second():
    buffer, clock = io.StringIO(), Clock()
    progress = RebuildProgress(lambda: terminal(buffer), "en", clock)
    clock.now += SHOW_AFTER - 0.1
    progress(10, 100)
    progress.close()
    assert buffer.getvalue() == ""


def test_a_bar_once_the_rebuild_takes_longer_than_a_second():
    buffer, clock = io.StringIO(), Clock()
    progress = RebuildProgress(lambda: terminal(buffer), "de", clock)
    clock.now += SHOW_AFTER + 0.1
    progress(50, 100)
    progress.bar.refresh()  # type: ignore[union-attr]
    progress.close()
    assert "Katalog wird aufbereitet" in buffer.getvalue()
    assert "50%" in buffer.getvalue()


def test_never_a_bar_when_stderr_is_not_a_terminal():
    buffer, clock = io.StringIO(), Clock()
    progress = RebuildProgress(lambda: terminal(buffer, is_terminal=False), "en", clock)
    clock.now += 10
    progress(50, 100)
    progress.close()
    assert buffer.getvalue() == ""
