"""`planctl rules` and `planctl explain RULE`: the rule catalogue with legal references."""

from __future__ import annotations

import difflib
import sys

import click

from planctl.cli.options import lang_option
from planctl.messages import current_language


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text, markdown (as docs/rules.md) or json (planctl-rules/1).",
)
@lang_option
def rules(fmt: str, lang: str | None) -> None:
    """List every rule: ID, severity, family, what it checks and its legal or guidance reference."""
    from planctl.formats import rules as catalogue  # the rules, loaded when the command runs (not for --help)

    render = {
        "text": catalogue.render_text,
        "markdown": catalogue.render_markdown,
        "json": catalogue.render_json,
    }[fmt]
    click.echo(render(current_language()), nl=False)
    sys.exit(0)


@click.command()
@click.argument("rule")
@lang_option
def explain(rule: str, lang: str | None) -> None:
    """Explain one rule: what it checks, why, and the law's own words where it has them."""
    # The rules, loaded when the command runs (not for --help).
    from planctl.check.rules import registry
    from planctl.formats import rules as catalogue
    from planctl.messages import t

    chosen = current_language()
    found = catalogue.find(rule)
    if found is None:
        close = difflib.get_close_matches(rule.upper(), registry().ids(), n=1)
        hint = t(chosen, "rules.hint", suggestion=close[0]) if close else ""
        raise click.UsageError(t(chosen, "rules.unknown", rule=rule, hint=hint))
    click.echo(catalogue.explain_text(found, chosen), nl=False)
    sys.exit(0)
