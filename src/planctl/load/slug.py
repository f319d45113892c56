"""IDs of the source format: lowercase slugs (`[a-z0-9][a-z0-9-]*`), and the slug a name or a bad id
becomes (for `planctl init` and for the hint on an id that is not a slug)."""

from __future__ import annotations

import re
import unicodedata

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "Ø": "o", "Æ": "ae", "Å": "a"})


def slugify(name: str, default: str = "") -> str:
    """name as a slug: lowercase, æ ø å spelt ae o a, accents dropped, anything else a hyphen."""
    folded = unicodedata.normalize("NFKD", name.translate(_FOLD).lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or default


def is_slug(value: str) -> bool:
    return SLUG.fullmatch(value) is not None
