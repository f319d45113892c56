"""One language all the way (issue 16, point 3): every user-facing string comes from the catalogue, in
the language chosen by --lang, else the plan's `language`, else LANG."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from planctl.formats.skeleton import skeleton_text
from planctl.messages import catalogue, environment_language
from tests.conftest import ROOT, run_planctl

SRC = ROOT / "src" / "planctl"
NN = skeleton_text("Fjellbygd kommune", year=2026, lang="nn")


# ---------------------------------------------------------------- nothing bypasses the catalogue

# Calls whose first argument is text a user reads.
_SINKS = {"echo", "secho", "PlanctlError", "UsageError", "BadParameter", "ClickException", "fail", "Abort"}


def _literal_words(node: ast.expr) -> str:
    """The letters a string argument carries itself (not through a catalogue look-up)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    if isinstance(node, ast.BinOp):
        return _literal_words(node.left) + _literal_words(node.right)
    return ""


def _bypasses() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else func.id
                if isinstance(func, ast.Name)
                else ""
            )
            if name not in _SINKS:
                continue
            words = _literal_words(node.args[0]).replace("planctl", "")
            if any(ch.isalpha() for ch in words):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {words.strip()!r}")
    return found


def test_no_user_facing_string_bypasses_the_catalogue() -> None:
    assert _bypasses() == []


def test_the_scan_finds_a_literal_message() -> None:
    tree = ast.parse('raise PlanctlError(f"cannot read {x}")\nclick.echo(t(lang, "k"))\n')
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.args]
    assert [_literal_words(c.args[0]) for c in calls] == ["cannot read ", "", ""]


def test_every_key_in_every_language() -> None:
    cat = catalogue()
    keys = set().union(*cat.values())
    assert {lang: sorted(keys - set(cat[lang])) for lang in cat} == {"nb": [], "nn": [], "en": []}


# ---------------------------------------------------------------- the language is chosen once, and kept


def _slips(tmp_path: Path) -> Path:
    """A nynorsk plan with a YAML slip, a schema slip and a repeated key in three files."""
    plans = tmp_path / "plans"
    (plans / "a").mkdir(parents=True)
    (plans / "b").mkdir()
    (plans / "c").mkdir()
    (plans / "a" / "plan.yaml").write_text(NN.replace("number: null", "number: 4650"), encoding="utf-8")
    (plans / "b" / "plan.yaml").write_text(
        NN.replace("    mandate: Samordnar", "    mandate: Mandat: samordnar"), encoding="utf-8"
    )
    (plans / "c" / "plan.yaml").write_text(
        NN.replace("  - id: familieteam\n", "    id: familieteam\n"), encoding="utf-8"
    )
    return plans


def test_a_nynorsk_plan_is_answered_in_nynorsk(tmp_path: Path) -> None:
    proc = run_planctl("validate", str(_slips(tmp_path)))
    assert proc.returncode == 1
    out = proc.stdout
    assert "hermeteikn" in out  # SCHEMA and YAML-SYNTAX
    assert "manglar du `- `" in out  # DUPLICATE-KEY
    assert ": feil SCHEMA " in out and ": feil YAML-SYNTAX " in out and ": feil DUPLICATE-KEY " in out
    assert out.splitlines()[-1].endswith("i 3 filer") and "åtvaring" in out.splitlines()[-1]
    for english in ("error", "warning", "no problems", " in 3 files", "mapping", "repeats"):
        assert english not in out


def test_lang_wins_over_the_plan(tmp_path: Path) -> None:
    proc = run_planctl("validate", "--lang", "en", str(_slips(tmp_path)))
    assert ": error SCHEMA " in proc.stdout and "quote the value" in proc.stdout
    assert proc.stdout.splitlines()[-1].endswith("in 3 files")


@pytest.mark.parametrize(
    ("lang_env", "words"), [("en_GB.UTF-8", "Usage:"), ("nn_NO.UTF-8", "Bruk:"), ("C.UTF-8", "Bruk:")]
)
def test_lang_from_the_environment_for_click_usage_errors(lang_env: str, words: str) -> None:
    proc = run_planctl("validate", "--no-such-option", env={"LANG": lang_env})
    assert proc.returncode == 2 and words in proc.stderr


def test_click_usage_errors_in_the_chosen_language() -> None:
    proc = run_planctl("validate", "--lang", "nn", "--format", "xml")
    assert proc.returncode == 2
    assert "Bruk: planctl validate" in proc.stderr
    assert "Ugyldig verdi for '--format': 'xml' er ikkje ein av" in proc.stderr
    assert "Usage" not in proc.stderr and "Invalid value" not in proc.stderr
    help_text = run_planctl("validate", "--help", "--lang", "nn").stdout
    assert "Vis denne hjelpa og avslutt." in help_text


def test_init_speaks_the_language_it_writes(tmp_path: Path) -> None:
    proc = run_planctl("init", str(tmp_path / "x"), "--lang", "nn")
    assert proc.returncode == 0
    assert proc.stdout.startswith("skreiv ") and "neste steg: planctl validate" in proc.stdout
    text = (tmp_path / "x" / "plan.yaml").read_text("utf-8")
    assert "language: nn" in text and "Innleiing" in text and "Tiltak på dei tre førebyggingsnivåa" in text
    english = run_planctl("init", str(tmp_path / "y"), "--lang", "en")
    assert english.stdout.startswith("wrote ") and "language: en" in (tmp_path / "y" / "plan.yaml").read_text(
        "utf-8"
    )


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_skeleton_validates_clean(lang: str, tmp_path: Path) -> None:
    proc = run_planctl("init", str(tmp_path / "plans" / "x"), "--lang", lang)
    assert proc.returncode == 0
    check = run_planctl("validate", "--format", "json", str(tmp_path / "plans" / "x" / "plan.yaml"))
    assert check.returncode == 0
    assert [f for f in json.loads(check.stdout)["findings"] if f["severity"] != "info"] == []


def test_config_errors_in_the_plan_language(tmp_path: Path) -> None:
    plans = tmp_path / "plans" / "x"
    plans.mkdir(parents=True)
    (plans / "plan.yaml").write_text(NN, encoding="utf-8")
    (tmp_path / "planctl.toml").write_text('[rules]\nGUIDE-LEVEL = "off"\n', encoding="utf-8")
    proc = run_planctl("validate", "--lang", "nn", str(plans / "plan.yaml"))
    assert proc.returncode == 2
    assert "ukjend regel «GUIDE-LEVEL» i [rules]; meinte du «GUIDE-LEVELS»?" in proc.stdout
    assert "planctl.toml" in proc.stdout


def test_summary_and_fatal_errors_use_the_environment_language_without_a_plan(tmp_path: Path) -> None:
    proc = run_planctl("validate", str(tmp_path / "missing.yaml"), env={"LANG": "en_US.UTF-8"})
    assert proc.returncode == 2 and "no such file" in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "nn_NO.UTF-8"}, "nn"),
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "no_NO"}, "nb"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C"}, "nb"),
        ({"LANG": "de_DE.UTF-8"}, "nb"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "nn_NO.UTF-8"}, "nn"),
        ({"LANGUAGE": "nn:en", "LANG": "en_US.UTF-8"}, "nn"),
    ],
)
def test_environment_language(env: dict[str, str], lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert environment_language() == lang


def test_run_planctl_helper_is_bokmål() -> None:
    assert "Bruk:" in run_planctl("--help").stdout


# ---------------------------------------------------------------- help texts (`--help`)


def _help_texts() -> dict[str, str]:
    """Every help text the command line shows, English as written, by where it is shown."""
    import inspect

    import click

    from planctl.cli.main import COMMANDS, cli

    found: dict[str, str] = {}

    def walk(command: click.Command, path: str) -> None:
        if command.help:
            found[path] = inspect.cleandoc(command.help)
        if command.short_help:
            found[f"{path} (short)"] = inspect.cleandoc(command.short_help)
        for param in command.params:
            if isinstance(param, click.Option) and param.help and param.name not in ("help", "version"):
                found[f"{path} {param.opts[-1]}"] = param.help
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                walk(sub, f"{path} {name}")

    walk(cli, "planctl")
    for name, (_, _, short) in COMMANDS.items():
        found[f"planctl {name} (in the command list)"] = short
    return found


def test_every_help_text_has_bokmål_and_nynorsk() -> None:
    from planctl.messages import helptext

    texts = _help_texts()
    assert len(texts) > 60  # every command and option was found
    for lang in ("nb", "nn"):
        missing = sorted(where for where, text in texts.items() if text not in helptext.CATALOGUE[lang])
        assert not missing, f"help texts without a {lang} entry in planctl/messages/helptext.py: {missing}"
    unused = set(helptext.CATALOGUE["nb"]) - set(texts.values())
    assert not unused, f"entries in helptext.py no command shows (English changed?): {sorted(unused)}"


@pytest.mark.parametrize(
    ("lang_env", "args", "words", "english"),
    [
        ("nb_NO.UTF-8", ["validate", "--help"], "Advarsler feiler også", "Warnings fail too"),
        ("nn_NO.UTF-8", ["diff", "--help"], "Berre denne typen eining", "Only this kind of entity"),
        ("nn_NO.UTF-8", ["--help"], "Kva som er endra mellom to versjonar", "What changed between"),
        ("nb_NO.UTF-8", ["build", "--help"], "Dokumentet til kommunestyret som Word", "The council document"),
        ("en_GB.UTF-8", ["validate", "--help"], "Warnings fail too", "Advarsler feiler"),
    ],
)
def test_help_in_the_chosen_language(lang_env: str, args: list[str], words: str, english: str) -> None:
    result = run_planctl(*args, env={"LANG": lang_env})
    assert result.returncode == 0, result.stderr
    assert words in result.stdout
    assert english not in result.stdout


def test_help_follows_lang_given_after_help() -> None:
    result = run_planctl("report", "--help", "--lang", "nn")
    assert result.returncode == 0, result.stderr
    assert "Samsvarsrapport for éin plan" in result.stdout
    assert "Compliance report for one plan" not in result.stdout
