"""The sheet as Markdown: readable as plain text, and safe when a viewer renders it.

Catalogue text is data, not markup: characters that would start emphasis, links or raw HTML are
backslash-escaped, so an overlay entry cannot inject a link or a `<script>` into a rendered view.
Web and e-mail addresses become autolinks only when they are plain addresses (`links`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

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


def contact_line(sheet: Sheet, contact: SheetContact, organisation: str) -> str:
    person = inline(contact.name) + (f" ({inline(contact.role)})" if contact.role and contact.name else "")
    parts = [inline(organisation), person if contact.name else inline(contact.role),
             inline(contact.address_line)]
    parts += [f"{sheet.word('phone')} {inline(p)}" for p in contact.phones]
    parts += [f"{sheet.word('fax')} {inline(f)}" for f in contact.faxes]
    parts += [f"{sheet.word('email')} {mail(e)}" for e in contact.emails]
    if contact.url:
        parts.append(link(contact.url))
    return " · ".join(p for p in parts if p)


def _service(sheet: Sheet, service: SheetService) -> list[str]:
    lines = [f"### {service.rank}. {inline(service.name)}", ""]
    if service.provider:
        lines += [f"*{inline(service.provider)}*", ""]
    lines += [paragraph(service.summary), ""]
    for heading, items in ((sheet.word("why"), service.why), (sheet.word("caveats"), service.caveats)):
        if items:
            lines += [f"**{heading}**", ""] + [f"- {inline(item)}" for item in items] + [""]
    if service.contacts:
        lines += [f"**{sheet.word('contacts')}**", ""]
        lines += [f"- {contact_line(sheet, c, org)}" for c, org in service.listed_contacts] + [""]
    if service.url:
        lines += [f"**{sheet.word('web')}:** {link(service.url)}", ""]
    confirm = f" ({sheet.word('confirm')})" if service.confirm else ""
    lines += [f"**{sheet.word('as_of')}:** {inline(sheet.dated(service))}{confirm}", ""]
    return lines


def render(sheet: Sheet, options: RenderOptions) -> bytes:
    lines = [f"# {inline(sheet.title)}", "", inline(sheet.created), ""]
    if sheet.answers:
        lines += [f"## {sheet.word('answers')}", ""]
        lines += [f"- **{inline(label)}:** {inline(value)}" for label, value in sheet.answers] + [""]
    lines += [f"## {sheet.services_heading}", ""]
    if not sheet.services:
        lines += [sheet.word("no_services"), ""]
    for service in sheet.services:
        lines += _service(sheet, service)
    if sheet.steps:
        lines += [f"## {sheet.word('steps')}", ""]
        for goal, steps in sheet.step_groups:
            if goal:
                lines += [f"**{inline(goal)}**", ""]
            lines += [f"- [ ] {inline(step.text)}" + (f" — {inline(step.who)}" if step.who else "")
                      + (f" ({inline(step.contact)})" if step.contact else "") for step in steps] + [""]
        lines += [f"*{inline(sheet.word('bring'))}*", ""]
    if sheet.note:
        lines += [f"## {sheet.word('note')}", "", paragraph(sheet.note), ""]
    lines += ["---", "", inline(sheet.freshness), "", f"*{inline(sheet.disclaimer)}*", ""]
    return "\n".join(lines).encode("utf-8")
