"""What planctl writes, attacked (issue 14, groups 1, 8 and the modes of 9): `-o` at a device, a FIFO, a
folder or a symlink; `-o -`; the mode of what is written; a document and its compliance report as one
commit on a full disk, under a failing rename, under concurrent builds and under SIGTERM/SIGINT; write
errors (permission denied, disk full, file too large) as one line with the path; an unreadable folder in a
walk. Every command runs as a real process within 20 s and 1.5 GiB (tests/hostile_run.py).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import stat
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.hostile_run import (
    IN_MOUNT_NAMESPACE,
    SKELETON,
    Run,
    can_drop_root,
    can_mount_tmpfs,
    check_clean,
    command,
    error_lines,
    is_root,
    new_files,
    one_line_error,
    planctl,
    snapshot,
    tmpdir_for,
    workspace,
)

pytestmark = pytest.mark.slow

STEM = "eksempel-2026-01"  # the skeleton's id and version: the build's file names

# Commands that take `-o FILE`: (arguments before -o, exit code of a clean run on the skeleton)
OUTPUT_COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "validate": lambda plan: ["validate", str(plan)],
    "validate-json": lambda plan: ["validate", "--format", "json", str(plan)],
    "report": lambda plan: ["report", str(plan)],
    "report-docx": lambda plan: ["report", "--format", "docx", str(plan)],
    "diff": lambda plan: ["diff", str(plan), str(plan)],
    "diff-docx": lambda plan: ["diff", "--format", "docx", str(plan), str(plan)],
}


def _special(kind: str, path: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "char-device":
        # a device node of our own (the null device's numbers) in the test's folder: root can make one,
        # and replacing it on a broken build harms nothing outside the test
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    elif kind == "symlink-to-dev-null":
        path.symlink_to("/dev/null")
    elif kind == "dangling-symlink":
        path.symlink_to(path.parent / "nowhere" / "x")
    elif kind == "folder":
        path.mkdir()


def _kind_of(path: Path) -> str:
    st = path.lstat()
    if stat.S_ISFIFO(st.st_mode):
        return "fifo"
    if stat.S_ISCHR(st.st_mode):
        return "char-device"
    if stat.S_ISLNK(st.st_mode):
        return f"symlink->{os.readlink(path)}"
    if stat.S_ISDIR(st.st_mode):
        return "folder"
    return "regular"


SPECIAL = ["fifo", "symlink-to-dev-null", "dangling-symlink", "folder"] + (
    ["char-device"] if is_root() else []
)


@pytest.mark.parametrize("kind", SPECIAL)
@pytest.mark.parametrize("name", OUTPUT_COMMANDS)
def test_output_is_a_regular_file_or_nothing(name: str, kind: str, tmp_path: Path) -> None:
    """`-o` at anything but a regular file (or a new name) is one line, exit 2, and the thing is left as
    it was: never renamed over (as root, `-o /dev/null` made /dev/null a regular file)."""
    plan = workspace(tmp_path)
    target = tmp_path / "out"
    _special(kind, target)
    before = _kind_of(target)
    tmp = tmpdir_for(tmp_path)
    proc = planctl(*OUTPUT_COMMANDS[name](plan), "-o", str(target), cwd=tmp_path, tmpdir=tmp)
    check_clean(proc, exit_codes=(2,), tmpdir=tmp)
    assert "out" in one_line_error(proc)
    assert _kind_of(target) == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


@pytest.mark.parametrize("name", OUTPUT_COMMANDS)
def test_dash_is_standard_output(name: str, tmp_path: Path) -> None:
    plan = workspace(tmp_path)
    tmp = tmpdir_for(tmp_path)
    before = snapshot(tmp_path)
    proc = planctl(*OUTPUT_COMMANDS[name](plan), "-o", "-", cwd=tmp_path, tmpdir=tmp)
    check_clean(proc, exit_codes=(0,), tmpdir=tmp)  # the temporary folder is left empty
    # (its own time changes when LibreOffice's working folder is made and removed in it: the docx
    # commands count the contents' pages)
    assert new_files(before, tmp_path) - {tmp.name} == set(), "`-o -` wrote a file"
    if name.endswith("docx"):
        assert proc.stdout.startswith("PK"), proc.stdout[:40]  # the .docx itself, on standard output
    else:
        assert proc.stdout.strip()


@pytest.mark.parametrize("name", ["validate", "report-docx"])
def test_a_symlink_to_a_regular_file_is_written_through(name: str, tmp_path: Path) -> None:
    plan = workspace(tmp_path)
    real = tmp_path / "real.out"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.out"
    link.symlink_to(real.name)
    tmp = tmpdir_for(tmp_path)
    proc = planctl(*OUTPUT_COMMANDS[name](plan), "-o", str(link), cwd=tmp_path, tmpdir=tmp)
    check_clean(proc, exit_codes=(0,), tmpdir=tmp)
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_bytes() != b"old\n"


@pytest.mark.parametrize(("fmt", "name"), [("markdown", f"{STEM}.md"), ("docx", f"{STEM}-compliance.docx")])
def test_build_refuses_a_fifo_among_its_outputs(fmt: str, name: str, tmp_path: Path) -> None:
    """A FIFO where build would write is refused; with docx, the document is not written either (the
    pair is one commit)."""
    plan = workspace(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / name)
    tmp = tmpdir_for(tmp_path)
    proc = planctl("build", fmt, str(plan), "-o", str(out), cwd=tmp_path, tmpdir=tmp)
    check_clean(proc, exit_codes=(2,), tmpdir=tmp)
    assert name in one_line_error(proc)
    assert sorted(p.name for p in out.iterdir()) == [name]
    assert _kind_of(out / name) == "fifo"


def test_build_refuses_an_output_folder_that_is_a_fifo(tmp_path: Path) -> None:
    plan = workspace(tmp_path)
    os.mkfifo(tmp_path / "out")
    tmp = tmpdir_for(tmp_path)
    proc = planctl("build", "markdown", str(plan), "-o", str(tmp_path / "out"), cwd=tmp_path, tmpdir=tmp)
    check_clean(proc, exit_codes=(2,), tmpdir=tmp)
    assert _kind_of(tmp_path / "out") == "fifo"


# --- modes -----------------------------------------------------------------------------------------------

# Every command that writes a file: (arguments, the files it writes, relative to tmp_path)
WRITERS: dict[str, tuple[Callable[[Path], list[str]], list[str]]] = {
    "validate": (lambda plan: ["validate", str(plan), "-o", "out/r.txt"], ["out/r.txt"]),
    "report": (lambda plan: ["report", str(plan), "-o", "out/r.md", "--format", "markdown"], ["out/r.md"]),
    "diff": (
        lambda plan: ["diff", str(plan), str(plan), "-o", "out/d.json", "--format", "json"],
        ["out/d.json"],
    ),
    "build-docx": (
        lambda plan: ["build", "docx", str(plan), "-o", "out"],
        [f"out/{STEM}.docx", f"out/{STEM}-compliance.docx"],
    ),
    "build-markdown": (lambda plan: ["build", "markdown", str(plan), "-o", "out"], [f"out/{STEM}.md"]),
    "init": (lambda plan: ["init", "out/new"], ["out/new/plan.yaml"]),
}


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
@pytest.mark.parametrize("name", WRITERS)
def test_new_files_get_the_umask_mode(name: str, umask: int, tmp_path: Path) -> None:
    """A new file gets 0666 less the umask, as any program's: 0644 under 022 (not 0600 whatever the
    umask)."""
    plan = workspace(tmp_path)
    (tmp_path / "out").mkdir()
    args, outputs = WRITERS[name]
    tmp = tmpdir_for(tmp_path)
    proc = planctl(*args(plan), cwd=tmp_path, tmpdir=tmp, how=Run(umask=umask))
    check_clean(proc, exit_codes=(0,), tmpdir=tmp)
    for output in outputs:
        assert stat.S_IMODE((tmp_path / output).stat().st_mode) == 0o666 & ~umask, output


@pytest.mark.parametrize("name", [n for n in WRITERS if n != "init"])
def test_replacing_a_file_keeps_its_mode(name: str, tmp_path: Path) -> None:
    plan = workspace(tmp_path)
    (tmp_path / "out").mkdir()
    args, outputs = WRITERS[name]
    for output in outputs:
        (tmp_path / output).write_text("old\n", encoding="utf-8")
        os.chmod(tmp_path / output, 0o664)
    tmp = tmpdir_for(tmp_path)
    proc = planctl(*args(plan), cwd=tmp_path, tmpdir=tmp, how=Run(umask=0o077))
    check_clean(proc, exit_codes=(0,), tmpdir=tmp)
    for output in outputs:
        assert (tmp_path / output).read_bytes() != b"old\n"
        assert stat.S_IMODE((tmp_path / output).stat().st_mode) == 0o664, output


# --- write errors ----------------------------------------------------------------------------------------

needs_plain_user = pytest.mark.skipif(not can_drop_root(), reason="root without user namespaces (unshare)")
needs_tmpfs = pytest.mark.skipif(not can_mount_tmpfs(), reason="no user/mount namespaces to mount a tmpfs")


@needs_plain_user
@pytest.mark.parametrize("name", WRITERS)
def test_permission_denied_is_one_line_with_the_path(name: str, tmp_path: Path) -> None:
    plan = workspace(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    os.chmod(out, 0o555)
    args, _outputs = WRITERS[name]
    tmp = tmpdir_for(tmp_path)
    os.chmod(tmp, 0o777)
    proc = planctl(*args(plan), cwd=tmp_path, tmpdir=tmp, how=Run(unprivileged=True))
    check_clean(proc, exit_codes=(2,), tmpdir=tmp)
    line = one_line_error(proc)
    assert "out/" in line and "Permission denied" in line, line
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("name", ["validate", "report", "build-docx", "build-markdown", "init"])
def test_file_too_large_is_one_line_with_the_path(name: str, tmp_path: Path) -> None:
    """A write past RLIMIT_FSIZE (a quota, a file-size limit): EFBIG, named with the path; nothing left."""
    plan = workspace(tmp_path)
    (tmp_path / "out").mkdir()
    args, _outputs = WRITERS[name]
    tmp = tmpdir_for(tmp_path)
    # larger than the plan (read) and the interpreter's own files, smaller than what the command writes
    proc = planctl(*args(plan), cwd=tmp_path, tmpdir=tmp, how=Run(file_size=64))
    # build docx may say first that LibreOffice could not count the contents' pages (it hit the limit too)
    check_clean(proc, exit_codes=(2,), tmpdir=tmp, one_line=name != "build-docx")
    *notices, line = error_lines(proc)
    assert "out/" in line and "File too large" in line, line
    assert len(notices) <= (1 if name == "build-docx" else 0), notices
    assert [p.name for p in (tmp_path / "out").rglob("*") if p.is_file()] == []


@needs_tmpfs
@pytest.mark.parametrize("name", ["validate", "report", "diff", "build-docx", "build-markdown", "init"])
def test_disk_full_is_one_line_with_the_path(name: str, tmp_path: Path) -> None:
    plan = workspace(tmp_path)
    (tmp_path / "out").mkdir()
    args, _outputs = WRITERS[name]
    tmp = tmpdir_for(tmp_path)
    proc = planctl(*args(plan), cwd=tmp_path, tmpdir=tmp, how=Run(full_disk=tmp_path / "out"))
    check_clean(proc, exit_codes=(2,), tmpdir=tmp)
    line = one_line_error(proc)
    assert "out/" in line and "No space left on device" in line, line


# --- the document and its compliance report are one commit ---------------------------------------------


def _build_pair(tmp_path: Path, title: str) -> tuple[Path, Path]:
    """Build the skeleton (its title replaced) into tmp_path/out: the plan and the folder."""
    plan = workspace(tmp_path, SKELETON.replace("title: Plan", f"title: {title}", 1))
    return plan, tmp_path / "out"


def _pair(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _docx_text(data: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode("utf-8")


@needs_tmpfs
def test_a_full_disk_changes_neither_file_of_the_pair(tmp_path: Path) -> None:
    """The disk fills while the compliance report is written, after the document was: neither changes
    (before: the new document stood beside the old report)."""
    plan, out = _build_pair(tmp_path, "Gammel plan")
    tmp = tmpdir_for(tmp_path)
    check_clean(
        planctl("build", "docx", str(plan), "-o", str(out), cwd=tmp_path, tmpdir=tmp), exit_codes=(0,)
    )
    old = _pair(out)
    plan.write_text(SKELETON.replace("title: Plan", "title: Ny plan " + "x" * 50, 1), encoding="utf-8")
    # room for the old pair, the new document and half the new report: the report's temporary file fills it
    size = (
        sum(len(v) for v in old.values())
        + len(old[f"{STEM}.docx"])
        + len(old[f"{STEM}-compliance.docx"]) // 2
    )
    stage = tmp_path / "stage"  # the old pair, copied onto the small disk before the build
    shutil.copytree(out, stage)
    result = tmp_path / "result"
    script = (
        'mount -t tmpfs -o size="$1" tmpfs "$2" && cp -a "$3"/. "$2"/ && shift 3 && "$@"; rc=$?; '
        f'cp -a "{out}"/. "{result}"/; exit $rc'
    )
    result.mkdir()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TMPDIR": str(tmp)}
    proc = subprocess.run(
        [
            *IN_MOUNT_NAMESPACE,
            script,
            "sh",
            str(size),
            str(out),
            str(stage),
            *command(["build", "docx", str(plan), "-o", str(out)], Run()),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env=env,
        check=False,
    )
    check_clean(proc, exit_codes=(2,), tmpdir=tmp)
    assert "No space left on device" in proc.stderr, proc.stderr
    assert _pair(result) == old, "the pair changed, or a temporary file was left"


def test_a_failed_rename_changes_neither_file_of_the_pair(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The document is renamed into place, the report's rename fails: the document is put back."""
    from planctl.cli.main import main
    from planctl.formats import output

    plan, out = _build_pair(tmp_path, "Gammel plan")
    with pytest.raises(SystemExit):
        main(["build", "docx", str(plan), "-o", str(out)])
    old = _pair(out)
    plan.write_text(SKELETON.replace("title: Plan", "title: Ny plan", 1), encoding="utf-8")
    real_replace = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if str(dst).endswith("-compliance.docx"):
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(SystemExit) as exc:
        main(["build", "docx", str(plan), "-o", str(out)])
    assert exc.value.code == 2
    assert "Input/output error" in capsys.readouterr().err
    assert _pair(out) == old


@contextmanager
def _holding(folder: Path) -> Iterator[None]:
    """The output folder's commit lock held by the test (formats.output locks the folder with flock)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _start_build(plan: Path, out: Path, tmp: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TMPDIR": str(tmp)}
    return subprocess.Popen(
        command(["build", "docx", str(plan), "-o", str(out)], Run()),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for_staged(proc: subprocess.Popen[str], out: Path, count: int) -> None:
    """Until `count` temporary files stand in out (the build waits for the lock with its pair staged);
    fails when the build ends first (it did not wait: nothing holds the pair together)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if len([p for p in out.iterdir() if p.name.endswith(".tmp")]) >= count:
            return
        if proc.poll() is not None:
            out_, err = proc.communicate()
            pytest.fail(f"the build finished without waiting for the folder's lock: {out_} {err}")
        time.sleep(0.05)
    proc.kill()
    pytest.fail("the build never staged its files")


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGHUP, 129)]
)
def test_a_signal_before_the_commit_leaves_the_old_pair_and_no_temporary_files(
    signum: int, code: int, tmp_path: Path
) -> None:
    plan, out = _build_pair(tmp_path, "Gammel plan")
    tmp = tmpdir_for(tmp_path)
    check_clean(
        planctl("build", "docx", str(plan), "-o", str(out), cwd=tmp_path, tmpdir=tmp), exit_codes=(0,)
    )
    old = _pair(out)
    plan.write_text(SKELETON.replace("title: Plan", "title: Ny plan", 1), encoding="utf-8")
    with _holding(out):
        proc = _start_build(plan, out, tmp)
        _wait_for_staged(proc, out, 2)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == code, err
    assert "Traceback" not in err and "internal error" not in err
    assert _pair(out) == old
    assert list(tmp.iterdir()) == []


def test_concurrent_builds_leave_one_runs_pair(tmp_path: Path) -> None:
    """Two builds of the same plan into one folder: the document and the report that stay are one run's."""
    plan_a = workspace(tmp_path / "a", SKELETON.replace("title: Plan", "title: Versjon A", 1))
    plan_b = workspace(tmp_path / "b", SKELETON.replace("title: Plan", "title: Versjon B", 1))
    out = tmp_path / "out"
    out.mkdir()
    tmp = tmpdir_for(tmp_path)
    with _holding(out):
        runs = [_start_build(plan_a, out, tmp), _start_build(plan_b, out, tmp)]
        _wait_for_staged(runs[0], out, 4)
    for proc in runs:
        proc.communicate(timeout=30)
        assert proc.returncode == 0
    pair = _pair(out)
    assert sorted(pair) == [f"{STEM}-compliance.docx", f"{STEM}.docx"]
    doc = _docx_text(pair[f"{STEM}.docx"])
    report = _docx_text(pair[f"{STEM}-compliance.docx"])
    versions = {v for v in ("Versjon A", "Versjon B") if v in doc}
    assert len(versions) == 1 and versions <= {v for v in ("Versjon A", "Versjon B") if v in report}


@pytest.mark.libreoffice
def test_build_pdf_interrupted_removes_libreoffice_folders(tmp_path: Path) -> None:
    """SIGTERM while LibreOffice converts: planctl exits 143, LibreOffice's processes end with it, and
    its private folder and profile in TMPDIR are removed."""
    plan = workspace(tmp_path)
    out = tmp_path / "out"
    tmp = tmpdir_for(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TMPDIR": str(tmp)}
    proc = subprocess.Popen(
        command(["build", "pdf", str(plan), "-o", str(out)], Run()),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        # LibreOffice's own process (soffice.bin, the child of its launcher) is running: the moment a
        # signal must end more than the process planctl started
        while (
            time.monotonic() < deadline and proc.poll() is None and not _office_processes(tmp, b"soffice.bin")
        ):
            time.sleep(0.05)
        assert proc.poll() is None, "the build ended before LibreOffice started"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 143, err
        deadline = time.monotonic() + 10  # LibreOffice's processes end with planctl's
        while time.monotonic() < deadline and (_office_processes(tmp) or any(tmp.iterdir())):
            time.sleep(0.1)
        assert _office_processes(tmp) == [], "LibreOffice outlived planctl"
        assert list(tmp.iterdir()) == []
        assert not out.exists() or list(out.iterdir()) == []
    finally:
        for pid in _office_processes(tmp):  # never leave a LibreOffice behind, whatever the outcome
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _office_processes(tmp: Path, name: bytes = b"soffice") -> list[int]:
    """LibreOffice processes (their program's name holds `name`) whose profile is in tmp."""
    profile = f"-env:UserInstallation=file://{tmp}/".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        program = cmdline.split(b"\0", 1)[0]
        if profile in cmdline and (name in program or b"oosplash" in program):
            found.append(int(entry.name))
    return found


# --- folder walks ----------------------------------------------------------------------------------------


@needs_plain_user
def test_an_unreadable_folder_in_a_walk_is_an_error(tmp_path: Path) -> None:
    """validate plans/ with a folder it cannot read: an error naming it, exit 2 (was: skipped, exit 0)."""
    plan = workspace(tmp_path)
    hidden = plan.parent.parent / "q"
    hidden.mkdir()
    (hidden / "plan.yaml").write_text(SKELETON, encoding="utf-8")
    os.chmod(hidden, 0)
    tmp = tmpdir_for(tmp_path)
    os.chmod(tmp, 0o777)
    try:
        proc = planctl(
            "validate", str(plan.parent.parent), cwd=tmp_path, tmpdir=tmp, how=Run(unprivileged=True)
        )
    finally:
        os.chmod(hidden, 0o755)
    check_clean(proc, exit_codes=(2,), tmpdir=tmp)
    assert "plans/q" in one_line_error(proc) and "Permission denied" in proc.stdout
