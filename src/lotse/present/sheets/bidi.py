"""Keeping left-to-right data whole on a right-to-left sheet, for the formats without markup for it.

In an Arabic or Farsi line, the Unicode bidirectional algorithm lays out a German name, a phone
number or a web address by the letters around it: "0345 12345" comes out as "12345 0345", and the
bracket of "Bernburg (Saale)" lands on the wrong side. Each such value is therefore an isolate of
its own: FSI … PDI takes its direction from its first letter (a name in Latin or Arabic letters),
LRI … PDI is left to right whatever it holds (a phone number, an e-mail or web address has no
letters that say so). HTML has `<bdi>` for this; Markdown and the PDF (fpdf2's bidi algorithm
honours isolates) take these characters. A line of a right-to-left sheet starts with a
right-to-left mark, so that a viewer that guesses a paragraph's direction from its first letter
does not take a line that starts with a German name for a left-to-right one.
"""

from __future__ import annotations

LRI = "\u2066"
FSI = "\u2068"
PDI = "\u2069"
RLM = "\u200f"
MARKS = (LRI, FSI, PDI, RLM)


def isolate(text: str, rtl: bool, ltr: bool = False) -> str:
    """`text` as its own run on a right-to-left sheet (`ltr`: always left to right); as it is on a
    left-to-right sheet, and when empty."""
    if not rtl or not text:
        return text
    return f"{LRI if ltr else FSI}{text}{PDI}"


def line_start(rtl: bool) -> str:
    """What a line of text starts with: the right-to-left mark on a right-to-left sheet."""
    return RLM if rtl else ""
