"""Write docs/rules.md from the rule metadata (registry + message catalogue), in English.

For every rule: lovkrav / anbefaling / kvalitet, the exact source (law paragraph and ledd, or the guidance
document), the source's own words, the example files, and the finding the first failing example gives
(checked as of 1 July 2024, the day the examples are judged on).

Usage: python scripts/gen_rules_doc.py [--check]   (--check: exit 1 when docs/rules.md is out of date)
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rules.md"
EXAMPLES = ROOT / "tests" / "examples"
TODAY = date(2024, 7, 1)


def _folders() -> list[Path]:
    return sorted(
        p
        for base in ("rules", "foundation")
        if (EXAMPLES / base).is_dir()
        for p in (EXAMPLES / base).iterdir()
        if p.is_dir()
    )


def examples() -> dict[str, list[str]]:
    """Rule ID -> its example plans under tests/examples/rules/ (the foundation's are run by their tests)."""
    out: dict[str, list[str]] = {}
    for folder in _folders():
        if folder.parent.name == "rules":
            out[folder.name] = [str(f.relative_to(ROOT)) for f in sorted(folder.glob("*.yaml"))]
    return out


def samples() -> dict[str, str]:
    """Rule ID -> the first finding of that rule its first failing example gives, as `planctl validate` would
    print it (path relative to the repository)."""
    from planctl.check.pipeline import CheckOptions, check_file

    out: dict[str, str] = {}
    for folder in _folders():
        fails = sorted(
            p for p in folder.rglob("*.yaml") if p.name.startswith("fail") or p.parent.name.startswith("fail")
        )
        for path in fails:
            result = check_file(path, CheckOptions(root=EXAMPLES, today=TODAY, lang="en"))
            found = [f for f in result.findings if f.rule == folder.name]
            if found:
                f = found[0]
                where = f"{Path(f.file).resolve().relative_to(ROOT)}:{f.line}:{f.column}"
                out[folder.name] = f"{where}  {f.severity.value}  {f.rule}  {f.message}"
                break
    return out


def generate() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from planctl.formats.rules import render_markdown

    return render_markdown("en", examples(), samples())


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
