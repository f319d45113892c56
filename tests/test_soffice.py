"""planctl's own way of running LibreOffice (planctl.soffice): a fresh locked-down profile, a process group
ended with planctl, temporary folders removed also when planctl is interrupted or terminated, and the
contents' page numbers that LibreOffice counts.

These tests run planctl's LibreOffice, not the session's (tests/libreoffice.py): what they test is how
planctl starts and ends it."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from planctl import soffice
from planctl.cli.main import cli
from planctl.formats.word.elements import w
from tests.conftest import ROOT

SMALL = ROOT / "tests" / "fixtures" / "build" / "small.yaml"
HAVE_UNO = soffice.find_soffice() is not None and soffice.find_uno_python() is not None
needs_uno = pytest.mark.skipif(
    not HAVE_UNO, reason="LibreOffice or its Python bridge (python3-uno) is missing"
)


def test_the_export_reads_as_a_convert_to_argument() -> None:
    export = soffice.Export("writer_pdf_Export", ".pdf", (("UseTaggedPDF", True), ("Quality", 90)))
    assert export.convert_to() == (
        'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
        '"Quality":{"type":"long","value":90}}'
    )
    assert soffice.Export("MS Word 2007 XML", ".docx").convert_to() == "docx:MS Word 2007 XML"


def test_the_fresh_profile_updates_no_links_runs_no_macros_and_fetches_nothing() -> None:
    root = etree.fromstring(soffice._settings().encode("utf-8"))
    settings = {
        (
            item.get("{http://openoffice.org/2001/registry}path"),
            prop.get("{http://openoffice.org/2001/registry}name"),
        ): prop.findtext("value")
        for item in root
        for prop in item
    }
    scripting = "/org.openoffice.Office.Common/Security/Scripting"
    assert settings[(scripting, "DisableMacrosExecution")] == "true"
    assert settings[(scripting, "MacroSecurityLevel")] == "3"
    assert settings[(scripting, "BlockUntrustedRefererLinks")] == "true"
    assert settings[("/org.openoffice.Office.Writer/Content/Update", "Link")] == "0"
    assert settings[("/org.openoffice.Inet/Settings", "ooInetHTTPProxyName")].endswith(".invalid")


def test_the_fresh_profile_says_this_libreoffice_has_started_here_before() -> None:
    # A last version older than LibreOffice's own makes it run its graphics render tests first.
    root = etree.fromstring(soffice._settings().encode("utf-8"))
    seen = [
        prop.findtext("value")
        for item in root
        if item.get("{http://openoffice.org/2001/registry}path") == "/org.openoffice.Setup/Product"
        for prop in item
        if prop.get("{http://openoffice.org/2001/registry}name") == "ooSetupLastVersion"
    ]
    assert len(seen) == 1 and seen[0] is not None
    major, minor = (int(part) for part in seen[0].split("."))
    assert major * 10 + minor > 99 * 10 + 9  # (LibreOffice compares major * 10 + minor)


@pytest.mark.parametrize(
    ("layout", "executable", "version_file"),
    [
        ("linux", "program/soffice", "program/versionrc"),
        ("windows", "program/soffice.exe", "program/version.ini"),
        ("macos", "Contents/MacOS/soffice", "Contents/Resources/versionrc"),
    ],
)
def test_the_build_id_is_read_from_the_installations_version_file(
    tmp_path: Path, layout: str, executable: str, version_file: str
) -> None:
    soffice.build_id.cache_clear()
    (tmp_path / executable).parent.mkdir(parents=True)
    (tmp_path / executable).write_text("")
    (tmp_path / version_file).parent.mkdir(parents=True, exist_ok=True)
    if layout == "windows":  # the key first, after a byte order mark
        content, encoding = "buildid=7a0b(Build:3)\r\n[Version]\r\nVendor=Someone\r\n", "utf-8-sig"
    else:
        content, encoding = (
            "[Version]\nAllLanguages=en-US nb nn\nbuildid=7a0b(Build:3)\nVendor=Someone\n",
            "utf-8",
        )
    (tmp_path / version_file).write_text(content, encoding=encoding)
    assert soffice.build_id(str(tmp_path / executable)) == "7a0b(Build:3)"


@pytest.mark.parametrize(
    "content",
    [None, "[Version]\nVendor=Someone\n", "buildid=${$ORIGIN/other:buildid}\n", "buildid=\n", b"\xff\xfe"],
    ids=["no-file", "no-buildid", "a-macro", "empty", "not-utf8"],
)
def test_a_build_id_that_cannot_be_read_as_written_is_none(
    tmp_path: Path, content: str | bytes | None
) -> None:
    # (LibreOffice then cleans the profile's extension cache and starts twice, as without planctl's help)
    soffice.build_id.cache_clear()
    program = tmp_path / "program"
    program.mkdir()
    (program / "soffice").write_text("")
    if isinstance(content, bytes):
        (program / "versionrc").write_bytes(content)
    elif content is not None:
        (program / "versionrc").write_text(content, encoding="utf-8")
    assert soffice.build_id(str(program / "soffice")) is None


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="no /proc to read process groups from")
def test_a_group_ended_at_once_has_nothing_running_when_it_returns() -> None:
    """An interrupted or failed run ends LibreOffice's group at once: when `_end` returns, no process of
    the group runs or is still dying (a child a shell of the group forked, here a background sleep, too);
    dead ones may stay zombies, as LibreOffice's helpers do in a container whose first process reaps none."""
    proc = subprocess.Popen(["sh", "-c", "sleep 30 & sleep 30 & wait"], start_new_session=True)
    deadline = time.monotonic() + 10
    while sum(1 for _ in _group_members(proc.pid)) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert soffice._running_in(proc.pid)
    soffice._end(proc, 0)
    assert not soffice._running_in(proc.pid)
    assert all(state in (b"Z", b"X") for state in _group_members(proc.pid))


def _group_members(group: int) -> list[bytes]:
    """The states of the processes of a group (R, S, Z ...)."""
    states = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                fields = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()
                if int(fields[2]) == group:
                    states.append(fields[0])
    return states


def test_without_libreoffice_nothing_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("planctl.soffice.shutil.which", lambda name: None)
    with pytest.raises(soffice.ConversionFailed, match="not installed"):
        soffice.run(b"", suffix=".docx", timeout=1, update_indexes=True)


def test_build_docx_without_the_bridge_lists_the_headings_and_says_why_there_are_no_page_numbers(
    tmp_path: Path,
) -> None:
    # (this test is no LibreOffice test: conftest builds it as without LibreOffice's Python bridge)
    result = CliRunner().invoke(
        cli, ["build", "docx", str(SMALL), "-o", str(tmp_path)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    assert "innholdsfortegnelsen har ingen sidetall" in result.stderr
    assert "python3-uno" in result.stderr
    entries = _contents(tmp_path / "testby-2024-01.docx")
    assert ("1 Innledning", None) in entries and ("Vedtak", None) in entries


def _contents(path: Path) -> list[tuple[str, str | None]]:
    """The contents' entries of a built .docx: (heading, its PAGEREF field's result or None)."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    out = []
    for link in root.iter(w("hyperlink")):
        anchor = link.get(w("anchor"))
        if not anchor or not anchor.startswith("_Toc"):
            continue
        texts = [t.text or "" for t in link.iter(w("t"))]
        has_page = any(f"PAGEREF {anchor}" in (i.text or "") for i in link.iter(w("instrText")))
        out.append((texts[0], texts[-1] if has_page else None))
    return out


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_uno
def test_build_docx_fills_the_contents_with_the_pages_libreoffice_counts(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", "docx", str(SMALL), "-o", str(tmp_path)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    assert "sidetall" not in result.stderr
    target = tmp_path / "testby-2024-01.docx"
    entries = _contents(target)
    pages = [int(p) for _, p in entries if p is not None]
    assert len(pages) == len(entries) >= 5
    assert pages == sorted(pages) and pages[0] >= 3  # cover and contents come first
    with zipfile.ZipFile(target) as package:
        document = package.read("word/document.xml").decode()
        settings = package.read("word/settings.xml").decode()
    # every entry links to its heading's bookmark; nothing asks the reader to update fields
    for anchor in {a for a in _anchors(document)}:
        assert f'w:name="{anchor}"' in document
    assert "updateFields" not in settings and "w:dirty" not in document
    # the same input gives the same bytes (LibreOffice counts the same pages every time)
    again = tmp_path / "again"
    result = CliRunner().invoke(cli, ["build", "docx", str(SMALL), "-o", str(again)], catch_exceptions=False)
    assert (again / target.name).read_bytes() == target.read_bytes()


def _anchors(document: str) -> list[str]:
    root = etree.fromstring(document.encode("utf-8"))
    return [a for link in root.iter(w("hyperlink")) if (a := link.get(w("anchor")))]


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_uno
def test_a_run_leaves_no_folder_and_no_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with zipfile.ZipFile(io.BytesIO(_small_docx(tmp_path))) as package:
        assert "word/document.xml" in package.namelist()
    outcome = soffice.run(
        _small_docx(tmp_path), suffix=".docx", timeout=300, update_indexes=True, bookmarks="_Toc"
    )
    assert outcome.indexes_updated and outcome.pages and outcome.page_count
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("planctl-soffice-")]
    assert not _processes_using(tmp_path)


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_uno
def test_libreoffice_starts_once_and_runs_no_first_start_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The private folder as LibreOffice leaves it, kept just before it is removed.
    kept = tmp_path / "kept"
    remove = shutil.rmtree

    def keep_then_remove(path: str | Path, ignore_errors: bool = False) -> None:
        if Path(path).name.startswith("planctl-soffice-"):
            shutil.copytree(path, kept, symlinks=True)
        remove(path, ignore_errors=ignore_errors)

    monkeypatch.setattr("planctl.soffice.shutil.rmtree", keep_then_remove)
    outcome = soffice.run(_small_docx(tmp_path), suffix=".docx", timeout=300, bookmarks="_Toc")
    assert outcome.measured and outcome.pages
    user = kept / "profile" / "user"
    installed = soffice.build_id(soffice.find_soffice() or "")
    assert installed is not None, "this LibreOffice's build id could not be read"
    # LibreOffice kept the extension cache (it cleans it, and restarts, when the build id is not its own)
    assert (user / "extensions" / "buildid").read_text(encoding="utf-8") == installed
    assert "OfficeRestartInProgress" not in (user / "registrymodifications.xcu").read_text(encoding="utf-8")
    # and ran no graphics render tests (they write their log into the profile)
    assert not (user / "GraphicsRenderTests.log").exists()


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_uno
def test_a_libreoffice_started_ahead_counts_the_pages_of_the_document_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    data = _small_docx(tmp_path)
    with soffice.started() as office:
        assert office is not None and not office.used
        outcome = soffice.run(data, suffix=".docx", timeout=300, bookmarks="_Toc", office=office)
        assert office.used
        # once used, a run starts a LibreOffice of its own
        again = soffice.run(data, suffix=".docx", timeout=300, bookmarks="_Toc", office=office)
    assert outcome.measured and outcome.pages and outcome.pages == again.pages
    assert office.process.returncode == 0  # LibreOffice ended by itself, after its job
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("planctl-soffice-")]
    assert not _processes_using(tmp_path)


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_uno
@pytest.mark.parametrize("leave", ["normally", "by-exception", "by-exit"])
def test_a_libreoffice_started_in_vain_is_ended_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, leave: str
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with contextlib.suppress(RuntimeError, SystemExit), soffice.started() as office:
        assert office is not None
        assert office.process.poll() is None and office.job.poll() is None  # both are running
        if leave == "by-exception":
            raise RuntimeError("the build failed")
        if leave == "by-exit":
            sys.exit(1)  # the plan was refused
    assert office.process.returncode == -signal.SIGKILL  # killed, not waited for
    assert office.job.returncode == -signal.SIGKILL
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("planctl-soffice-")]
    assert not _processes_using(tmp_path)


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_uno
def test_the_pdf_is_made_by_a_libreoffice_started_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planctl.check.pipeline import CheckOptions, check_file
    from planctl.document.layout import layout
    from planctl.formats.document.pdf import render_pdf

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    result = check_file(SMALL, CheckOptions(families=("syntax", "integrity")))
    assert result.model is not None
    with soffice.started() as office:
        assert office is not None
        pdf = render_pdf(layout(result.model), office=office)
        assert office.used
    assert pdf.startswith(b"%PDF")
    assert not _processes_using(tmp_path)


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_uno
def test_a_redline_is_counted_by_the_libreoffice_the_diff_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `planctl diff --format docx` starts LibreOffice while it reads and compares the plans, and that one
    # LibreOffice counts the redline's pages (no second one is started).
    import planctl.diff.engine

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    events: list[str] = []
    processes, compare = soffice._uno_processes, planctl.diff.engine.diff_plans

    def started(*args: Any) -> Any:
        events.append("LibreOffice started")
        return processes(*args)

    def compared(*args: Any, **kwargs: Any) -> Any:
        events.append("plans compared")
        return compare(*args, **kwargs)

    monkeypatch.setattr(soffice, "_uno_processes", started)
    monkeypatch.setattr(planctl.diff.engine, "diff_plans", compared)
    fixtures = ROOT / "tests" / "fixtures" / "diff"
    target = tmp_path / "redline.docx"
    sides = [str(fixtures / "v1.yaml"), str(fixtures / "v2.yaml")]
    result = CliRunner().invoke(cli, ["diff", *sides, "--format", "docx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "sidetall" not in result.stderr  # the contents have their page numbers
    pages = [p for _, p in _contents(target) if p is not None]
    assert pages and pages == sorted(pages)
    assert events == ["LibreOffice started", "plans compared"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("planctl-soffice-")]
    assert not _processes_using(tmp_path)


def test_without_libreoffice_nothing_is_started_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("planctl.soffice.shutil.which", lambda name: None)
    with soffice.started() as office:
        assert office is None


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_uno
def test_a_refused_build_leaves_no_libreoffice_and_no_folder(tmp_path: Path) -> None:
    # LibreOffice is started while the plan is checked; the plan has errors, so it is never used.
    temp = tmp_path / "tmp"
    temp.mkdir()
    plan = ROOT / "tests" / "examples" / "rules" / "LAW-GOALS" / "fail.yaml"
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "planctl", "build", "docx", str(plan), "-o", str(tmp_path / "out")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "LAW-GOALS" in result.stderr
    assert not list(temp.iterdir())
    assert not _processes_using(temp)


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_uno
def test_a_build_terminated_while_libreoffice_starts_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    returncode, err = _signalled_once_libreoffice_runs("docx", tmp_path / "out", temp, signal.SIGTERM)
    assert returncode == 128 + signal.SIGTERM
    assert "avsluttet (signal SIGTERM)" in err, err
    assert not _processes_using(temp)
    assert list(temp.iterdir()) == []
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def _small_docx(tmp_path: Path) -> bytes:
    target = tmp_path / "small.docx"
    if not target.exists():
        from planctl.check.pipeline import CheckOptions, check_file
        from planctl.document.layout import layout
        from planctl.formats.word.writer import render_docx

        result = check_file(SMALL, CheckOptions(families=("syntax", "integrity")))
        assert result.model is not None
        target.write_bytes(render_docx(layout(result.model)))
    return target.read_bytes()


def _processes_using(folder: Path) -> list[int]:
    """Processes whose command line names folder (LibreOffice runs with its profile there)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if str(folder).encode() in cmdline:
            found.append(int(entry.name))
    return found


def _signalled_once_libreoffice_runs(fmt: str, out: Path, temp: Path, sig: signal.Signals) -> tuple[int, str]:
    """`planctl build fmt` of the small plan as a real process with its temporary files in temp, sent sig
    as soon as LibreOffice runs there: its exit code and standard error."""
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "planctl", "build", fmt, str(SMALL), "-o", str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not any(p != proc.pid for p in _processes_using(temp)):  # LibreOffice has started
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "LibreOffice did not start"
            time.sleep(0.02)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, err.decode("utf-8", "replace")


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_uno
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_an_interrupted_build_ends_libreoffice_and_removes_its_folder(
    tmp_path: Path, sig: signal.Signals
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    returncode, err = _signalled_once_libreoffice_runs("pdf", tmp_path / "out", temp, sig)
    assert returncode != 0
    assert "Traceback" not in err
    assert not _processes_using(temp)
    assert list(temp.iterdir()) == []
    assert not (tmp_path / "out" / "testby-2024-01.pdf").exists()


def test_a_signal_while_a_process_starts_acts_once_it_has_started(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM that comes while LibreOffice's process starts (inside subprocess.Popen) is handed to the
    caller's handler once the process is in a group that the cleanup knows, so the process is ended: not
    raised inside Popen, after the fork, where no cleanup knew of the process."""
    seen: list[int] = []

    class Stop(Exception):
        pass

    def caller(signum: int, frame: object) -> None:
        seen.append(signum)
        raise Stop

    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def popen(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        proc = real_popen(*args, **kwargs)  # type: ignore[call-overload]
        started.append(proc)
        os.kill(os.getpid(), signal.SIGTERM)  # as the process has been forked and started
        time.sleep(0.05)  # (the handler runs between bytecodes: here it would have raised)
        return proc  # type: ignore[no-any-return]

    previous = signal.signal(signal.SIGTERM, caller)
    try:
        monkeypatch.setattr(subprocess, "Popen", popen)
        with pytest.raises(Stop), soffice._group(["sleep", "30"], Path("/tmp")):
            pytest.fail("the signal acts before the block runs")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen == [signal.SIGTERM]
    assert started and started[0].returncode == -signal.SIGKILL  # ended by the cleanup, not left running
