"""Every rule in the registry is shown by examples, and every rule's texts exist.

- Every rule ID has at least one passing and one failing example under tests/examples/rules/<ID>/ or
  tests/examples/foundation/<ID>/ (the foundation ones are run through the CLI by
  test_examples_foundation.py); a rule without them fails here, whatever its family.
- Every example under tests/examples/rules/ gives exactly the findings its `# expect: RULE [severity]`
  markers say, on those lines, with that severity; pass*.yaml give none of their rule.
- Every rule's title, explanation and messages (`rule.<ID>.<message>`) exist in nb, nn and en.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from planctl.check.pipeline import CheckOptions, check_file
from planctl.check.rules import registry
from planctl.messages import catalogue

EXAMPLES = Path(__file__).parent / "examples"
RULE_EXAMPLES = EXAMPLES / "rules"
FOUNDATION = EXAMPLES / "foundation"
TODAY = date(2024, 7, 1)
_EXPECT = re.compile(r"#\s*expect:\s*([A-Z0-9-]+)(?:\s+(error|warning|info))?")


def _examples(rule: str) -> list[Path]:
    folders = [RULE_EXAMPLES / rule, FOUNDATION / rule]
    return sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("*.yaml"))


@pytest.mark.parametrize("rule", registry().ids())
def test_every_rule_has_pass_and_fail_examples(rule: str) -> None:
    names = [p.relative_to(EXAMPLES).as_posix() for p in _examples(rule)]
    assert any("/fail" in n for n in names), f"{rule}: no failing example"
    assert any("/pass" in n for n in names), f"{rule}: no passing example"


def test_every_example_folder_names_a_rule() -> None:
    folders = [p.name for base in (RULE_EXAMPLES, FOUNDATION) for p in base.iterdir() if p.is_dir()]
    assert folders and set(folders) <= set(registry().ids())


def expected(path: Path, rule: str) -> set[tuple[int, str]]:
    default = registry()[rule].severity.value
    return {
        (number, m.group(2) or default)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for m in _EXPECT.finditer(line)
        if m.group(1) == rule
    }


def found(path: Path, rule: str) -> set[tuple[int, str]]:
    result = check_file(path, CheckOptions(today=TODAY))
    assert result.model is not None, [f.message for f in result.findings]
    return {
        (f.line or 0, f.severity.value)
        for f in result.findings
        if f.rule == rule and f.file.endswith(path.name)
    }


CASES = [
    (folder.name, path)
    for folder in sorted(RULE_EXAMPLES.iterdir())
    for path in sorted(folder.glob("*.yaml"))
    if not path.name.startswith("_")
]


@pytest.mark.parametrize(("rule", "path"), CASES, ids=lambda v: v.name if isinstance(v, Path) else v)
def test_example(rule: str, path: Path) -> None:
    want = expected(path, rule)
    if path.name.startswith("fail"):
        assert want, f"{path} has no # expect: marker"
    assert found(path, rule) == want


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
