"""Which catalogue addresses become links in a sheet.

Renderers link only what these return, so an overlay entry cannot plant a `javascript:` link or
break out of a quoted attribute with its URL; anything else is shown as plain text.
"""

from __future__ import annotations

import re

_WEB = re.compile(r"^(https?://|www\.)[^\s\"'<>`\\]+$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^\s\"'<>@`\\:/]+@[^\s\"'<>@`\\:/]+\.[^\s\"'<>@`\\:/]+$")


def web_link(url: str) -> str:
    """A link target for a plain http(s) or `www.` address; "" for anything else."""
    if not _WEB.match(url):
        return ""
    return url if "://" in url else "https://" + url


def mail_link(address: str) -> str:
    """A mailto: target for a plain e-mail address; "" for anything else."""
    return f"mailto:{address}" if _EMAIL.match(address) else ""
