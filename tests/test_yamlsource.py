"""The loader: data, positions, and every hostile input as a located problem (never an exception)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planctl.errors import PlanctlError
from planctl.load.yamlsource import Limits, load_yaml, parse_yaml, resolve_plain


def parse(text: str, **limits: int):  # type: ignore[no-untyped-def]
    return parse_yaml(text, Path("x.yaml"), "x.yaml", Limits(**limits))


def test_plain_data_and_positions() -> None:
    doc = parse("a: 1\nb:\n  - x\n  - 'y'\n  - 2023-03-01\nc: {d: \"3447\"}\n")
    assert doc.data == {"a": 1, "b": ["x", "y", "2023-03-01"], "c": {"d": "3447"}}
    assert doc.problems == []
    assert doc.source_map.value("/b/1") == (4, 5)
    assert doc.source_map.key("/c/d") == (6, 5)
    assert doc.source_map.value("/c/d") == (6, 8)
    assert doc.source_map.value("/c/d/nope") == (6, 8)  # nearest located ancestor


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", 1),
        ("-3", -3),
        ("0x1f", 31),
        ("0o17", 15),
        ("1.5", 1.5),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("2023-03", "2023-03"),
        ("3447", 3447),
        ("08", 8),
    ],
)
def test_yaml_12_core_schema(text: str, value: object) -> None:
    assert resolve_plain(text) == value


def test_quoted_scalars_stay_text() -> None:
    assert parse("a: \"1\"\nb: 'true'\nc: |\n  null\n").data == {"a": "1", "b": "true", "c": "null\n"}


@pytest.mark.parametrize(
    ("text", "rule", "line", "column", "fragment"),
    [
        ("a: 1\na: 2\n", "DUPLICATE-KEY", 2, 1, "repeats"),
        ("a:\n\t- b\n", "YAML-SYNTAX", 2, 1, "a tab character"),
        ("!!python/object/apply:os.system ['ls']\n", "YAML-SYNTAX", 1, 1, "plain data only"),
        ("a: !custom x\n", "YAML-SYNTAX", 1, 4, "not allowed"),
        ("", "YAML-SYNTAX", 1, 1, "empty"),
        ("# just a comment\n", "YAML-SYNTAX", 1, 1, "empty"),
        ("a: b\n---\nc: d\n", "YAML-SYNTAX", 2, 1, "more than one"),
        ("a: [1, 2\n", "YAML-SYNTAX", 1, 4, "not closed properly"),
        ("a: *nope\n", "YAML-SYNTAX", 1, 4, "not defined"),
        ("a: \x07\n", "YAML-SYNTAX", 1, 4, "control character"),
        ("1: a\n", "SCHEMA", 1, 1, "not text; quote it"),
        ("? [a, b]\n: c\n", "SCHEMA", 1, 8, "not a list or mapping"),
    ],
)
def test_hostile_inputs_become_problems(text: str, rule: str, line: int, column: int, fragment: str) -> None:
    doc = parse(text)
    assert [(p.rule, p.line, p.column) for p in doc.problems] == [(rule, line, column)]
    assert fragment in doc.problems[0].message.render("en")


def test_alias_bomb_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    doc = parse("\n".join(lines) + "\n")
    assert doc.data is None
    assert "alias bomb" in doc.problems[0].message.render("en")


def test_a_large_file_without_aliases_is_no_alias_bomb() -> None:
    doc = parse("".join(f"- {i}\n" for i in range(200)), max_nodes=100)
    assert doc.data is None
    message = doc.problems[0].message.render("en")
    assert "holds more than 100 nodes" in message and "alias" not in message


def test_deep_nesting_is_bounded() -> None:
    doc = parse("[" * 5000 + "]" * 5000, max_depth=64)
    assert doc.data is None
    assert "nesting deeper than 64" in doc.problems[0].message.render("en")


def test_aliases_within_limits_are_fine() -> None:
    doc = parse("base: &b {kind: service}\nx: *b\n")
    assert doc.data == {"base": {"kind": "service"}, "x": {"kind": "service"}}


def test_bad_utf8_is_located(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_bytes(b"a: ok\nb: caf\xe9\n")
    doc = load_yaml(f, "p.yaml")
    assert [(p.rule, p.line, p.column) for p in doc.problems] == [("YAML-SYNTAX", 2, 7)]
    assert "UTF-8" in doc.problems[0].message.render("en")


def test_utf16_with_bom_and_utf8_bom_are_read(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_bytes("a: Søndre Land\n".encode("utf-16"))
    assert load_yaml(f, "p.yaml").data == {"a": "Søndre Land"}
    f.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(f, "p.yaml").data == {"a": 1}


def test_oversized_and_special_files_are_unreadable(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * 2000 + b"\n")
    with pytest.raises(PlanctlError, match="grensen"):
        load_yaml(big, "big.yaml", Limits(max_bytes=1000))
    with pytest.raises(PlanctlError, match="mappe"):
        load_yaml(tmp_path, "dir")
    with pytest.raises(PlanctlError, match="finnes ikke"):
        load_yaml(tmp_path / "missing.yaml", "missing.yaml")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_data_or_problems_never_an_exception(text: str) -> None:
    doc = parse(text)  # must not raise, whatever the text
    if doc.problems:
        assert doc.data is None or all(p.rule != "YAML-SYNTAX" for p in doc.problems)
    for p in doc.problems:
        assert p.line >= 1 and p.column >= 1


# YAML line breaks (NEL, LS, PS) and a BOM are folded by YAML itself, so they are left out of generated text.
_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029\ufeff"),
    max_size=20,
)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | _TEXT,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(_TEXT.filter(bool), children, max_size=4)
        ),
        max_leaves=30,
    )
)
@settings(max_examples=200, deadline=None)
def test_round_trip_of_json_data(value: object) -> None:
    """Whatever JSON-like data ruamel dumps, the loader reads back unchanged (strings, numbers, nesting)."""
    import io

    from ruamel.yaml import YAML

    out = io.StringIO()
    dumper = YAML(typ="safe", pure=True)
    dumper.default_flow_style = False
    dumper.dump({"root": value}, out)
    doc = parse(out.getvalue())
    assert doc.problems == []
    assert doc.data == {"root": value}


def test_walk_strings_gives_every_string_with_its_pointer() -> None:
    from planctl.load.yamlsource import walk_strings

    data = {"a/b": ["x", {"c": "y", "n": 1}], "d": None}
    assert sorted(walk_strings(data)) == [("/a~1b/0", "x"), ("/a~1b/1/c", "y")]
    assert ("/d", "d") in set(walk_strings(data, keys=True))
    deep: object = "leaf"
    for _ in range(5000):  # deeper than any recursion limit
        deep = [deep]
    assert [text for _, text in walk_strings(deep)] == ["leaf"]


# ---- the builder's fast path against independent answers -----------------------------------------------

_TRICKY = [
    "&a k: v\nx: *a\n",
    "? [a, b]\n: v\nq: 1\n",
    "{a: 1, a: 2, 3: x, null: y, true: z}\n",
    "- &x [1, 2]\n- *x\n- *x\n",
    "a: !!str 3\nb: !!int 0x10\nc: !!float 1\nd: !!bool yes\ne: !!null ''\nf: !foo x\n",
    "a:\n  b: 1\n  b: 2\n  c: [1, {d: 2, d: 3}]\n",
    "---\na: 1\n---\nb: 2\n",
    "? {a: 1}\n: {b: 2}\n? - z\n: 3\n",
    "a: *nope\n",
    "x: " + "9" * 5000 + "\n",
    "k: &a [1, &b {c: *a}]\n",
    "a: b: c\n",
    "- id: 1\n  x: 2\n  id: 3\n  x: 4\n",
    'a: "x\nb: 2\n',
    "1: a\n? [x]\n: y\n? null\n: z\nw: 1\n",
    "&top {a: &v 1, b: *v}\n",
    "a: ~\nb: .inf\nc: 0o17\nd: +12\ne: 1.5e3\nf: 2024-01-01\ng: 'q'\nh: |\n  block\n",
]


def _outcome(text: str) -> tuple[object, ...]:
    doc = parse(text, max_nodes=40, max_expanded=4000)
    return (repr(doc.data), doc.source_map.values, doc.source_map.keys, doc.problems)


def test_the_pure_parser_gives_what_the_c_parser_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without ruamel.yaml.clib the loader falls back to ruamel's pure parser, with the same answers."""
    plans = sorted((Path(__file__).parent.parent / "plans").glob("*/plan.yaml"))
    texts = [*_TRICKY, *(p.read_text(encoding="utf-8") for p in plans)]
    with_c = [_outcome(t) for t in texts]
    monkeypatch.setitem(sys.modules, "ruamel.yaml.cyaml", None)  # import fails: no C library
    assert [_outcome(t) for t in texts] == with_c


_KEYS = st.text(alphabet="abcæø-_/~ ", min_size=1, max_size=5)
_LEAVES = st.one_of(st.text(alphabet="xyz å#-'\"", max_size=6), st.integers(-5, 5), st.booleans(), st.none())
_TREES = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, min_size=1, max_size=3) | st.dictionaries(_KEYS, inner, min_size=1, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=150)
@given(st.dictionaries(_KEYS, _TREES, min_size=1, max_size=4), st.booleans())
def test_positions_are_those_ruamel_round_trip_reports(value: dict[str, object], flow: bool) -> None:
    """Every key's and value's line and column agree with ruamel's round-trip loader (its `lc`), for block
    and flow styles."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from planctl.load.yamlsource import escape_pointer_token

    dumper = YAML(typ="safe", pure=True)
    dumper.default_flow_style = flow
    dumper.width = 4096
    out = io.StringIO()
    dumper.dump(value, out)
    text = out.getvalue()
    doc = parse(text)
    assert doc.problems == [] and doc.data == value
    expected_keys: dict[str, tuple[int, int]] = {}
    expected_values: dict[str, tuple[int, int]] = {}
    stack: list[tuple[object, str]] = [(YAML().load(text), "")]
    while stack:
        node, at = stack.pop()
        if isinstance(node, CommentedMap):
            for key, child in node.items():
                pointer = f"{at}/{escape_pointer_token(key)}"
                line, column = node.lc.key(key)
                expected_keys[pointer] = (line + 1, column + 1)
                line, column = node.lc.value(key)
                expected_values[pointer] = (line + 1, column + 1)
                stack.append((child, pointer))
        elif isinstance(node, CommentedSeq):
            for index, child in enumerate(node):
                line, column = node.lc.item(index)
                expected_values[f"{at}/{index}"] = (line + 1, column + 1)
                stack.append((child, f"{at}/{index}"))
    assert doc.source_map.keys == expected_keys
    assert {p: doc.source_map.values[p] for p in expected_values} == expected_values
