"""Generate a synthetic national corpus of plans for the benchmarks (deterministic).

    python benchmarks/generate_corpus.py [--out benchmarks/corpus] [--count 356] [--small 150]
                                         [--big 1250 5000] [--series 100 1000 5000 20000] [--seed 15]

Sizes are drawn from the real plans in plans/: the number of units, measures, arenas and sections of a
synthetic plan is a real plan's count scaled by a random factor, and paragraph and description lengths
(in words) are sampled from the real plans' own paragraphs and measure descriptions; the words themselves
come from the real plans' vocabulary. Every plan is built on the `planctl init` skeleton, so it is a
complete, schema-valid plan.

Besides the municipalities it writes small plans (the skeleton with a few measures, as a municipality
starts), large plans of 1,250 and 5,000 measures shaped like the real ones, and a series of plans from 100
to 20,000 measures for the linearity benchmark. The series' measures have one-sentence descriptions, the
same at every size, so that 20,000 of them fit the loader's file-size budget (8 MB); the rest of a series
plan (units, arenas, chapters) is the same at every size. Large and series plans each have an edited
revision (status changes, renames, removals, additions and reordering) for the diff benchmark:

    corpus/plans/<kommune-NNN>/plan.yaml        the national corpus (count plans)
    corpus/small/<kommune-NNN>/plan.yaml        small plans
    corpus/big/<n>/plan.yaml, corpus/big/<n>-rev/plan.yaml
    corpus/series/<n>/plan.yaml, corpus/series/<n>-rev/plan.yaml
    corpus/budgets/list-<n>/, corpus/budgets/markers-<n>/ (and -rev)   a list of n items; n inline markers
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

from planctl.formats.skeleton import skeleton_text  # noqa: E402
from planctl.load.yamlsource import parse_yaml  # noqa: E402

BIG_SIZES = (1250, 5000)
SERIES_SIZES = (100, 1000, 5000, 20000)
SMALL_COUNT = 150
# The loader's budgets (planctl.load): list items of the text lists, and inline markers (* _ [ <).
LIST_SIZES = (500, 5000, 50000)
MARKER_SIZES = (2000, 20000, 200000)
SERIES_DESCRIPTION_WORDS = (6, 12)  # one sentence per measure in the series plans
LEVELS = ("universal", "selective", "indicated")
STATES = [("active", "I gang"), ("planned", "Planlagt"), ("ended", "Avsluttet")]


def _markers(data: Any) -> int:
    """The characters that open or close inline markup (* _ [ <) in every string of data, as the loader
    counts them against its budget."""
    if isinstance(data, str):
        return sum(data.count(c) for c in "*_[<")
    if isinstance(data, dict):
        return sum(_markers(v) for v in data.values())
    if isinstance(data, list):
        return sum(_markers(v) for v in data)
    return 0


@dataclass
class Profile:
    """What one real plan looks like, in counts and lengths."""

    name: str
    units: int
    measures: int
    arenas: int
    sections: int
    paragraph_words: list[int] = field(default_factory=list)
    description_words: list[int] = field(default_factory=list)


def _walk_sections(sections: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    stack = list(sections or [])
    while stack:
        section = stack.pop()
        if isinstance(section, dict):
            out.append(section)
            stack.extend(section.get("children") or [])
    return out


def real_profiles(plans: Path) -> tuple[list[Profile], list[str]]:
    profiles: list[Profile] = []
    words: list[str] = []
    for path in sorted(plans.glob("*/plan.yaml")):
        doc = parse_yaml(path.read_text(encoding="utf-8"), path, str(path))
        data = doc.data if isinstance(doc.data, dict) else {}
        document = data.get("document") or {}
        sections = _walk_sections(document.get("body")) + _walk_sections(document.get("appendices"))
        paragraphs = [
            b["p"]
            for s in sections
            for b in s.get("blocks") or []
            if isinstance(b, dict) and isinstance(b.get("p"), str)
        ]
        descriptions = [m.get("description") for m in data.get("measures") or [] if isinstance(m, dict)]
        descriptions = [d for d in descriptions if isinstance(d, str)]
        profiles.append(
            Profile(
                path.parent.name,
                len(data.get("units") or []),
                len(data.get("measures") or []),
                len(data.get("arenas") or []),
                len(sections),
                [len(p.split()) for p in paragraphs] or [40],
                [len(d.split()) for d in descriptions] or [30],
            )
        )
        for text in paragraphs + descriptions:
            words.extend(w for w in re.findall(r"[A-Za-zÆØÅæøå]+", text) if len(w) > 1)
    if not profiles:
        raise SystemExit(f"no real plans under {plans}")
    return profiles, sorted(set(words)) or ["tiltak", "barn", "familie"]


class Writer:
    """Block-style YAML with JSON-quoted scalars (valid YAML 1.2), fast and dependency-free; a list of
    scalars is written in flow style, `levels: ["universal"]`, as the real plans write it."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def value(self, value: Any, indent: int) -> None:
        pad = " " * indent
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, list) and item and not any(isinstance(i, (dict, list)) for i in item):
                    self.lines.append(f"{pad}{key}: [{', '.join(map(self.scalar, item))}]")
                elif isinstance(item, (dict, list)) and item:
                    self.lines.append(f"{pad}{key}:")
                    self.value(item, indent + 2)
                else:
                    self.lines.append(f"{pad}{key}: {self.scalar(item)}")
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, (dict, list)) and item:
                    self.lines.append(f"{pad}-")
                    self.value(item, indent + 2)
                else:
                    self.lines.append(f"{pad}- {self.scalar(item)}")

    @staticmethod
    def scalar(value: Any) -> str:
        if value == {}:
            return "{}"
        if value == []:
            return "[]"
        return json.dumps(value, ensure_ascii=False)


def to_yaml(data: dict[str, Any], header: str) -> str:
    writer = Writer()
    writer.value(data, 0)
    return header + "\n".join(writer.lines) + "\n"


class Generator:
    def __init__(self, profiles: list[Profile], words: list[str], seed: int) -> None:
        self.profiles = profiles
        self.words = words
        self.rng = random.Random(seed)
        text = skeleton_text("Eksempel kommune", year=2026)
        self.base = parse_yaml(text, Path("skeleton.yaml"), "skeleton").data
        self.paragraph_pool = [n for p in profiles for n in p.paragraph_words]
        self.description_pool = [n for p in profiles for n in p.description_words]

    def sentence(self, n_words: int) -> str:
        words = [self.rng.choice(self.words) for _ in range(max(1, n_words))]
        return " ".join(words).capitalize() + "."

    def plan(
        self,
        index: int,
        name: str,
        *,
        units: int,
        measures: int,
        arenas: int,
        sections: int,
        lean: bool = False,
    ) -> dict[str, Any]:
        rng = self.rng
        data: dict[str, Any] = json.loads(json.dumps(self.base))  # a deep copy of the skeleton
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        data["plan"]["id"] = slug
        data["plan"]["title"] = f"Plan for forebygging av omsorgssvikt og atferdsproblemer i {name}"
        data["plan"]["municipality"] = {"name": name, "number": f"{3000 + index % 7000:04d}"}
        unit_ids = [u["id"] for u in data["units"]]
        for i in range(max(0, units - len(unit_ids))):
            uid = f"enhet-{i + 1:03d}"
            data["units"].append(
                {
                    "id": uid,
                    "name": self.sentence(rng.randint(1, 4)).rstrip("."),
                    "kind": rng.choice(["service", "role", "team"]),
                    "municipal": True,
                }
            )
            unit_ids.append(uid)
        data["measures"] = [self.measure(i, unit_ids, lean=lean) for i in range(measures)]
        arena_list = data["arenas"]
        for i in range(max(0, arenas - len(arena_list))):
            arena_list.append(
                {
                    "id": f"arena-{i + 1:03d}",
                    "name": self.sentence(rng.randint(1, 4)).rstrip("."),
                    "purpose": self.sentence(rng.choice(self.description_pool)),
                    "level": rng.choice(["individual", "system", "both"]),
                    "participants": rng.sample(unit_ids, k=min(len(unit_ids), rng.randint(2, 5))),
                    "frequency": rng.choice(["Annenhver uke", "Månedlig", "Hvert kvartal"]),
                }
            )
        body = data["document"]["body"]
        for i in range(max(0, sections - len(body))):
            paragraphs = [
                {"p": self.sentence(rng.choice(self.paragraph_pool))} for _ in range(rng.randint(1, 6))
            ]
            body.insert(
                len(body) - 1,
                {
                    "id": f"kapittel-{i + 1:03d}",
                    "title": self.sentence(rng.randint(2, 6)).rstrip("."),
                    "covers": [],
                    "blocks": paragraphs,
                },
            )
        return data

    def measure(self, i: int, unit_ids: list[str], *, lean: bool = False) -> dict[str, Any]:
        rng = self.rng
        state, label = rng.choice(STATES)
        words = rng.randint(*SERIES_DESCRIPTION_WORDS) if lean else rng.choice(self.description_pool)
        measure: dict[str, Any] = {
            "id": f"tiltak-{i + 1:05d}",
            "name": self.sentence(rng.randint(1, 5)).rstrip("."),
            "description": self.sentence(words),
            "levels": [rng.choice(LEVELS)],
            "scope": rng.choice(["service", "individual"]),
            "responsible": rng.sample(unit_ids, k=min(len(unit_ids), rng.randint(1, 3))),
            "status": {"state": state, "label": label},
            "evaluation": "Årlig, i nettverket.",
            "goals": ["hovedmal"],
        }
        if state == "planned":
            measure["due"] = f"{rng.randint(2026, 2029)}"
        return measure

    def municipality(self, index: int) -> dict[str, Any]:
        profile = self.rng.choice(self.profiles)

        def scaled(n: int, low: int) -> int:
            return max(low, round(n * self.rng.uniform(0.5, 1.8)))

        return self.plan(
            index,
            f"Kommune {index + 1:03d}",
            units=scaled(profile.units, 5),
            measures=scaled(profile.measures, 3),
            arenas=scaled(profile.arenas, 1),
            sections=scaled(profile.sections, 6),
        )

    def small(self, index: int) -> dict[str, Any]:
        rng = self.rng
        return self.plan(
            index,
            f"Småby {index + 1:03d}",
            units=rng.randint(5, 10),
            measures=rng.randint(3, 12),
            arenas=rng.randint(1, 3),
            sections=rng.randint(6, 9),
        )

    def big(self, n: int) -> dict[str, Any]:
        return self.plan(9000 + n, f"Storby {n}", units=80, measures=n, arenas=40, sections=60)

    def series(self, n: int) -> dict[str, Any]:
        return self.plan(8000, "Rekkeby", units=80, measures=n, arenas=40, sections=60, lean=True)

    def with_list(self, n: int) -> dict[str, Any]:
        """A small plan with one chapter that holds a list of n items."""
        data = self.small(7000)
        items = [self.sentence(self.rng.randint(6, 10)) for _ in range(n)]
        chapter = {"id": "liste", "title": "Tiltak i listeform", "covers": [], "blocks": [{"list": items}]}
        data["document"]["body"].insert(1, chapter)
        return data

    def with_markers(self, n: int) -> dict[str, Any]:
        """A small plan that holds n inline markers in all (the loader's count: its budget is the largest
        n), the small plan's own and a chapter of paragraphs with eight each: bold, italic, a link and a
        footnote reference."""
        data = self.small(7001)
        data["footnotes"] = [{"id": "kilde", "text": "Kilde: Statistisk sentralbyrå."}]
        paragraphs = []
        for i in range((n - _markers(data)) // 8):
            a, b, c, d = (self.sentence(self.rng.randint(2, 6)).rstrip(".") for _ in range(4))
            text = f"{a} **{b.lower()}** og *{c.lower()}* i [{d.lower()}](https://example.no/{i}) [^kilde]."
            paragraphs.append({"p": text})
        chapter = {"id": "markert", "title": "Med utheving", "covers": [], "blocks": paragraphs}
        data["document"]["body"].insert(1, chapter)
        return data

    def revise_blocks(self, data: dict[str, Any]) -> dict[str, Any]:
        """An edited revision of a with_list or with_markers plan: 3 % of the items or paragraphs new."""
        new: dict[str, Any] = json.loads(json.dumps(data))
        blocks = new["document"]["body"][1]["blocks"]
        target = blocks[0].get("list", blocks)
        for i in self.rng.sample(range(len(target)), k=len(target) * 3 // 100):
            replacement = self.sentence(self.rng.randint(6, 10))
            target[i] = replacement if isinstance(target[i], str) else {"p": replacement}
        return new

    def revise(self, data: dict[str, Any], *, lean: bool = False) -> dict[str, Any]:
        """An edited revision: ~10% status changes, 5% renames, 3% removals, 3% additions, some reordering."""
        rng = self.rng
        new: dict[str, Any] = json.loads(json.dumps(data))
        measures = new["measures"]
        unit_ids = [u["id"] for u in new["units"]]
        n = len(measures)
        for m in rng.sample(measures, k=n // 10):
            m["status"] = {"state": "ended", "label": "Avsluttet"}
            m.pop("due", None)
        for m in rng.sample(measures, k=n // 20):
            m["name"] = self.sentence(rng.randint(1, 5)).rstrip(".")
        removed = {m["id"] for m in rng.sample(measures, k=n * 3 // 100)}
        measures[:] = [m for m in measures if m["id"] not in removed]
        for i in range(n * 3 // 100):
            measures.insert(rng.randrange(len(measures) + 1), self.measure(n + i, unit_ids, lean=lean))
        for _ in range(n // 50):  # move a measure elsewhere
            measures.insert(rng.randrange(len(measures)), measures.pop(rng.randrange(len(measures))))
        return new


HEADER = "# Synthetic plan for planctl's benchmarks (benchmarks/generate_corpus.py); not a real plan.\n"


def write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_yaml(data, HEADER), encoding="utf-8")


def generate(
    out: Path,
    count: int,
    big_sizes: tuple[int, ...],
    seed: int,
    *,
    small: int = 0,
    series: tuple[int, ...] = (),
    lists: tuple[int, ...] = (),
    markers: tuple[int, ...] = (),
) -> dict[str, Any]:
    profiles, words = real_profiles(REPO / "plans")
    gen = Generator(profiles, words, seed)
    if out.exists():
        shutil.rmtree(out)
    for i in range(count):
        write(out / "plans" / f"kommune-{i + 1:03d}" / "plan.yaml", gen.municipality(i))
    for i in range(small):
        write(out / "small" / f"kommune-{i + 1:03d}" / "plan.yaml", gen.small(i))
    for n in big_sizes:
        big = gen.big(n)
        write(out / "big" / str(n) / "plan.yaml", big)
        write(out / "big" / f"{n}-rev" / "plan.yaml", gen.revise(big))
    for n in series:
        plan = gen.series(n)
        write(out / "series" / str(n) / "plan.yaml", plan)
        write(out / "series" / f"{n}-rev" / "plan.yaml", gen.revise(plan, lean=True))
    for kind, sizes, make in (("list", lists, gen.with_list), ("markers", markers, gen.with_markers)):
        for n in sizes:
            plan = make(n)
            write(out / "budgets" / f"{kind}-{n}" / "plan.yaml", plan)
            write(out / "budgets" / f"{kind}-{n}-rev" / "plan.yaml", gen.revise_blocks(plan))
    manifest = {
        "seed": seed,
        "count": count,
        "small": small,
        "big": list(big_sizes),
        "series": list(series),
        "lists": list(lists),
        "markers": list(markers),
        "profiles": [
            p.__dict__
            | {"paragraph_words": len(p.paragraph_words), "description_words": len(p.description_words)}
            for p in profiles
        ],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "corpus")
    parser.add_argument("--count", type=int, default=356, help="municipality plans (default 356)")
    parser.add_argument("--small", type=int, default=SMALL_COUNT, help="small plans (default 150)")
    parser.add_argument(
        "--big",
        type=int,
        nargs="*",
        default=list(BIG_SIZES),
        help="sizes of the large plans, each with a revision (default 1250 5000)",
    )
    parser.add_argument(
        "--series",
        type=int,
        nargs="*",
        default=list(SERIES_SIZES),
        help="sizes of the linearity series, each with a revision (default 100 1000 5000 20000)",
    )
    parser.add_argument("--lists", type=int, nargs="*", default=list(LIST_SIZES), help="list items")
    parser.add_argument("--markers", type=int, nargs="*", default=list(MARKER_SIZES), help="inline markers")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    manifest = generate(
        args.out,
        args.count,
        tuple(args.big),
        args.seed,
        small=args.small,
        series=tuple(args.series),
        lists=tuple(args.lists),
        markers=tuple(args.markers),
    )
    print(
        f"wrote {manifest['count']} plans, {manifest['small']} small plans, large plans {manifest['big']} "
        f"and the series {manifest['series']} under {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
