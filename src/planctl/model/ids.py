"""IDs of the source format: lowercase slugs (`[a-z0-9][a-z0-9-]*`, design.md § 3), made from names."""

from __future__ import annotations

import re
import unicodedata

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")


def slugify(name: str) -> str:
    ascii_name = (
        unicodedata.normalize("NFKD", name.lower().replace("ø", "o").replace("æ", "ae").replace("å", "a"))
        .encode("ascii", "ignore")
        .decode()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    return slug or "kommune"
