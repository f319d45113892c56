"""Write docs/rules.md from the rule metadata (registry + message catalogue), in English.

Usage: python scripts/gen_rules_doc.py [--check]   (--check: exit 1 when docs/rules.md is out of date)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rules.md"
EXAMPLES = ROOT / "tests" / "examples" / "rules"


def examples() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if EXAMPLES.is_dir():
        for folder in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
            out[folder.name] = [str(f.relative_to(ROOT)) for f in sorted(folder.glob("*.yaml"))]
    return out


def generate() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from planctl.formats.rules import render_markdown

    return render_markdown("en", examples())


def main(argv: list[str]) -> int:
    text = generate()
    if "--check" in argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print("docs/rules.md is out of date: run python scripts/gen_rules_doc.py", file=sys.stderr)
            return 1
        return 0
    from planctl.formats.output import write_text_atomic

    write_text_atomic(DOC, text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
