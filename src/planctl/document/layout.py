"""Layout: the plan model as a flat list of document elements, independent of the output format.

Both writers (Word, markdown) read only this, so the Word document and the markdown version always have
the same headings, numbers, tables and text. Layout follows the plan's `document` tree (or a default order
when the plan has none), lays out every `render:` block and resolves regional includes. The plan places
what it has: an entry whose content no block shows is a BUILD-UNPLACED warning, not a machine-made
appendix. Writers import the elements from `planctl.document.elements`.

The work is shared out: `frame` (cover, contents, chapters and their numbers, decision page), `defaults`
(the chapters of a plan without a document tree), one builder per `render:` name (`renders`), all on one
`Context`; the elements are in `elements`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from planctl.document import frame
from planctl.document.context import Context
from planctl.document.elements import Layout, Meta
from planctl.document.inline import text_of
from planctl.model.types import Plan

LANGUAGE_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def layout(plan: Plan, *, lang: str | None = None, draft: bool = False) -> Layout:
    """The document elements of plan. lang: language of fixed texts (default: the plan's language)."""
    ctx = Context(plan, lang or plan.info.language, draft)
    frame.build(ctx)
    return Layout(_meta(ctx), tuple(ctx.out), tuple(ctx.notes))


def _meta(ctx: Context) -> Meta:
    info = ctx.plan.info
    header = f"{info.municipality.name} – {text_of(info.title)}"
    if ctx.draft:
        header = f"{ctx.m('build.draft')} – {header}"
    return Meta(
        title=text_of(info.title),
        subject=ctx.m("build.subject"),
        author=info.municipality.name,
        language=LANGUAGE_TAGS.get(ctx.lang, "nb-NO"),
        lang=ctx.lang,
        created=document_date(ctx.plan),
        header=header,
        draft=ctx.draft,
        file_stem=output_stem(ctx.plan),
        keywords=info.keywords,
    )


def output_stem(plan: Plan) -> str:
    """File name without extension: the plan id and version, e.g. sondre-land-2023-03."""
    version = re.sub(r"[^A-Za-z0-9._-]+", "-", plan.info.version or "").strip("-.")
    return f"{plan.info.id}-{version}" if version else plan.info.id


def document_date(plan: Plan) -> datetime:
    """A fixed date for document properties, derived from the plan (never the clock)."""
    for value in (plan.info.adoption.date, plan.info.date):
        parsed = _parse_date(value)
        if parsed is not None:
            return parsed
    if plan.info.period and plan.info.period[0]:
        return datetime(int(plan.info.period[0]), 1, 1, tzinfo=UTC)
    return datetime(2000, 1, 1, tzinfo=UTC)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1), tzinfo=UTC)
    except ValueError:
        return None
