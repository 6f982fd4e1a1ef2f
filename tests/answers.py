"""Two answers compared byte for byte, less what differs by design between any two renders.

A refused request must answer exactly as a request for nothing does; what may differ is the
CSRF and form tokens (masked anew on each render) and the print notice's minute (the time the
page was made: two requests either side of a minute's end differ by that alone).
"""

from __future__ import annotations

import re

TOKENS = re.compile(r'name="(csrfmiddlewaretoken|submit_token)" value="[^"]+"')
PRINTED_AT = re.compile(r'(<p class="print-only print-notice">[^<]*?)\d{4}-\d{2}-\d{2} \d{2}:\d{2}')


def normalised(html: str | bytes, *paths: str) -> str:
    """`html` without its tokens and print time, each of `paths` (echoed in the language form)
    replaced by PATH."""
    text = html.decode() if isinstance(html, bytes) else html
    text = PRINTED_AT.sub(r"\1PRINTED", TOKENS.sub(r'name="\1" value=""', text))
    for path in paths:
        text = text.replace(path, "PATH")
    return text
