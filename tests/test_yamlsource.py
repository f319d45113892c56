"""The loader: data, positions, and every hostile input as a located problem (never an exception)."""

from __future__ import annotations

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


@pytest.mark.parametrize(("text", "value"), [
    ("1", 1), ("-3", -3), ("0x1f", 31), ("0o17", 15), ("1.5", 1.5), ("true", True), ("False", False),
    ("~", None), ("null", None), ("", None), ("yes", "yes"), ("no", "no"), ("on", "on"), ("2023-03", "2023-03"),
    ("3447", 3447), ("08", 8),
])
def test_yaml_12_core_schema(text: str, value: object) -> None:
    assert resolve_plain(text) == value


def test_quoted_scalars_stay_text() -> None:
    assert parse('a: "1"\nb: \'true\'\nc: |\n  null\n').data == {"a": "1", "b": "true", "c": "null\n"}


@pytest.mark.parametrize(("text", "rule", "line", "column", "fragment"), [
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
])
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
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029\ufeff"),
                max_size=20)


@given(st.recursive(st.none() | st.booleans() | st.integers() | _TEXT,
                    lambda children: st.lists(children, max_size=4)
                    | st.dictionaries(_TEXT.filter(bool), children, max_size=4), max_leaves=30))
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
