"""Units (services, teams, roles, external bodies) found in responsibility and participant cells.

A cell such as «Helsestasjon og skolehelsetjeneste» or «Skole / BUFdir.» names several units: it is split
at line breaks, commas, «og», «+», «ved», « / » and «;». «og» and «/» inside a known compound name
(«Helse og omsorg», «Barne- og familiekoordinator», «Fysio/ergo») and after a hyphen («Søndre- og Nordre
Land») do not split; «/» without spaces splits only between two names the service list knows
(«Skole/barnehage»). Names that a converter glued together when it dropped a line break
(«HelsesykepleierBarnehagene») are split at the capital letter, and that is reported.

Each name is matched to a unit already known (the plan's own, then the regional file's) by its name or an
alias, in lower case and, failing that, by its stem: Norwegian definite and plural endings are removed, so
«Barnehage», «Barnehagen» and «Barnehagene» are one unit, with the other forms as aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field

from planctl.importer.ids import Ids
from planctl.importer.services import COMPOUND_NAMES, TEXT_SERVICES, guess_kind
from planctl.records import record

_SUFFIXES = ("ene", "ane", "en", "et", "er", "ar", "ne", "a", "e", "s")
_SPLIT = re.compile(
    r"\s*[,;]\s*|(?<!-)\s+og\s+|\s+\+\s+|\s*\+\s*(?=[A-ZÆØÅ])|\s+&\s+|\s+ved\s+|\s+/\s+|"
    r"\s+i samarbeid med\s+|\s+samt\s+|\s+and\s+"
)
_GLUED = re.compile(r"(?<=[a-zæøå.])(?=[A-ZÆØÅ][A-Za-zÆØÅæøå])|(?<=[A-ZÆØÅ]{2})(?=[A-ZÆØÅ][a-zæøå]{4,})")
_BULLET = re.compile(r"^[\s•·▪◦\-–*]+")


@record
class UnitDraft:
    id: str
    name: str
    kind: str
    municipal: bool
    aliases: list[str] = field(default_factory=list)
    mandate: str | None = None
    members: list[str] = field(default_factory=list)
    description: str | None = None
    guessed: bool = True  # kind and municipal are guesses
    known: bool = True  # the service list matched the name
    where: int = 0


def key(name: str) -> str:
    return " ".join(re.sub(r"[^\wæøåÆØÅ/+ -]", "", name.lower()).split())


def stem(name: str) -> str:
    words = key(name).split()
    if not words:
        return ""
    last = words[-1]
    for suffix in _SUFFIXES:
        if last.endswith(suffix) and len(last) - len(suffix) >= 4:
            last = last[: -len(suffix)]
            break
    return " ".join([*words[:-1], last])


class Units:
    def __init__(self, regional: list[dict[str, object]] | None = None) -> None:
        self.units: list[UnitDraft] = []
        self.regional: dict[str, str] = {}
        self._exact: dict[str, str] = {}
        self._stem: dict[str, str] = {}
        self.ids = Ids()
        self.glued: list[str] = []  # cells split at glued capitals (reported)
        self.closed = False  # the document lists its units (planctl's appendix): strict look-ups never create
        for entry in regional or ():
            uid = str(entry.get("id") or "")
            name = str(entry.get("name") or uid)
            if not uid:
                continue
            self.regional[uid] = name
            self.ids.taken.add(uid)
            aliases = entry.get("aliases")
            for form in [name, *(aliases if isinstance(aliases, list) else [])]:
                self._index(str(form), uid)

    def _index(self, name: str, uid: str) -> None:
        self._exact.setdefault(key(name), uid)
        self._stem.setdefault(stem(name), uid)

    def alias(self, uid: str, name: str) -> None:
        """name as another name of unit uid (a short one such as «Nav» beside «NAV» too: the rules read a name
        of three letters or fewer in its own case)."""
        unit = self.by_id(uid)
        if (
            unit is not None
            and name not in unit.aliases
            and name != unit.name
            and (len(name.strip()) <= 3 or key(name) != key(unit.name))
        ):
            unit.aliases.append(name)
        self._index(name, uid)

    def by_id(self, uid: str) -> UnitDraft | None:
        return next((u for u in self.units if u.id == uid), None)

    def find(self, name: str) -> str | None:
        k = key(name)
        if not k:
            return None
        return self._exact.get(k) or self._stem.get(stem(name))

    def add(
        self, name: str, *, kind: str | None = None, municipal: bool | None = None, where: int = 0
    ) -> str:
        """The unit called name: an existing one (adding name as an alias) or a new one."""
        name = name.strip()
        found = self.find(name)
        if found is not None:
            unit = self.by_id(found)
            if unit is not None and unit.name[:1].islower() and name[:1].isupper():
                unit.name, name = name, unit.name  # the capitalised form is the better name
            if (
                unit is not None
                and name != unit.name
                and name not in unit.aliases
                and key(name) != key(unit.name)
            ):
                unit.aliases.append(name)
            if unit is not None:
                self._exact.setdefault(key(name), found)
            return found
        guess = guess_kind(name)
        if kind is None and name[:1].islower():
            name = (
                name[:1].upper() + name[1:]
            )  # a name from running text: «helsesykepleier» -> «Helsesykepleier»
        unit = UnitDraft(
            self.ids.new(name, "enhet"),
            name,
            kind or guess.kind,
            guess.municipal if municipal is None else municipal,
            guessed=kind is None,
            known=guess.known,
            where=where,
        )
        self.units.append(unit)
        self._index(name, unit.id)
        return unit.id

    def resolve(self, text: str, where: int = 0, *, strict: bool = False, lines: bool = False) -> list[str]:
        """The ids of the units a cell names, in order, each once. A part of more than six words is a
        phrase, not a name, and is skipped; strict: only parts that are known units or that the service
        list recognises (for cells that are often prose, such as arena participants); lines: a cell of
        several lines names one unit a line (as planctl prints parties and members)."""
        out: list[str] = []
        names = (
            [x.strip() for x in text.split("\n") if x.strip()]
            if lines and "\n" in text.strip()
            else self.split(text)
        )
        for name in names:
            if len(name.split()) > 6:
                continue
            if (
                strict
                and self.find(name) is None
                and (self.closed or not guess_kind(name).known or len(name.split()) > 3)
            ):
                continue
            uid = self.add(name, where=where)
            if uid not in out:
                out.append(uid)
        return out

    def split(self, text: str) -> list[str]:
        names: list[str] = []
        for line in re.split(r"\n|•|·", text):
            line = _BULLET.sub("", line).strip(" ,.;:–-\t")
            if not line:
                continue
            if self.find(line) is not None:
                names.append(line)
                continue
            protected, slots = _protect(line)
            for piece in _SPLIT.split(protected):
                piece = _restore(piece, slots).strip(" ,.;:–\t")
                if not piece:
                    continue
                names.extend(self._split_slash(piece))
        return [part for name in names for part in self._unglue(name) if part]

    def _split_slash(self, piece: str) -> list[str]:
        if "/" not in piece or self.find(piece) is not None or key(piece) in COMPOUND_NAMES:
            return [piece]
        parts = [p.strip() for p in piece.split("/")]
        if len(parts) > 1 and all(len(p) >= 3 and guess_kind(p).known and " " not in p for p in parts):
            return parts
        return [piece]

    def _unglue(self, name: str) -> list[str]:
        if self.find(name) is not None or not _GLUED.search(name):
            return [name]
        parts = [p.strip(" ,.;") for p in _GLUED.split(name) if p.strip(" ,.;")]
        if len(parts) > 1 and all(len(p) >= 2 for p in parts):
            self.glued.append(name)
            return parts
        return [name]


def _protect(line: str) -> tuple[str, list[str]]:
    slots: list[str] = []
    low = line.lower()
    out = line
    for name in COMPOUND_NAMES:
        start = low.find(name)
        while start >= 0:
            slots.append(out[start : start + len(name)])
            token = f"\x00{len(slots) - 1}\x00"
            out = out[:start] + token.ljust(len(name), "\x01") + out[start + len(name) :]
            low = out.lower()
            start = low.find(name)
    return out, slots


def _restore(piece: str, slots: list[str]) -> str:
    piece = piece.replace("\x01", "")
    return re.sub(r"\x00(\d+)\x00", lambda m: slots[int(m.group(1))], piece)


def services_in_text(texts: Iterable[str], units: Units) -> list[str]:
    """The municipal services the text names (`services.TEXT_SERVICES`), each made a unit of the plan
    unless one already stands for it: a unit called so, or a municipal service whose name or alias the
    same words name («Helsestasjon og skolehelsetjeneste» for «helsestasjonen»). The forms the text uses
    that the unit's names do not cover («barnevernet» for «Barneverntjenesten») become its aliases. The
    rules read the services a chapter names from the plan's units and their names: without these, a plan
    whose tables name only roles (Nordre Land: «Kommunalsjef 0-24») would be judged to name none. The ids
    of the units made."""
    named: dict[str, tuple[re.Pattern[str], list[str]]] = {}  # name -> (its pattern, the forms the text uses)
    for text in texts:
        for name, pattern in TEXT_SERVICES:
            for found in pattern.finditer(text):
                forms = named.setdefault(name, (pattern, []))[1]
                form = found.group(0)
                form = form[:1].upper() + form[1:]
                if form not in forms:
                    forms.append(form)
    made: list[str] = []
    for name, (pattern, forms) in named.items():
        uid = units.find(name)
        if uid is None:
            holder = next(
                (
                    u
                    for u in units.units
                    if u.kind == "service"
                    and u.municipal
                    and any(pattern.search(n) for n in (u.name, *u.aliases))
                ),
                None,
            )
            if holder is not None:
                uid = holder.id
                units.alias(uid, name)
            else:
                uid = units.add(name)
                made.append(uid)
        unit = units.by_id(uid)
        if unit is None:  # a regional unit: the regional file names it
            continue
        for form in forms:
            if not any(_covers(n, form) for n in (unit.name, *unit.aliases)):
                units.alias(uid, form)
    return made


# The endings a rule reads a unit's name with in running text (planctl.check.rules.queries._name_pattern).
_ENDINGS = ("", "s", "en", "et", "ene", "a", "n", "er", "ar", "ane", "ne")


def _covers(name: str, form: str) -> bool:
    """Whether the rules find form in a text by the unit name name: the name with one of its endings (a
    name of three letters or fewer, such as NAV, in its own case)."""
    name = name.strip()
    if len(name) > 3:
        name, form = name.lower(), form.lower()
    return form.startswith(name) and form[len(name) :] in _ENDINGS
