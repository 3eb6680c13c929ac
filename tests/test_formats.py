"""Every output format of every command family has a renderer (as pip-audit checks its own)."""

from __future__ import annotations

import pytest

from lotse.present import renderers
from lotse.present.formats import AskFormat, ListFormat, SearchFormat, SheetFormat
from lotse.present.sheets.renderers import RENDERERS


@pytest.mark.parametrize(("formats", "table"), [
    (SearchFormat, renderers.SEARCH),
    (ListFormat, renderers.ENTRIES),
    (ListFormat, renderers.STALE),
    (ListFormat, renderers.COVERAGE),
    (AskFormat, renderers.RECOMMENDATION),
    (SheetFormat, RENDERERS),
])
def test_every_format_has_a_renderer(formats, table):
    assert set(table) == set(formats)
    assert all(callable(render) for render in table.values())
