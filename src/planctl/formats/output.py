"""Output: write files atomically, or echo to standard output (`emit`, for every command).

What a command writes goes only to the path it was given, and only as a regular file:
- a folder, a device, a FIFO or a socket is refused with a one-line error (`-o -` is standard output), a
  symlink is written through to the regular file it names (a symlink to nothing is refused);
- the bytes go to a temporary file in the target's folder, are synced, then renamed over the target, so a
  failed or interrupted write never leaves a half-written or clobbered file; a document and its compliance
  report are committed together (`write_together`): both written and synced first, then both renamed, and
  on a failure neither changes;
- the file gets the mode a new file gets under the umask (0644 under 022); replacing a file keeps that
  file's mode (a 0664 file stays 0664);
- temporary files are removed whatever ends the command (an error, Ctrl-C, or SIGTERM, which the command
  line turns into an exception: planctl.cli.main), and the renames that commit a pair run with those
  signals held back, so a signal cannot split a pair;
- a write that fails (permission denied, a full disk, a file too large) is one line naming the path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

import click

from planctl.errors import PlanctlError
from planctl.messages import Msg
from planctl.records import record

STDOUT = "-"  # `-o -`: standard output
_NAME_MAX = 255  # bytes of a file name on the common file systems (ext4, xfs, btrfs, APFS, NTFS)
_TEMP_NAME = 40  # characters of the target's name that its temporary file repeats
_SIGNALS = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s)


def is_stdout(target: Path | None) -> bool:
    return target is None or str(target) == STDOUT


def emit(data: str | bytes, target: Path | None, *, create_folder: bool = False, color: bool = False) -> None:
    """data (text as UTF-8) written atomically to target, or echoed to standard output when there is no
    target or it is `-`. create_folder: make the target's folder first (only it and its missing parents).
    color: the text's colour codes are meant (--color always on a pipe); otherwise click strips them off
    a pipe."""
    if target is None or is_stdout(target):
        click.echo(data, nl=False, color=True if color else None)
        return
    if create_folder:
        make_folder(target.parent)
    write_bytes_atomic(target, data.encode("utf-8") if isinstance(data, str) else data)


def make_folder(folder: Path) -> None:
    """folder and its missing parents (the folder -o names); one line when it cannot be made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise PlanctlError(Msg("output.not-folder"), file=str(folder)) from None
    except OSError as exc:
        raise PlanctlError(Msg("cli.output.mkdir", {"reason": _reason(exc)}), file=str(folder)) from None


@record(frozen=True)
class _Target:
    path: Path  # where the bytes go: the target itself, or the regular file its symlink names
    mode: int  # the mode the written file gets


def _resolve_target(target: Path) -> _Target:
    """Where writing `target` puts the bytes, and with which mode; PlanctlError for what is not a path
    to a regular file (or to a file that does not exist yet, in a folder that does)."""
    shown = str(target)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise PlanctlError(_cannot_write(exc), file=shown) from None
    path = target
    if st is not None and stat.S_ISLNK(st.st_mode):
        try:
            path = target.resolve(strict=True)
            st = os.stat(path)
        except (OSError, RuntimeError):
            raise PlanctlError(Msg("output.dangling"), file=shown) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise PlanctlError(Msg("cli.output.is-folder"), file=shown)
        if not stat.S_ISREG(st.st_mode):
            raise PlanctlError(Msg("output.not-regular"), file=shown)
        return _Target(path, stat.S_IMODE(st.st_mode))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise PlanctlError(Msg("cli.output.no-folder"), file=str(folder))
    return _Target(path, 0o666 & ~_umask())


def _umask() -> int:
    current = os.umask(0o022)  # reading the umask means setting it: set it straight back
    os.umask(current)
    return current


def _reason(exc: OSError) -> str:
    return str(exc.strerror or exc)


def _cannot_write(exc: OSError) -> Msg:
    return Msg("output.cannot-write", {"reason": _reason(exc)})


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP held back for the block (delivered when it ends): for steps that must
    not be split, such as the renames that commit a pair of files or the creation of a temporary file
    and the registration of its cleanup."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class _Staged:
    """A temporary file beside its target, written and synced; removed unless committed."""

    def __init__(self, target: Path) -> None:
        self.shown = str(target)
        self.target = _resolve_target(target)
        folder = self.target.path.parent
        name = self.target.path.name[:_TEMP_NAME]
        import tempfile  # start-up: ~3 ms; `validate` writes to standard output

        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise PlanctlError(_cannot_write(exc), file=self.shown) from None
        self.fd: int | None = fd
        self.tmp: Path | None = Path(tmp)

    def write(self, write: Callable[[IO[bytes]], None]) -> None:
        assert self.fd is not None
        fd, self.fd = self.fd, None
        try:
            with os.fdopen(fd, "wb") as fh:
                write(fh)
                fh.flush()
                os.fchmod(fh.fileno(), self.target.mode)
                os.fsync(fh.fileno())
        except OSError as exc:
            raise PlanctlError(_cannot_write(exc), file=self.shown) from None

    def commit(self) -> None:
        assert self.tmp is not None
        try:
            os.replace(self.tmp, self.target.path)
        except OSError as exc:
            raise PlanctlError(_cannot_write(exc), file=self.shown) from None
        self.tmp = None

    def discard(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
            self.tmp = None


def write_atomic(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    """What write(fh) writes, as the new content of target (see the module's rules)."""
    _write_all([(target, write)])


def write_bytes_atomic(target: Path, data: bytes) -> None:
    def write(fh: IO[bytes]) -> None:
        fh.write(data)

    write_atomic(target, write)


def write_text_atomic(target: Path, text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))


def write_together(files: Sequence[tuple[Path, bytes]]) -> None:
    """Several files committed as one: all written and synced first, then renamed; when any step fails,
    none of the targets changes (a rename that fails puts back the files renamed before it)."""
    writers: list[tuple[Path, Callable[[IO[bytes]], None]]] = []
    for target, data in files:

        def write(fh: IO[bytes], data: bytes = data) -> None:
            fh.write(data)

        writers.append((target, write))
    _write_all(writers)


def _write_all(files: Sequence[tuple[Path, Callable[[IO[bytes]], None]]]) -> None:
    staged: list[_Staged] = []
    try:
        for target, write in files:
            with signals_held():  # a signal between creating the file and holding it would orphan it
                staged.append(_Staged(target))
            staged[-1].write(write)
        # the lock is waited for with signals let through (Ctrl-C works while another run commits); the
        # renames run with them held back, so a signal cannot split a pair
        with _folder_lock(staged[0].target.path.parent), signals_held():
            _commit(staged)
    finally:
        for item in staged:
            item.discard()
    for folder in {s.target.path.parent for s in staged}:
        _sync_folder(folder)


def _commit(staged: list[_Staged]) -> None:
    """Rename every staged file over its target; when a rename fails, the targets already replaced get
    their previous content back (kept as hard links until all renames are done)."""
    backups: list[tuple[Path, Path | None]] = []  # (target, its previous content; None: it was new)
    try:
        if len(staged) > 1:
            backups = [(item.target.path, _backup(item.target.path)) for item in staged]
        done = 0
        try:
            for item in staged:
                item.commit()
                done += 1
        except PlanctlError:
            for target, backup in backups[:done]:
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, target)
                    else:
                        os.unlink(target)
            raise
    finally:
        for _, backup in backups:
            if backup is not None:
                with contextlib.suppress(OSError):
                    os.unlink(backup)


def _backup(target: Path) -> Path | None:
    """A hard link to target's current content (None when there is none); PlanctlError when the folder
    cannot hold one (then nothing has been renamed yet)."""
    if not target.exists():
        return None
    for _ in range(100):
        name = f".{target.name[:_TEMP_NAME]}.{os.urandom(4).hex()}.old"
        backup = target.with_name(name)
        try:
            os.link(target, backup)
            return backup
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                return _copy_backup(target, backup)
            raise PlanctlError(_cannot_write(exc), file=str(target)) from None
    raise PlanctlError(Msg("output.no-temporary-name"), file=str(target))


def _copy_backup(target: Path, backup: Path) -> Path:
    """A copy where the file system has no hard links."""
    try:
        with open(target, "rb") as src, open(backup, "xb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(backup)
        raise PlanctlError(_cannot_write(exc), file=str(target)) from None
    return backup


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on the output folder while files are committed: two runs writing the same pair
    commit one after the other, so the pair that stays is one run's (flock on the folder itself: no lock
    file is left behind). Where the folder cannot be locked, the commit goes ahead unlocked."""
    try:
        import fcntl  # start-up: only a write needs it (and it does not exist on Windows)

        fd = os.open(folder, os.O_RDONLY)
    except (ImportError, OSError):
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _sync_folder(folder: Path) -> None:
    """The renames made durable (best effort: not every file system syncs a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def create_new(target: Path, data: bytes) -> None:
    """data as a new file at target, never over anything that exists there (a file, a folder, a symlink,
    even one to nothing): written and synced beside it, then linked into place, which fails when the
    name is taken. PlanctlError "already exists" then."""
    import tempfile  # start-up: as in _Staged

    folder = target.parent if str(target.parent) else Path(".")
    with signals_held():
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:_TEMP_NAME]}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise PlanctlError(_cannot_write(exc), file=str(target)) from None
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
                os.fsync(fh.fileno())
            os.link(tmp, target)
        except FileExistsError:
            raise PlanctlError(Msg("output.exists"), file=str(target)) from None
        except OSError as exc:
            raise PlanctlError(_cannot_write(exc), file=str(target)) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _sync_folder(folder)


def safe_stem(stem: str, *, reserve: int = 0) -> str:
    """stem as a file name's stem that any common file system takes: no path separators, control
    characters or leading dots, and short enough that stem plus `reserve` more bytes (a suffix such as
    "-compliance.docx") and the temporary file's name fit in a name; a shortened stem ends with a hash of
    the whole, so two long names stay apart."""
    cleaned = "".join("-" if (ch in '/\\:*?"<>|' or ord(ch) < 32 or ord(ch) == 127) else ch for ch in stem)
    cleaned = cleaned.lstrip(".-").strip() or "plan"
    room = min(120, _NAME_MAX - reserve - 20)
    if len(cleaned.encode("utf-8")) <= room:
        return cleaned
    import hashlib  # start-up: ~2 ms, for the rare name too long for the file system

    digest = hashlib.sha256(stem.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    cut = cleaned.encode("utf-8")[: room - len(digest) - 1].decode("utf-8", "ignore").rstrip("-.")
    return f"{cut}-{digest}"
