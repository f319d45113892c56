"""IDs for what the importer creates: lowercase slugs from names, unique per kind."""

from __future__ import annotations

from planctl.model.ids import slugify

MAX_ID = 48


def slug(text: str, fallback: str) -> str:
    base = slugify(text) if text.strip() else fallback
    if base == "kommune" and "kommune" not in text.lower():  # slugify's own fallback for empty names
        base = fallback
    if len(base) > MAX_ID:
        cut = base[:MAX_ID]
        base = cut.rsplit("-", 1)[0] if "-" in cut[10:] else cut
    return base.strip("-") or fallback


class Ids:
    """Unique ids within one kind."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken: set[str] = set(taken or ())

    def new(self, text: str, fallback: str) -> str:
        base = slug(text, fallback)
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(candidate)
        return candidate
