"""The command line's help texts (`planctl … --help`) in bokmål and nynorsk.

The English help stays where click wants it, in the commands' docstrings and `help=` arguments, and is
the message id here, as with gettext: planctl.cli.clicktext looks the English text up when click formats
help and shows the reader's language. English needs no entry. tests/test_help_language.py walks every
command and option and fails when a help text has no bokmål or nynorsk entry (a new option, or an English
text changed without its translations). Loaded only when help is shown, so start-up pays nothing.

Each entry: (English, bokmål, nynorsk). «\\b» keeps click from rewrapping the paragraph after it.
"""

from __future__ import annotations

_ROOT = (
    "Folder that includes must stay inside (default: nearest folder with planctl.toml, else the plan's "
    "own folder)."
)
_LANG = "Language of messages and documents (default: the plan's `language`, else LANG)."
_TODAY = (
    "Judge dates (overdue measures, an ended period, a passed review) as of this day; default "
    "SOURCE_DATE_EPOCH, else the system clock."
)
_QUIET = "Print only what is wrong (no summary, progress or 'wrote' lines)."
_OUTPUT = (
    "Write to this file (atomically; a regular file only) instead of standard output; - is standard output."
)
_COLOR = "Colour in terminal output; auto: on a terminal, unless NO_COLOR is set (FORCE_COLOR forces it)."
_FORCE = "Build even when the plan has errors; the document is marked as a draft (UTKAST)."

_ENTRIES: tuple[tuple[str, str, str], ...] = (
    # ---- options shared by several commands -------------------------------------------------------
    (
        _ROOT,
        "Mappen som inkluderte filer må ligge i (standard: nærmeste mappe med planctl.toml, ellers planens "
        "egen mappe).",
        "Mappa som inkluderte filer må liggje i (standard: nærmaste mappe med planctl.toml, elles planen "
        "si eiga mappe).",
    ),
    (
        _LANG,
        "Språk for meldinger og dokumenter (standard: planens `language`, ellers LANG).",
        "Språk for meldingar og dokument (standard: `language` i planen, elles LANG).",
    ),
    (
        _TODAY,
        "Vurder datoer (tiltak over frist, en utløpt planperiode, en passert revisjon) per denne dagen; "
        "standard SOURCE_DATE_EPOCH, ellers systemklokka.",
        "Vurder datoar (tiltak over frist, ein utgått planperiode, ei passert revisjon) per denne dagen; "
        "standard SOURCE_DATE_EPOCH, elles systemklokka.",
    ),
    (
        _QUIET,
        "Skriv bare det som er galt (ingen oppsummering, fremdrift eller «skrev»-linjer).",
        "Skriv berre det som er gale (inga oppsummering, framdrift eller «skreiv»-liner).",
    ),
    (
        _OUTPUT,
        "Skriv til denne filen (atomisk; bare en vanlig fil) i stedet for standard ut; - er standard ut.",
        "Skriv til denne fila (atomisk; berre ei vanleg fil) i staden for standard ut; - er standard ut.",
    ),
    (
        _COLOR,
        "Farger i terminalutskrift; auto: på en terminal, med mindre NO_COLOR er satt (FORCE_COLOR tvinger "
        "dem på).",
        "Fargar i terminalutskrift; auto: på ein terminal, så sant ikkje NO_COLOR er sett (FORCE_COLOR "
        "tvingar dei på).",
    ),
    (
        _FORCE,
        "Bygg selv om planen har feil; dokumentet merkes som utkast (UTKAST).",
        "Bygg sjølv om planen har feil; dokumentet vert merkt som utkast (UTKAST).",
    ),
    # ---- planctl ----------------------------------------------------------------------------------
    (
        "planctl: the municipality's plan for preventive child-welfare work (barnevernsloven § 15-1)\n"
        "as YAML in git, checked in CI and built into the document the municipal council adopts.\n\n\b\n"
        "Exit codes: 0 ok; 1 findings (errors, or warnings with --strict) / missing requirements /\n"
        "refused build / differences with --exit-code; 2 usage error or unreadable input.",
        "planctl: kommunens plan for det forebyggende arbeidet i barnevernet (barnevernsloven § 15-1)\n"
        "som YAML i git, kontrollert i CI og bygget til dokumentet kommunestyret vedtar.\n\n\b\n"
        "Avslutningskoder: 0 i orden; 1 funn (feil, eller advarsler med --strict) / manglende krav /\n"
        "bygging nektet / forskjeller med --exit-code; 2 bruksfeil eller input som ikke kan leses.",
        "planctl: planen til kommunen for det førebyggjande arbeidet i barnevernet (barnevernslova § 15-1)\n"
        "som YAML i git, kontrollert i CI og bygd til dokumentet kommunestyret vedtek.\n\n\b\n"
        "Avslutningskodar: 0 i orden; 1 funn (feil, eller åtvaringar med --strict) / manglande krav /\n"
        "bygging nekta / skilnader med --exit-code; 2 bruksfeil eller input som ikkje kan lesast.",
    ),
    (
        "Check plan files: YAML, schema, integrity, law and guidance.",
        "Kontroller planfiler: YAML, skjema, integritet, lov og veiledning.",
        "Kontroller planfiler: YAML, skjema, integritet, lov og rettleiing.",
    ),
    (
        "Compliance report, requirement by requirement (§ 15-1).",
        "Samsvarsrapport, krav for krav (§ 15-1).",
        "Samsvarsrapport, krav for krav (§ 15-1).",
    ),
    (
        "Build the council document: docx, pdf or markdown.",
        "Bygg dokumentet til kommunestyret: docx, pdf eller markdown.",
        "Bygg dokumentet til kommunestyret: docx, pdf eller markdown.",
    ),
    (
        "What changed between two revisions of a plan.",
        "Hva som er endret mellom to versjoner av en plan.",
        "Kva som er endra mellom to versjonar av ein plan.",
    ),
    (
        "List the rule catalogue with legal references.",
        "List opp regelkatalogen med lovhenvisninger.",
        "List opp regelkatalogen med lovtilvisingar.",
    ),
    ("Explain one rule.", "Forklar én regel.", "Forklar éin regel."),
    (
        "Write a new plan skeleton that validates.",
        "Skriv et nytt planskjelett som består kontrollen.",
        "Skriv eit nytt planskjelett som står i kontrollen.",
    ),
    (
        "Import a Word or markdown plan into a plan source.",
        "Importer en plan fra Word eller markdown til en plankilde.",
        "Importer ein plan frå Word eller markdown til ei plankjelde.",
    ),
    (
        "Write the JSON Schema for editors.",
        "Skriv JSON Schema for redigeringsprogrammer.",
        "Skriv JSON Schema for redigeringsprogram.",
    ),
    # ---- validate ---------------------------------------------------------------------------------
    (
        "Check plan files or folders: YAML, JSON Schema, integrity, legal and guidance rules.\n\n"
        "With no PATH, validates the project's plans/ (found from any folder below the project root). `-`\n"
        "reads a plan from standard input. Exit 0 no errors; 1 errors (or warnings with --strict); 2 usage\n"
        "error or unreadable input.",
        "Kontroller planfiler eller mapper: YAML, JSON Schema, integritet, lovkrav og veiledningsregler.\n\n"
        "Uten PATH kontrolleres prosjektets plans/ (funnet fra hvilken som helst mappe under prosjektets\n"
        "rot). `-` leser en plan fra standard inn. Avslutter med 0 uten feil; 1 ved feil (eller advarsler\n"
        "med --strict); 2 ved bruksfeil eller input som ikke kan leses.",
        "Kontroller planfiler eller mapper: YAML, JSON Schema, integritet, lovkrav og rettleiingsreglar.\n\n"
        "Utan PATH vert plans/ i prosjektet kontrollert (funne frå kva mappe som helst under rota til\n"
        "prosjektet). `-` les ein plan frå standard inn. Avsluttar med 0 utan feil; 1 ved feil (eller\n"
        "åtvaringar med --strict); 2 ved bruksfeil eller input som ikkje kan lesast.",
    ),
    (
        "text for people (path:line:col: severity RULE message, then a summary), path (the same lines "
        "only), json (planctl-findings/1), github annotations, sarif, gitlab (Code Quality).",
        "text for mennesker (sti:linje:kolonne: alvorlighet REGEL melding, så en oppsummering), path (bare "
        "de samme linjene), json (planctl-findings/1), github-merknader, sarif, gitlab (Code Quality).",
        "text for menneske (sti:line:kolonne: alvorsgrad REGEL melding, så ei oppsummering), path (berre "
        "dei same linene), json (planctl-findings/1), github-merknader, sarif, gitlab (Code Quality).",
    ),
    (
        "Warnings fail too (exit 1).",
        "Advarsler feiler også (avslutter med 1).",
        "Åtvaringar feilar òg (avsluttar med 1).",
    ),
    (
        "Skip given YAML files that are not planctl files (for pre-commit, which passes all YAML).",
        "Hopp over oppgitte YAML-filer som ikke er planctl-filer (for pre-commit, som sender all YAML).",
        "Hopp over oppgjevne YAML-filer som ikkje er planctl-filer (for pre-commit, som sender all YAML).",
    ),
    (
        "Also check every plan (in the project) that includes a given regional file (for pre-commit, which "
        "passes only the changed files).",
        "Kontroller også hver plan (i prosjektet) som inkluderer en oppgitt regional fil (for pre-commit, "
        "som bare sender de endrede filene).",
        "Kontroller òg kvar plan (i prosjektet) som inkluderer ei oppgjeven regional fil (for pre-commit, "
        "som berre sender dei endra filene).",
    ),
    (
        "Leave out the findings this baseline file knows (fail only on new ones).",
        "Hold utenfor funnene denne grunnlinjefilen kjenner (feil bare på nye).",
        "Hald utanfor funna denne grunnlinjefila kjenner (feil berre på nye).",
    ),
    (
        "Write today's findings to this baseline file (and exit 0).",
        "Skriv dagens funn til denne grunnlinjefilen (og avslutt med 0).",
        "Skriv funna i dag til denne grunnlinjefila (og avslutt med 0).",
    ),
    (
        "With `-`: the name to give standard input (and resolve its include from). Default: <stdin> in the "
        "working folder.",
        "Med `-`: navnet standard inn skal få (og som inkluderte filer finnes ut fra). Standard: <stdin> i "
        "arbeidsmappen.",
        "Med `-`: namnet standard inn skal få (og som inkluderte filer vert funne ut frå). Standard: "
        "<stdin> i arbeidsmappa.",
    ),
    (
        "Check files in up to N worker processes (default: one per CPU; 1: none), when there is much to "
        "read (about 4 MB a worker); the report is the same.",
        "Kontroller filer i opptil N arbeidsprosesser (standard: én per CPU; 1: ingen) når det er mye å "
        "lese (omtrent 4 MB per prosess); rapporten blir den samme.",
        "Kontroller filer i opptil N arbeidsprosessar (standard: éin per CPU; 1: ingen) når det er mykje å "
        "lese (omtrent 4 MB per prosess); rapporten vert den same.",
    ),
    # ---- report -----------------------------------------------------------------------------------
    (
        "Compliance report for one plan (a plan file or plan folder): each § 15-1 requirement met, partial,\n"
        "missing, pending adoption, undocumented or unassessable, with the law's words, the evidence (file "
        "and\nline) and what to do; then the guidance findings.\n\nExit 0 no requirement missing, "
        "unassessable or with an error; 1 some are; 2 usage error or\nunreadable input.",
        "Samsvarsrapport for én plan (en planfil eller planmappe): hvert krav i § 15-1 oppfylt, delvis,\n"
        "mangler, venter på vedtak, ikke dokumentert eller kan ikke vurderes, med lovens ord, belegget (fil "
        "og\nlinje) og hva som må gjøres; deretter funnene fra veiledningen.\n\nAvslutter med 0 når ingen "
        "krav mangler, ikke kan vurderes eller har en feil; 1 når noen har det;\n2 ved bruksfeil eller "
        "input som ikke kan leses.",
        "Samsvarsrapport for éin plan (ei planfil eller planmappe): kvart krav i § 15-1 oppfylt, delvis,\n"
        "manglar, ventar på vedtak, ikkje dokumentert eller kan ikkje vurderast, med orda i lova, belegget "
        "(fil og\nline) og kva som må gjerast; deretter funna frå rettleiinga.\n\nAvsluttar med 0 når "
        "ingen krav manglar, ikkje kan vurderast eller har ein feil; 1 når nokre har det;\n2 ved bruksfeil "
        "eller input som ikkje kan lesast.",
    ),
    (
        "text for people, markdown, json (planctl-compliance/1) or docx (needs -o).",
        "text for mennesker, markdown, json (planctl-compliance/1) eller docx (krever -o).",
        "text for menneske, markdown, json (planctl-compliance/1) eller docx (krev -o).",
    ),
    # ---- build ------------------------------------------------------------------------------------
    (
        "Build the council document: docx, pdf or markdown.\n\n\b\nExit codes: 0 built; 1 refused because "
        "the plan has errors (--force builds a draft);\n2 usage error, unreadable input or missing "
        "LibreOffice (pdf).",
        "Bygg dokumentet til kommunestyret: docx, pdf eller markdown.\n\n\b\nAvslutningskoder: 0 bygget; 1 "
        "nektet fordi planen har feil (--force bygger et utkast);\n2 bruksfeil, input som ikke kan leses "
        "eller manglende LibreOffice (pdf).",
        "Bygg dokumentet til kommunestyret: docx, pdf eller markdown.\n\n\b\nAvslutningskodar: 0 bygd; 1 "
        "nekta fordi planen har feil (--force byggjer eit utkast);\n2 bruksfeil, input som ikkje kan "
        "lesast eller manglande LibreOffice (pdf).",
    ),
    (
        "The council document as Word (.docx), and the compliance report beside it.",
        "Dokumentet til kommunestyret som Word (.docx), med samsvarsrapporten ved siden av.",
        "Dokumentet til kommunestyret som Word (.docx), med samsvarsrapporten ved sida av.",
    ),
    (
        "The council document as markdown, for web pages and review.",
        "Dokumentet til kommunestyret som markdown, for nettsider og gjennomgang.",
        "Dokumentet til kommunestyret som markdown, for nettsider og gjennomgang.",
    ),
    (
        "The council document as tagged PDF, through LibreOffice headless.",
        "Dokumentet til kommunestyret som tagget PDF, laget med LibreOffice uten skjerm.",
        "Dokumentet til kommunestyret som tagga PDF, laga med LibreOffice utan skjerm.",
    ),
    (
        "A .docx or .dotx whose styles the document uses (the municipality's own template).",
        "En .docx eller .dotx med stilene dokumentet skal bruke (kommunens egen mal).",
        "Ei .docx eller .dotx med stilane dokumentet skal bruke (kommunen sin eigen mal).",
    ),
    (
        "A folder to write to (the file is named after the plan and version), or a file name ending in the "
        "format's suffix (.docx, .pdf, .md).",
        "En mappe å skrive til (filen får navn etter planen og versjonen), eller et filnavn som slutter på "
        "formatets endelse (.docx, .pdf, .md).",
        "Ei mappe å skrive til (fila får namn etter planen og versjonen), eller eit filnamn som sluttar på "
        "endinga til formatet (.docx, .pdf, .md).",
    ),
    # ---- diff -------------------------------------------------------------------------------------
    (
        "What changed between two revisions of a plan.\n\nOLD and NEW are plan files, plan folders (their "
        "plan.yaml), or git revisions written REV:PATH\n(e.g. HEAD~1:plans/x/plan.yaml), read with git "
        "without checking anything out. Entities are matched by\nkind and ID; prose is compared word by "
        "word.\n\nExit 0; with --exit-code 0 same, 1 different; 2 usage error or unreadable input.",
        "Hva som er endret mellom to versjoner av en plan.\n\nOLD og NEW er planfiler, planmapper (deres "
        "plan.yaml) eller git-revisjoner skrevet REV:STI\n(f.eks. HEAD~1:plans/x/plan.yaml), lest med git "
        "uten at noe sjekkes ut. Enheter pares etter\ntype og ID; tekst sammenlignes ord for ord.\n\n"
        "Avslutter med 0; med --exit-code 0 like, 1 forskjellige; 2 bruksfeil eller input som ikke kan "
        "leses.",
        "Kva som er endra mellom to versjonar av ein plan.\n\nOLD og NEW er planfiler, planmapper (plan.yaml "
        "i dei) eller git-revisjonar skrivne REV:STI\n(t.d. HEAD~1:plans/x/plan.yaml), lesne med git utan "
        "at noko vert sjekka ut. Einingar vert para etter\ntype og ID; tekst vert samanlikna ord for ord."
        "\n\nAvsluttar med 0; med --exit-code 0 like, 1 ulike; 2 bruksfeil eller input som ikkje kan "
        "lesast.",
    ),
    (
        "text for people, markdown for a merge-request comment, json (planctl-diff/1), docx (the new plan's "
        "council document with every change tracked; needs -o).",
        "text for mennesker, markdown for en kommentar til en merge request, json (planctl-diff/1), docx "
        "(den nye planens dokument til kommunestyret med hver endring sporet; krever -o).",
        "text for menneske, markdown for ein kommentar til ein merge request, json (planctl-diff/1), docx "
        "(dokumentet til kommunestyret for den nye planen med kvar endring spora; krev -o).",
    ),
    (
        "Exit 1 when the plans differ, 0 when they are the same (as git).",
        "Avslutt med 1 når planene er forskjellige, 0 når de er like (som git).",
        "Avslutt med 1 når planane er ulike, 0 når dei er like (som git).",
    ),
    (
        "Only this kind of entity (repeatable).",
        "Bare denne typen enhet (kan gjentas).",
        "Berre denne typen eining (kan gjentakast).",
    ),
    (
        "Ignore this field, a dotted path such as status.label or status (repeatable).",
        "Se bort fra dette feltet, en sti med punktum som status.label eller status (kan gjentas).",
        "Sjå bort frå dette feltet, ein sti med punktum som status.label eller status (kan gjentakast).",
    ),
    (
        "Name both sides PATH and resolve their includes relative to it (for git's diff driver, which hands "
        "over temporary files).",
        "Gi begge sider navnet PATH og finn deres inkluderte filer ut fra det (for gits diff-driver, som "
        "leverer midlertidige filer).",
        "Gje begge sider namnet PATH og finn dei inkluderte filene deira ut frå det (for diff-drivaren til "
        "git, som leverer mellombelse filer).",
    ),
    # ---- rules, explain ---------------------------------------------------------------------------
    (
        "List every rule: ID, severity, family, what it checks and its legal or guidance reference.",
        "List opp hver regel: ID, alvorlighet, familie, hva den kontrollerer og dens henvisning til lov eller "
        "veiledning.",
        "List opp kvar regel: ID, alvorsgrad, familie, kva han kontrollerer og tilvisinga hans til lov eller "
        "rettleiing.",
    ),
    (
        "text, markdown (as docs/rules.md) or json (planctl-rules/1).",
        "text, markdown (som docs/rules.md) eller json (planctl-rules/1).",
        "text, markdown (som docs/rules.md) eller json (planctl-rules/1).",
    ),
    (
        "Explain one rule: what it checks, why, and the law's own words where it has them.",
        "Forklar én regel: hva den kontrollerer, hvorfor, og lovens egne ord der den har dem.",
        "Forklar éin regel: kva han kontrollerer, kvifor, og orda i lova der han har dei.",
    ),
    # ---- init -------------------------------------------------------------------------------------
    (
        "Write FOLDER/plan.yaml, a commented plan skeleton that validates (in --lang: nb, nn or en), and\n"
        "FOLDER/plan.schema.json, which its first line names for editors. Never overwrites a plan.",
        "Skriv FOLDER/plan.yaml, et kommentert planskjelett som består kontrollen (på --lang: nb, nn eller "
        "en), og\nFOLDER/plan.schema.json, som den første linjen peker på for redigeringsprogrammer. "
        "Overskriver aldri en plan.",
        "Skriv FOLDER/plan.yaml, eit kommentert planskjelett som står i kontrollen (på --lang: nb, nn eller "
        "en), og\nFOLDER/plan.schema.json, som den første lina peikar på for redigeringsprogram. Skriv "
        "aldri over ein plan.",
    ),
    (
        "The municipality's name (default: «Eksempel kommune»).",
        "Kommunens navn (standard: «Eksempel kommune»).",
        "Namnet på kommunen (standard: «Eksempel kommune»).",
    ),
    (
        "Plan id (a lowercase slug; default from the name).",
        "Planens id (små bokstaver, tall og bindestrek; standard ut fra navnet).",
        "Id-en til planen (små bokstavar, tal og bindestrek; standard ut frå namnet).",
    ),
    # ---- import -----------------------------------------------------------------------------------
    (
        "Import a plan from Word (.docx; .odt/.doc/.rtf through LibreOffice) or markdown into\n"
        "OUTPUT_DIR/plan.yaml, and print the import report.\n\nExit 0 imported; 2 unreadable input, an "
        "existing plan.yaml without --force, or usage error.\nNothing is written when the input cannot be "
        "read.",
        "Importer en plan fra Word (.docx; .odt/.doc/.rtf via LibreOffice) eller markdown til\n"
        "OUTPUT_DIR/plan.yaml, og skriv ut importrapporten.\n\nAvslutter med 0 når planen er importert; 2 "
        "ved input som ikke kan leses, en eksisterende plan.yaml uten --force,\neller bruksfeil. Ingenting "
        "skrives når input ikke kan leses.",
        "Importer ein plan frå Word (.docx; .odt/.doc/.rtf via LibreOffice) eller markdown til\n"
        "OUTPUT_DIR/plan.yaml, og skriv ut importrapporten.\n\nAvsluttar med 0 når planen er importert; 2 "
        "ved input som ikkje kan lesast, ein eksisterande plan.yaml utan --force,\neller bruksfeil. Ingenting "
        "vert skrive når input ikkje kan lesast.",
    ),
    (
        "Folder to write plan.yaml (and pictures) to.",
        "Mappen plan.yaml (og bilder) skrives til.",
        "Mappa plan.yaml (og bilete) vert skrivne til.",
    ),
    (
        "A regional file (planctl-regional/1): matching text becomes `include: regional:<id>`.",
        "En regional fil (planctl-regional/1): tekst som stemmer med den, blir `include: regional:<id>`.",
        "Ei regional fil (planctl-regional/1): tekst som stemmer med ho, vert `include: regional:<id>`.",
    ),
    (
        "The municipality's name (default: read from the document).",
        "Kommunens navn (standard: lest fra dokumentet).",
        "Namnet på kommunen (standard: lese frå dokumentet).",
    ),
    (
        "The import report: text for people, json (planctl-import/1).",
        "Importrapporten: text for mennesker, json (planctl-import/1).",
        "Importrapporten: text for menneske, json (planctl-import/1).",
    ),
    (
        "Overwrite an existing plan.yaml.",
        "Skriv over en eksisterende plan.yaml.",
        "Skriv over ein eksisterande plan.yaml.",
    ),
    # ---- schema -----------------------------------------------------------------------------------
    (
        "Write the JSON Schema of plan files (or, with --regional, of regional files) for editors: to\n"
        "standard output, or to -o FILE. Put `# yaml-language-server: $schema=FILE` on a plan's first line.\n"
        "A regional schema refers to plan.schema.json beside it: write both to one folder.",
        "Skriv JSON Schema for planfiler (eller, med --regional, for regionale filer) til\n"
        "redigeringsprogrammer: til standard ut, eller til -o FIL. Sett `# yaml-language-server: "
        "$schema=FIL`\npå planens første linje. Et regionalt skjema viser til plan.schema.json ved siden "
        "av: skriv begge til samme mappe.",
        "Skriv JSON Schema for planfiler (eller, med --regional, for regionale filer) til\n"
        "redigeringsprogram: til standard ut, eller til -o FIL. Set `# yaml-language-server: $schema=FIL`\n"
        "på den første lina i planen. Eit regionalt skjema viser til plan.schema.json ved sida av: skriv "
        "begge til same mappe.",
    ),
    (
        "The schema of regional files (planctl-regional/1).",
        "Skjemaet for regionale filer (planctl-regional/1).",
        "Skjemaet for regionale filer (planctl-regional/1).",
    ),
)

CATALOGUE: dict[str, dict[str, str]] = {
    "nb": {english: bokmal for english, bokmal, _ in _ENTRIES},
    "nn": {english: nynorsk for english, _, nynorsk in _ENTRIES},
}
