"""The `plan` mapping: title, municipality, version and date labels from the cover and the document
properties, and the adoption from planctl's decision page or from the text («vedtatt i kommunestyret
20. juni 2024, sak 24/31», «vedtatt i Kommunestyret, desember 2022»), else `status: unknown`."""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any

from planctl.importer.context import Context, where
from planctl.importer.frame import Frame
from planctl.importer.grid import norm
from planctl.importer.ids import slug
from planctl.importer.status import find_due
from planctl.importer.tree import Document, Para
from planctl.messages import LANGUAGES, t
from planctl.records import record

DEFAULT_TITLE = "Plan for forebygging av omsorgssvikt og atferdsproblemer"
_MUNICIPALITY = re.compile(
    r"\b([A-ZÆØÅ][\wæøåÆØÅ.-]*(?:[ -][A-ZÆØÅ][\wæøåÆØÅ.-]*){0,3})\s+(kommune|KOMMUNE|"
    r"Kommune|herad|HERAD)\b"
)
_DATE_LABEL = re.compile(
    r"^(januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|"
    r"desember|våren|hausten|høsten|sommeren|vinteren)?\s*\d{4}$|^\d{4}-\d{2}(-\d{2})?$|"
    r"^\d{1,2}\.\s?\d{1,2}\.\s?\d{4}$",
    re.IGNORECASE,
)
_PERIOD = re.compile(r"\b((?:19|20)\d{2})\s*[–-]\s*((?:19|20)\d{2})\b")
_ADOPTED = re.compile(r"vedtatt|vedteke|vedtekne|vedtok|adopted", re.IGNORECASE)
_ADOPTED_BY = re.compile(
    r"\b(?:vedtatt|vedteken|vedteke|vedtekne|adopted)\s+(?:i|av|by|in)\s+(?:\w+\s+){0,2}?"
    r"(kommunestyret|bystyret|heradsstyret|kommunestyre|formannskapet|the municipal council)\b",
    re.IGNORECASE,
)
_CASE = re.compile(
    r"\b(?:sak(?:snr\.?|snummer)?|PS|K-sak|KST-sak|arkivsak)\s*(?:nr\.?)?\s*[:.]?\s*"
    r"(\d{1,4}\s*/\s*\d{1,5})",
    re.IGNORECASE,
)
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})\.\s*(januar|februar|mars|april|mai|juni|juli|august|september|"
    r"oktober|november|desember)\s+(\d{4})",
    re.IGNORECASE,
)
_MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
_NYNORSK = re.compile(
    r"\b(ikkje|eit|kva|korleis|frå|dei|vert|vere|berre|òg|difor|mellom anna|kommunen sine)\b"
)
_BOKMAL = re.compile(r"\b(ikke|et|hva|hvordan|fra|de|blir|være|bare|også|derfor|blant annet)\b")
_ENGLISH = re.compile(r"\b(the|and|of|with|which|children|municipality)\b")


@record
class Cover:
    title: str | None = None
    subtitle: str | None = None
    municipality: str | None = None
    status: str | None = None
    date_label: str | None = None
    version: str | None = None
    period: tuple[int, int] | None = None
    lines: list[str] = field(default_factory=list)


def read_cover(paras: list[Para], ctx: Context) -> Cover:
    cover = Cover()
    texts = [(p, p.plain) for p in paras if p.runs]
    drafts = {norm(t(lang, "build.draft")) for lang in LANGUAGES} | {
        norm(t(lang, "build.draft.note")) for lang in LANGUAGES
    }
    versions = [t(lang, "build.version", version="\0").split("\0")[0] for lang in LANGUAGES]
    periods = [t(lang, "build.period", start="\0", end="\1").split("\0")[0] for lang in LANGUAGES]
    statuses = {
        norm(t(lang, f"build.status.{s}", body="kommunestyret")): s
        for lang in LANGUAGES
        for s in ("draft", "consultation", "submitted")
    }
    for i, (p, text) in enumerate(texts):
        if norm(text) in drafts:
            continue
        if i == 0 and p.role == "subtitle" and _MUNICIPALITY.search(text):
            cover.municipality = text
            continue
        if p.role == "title" and cover.title is None:
            cover.title = text
            continue
        if p.role == "subtitle" and cover.title is not None:
            bold = all(r.bold for r in p.runs if r.text.strip())
            if bold and cover.status is None:
                cover.status = text
                continue
            if any(v and text.startswith(v) for v in versions):
                cover.version = text[len(next(v for v in versions if v and text.startswith(v))) :].strip()
                continue
            if any(v and text.startswith(v) for v in periods):
                m = _PERIOD.search(text)
                if m:
                    cover.period = (int(m.group(1)), int(m.group(2)))
                    continue
            if _DATE_LABEL.match(text) and cover.date_label is None:
                cover.date_label = text
                continue
            whole = _MUNICIPALITY.fullmatch(text.strip())
            if whole and cover.municipality is None:
                cover.municipality = text
                continue
            if cover.subtitle is None and cover.status is None and cover.date_label is None:
                cover.subtitle = text
                continue
        cover.lines.append(text)
    if cover.title is None:
        # no Title style: the longest cover line that names a plan, else the first long line
        candidates = [x for x in cover.lines if re.search(r"\bplan\b", x, re.IGNORECASE)]
        if candidates:
            cover.title = max(candidates, key=len)
            cover.lines.remove(cover.title)
            ctx.report.add("cover", where(), "/plan/title", cover.title, guess=("import.guess.title", {}))
    if cover.date_label is None:
        found = next((x for x in cover.lines if _DATE_LABEL.match(x)), None)
        if found is not None:
            cover.date_label = found
            cover.lines.remove(found)
    if cover.status and norm(cover.status) in statuses:
        cover.status = statuses[norm(cover.status)]
    return cover


def municipality_name(cover: Cover, doc: Document, given: str | None, ctx: Context) -> str:
    if given:
        return given
    if doc.properties.creator and _MUNICIPALITY.search(doc.properties.creator):
        return doc.properties.creator
    for text in [cover.municipality or "", *cover.lines, cover.title or ""]:
        m = _MUNICIPALITY.search(text)
        if m:
            name = _smart_case(f"{m.group(1)} {m.group(2)}")
            ctx.report.note("import.note.municipality", name=name)
            return name
    ctx.report.note("import.note.no-municipality")
    return ctx.m("import.municipality.unknown")


def _smart_case(text: str) -> str:
    if text.isupper():
        words = [w.capitalize() if w.lower() not in ("kommune", "herad") else w.lower() for w in text.split()]
        return " ".join("-".join(p.capitalize() for p in w.split("-")) if "-" in w else w for w in words)
    return re.sub(r"\b(Kommune|KOMMUNE)\b", "kommune", text)


def guess_language(texts: list[str]) -> str:
    sample = " ".join(texts)[:200_000].lower()
    nn, nb, en = (len(p.findall(sample)) for p in (_NYNORSK, _BOKMAL, _ENGLISH))
    if en > 2 * max(nn, nb, 1):
        return "en"
    return "nn" if nn > nb else "nb"


def _date_value(text: str) -> str:
    """A date as the plan format writes it: «12. mars 2026» 2026-03-12, «desember 2022» 2022-12 (how
    planctl's decision page prints them); other text as it is."""
    m = _DAY_MONTH_YEAR.search(text.lower())
    if m:
        return f"{m.group(3)}-{_MONTHS.index(m.group(2)) + 1:02d}-{int(m.group(1)):02d}"
    found = find_due(text)
    return found if found and len(found) > 4 else text


def adoption(frame: Frame, cover: Cover, texts: list[tuple[int, str]], ctx: Context) -> dict[str, Any]:
    """The adoption mapping; guesses are marked."""
    out: dict[str, Any] = {"body": "kommunestyret", "status": "unknown"}
    decision = frame.decision
    if decision:
        out["body"] = decision.get("body", "kommunestyret")
        status = (
            "adopted"
            if decision.get("date") and frame.decision_statement and _ADOPTED.search(frame.decision_statement)
            else None
        )
        if cover.status in ("draft", "consultation", "submitted"):
            status = cover.status
        out["status"] = status or ("adopted" if decision.get("date") else "unknown")
        if decision.get("date"):
            out["date"] = _date_value(decision["date"])
        if decision.get("case"):
            out["case_ref"] = decision["case"]
        if cover.status and cover.status not in ("draft", "consultation", "submitted"):
            out["label"] = cover.status
        ctx.report.add("adoption", where(), "/plan/adoption", frame.decision_statement or "")
        return out
    for pos, text in texts:
        found = _ADOPTED_BY.search(text)
        if found is None:
            continue
        sentence = _sentence(text, found.start())
        out["body"] = found.group(1).lower()
        out["status"] = "adopted"
        m = _DAY_MONTH_YEAR.search(sentence)
        date = None
        if m:
            date = f"{m.group(3)}-{_MONTHS.index(m.group(2).lower()) + 1:02d}-{int(m.group(1)):02d}"
        else:
            date = find_due(sentence)
            if date and len(date) == 4:
                date = None
        if date:
            out["date"] = date
        case = _CASE.search(sentence)
        if case:
            out["case_ref"] = re.sub(r"\s+", "", case.group(1))
        label = cover.status if cover.status and _ADOPTED.search(cover.status) else sentence.rstrip(".")
        out["label"] = label
        ctx.guess(out, "status", "import.guess.adoption")
        ctx.report.add(
            "adoption", where(pos), "/plan/adoption", sentence, guess=("import.guess.adoption", {})
        )
        return out
    if cover.status in ("draft", "consultation", "submitted"):
        out["status"] = cover.status
    else:
        ctx.report.note("import.note.no-adoption")
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«\"(]?[A-ZÆØÅ])")


def _sentence(text: str, at: int) -> str:
    """The sentence of text around position at (a full stop after a number, «20. juni», does not end it)."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() >= at:
            return text[start : m.start()].strip()
        start = m.end()
    return text[start:].strip()


def plan_mapping(
    cover: Cover,
    doc: Document,
    frame: Frame,
    texts: list[tuple[int, str]],
    municipality: str,
    lang: str,
    ctx: Context,
) -> dict[str, Any]:
    title = cover.title or doc.properties.title or DEFAULT_TITLE
    plan: dict[str, Any] = {
        "id": slug(re.sub(r"\s+(kommune|herad)$", "", municipality, flags=re.IGNORECASE), "kommune"),
        "title": title,
        "municipality": {"name": municipality, "number": None},
        "language": lang,
    }
    if cover.title is None and doc.properties.title is None:
        ctx.guess(plan, "title", "import.guess.title")
    if cover.subtitle:
        plan["subtitle"] = cover.subtitle
    if cover.version:
        plan["version"] = cover.version
    elif doc.properties.identifier and doc.properties.identifier.startswith(plan["id"] + "-"):
        plan["version"] = doc.properties.identifier[len(plan["id"]) + 1 :]
    if cover.date_label:
        due = find_due(cover.date_label)
        if due:
            plan["date"] = due
    period = cover.period
    if period is None:
        m = _PERIOD.search(title)
        if m:
            period = (int(m.group(1)), int(m.group(2)))
    if period is not None:
        plan["period"] = {"start": period[0], "end": period[1]}
    plan["adoption"] = adoption(frame, cover, texts, ctx)
    if frame.decision.get("next_review"):
        review = frame.decision["next_review"]
        plan["revision"] = {"next_review": int(review) if review.isdigit() else review}
    return plan
