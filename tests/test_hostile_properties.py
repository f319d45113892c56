"""Property tests: a valid plan, mutated at random, never crashes the check and is reported cleanly.

Mutations: drop a key, change a value's type, insert garbage characters, duplicate ids, truncate the
text. Each mutant goes through `planctl.check.pipeline.check_file` in-process (fast); a few go through the CLI.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planctl.check.findings import Severity
from planctl.check.pipeline import CheckOptions, CheckResult, check_file, exit_code
from planctl.check.rules import registry
from planctl.errors import PlanctlError
from planctl.formats.skeleton import skeleton_text
from planctl.load.yamlsource import parse_yaml

SKELETON = skeleton_text("Eksempel kommune", year=2026)
BASE: dict[str, Any] = parse_yaml(SKELETON, Path("plan.yaml"), "plan.yaml").data
RULES = set(registry().ids())
OPTIONS = CheckOptions(today=None)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_text(text: str | bytes) -> CheckResult:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "planctl.toml").write_text("", encoding="utf-8")
        path = Path(tmp) / "plan.yaml"
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8")
        else:
            path.write_bytes(text)
        return check_file(path, OPTIONS)


def assert_well_formed(result: CheckResult) -> None:
    for finding in result.findings:
        assert finding.rule in RULES, finding
        assert finding.message.strip(), finding
        assert len(finding.message) < 2000, "a finding echoes the input at length"
        assert finding.line is None or finding.line >= 1, finding
        assert finding.column is None or finding.column >= 1, finding
    assert exit_code(result.findings) in (0, 1)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every location in the data (not the root)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*prefix, i)
            yield from paths(value, (*prefix, i))


ALL_PATHS = list(paths(BASE))
KEY_PATHS = [p for p in ALL_PATHS if isinstance(p[-1], str)]


def parent(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@SETTINGS
@given(st.sampled_from(KEY_PATHS))
def test_dropping_a_key(path: tuple[Any, ...]) -> None:
    data = copy.deepcopy(BASE)
    del parent(data, path)[path[-1]]
    assert_well_formed(check_text(json.dumps(data, ensure_ascii=False)))


@SETTINGS
@given(st.sampled_from(ALL_PATHS), values)
def test_changing_a_type(path: tuple[Any, ...], value: Any) -> None:
    data = copy.deepcopy(BASE)
    parent(data, path)[path[-1]] = value
    result = check_text(json.dumps(data, ensure_ascii=False))
    assert_well_formed(result)
    if path in (("schema",), ("plan",), ("measures",), ("units",)) and value != BASE[path[0]]:
        assert exit_code(result.findings) == 1, (path, value, result.findings)


@SETTINGS
@given(st.data())
def test_duplicate_ids_are_errors(data: st.DataObject) -> None:
    plan = copy.deepcopy(BASE)
    kind = data.draw(st.sampled_from(["units", "measures", "goals", "arenas"]))
    items = plan[kind]
    original = data.draw(st.sampled_from(items))
    items.insert(data.draw(st.integers(0, len(items))), copy.deepcopy(original))
    result = check_text(json.dumps(plan, ensure_ascii=False))
    assert_well_formed(result)
    errors = [f for f in result.findings if f.severity == Severity.ERROR]
    assert errors, f"duplicate {kind} id {original['id']!r} was not reported"
    assert any(original["id"] in f.message for f in errors), errors


@SETTINGS
@given(st.integers(0, len(SKELETON)), st.text(min_size=1, max_size=12))
def test_inserting_garbage_characters(offset: int, garbage: str) -> None:
    text = SKELETON[:offset] + garbage + SKELETON[offset:]
    assert_well_formed(check_text(text.encode("utf-8", errors="surrogatepass")))


@SETTINGS
@given(st.integers(0, len(SKELETON.encode("utf-8"))))
def test_truncating_the_text(offset: int) -> None:
    raw = SKELETON.encode("utf-8")[:offset]
    result = check_text(raw)
    assert_well_formed(result)
    if offset == 0:
        assert [f.rule for f in result.findings] == ["YAML-SYNTAX"]


@SETTINGS
@given(st.binary(max_size=200))
def test_random_bytes(raw: bytes) -> None:
    try:
        result = check_text(raw)
    except PlanctlError:  # not expected for a readable regular file, but a clean error if it comes
        pytest.fail("a readable file raised PlanctlError")
    assert_well_formed(result)


# --- a few through the real CLI -----------------------------------------------------------------------


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, len(SKELETON) - 1), st.sampled_from(["\t", "\x00", ": : :", "&a *a", "- [", "\ufeff"]))
def test_cli_on_mutants(offset: int, garbage: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.yaml"
        plan.write_bytes((SKELETON[:offset] + garbage + SKELETON[offset:]).encode("utf-8"))
        env = {**os.environ, "NO_COLOR": "1"}
        env.pop("PLANCTL_DEBUG", None)
        proc = subprocess.run(
            [sys.executable, "-m", "planctl", "validate", "--format", "json", str(plan)],
            capture_output=True,
            text=True,
            timeout=30,
            cwd=tmp,
            env=env,
        )
        assert "Traceback" not in proc.stdout + proc.stderr
        assert "internal error" not in proc.stderr, proc.stderr
        assert proc.returncode in (0, 1, 2), proc.stderr
        document = json.loads(proc.stdout)
        assert {f["rule"] for f in document["findings"]} <= RULES


# --- the accelerated fastjsonschema path agrees with jsonschema ---------------------------------------


def _both_verdicts(data: Any, name: str) -> tuple[bool, bool]:
    from planctl.check import schema as schemacheck

    fast = schemacheck._fast_validator(name)
    assert fast is not None, "fastjsonschema is a dependency; PLANCTL_NO_FASTJSONSCHEMA must not be set here"
    try:
        fast(data)
        fast_valid = True
    except Exception:
        fast_valid = False
    return fast_valid, not any(True for _ in schemacheck._validator(name).iter_errors(data))


@SETTINGS
@given(st.sampled_from(ALL_PATHS), values, st.booleans())
def test_fast_schema_path_agrees_with_jsonschema(path: tuple[Any, ...], value: Any, drop: bool) -> None:
    data = copy.deepcopy(BASE)
    if drop and isinstance(path[-1], str):
        del parent(data, path)[path[-1]]
    else:
        parent(data, path)[path[-1]] = value
    before = json.dumps(data, sort_keys=True)
    fast_valid, slow_valid = _both_verdicts(data, "plan")
    assert json.dumps(data, sort_keys=True) == before, "the fast validator changed the data (defaults?)"
    assert fast_valid == slow_valid, (path, value, drop)


@pytest.mark.parametrize(
    "plan",
    sorted((Path(__file__).resolve().parent.parent / "plans").glob("*/*.yaml")),
    ids=lambda p: p.parent.name,
)
def test_fast_schema_path_agrees_on_the_real_plans(plan: Path) -> None:
    doc = parse_yaml(plan.read_text(encoding="utf-8"), plan, str(plan))
    name = "regional" if isinstance(doc.data, dict) and doc.data.get("schema") != "planctl/1" else "plan"
    fast_valid, slow_valid = _both_verdicts(doc.data, name)
    assert fast_valid == slow_valid


def test_fast_schema_path_leaves_the_shared_schemas_alone() -> None:
    from planctl.check import schema as schemacheck
    from planctl.check.schema_files import load_schema

    before = {name: json.dumps(load_schema(name), sort_keys=True) for name in ("plan", "regional")}
    schemacheck._fast_validator.cache_clear()
    for name in ("plan", "regional"):
        assert schemacheck._fast_validator(name) is not None
    assert {name: json.dumps(load_schema(name), sort_keys=True) for name in ("plan", "regional")} == before


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=8), st.from_regex(r"[-+.~0-9a-zA-Z\n]{0,6}", fullmatch=True)))
def test_plain_scalar_fast_path_matches_the_core_schema(value: str) -> None:
    """yamlsource.resolve_plain skips its regular expressions for most words: same answer as all nine."""
    from planctl.load import yamlsource as y

    expected: Any = value
    for pattern, convert in (
        (y._NULL, lambda v: None),
        (y._BOOL_TRUE, lambda v: True),
        (y._BOOL_FALSE, lambda v: False),
        (y._INT10, int),
        (y._INT8, lambda v: int(v[2:], 8)),
        (y._INT16, lambda v: int(v[2:], 16)),
        (y._FLOAT, float),
        (y._INF, lambda v: float("-inf") if v.startswith("-") else float("inf")),
        (y._NAN, lambda v: float("nan")),
    ):
        if pattern.match(value):
            expected = convert(value)
            break
    assert repr(y.resolve_plain(value)) == repr(expected)
