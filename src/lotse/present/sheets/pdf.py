"""The sheet as an A4 PDF, made with fpdf2.

The PDF core fonts know only Latin-1, which lacks „“ – € and more of what the catalogue prints, so
the sheet embeds DejaVu Sans (regular and bold, Latin, Cyrillic and Greek), shipped in
`lotse/fonts/` with its licence; fpdf2 embeds only the glyphs used. Long words and addresses wrap
inside the margins, a service's heading is not left alone at the foot of a page, and every page
names the sheet and its number.

Arabic and Farsi need more than glyphs: letters join and change shape with their neighbours, and
lines run right to left with German names and phone numbers inside them. Those sheets are shaped
by HarfBuzz (fpdf2's text shaping, through uharfbuzz) and laid out by fpdf2's bidirectional
algorithm, right-aligned, with every name, number and address an isolate of its own (`bidi`). Their
letters come from Noto Sans Arabic (also in `lotse/fonts/`, with its licence, the SIL Open Font
License), whose Arabic is drawn for reading at small sizes; it has no Latin letters, so those fall
back to DejaVu Sans.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from lotse.present.sheets.bidi import isolate
from lotse.present.sheets.links import mail_link, web_link

if TYPE_CHECKING:
    from fpdf import FPDF

    from lotse.present.sheets.renderers import RenderOptions
    from lotse.present.sheets.sheet import Sheet, SheetContact, SheetService

FONT = "DejaVuSans"
# A script's own font, where DejaVu Sans is not the best for it: (family, regular file, bold file).
SCRIPT_FONTS = {"Arab": ("NotoSansArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")}
GREY = 85
MARGIN = 18.0  # mm


def fonts_dir() -> Path:
    return Path(str(resources.files("lotse") / "fonts"))


def render(sheet: Sheet, options: RenderOptions) -> bytes:
    from fpdf import FPDF

    family, regular, bold = SCRIPT_FONTS.get(sheet.language.script, (FONT, "", ""))

    class SheetPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(family, "", 8)
            self.set_text_color(GREY)
            self.cell(0, 5, f"{sheet.title} · {sheet.created} · {self.page_no()}/{{nb}}", align="C")

    pdf = SheetPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(MARGIN, 16, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FONT, "", fonts_dir() / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", fonts_dir() / "DejaVuSans-Bold.ttf")
    if family != FONT:
        pdf.add_font(family, "", fonts_dir() / regular)
        pdf.add_font(family, "B", fonts_dir() / bold)
        pdf.set_fallback_fonts([FONT])
    if sheet.rtl:
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", language=sheet.lang)
    pdf.set_title(sheet.title)
    pdf.set_lang(sheet.lang)
    pdf.set_creator("lotse")
    pdf.add_page()
    _Writer(pdf, family, sheet).sheet(sheet)
    return bytes(pdf.output())


class _Writer:
    """Lays out the sheet top to bottom; every text goes through `text`, which wraps it. On a
    right-to-left sheet lines are right-aligned, indents and list marks are on the right, and data
    inside a line is isolated (`bidi.isolate`)."""

    def __init__(self, pdf: FPDF, family: str, sheet: Sheet) -> None:
        self.pdf = pdf
        self.family = family
        self.rtl = sheet.rtl
        self.lang = sheet.lang

    def data(self, text: str, ltr: bool = False) -> str:
        """Catalogue or adviser text as a run of its own on a right-to-left sheet; a phone number,
        e-mail or web address (`ltr`) also with no-break spaces, so that it is never split over
        two lines."""
        return isolate(text.replace(" ", "\u00a0") if ltr else text, self.rtl, ltr)

    def text(self, value: str, size: float = 10, bold: bool = False, indent: float = 0, grey: bool = False,
             after: float = 0.6, link: str = "", ltr: bool = False) -> None:
        """A paragraph; `ltr`: a left-to-right one on a right-to-left sheet (the German notice)."""
        from fpdf.enums import XPos, YPos

        pdf = self.pdf
        pdf.set_font(self.family, "B" if bold else "", size)
        pdf.set_text_color(GREY if grey else 0)
        pdf.set_x(pdf.l_margin + (0 if self.rtl else indent))
        if self.rtl:
            pdf.set_text_shaping(use_shaping_engine=True, direction="ltr" if ltr else "rtl", language=self.lang)
        pdf.multi_cell(pdf.epw - indent, size * 0.45, value, align="R" if self.rtl else "L", link=link or None,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(after)

    def item(self, mark: str, value: str, indent: float = 0, size: float = 10, grey: bool = False) -> None:
        """A list item with a hanging mark (•, ✓, ?, ☐): wrapped lines align under the text."""
        pdf = self.pdf
        # The marks are DejaVu's: leaving them to the fallback font garbles the line that follows
        # (fpdf2 2.8 does not restore the main font after a cell of fallback glyphs).
        pdf.set_font(FONT, "", size)
        pdf.set_text_color(0)
        pdf.set_x(pdf.l_margin + (pdf.epw - indent - 5 if self.rtl else indent))
        pdf.cell(5, size * 0.45, mark, align="R" if self.rtl else "L")
        self.text(value, size=size, indent=indent + 5, grey=grey, after=0.4)

    def heading(self, value: str) -> None:
        pdf = self.pdf
        if pdf.will_page_break(30):
            pdf.add_page()
        pdf.ln(3)
        self.text(value, size=13, bold=True, after=0.5)
        pdf.set_draw_color(140)
        pdf.set_line_width(0.2)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
        pdf.ln(2.5)

    def sheet(self, sheet: Sheet) -> None:
        self.text(sheet.title, size=18, bold=True, after=1)
        self.text(sheet.created, size=9, grey=True, after=1 if sheet.notices or sheet.notice_de else 2)
        for notice in sheet.notices:
            self.text(notice, size=8.5, grey=True, after=0.4)
        if sheet.notice_de:
            self.text(sheet.notice_de, size=8.5, grey=True, after=0.4, ltr=True)
        if sheet.notices or sheet.notice_de:
            self.pdf.ln(1.6)
        if sheet.answers:
            self.heading(sheet.word("answers"))
            for label, value in sheet.answers:
                self.text(f"{label}: {self.data(value)}", after=0.4)
        self.heading(sheet.services_heading)
        if not sheet.services:
            self.text(sheet.word("no_services"))
        for service in sheet.services:
            self.service(sheet, service)
        if sheet.steps:
            self.heading(sheet.word("steps"))
            for goal, steps in sheet.step_groups:
                if goal:
                    self.text(goal, bold=True, after=0.8)
                for step in steps:
                    text = f"{step.text} — {self.data(step.who)}" if step.who else step.text
                    self.item("☐", f"{text} ({self.data(step.contact, ltr=True)})" if step.contact else text)
                self.pdf.ln(1.5)
            self.text(sheet.word("bring"), size=9, after=3)
        if sheet.note:
            self.heading(sheet.word("note"))
            self.text(self.data(sheet.note))
        self.pdf.ln(4)
        self.text(sheet.freshness, size=9, grey=True, after=1)
        self.text(sheet.disclaimer, size=9, bold=True)

    def service(self, sheet: Sheet, service: SheetService) -> None:
        if self.pdf.will_page_break(35):
            self.pdf.add_page()
        self.text(f"{service.rank}. {self.data(service.name)}", size=12, bold=True, after=0.5)
        if service.provider:
            self.text(self.data(service.provider), size=9.5, grey=True, after=1)
        if service.summary:
            self.text(self.data(service.summary), size=9.5, after=1.2)
        for label, lines, mark in ((sheet.word("why"), service.why, "✓"),
                                   (sheet.word("caveats"), service.caveats, "?")):
            if lines:
                self.text(label, size=9.5, bold=True, after=0.4)
                for line in lines:
                    self.item(mark, line, size=9.5)
                self.pdf.ln(0.8)
        if service.contacts:
            self.text(sheet.word("contacts"), size=9.5, bold=True, after=0.4)
            for contact, organisation in service.listed_contacts:
                self.contact(sheet, contact, organisation)
        if service.url:
            self.text(f"{sheet.word('web')}: {self.data(service.url, ltr=True)}", size=9.5,
                      link=web_link(service.url), after=0.4)
        confirm = f" ({sheet.word('confirm')})" if service.confirm else ""
        self.text(f"{sheet.word('as_of')}: {service.dated}{confirm}", size=9, bold=service.confirm,
                  grey=not service.confirm, after=5)

    def contact(self, sheet: Sheet, contact: SheetContact, organisation: str) -> None:
        d = self.data
        person = contact.name + (f" ({contact.role})" if contact.role and contact.name else "")
        lines = [(d(organisation), ""), (d(person or contact.role), ""), (d(contact.address_line), "")]
        lines += [(f"{sheet.word('phone')} {d(p, ltr=True)}", "") for p in contact.phones]
        lines += [(f"{sheet.word('fax')} {d(f, ltr=True)}", "") for f in contact.faxes]
        lines += [(f"{sheet.word('email')} {d(e, ltr=True)}", mail_link(e)) for e in contact.emails]
        lines.append((d(contact.url, ltr=True), web_link(contact.url)))
        for line, link in lines:
            if line:
                self.text(line, size=9.5, indent=5, link=link, after=0.2)
        self.pdf.ln(1.2)
