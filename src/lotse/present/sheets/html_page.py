"""The sheet as one self-contained HTML page that prints on A4 (templates/sheet.html.j2).

Everything shown comes from the catalogue, an overlay or the adviser, so the template engine
escapes every value (autoescape) and a link is made only from an address that is plainly http(s),
`www.` or an e-mail address: an overlay cannot smuggle in markup or a `javascript:` link. The page
loads nothing from outside (styles inline, no fonts, scripts or images).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lotse.present.sheets.links import mail_link, web_link

if TYPE_CHECKING:
    from lotse.present.sheets.renderers import RenderOptions
    from lotse.present.sheets.sheet import Sheet


def render(sheet: Sheet, options: RenderOptions) -> bytes:
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("lotse.present.sheets", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["href"] = web_link
    env.filters["mailto"] = mail_link
    return env.get_template("sheet.html.j2").render(sheet=sheet).encode("utf-8")
