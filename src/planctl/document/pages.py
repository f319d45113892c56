"""The cover and the decision page (vedtak) of the council document."""

from __future__ import annotations

from planctl.document.context import Context, capital, date_words
from planctl.document.elements import CoverEl, DecisionEl, PageBreakEl
from planctl.document.inline import text_of

_STATUSES = ("draft", "consultation", "submitted", "repealed", "unknown")


def cover(ctx: Context) -> CoverEl:
    info = ctx.plan.info
    front = ctx.plan.document.front
    period = None
    if info.period and info.period[0] and info.period[1]:
        period = ctx.m("build.period", start=info.period[0], end=info.period[1])
    return CoverEl(
        municipality=info.municipality.name,
        title=text_of(info.title),
        subtitle=text_of(front.subtitle or info.subtitle or "") or None,
        date_label=front.date_label or date_words(info.date, ctx.m) or None,
        version=ctx.m("build.version", version=info.version) if info.version else None,
        status=_status_text(ctx) or None,
        period=period,
        lines=tuple(text_of(line) for line in front.lines),
        draft=ctx.m("build.draft") if ctx.draft else None,
    )


def _status_text(ctx: Context) -> str:
    """Where the plan stands, for the cover: the plan's own words, else «Vedtatt i kommunestyret, date»."""
    a = ctx.plan.info.adoption
    body = a.body
    if a.status == "adopted":
        if a.label:
            return text_of(a.label)
        parts = [ctx.m("build.status.adopted", body=body)]
        parts.extend(x for x in (date_words(a.date, ctx.m), a.case_ref) if x)
        return ", ".join(parts)
    if a.label:
        return text_of(a.label)
    return ctx.m(f"build.status.{a.status}", body=body) if a.status in _STATUSES else ""


def decision(ctx: Context) -> None:
    """The decision page: the council's decision where it is made, else a form for it."""
    info = ctx.plan.info
    a = info.adoption
    body = a.body
    title = text_of(info.title)
    ctx.emit(PageBreakEl("portrait"))
    ctx.heading(1, None, ctx.m("build.decision"), "decision.title")
    if a.status in ("adopted", "repealed"):
        statement = ctx.m("build.decision.adopted", title=title, body=body)
        fields: list[tuple[str, str | None]] = [
            (ctx.m("build.decision.body"), body or None),
            (ctx.m("build.decision.date"), date_words(a.date, ctx.m)),
            (ctx.m("build.decision.case"), a.case_ref),
        ]
    else:
        statement = ctx.m("build.decision.pending", title=title, body=capital(body))
        fields = [
            (ctx.m("build.decision.body"), body or None),
            (ctx.m("build.decision.date"), None),
            (ctx.m("build.decision.case"), None),
            (ctx.m("build.decision.text"), None),
            (ctx.m("build.decision.signature"), None),
        ]
    if info.revision and info.revision.next_review:
        fields.append((ctx.m("build.decision.next_review"), date_words(info.revision.next_review, ctx.m)))
    ctx.emit(DecisionEl(statement, tuple((k, v or None) for k, v in fields)), "decision")
