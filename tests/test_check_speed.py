"""validate without wasted work (issue 15): the texts are walked once per check, disabled rules cost
nothing, the schema is compiled ahead of time, -j gives the report -j 1 gives, and a valid plan is
validated without loading jsonschema. No timing assertions: the numbers are benchmarks/RESULTS.md's."""

from __future__ import annotations

import copy
import dataclasses
import gc
import importlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planctl.check import pipeline
from planctl.check import run as run_module
from planctl.check import schema as schemacheck
from planctl.check.pipeline import CheckOptions, check_file
from planctl.check.problems import Problem
from planctl.check.registry import CheckContext, Registry, Rule
from planctl.check.rules import quality, queries, registry
from planctl.check.run import _MIN_BYTES_PER_WORKER, ValidationRun, worker_count
from planctl.check.schema_files import SCHEMA_NAMES, load_schema, schema_fingerprint, schema_path
from planctl.load.config import Config
from planctl.load.yamlsource import load_yaml
from planctl.model import placement
from tests.conftest import BUNDLED_PLANS, EXAMPLES, PLANS, ROOT

SONDRE_LAND = PLANS / "sondre-land" / "plan.yaml"  # has a regional file: every text rule runs
TEXT_RULES = ("OLD-LAW-SECTION", "STALE-PHRASE", "OTHER-MUNICIPALITY")
RAW_STRING_RULES = ("BUILD-TEXT", "UNKNOWN-REFERENCE")

# ---- the pre-checks of the text rules say "maybe" wherever the patterns match ----------------------------

_ALL_CHARS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def test_fold_gives_every_letter_an_ignore_case_pattern_matches_as_that_letter() -> None:
    """The pre-checks look for plain lower-case words in fold(text); that is sound only if every character
    an ignore-case pattern matches for one of their letters folds to that letter (K, the Kelvin sign, for k;
    ſ, the long s, for s). Checked for every code point."""
    needles = ("barnevern", "lov", "bvl", "barneverntjenester", "stund", "fylkesmann")
    for letter in sorted(set("".join(needles))):
        matched = re.findall(re.escape(letter), _ALL_CHARS, re.IGNORECASE)
        assert len(matched) >= 2, letter
        assert {c: queries.fold(c) for c in matched} == dict.fromkeys(matched, letter)


_FRAGMENTS = [
    "Barnevernloven § 3-1",
    "barnevernsloven §§ 3-1",
    "bvl. § 4-4",
    "BARNEVERNLOVA § 4-4",
    "barnevernloven av 1992, § 15-1",
    "barnevernsloven § 1-1",
    "lov om barneverntjenester",
    "Lov  om\nbarneverntjenester",
    "LOV-1992-07-17-100",
    "lovdata.no/lov/1992-07-17-100/§4-4",
    "lov av 17. juli 1992 nr. 100",
    "hjelpetiltak",
    "forebygging",
    "kommer våren 2021",
    "i skrivende stund",
    "I ſkrivende ſtund",
    "som kommer i 2021",
    "Fylkesmannen",
    "fylkeſmannens",
    "Statsforvalteren (tidligere fylkesmannen)",
    "\u212a",  # Kelvin sign
    "\u0130",  # İ
    "\u017f",  # ſ
    ". ",
    " ",
    "\n",
]


def _cased(draw: Callable[..., Any], fragment: str) -> str:
    return str(draw(st.sampled_from([str, str.upper, str.lower, str.title, str.swapcase]))(fragment))


@st.composite
def _texts(draw: Callable[..., Any]) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=8)), max_size=10))
    return "".join(_cased(draw, p) for p in parts)


@given(_texts())
def test_old_law_pre_checks_change_no_answer(text: str) -> None:
    full = list(dict.fromkeys(quality._section_references(text) + quality._old_act_names(text)))
    assert quality.old_law_references(text) == full
    assert quality.old_law_references(text, queries.fold(text)) == full


@given(_texts())
def test_stale_phrase_pre_check_changes_no_answer(text: str) -> None:
    assert quality.stale_phrases(text) == quality._stale_phrases(text)


def test_the_forms_are_still_found() -> None:
    assert quality.old_law_references("Jf. bvl. § 4-4 om hjelpetiltak.") == ["bvl. § 4-4"]
    assert quality.old_law_references("Etter LOV-1992-07-17-100.") == ["LOV-1992-07-17-100"]
    assert quality.stale_phrases("I ſkrivende ſtund") == ["I ſkrivende ſtund"]
    assert quality.stale_phrases("Fylkesmannen i Innlandet") == ["Fylkesmannen"]


# ---- one pass over the texts, nothing for a disabled rule ------------------------------------------------


class _Counter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts = 0
        self.strings = 0
        plan_texts, all_strings = queries.plan_texts, queries._all_strings

        def counted_texts(plan: Any) -> Iterator[queries.Text]:
            self.texts += 1
            return plan_texts(plan)

        def counted_strings(data: Any) -> list[str]:
            self.strings += 1
            return all_strings(data)

        monkeypatch.setattr(queries, "plan_texts", counted_texts)
        monkeypatch.setattr(queries, "_all_strings", counted_strings)


def test_the_texts_are_walked_once_per_check(monkeypatch: pytest.MonkeyPatch) -> None:
    before = check_file(SONDRE_LAND)
    counter = _Counter(monkeypatch)
    result = check_file(SONDRE_LAND)
    assert counter.texts == 1  # three text rules, one walk
    assert counter.strings == 2  # the plan's data and the regional file's, once each for two rules
    assert result.findings == before.findings


def test_a_disabled_rule_is_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    counter = _Counter(monkeypatch)
    off = Config(dict.fromkeys((*TEXT_RULES, *RAW_STRING_RULES), "off"))
    result = check_file(SONDRE_LAND, CheckOptions(config=off))
    assert counter.texts == 0 and counter.strings == 0
    assert result.model is not None
    assert not {f.rule for f in result.findings} & {*TEXT_RULES, *RAW_STRING_RULES}


def test_a_disabled_rules_check_is_never_called(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []

    def spy(rule: Rule) -> Rule:
        def check(ctx: CheckContext) -> list[Problem]:
            called.append(rule.id)
            return []

        return dataclasses.replace(rule, check=check)

    spied = Registry(spy(r) if r.id in ("OLD-LAW-SECTION", "DUPLICATE-ID") else r for r in registry().rules())
    monkeypatch.setattr(pipeline, "registry", lambda: spied)
    check_file(SONDRE_LAND, CheckOptions(config=Config({"OLD-LAW-SECTION": "off", "DUPLICATE-ID": "off"})))
    assert called == []
    check_file(SONDRE_LAND)
    assert sorted(called) == ["DUPLICATE-ID", "OLD-LAW-SECTION"]


# ---- BUILD-UNPLACED: the document's text is normalised only when needed, and fast ----------------------


def _general_normal(text: str) -> str:
    """placement._normal as it was written first: three regular expressions."""
    text = re.sub(r"\[\^[^\]]*\]|\*\*|__|[*_`]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text))
    return re.sub(r"\s+", " ", text).casefold().strip()


_WHITE = [c for c in _ALL_CHARS if re.match(r"\s", c)]
_MARKUP_FRAGMENTS = [
    *"[]()^*_`~\\",
    "**",
    "__",
    "[^a]",
    "[^note-1]",
    "[lenke](https://x.no)",
    "[tekst med *stjerne*](u)",
    "[^",
    "](",
    "ß",
    "\u0130",
    "\u212a",
    "\ufb03",
    *_WHITE,
]


@given(st.lists(st.one_of(st.sampled_from(_MARKUP_FRAGMENTS), st.text(max_size=6)), max_size=16).map("".join))
def test_the_fast_normal_form_is_the_general_one(text: str) -> None:
    assert placement._normal(text) == _general_normal(text)


@given(st.text(alphabet="[]()^a ", max_size=24))
def test_links_and_footnote_markers_go_as_the_regular_expressions_take_them(text: str) -> None:
    """The linear scans give what the regular expressions give, on texts made of little but brackets."""
    assert placement._links_to_their_text(text) == re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    assert placement._without_footnote_markers(text) == re.sub(r"\[\^[^\]]*\]", "", text)


_words = st.lists(st.text(alphabet="abc", min_size=1, max_size=3), min_size=1, max_size=30)


@given(_words, _words, st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=40))
def test_a_piece_is_in_the_indexed_text_where_it_is_in_the_text(
    text_words: list[str], other: list[str], start: int, length: int
) -> None:
    """The index of words' places finds a piece exactly where `in` does: pieces cut anywhere out of the
    text (their first and last words parts of the text's words), and pieces of other words."""
    text = " ".join(text_words)
    cut = placement._normal(text[start : start + length])
    for common in (0, 1, 64):
        indexed = placement._Text(text)
        indexed.SEARCHES, indexed.COMMON = 0, common
        for piece in (cut, " ".join(other)):
            if piece:
                assert (piece in indexed) == (piece in text), (piece, text)


class _CountedText(str):
    """A document text that counts the searches made in it whole."""

    searches = 0

    def __contains__(self, piece: object) -> bool:
        _CountedText.searches += 1
        return super().__contains__(piece)  # type: ignore[operator]


def test_one_word_pieces_are_looked_for_in_the_vocabulary_not_the_whole_text() -> None:
    """Thousands of one-word fields no block shows (notes, evaluations) against a long text: once the index
    is made, none is a search of the whole text; a part of a word is still found, as `in` finds it."""
    _CountedText.searches = 0
    text = _CountedText(" ".join(["barn og unge i kommunen får hjelp tidlig"] * 5_000))
    indexed = placement._Text(text)
    assert not any(f"notat{i}" in indexed for i in range(2_000))
    assert all(part in indexed for part in ("kommunen", "ommun", "idli", "g", "hjelp"))
    assert "unge i" in indexed and "nge i kom" in indexed and "unge kommunen" not in indexed
    assert _CountedText.searches <= placement._Text.SEARCHES + 3  # the two-word pieces: the whole text


@pytest.mark.slow  # every code point, four times
def test_the_fast_normal_form_is_the_general_one_for_every_code_point() -> None:
    """str.split and `\\s` split at the same characters, and casefold makes no white space, for every code
    point (each alone, between letters, and beside markup)."""
    assert len(_WHITE) == 29
    assert all(len(f"a{c}b".split()) == 2 for c in _WHITE)
    for text in (_ALL_CHARS, "a".join(_ALL_CHARS), "*".join(_ALL_CHARS), "[^a]".join(_ALL_CHARS)):
        assert placement._normal(text) == _general_normal(text)


def test_the_document_text_is_normalised_only_for_an_entry_no_block_shows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A plan whose blocks show every entry whole (tests/examples/clean) never normalises its document's
    text; one with fields no block shows looks for them in it, and finds what is missing."""
    normalised: list[str] = []
    real = placement._normal
    monkeypatch.setattr(placement, "_normal", lambda text: normalised.append(text) or real(text))
    clean = check_file(EXAMPLES / "clean" / "plan.yaml")
    assert clean.model is not None and placement.unplaced(clean.model) == []
    assert normalised == []
    fail = check_file(EXAMPLES / "rules" / "BUILD-UNPLACED" / "fail.yaml")
    assert "BUILD-UNPLACED" in {f.rule for f in fail.findings}
    assert normalised


def test_a_footnote_a_text_refers_to_is_placed_one_no_text_refers_to_is_not(tmp_path: Path) -> None:
    """The document's texts are gathered only when needed: for a plan with footnotes, to find the markers
    that place them."""
    clean = (EXAMPLES / "clean" / "plan.yaml").read_text(encoding="utf-8")
    line = "- p: Planen beskriver kommunens forebyggende arbeid etter barnevernsloven § 15-1."
    assert line in clean
    notes = (
        "footnotes:\n  - {id: lov, text: Lov om barnevern.}\n  - {id: glemt, text: Ingen tekst viser hit.}\n"
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(clean.replace(line, line + "[^lov]") + notes, encoding="utf-8")
    result = check_file(plan)
    unplaced_notes = [f.message for f in result.findings if f.rule == "BUILD-UNPLACED"]
    assert len(unplaced_notes) == 1 and "«glemt»" in unplaced_notes[0]


# ---- the schema, compiled ahead of time ------------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_the_compiled_schemas_are_made_from_the_shipped_schemas(name: str) -> None:
    module = importlib.import_module(f"planctl.check.compiled.{name}_schema")
    assert schema_fingerprint(name) == module.SCHEMA_FINGERPRINT, "run python scripts/compile_schemas.py"
    if module.VERSION == fastjsonschema.VERSION:  # another fastjsonschema writes other (equivalent) code
        path = Path(module.__file__ or "")
        assert path.read_text(encoding="utf-8") == schemacheck.compiled_module_text(name)
    assert schemacheck._fast_validator(name) is module.validate  # and that is what runs


def test_stale_compiled_code_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """A schema edited without running scripts/compile_schemas.py: the shipped code is ignored and the schema
    is compiled here, once, with the same verdicts."""
    shipped = schemacheck._fast_validator("plan")
    monkeypatch.setattr(schemacheck, "schema_fingerprint", lambda name: "0:00000000")
    schemacheck._fast_validator.cache_clear()
    try:
        compiled = schemacheck._fast_validator("plan")
        assert compiled is not None and compiled is not shipped
        assert schemacheck._fast_validator("plan") is compiled  # once per process
        for plan in BUNDLED_PLANS:
            data = load_yaml(plan, str(plan)).data
            assert compiled(copy.deepcopy(data)) is not None
            broken = copy.deepcopy(data)
            broken["measures"][0]["status"] = {"state": "nearly-done"}
            with pytest.raises(fastjsonschema.JsonSchemaValueException):
                compiled(broken)
            assert list(schemacheck._validator("plan").iter_errors(broken))
    finally:
        schemacheck._fast_validator.cache_clear()
    assert load_schema("plan") == json.loads(schema_path("plan").read_text(encoding="utf-8"))  # untouched


def test_compile_schemas_check_passes() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compile_schemas.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    versions = {importlib.import_module(f"planctl.check.compiled.{n}_schema").VERSION for n in SCHEMA_NAMES}
    if versions == {fastjsonschema.VERSION}:
        assert proc.returncode == 0, proc.stderr
    else:  # made by another fastjsonschema: --check asks for a regeneration, and says so in one line
        assert proc.returncode == 1 and "compile_schemas.py" in proc.stderr


# ---- -j ----------------------------------------------------------------------------------------------


def test_worker_count() -> None:
    worth = _MIN_BYTES_PER_WORKER
    assert worker_count(10 * worth, 100, 1) == 1
    assert worker_count(10 * worth, 100, 3) == 3
    assert worker_count(worth, 100, 8) == 1  # too little to read to be worth a worker
    assert worker_count(3 * worth, 100, 8) == 3
    assert worker_count(10 * worth, 2, 8) == 2  # never more workers than files
    assert 1 <= worker_count(10 * worth, 100, None) <= 10


# Checks tests/examples with ValidationRun in a process of its own, with workers whatever the size, and
# prints what it found (in-process, pytest's threads would be forked along).
_RUN_WITH_WORKERS = """
import json, sys
from pathlib import Path
from planctl.check import run
run._MIN_BYTES_PER_WORKER = 1
one = run.ValidationRun([Path(sys.argv[1])], jobs=int(sys.argv[2]), today=__import__("datetime").date(2025, 6, 1))
for _ in one.run():
    pass
files = one.files()
print(json.dumps({
    "workers": run.worker_count(run._size(files), len(files), one.jobs),
    "findings": [f.__dict__ | {"severity": f.severity.value} for f in one.findings],
    "errors": one.errors, "checked": one.checked, "languages": one.languages,
}, default=str, sort_keys=True))
"""


def test_workers_find_what_one_process_finds() -> None:
    runs = {}
    for jobs in ("1", "3"):
        proc = subprocess.run(
            [sys.executable, "-c", _RUN_WITH_WORKERS, str(EXAMPLES), jobs],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        runs[jobs] = json.loads(proc.stdout)
    assert runs["1"]["workers"] == 1 and runs["3"]["workers"] == 3
    assert len(runs["1"]["findings"]) > 100 and len(runs["1"]["checked"]) > 100
    assert {k: v for k, v in runs["1"].items() if k != "workers"} == {
        k: v for k, v in runs["3"].items() if k != "workers"
    }


def _validate(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planctl", "validate", "--today", "2025-06-01", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.slow  # worker processes, for each format
@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_jobs_give_the_report_one_process_gives(fmt: str) -> None:
    """tests/examples: 119 files with findings of every rule (too little to read for workers: this checks
    the CLI's -j and PLANCTL_JOBS; test_workers_find_what_one_process_finds checks the workers)."""
    one = _validate("-j", "1", "--format", fmt, str(EXAMPLES))
    two = _validate("-j", "2", "--format", fmt, str(EXAMPLES))
    env = _validate("--format", fmt, str(EXAMPLES), env={"PLANCTL_JOBS": "3"})
    assert one.returncode == two.returncode == env.returncode == 1
    assert one.stdout == two.stdout == env.stdout
    assert one.stderr == two.stderr == env.stderr
    if fmt == "json":
        assert len(json.loads(one.stdout)["files"]) > 100


def test_jobs_must_be_a_positive_number() -> None:
    proc = _validate("-j", "0", str(SONDRE_LAND))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


# ---- start-up ----------------------------------------------------------------------------------------


def test_a_valid_plan_is_validated_without_jsonschema() -> None:
    """jsonschema (and referencing) only explain a rejection; one valid plan needs no worker processes; the
    shipped compiled schema runs without fastjsonschema, which only compiles schemas."""
    proc = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "planctl",
            "validate",
            str(EXAMPLES / "clean" / "plan.yaml"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]
    modules = {
        line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")
    }
    assert "planctl.check.compiled.plan_schema" in modules
    loaded = sorted(
        m
        for m in modules
        if m.split(".")[0]
        in ("jsonschema", "referencing", "multiprocessing", "docx", "lxml", "fastjsonschema")
    )
    assert loaded == []


def test_the_collector_is_paused_for_a_file_and_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """validate checks each file with the cyclic collector paused, and leaves it as it found it."""
    states: list[bool] = []
    real_check_file = run_module.check_file

    def spy(path: Path, options: CheckOptions) -> Any:
        states.append(gc.isenabled())
        return real_check_file(path, options)

    monkeypatch.setattr(run_module, "check_file", spy)
    one = ValidationRun([SONDRE_LAND])
    assert gc.isenabled()
    findings, files, error, _ = one.check_one(SONDRE_LAND)
    assert gc.isenabled() and states == [False] and error is None
    assert findings == check_file(SONDRE_LAND).findings and files[0].endswith("plan.yaml")
    gc.disable()
    try:
        one.check_one(SONDRE_LAND)
        assert not gc.isenabled()
    finally:
        gc.enable()


# ---- UNKNOWN-REFERENCE: suggestions within a bound ---------------------------------------------------


def test_suggestions_are_made_once_per_name_and_within_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each unknown name is compared with every known one: once per distinct name (the same typo again
    gets the same hint), and at most SUGGESTION_COMPARISONS comparisons in a file, past which findings
    come without a hint (3,000 unknown names among 20,000 units took over 300 s; now 4 s)."""
    from planctl.check.rules import integrity

    known = integrity._Known({"units": [{"id": f"tjeneste-{i}"} for i in range(10)]}, None)
    monkeypatch.setattr(known, "_comparisons_left", 25)
    ids = known.ids["unit"]
    asked: list[int] = []

    def names() -> set[str]:
        asked.append(1)
        return ids

    assert known.suggestion("unit", names, "tjenste-1") == "tjeneste-1"
    assert known.suggestion("unit", names, "tjenste-1") == "tjeneste-1"  # remembered, not compared again
    assert known.suggestion("unit", names, "tjenste-2") == "tjeneste-2"  # 20 of 25 comparisons spent
    assert known.suggestion("unit", names, "tjenste-3") is None  # 30: past the bound
    assert asked == [1]  # the pool's names are gathered and sorted once
