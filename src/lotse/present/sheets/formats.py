"""The export formats and how a target names one: the extension, or `--format`.

`-` means stdout, which takes every text format (Markdown unless `--format` says otherwise) but
not PDF, which is binary. Kept apart from the renderers (`lotse.present.sheets.renderers`) because every
run of the CLI needs the enum for its options, while only an export needs the renderers.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath

from lotse.errors import UsageError, echo
from lotse.i18n import Messages
from lotse.present.formats import SheetFormat

STDOUT = "-"

T = Messages({
    "extension": ("Das Format von {target} lässt sich nicht an der Endung erkennen; eine dieser Endungen "
                  "verwenden: {known}, oder das Format mit --format angeben.",
                  "Cannot tell the format of {target} from its extension; use one of {known}, "
                  "or name it with --format."),
    "binary": ("{format} ist ein Binärformat und wird nicht auf die Standardausgabe geschrieben; einen "
               "Dateinamen angeben.",
               "{format} is binary and is not written to stdout; give a file name."),
    "excel": ("--excel gilt nur für CSV, nicht für {format}.", "--excel applies only to CSV, not to {format}."),
})


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
            raise UsageError(T.text("extension", target=echo(target), known=known))
        chosen = EXTENSIONS[suffix]
    if target == STDOUT and chosen.binary:
        raise UsageError(T.text("binary", format=chosen.value.upper()))
    if excel and chosen is not SheetFormat.csv:
        raise UsageError(T.text("excel", format=chosen.value.upper()))
    return chosen
