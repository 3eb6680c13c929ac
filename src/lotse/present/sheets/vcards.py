"""The sheet as vCards (3.0) for an address book: one card per contact, or per service without one.

Written with vobject, which escapes commas, semicolons and line breaks and folds long lines as the
standard requires; catalogue text is never spliced into the format by hand. A person's card is
filed under the name as the seed prints it (`N` holds it whole, as the seeds do not say which part
is the family name). Each card's note names the service and the date of its source, so a
colleague can tell later where the contact came from and how old it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lotse.present.sheets.renderers import RenderOptions
    from lotse.present.sheets.sheet import Sheet, SheetContact, SheetService


def _note(sheet: Sheet, service: SheetService) -> str:
    confirm = f" ({sheet.word('confirm')})" if service.confirm else ""
    return f"{service.name}\n{sheet.word('as_of')}: {service.dated}{confirm}"


def _card(sheet: Sheet, service: SheetService, contact: SheetContact | None, number: int) -> Any:
    import vobject

    card = vobject.vCard()
    person = contact.name if contact else ""
    organisation = (contact.organisation if contact else "") or service.provider or service.name
    card.add("fn").value = person or (contact.organisation if contact else "") or service.name
    card.add("n").value = vobject.vcard.Name(family=person)
    card.add("org").value = [organisation]
    card.add("uid").value = f"lotse-{service.id}-{number}"
    if contact is not None:
        if contact.role:
            card.add("title").value = contact.role
        for phone in contact.phones:
            line = card.add("tel")
            line.value = phone
            line.type_paramlist = ["WORK", "VOICE"]
        for fax in contact.faxes:
            line = card.add("tel")
            line.value = fax
            line.type_paramlist = ["WORK", "FAX"]
        for email in contact.emails:
            line = card.add("email")
            line.value = email
            line.type_paramlist = ["INTERNET", "WORK"]
        if contact.address is not None:
            a = contact.address
            line = card.add("adr")
            line.value = vobject.vcard.Address(street=a.street or "", code=a.postcode or "", city=a.city or "")
            line.type_paramlist = ["WORK"]
    url = (contact.url if contact else "") or service.url
    if url:
        card.add("url").value = url
    card.add("note").value = _note(sheet, service)
    return card


def render(sheet: Sheet, options: RenderOptions) -> bytes:
    cards = []
    for service in sheet.services:
        contacts = service.contacts or (None,)
        cards += [_card(sheet, service, contact, n) for n, contact in enumerate(contacts, start=1)]
    return "".join(card.serialize() for card in cards).encode("utf-8")
