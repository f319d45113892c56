"""Every rule in the registry is shown by examples, and every rule's texts exist.

- Every rule ID has at least one passing and one failing example under tests/examples/rules/<ID>/ or
  tests/examples/foundation/<ID>/; a rule without them fails here, whatever its family.
- Every example gives exactly the findings its `# expect: RULE LINE:COLUMN [severity]` markers say
  (tests/examples_harness.py: one syntax, all examples in one `planctl validate` process).
- Every rule's title, explanation and messages (`rule.<ID>.<message>`) exist in nb, nn and en.
"""

from __future__ import annotations

import pytest

from planctl.check.rules import registry
from planctl.messages import catalogue
from tests.examples_harness import (
    ROOTS,
    Example,
    Expect,
    MarkerError,
    examples,
    folder_of,
    judge,
    parse_markers,
    run_all,
)


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.id)
def test_example(example: Example) -> None:
    expected, found = judge(example)
    if example.kind == "fail":
        assert any(e.rule == example.rule for e in expected), f"{example.id} has no marker for {example.rule}"
    if example.kind == "pass":
        assert expected == [], f"a passing example has markers: {example.id}"
    assert [str(f) for f in found] == [str(e) for e in expected]


@pytest.mark.parametrize("rule", registry().ids())
def test_every_rule_has_failing_and_passing_examples(rule: str) -> None:
    folder = folder_of(rule)
    assert folder is not None, f"no examples for {rule}: add {ROOTS[-1].name}/{rule}/fail.yaml and pass.yaml"
    kinds = {e.kind for e in examples() if e.rule == rule}
    assert {"fail", "pass"} <= kinds, (rule, kinds)


def test_every_example_folder_names_a_rule() -> None:
    folders = {p.name for root in ROOTS for p in root.iterdir() if p.is_dir()}
    assert folders - set(registry().ids()) == set()


def test_the_examples_run_as_one_validation_that_reports_errors() -> None:
    run = run_all()
    assert run.returncode == 1, run.stderr
    assert len(run.findings) >= len([e for e in examples() if e.kind == "fail"])


def test_markers_parse_with_the_rule_severity_as_default() -> None:
    text = "a: 1  # expect: LAW-ADOPTION 1:4 info\n# expect: SCHEMA 2:3\n# an ordinary comment\n"
    assert parse_markers(text) == [Expect("LAW-ADOPTION", 1, 4, "info"), Expect("SCHEMA", 2, 3, "error")]


@pytest.mark.parametrize(
    "line",
    [
        "# expect: SCHEMA",  # the old marker without a position
        "# expect: SCHEMA 3",
        "# expect: SCHEMA 3:1 fatal",
        "a: 1  # expect: schema 3:1",
        "# expect: NO-SUCH-RULE 3:1",
    ],
)
def test_a_malformed_marker_is_an_error_not_an_ignored_comment(line: str) -> None:
    with pytest.raises(MarkerError):
        parse_markers(line)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_rule_text_exists_in_every_language(lang: str) -> None:
    own = catalogue()[lang]  # no fallback: each language has its own text
    missing = [
        key
        for rule in registry().rules()
        for key in (
            f"rule.{rule.id}.title",
            f"rule.{rule.id}.explain",
            *(rule.message_key(m) for m in rule.messages),
        )
        if key not in own and not (lang == "nn" and key.rsplit(".", 1)[1] in ("title", "explain"))
    ]
    assert missing == []


def test_rule_messages_live_under_the_rule_id() -> None:
    prefixes = {f"rule.{r.id}." for r in registry().rules()}
    for lang, entries in catalogue().items():
        strays = [k for k in entries if k.startswith("rule.") and not any(k.startswith(p) for p in prefixes)]
        assert strays == [], lang


def test_a_message_a_rule_does_not_declare_is_refused() -> None:
    rule = registry()["GUIDE-LEVELS"]
    assert rule.message_key("missing") == "rule.GUIDE-LEVELS.missing"
    with pytest.raises(KeyError):
        rule.message_key("no-such-message")
