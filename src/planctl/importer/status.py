"""A measure's status text as a normalised state, with a due date where the text names one.

The plan's own words stay as the status `label`; the state is a guess from the words (documented here
and in docs/import.md), and the import report lists every mapping so the user can check it:

- active: «I gang», «Iverksatt», «Etablert», «Aktiv», «Implementert», «Gjennomføres», «I drift»
- in_progress: «Påbegynt», «Under arbeid», «Under utvikling», «Under etablering», «Oppstart», «Startet»
- planned: «Planlagt», «Skal ...», «Forankres», «Ikke startet», «utvikle tiltak», or only a future date
- continuous: «Løpende», «Kontinuerlig», «Fast», «Årlig», «Hvert år»
- completed: «Fullført», «Ferdig», «Gjennomført», «Ferdigstilt»
- ended: «Avsluttet», «Avviklet», «Opphørt», «Lagt ned»
- anything else: unknown, with the words kept

A year or a month named in the text («Planlagt høsten 2024», «innen utgangen av 2023», «juni 2024»,
«2022- 2025») becomes `due` (the last one named) for a planned or running measure.
"""

from __future__ import annotations

import re

from planctl.records import record

_STATES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ended", re.compile(r"\b(avslutt|avvikl|opphør|opphøyr|lagt ned|nedlagt|ended|discontinued)")),
    ("completed", re.compile(r"\b(fullført|fullfør|ferdig|gjennomført|ferdigstilt|completed|done|utført)")),
    (
        "planned",
        re.compile(
            r"\b(planlagt|planlegg|forankres|ikke startet|ikkje starta|utvikle tiltak|skal|"
            r"planned|not started)"
        ),
    ),
    (
        "in_progress",
        re.compile(
            r"\b(påbegynt|påbyrja|under arbeid|under utvikling|under etablering|oppstart|"
            r"startet|starta|igangsettes|delvis|in progress|started|pågår|pågåande|pågående)"
        ),
    ),
    (
        "active",
        re.compile(
            r"\b(i gang|igang|iverksatt|iverksett|etablert|aktiv|implementert|gjennomføres|"
            r"i drift|i bruk|operativ|active|ongoing|ja)\b"
        ),
    ),
    (
        "continuous",
        re.compile(
            r"\b(løpende|løpande|kontinuerlig|fast|årlig|årleg|hvert år|kvart år|"
            r"continuous|annual|yearly|jevnlig)"
        ),
    ),
    ("planned", re.compile(r"\b(vil|utvikle|utarbeide|vurderes|vurderast|to be|innen|innan)")),
)
_MONTHS = {
    "januar": 1,
    "februar": 2,
    "mars": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "desember": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "october": 10,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "des": 12,
    "dec": 12,
}
_SEASONS = {"våren": 3, "våre": 3, "sommeren": 6, "sommaren": 6, "høsten": 9, "hausten": 9, "vinteren": 12}
_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_MONTH_YEAR = re.compile(r"\b([a-zæøå]+)\s+(\d{4})\b")
_YEAR = re.compile(r"\b(20\d{2}|19\d{2})\b")


@record(frozen=True)
class StatusGuess:
    state: str
    label: str
    due: str | None
    matched: str | None  # the words that decided the state, for the report


def map_status(text: str) -> StatusGuess | None:
    """The state of a status cell; None for an empty cell."""
    label = " ".join(text.split()) if "\n" not in text else text.strip()
    if not label:
        return None
    low = label.lower()
    state, matched = "unknown", None
    for candidate, pattern in _STATES:
        m = pattern.search(low)
        if m:
            state, matched = candidate, m.group(0)
            break
    due = find_due(label)
    if state == "unknown" and due is not None:
        state, matched = "planned", due
    return StatusGuess(
        state, text.strip(), due if state in ("planned", "in_progress", "unknown") else None, matched
    )


def find_due(text: str) -> str | None:
    """The last date, month or year the text names, as YYYY-MM-DD, YYYY-MM or YYYY."""
    low = text.lower()
    found: list[tuple[int, str]] = []
    for m in _DATE.finditer(low):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.append((m.start(), f"{year:04d}-{month:02d}-{day:02d}"))
    for m in _ISO.finditer(low):
        if 1 <= int(m.group(2)) <= 12:
            found.append((m.start(), m.group(0)))
    for m in _MONTH_YEAR.finditer(low):
        month_number = _MONTHS.get(m.group(1)) or _SEASONS.get(m.group(1))
        if month_number:
            found.append((m.start(), f"{m.group(2)}-{month_number:02d}"))
    covered = {pos for pos, _ in found}
    for m in _YEAR.finditer(low):
        if not any(abs(m.start() - pos) < 12 for pos in covered):
            found.append((m.start(), m.group(1)))
    if not found:
        return None
    return max(found)[1]
