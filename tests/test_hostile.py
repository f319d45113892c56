"""Hostile input through every command, as a real process with bounded memory and time.

Each fixture is generated in tmp_path (no committed binaries). Every command must finish within the
timeout with exit 1 (a finding) or 2 (a one-line error), never a traceback or an "internal error", and a
memory blow-up fails the test instead of the machine (RLIMIT_AS on the child).

Every command a case needs must be registered (`planctl --help` lists it): a missing one fails.
"""

from __future__ import annotations

import functools
import os
import random
import re
import resource
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from planctl.formats.skeleton import skeleton_text
from tests.hostile_run import INTERNAL_ERROR

pytestmark = pytest.mark.slow

SKELETON = skeleton_text("Eksempel kommune", year=2026)
MEMORY_LIMIT = int(1.5 * 1024**3)
TIMEOUT = 20.0
ROOT_MARK = "planctl.toml"


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    env.pop("PLANCTL_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "planctl", *args],
        capture_output=True,
        text=True,
        errors="replace",
        cwd=cwd,
        timeout=TIMEOUT,
        env=env,
        preexec_fn=_limit_memory,
    )


@functools.cache
def registered() -> frozenset[str]:
    """Commands (and `build` subcommands, as 'build docx') that this checkout's CLI lists."""
    cwd = Path(__file__).parent
    names: set[str] = set()
    out = run("--help", cwd=cwd).stdout
    section = _commands_section(out)
    names.update(m.group(1) for m in re.finditer(r"^\s{2}(\S+)\s", section, re.M))
    if "build" in names:
        sub = run("build", "--help", cwd=cwd).stdout
        section = _commands_section(sub)
        names.update(f"build {m.group(1)}" for m in re.finditer(r"^\s{2}(\S+)\s", section, re.M))
    return frozenset(names)


def _commands_section(help_text: str) -> str:
    """The commands listed in a --help text (its heading is in the messages' language)."""
    parts = re.split(r"^(?:Commands|Kommandoer|Kommandoar):$", help_text, maxsplit=1, flags=re.M)
    return parts[1] if len(parts) == 2 else ""


def require(command: str) -> None:
    assert command in registered(), f"`planctl {command}` is not registered (planctl --help)"


# --- fixtures -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A hostile input: build(tree) returns the path to hand to planctl; finding is the rule validate reports
    (None when the expected outcome is a one-line error, exit 2)."""

    name: str
    build: Callable[[Path], Path]
    finding: str | None


def _tree(tmp: Path) -> Path:
    """tmp/ws is the root (planctl.toml); plans live in tmp/ws/plans/<name>/."""
    ws = tmp / "ws"
    (ws / "plans" / "p").mkdir(parents=True, exist_ok=True)
    (ws / ROOT_MARK).write_text("", encoding="utf-8")
    return ws


def _plan_file(tmp: Path, content: str | bytes, name: str = "plan.yaml") -> Path:
    path = _tree(tmp) / "plans" / "p" / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _with_regional(ref: str) -> str:
    return SKELETON.replace("schema: planctl/1", f"schema: planctl/1\nuses: {{regional: '{ref}'}}", 1)


def alias_bomb(tmp: Path) -> Path:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return _plan_file(tmp, "\n".join(lines) + "\n")


def deep_flow(tmp: Path) -> Path:
    return _plan_file(tmp, "[" * 200_000 + "]" * 200_000 + "\n")


def deep_block(tmp: Path) -> Path:
    return _plan_file(tmp, "".join("  " * i + f"k{i}:\n" for i in range(1000)) + "  " * 1000 + "v\n")


def deep_flow_mapping(tmp: Path) -> Path:
    return _plan_file(tmp, "{a: " * 50_000 + "x" + "}" * 50_000 + "\n")


def megabyte_string(tmp: Path) -> Path:
    # a valid plan whose schema tag is a 5 MB string: parsed, then one SCHEMA finding (with a short excerpt)
    return _plan_file(tmp, SKELETON.replace("schema: planctl/1", "schema: " + "x" * 5_000_000, 1))


def megabyte_key(tmp: Path) -> Path:
    return _plan_file(tmp, SKELETON + "k" * 2_000_000 + ": 1\n")


def oversized(tmp: Path) -> Path:
    return _plan_file(tmp, "# " + "x" * (9 * 1024 * 1024) + "\n")


def binary_garbage(tmp: Path) -> Path:
    return _plan_file(tmp, random.Random(7).randbytes(64 * 1024))


def nul_bytes(tmp: Path) -> Path:
    return _plan_file(tmp, b"\x00" * 4096)


def utf16_without_bom(tmp: Path) -> Path:
    return _plan_file(tmp, SKELETON.encode("utf-16-le"))


def latin1(tmp: Path) -> Path:
    return _plan_file(tmp, SKELETON.encode("latin-1", errors="replace"))


def tabs(tmp: Path) -> Path:
    return _plan_file(tmp, SKELETON.replace("\n  id: eksempel", "\n\tid: eksempel", 1))


def duplicate_keys(tmp: Path) -> Path:
    return _plan_file(tmp, SKELETON.replace("\ngoals:", "\nschema: planctl/1\ngoals:", 1))


def non_string_keys(tmp: Path) -> Path:
    return _plan_file(tmp, SKELETON + "1: one\nnull: nothing\ntrue: yes\n[a, b]: list\n? {a: b}\n: map\n")


def python_object_apply(tmp: Path) -> Path:
    marker = tmp / "PWNED"
    return _plan_file(tmp, SKELETON + f"evil: !!python/object/apply:os.system ['touch {marker}']\n")


def python_name_and_set(tmp: Path) -> Path:
    return _plan_file(tmp, "schema: !!python/name:os.system\nplan: !!set {a, b}\nx: !custom 3\n")


def control_characters(tmp: Path) -> Path:
    return _plan_file(tmp, SKELETON.replace("title: Plan", "title: Plan\x07\x1b[31m", 1))


def only_comments(tmp: Path) -> Path:
    return _plan_file(tmp, "# nothing here\n\n   \n")


def empty_file(tmp: Path) -> Path:
    return _plan_file(tmp, b"")


def scalar_document(tmp: Path) -> Path:
    return _plan_file(tmp, "just a string\n")


def many_documents(tmp: Path) -> Path:
    return _plan_file(tmp, SKELETON + "---\n" + SKELETON)


def include_self(tmp: Path) -> Path:
    return _plan_file(tmp, _with_regional("plan.yaml"))


def include_cycle(tmp: Path) -> Path:
    # the regional file points back at the plan
    plan = _plan_file(tmp, _with_regional("regional.yaml"))
    (plan.parent / "regional.yaml").write_text(
        "schema: planctl-regional/1\nuses: {regional: plan.yaml}\n", encoding="utf-8"
    )
    return plan


def include_is_a_plan(tmp: Path) -> Path:
    plan = _plan_file(tmp, _with_regional("other.yaml"))
    (plan.parent / "other.yaml").write_text(SKELETON, encoding="utf-8")
    return plan


def include_dotdot(tmp: Path) -> Path:
    return _plan_file(tmp, _with_regional("../../../../../../../../../../etc/passwd"))


def include_absolute(tmp: Path) -> Path:
    return _plan_file(tmp, _with_regional("/etc/passwd"))


def include_symlink_out(tmp: Path) -> Path:
    plan = _plan_file(tmp, _with_regional("regional.yaml"))
    outside = tmp / "outside.yaml"
    outside.write_text("schema: planctl-regional/1\n", encoding="utf-8")
    (plan.parent / "regional.yaml").symlink_to(outside)
    return plan


def include_symlink_loop(tmp: Path) -> Path:
    plan = _plan_file(tmp, _with_regional("loop-a.yaml"))
    (plan.parent / "loop-a.yaml").symlink_to(plan.parent / "loop-b.yaml")
    (plan.parent / "loop-b.yaml").symlink_to(plan.parent / "loop-a.yaml")
    return plan


def include_fifo(tmp: Path) -> Path:
    plan = _plan_file(tmp, _with_regional("fifo.yaml"))
    os.mkfifo(plan.parent / "fifo.yaml")
    return plan


def include_folder(tmp: Path) -> Path:
    plan = _plan_file(tmp, _with_regional("folder.yaml"))
    (plan.parent / "folder.yaml").mkdir()
    return plan


def plan_symlink_loop(tmp: Path) -> Path:
    folder = _tree(tmp) / "plans" / "p"
    (folder / "plan.yaml").symlink_to(folder / "other.yaml")
    (folder / "other.yaml").symlink_to(folder / "plan.yaml")
    return folder / "plan.yaml"


def plan_fifo(tmp: Path) -> Path:
    path = _tree(tmp) / "plans" / "p" / "plan.yaml"
    os.mkfifo(path)
    return path


def plan_folder(tmp: Path) -> Path:
    path = _tree(tmp) / "plans" / "p" / "plan.yaml"
    path.mkdir()
    return path


def plan_missing(tmp: Path) -> Path:
    return _tree(tmp) / "plans" / "p" / "nope.yaml"


CASES = [
    Case("alias-bomb", alias_bomb, "YAML-SYNTAX"),
    Case("deep-flow-sequence", deep_flow, "YAML-SYNTAX"),
    Case("deep-flow-mapping", deep_flow_mapping, "YAML-SYNTAX"),
    Case("deep-block-mapping", deep_block, "YAML-SYNTAX"),
    Case("megabyte-string", megabyte_string, "SCHEMA"),
    Case("megabyte-key", megabyte_key, "YAML-SYNTAX"),  # YAML caps implicit keys at 1024 characters
    Case("oversized-file", oversized, None),
    Case("binary-garbage", binary_garbage, "YAML-SYNTAX"),
    Case("nul-bytes", nul_bytes, "YAML-SYNTAX"),
    Case("utf16-without-bom", utf16_without_bom, "YAML-SYNTAX"),
    Case("latin1", latin1, "YAML-SYNTAX"),
    Case("tabs", tabs, "YAML-SYNTAX"),
    Case("duplicate-keys", duplicate_keys, "DUPLICATE-KEY"),
    Case("non-string-keys", non_string_keys, "SCHEMA"),
    Case("python-object-apply", python_object_apply, "YAML-SYNTAX"),
    Case("python-name-set-custom-tags", python_name_and_set, "YAML-SYNTAX"),
    Case("control-characters", control_characters, "YAML-SYNTAX"),
    Case("only-comments", only_comments, "YAML-SYNTAX"),
    Case("empty-file", empty_file, "YAML-SYNTAX"),
    Case("scalar-document", scalar_document, "SCHEMA"),
    Case("two-documents", many_documents, "YAML-SYNTAX"),
    Case("include-self", include_self, "INCLUDE"),
    Case("include-cycle", include_cycle, "SCHEMA"),
    Case("include-is-a-plan", include_is_a_plan, "INCLUDE"),
    Case("include-dotdot-escape", include_dotdot, "INCLUDE"),
    Case("include-absolute", include_absolute, "INCLUDE"),
    Case("include-symlink-out-of-root", include_symlink_out, "INCLUDE"),
    Case("include-symlink-loop", include_symlink_loop, "INCLUDE"),
    Case("include-fifo", include_fifo, "INCLUDE"),
    Case("include-folder", include_folder, "INCLUDE"),
    Case("plan-symlink-loop", plan_symlink_loop, None),
    Case("plan-fifo", plan_fifo, None),
    Case("plan-folder", plan_folder, None),
    Case("plan-missing", plan_missing, None),
]
IDS = [c.name for c in CASES]


def assert_clean_failure(
    proc: subprocess.CompletedProcess[str], case: Case, *, one_line: bool = True
) -> None:
    both = proc.stdout + proc.stderr
    shown = f"exit {proc.returncode}\nstdout: {proc.stdout[:1500]}\nstderr: {proc.stderr[:1500]}"
    assert "Traceback" not in both, shown
    assert not any(words in both for words in INTERNAL_ERROR), shown  # in any language
    assert proc.returncode in (1, 2), shown
    if proc.returncode == 2 and one_line:
        # one line on stderr; `validate` lists unreadable inputs in its report instead (on stdout)
        # (click's usage errors add "Usage:" and "Try ... --help" lines around their one "Error:" line)
        lines = [
            line
            for line in proc.stderr.splitlines()
            if line.strip() and not line.startswith(("Usage: ", "Try '", "Bruk: ", "Prøv «"))
        ]
        if not lines:  # validate's report names the unreadable input on a `planctl: ` line
            lines = [line for line in proc.stdout.splitlines() if line.startswith("planctl: ")]
        assert len(lines) == 1, f"expected a one-line error\n{shown}"
        assert len(lines[0]) < 1000, f"the error line should be short\n{shown}"
    # a hostile value is never echoed back in full
    assert len(proc.stdout) < 200_000 and len(proc.stderr) < 200_000, "output echoes the input"


@pytest.fixture(params=CASES, ids=IDS)
def case(request: pytest.FixtureRequest) -> Case:
    return request.param  # type: ignore[no-any-return]


def test_validate(case: Case, tmp_path: Path) -> None:
    path = case.build(tmp_path)
    proc = run("validate", str(path), cwd=tmp_path)
    assert_clean_failure(proc, case)
    if case.finding is None:
        assert proc.returncode == 2, proc.stdout + proc.stderr
    else:
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert case.finding in proc.stdout, proc.stdout
    assert not (tmp_path / "PWNED").exists(), "a YAML tag ran code"


def test_validate_json_is_well_formed(case: Case, tmp_path: Path) -> None:
    import json

    path = case.build(tmp_path)
    proc = run("validate", "--format", "json", str(path), cwd=tmp_path)
    assert_clean_failure(proc, case, one_line=False)  # unreadable inputs are listed in the JSON itself
    document = json.loads(proc.stdout)
    if proc.returncode == 1:
        assert any(f["rule"] == case.finding for f in document["findings"]), document
    else:
        assert len(document["errors"]) == 1, document


def test_report(case: Case, tmp_path: Path) -> None:
    require("report")
    path = case.build(tmp_path)
    assert_clean_failure(run("report", str(path), cwd=tmp_path), case)


@pytest.mark.parametrize("fmt", ["docx", "markdown"])
def test_build(case: Case, fmt: str, tmp_path: Path) -> None:
    require(f"build {fmt}")
    path = case.build(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    proc = run("build", fmt, str(path), "-o", str(out), cwd=tmp_path)
    assert_clean_failure(proc, case)
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".")]
    assert not leftovers, leftovers
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("side", ["old", "new"])
def test_diff(case: Case, side: str, tmp_path: Path) -> None:
    require("diff")
    path = case.build(tmp_path)
    good = tmp_path / "good" / "plan.yaml"
    good.parent.mkdir()
    good.write_text(SKELETON, encoding="utf-8")
    args = [str(path), str(good)] if side == "old" else [str(good), str(path)]
    assert_clean_failure(run("diff", *args, cwd=tmp_path), case)


def test_hostile_cases_are_really_hostile(tmp_path: Path) -> None:
    """The skeleton is the base of many cases: it must itself be fine, or the cases prove nothing."""
    from planctl.check.pipeline import CheckOptions, check_file

    (tmp_path / ROOT_MARK).write_text("", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(SKELETON, encoding="utf-8")
    result = check_file(plan, CheckOptions(root=tmp_path, families=("syntax", "integrity")))
    blocking = [f for f in result.findings if f.rule in ("YAML-SYNTAX", "SCHEMA", "DUPLICATE-KEY", "INCLUDE")]
    assert blocking == []


# --- output is never half-written or clobbered -------------------------------------------------------


def _call_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from planctl.cli.main import main

    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else 1), out + err


def _fail_after_some_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every atomic write has written its bytes to the temporary file when fsync fails (a full disk)."""
    import planctl.formats.output

    def broken_fsync(fd: int) -> None:
        assert os.fstat(fd).st_size > 0, "the failure should come after some bytes were written"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(planctl.formats.output.os, "fsync", broken_fsync)


def test_validate_output_survives_a_failed_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = duplicate_keys(tmp_path)
    target = tmp_path / "report.json"
    target.write_bytes(b"previous report\n")
    _fail_after_some_bytes(monkeypatch)
    code, output = _call_main(["validate", "--format", "json", "-o", str(target), str(plan)], capsys)
    assert code == 2, output
    assert "Traceback" not in output
    assert target.read_bytes() == b"previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "ws"]


def test_validate_output_written_when_nothing_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The counterpart of the test above: the same command does replace the file when the disk is fine."""
    plan = duplicate_keys(tmp_path)
    target = tmp_path / "report.json"
    target.write_bytes(b"previous report\n")
    code, output = _call_main(["validate", "--format", "json", "-o", str(target), str(plan)], capsys)
    assert code == 1, output
    assert b"DUPLICATE-KEY" in target.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "ws"]


def test_build_docx_output_survives_a_failed_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    require("build docx")
    from planctl.formats.word import opc

    folder = _tree(tmp_path) / "plans" / "p"
    plan = folder / "plan.yaml"
    plan.write_text(SKELETON, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    code, output = _call_main(["build", "docx", str(plan), "-o", str(out), "--force"], capsys)
    assert code == 0, output
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert any(name.endswith(".docx") for name in before), before.keys()

    def broken_write(self: opc._Entries, name: str, blob: bytes) -> None:
        self.archive.fp.write(b"PK\x03\x04 half a document")
        raise OSError(28, "No space left on device")

    # the package's parts written into its zip: half a document, then the disk is full
    monkeypatch.setattr(opc._Entries, "write", broken_write)
    code, output = _call_main(["build", "docx", str(plan), "-o", str(out), "--force"], capsys)
    assert code == 2, output
    assert "No space left on device" in output, output
    assert "Traceback" not in output
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before, "a failed build changed or left files in the output folder"
