"""The message catalogue: each language's own entries, not what `t()` falls back to.

`t("nn", key)` quietly gives the bokmål text when nynorsk lacks the key, so a test that renders messages in
nn cannot see a missing translation. These tests read each language's catalogue itself.
"""

from __future__ import annotations

from string import Formatter

import pytest

from planctl.messages import LANGUAGES, catalogue

REFERENCE = "nb"  # the default language: every key exists there first


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


LANGS = [
    "nn",
    "en",
]


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_every_key_of_its_own(lang: str) -> None:
    own, reference = set(catalogue()[lang]), set(catalogue()[REFERENCE])
    assert sorted(reference - own) == [], f"keys {lang} lacks (t() would fall back to {REFERENCE})"
    assert sorted(own - reference) == [], f"keys only {lang} has (a typo, or a key {REFERENCE} lacks)"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != REFERENCE])
def test_translations_take_the_same_fields(lang: str) -> None:
    cat = catalogue()
    differ = {
        key: (sorted(_fields(cat[REFERENCE][key])), sorted(_fields(text)))
        for key, text in cat[lang].items()
        if key in cat[REFERENCE] and _fields(text) != _fields(cat[REFERENCE][key])
    }
    assert differ == {}
