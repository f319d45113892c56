"""The import report for people: what became what, the guesses to check (with where they came from),
what could not be mapped, drift from the regional text, pictures, and how the new plan validates."""

from __future__ import annotations

from planctl.importer.report import Entry, ImportReport, Where
from planctl.messages import has, t

MAX_LISTED = 200


def where_text(where: Where, lang: str) -> str:
    parts = []
    if where.paragraph is not None:
        parts.append(t(lang, "import.where.paragraph", n=where.paragraph))
    if where.table is not None:
        parts.append(t(lang, "import.where.table", n=where.table))
    if where.row is not None:
        parts.append(t(lang, "import.where.row", n=where.row))
    return ", ".join(parts)


def _line(entry: Entry, lang: str, message: str) -> str:
    head = where_text(entry.where, lang) or "-"
    if entry.text:
        head += f" «{entry.text}»"
    if entry.pointer:
        head += f" -> {entry.pointer}"
    return f"  {head}: {message}" if message else f"  {head}"


def render_text(report: ImportReport) -> str:
    lang = report.lang
    out = [t(lang, "import.report.title", source=report.source)]
    out.append(
        t(lang, "import.report.wrote", path=report.output)
        if report.written and report.output
        else t(lang, "import.report.not-written")
    )
    out.append("")
    out.append(t(lang, "import.report.counts"))
    for kind, count in report.counts().items():
        label = t(lang, f"import.kind.{kind}") if has(f"import.kind.{kind}") else kind
        out.append(f"  {label}: {count}")
    guesses = report.guesses
    if guesses:
        out.append("")
        out.append(t(lang, "import.report.guesses", count=len(guesses)))
        for e in guesses[:MAX_LISTED]:
            assert e.guess is not None
            out.append(_line(e, lang, t(lang, e.guess[0], **e.guess[1])))
        if len(guesses) > MAX_LISTED:
            out.append(f"  … (+{len(guesses) - MAX_LISTED})")
    unmapped = [e for e in report.entries if e.kind == "unmapped" or (e.detail and e.kind in ("table",))]
    if unmapped:
        out.append("")
        out.append(t(lang, "import.report.unmapped", count=len(unmapped)))
        for e in unmapped[:MAX_LISTED]:
            out.append(_line(e, lang, t(lang, e.detail[0], **e.detail[1]) if e.detail else ""))
    if report.near_misses:
        out.append("")
        out.append(t(lang, "import.report.near", count=len(report.near_misses)))
        for near in report.near_misses[:MAX_LISTED]:
            variant = f" ({near.variant})" if near.variant else ""
            out.append(
                f"  {where_text(near.where, lang)}: regional:{near.block}{variant} "
                f"{round(100 * near.similarity)} %: {near.diff}"
            )
    if report.images:
        out.append("")
        out.append(t(lang, "import.report.images", count=len(report.images)))
        for i in report.images:
            state = (
                t(lang, "import.report.image.written")
                if i.written
                else t(lang, "import.report.image.lost", problem=i.problem or "-")
            )
            alt = f" «{i.alt}»" if i.alt else ""
            out.append(f"  {where_text(i.where, lang)}: {i.name}{alt}: {state}")
    if report.notes:
        out.append("")
        out.append(t(lang, "import.report.notes"))
        out.extend(f"  {t(lang, key, **params)}" for key, params in report.notes)
    errors = [f for f in report.findings if f.severity == "error"]
    warnings = [f for f in report.findings if f.severity == "warning"]
    out.append("")
    out.append(t(lang, "import.report.findings", errors=len(errors), warnings=len(warnings)))
    for f in errors[:MAX_LISTED]:
        line = f":{f.line}" if f.line else ""
        out.append(f"  {f.rule}{line} {f.path}: {f.message}")
    if report.written and report.output:
        out.append("")
        out.append(t(lang, "import.report.next", path=report.output))
    return "\n".join(out) + "\n"
