"""Align two sequences (section blocks, word tokens, document elements): difflib's answer where difflib is
cheap, a linear-time answer where it is not.

`difflib.SequenceMatcher` (autojunk off) looks at every pair of equal items: fine for distinct paragraphs,
quadratic when many items are equal (2,500 equal paragraphs 0.9 s, 25,000 143 s; a long text's word
tokens, where every space is the same token), and quadratic too when there are many short matches even
among distinct items (every other paragraph changed: each match is one more search over nearly all of
them). `opcodes()` gives SequenceMatcher's own opcodes whenever the pairs of equal items are few and its
searches stay within an allowance linear in the input (every plan a council writes: the diffs stay byte
for byte what they were: the real plans' diffs spend at most 136,000 of an allowance of 400,000 and more),
and otherwise aligns in time linear in the input, in three steps, each only where the one before did not
settle it:

1. the common head and tail, then Myers' O((N+M)D) shortest edit script with a work budget linear in the
   input: for few edits among many equal items (the usual revision) the longest common subsequence, so
   never fewer equal items than SequenceMatcher finds;
2. patience anchors: items that occur once on each side, the longest run of them in the same order, and
   each gap between them aligned again from the top (SequenceMatcher when it is small);
3. a gap with no anchor that is still large: Myers again over windows of a bounded size, each window
   starting where the previous window's last match ended.

Then a deletion and an insertion that only identical items separate become one replacement, as
SequenceMatcher would show a block replaced in place.

Libraries considered: cydifflib is SequenceMatcher's algorithm in C (faster, still every pair of equal
items); patiencediff anchors on unique items only, so a gap of repeated items gets its common head and tail
and nothing else (fewer equal items than SequenceMatcher); diff-match-patch diffs text, not sequences of
items. None keeps SequenceMatcher's answer for small inputs, hence this module (standard library only).
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Hashable, Sequence
from typing import Literal

from planctl.records import record

Tag = Literal["replace", "delete", "insert", "equal"]
Opcode = tuple[Tag, int, int, int, int]
Block = tuple[int, int, int]  # i, j, size: a[i:i+size] == b[j:j+size]


@record(frozen=True)
class Budget:
    """How much work each step may do, in pairs of items looked at: a constant plus a factor times the
    items of the stretch being aligned (so the whole alignment stays linear in the input)."""

    pairs: int = 200_000  # SequenceMatcher when the pairs of equal items are at most this ...
    pairs_per_item: int = 2  # ... or this many per item of the stretch (distinct items: at most 1)
    # Myers: steps per item of the stretch (a failed try costs them all: the word diff of a 50,000-item
    # list, 950,000 tokens, spent 14 s on a try of 16 per item before the windows took 1 s) ...
    work_per_item: int = 4
    work: int = 100_000  # ... plus this many
    window: int = 128  # step 3: items of each side per window
    # SequenceMatcher itself: items its searches for the longest match scan (each search scans its two
    # ranges and every place of their items on the other side; many short matches make as many searches,
    # each over nearly all of them: quadratic even for distinct items), per item of the whole alignment
    # plus a constant, shared by all its stretches
    scans_per_item: int = 64
    # the diffs of the real plans: up to 204 per item, 136,000 in one alignment (a paragraph of 668 words
    # and spaces, each space a place of every other): the constant holds them three times over
    scans: int = 400_000


DEFAULT_BUDGET = Budget()


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable], budget: Budget = DEFAULT_BUDGET) -> list[Opcode]:
    """What `difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()` gives, in the same form;
    its very answer when that is cheap (see the module's docstring)."""
    allowance = _Allowance(budget, len(a) + len(b))
    if _cheap(a, b, 0, len(a), 0, len(b), budget):
        try:
            return _Matcher(a, b, allowance).get_opcodes()
        except _Exhausted:
            pass
    return _opcodes(_paired(_blocks(a, b, budget, allowance), a, b), len(a), len(b))


def matching_blocks(
    a: Sequence[Hashable], b: Sequence[Hashable], budget: Budget = DEFAULT_BUDGET
) -> list[Block]:
    """Equal stretches (i, j, size), increasing in i and j, adjacent ones merged (no final (n, m, 0))."""
    return _blocks(a, b, budget, _Allowance(budget, len(a) + len(b)))


def _blocks(
    a: Sequence[Hashable], b: Sequence[Hashable], budget: Budget, allowance: _Allowance
) -> list[Block]:
    aligner = _Aligner(a, b, budget, allowance)
    aligner.align(0, len(a), 0, len(b), 0)
    return _merged(aligner.out)


class _Exhausted(Exception):
    """SequenceMatcher has scanned all the items its allowance holds."""


class _Allowance:
    """What SequenceMatcher may still scan in one alignment (Budget.scans, scans_per_item)."""

    def __init__(self, budget: Budget, items: int) -> None:
        self.left = budget.scans + budget.scans_per_item * items

    def spend(self, items: int) -> None:
        self.left -= items
        if self.left < 0:
            raise _Exhausted


class _Matcher(difflib.SequenceMatcher[Hashable]):
    """difflib.SequenceMatcher (autojunk off) whose every search for a longest match first spends the
    items of its two ranges from an allowance: its answer unchanged while the allowance lasts, _Exhausted
    when it is gone. Each search scans its ranges, and many short matches make as many searches over
    nearly all the items: every other one of 20,000 distinct paragraphs changed took 31 s, 100 s as a
    redline."""

    def __init__(self, a: Sequence[Hashable], b: Sequence[Hashable], allowance: _Allowance) -> None:
        allowance.spend(len(a) + len(b))  # indexing b, and the first search
        super().__init__(None, a, b, autojunk=False)
        self._allowance = allowance
        self._sizes = len(a), len(b)

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> difflib.Match:
        ahi = self._sizes[0] if ahi is None else ahi
        bhi = self._sizes[1] if bhi is None else bhi
        # The search goes through every place on b's side of every item of a's range (up to bhi): with an
        # item that repeats (a table's cell separator, a space) that is the range times its repetitions.
        # A table of 1,000 shuffled rows made 6,500 searches of ~15,000 places each: 11 s.
        places: dict[Hashable, list[int]] = self.b2j  # type: ignore[attr-defined]  # difflib's index of b
        a: Sequence[Hashable] = self.a  # type: ignore[attr-defined]  # difflib keeps the sequences it compares
        self._allowance.spend(ahi - alo + bhi - blo + sum(len(places.get(item, ())) for item in a[alo:ahi]))
        return super().find_longest_match(alo, ahi, blo, bhi)


_MAX_NESTING = 16  # patience within patience: deeper gaps go to the windows (step 3)


class _Aligner:
    def __init__(
        self, a: Sequence[Hashable], b: Sequence[Hashable], budget: Budget, allowance: _Allowance
    ) -> None:
        self.a, self.b, self.budget, self.allowance = a, b, budget, allowance
        self.out: list[Block] = []

    def align(self, alo: int, ahi: int, blo: int, bhi: int, depth: int) -> None:
        a, b, budget, out = self.a, self.b, self.budget, self.out
        if alo >= ahi or blo >= bhi:
            return
        if self.cheap(alo, ahi, blo, bhi):
            try:
                matched = _Matcher(a[alo:ahi], b[blo:bhi], self.allowance).get_matching_blocks()
            except _Exhausted:
                pass  # the linear steps below
            else:
                out.extend((alo + i, blo + j, k) for i, j, k in matched if k)
                return
        # 1. the common head and tail, then Myers within its budget
        head = 0
        while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
            head += 1
        if head:
            out.append((alo, blo, head))
            alo, blo = alo + head, blo + head
        tail = 0
        while alo < ahi - tail and blo < bhi - tail and a[ahi - 1 - tail] == b[bhi - 1 - tail]:
            tail += 1
        ahi, bhi = ahi - tail, bhi - tail
        if alo < ahi and blo < bhi:
            limit = budget.work + budget.work_per_item * (ahi - alo + bhi - blo)
            found = (
                _myers(a, b, alo, ahi, blo, bhi, limit)
                if self.edits_at_least(alo, ahi, blo, bhi) ** 2 <= 2 * limit
                else None
            )
            if found is not None:
                out.extend(found)
            elif depth >= _MAX_NESTING or not self.patience(alo, ahi, blo, bhi, depth):
                self.windows(alo, ahi, blo, bhi)
        if tail:
            out.append((ahi, bhi, tail))

    def cheap(self, alo: int, ahi: int, blo: int, bhi: int) -> bool:
        """Whether SequenceMatcher's scan (every pair of equal items) stays within the budget."""
        return _cheap(self.a, self.b, alo, ahi, blo, bhi, self.budget)

    def edits_at_least(self, alo: int, ahi: int, blo: int, bhi: int) -> int:
        """A lower bound of the edits between the two stretches: the items one side has more of than the
        other. Myers needs about edits² / 2 steps, so a budget that cannot hold them is not spent in vain."""
        surplus: dict[Hashable, int] = {}
        for i in range(alo, ahi):
            item = self.a[i]
            surplus[item] = surplus.get(item, 0) + 1
        for j in range(blo, bhi):
            item = self.b[j]
            surplus[item] = surplus.get(item, 0) - 1
        return sum(map(abs, surplus.values()))

    def patience(self, alo: int, ahi: int, blo: int, bhi: int, depth: int) -> bool:
        """Anchor on items that occur once on each side (the longest run of them in the same order), align
        the gaps between anchors from the top; False when there is no such item."""
        a, b = self.a, self.b
        seen_a: dict[Hashable, int] = {}  # item -> its index, or -1 when it occurs twice
        for i in range(alo, ahi):
            seen_a[a[i]] = -1 if a[i] in seen_a else i
        seen_b: dict[Hashable, int] = {}
        for j in range(blo, bhi):
            item = b[j]
            if seen_a.get(item, -1) >= 0:
                seen_b[item] = -1 if item in seen_b else j
        pairs = [(seen_a[a[i]], seen_b[a[i]]) for i in range(alo, ahi) if seen_b.get(a[i], -1) >= 0]
        if not pairs:
            return False
        i, j = alo, blo
        for ai, bj in _increasing(pairs):
            self.align(i, ai, j, bj, depth + 1)
            self.out.append((ai, bj, 1))
            i, j = ai + 1, bj + 1
        self.align(i, ahi, j, bhi, depth + 1)
        return True

    def windows(self, alo: int, ahi: int, blo: int, bhi: int) -> None:
        """A longest common subsequence of each pair of windows of `budget.window` items (Myers, which never
        runs out of its budget here: n + m steps of at most n + m each); the next window starts where the
        last match of this one ended, or after both windows when they matched little."""
        size = self.budget.window
        i, j = alo, blo
        while i < ahi and j < bhi:
            iw, jw = min(ahi, i + size), min(bhi, j + size)
            blocks = _myers(self.a, self.b, i, iw, j, jw, (iw - i + jw - j + 1) ** 2) or []
            self.out.extend(blocks)
            if blocks:
                last_i, last_j, k = blocks[-1]
                end_i, end_j = last_i + k, last_j + k
                if (end_i - i) + (end_j - j) >= size:
                    i, j = end_i, end_j
                    continue
            i, j = iw, jw


def _cheap(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int, budget: Budget
) -> bool:
    limit = max(budget.pairs, budget.pairs_per_item * (ahi - alo + bhi - blo))
    counts: dict[Hashable, int] = {}
    for j in range(blo, bhi):
        item = b[j]
        counts[item] = counts.get(item, 0) + 1
    pairs = 0
    for i in range(alo, ahi):
        pairs += counts.get(a[i], 0)
        if pairs > limit:
            return False
    return True


def _myers(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int, limit: int
) -> list[Block] | None:
    """A longest common subsequence by Myers' greedy algorithm (1986), or None once the steps pass limit."""
    n, m = ahi - alo, bhi - blo
    v: dict[int, int] = {1: 0}
    trace: list[dict[int, int]] = []
    work = 0
    for d in range(n + m + 1):
        trace.append(dict(v))
        for k in range(-d, d + 1, 2):
            x = v[k + 1] if k == -d or (k != d and v[k - 1] < v[k + 1]) else v[k - 1] + 1
            y = x - k
            start = x
            while x < n and y < m and a[alo + x] == b[blo + y]:
                x += 1
                y += 1
            work += x - start + 1
            v[k] = x
            if x >= n and y >= m:
                return _backtrack(trace, n, m, alo, blo)
        if work > limit:
            return None
    raise AssertionError("unreachable: an edit script of n + m steps always exists")


def _backtrack(trace: list[dict[int, int]], n: int, m: int, alo: int, blo: int) -> list[Block]:
    blocks: list[Block] = []
    x, y = n, m
    for d in range(len(trace) - 1, -1, -1):
        v = trace[d]
        k = x - y
        prev_k = k + 1 if k == -d or (k != d and v[k - 1] < v[k + 1]) else k - 1
        prev_x = v[prev_k]
        prev_y = prev_x - prev_k
        run = min(x - prev_x, y - prev_y) if d else x  # the snake after the edit (at d = 0: from 0, 0)
        if run > 0:
            blocks.append((alo + x - run, blo + y - run, run))
        x, y = prev_x, prev_y
    blocks.reverse()
    return blocks


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs (in order of their first member) whose second members increase: patience
    sorting, O(n log n)."""
    tops: list[int] = []  # second member at the top of each pile
    top_index: list[int] = []  # index in pairs of each pile's top
    back: list[int] = [-1] * len(pairs)
    for index, (_, second) in enumerate(pairs):
        pile = bisect.bisect_left(tops, second)
        back[index] = top_index[pile - 1] if pile else -1
        if pile == len(tops):
            tops.append(second)
            top_index.append(index)
        else:
            tops[pile] = second
            top_index[pile] = index
    run: list[tuple[int, int]] = []
    index = top_index[-1]
    while index >= 0:
        run.append(pairs[index])
        index = back[index]
    run.reverse()
    return run


def _merged(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for i, j, k in blocks:
        if out and out[-1][0] + out[-1][2] == i and out[-1][1] + out[-1][2] == j:
            pi, pj, pk = out[-1]
            out[-1] = (pi, pj, pk + k)
        elif k:
            out.append((i, j, k))
    return out


def _opcodes(blocks: list[Block], n: int, m: int) -> list[Opcode]:
    """Blocks as SequenceMatcher.get_opcodes() states them."""
    ops: list[Opcode] = []
    i = j = 0
    for ai, bj, size in [*blocks, (n, m, 0)]:
        tag: Tag | None = None
        if i < ai and j < bj:
            tag = "replace"
        elif i < ai:
            tag = "delete"
        elif j < bj:
            tag = "insert"
        if tag is not None:
            ops.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            ops.append(("equal", ai, i, bj, j))
    return ops


def _paired(blocks: list[Block], a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Block]:
    """The same number of equal items, with a deletion and an insertion brought together into one
    replacement wherever only a run of identical items separates them (among identical items a longest
    common subsequence may pair them either way; Myers' leans to one side, so a block replaced in place
    would read as an insertion here and a deletion far on). One pass over the edit script, one letter per
    step: E equal, D deleted, I inserted, R one of each."""
    run_a = _run_starts(a)
    run_b = _run_starts(b)
    out: list[str] = []
    open_i: list[tuple[int, int]] = []  # unpaired insertions: index in out, position in a
    open_d: list[tuple[int, int]] = []  # unpaired deletions: index in out, position in b
    i = j = 0
    for bi, bj, size in [*blocks, (len(a), len(b), 0)]:
        for q in range(i, bi):  # a deletion pairs with the last open insertion if a[p..q] are one item
            if open_i and run_a[q] <= open_i[-1][1]:
                out[open_i.pop()[0]] = "R"
            else:
                open_d.append((len(out), j))
                out.append("D")
        for q in range(j, bj):  # an insertion with the last open deletion if b[p..q] are one item
            if open_d and run_b[q] <= open_d[-1][1]:
                out[open_d.pop()[0]] = "R"
            else:
                open_i.append((len(out), bi))
                out.append("I")
        out.extend("E" * size)
        i, j = bi + size, bj + size
    paired: list[Block] = []
    i = j = 0
    for op in out:
        if op == "E":
            paired.append((i, j, 1))
        i += op != "I"
        j += op != "D"
    return _merged(paired)


def _run_starts(items: Sequence[Hashable]) -> list[int]:
    """For each index, where the run of identical items it belongs to begins."""
    starts = list(range(len(items)))
    for k in range(1, len(items)):
        if items[k] == items[k - 1]:
            starts[k] = starts[k - 1]
    return starts
