"""Render the pictures of docs/ (docs/images/*.png) from the bundled plans, as LibreOffice shows them.

    python -m scripts.doc_images

Needs LibreOffice (with python3-uno for the contents' page numbers) and pdftoppm (poppler-utils). The
council document of Søndre Land (`planctl build pdf`): its cover, its contents with page numbers, the
landscape measures overview (Vedlegg 1) and the decision page; its compliance report's first page; and a
redline of Søndre Land against an edited copy (a status changed, a measure added and one removed, a
paragraph reworded): its summary page and its measures table. Built as of 1 December 2026.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from planctl.soffice import convert

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
EPOCH = "1796083200"  # 2026-12-01
DPI = "80"


def planctl(*args: str, cwd: Path = ROOT) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    subprocess.run(
        [sys.executable, "-m", "planctl", *args], cwd=cwd, env=env, check=True, capture_output=True
    )


def pages(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")


def page_with(pdf: Path, text: str, start: int = 1) -> int:
    for number, page in enumerate(pages(pdf), start=1):
        if number >= start and text in page:
            return number
    raise SystemExit(f"{pdf.name}: no page with «{text}»")


def snap(pdf: Path, page: int, name: str) -> None:
    target = IMAGES / name
    subprocess.run(
        ["pdftoppm", "-r", DPI, "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
         str(target.with_suffix(""))],
        check=True,
    )  # fmt: skip
    print(f"wrote {target.relative_to(ROOT)}")


def to_pdf(docx: Path) -> Path:
    pdf = docx.with_suffix(".pdf")
    pdf.write_bytes(
        convert(docx.read_bytes(), suffix=".docx", to="pdf:writer_pdf_Export", produces=".pdf", timeout=300)
    )
    return pdf


def edited_copy(folder: Path) -> Path:
    """A copy of plans/ whose Søndre Land plan is the next revision: EPDS started, Svangerskapskurs
    removed, a measure added, a paragraph reworded."""
    shutil.copytree(ROOT / "plans", folder / "plans")
    (folder / "planctl.toml").write_text("", encoding="utf-8")
    plan = folder / "plans" / "sondre-land" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    start = text.index("  - id: svangerskapskurs\n")
    end = text.index("  - id: epds\n")
    added = (
        "  - id: foreldremote\n"
        '    name: "Foreldremøte om skjermbruk"\n'
        '    description: "Felles foreldremøte for 1.-7. trinn om barns skjermbruk, med helsesykepleier."\n'
        "    levels: [universal]\n"
        "    responsible: [helsestasjon]\n"
        '    responsible_label: "Helsestasjonstjenester"\n'
        '    status: {state: planned, label: "Fra høsten 2024"}\n'
    )
    text = text[:start] + added + text[end:]
    text = text.replace(
        '    status: {state: planned, label: "2023 – utvikle tiltak"}',
        '    status: {state: active, label: "I gang"}',
        1,
    )
    text = text.replace('  version: "2023-03"', '  version: "2024-06"').replace(
        '  date: "2023-03"', '  date: "2024-06"'
    )
    text = text.replace(
        "Søndre Land kommune skal ha en bred tiltaksvifte",
        "Søndre Land kommune skal ha en bred og oppdatert tiltaksvifte",
    )
    plan.write_text(text, encoding="utf-8")
    return plan


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="planctl-images-") as tmp:
        out = Path(tmp)
        plan = "plans/sondre-land/plan.yaml"
        planctl("build", "pdf", plan, "-o", str(out), "--force")
        planctl("build", "docx", plan, "-o", str(out), "--force")
        council = out / "sondre-land-2023-03.pdf"
        snap(council, 1, "cover.png")
        snap(council, page_with(council, "Innhold"), "contents.png")
        snap(council, page_with(council, "VEDLEGG 1: TILTAKSOVERSIKT", 3), "measures.png")
        snap(council, len(pages(council)) - 1, "decision.png")
        report = to_pdf(out / "sondre-land-2023-03-compliance.docx")
        snap(report, 1, "compliance.png")
        edited = edited_copy(out / "next")
        redline = out / "redline.docx"
        planctl("diff", str(ROOT / plan), str(edited), "--format", "docx", "-o", str(redline))
        redline_pdf = to_pdf(redline)
        snap(redline_pdf, 1, "diff-summary.png")
        snap(redline_pdf, page_with(redline_pdf, "Foreldremøte om skjermbruk", 3), "diff-rows.png")


if __name__ == "__main__":
    main()
