"""The shipped JSON Schemas: well-formed, documented, and they accept and reject what format.md says."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from planctl.check.schema_files import load_schema, registry, schema_path
from tests.conftest import plan_header

NAMES = ("plan", "regional")


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name), registry=registry())


def errors(name: str, instance: Any) -> list[ValidationError]:
    return sorted(validator(name).iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))


# ------------------------------------------------------------------ examples

MINIMAL_PLAN: dict[str, Any] = {
    **plan_header(
        "sondre-land", "Plan for forebygging av omsorgssvikt og atferdsproblemer", "Søndre Land kommune"
    ),
}

FULL_PLAN: dict[str, Any] = {
    "schema": "planctl/1",
    "uses": {"regional": "../gjovikregionen/regional.yaml"},
    "plan": {
        "id": "sondre-land",
        "title": "Plan for forebygging av omsorgssvikt og atferdsproblemer",
        "subtitle": "Del 2: Kommunens plan",
        "keywords": ["forebygging", "tidlig innsats"],
        "municipality": {"name": "Søndre Land kommune", "number": "3447"},
        "language": "nb",
        "version": "2023-03",
        "date": "2023-03-01",
        "period": {"start": 2023, "end": "2026"},
        "adoption": {
            "body": "kommunestyret",
            "status": "adopted",
            "date": "2023-04",
            "case_ref": "23/123",
            "label": "vedtatt i Kommunestyret, april 2023",
        },
        "revision": {"next_review": 2027, "cycle": "4 år", "owner": "kommunalsjef-oppvekst"},
    },
    "units": [
        {
            "id": "helsestasjon",
            "name": "Helsestasjonstjenesten",
            "kind": "service",
            "municipal": True,
            "aliases": ["Helsestasjonstjenester"],
            "mandate": None,
            "members": [],
            "description": "Helsestasjonen følger opp alle barn 0-5 år.",
            "url": "https://www.sondre-land.kommune.no/helsestasjon",
        },
        {"id": "drofting-team", "name": "Drøftingsteam", "kind": "team", "members": ["helsestasjon", "bup"]},
    ],
    "goals": [
        {
            "id": "hovedmal",
            "kind": "main",
            "text": "barn, unge og familier får rett hjelp til rett tid.",
            "label": "Hovedmålet er at",
            "source": "Regional strategiplan",
        }
    ],
    "strategies": [
        {
            "id": "tverrfaglig",
            "number": "1.",
            "title": "Tverrfaglig samarbeid",
            "text": "...",
            "goals": ["hovedmal"],
        }
    ],
    "measures": [
        {
            "id": "familiebasen",
            "name": "Familiebasen",
            "description": "Lavterskeltilbud for familier.",
            "details": "Se [nettside](https://example.org).",
            "levels": ["selective", "indicated"],
            "scope": "service",
            "responsible": ["helsestasjon", "ppt"],
            "responsible_label": "Helsestasjonstjenester / PPT + spes.ped",
            "status": {"state": "continuous", "label": "Løpende"},
            "due": "2024-06",
            "evaluation": "Årlig evaluering[^eval]",
            "goals": ["hovedmal"],
            "arenas": ["drofting"],
            "links": ["https://example.org/a", {"text": "Veileder", "url": "https://example.org/b"}],
        },
        {
            "id": "leksehjelp",
            "name": "Leksehjelp",
            "due": 2025,
            "status": {"state": "planned", "label": None},
        },
    ],
    "arenas": [
        {
            "id": "drofting",
            "name": "Tverrfaglig drøftingsteam",
            "purpose": "Drøfte bekymring anonymt.",
            "level": "both",
            "participants": ["helsestasjon", "ppt", "bup"],
            "participants_label": "Helsestasjon, PPT og BUP",
            "frequency": "annenhver onsdag (oddetallsuker) kl. 14-15.30",
            "established": "2019",
        }
    ],
    "agreements": [
        {
            "id": "avtale-bup",
            "title": "Samarbeidsavtale med BUP",
            "parties": ["kommunalsjef-oppvekst", "bup"],
            "status": {"state": "active", "label": "Etablert 2021"},
            "review": "årlig",
            "description": "Avtalen regulerer henvisninger.",
        }
    ],
    "pathways": [
        {
            "id": "bekymring",
            "title": "Handlingsforløp ved bekymring",
            "intro": "Veien fra uro til handling.",
            "url": "https://example.org/bti",
            "steps": [
                {
                    "title": "Avklar bekymring",
                    "action": "Den ansatte drøfter sin bekymring med styrer/rektor.",
                    "actors": ["barnehage", "skole"],
                    "arena": None,
                    "note": "Foreldre informeres.",
                },
                {"title": "Tverrfaglig drøftingsteam", "arena": "drofting"},
            ],
        }
    ],
    "annual_wheel": [
        {
            "id": "tilstandsrapport",
            "title": "Tilstandsrapport for barnevernet til kommunestyret",
            "month": 6,
            "responsible": ["barnevern"],
            "kind": "report",
            "frequency": "årlig",
            "description": "Barnevernsloven § 15-3.",
        }
    ],
    "statistics": [
        {
            "id": "bv-tiltak-andel",
            "title": "Prosentvis andel barn med barnevernstiltak i forhold til innbyggere 0-17 år",
            "unit": "percent",
            "source": {"name": "Bufdir kommunemonitor", "url": None, "retrieved": "2023-02-01"},
            "periods": ["2018", "2019", "2020", "2021"],
            "series": {"Søndre Land": [5.6, 5.7, 4.8, 5.4], "Fylket": [5.0, None, 4, 4.5]},
            "entity_label": "Kommune",
            "layout": "columns",
            "note": "2021: januar-juni.",
        },
        {"id": "uten-tittel", "title": None, "source": None, "periods": [], "series": {}},
    ],
    "references": [
        {
            "id": "helsedirektoratet-2017",
            "author": "Helsedirektoratet",
            "year": 2017,
            "title": "Veileder",
            "url": "https://example.org/hdir",
            "text": "Helsedirektoratet (2017). Veileder. Oslo.",
            "accessed": "2023-01-15",
        }
    ],
    "footnotes": [{"id": "eval", "text": "Se kapittel 10."}],
    "document": {
        "front": {"subtitle": None, "date_label": "Mars 2023", "lines": ["DEL 1: REGIONAL STRATEGIPLAN"]},
        "numbering": "explicit",
        "toc": True,
        "level_colors": {"universal": "#C6E0B4", "selective": "FFE699", "indicated": "#f4b183"},
        "body": [
            {"include": "regional:utfordringsbilde"},
            {
                "id": "innledning",
                "number": "1",
                "title": "Innledning",
                "kind": "chapter",
                "unnumbered": False,
                "covers": [
                    "goals",
                    "organisation",
                    "division",
                    "collaboration",
                    "participation",
                    "knowledge",
                    "evaluation",
                    "adoption",
                ],
                "blocks": [
                    {"p": "Barnevernsloven § 15-1 gir kommunen ansvaret for ..."},
                    {"list": ["en", "to"]},
                    {
                        "list": {
                            "style": "dash",
                            "items": ["a", {"text": "b", "items": ["b1", {"text": "b2", "items": []}]}],
                        }
                    },
                    {
                        "quote": {
                            "text": "Kommunen skal ...",
                            "source": "Lov om barnevern § 15-1",
                            "style": "legal",
                        }
                    },
                    {"heading": "Mål", "level": 2},
                    {"table": {"caption": "Oversikt", "columns": ["A", "B"], "rows": [["1", "2"]]}},
                    {"include": "regional:intro-legal"},
                    {"include": "regional:strategi-eierskap", "variant": "lov-i-kraft"},
                    {
                        "render": "measures",
                        "ids": ["familiebasen"],
                        "levels": ["universal"],
                        "scope": "service",
                        "group_by": "level",
                        "columns": ["name", "description", "responsible", "status"],
                        "labels": {"description": "Beskrivelse", "responsible": "Ansvar"},
                        "title": "Tiltaksoversikt",
                        "group_labels": {"universal": "FOR ALLE: UNIVERSELLE TILTAK"},
                    },
                    {"render": "arenas", "columns": ["name", "participants_label"]},
                    {"figure": {"generate": "pyramid", "caption": "Tiltakspyramiden", "alt": "Tre nivåer"}},
                    {
                        "figure": {
                            "image": "bilde-1.png",
                            "caption": "Organisasjonskart",
                            "alt": "Kart over tjenestene",
                        }
                    },
                    {
                        "figure": {
                            "diagram": "levels",
                            "items": [
                                "Kommunenivå",
                                {"label": "Tjenestenivå", "text": "Tjenestene", "color": "#9DC3E6"},
                            ],
                            "caption": "Tre nivåer",
                            "alt": "Kommunenivå over tjenestenivå",
                        }
                    },
                ],
                "children": [{"id": "bakgrunn", "title": "Bakgrunn", "blocks": [], "children": []}],
            },
        ],
        "appendices": [
            {
                "id": "vedlegg1",
                "title": "VEDLEGG 1: TILTAKSOVERSIKT",
                "kind": "appendix",
                "orientation": "landscape",
                "blocks": [],
            }
        ],
    },
}

REGIONAL: dict[str, Any] = {
    "schema": "planctl-regional/1",
    "region": {
        "id": "gjovikregionen",
        "name": "Gjøvikregionen",
        "municipalities": ["Gjøvik", "Østre Toten", "Vestre Toten", "Nordre Land", "Søndre Land"],
    },
    "blocks": {
        "intro-legal": [{"p": "Barnevernsloven § 15-1 ..."}, {"include": "regional:felles"}],
        "strategi-eierskap": {
            "default": "lov-i-kraft",
            "variants": {
                "lov-i-kraft": [{"p": "I den nye barnevernsloven ..."}],
                "forslag-2021": [{"p": "I forslaget til ny barnevernslov ..."}, {"render": "statistics"}],
            },
        },
    },
    "sections": {
        "utfordringsbilde": {
            "id": "utfordringsbilde",
            "number": None,
            "title": "UTFORDRINGSBILDE",
            "kind": "chapter",
            "unnumbered": True,
            "covers": ["knowledge"],
            "blocks": [{"render": "statistics", "ids": ["bv-tiltak-andel"]}],
            "children": [{"title": "Hjelpetiltak", "blocks": [{"p": "..."}]}],
        }
    },
    "units": [{"id": "bup", "name": "BUP Gjøvik", "kind": "external", "municipal": False}],
    "statistics": [{"id": "bv-tiltak-andel", "periods": ["2021"], "series": {"Gjøvik": [4.5]}}],
    "references": [{"id": "killen-2013", "author": "Killén", "year": "2013"}],
    "footnotes": [{"id": "reform", "text": "Barnevernsreformen 2022."}],
}


# ------------------------------------------------------------------ schema files


def test_schema_path_and_load() -> None:
    for name in NAMES:
        path = schema_path(name)
        assert path.name == f"{name}.schema.json"
        assert path.is_file()
        assert load_schema(name) == json.loads(path.read_text(encoding="utf-8"))
        assert load_schema(name) is load_schema(name)
    with pytest.raises(ValueError):
        schema_path("nope")


@pytest.mark.parametrize("name", NAMES)
def test_check_schema(name: str) -> None:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/{name}.schema.json")
    assert schema["title"]


def test_registry_holds_both() -> None:
    reg = registry()
    for name in NAMES:
        assert reg.contents(load_schema(name)["$id"]) == load_schema(name)


def _subschemas(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            yield from _subschemas(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _subschemas(value, f"{pointer}/{i}")


@pytest.mark.parametrize("name", NAMES)
def test_every_property_has_a_description(name: str) -> None:
    missing = []
    objects = 0
    for pointer, node in _subschemas(load_schema(name)):
        if pointer.endswith(("/enum", "/const", "/if")) or "/enum/" in pointer:
            continue
        props = node.get("properties")
        if isinstance(props, dict):
            for key, sub in props.items():
                if not (
                    isinstance(sub, dict) and isinstance(sub.get("description"), str) and sub["description"]
                ):
                    missing.append(f"{pointer}/properties/{key}")
            # every object that declares properties closes itself, except the if/then refinements
            if not pointer.endswith(("/if", "/then")):
                objects += 1
                assert node.get("additionalProperties") is False, f"{pointer} is open"
        addl = node.get("additionalProperties")
        if isinstance(addl, dict) and not addl.get("description"):
            missing.append(f"{pointer}/additionalProperties")
    assert objects >= 3
    assert missing == []


@pytest.mark.parametrize("name", NAMES)
def test_descriptions_norwegian_term_first(name: str) -> None:
    # "Tiltak. Preventive measures ...": a term ending in a full stop, then the English explanation
    for pointer, node in _subschemas(load_schema(name)):
        for key, sub in (node.get("properties") or {}).items():
            if isinstance(sub, dict) and "description" in sub:
                term, sep, rest = sub["description"].partition(". ")
                assert sep and term and rest, f"{pointer}/properties/{key}: {sub['description']!r}"


# ------------------------------------------------------------------ coverage of the full examples


def _resolve(ref: str, current: str) -> tuple[str, Any]:
    base, _, fragment = ref.partition("#")
    doc_name = base.removesuffix(".schema.json") if base else current
    node: Any = load_schema(doc_name)
    for part in fragment.strip("/").split("/"):
        if part:
            node = node[part]
    return doc_name, node


def _walk(schema: Any, instance: Any, doc: str, seen: set[tuple[str, int, str]]) -> None:
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        ref_doc, target = _resolve(schema["$ref"], doc)
        _walk(target, instance, ref_doc, seen)
    if "if" in schema:
        branch = "then" if Draft202012Validator(schema["if"]).is_valid(instance) else "else"
        _walk(schema.get(branch), instance, doc, seen)
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        for key, value in instance.items():
            if key in props:
                seen.add((doc, id(props), key))
                _walk(props[key], value, doc, seen)
            elif isinstance(schema.get("additionalProperties"), dict):
                _walk(schema["additionalProperties"], value, doc, seen)
    if isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for value in instance:
            _walk(schema["items"], value, doc, seen)


def _declared(doc: str) -> set[tuple[str, int, str]]:
    out = set()
    for pointer, node in _subschemas(load_schema(doc)):
        props = node.get("properties")
        if isinstance(props, dict) and not pointer.endswith("/if"):
            out.update((doc, id(props), key) for key in props)
    return out


def test_examples_use_every_key() -> None:
    seen: set[tuple[str, int, str]] = set()
    _walk(load_schema("plan"), FULL_PLAN, "plan", seen)
    _walk(load_schema("regional"), REGIONAL, "regional", seen)
    unused = (_declared("plan") | _declared("regional")) - seen
    assert not unused, sorted(key for _, _, key in unused)


# ------------------------------------------------------------------ valid documents


@pytest.mark.parametrize(
    ("name", "instance"),
    [("plan", MINIMAL_PLAN), ("plan", FULL_PLAN), ("regional", REGIONAL)],
    ids=["minimal-plan", "full-plan", "regional"],
)
def test_valid(name: str, instance: dict[str, Any]) -> None:
    assert errors(name, instance) == []


def test_empty_registries_and_any_body_are_valid() -> None:
    plan = copy.deepcopy(MINIMAL_PLAN)
    plan["plan"]["adoption"]["body"] = "formannskapet"
    for key in (
        "units",
        "goals",
        "measures",
        "arenas",
        "agreements",
        "statistics",
        "references",
        "footnotes",
    ):
        plan[key] = []
    plan["document"] = {"body": [], "appendices": []}
    assert errors("plan", plan) == []
    regional = {
        "schema": "planctl-regional/1",
        "region": {"id": "r", "name": "R"},
        "blocks": {},
        "sections": {},
    }
    assert errors("regional", regional) == []


# ------------------------------------------------------------------ invalid documents


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        node: Any = doc
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return mutate


def _delete(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        node: Any = doc
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]

    return mutate


BLOCK = ["document", "body", 1, "blocks", 0]

NEGATIVE: list[tuple[str, Callable[[dict[str, Any]], None], list[Any], str]] = [
    ("unknown-top-key", _set(["labels"], {}), [], "additionalProperties"),
    ("unknown-measure-key", _set(["measures", 0, "owner"], "x"), ["measures", 0], "additionalProperties"),
    ("bad-id-slug", _set(["measures", 0, "id"], "Familie_basen"), ["measures", 0, "id"], "pattern"),
    (
        "bad-unit-ref-slug",
        _set(["measures", 0, "responsible", 1], "PPT"),
        ["measures", 0, "responsible", 1],
        "pattern",
    ),
    (
        "bad-level-enum",
        _set(["measures", 0, "levels", 0], "universell"),
        ["measures", 0, "levels", 0],
        "enum",
    ),
    (
        "bad-status-enum",
        _set(["measures", 0, "status", "state"], "done"),
        ["measures", 0, "status", "state"],
        "enum",
    ),
    (
        "bad-adoption-status",
        _set(["plan", "adoption", "status"], "vedtatt"),
        ["plan", "adoption", "status"],
        "enum",
    ),
    ("bad-date", _set(["plan", "adoption", "date"], "01.04.2023"), ["plan", "adoption", "date"], "pattern"),
    ("bad-due", _set(["measures", 0, "due"], "2024-6"), ["measures", 0, "due"], "pattern"),
    ("bad-month", _set(["annual_wheel", 0, "month"], 13), ["annual_wheel", 0, "month"], "maximum"),
    (
        "bad-municipality-number",
        _set(["plan", "municipality", "number"], 3447),
        ["plan", "municipality", "number"],
        "type",
    ),
    ("block-two-kinds", _set(BLOCK, {"p": "a", "list": ["b"]}), BLOCK, "additionalProperties"),
    ("block-no-kind", _set(BLOCK, {"variant": "x"}), BLOCK, "enum"),  # propertyNames: not a kind key
    ("block-empty", _set(BLOCK, {}), BLOCK, "minProperties"),
    ("block-not-mapping", _set(BLOCK, "tekst"), BLOCK, "type"),
    ("block-bad-option", _set(BLOCK, {"p": "a", "level": 2}), BLOCK, "additionalProperties"),
    ("render-bad-what", _set(BLOCK, {"render": "partners"}), [*BLOCK, "render"], "enum"),
    (
        "render-bad-measure-column",
        _set(BLOCK, {"render": "measures", "columns": ["ansvar"]}),
        [*BLOCK, "columns", 0],
        "enum",
    ),
    ("include-bad-ref", _set(BLOCK, {"include": "intro-legal"}), [*BLOCK, "include"], "pattern"),
    (
        "list-item-bad",
        _set(BLOCK, {"list": {"items": [{"items": []}]}}),
        [*BLOCK, "list", "items", 0],
        "required",
    ),
    (
        "series-not-array",
        _set(["statistics", 0, "series", "Fylket"], 4.5),
        ["statistics", 0, "series", "Fylket"],
        "type",
    ),
    (
        "series-value-string",
        _set(["statistics", 0, "series", "Fylket", 1], "5,0"),
        ["statistics", 0, "series", "Fylket", 1],
        "type",
    ),
    ("missing-plan-title", _delete(["plan", "title"]), ["plan"], "required"),
    (
        "missing-municipality-name",
        _delete(["plan", "municipality", "name"]),
        ["plan", "municipality"],
        "required",
    ),
    ("missing-adoption", _delete(["plan", "adoption"]), ["plan"], "required"),
    (
        "empty-adoption-body",
        _set(["plan", "adoption", "body"], ""),
        ["plan", "adoption", "body"],
        "minLength",
    ),
    ("wrong-schema-const", _set(["schema"], "planctl/2"), ["schema"], "const"),
    ("missing-schema", _delete(["schema"]), [], "required"),
    (
        "section-unknown-key",
        _set(["document", "body", 1, "blocs"], []),
        ["document", "body", 1],
        "additionalProperties",
    ),
    (
        "section-bad-covers",
        _set(["document", "body", 1, "covers", 0], "mal"),
        ["document", "body", 1, "covers", 0],
        "enum",
    ),
    (
        "body-include-bad",
        _set(["document", "body", 0, "include"], "regional:Bad"),
        ["document", "body", 0, "include"],
        "pattern",
    ),
    ("period-bad-year", _set(["plan", "period", "start"], "23"), ["plan", "period", "start"], "pattern"),
    (
        "link-missing-url",
        _set(["measures", 0, "links", 1], {"text": "x"}),
        ["measures", 0, "links", 1],
        "required",
    ),
    (
        "figure-bad-generate",
        _set(BLOCK, {"figure": {"generate": "chart"}}),
        [*BLOCK, "figure", "generate"],
        "enum",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "keyword"), [n[1:] for n in NEGATIVE], ids=[n[0] for n in NEGATIVE]
)
def test_invalid_plan(mutate: Callable[[dict[str, Any]], None], path: list[Any], keyword: str) -> None:
    doc = copy.deepcopy(FULL_PLAN)
    mutate(doc)
    found = errors("plan", doc)
    assert [(list(e.absolute_path), e.validator) for e in found] == [(path, keyword)]


REGIONAL_NEGATIVE: list[tuple[str, Callable[[dict[str, Any]], None], list[Any], str]] = [
    ("wrong-schema-const", _set(["schema"], "planctl/1"), ["schema"], "const"),
    ("missing-region", _delete(["region"]), [], "required"),
    ("unknown-top-key", _set(["measures"], []), [], "additionalProperties"),
    (
        "variant-block-bad",
        _set(["blocks", "strategi-eierskap", "variants", "lov-i-kraft", 0], {"p": 1}),
        ["blocks", "strategi-eierskap", "variants", "lov-i-kraft", 0, "p"],
        "type",
    ),
    (
        "variants-missing",
        _delete(["blocks", "strategi-eierskap", "variants"]),
        ["blocks", "strategi-eierskap"],
        "required",
    ),
    ("bad-block-id", _set(["blocks", "Intro"], []), ["blocks"], "pattern"),  # propertyNames
    (
        "section-missing-title",
        _delete(["sections", "utfordringsbilde", "title"]),
        ["sections", "utfordringsbilde"],
        "required",
    ),
    (
        "section-child-unknown-key",
        _set(["sections", "utfordringsbilde", "children", 0, "x"], 1),
        ["sections", "utfordringsbilde", "children", 0],
        "additionalProperties",
    ),
    ("unit-bad-kind", _set(["units", 0, "kind"], "partner"), ["units", 0, "kind"], "enum"),
    ("statistics-series-bad", _set(["statistics", 0, "series"], [4.5]), ["statistics", 0, "series"], "type"),
]


@pytest.mark.parametrize(
    ("mutate", "path", "keyword"), [n[1:] for n in REGIONAL_NEGATIVE], ids=[n[0] for n in REGIONAL_NEGATIVE]
)
def test_invalid_regional(mutate: Callable[[dict[str, Any]], None], path: list[Any], keyword: str) -> None:
    doc = copy.deepcopy(REGIONAL)
    mutate(doc)
    found = errors("regional", doc)
    assert [(list(e.absolute_path), e.validator) for e in found] == [(path, keyword)]


def test_inlined_scalar_definitions_agree() -> None:
    # The scalar $defs are inlined at their use sites for speed: every pattern and enum in use must be one
    # of the canonical definitions (or one of the few local ones), so the copies cannot drift apart.
    defs = load_schema("plan")["$defs"]
    canonical_patterns = {d["pattern"] for d in defs.values() if "pattern" in d}
    local_patterns = {"^\\d{4}$", "^[a-z][a-z_]*$"}
    used_patterns = set()
    for name in NAMES:
        for _, node in _subschemas(load_schema(name)):
            if isinstance(node.get("pattern"), str):
                used_patterns.add(node["pattern"])
    assert used_patterns <= canonical_patterns | local_patterns
    level_enum = defs["level"]["enum"]
    for pointer, node in _subschemas(load_schema("plan")):
        if isinstance(node.get("enum"), list) and "universal" in node["enum"]:
            assert node["enum"] == level_enum, pointer
        if node.get("pattern") == defs["id"]["pattern"] and "null" not in node.get("type", []):
            assert node["type"] == "string", pointer
