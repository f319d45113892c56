"""diff.matching: SequenceMatcher's answer where it is cheap, a linear alignment where it is not.

Properties against difflib.SequenceMatcher on random sequences with repeats: the same opcodes under the
default budget (every small input), never fewer equal items on the linear path, valid opcodes on every
path; then the cases the module is for (many equal blocks) through the engine, and linear growth counted
in item comparisons (no timing)."""

from __future__ import annotations

import difflib
import random
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planctl.diff.engine import diff_plans
from planctl.diff.matching import Budget, Opcode, matching_blocks, opcodes
from planctl.diff.prose import new_text, old_text, word_diff
from planctl.load.yamlsource import SourceMap, YamlDocument
from planctl.model.build import build_plan
from tests.conftest import plan_header

LINEAR = Budget(pairs=0, pairs_per_item=0)  # never SequenceMatcher on the whole: the linear path
NO_MYERS = Budget(pairs=0, pairs_per_item=0, work=0, work_per_item=0, window=6)  # patience, then windows

sequences = st.lists(st.integers(min_value=0, max_value=5), max_size=60)


def _equal_items(ops: list[Opcode]) -> int:
    return sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")


def _assert_valid(ops: list[Opcode], a: Sequence[Hashable], b: Sequence[Hashable]) -> None:
    """The opcodes cover both sequences in order, equal ones are equal, no two neighbours could merge."""
    i = j = 0
    previous = ""
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        assert tag != previous or tag not in ("equal", "replace")
        if tag == "equal":
            assert list(a[i1:i2]) == list(b[j1:j2]) and i2 > i1
        elif tag == "delete":
            assert i2 > i1 and j1 == j2
        elif tag == "insert":
            assert j2 > j1 and i1 == i2
        else:
            assert i2 > i1 and j2 > j1
        i, j, previous = i2, j2, tag
    assert (i, j) == (len(a), len(b))


def _sequence_matcher(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


@given(sequences, sequences)
def test_small_inputs_get_sequence_matchers_own_answer(a: list[int], b: list[int]) -> None:
    assert opcodes(a, b) == _sequence_matcher(a, b)


@given(sequences, sequences)
def test_the_linear_path_finds_at_least_as_many_equal_items(a: list[int], b: list[int]) -> None:
    ops = opcodes(a, b, LINEAR)
    _assert_valid(ops, a, b)
    assert _equal_items(ops) >= _equal_items(_sequence_matcher(a, b))


@given(sequences, sequences)
def test_patience_and_windows_give_valid_opcodes(a: list[int], b: list[int]) -> None:
    ops = opcodes(a, b, NO_MYERS)
    _assert_valid(ops, a, b)
    blocks = matching_blocks(a, b, NO_MYERS)
    assert sum(k for _, _, k in blocks) == _equal_items(ops)


@given(st.lists(st.sampled_from(["x", "y"]), min_size=1, max_size=40), st.data())
def test_unique_anchors_split_the_work(base: list[str], data: Any) -> None:
    """Distinct items placed among repeated ones are anchors; the answer stays valid and keeps them."""
    a = [*base]
    for k in range(0, len(a), 5):
        a[k] = f"unique{k}"
    b = list(a)
    for k in data.draw(st.lists(st.integers(0, len(b) - 1), max_size=5, unique=True)):
        b[k] = "changed"
    ops = opcodes(a, b, NO_MYERS)
    _assert_valid(ops, a, b)
    kept = {a[i] for tag, i1, i2, _, _ in ops if tag == "equal" for i in range(i1, i2)}
    assert {x for x in b if x.startswith("unique")} <= kept


def test_replaced_blocks_among_identical_ones_read_as_replacements_in_place() -> None:
    n = 25_000
    a = ["Ingen endring."] * n
    b = list(a)
    replaced = sorted(random.Random(5).sample(range(n), n * 3 // 100))
    for k in replaced:
        b[k] = f"Ny tekst {k}."
    ops = opcodes(a, b)
    _assert_valid(ops, a, b)
    changes = [op for op in ops if op[0] != "equal"]
    # neighbouring replacements form one opcode; each opcode is a run of replaced indices, in place
    expanded = [k for tag, i1, i2, j1, j2 in changes for k in range(i1, i2) if tag == "replace" and i1 == j1]
    assert expanded == replaced


def test_a_few_edits_among_many_repeats_are_the_longest_common_subsequence() -> None:
    rng = random.Random(7)
    a = [f"p{rng.randrange(5)}" for _ in range(20_000)]
    b = list(a)
    for k in sorted(rng.sample(range(len(b)), 6), reverse=True):
        del b[k]
    b.insert(500, "new")
    ops = opcodes(a, b)
    _assert_valid(ops, a, b)
    assert _equal_items(ops) == len(a) - 6


class _Counted:
    """An item that counts how often it is compared or hashed."""

    calls = 0

    def __init__(self, value: str) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        _Counted.calls += 1
        return isinstance(other, _Counted) and self.value == other.value

    def __hash__(self) -> int:
        _Counted.calls += 1
        return hash(self.value)


def _work(n: int) -> int:
    rng = random.Random(n)
    texts = [f"avsnitt {rng.randrange(4)}" for _ in range(n)]
    a = [_Counted(t) for t in texts]
    b = [_Counted(t) for t in texts]
    for k in rng.sample(range(n), n * 3 // 100):
        b[k] = _Counted(f"ny {k}")
    _Counted.calls = 0
    ops = opcodes(a, b)
    assert _equal_items(ops) == n - n * 3 // 100
    return _Counted.calls


def test_work_grows_linearly_with_repeated_blocks() -> None:
    small, large = _work(4_000), _work(32_000)
    assert large <= 8 * small * 1.3, (small, large)


def _alternating_work(n: int) -> int:
    """Comparisons and hashes to align n distinct items with every other one changed: SequenceMatcher
    searches once per match, each search over nearly all the items (quadratic: 20,000 paragraphs 31 s)."""
    a = [_Counted(f"avsnitt {i}") for i in range(n)]
    b = [_Counted(f"avsnitt {i}" + (" endret" if i % 2 else "")) for i in range(n)]
    _Counted.calls = 0
    ops = opcodes(a, b)
    _assert_valid(ops, a, b)
    assert _equal_items(ops) == n - n // 2
    return _Counted.calls


@pytest.mark.slow  # a scale guard: 18,000 items aligned, counted
def test_work_grows_linearly_with_many_short_matches() -> None:
    small, large = _alternating_work(2_000), _alternating_work(16_000)
    assert large <= 8 * small * 1.3, (small, large)


def _pairs_searched(rows: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """The pairs of equal items SequenceMatcher's searches go through to align a table's text, rows of ten
    distinct cells with a separator after each, with its rows shuffled (a table sorted anew). Each search
    walks, for every item of its range, every place of that item on the other side: the separators make
    that range × separators, not the range, and shuffled rows make thousands of searches (1,000 rows: 11 s)."""
    searched = [0]
    search = difflib.SequenceMatcher.find_longest_match

    def counting(
        self: difflib.SequenceMatcher[Hashable],
        alo: int = 0,
        ahi: int | None = None,
        blo: int = 0,
        bhi: int | None = None,
    ) -> difflib.Match:
        end = len(self.a) if ahi is None else ahi
        searched[0] += sum(len(self.b2j.get(item, ())) for item in self.a[alo:end])
        return search(self, alo, ahi, blo, bhi)

    monkeypatch.setattr(difflib.SequenceMatcher, "find_longest_match", counting)
    table = [[f"r{r}c{c}" for c in range(10)] for r in range(rows)]
    shuffled = list(table)
    random.Random(rows).shuffle(shuffled)
    a, b = ([token for row in t for cell in row for token in (cell, " | ")] for t in (table, shuffled))
    _assert_valid(opcodes(a, b), a, b)
    return searched[0]


@pytest.mark.slow  # a scale guard: tables of 150 and 1,200 rows aligned, counted
def test_the_searches_stay_linear_in_a_shuffled_table(monkeypatch: pytest.MonkeyPatch) -> None:
    small, large = _pairs_searched(150, monkeypatch), _pairs_searched(1_200, monkeypatch)
    assert large <= 8 * small * 1.3, (small, large)


@given(sequences, sequences, st.integers(min_value=0, max_value=40))
def test_sequence_matcher_out_of_allowance_gives_way_to_the_linear_path(
    a: list[int], b: list[int], scans: int
) -> None:
    """However early SequenceMatcher's allowance runs out (at its first search or later, in a stretch of
    the linear path), the opcodes are valid."""
    _assert_valid(opcodes(a, b, Budget(scans=scans, scans_per_item=0)), a, b)


def _plan(blocks: list[str]) -> Any:
    data = {
        **plan_header("k", "Plan", "K"),
        "document": {"body": [{"id": "kap", "title": "Kapittel", "blocks": [{"p": t} for t in blocks]}]},
    }
    return build_plan(YamlDocument(Path("p.yaml"), "p.yaml", data, SourceMap(), []))


def test_the_engine_reports_each_replaced_paragraph_among_thousands_of_equal_ones() -> None:
    old = ["Som før."] * 5_000
    new = list(old)
    new[10], new[2_500], new[4_999] = "Endret A.", "Endret B.", "Endret C."
    diff = diff_plans(_plan(old), _plan(new), old_label="a", new_label="b")
    (change,) = diff.changes
    assert {path: (fc.old, fc.new) for path, fc in change.fields.items()} == {
        "blocks.10": ("Som før.", "Endret A."),
        "blocks.2500": ("Som før.", "Endret B."),
        "blocks.4999": ("Som før.", "Endret C."),
    }


def test_word_diff_of_a_long_text_round_trips() -> None:
    rng = random.Random(3)
    words = ["barn", "og", "unge", "i", "kommunen", "skal", "få", "hjelp"]
    old = " ".join(rng.choice(words) for _ in range(40_000))
    new_words = old.split(" ")
    for k in rng.sample(range(len(new_words)), 200):
        new_words[k] = "tidlig"
    new = " ".join(new_words)
    segments = word_diff(old, new)
    assert old_text(segments) == old and new_text(segments) == new
    assert sum(len(s.text.split()) for s in segments if s.op == "insert") <= 200
