"""Compile the shipped JSON Schemas ahead of time with fastjsonschema, into planctl/check/compiled/.

fastjsonschema turns a schema into Python code that answers "valid?" about ten times faster than
jsonschema; generating and compiling that code costs ~0.1-0.2 s, more than `planctl validate` of a small
plan takes in all. So the code is generated here, once, and shipped: a run imports it like any module (a
.pyc) and pays nothing. Each module records the fingerprint (size, CRC-32) of the schema file it was made
from; planctl.check.schema uses it only when that matches the shipped schema (else it compiles at run
time), and tests/test_check_speed.py fails while the modules are out of date.

Usage: python scripts/compile_schemas.py [--check]   (--check: exit 1 when a module is out of date)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from planctl.check.schema import compiled_module_text  # noqa: E402
from planctl.check.schema_files import SCHEMA_NAMES  # noqa: E402

OUT = ROOT / "src" / "planctl" / "check" / "compiled"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name in SCHEMA_NAMES:
        path = OUT / f"{name}_schema.py"
        text = compiled_module_text(name)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not check:
            path.write_text(text, encoding="utf-8")
    if check and stale:
        shown = ", ".join(str(p.relative_to(ROOT)) for p in stale)
        print(f"out of date: {shown}; run python scripts/compile_schemas.py", file=sys.stderr)
        return 1
    for path in stale:
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
