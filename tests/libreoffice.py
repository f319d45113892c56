"""LibreOffice for the tests: one headless soffice per test session, documents converted through UNO.

Starting LibreOffice costs seconds; converting a document in a running one costs a fraction of that. The
session fixture `libreoffice` starts one soffice with a private profile listening on a named pipe, and one
small UNO client (tests/lo_uno_client.py) that runs under the system Python, the only one with LibreOffice's
bridge (python3-uno), and takes conversion requests over its standard input. Both end with the session.

A test that uses the fixture is marked `libreoffice` (tests/conftest.py adds the mark). Without soffice or
python3-uno the fixture skips, naming what is missing. Tests of `planctl build pdf` do not use it: they test
planctl's own conversion.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

from planctl.soffice import prepare_profile

CLIENT = Path(__file__).with_name("lo_uno_client.py")
START_SECONDS = 120  # a first start with a fresh profile on a loaded two-core machine
REQUEST_SECONDS = 300
STOP_SECONDS = 30
ATTEMPTS = 3  # a request LibreOffice fails for its own reasons (see _LIBREOFFICE_FLAKES), each in a fresh one

# Export filters (name, options) for LibreOffice.convert.
TEXT = ("Text (encoded)", "UTF8,LF")
PDF = ("writer_pdf_Export", "")
ODT = ("writer8", "")
DOCX = ("MS Word 2007 XML", "")

Changes = Literal["accept", "reject"] | None


@dataclass(frozen=True)
class Conversion:
    """What LibreOffice saw: tracked changes before and after `changes` was applied."""

    before: int
    after: int


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def find_uno_python() -> str | None:
    """A Python that can `import uno` (Debian's python3-uno is for /usr/bin/python3 only)."""
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and Path(candidate).exists():
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True, check=False)
            if probe.returncode == 0:
                return candidate
    return None


class _Office:
    """One soffice process and the UNO client connected to it."""

    def __init__(self, soffice: str, python: str, folder: Path) -> None:
        self.folder = folder
        self.log = folder / "client-stderr.txt"
        pipe = f"planctl-tests-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        env = {**os.environ, "HOME": str(folder)}  # LibreOffice writes nothing into the developer's home
        # planctl's locked-down profile, which also spares LibreOffice its first-start work (its graphics
        # render tests and a second start)
        prepare_profile(folder / "profile", soffice)
        self.soffice = subprocess.Popen(
            [
                soffice,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--invisible",
                "--nologo",
                "--norestore",
                "--nodefault",
                f"--accept=pipe,name={pipe};urp;",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # its own process group: stop() can end soffice.bin with it
        )
        with self.log.open("w") as log:
            self.client = subprocess.Popen(
                [python, str(CLIENT), pipe],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                encoding="utf-8",
                env=env,
            )
        ready = self._read(START_SECONDS)
        if ready != {"ready": True}:
            self.stop()
            raise RuntimeError(f"LibreOffice did not start: {ready}")

    def _read(self, seconds: float) -> dict[str, object]:
        assert self.client.stdout is not None
        readable, _, _ = select.select([self.client.stdout], [], [], seconds)
        line = self.client.stdout.readline() if readable else ""
        if not line:
            raise RuntimeError(
                f"the UNO client gave no answer within {seconds:.0f} s "
                f"(exit {self.client.poll()}, soffice exit {self.soffice.poll()}): {self._stderr()}"
            )
        answer: dict[str, object] = json.loads(line)
        return answer

    def _stderr(self) -> str:
        return self.log.read_text("utf-8", "replace")[-2000:] if self.log.exists() else ""

    def request(self, payload: dict[str, object]) -> dict[str, object]:
        assert self.client.stdin is not None
        self.client.stdin.write(json.dumps(payload) + "\n")
        self.client.stdin.flush()
        return self._read(REQUEST_SECONDS)

    def alive(self) -> bool:
        return self.client.poll() is None and self.soffice.poll() is None

    def stop(self) -> None:
        """Ask LibreOffice to terminate (through the client); end the process group if it will not."""
        if self.client.stdin is not None and self.client.poll() is None:
            try:
                self.client.stdin.write("\n")
                self.client.stdin.close()
            except OSError:
                pass
        for proc in (self.client, self.soffice):
            try:
                proc.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                if proc is self.soffice:
                    os.killpg(self.soffice.pid, signal.SIGKILL)
                else:
                    proc.kill()
                proc.wait(timeout=STOP_SECONDS)
        if self.client.stdout is not None:
            self.client.stdout.close()


# What a LibreOffice that is in trouble answers, not a document's fault: it died during the call, or it
# returned no document and asked nothing (lo_uno_client.py words that "no reason given")
_LIBREOFFICE_FLAKES = ("DisposedException", "(no reason given)")


class LibreOffice:
    """Converts documents in the session's LibreOffice. A failed request fails its test; the next request
    starts a fresh LibreOffice if the old one died, so one crash does not fail every later test."""

    def __init__(self, soffice: str, python: str, folder: Path) -> None:
        self._args = (soffice, python)
        self._folder = folder
        self._starts = 0
        self._office: _Office | None = None

    def _running(self) -> _Office:
        if self._office is not None and not self._office.alive():
            self._office.stop()
            self._office = None
        if self._office is None:
            self._starts += 1
            folder = self._folder / f"office-{self._starts}"
            folder.mkdir()
            self._office = _Office(*self._args, folder)
        return self._office

    def convert(
        self, src: Path, out: Path, export: tuple[str, str] = TEXT, changes: Changes = None
    ) -> Conversion:
        """Open src, accept or reject every tracked change if asked, store as out with the export filter
        (name, options): TEXT (UTF-8 text, one line per paragraph), PDF, ODT or DOCX."""
        out.parent.mkdir(parents=True, exist_ok=True)
        request: dict[str, object] = {
            "src": str(src),
            "out": str(out),
            "filter": export[0],
            "options": export[1],
            "changes": changes,
        }
        errors: list[str] = []
        for attempt in range(1, ATTEMPTS + 1):
            office = self._running()
            try:
                answer = office.request(request)
            except (RuntimeError, OSError, ValueError):
                office.stop()
                self._office = None
                raise
            # LibreOffice itself died during the call, or returned no document for a file it opens every
            # other time (both seen now and then while other LibreOffice processes run beside it, e.g.
            # with pytest-xdist; the documents are the same bytes on every run): the same request again,
            # in a fresh LibreOffice; the last answer must be right like any other, so a document
            # LibreOffice really cannot open still fails its test
            if answer.get("ok"):
                break
            errors.append(f"attempt {attempt}: {answer.get('error')}")
            flaky = any(sign in str(answer.get("error")) for sign in _LIBREOFFICE_FLAKES)
            if not flaky or attempt == ATTEMPTS:
                # every attempt's answer: what failed the first may not be what failed the last
                said = "\n".join(errors) if attempt > 1 else str(answer.get("error"))
                raise AssertionError(f"LibreOffice could not convert {src.name}: {said}")
            office.stop()
            self._office = None
        before, after = answer["before"], answer["after"]
        assert isinstance(before, int) and isinstance(after, int)
        return Conversion(before, after)

    def text(self, src: Path, changes: Changes = None) -> tuple[Conversion, str]:
        """The document's text as LibreOffice saves it, after accepting or rejecting changes if asked."""
        out = src.with_name(f"{src.stem}-{changes or 'kept'}.txt")
        seen = self.convert(src, out, TEXT, changes)
        return seen, out.read_text("utf-8-sig")

    def close(self) -> None:
        if self._office is not None:
            self._office.stop()
            self._office = None


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LibreOffice]:
    """The session's LibreOffice (started on first use, ended with the session)."""
    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    python = find_uno_python()
    if python is None:
        pytest.skip("LibreOffice's Python bridge (python3-uno, for /usr/bin/python3) is not installed")
    office = LibreOffice(soffice, python, tmp_path_factory.mktemp("libreoffice"))
    office._running()  # start now: a LibreOffice that cannot start fails here, once, with its reason
    try:
        yield office
    finally:
        office.close()
