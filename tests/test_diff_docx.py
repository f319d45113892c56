"""`planctl diff --format docx`: the new plan's council document with every change as a tracked change.

Accepting every change gives the new council document, rejecting every change the old one (rows that only
moved stay in the new order: moving is not a change). Checked three ways: our own reading of the XML,
generated edits (hypothesis), and LibreOffice itself accepting and rejecting the changes.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from planctl.cli.main import cli
from planctl.diff.engine import DiffOptions, diff_plans
from planctl.diff.sides import load_side
from planctl.document.layout import layout
from planctl.formats.diff.docx import render_docx
from planctl.formats.word.redline import pair_items
from planctl.formats.word.writer import render_docx as render_council
from planctl.messages import t
from tests.conftest import plan_header
from tests.libreoffice import DOCX, Changes, Conversion, LibreOffice
from tests.test_diff_properties import _plan, edited

FIX = Path(__file__).parent / "fixtures" / "diff"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _sides() -> tuple[Any, Any]:
    return load_side(str(FIX / "v1.yaml")).model, load_side(str(FIX / "v2.yaml")).model


def _tracked(old: Any, new: Any, options: DiffOptions | None = None) -> bytes:
    diff = diff_plans(old, new, old_label="v1", new_label="v2", options=options or DiffOptions())
    return render_docx(diff, "nb")


def _xml(data: bytes, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(part))


def _resolve(data: bytes, accept: bool) -> list[str]:
    """Paragraph texts, in document order (tables included), after accepting or rejecting every change.
    The table of contents is left out: it is a field Word and LibreOffice compute (the new one, untracked).
    White space at a paragraph's end does not count: a short cell's old text is deleted with a space that
    keeps it apart from the new text (rejecting keeps that space, which nobody sees)."""
    drop = f"{W}del" if accept else f"{W}ins"
    out = []
    body = _xml(data).find(f"{W}body")
    assert body is not None
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and (style.get(f"{W}val") or "").startswith("TOC"):
            continue
        if p.find(f"{W}pPr/{W}rPr/{drop}") is not None:
            continue  # the paragraph goes
        row = next(p.iterancestors(f"{W}tr"), None)
        if row is not None and row.find(f"{W}trPr/{drop}") is not None:
            continue  # its table row goes
        text = []
        for el in p.iter(f"{W}t", f"{W}delText", f"{W}br"):
            if any(a.tag == drop for a in el.iterancestors()):
                continue
            text.append("\n" if el.tag == f"{W}br" else (el.text or ""))
        out.append("".join(text).rstrip(" "))
    return out


def _council(plan: Any) -> list[str]:
    """The plan's own council document (planctl build), read the same way."""
    return _resolve(render_council(layout(plan)), accept=True)


def _document_part(paragraphs: list[str], council: list[str]) -> tuple[list[str], list[str]]:
    """(summary page, the rest) of a resolved tracked document whose rest should be as long as council."""
    cut = len(paragraphs) - len(council)
    return paragraphs[:cut], paragraphs[cut:]


def test_accept_all_gives_the_new_council_document_reject_all_the_old() -> None:
    old, new = _sides()
    data = _tracked(old, new)
    summary, accepted = _document_part(_resolve(data, accept=True), _council(new))
    assert accepted == _council(new)
    assert summary[0] == t("nb", "diff.docx.title")
    _, rejected = _document_part(_resolve(data, accept=False), _council(old))
    # the fixture reorders the arenas: their rows stay in the new order (not a change), with the old text
    assert Counter(rejected) == Counter(_council(old))
    assert rejected[:20] == _council(old)[:20]


def test_it_is_the_council_document_with_its_styles_header_and_decision_page() -> None:
    old, new = _sides()
    data = _tracked(old, new)
    plain = render_council(layout(new))
    styles = {s.get(f"{W}val") for s in _xml(data).iter(f"{W}pStyle")}
    assert {"Heading1", "Title", "Subtitle"} <= styles
    with zipfile.ZipFile(io.BytesIO(data)) as z, zipfile.ZipFile(io.BytesIO(plain)) as p:
        names = set(z.namelist())
        assert {n for n in p.namelist() if n.startswith("word/header")} <= names
    body = _resolve(data, accept=True)
    assert "Vedtak" in body  # the decision page
    assert any("TOC" in (x.text or "") for x in _xml(data).iter(f"{W}instrText"))  # the contents field
    # the table header row is still a repeating header
    assert _xml(data).find(f".//{W}trPr/{W}tblHeader") is not None


def test_changes_are_tracked_where_they_are_in_the_document() -> None:
    old, new = _sides()
    body = _xml(_tracked(old, new))
    marks = [*body.iter(f"{W}ins"), *body.iter(f"{W}del")]
    assert marks
    ids = [m.get(f"{W}id") for m in marks]
    assert len(ids) == len(set(ids))
    for m in marks:
        assert m.get(f"{W}author") == "planctl diff" and m.get(f"{W}date")

    def row_of(text: str) -> etree._Element:
        for row in body.iter(f"{W}tr"):
            if text in "".join(x.text or "" for x in row.iter(f"{W}t", f"{W}delText")):
                return row
        raise AssertionError(text)

    assert row_of("Leksehjelp").find(f"{W}trPr/{W}ins") is not None  # added measure: an inserted row
    assert row_of("Sommerskole").find(f"{W}trPr/{W}del") is not None  # removed measure: a deleted row
    familiebasen = row_of("Familiebasen")  # changed measure: the row stays, its cells carry the changes
    assert familiebasen.find(f"{W}trPr/{W}ins") is None and familiebasen.find(f"{W}trPr/{W}del") is None
    deleted = "".join(x.text or "" for x in familiebasen.iter(f"{W}delText"))
    inserted = "".join(x.text or "" for d in familiebasen.iter(f"{W}ins") for x in d.iter(f"{W}t"))
    assert "I gang" in deleted and "Avsluttet" in inserted and "NAV" in inserted
    retitled = row_of("Foreldrekurs")  # a short cell changes as a whole: old deleted, new inserted
    name_cell = retitled.findall(f"{W}tc")[0]
    assert (
        "".join(x.text or "" for d in name_cell.iter(f"{W}ins") for x in d.iter(f"{W}t"))
        == "Foreldrekurs ICDP"
    )
    assert "".join(x.text or "" for x in name_cell.iter(f"{W}delText")) == "Foreldrekurs "  # (a space apart)
    # the reworded paragraph, word by word
    all_deleted = "".join(x.text or "" for x in body.iter(f"{W}delText"))
    assert "å forebygge" in all_deleted
    # moved arena rows carry no marks
    assert row_of("Ansvarsgruppe").find(f"{W}trPr/{W}ins") is None
    assert not list(row_of("Ansvarsgruppe").iter(f"{W}ins", f"{W}del"))


def test_summary_page_names_every_change() -> None:
    old, new = _sides()
    summary = _resolve(_tracked(old, new), accept=True)[:15]
    assert any("Tiltak «Familiebasen»: status I gang → Avsluttet; ansvar + NAV" in p for p in summary)
    assert any("Sommerskole" in p for p in summary) and any("Leksehjelp" in p for p in summary)


def test_only_reported_entities_are_tracked_with_filters() -> None:
    old, new = _sides()
    body = _xml(_tracked(old, new, DiffOptions(only=frozenset({"measure"}))))
    deleted = "".join(x.text or "" for x in body.iter(f"{W}delText"))
    assert "Sommerskole" in deleted and "I gang" in deleted  # measures: tracked
    assert "å forebygge" not in deleted  # the reworded paragraph (a section change): new text, untracked
    body = _xml(_tracked(old, new, DiffOptions(only=frozenset({"section"}))))
    deleted = "".join(x.text or "" for x in body.iter(f"{W}delText"))
    assert "å forebygge" in deleted and "Sommerskole" not in deleted and "I gang" not in deleted


def test_same_plans_give_a_document_without_changes() -> None:
    old, _ = _sides()
    data = _tracked(old, old)
    body = _xml(data)
    assert not list(body.iter(f"{W}ins", f"{W}del"))
    _, rest = _document_part(_resolve(data, accept=True), _council(old))
    assert rest == _council(old)


@pytest.mark.slow  # 25 generated plan pairs, each rendered three times: about 7 s
@settings(max_examples=25, deadline=None)
@given(edited())
def test_generated_edits_accept_to_new_and_reject_to_old(
    case: tuple[dict[str, Any], dict[str, Any], Any],
) -> None:
    a, b, _ = case
    old, new = _plan(a), _plan(b)
    data = _tracked(old, new)
    _, accepted = _document_part(_resolve(data, accept=True), _council(new))
    assert accepted == _council(new)
    _, rejected = _document_part(_resolve(data, accept=False), _council(old))
    assert Counter(rejected) == Counter(_council(old))  # measures and arenas were also reordered


def test_edits_without_moves_reject_to_the_old_order() -> None:
    a = _plan_data()
    b = copy.deepcopy(a)
    b["measures"][1]["name"] = "Nytt navn"
    b["measures"].insert(0, {"id": "ny", "name": "Nytt tiltak", "responsible": ["u0"]})
    del b["measures"][3]
    b["document"]["body"][0]["blocks"][0]["p"] = "Helt ny tekst her"
    old, new = _plan(a), _plan(b)
    data = _tracked(old, new)
    _, rejected = _document_part(_resolve(data, accept=False), _council(old))
    assert rejected == _council(old)


def _plan_data() -> dict[str, Any]:
    return {
        **plan_header("k", "Plan", "K"),
        "units": [{"id": "u0", "name": "Enhet", "kind": "service", "municipal": True}],
        "measures": [{"id": f"m{i}", "name": f"Tiltak {i}", "responsible": ["u0"]} for i in range(5)],
        "document": {
            "body": [
                {"id": "a", "title": "A", "blocks": [{"p": "Første avsnitt"}, {"p": "Andre"}]},
                {"id": "b", "title": "B", "blocks": [{"render": "measures"}]},
            ]
        },
    }


def test_pairing_keeps_the_new_order_and_puts_removed_items_after_their_old_neighbour() -> None:
    assert pair_items(["a", "b", "c"], ["c", "a", "b"]) == [(2, 0), (0, 1), (1, 2)]
    assert pair_items(["a", "x", "b"], ["a", "b", "y"]) == [(0, 0), (1, None), (2, 1), (None, 2)]
    assert pair_items(["x", "a"], ["a"]) == [(0, None), (1, 0)]
    assert pair_items([], ["a"]) == [(None, 0)]


def test_cli_writes_the_document_atomically(tmp_path: Path) -> None:
    out = tmp_path / "endringer.docx"
    result = CliRunner().invoke(
        cli, ["diff", str(FIX / "v1.yaml"), str(FIX / "v2.yaml"), "--format", "docx", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out)
    assert not [p for p in tmp_path.iterdir() if p != out]


REAL = Path(__file__).parent.parent / "plans"


@pytest.mark.parametrize(
    ("old_name", "new_name"), [("vestre-toten", "nordre-land"), ("nordre-land", "sondre-land")]
)
def test_two_different_real_plans_accept_and_reject_exactly(old_name: str, new_name: str) -> None:
    """The hardest case: every chapter, table and paragraph differs."""
    old = load_side(str(REAL / old_name / "plan.yaml")).model
    new = load_side(str(REAL / new_name / "plan.yaml")).model
    data = _tracked(old, new)
    _, accepted = _document_part(_resolve(data, accept=True), _council(new))
    assert accepted == _council(new)
    _, rejected = _document_part(_resolve(data, accept=False), _council(old))
    assert Counter(rejected) == Counter(_council(old))  # shared regional units keep the new order


def _without_toc(path: Path) -> Any:
    """The plan at path with `document.toc: false`: the one part of the document that is not tracked."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(path.read_text("utf-8"))
    data.setdefault("document", {})["toc"] = False
    return _plan(data)


def _libreoffice(
    office: LibreOffice, data: bytes, changes: Changes, tmp: Path, name: str
) -> tuple[Conversion, list[str]]:
    """(tracked changes LibreOffice saw before and after, the text lines it saved, blank lines left out).

    Blank lines are left out: LibreOffice keeps an empty paragraph where a deleted paragraph stood right
    before a table or at the end of a table cell (paragraph marks there cannot be removed)."""
    src = tmp / f"{name}.docx"
    src.write_bytes(data)
    seen, text = office.text(src, changes)
    return seen, [x.rstrip(" ") for x in text.splitlines() if x.strip()]  # (trailing spaces: see _resolve)


@pytest.mark.libreoffice
def test_libreoffice_accepts_and_rejects_the_changes(tmp_path: Path, libreoffice: LibreOffice) -> None:
    old, new = _without_toc(FIX / "v1.yaml"), _without_toc(FIX / "v2.yaml")
    tracked = _tracked(old, new)
    seen, accepted = _libreoffice(libreoffice, tracked, "accept", tmp_path, "tracked")
    assert seen.before >= 10 and seen.after == 0  # LibreOffice sees the changes; accepting leaves none
    _, rejected = _libreoffice(libreoffice, tracked, "reject", tmp_path, "tracked")
    seen, new_text = _libreoffice(libreoffice, render_council(layout(new)), None, tmp_path, "new")
    assert seen == Conversion(0, 0)
    _, old_text = _libreoffice(libreoffice, render_council(layout(old)), None, tmp_path, "old")
    assert accepted[0] == t("nb", "diff.docx.title")
    assert accepted[len(accepted) - len(new_text) :] == new_text
    rejected = rejected[len(rejected) - len(old_text) :]
    assert Counter(rejected) == Counter(old_text)  # the arenas keep the new order: moving is not a change


@pytest.mark.libreoffice
@pytest.mark.slow  # two real plans laid out and converted by LibreOffice: ~3.5 s
def test_libreoffice_accepts_the_changes_between_two_real_plans(
    tmp_path: Path, libreoffice: LibreOffice
) -> None:
    old = load_side(str(REAL / "vestre-toten" / "plan.yaml")).model
    new = load_side(str(REAL / "nordre-land" / "plan.yaml")).model
    seen, accepted = _libreoffice(libreoffice, _tracked(old, new), "accept", tmp_path, "tracked")
    assert seen.before > 100 and seen.after == 0
    # the redline's contents carry the pages LibreOffice counted in it (deletions shown); the council
    # document written here has none: compare the entries without their page numbers
    paged = [line for line in accepted if re.search(r"\t\d+$", line)]
    assert len(paged) > 20  # every entry of the contents has its page
    accepted = [re.sub(r"\t\d+$", "", line) for line in accepted]
    _, new_text = _libreoffice(libreoffice, render_council(layout(new)), None, tmp_path, "new")
    assert accepted[len(accepted) - len(new_text) :] == new_text


# ---- footnotes ---------------------------------------------------------------------------------------


def _with_notes(tmp_path: Path, name: str, source: Path, notes: dict[str, str], paragraphs: list[str]) -> Any:
    """The fixture plan with footnotes and paragraphs that refer to them, first in its first chapter."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(source.read_text(encoding="utf-8"))
    data["footnotes"] = [{"id": k, "text": v} for k, v in notes.items()]
    blocks = data["document"]["body"][0]["blocks"]
    blocks[:0] = [{"p": text} for text in paragraphs]
    path = tmp_path / name / "plan.yaml"
    path.parent.mkdir()
    with path.open("w", encoding="utf-8") as out:
        YAML().dump(data, out)
    return load_side(str(path)).model


def _notes_after(data: bytes, accept: bool) -> list[str]:
    """The text of the note behind each footnote mark of the body, in order, after accepting or rejecting
    every change (deleted text in a kept note is restored by rejecting; a mark in removed text goes)."""
    drop = f"{W}del" if accept else f"{W}ins"
    body = _xml(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        part = (
            etree.fromstring(z.read("word/footnotes.xml")) if "word/footnotes.xml" in z.namelist() else None
        )
    notes = {n.get(f"{W}id"): n for n in part.iter(f"{W}footnote")} if part is not None else {}
    out = []
    for ref in body.iter(f"{W}footnoteReference"):
        if any(a.tag == drop for a in ref.iterancestors()):
            continue
        note = notes[ref.get(f"{W}id")]  # every mark opens a note of the redline
        words = [
            el.text or ""
            for el in note.iter(f"{W}t", f"{W}delText")
            if not any(a.tag == drop for a in el.iterancestors())
        ]
        out.append(" ".join("".join(words).split()))
    return out


def test_a_footnote_mark_opens_its_own_note_and_a_changed_note_is_tracked(tmp_path: Path) -> None:
    old = _with_notes(
        tmp_path,
        "old",
        FIX / "v1.yaml",
        {"kilde": "Bufdir, 2019.", "borte": "Et notat som går ut.", "lik": "Uendret notat."},
        ["Første avsnitt.[^kilde]", "Et avsnitt som går ut.[^borte]", "Et avsnitt som blir.[^lik]"],
    )
    new = _with_notes(
        tmp_path,
        "new",
        FIX / "v2.yaml",
        {"kilde": "Bufdir, 2023, med nye tall.", "lik": "Uendret notat."},
        ["Første avsnitt.[^kilde]", "Et avsnitt som blir.[^lik]"],
    )
    data = _tracked(old, new)
    assert _notes_after(data, accept=True) == ["Bufdir, 2023, med nye tall.", "Uendret notat."]
    assert _notes_after(data, accept=False) == ["Bufdir, 2019.", "Et notat som går ut.", "Uendret notat."]
    # a mark each: the changed note's mark is kept (its note changes word by word), the removed note's
    # deleted with its paragraph, the unchanged note's kept; its paragraph is not changed at all, though
    # the note removed before it changes its number (3 in the old plan, 2 in the new one)
    body = _xml(data)
    marks = [(ref, _changed_by(ref)) for ref in body.iter(f"{W}footnoteReference")]
    assert [change for _, change in marks] == [None, "del", None]
    kept = next(p for p in body.iter(f"{W}p") if "Et avsnitt som blir." in "".join(p.itertext()))
    assert next(kept.iter(f"{W}ins"), None) is None and next(kept.iter(f"{W}del"), None) is None
    # the changed note, word by word: what stayed is kept, what changed is deleted and inserted
    notes = {n.get(f"{W}id"): n for n in _xml(data, "word/footnotes.xml").iter(f"{W}footnote")}
    changed = notes[marks[0][0].get(f"{W}id")]
    assert ["".join(d.itertext()) for d in changed.iter(f"{W}del")] == ["2019"]
    assert ["".join(i.itertext()) for i in changed.iter(f"{W}ins")] == ["2023, med nye tall"]
    assert "Bufdir," in "".join(t.text or "" for t in changed.iter(f"{W}t") if _changed_by(t) is None)
    assert _council(new) == _document_part(_resolve(data, accept=True), _council(new))[1]


def _changed_by(el: etree._Element) -> str | None:
    """The change el is inside: «ins» (a tracked insertion), «del» (a deletion) or None."""
    for a in el.iterancestors(f"{W}ins", f"{W}del"):
        return etree.QName(a).localname
    return None


def test_notes_that_change_side_by_side_change_word_by_word(tmp_path: Path) -> None:
    """Two marks whose notes both changed, in one changed stretch of a paragraph, each keep their mark."""
    old = _with_notes(
        tmp_path,
        "old",
        FIX / "v1.yaml",
        {"a": "Første kilde, 2019.", "b": "Andre kilde, 2019."},
        ["Tekst[^a][^b] her."],
    )
    new = _with_notes(
        tmp_path,
        "new",
        FIX / "v2.yaml",
        {"a": "Første kilde, 2024.", "b": "Andre kilde, 2024."},
        ["Tekst[^a][^b] her."],
    )
    data = _tracked(old, new)
    assert _notes_after(data, accept=True) == ["Første kilde, 2024.", "Andre kilde, 2024."]
    assert _notes_after(data, accept=False) == ["Første kilde, 2019.", "Andre kilde, 2019."]
    assert [_changed_by(ref) for ref in _xml(data).iter(f"{W}footnoteReference")] == [None, None]
    notes = _xml(data, "word/footnotes.xml")
    assert ["".join(d.itertext()) for d in notes.iter(f"{W}del")] == ["2019", "2019"]


_NOTE_WORDS = ["Bufdir", "2019", "2023", "tall", "rapport", "kilde", "Helsedirektoratet", "side 4"]


@st.composite
def _noted_side(draw: st.DrawFn) -> tuple[dict[str, str], list[str]]:
    """Notes (id -> text) and paragraphs that refer to some of them, each note at most once."""
    ids = draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=4))
    notes = {
        i: " ".join(draw(st.lists(st.sampled_from(_NOTE_WORDS), min_size=1, max_size=4))) + "." for i in ids
    }
    paragraphs = []
    for k in range(draw(st.integers(1, 3))):
        words = draw(
            st.lists(st.sampled_from(["Tekst", "om", "tiltak", "her", "nå"]), min_size=1, max_size=3)
        )
        paragraphs.append(f"Avsnitt {k} " + " ".join(words))
    for note in draw(st.permutations(ids)):
        k = draw(st.integers(0, len(paragraphs) - 1))
        paragraphs[k] += f"[^{note}]"
    return notes, paragraphs


def _notes_in_order(notes: dict[str, str], paragraphs: list[str]) -> list[str]:
    return [notes[n] for p in paragraphs for n in re.findall(r"\[\^(\w+)\]", p)]


@settings(max_examples=25, deadline=None)
@given(_noted_side(), _noted_side())
def test_notes_changed_at_random_accept_to_the_new_and_reject_to_the_old(
    old_side: tuple[dict[str, str], list[str]], new_side: tuple[dict[str, str], list[str]]
) -> None:
    """Whatever changes between two plans' notes and the paragraphs that refer to them (a note reworded,
    moved, added, removed), accepting every change leaves the new plan's notes behind its marks, rejecting
    every change the old plan's, and the body reads as the new council document."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        old = _with_notes(Path(folder), "old", FIX / "v1.yaml", *old_side)
        new = _with_notes(Path(folder), "new", FIX / "v2.yaml", *new_side)
        data = _tracked(old, new)
    assert _notes_after(data, accept=True) == [" ".join(n.split()) for n in _notes_in_order(*new_side)]
    assert _notes_after(data, accept=False) == [" ".join(n.split()) for n in _notes_in_order(*old_side)]
    assert _council(new) == _document_part(_resolve(data, accept=True), _council(new))[1]


def test_a_paragraph_given_as_deleted_and_inserted_keeps_both_notes_whole(tmp_path: Path) -> None:
    """A changed paragraph that ends in inserted text before an inserted paragraph is given as the old one
    deleted and the new one inserted (`Redliner.settle`): its marks are then the old one deleted and the
    new one inserted, each opening its own note, untouched."""
    old = _with_notes(tmp_path, "old", FIX / "v1.yaml", {"a": "Kilde, 2019."}, ["Tekst[^a]"])
    new = _with_notes(
        tmp_path, "new", FIX / "v2.yaml", {"a": "Kilde, 2024."}, ["Tekst[^a] og mer.", "Et nytt avsnitt."]
    )
    data = _tracked(old, new)
    assert _notes_after(data, accept=True) == ["Kilde, 2024."]
    assert _notes_after(data, accept=False) == ["Kilde, 2019."]
    assert [_changed_by(ref) for ref in _xml(data).iter(f"{W}footnoteReference")] == ["del", "ins"]
    notes = {n.get(f"{W}id"): n for n in _xml(data, "word/footnotes.xml").iter(f"{W}footnote")}
    new_mark = list(_xml(data).iter(f"{W}footnoteReference"))[1]
    assert next(notes[new_mark.get(f"{W}id")].iter(f"{W}del"), None) is None


@pytest.mark.libreoffice
def test_libreoffice_accepts_and_rejects_a_note_changed_word_by_word(
    tmp_path: Path, libreoffice: LibreOffice
) -> None:
    old = _with_notes(tmp_path, "old", FIX / "v1.yaml", {"kilde": "Bufdir, 2019."}, ["Avsnitt.[^kilde]"])
    new = _with_notes(
        tmp_path, "new", FIX / "v2.yaml", {"kilde": "Bufdir, 2023, med nye tall."}, ["Avsnitt.[^kilde]"]
    )
    src = tmp_path / "tracked.docx"
    src.write_bytes(_tracked(old, new))
    for changes, note in (("accept", "Bufdir, 2023, med nye tall."), ("reject", "Bufdir, 2019.")):
        out = tmp_path / changes / "saved.docx"
        seen = libreoffice.convert(src, out, DOCX, changes)  # type: ignore[arg-type]
        assert seen.before > 0 and seen.after == 0
        saved = _xml(out.read_bytes(), "word/footnotes.xml")
        texts = [" ".join("".join(n.itertext()).split()) for n in saved.iter(f"{W}footnote")]
        assert note in texts, texts


def test_old_notes_get_a_footnotes_part_when_the_new_plan_has_none(tmp_path: Path) -> None:
    old = _with_notes(
        tmp_path, "old", FIX / "v1.yaml", {"borte": "Et notat som går ut."}, ["Går ut.[^borte]"]
    )
    new = load_side(str(FIX / "v2.yaml")).model
    data = _tracked(old, new)
    assert _notes_after(data, accept=False) == ["Et notat som går ut."]
    assert _notes_after(data, accept=True) == []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "word/footnotes.xml" in z.namelist()
        assert b"footnotes" in z.read("[Content_Types].xml")


def test_a_long_paragraph_of_repeated_words_changes_where_it_changed(tmp_path: Path) -> None:
    """The redline aligns the words of one paragraph with diff.matching: one changed word among 20,000
    equal ones is one deletion and one insertion (and the alignment stays linear, not quadratic)."""
    from ruamel.yaml import YAML

    words = ["ord"] * 20_000
    changed = list(words)
    changed[10_000] = "endret"
    sides = []
    for name, text in (("old", words), ("new", changed)):
        data = {
            **plan_header("k", "Plan", "K"),
            "document": {"body": [{"id": "kap", "title": "Kapittel", "blocks": [{"p": " ".join(text)}]}]},
        }
        path = tmp_path / name / "plan.yaml"
        path.parent.mkdir()
        with path.open("w", encoding="utf-8") as out:
            YAML().dump(data, out)
        sides.append(load_side(str(path)).model)
    body = _xml(_tracked(*sides))
    deleted = ["".join(t.text or "" for t in d.iter(f"{W}delText")) for d in body.iter(f"{W}del")]
    inserted = ["".join(t.text or "" for t in i.iter(f"{W}t")) for i in body.iter(f"{W}ins")]
    assert [d for d in deleted if d.strip()] == ["ord"]
    assert [i for i in inserted if i.strip()] == ["endret"]
