"""The sheet as Markdown: readable as plain text, and safe when a viewer renders it.

Catalogue text is data, not markup: characters that would start emphasis, links or raw HTML are
backslash-escaped, so an overlay entry cannot inject a link or a `<script>` into a rendered view.
Web and e-mail addresses become autolinks only when they are plain addresses (`links`).

Markdown has no markup for a paragraph's direction, so a right-to-left sheet carries the marks a
viewer needs (`bidi`): each line starts with a right-to-left mark after its list or heading
marker, and names, numbers and addresses are isolates that keep their own direction.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lotse.present.sheets.bidi import isolate, line_start
from lotse.present.sheets.links import mail_link, web_link

if TYPE_CHECKING:
    from lotse.present.sheets.renderers import RenderOptions
    from lotse.present.sheets.sheet import Sheet, SheetContact, SheetService

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_BLOCK_START = re.compile(r"^(#|>|[-+=]|\d+[.)])")


def inline(text: str) -> str:
    """Text for a line of Markdown: markup characters escaped, line breaks folded into spaces."""
    return _INLINE.sub(r"\\\1", " ".join(text.split()))


def paragraph(text: str) -> str:
    """Like `inline`, and a leading character that would start a heading, quote or list is escaped."""
    escaped = inline(text)
    return "\\" + escaped if _BLOCK_START.match(escaped) else escaped


def link(url: str) -> str:
    target = web_link(url)
    return f"<{target}>" if target else inline(url)


def mail(address: str) -> str:
    return f"<{address}>" if mail_link(address) else inline(address)


class _Marks:
    """The sheet's words escaped, and data isolated on a right-to-left sheet."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.start = line_start(sheet.rtl)  # after a line's marker: "- ", "## "

    def word(self, key: str) -> str:
        return inline(self.sheet.word(key))

    def data(self, text: str, ltr: bool = False) -> str:
        """Catalogue or adviser text, escaped; its own run on a right-to-left sheet."""
        return isolate(inline(text), self.sheet.rtl, ltr)

    def link(self, url: str) -> str:
        return isolate(link(url), self.sheet.rtl, ltr=True)

    def mail(self, address: str) -> str:
        return isolate(mail(address), self.sheet.rtl, ltr=True)


def contact_line(m: _Marks, contact: SheetContact, organisation: str) -> str:
    person = m.data(contact.name) + (f" ({m.data(contact.role)})" if contact.role and contact.name else "")
    parts = [m.data(organisation), person if contact.name else m.data(contact.role), m.data(contact.address_line)]
    parts += [f"{m.word('phone')} {m.data(p, ltr=True)}" for p in contact.phones]
    parts += [f"{m.word('fax')} {m.data(f, ltr=True)}" for f in contact.faxes]
    parts += [f"{m.word('email')} {m.mail(e)}" for e in contact.emails]
    if contact.url:
        parts.append(m.link(contact.url))
    return " · ".join(p for p in parts if p)


def _service(m: _Marks, service: SheetService) -> list[str]:
    s = m.start
    lines = [f"### {s}{service.rank}. {m.data(service.name)}", ""]
    if service.provider:
        lines += [f"{s}*{m.data(service.provider)}*", ""]
    if service.summary:
        lines += [s + isolate(paragraph(service.summary), m.sheet.rtl), ""]
    for heading, items in ((m.word("why"), service.why), (m.word("caveats"), service.caveats)):
        if items:
            lines += [f"{s}**{heading}**", ""] + [f"- {s}{inline(item)}" for item in items] + [""]
    if service.contacts:
        lines += [f"{s}**{m.word('contacts')}**", ""]
        lines += [f"- {s}{contact_line(m, c, org)}" for c, org in service.listed_contacts] + [""]
    if service.url:
        lines += [f"{s}**{m.word('web')}:** {m.link(service.url)}", ""]
    confirm = f" ({m.word('confirm')})" if service.confirm else ""
    lines += [f"{s}**{m.word('as_of')}:** {inline(service.dated)}{confirm}", ""]
    return lines


def render(sheet: Sheet, options: RenderOptions) -> bytes:
    m = _Marks(sheet)
    s = m.start
    lines = [f"# {s}{inline(sheet.title)}", "", s + inline(sheet.created), ""]
    lines += [f"{s}*{inline(notice)}*" for notice in sheet.notices]
    if sheet.notice_de:  # German, for the adviser: left to right
        lines += [f"*{inline(sheet.notice_de)}*"]
    if sheet.notices or sheet.notice_de:
        lines += [""]
    if sheet.answers:
        lines += [f"## {s}{m.word('answers')}", ""]
        lines += [f"- {s}**{inline(label)}:** {m.data(value)}" for label, value in sheet.answers] + [""]
    lines += [f"## {s}{inline(sheet.services_heading)}", ""]
    if not sheet.services:
        lines += [s + m.word("no_services"), ""]
    for service in sheet.services:
        lines += _service(m, service)
    if sheet.steps:
        lines += [f"## {s}{m.word('steps')}", ""]
        for goal, steps in sheet.step_groups:
            if goal:
                lines += [f"{s}**{inline(goal)}**", ""]
            lines += [f"- [ ] {s}{inline(step.text)}" + (f" — {m.data(step.who)}" if step.who else "")
                      + (f" ({m.data(step.contact, ltr=True)})" if step.contact else "") for step in steps] + [""]
        lines += [f"{s}*{m.word('bring')}*", ""]
    if sheet.note:
        lines += [f"## {s}{m.word('note')}", "", s + isolate(paragraph(sheet.note), sheet.rtl), ""]
    lines += ["---", "", s + inline(sheet.freshness), "", f"{s}*{inline(sheet.disclaimer)}*", ""]
    return "\n".join(lines).encode("utf-8")
