"""The documented list the importer guesses a unit's `kind` and `municipal` from.

Each entry is a pattern on the unit's name (lowercase) and what a name that matches most likely is. The
first match wins, so specific entries come before general ones. Every guess is marked in the written plan
(`# importert: sjekk`) and listed in the import report: the list makes a good first draft, the user
decides. docs/import.md prints the same list.

Municipal services (etatene, § 15-1): helsestasjon og skolehelsetjeneste, jordmortjenesten, barnehage,
skole, SFO, PPT, barneverntjenesten, NAV (the municipality's part of the NAV office), kultur og fritid,
ungdomsklubb, psykisk helse og rus, fastlegetjenesten, legevakt, fysio- og ergoterapi, flyktningtjenesten,
helse og omsorg, oppvekst, familiesenter, frivilligsentral, boligkontor.
Teams, networks, leader groups, projects: names with «team», «nettverk», «ledergruppe»/«ledelse»/«råd»,
«prosjekt». Roles: koordinator, leder(e), rektor, styrer, lærer, helsesykepleier, psykolog, jordmor,
miljøterapeut, spesialpedagog, fysioterapeut, lege, los, veileder, kontakt, ansatte («Alle ansatte» is a
catch-all role, as design.md § 4 says).
External bodies: BUP, Bufdir/Bufetat, politiet, statsforvalteren/fylkesmannen, spesialisthelsetjenesten,
sykehus, DPS, familievernkontoret, krisesenteret, konfliktrådet, Statped, fylkeskommunen, tannhelsetjenesten,
habiliteringstjenesten, Helsedirektoratet, FHI, KS, Home-Start, Røde Kors, frivillige organisasjoner,
Fontenehuset, NOK-sentre, høgskoler og universiteter, the courts.
"""

from __future__ import annotations

import re

from planctl.records import record


@record(frozen=True)
class Kind:
    kind: str  # service | team | network | leader_group | role | project | external
    municipal: bool
    known: bool  # False: nothing in the list matched (the default, service, is a weaker guess)


_ENTRIES: tuple[tuple[str, str, bool], ...] = (
    # external bodies first: «BUP», «Politikontakt» must not be caught by general words below
    (r"\bbup\b|barne- og ungdomspsykiatri|\bbufdir|\bbufetat|barne-, ungdoms- og familie", "external", False),
    (r"\bpoliti|lensmann|\bslt-kontakt", "external", False),
    (
        r"statsforvalte|fylkesmann|\bfylkeskommun|\bstatped|\bstatens\b|direktorat|\bfhi\b|folkehelseinstitutt",
        "external",
        False,
    ),
    (r"spesialisthelse|sykehus|\bdps\b|habiliteringstjenest|fødeavdeling|\bhelseforetak", "external", False),
    (
        r"familievern|krisesent|konfliktråd|tannhelse|tannlege|\bnok\b|\bnok\.|fontenehus|home-?start|røde kors|"
        r"frivillig(e)? organisasjon|\bks\b|høgskole|universitet|tingrett|domstol|kirke|menighet",
        "external",
        False,
    ),
    # teams, networks, leader groups, projects
    (
        r"ledergruppe|leiargruppe|\bledelse\b|\bleiing\b|styringsgruppe|\bkoordineringsgruppe|\bråd\b|rådet\b",
        "leader_group",
        True,
    ),
    (r"nettverk", "network", True),
    (r"\bteam\b|teamet\b|-team\b|team$|\bgruppe\b|gruppa\b|gruppen\b", "team", True),
    (r"prosjekt", "project", True),
    # roles
    (r"\balle\b|ansatte\b|tilsette\b", "role", True),
    (
        r"koordinator|leder(e|ne)?\b|\bleiar|rektor|styrer|lærer|helsesykepleier|helsesøster|psykolog|"
        r"jordmor\b|jordmødre|miljøterapeut|spesialpedagog|fysioterapeut|ergoterapeut|\blege\b|\blos\b|-los\b|"
        r"losen|veileder|rettleiar|kontaktperson|kommunalsjef|kommunedirektør|rådmann|kommunalleder|sjef\b|"
        r"hjemveileder|kontakt\b|spes\.?ped",
        "role",
        True,
    ),
    # municipal services
    (
        r"helsestasjon|skolehelse|jordmortjenest|barnehage|\bskole|\bsfo\b|\bppt\b|\bpp-tjenest|pedagogisk-psyk|"
        r"barnevern|\bnav\b|kultur|fritid|ungdomsklubb|ungdommens hus|psykisk helse|\brus|fastleg|legevakt|"
        r"fysio|ergo|flyktning|helse og omsorg|oppvekst|familiesent|frivilligsentral|boligkontor|tjenest|"
        r"\betat|kommunen\b|avdeling|enhet|sektor",
        "service",
        True,
    ),
)
_COMPILED = tuple((re.compile(p), kind, municipal) for p, kind, municipal in _ENTRIES)


def guess_kind(name: str) -> Kind:
    low = name.lower()
    for pattern, kind, municipal in _COMPILED:
        if pattern.search(low):
            return Kind(kind, municipal, True)
    return Kind("service", True, False)


# Names of services that contain «og» or «/» and must not be split there.
COMPOUND_NAMES = (
    "helse og omsorg",
    "barn og familie",
    "kultur og fritid",
    "psykisk helse og rus",
    "rus og psykisk helse",
    "oppvekst og kultur",
    "oppvekst og utdanning",
    "helse og velferd",
    "omsorg og velferd",
    "barne- og familiekoordinator",
    "barne- og ungdomspsykiatrisk",
    "fysio/ergo",
    "fysio- og ergoterapi",
    "styrer/rektor",
    "skole/barnehageledelse",
    "ppt/logoped",
)


# The municipality's services as running text names them (bokmål and nynorsk, with their endings): a plan
# that names one in its text has it, whether or not a table lists it (`importer.units.services_in_text`).
# (display name, pattern). Only services every municipality has; teams and roles are left to the tables.
TEXT_SERVICES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w-])", flags))
    for name, pattern, flags in (
        ("Helsestasjon", r"helsestasjon(?:en|ene|er|ane|ar)?", re.IGNORECASE),
        ("Skolehelsetjenesten", r"skolehelsetjenesten?|skulehelsetenesta", re.IGNORECASE),
        ("Barnehage", r"barnehager?(?:n|ne|ane)?", re.IGNORECASE),
        ("Skole", r"skoler?(?:n|ne)?|skular?(?:n|ne|ane)?", re.IGNORECASE),
        ("SFO", r"SFO", 0),
        ("PPT", r"PPT|PP-tjenesten|PP-tenesta|[Pp]edagogisk-psykologisk (?:tjeneste|teneste)", 0),
        (
            "Barneverntjenesten",
            r"barnevern(?:s)?tjenesten?|barnevern(?:s)?tenesta|barnevernet",
            re.IGNORECASE,
        ),
        ("NAV", r"NAV|Nav", 0),
        ("Fastlege", r"fastleger?(?:n|ne|ane)?", re.IGNORECASE),
        ("Legevakt", r"legevakt(?:en|a)?", re.IGNORECASE),
        ("Psykisk helse og rus", r"psykisk helse og rus", re.IGNORECASE),
        ("Familiesenter", r"familiesenter(?:et)?", re.IGNORECASE),
    )
)
