"""The export formats and how a target names one: the extension, or `--format`.

`-` means stdout, which takes every text format (Markdown unless `--format` says otherwise) but
not PDF, which is binary. Kept apart from the renderers (`lotse.present.sheets.renderers`) because every
run of the CLI needs the enum for its options, while only an export needs the renderers.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from pathlib import PurePath

from lotse.errors import UsageError

STDOUT = "-"


class SheetFormat(str, Enum):
    md = "md"
    html = "html"
    pdf = "pdf"
    csv = "csv"
    vcf = "vcf"
    json = "json"

    @property
    def binary(self) -> bool:
        return self is SheetFormat.pdf


EXTENSIONS: Mapping[str, SheetFormat] = {
    ".md": SheetFormat.md, ".markdown": SheetFormat.md,
    ".html": SheetFormat.html, ".htm": SheetFormat.html,
    ".pdf": SheetFormat.pdf,
    ".csv": SheetFormat.csv,
    ".vcf": SheetFormat.vcf, ".vcard": SheetFormat.vcf,
    ".json": SheetFormat.json,
}


def choose_format(target: str, explicit: SheetFormat | None, excel: bool = False) -> SheetFormat:
    """The format for a target file (or `-`); raises UsageError when it cannot be told or written.

    Called before any work is done, so that a wrong name fails at once, not after a consultation.
    """
    if explicit is not None:
        chosen = explicit
    elif target == STDOUT:
        chosen = SheetFormat.md
    else:
        suffix = PurePath(target).suffix.lower()
        if suffix not in EXTENSIONS:
            known = ", ".join(EXTENSIONS)
            raise UsageError(f"Cannot tell the format of {target!r} from its extension; use one of "
                             f"{known}, or name it with --format.")
        chosen = EXTENSIONS[suffix]
    if target == STDOUT and chosen.binary:
        raise UsageError(f"{chosen.value.upper()} is binary and is not written to stdout; give a file name.")
    if excel and chosen is not SheetFormat.csv:
        raise UsageError(f"--excel applies only to CSV, not to {chosen.value.upper()}.")
    return chosen
