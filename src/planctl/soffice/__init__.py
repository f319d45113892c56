"""LibreOffice headless, the one way planctl runs it: the PDF of the council document, the page numbers of
its table of contents, and reading .odt/.doc/.rtf in `planctl import`.

Every run gets a private temporary folder with a fresh LibreOffice profile (parallel runs do not lock each
other out; nothing of the user's profile is read or changed) whose settings never update links, never run
macros, block images linked from other sites and send any web request to a proxy that does not exist (so
a hostile document cannot make LibreOffice fetch anything), and which looks already started by this
LibreOffice, so that it skips what a first start does (`_LAST_VERSION_SEEN`). LibreOffice runs in a
process group of its own, with no standard input and a time limit; the group is ended and the folder
removed when the run ends, also when planctl is interrupted (SIGINT) or terminated (SIGTERM, SIGHUP).
A caller that knows early that it will need LibreOffice can have it `started` while it does other work,
and give it to `run` when the document is ready.

With LibreOffice's Python bridge (python3-uno, importable by the system Python only), the work is done
through UNO by `unojob.py`, run with that Python: indexes updated, pages of bookmarks read, the document
exported with its filter's options. Without the bridge a plain conversion still works (`soffice
--convert-to`), but nothing can be updated or measured: `Outcome.indexes_updated` says which happened.
The caller words the error; this module says only why LibreOffice failed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from planctl.records import record

if TYPE_CHECKING:
    import subprocess

UNO_JOB = Path(__file__).with_name("unojob.py")
STOP_SECONDS = 20  # for LibreOffice to end after its job before its process group is killed
_PROBE_SECONDS = 20

# A first start of LibreOffice with a new profile (and every run's profile is new) does work no run needs,
# twice over; measured with LibreOffice 7.4 on Søndre Land's council document, CPU of the whole run 1.85 s
# before, 0.90 s after (the same pages, the same bytes):
# - it runs its graphics render tests (vcl's GraphicsRenderTests: ~0.8 s of CPU, ~1 GB of memory touched)
#   when the profile's last version (ooSetupLastVersion, "major.minor") is older than its own. A version
#   newer than any LibreOffice's reads as "this version has started here before";
# - it cleans the profile's extension cache when user/extensions/buildid does not hold its build id, and
#   then restarts itself (exit 81, which its launcher answers by starting it again). `prepare_profile`
#   writes the installation's own build id there (`build_id`), which saves the second start.
_LAST_VERSION_SEEN = "9999.9"

# The fresh profile's settings (registrymodifications.xcu): (path, property, value).
_PROFILE_SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "0"),  # 0: never update links
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "1"),  # 1: never (Calc counts apart)
    ("/org.openoffice.Inet/Settings", "ooInetProxyType", "2"),  # manual: the proxy below
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyName", "proxy.invalid"),  # RFC 2606
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", "proxy.invalid"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
    ("/org.openoffice.Office.Common/Misc", "UseLocking", "false"),
    ("/org.openoffice.Setup/Product", "ooSetupLastVersion", _LAST_VERSION_SEEN),
)


class ConversionFailed(Exception):
    """LibreOffice could not do the job: the reason, in LibreOffice's own last line or ours."""


@record(frozen=True)
class Export:
    """What to store the document as: a LibreOffice filter, the suffix of the file it writes and the
    filter's options (FilterData), e.g. tagged PDF."""

    filter: str
    suffix: str
    options: tuple[tuple[str, bool | int | str], ...] = ()

    def convert_to(self) -> str:
        """The same as an argument of `soffice --convert-to` (suffix:filter:JSON options)."""
        target = f"{self.suffix.lstrip('.')}:{self.filter}"
        if not self.options:
            return target
        kinds = {bool: "boolean", int: "long", str: "string"}
        options = {
            k: {"type": kinds[type(v)], "value": str(v).lower() if isinstance(v, bool) else v}
            for k, v in self.options
        }
        return f"{target}:{json.dumps(options, separators=(',', ':'))}"


@record(frozen=True)
class Outcome:
    """What a run gave: the exported file, the page of each bookmark asked for and the page count (when
    LibreOffice could be asked: measured), and whether the indexes were updated."""

    data: bytes | None
    pages: dict[str, int] = field(default_factory=dict)
    page_count: int | None = None
    indexes_updated: bool = False
    measured: bool = False  # LibreOffice's Python bridge ran the job: pages and page_count are its answer


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def find_uno_python(soffice: str | None = None) -> str | None:
    """A Python that can `import uno`: LibreOffice's own (Windows, macOS bundles) or the system's."""
    soffice = soffice or find_soffice()
    if soffice is None:
        return None
    program = Path(soffice).resolve().parent
    candidates = [program / "python", program / "python.exe", Path("/usr/bin/python3")]
    return _probe(tuple(str(c) for c in candidates if c.is_file()))


@lru_cache(maxsize=8)
def build_id(soffice: str) -> str | None:
    """The build id of the LibreOffice installation soffice belongs to (its version file's `buildid`, e.g.
    "40(Build:2)"), as LibreOffice compares it with a profile's user/extensions/buildid; None when it
    cannot be read as it is written (a missing file, a value that names other settings)."""
    program = Path(soffice).resolve().parent  # program/ (Linux, Windows), Contents/MacOS/ (macOS)
    files = (program / "versionrc", program / "version.ini", program.parent / "Resources" / "versionrc")
    for file in files:
        try:
            lines = file.read_text(encoding="utf-8-sig").splitlines()  # (a BOM, as Windows editors write)
        except (OSError, UnicodeDecodeError):
            continue
        for line in lines:
            key, sep, value = line.partition("=")
            if sep and key.strip() == "buildid":
                value = value.strip()
                return value if value and "$" not in value else None
        return None
    return None


@lru_cache(maxsize=8)
def _probe(candidates: tuple[str, ...]) -> str | None:
    import subprocess  # start-up: loaded only when LibreOffice runs (every build asks find_soffice)

    for candidate in candidates:
        try:
            probe = subprocess.run(
                [candidate, "-c", "import uno"],
                capture_output=True,
                timeout=_PROBE_SECONDS,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return candidate
    return None


def run(
    data: bytes,
    *,
    suffix: str,
    timeout: float,
    export: Export | None = None,
    update_indexes: bool = False,
    bookmarks: str | None = None,
    keywords: tuple[str, ...] | None = None,
    office: Started | None = None,
) -> Outcome:
    """Open `data` (a file ending in `suffix`) in LibreOffice; update its indexes, read the pages of the
    bookmarks whose names start with `bookmarks`, set its keywords (each kept whole) and store it with
    `export`, as far as asked and possible. office: a LibreOffice `started` ahead for this run (it is
    used once; without it, or once used, LibreOffice is started now).
    ConversionFailed when LibreOffice is missing, fails or times out; without its Python bridge only an
    export is done (nothing updated or measured)."""
    if office is not None and not office.used:
        office.used = True
        with _os_errors_as_failure():
            request, target = _request(
                office.folder, data, suffix, export, update_indexes, bookmarks, keywords
            )
            return _outcome(_answer(office.job, request, timeout), target, update_indexes)
    soffice = find_soffice()
    if soffice is None:
        raise ConversionFailed("LibreOffice (soffice) is not installed")
    python = find_uno_python(soffice)
    with _os_errors_as_failure(), _interruptible(), _private_folder(soffice) as folder:
        if python is None:
            source = folder / f"input{suffix}"
            source.write_bytes(data)
            if export is None:
                return Outcome(None)
            _convert_to(soffice, folder, source, export, timeout)
            return Outcome(_read(folder / "out" / f"input{export.suffix}"))
        request, target = _request(folder, data, suffix, export, update_indexes, bookmarks, keywords)
        with _uno_processes(soffice, python, folder) as (_, job):
            answer = _answer(job, request, timeout)
        return _outcome(answer, target, update_indexes)


class Started:
    """LibreOffice and the job that drives it through UNO, started before the document they are for
    exists (`started`), so that LibreOffice starts while planctl checks, lays out and writes the plan."""

    def __init__(self, folder: Path, process: subprocess.Popen[bytes], job: subprocess.Popen[bytes]) -> None:
        self.folder = folder
        self.process = process  # LibreOffice's
        self.job = job
        self.used = False  # run() was given it (once: a LibreOffice does one job)


@contextlib.contextmanager
def started() -> Iterator[Started | None]:
    """LibreOffice started now for one `run(..., office=)` later in the block, or None when it cannot be
    (not installed, no Python bridge, a failure to start: run() then starts its own, or says why not).
    When the block is left LibreOffice is ended and its folder removed; if run() was never given it, at
    once (it was started in vain: the plan was refused, or its document is not laid out)."""
    soffice = find_soffice()
    python = find_uno_python(soffice) if soffice is not None else None
    if soffice is None or python is None:
        yield None
        return
    with contextlib.ExitStack() as stack:
        office: Started | None = None
        try:
            stack.enter_context(_interruptible())
            folder = stack.enter_context(_private_folder(soffice))
            office = Started(folder, *stack.enter_context(_uno_processes(soffice, python, folder)))
        except (ConversionFailed, OSError):
            pass
        try:
            yield office
        finally:
            if office is not None and not office.used:
                for proc in (office.job, office.process):
                    _end(proc, 0)


def _request(
    folder: Path,
    data: bytes,
    suffix: str,
    export: Export | None,
    update_indexes: bool,
    bookmarks: str | None,
    keywords: tuple[str, ...] | None,
) -> tuple[dict[str, object], Path | None]:
    """The UNO job's request for data, written into folder, and the file an export is stored in."""
    source = folder / f"input{suffix}"
    source.write_bytes(data)
    request: dict[str, object] = {"src": str(source), "update_indexes": update_indexes}
    if bookmarks is not None:
        request["bookmarks"] = bookmarks
    if keywords is not None:
        request["keywords"] = list(keywords)
    target = None
    if export is not None:
        target = folder / "out" / f"input{export.suffix}"
        target.parent.mkdir()
        request["export"] = {"out": str(target), "filter": export.filter, "data": dict(export.options)}
    return request, target


def _outcome(answer: dict[str, object], target: Path | None, update_indexes: bool) -> Outcome:
    pages = answer.get("pages")
    count = answer.get("page_count")
    return Outcome(
        _read(target) if target is not None else None,
        {str(k): int(v) for k, v in pages.items()} if isinstance(pages, dict) else {},
        count if isinstance(count, int) else None,
        indexes_updated=bool(update_indexes),
        measured=True,
    )


def convert(data: bytes, *, suffix: str, to: str, produces: str, timeout: float) -> bytes:
    """`data` (a file ending in `suffix`) stored as `to` ("docx:MS Word 2007 XML": the suffix and filter,
    as `soffice --convert-to` takes them), a file ending in `produces`: the bytes of the result."""
    export = Export(to.partition(":")[2] or to, produces)
    outcome = run(data, suffix=suffix, timeout=timeout, export=export)
    assert outcome.data is not None  # run gives the exported file or raises
    return outcome.data


# ---- running LibreOffice ----------------------------------------------------------------------------


def _base_command(soffice: str, folder: Path) -> list[str]:
    return [
        soffice,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
    ]


def _environment(folder: Path) -> dict[str, str]:
    """LibreOffice writes nothing into the user's home, and its temporary files into the private folder
    (removed with it, also when LibreOffice is killed)."""
    tmp = str(folder / "tmp")
    return dict(os.environ, HOME=str(folder), TMPDIR=tmp, TMP=tmp, TEMP=tmp)


def _convert_to(soffice: str, folder: Path, source: Path, export: Export, timeout: float) -> None:
    import subprocess  # start-up: loaded only when LibreOffice runs (every build asks find_soffice)

    cmd = [
        *_base_command(soffice, folder),
        "--convert-to",
        export.convert_to(),
        "--outdir",
        str(folder / "out"),
        str(source),
    ]
    with _group(cmd, folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"timeout after {timeout:g} s") from None
    if proc.returncode != 0:
        lines = (err or out).decode("utf-8", "replace").strip().splitlines()
        raise ConversionFailed(lines[-1] if lines else f"exit {proc.returncode}")


@contextlib.contextmanager
def _uno_processes(
    soffice: str, python: str, folder: Path
) -> Iterator[tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]]:
    """LibreOffice listening on a pipe of its own and the UNO job (unojob.py), which connects to it and
    then waits for its request on its standard input: (LibreOffice, the job), ended when the block is
    left (LibreOffice ends by itself once the job is done)."""
    import subprocess  # start-up: loaded only when LibreOffice runs (every build asks find_soffice)

    pipe = f"planctl-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    office_cmd = [*_base_command(soffice, folder), f"--accept=pipe,name={pipe};urp;"]
    with (
        _group(office_cmd, folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as office,
        _group(
            [python, str(UNO_JOB), pipe],
            folder,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as job,
    ):
        yield office, job


def _answer(job: subprocess.Popen[bytes], request: dict[str, object], timeout: float) -> dict[str, object]:
    """The UNO job's answer to request (ConversionFailed when it failed, gave none, or took longer than
    timeout seconds)."""
    import subprocess  # start-up: loaded only when LibreOffice runs (every build asks find_soffice)

    try:
        out, err = job.communicate(json.dumps(request).encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ConversionFailed(f"timeout after {timeout:g} s") from None
    try:
        answer = json.loads(out.decode("utf-8").strip().splitlines()[-1])
    except (ValueError, IndexError):
        lines = err.decode("utf-8", "replace").strip().splitlines()
        raise ConversionFailed(lines[-1] if lines else f"exit {job.returncode}") from None
    if not isinstance(answer, dict) or not answer.get("ok"):
        reason = answer.get("error") if isinstance(answer, dict) else None
        raise ConversionFailed(str(reason or "no answer"))
    return answer


@contextlib.contextmanager
def _group(cmd: Sequence[str], folder: Path, **streams: int) -> Iterator[subprocess.Popen[bytes]]:
    """A process in a process group of its own, ended (the whole group) when the block is left."""
    import subprocess  # start-up: loaded only when LibreOffice runs (every build asks find_soffice)

    streams.setdefault("stdin", subprocess.DEVNULL)
    held = _Held()
    try:
        proc = subprocess.Popen(
            list(cmd),
            env=_environment(folder),
            start_new_session=True,
            **streams,  # type: ignore[call-overload]
        )
    except BaseException as exc:
        held.release()
        if isinstance(exc, OSError):
            raise ConversionFailed(str(exc.strerror or exc)) from None
        raise
    try:
        held.release()  # a signal that came while the process started acts now, where it ends the process
        yield proc
    except BaseException:
        _end(proc, 0)  # interrupted, timed out or failed: nothing to wait for
        raise
    _end(proc, STOP_SECONDS)


class _Held:
    """The signals that end planctl (SIGINT, SIGTERM, SIGHUP) held back while a process starts, and acted
    on once it has (`release`): a signal whose handler raised inside subprocess.Popen, after the fork, left
    a process that no cleanup knew of (a CI run found an interrupted build's LibreOffice, or its folder,
    left behind). Only the main thread handles signals; elsewhere nothing is held."""

    def __init__(self) -> None:
        self.caught: list[tuple[int, object]] = []
        self.previous: dict[int, object] = {}
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(sig) is not None:  # (None: a handler not set from Python, left alone)
                self.previous[sig] = signal.signal(sig, self._hold)

    def _hold(self, signum: int, frame: object) -> None:
        self.caught.append((signum, frame))

    def release(self) -> None:
        """The handlers put back, and the first signal held handed to its handler (its exception raised
        here; a signal left to its default action sent again)."""
        previous, self.previous = self.previous, {}
        for sig, handler in previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
        if not self.caught:
            return
        signum, frame = self.caught[0]
        handler = previous.get(signum)
        if callable(handler):
            handler(signum, frame)
        elif handler == signal.SIG_DFL:
            os.kill(os.getpid(), signum)


def _end(proc: subprocess.Popen[bytes], grace: float) -> None:
    """Wait up to grace seconds for the process to end by itself, then kill its whole process group."""
    deadline = time.monotonic() + grace
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    _kill_group(proc.pid, rounds=1 if grace else 3)  # soffice.bin and anything else it started
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    if not grace:
        _until_ended(proc.pid)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def _kill_group(group: int, *, rounds: int) -> None:
    """SIGKILL to a process group, sent again (up to rounds times in all, 10 ms apart) while it has a
    process. A process that a shell of the group was forking when the signal came can miss it: seen
    under load, the soffice launcher's subshell outlived a LibreOffice ended just after its start, so a
    group ended at once (not waited for) gets three rounds. A group that ended by itself gets one: what is
    left of it is often only zombies (LibreOffice's gpg helpers, orphaned, wait for a reaper that a
    container's first process may never be), which every round would find again."""
    for attempt in range(rounds):
        if attempt:
            time.sleep(0.01)
        try:
            os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            return


@contextlib.contextmanager
def _os_errors_as_failure() -> Iterator[None]:
    """What the private folder cannot hold (a full disk, a file-size limit, no permission) fails the
    conversion with the reason, as LibreOffice's own failures do (never an internal error)."""
    try:
        yield
    except OSError as exc:
        raise ConversionFailed(str(exc.strerror or exc)) from None


# How long a group ended at once is waited for until nothing of it runs (`_until_ended`).
_ENDED_SECONDS = 2.0


def _until_ended(group: int) -> None:
    """Where the system shows its processes (/proc), wait (at most _ENDED_SECONDS) until every process of
    the group is dead, sending SIGKILL again while one is not: a group ended at once (an interrupted or
    failed run) is not left with a LibreOffice that is still running, or still dying, when planctl
    returns or exits. Dead means a zombie: LibreOffice's orphaned helpers stay zombies where the first
    process reaps none (a container's)."""
    deadline = time.monotonic() + _ENDED_SECONDS
    while _running_in(group) and time.monotonic() < deadline:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, signal.SIGKILL)
        time.sleep(0.01)


def _running_in(group: int) -> bool:
    """Whether a process of the group is not yet a zombie (False where /proc cannot tell)."""
    try:
        entries = os.listdir("/proc")
    except OSError:
        return False
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if len(fields) > 2 and int(fields[2]) == group and fields[0] not in (b"Z", b"X"):
            return True
    return False


@contextlib.contextmanager
def _private_folder(soffice: str) -> Iterator[Path]:
    import tempfile  # start-up: loaded only when LibreOffice runs (every build asks find_soffice)

    folder = Path(tempfile.mkdtemp(prefix="planctl-soffice-"))
    try:
        (folder / "tmp").mkdir()
        prepare_profile(folder / "profile", soffice)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def prepare_profile(profile: Path, soffice: str) -> None:
    """A new LibreOffice profile in the folder profile (-env:UserInstallation), for the LibreOffice that
    soffice starts: locked down (`_PROFILE_SETTINGS`) and looking already started by that LibreOffice
    (`_LAST_VERSION_SEEN`, `build_id`)."""
    user = profile / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(_settings(), encoding="utf-8")
    installed = build_id(soffice)
    if installed is not None:  # (without it LibreOffice cleans the cache and starts twice)
        (user / "extensions").mkdir()
        (user / "extensions" / "buildid").write_text(installed, encoding="utf-8")


def _settings() -> str:
    items = "\n".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
        for path, name, value in _PROFILE_SETTINGS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}\n</oor:items>\n"
    )


def _read(target: Path | None) -> bytes:
    if target is None or not target.is_file():
        raise ConversionFailed("LibreOffice wrote no file")
    return target.read_bytes()


class _Terminated(SystemExit):
    """planctl was asked to end (SIGTERM, SIGHUP) while LibreOffice ran: leave through every cleanup."""


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """SIGTERM and SIGHUP end planctl through its cleanups (as SIGINT does by raising KeyboardInterrupt),
    so LibreOffice's process group is ended and the temporary folder removed. A signal the caller already
    handles stays the caller's (planctl's command line raises its own exception, and says so); only the
    main thread can set signal handlers, elsewhere the caller's own handling stands."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise _Terminated(128 + signum)

    previous = {
        sig: signal.signal(sig, stop)
        for sig in (signal.SIGTERM, signal.SIGHUP)
        if signal.getsignal(sig) in (signal.SIG_DFL, None)
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
