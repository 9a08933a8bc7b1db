"""Crash-safe file primitives: read without following links, write by temp file, fsync, rename."""

from __future__ import annotations

import errno
import functools
import os
import stat
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from planner.store.errors import StoreError, UnsafePathError, WriteError

FILE_MODE = 0o600
DIR_MODE = 0o700

# (st_ino, st_mtime_ns, st_size): a cheap "did this file change" check. Every write here gives
# the file a new inode and a strictly later mtime, so a key never repeats for one path even when
# the filesystem reuses inode numbers within one timestamp tick.
StatKey = tuple[int, int, int]


def key_of(result: os.stat_result) -> StatKey:
    return (result.st_ino, result.st_mtime_ns, result.st_size)


def _unsafe(display: str, what: str) -> UnsafePathError:
    return UnsafePathError(f"{display} is {what}; refusing to use it (move it away and retry)")


def _describe(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def file_key(path: Path, display: str) -> StatKey | None:
    """The stat key of a regular file, None when absent; a link or other non-file is refused."""
    try:
        result = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise StoreError(f"could not read {display}: {error.strerror}") from error
    if (what := _describe(result.st_mode)) is not None:
        raise _unsafe(display, what)
    return key_of(result)


def read_bytes(path: Path, display: str) -> tuple[bytes, StatKey] | None:
    """Whole contents and the key of exactly the inode read; None when the file is absent."""
    # O_NONBLOCK: a FIFO planted at a data path must not hang us; fstat then refuses it.
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _unsafe(display, "a symbolic link") from error
        raise StoreError(f"could not read {display}: {error.strerror}") from error
    try:
        result = os.fstat(fd)
        if (what := _describe(result.st_mode)) is not None:
            raise _unsafe(display, what)
        chunks: list[bytes] = []
        while chunk := os.read(fd, max(result.st_size + 1, 65536)):
            chunks.append(chunk)
    except OSError as error:
        raise StoreError(f"could not read {display}: {error.strerror}") from error
    finally:
        os.close(fd)
    return b"".join(chunks), key_of(result)


def ensure_dir(path: Path, display: str) -> None:
    """Create a folder 0700 (whatever the umask) or tighten an existing one; refuse a link."""
    try:
        try:
            result = os.lstat(path)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            with suppress(FileExistsError):
                path.mkdir(DIR_MODE)
            result = os.lstat(path)
        if not stat.S_ISDIR(result.st_mode):
            raise _unsafe(display, _describe(result.st_mode) or "a file")
        if stat.S_IMODE(result.st_mode) != DIR_MODE:
            path.chmod(DIR_MODE)
    except OSError as error:
        raise WriteError(f"could not create {display}: {error.strerror}") from error


def ensure_root(path: Path) -> None:
    """The data dir itself: created 0700, tightened to 0700 (a link the user made is theirs)."""
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        if stat.S_IMODE(path.stat().st_mode) != DIR_MODE:
            path.chmod(DIR_MODE)
    except OSError as error:
        raise WriteError(f"could not create {path}: {error.strerror}") from error


def _clear_stale_tmp(tmp: Path, display: str) -> None:
    # A temp file left by a killed writer is ours to remove; anything else was planted.
    try:
        result = os.lstat(tmp)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(result.st_mode):
        raise _unsafe(display, _describe(result.st_mode) or "not a regular file")
    tmp.unlink()


@dataclass(frozen=True, slots=True)
class Prepared:
    """A temp file fully written and fsynced, waiting to be renamed over its target."""

    tmp: Path
    target: Path
    display: str
    key: StatKey


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]


def _write_temp(
    target: Path, data: bytes, display: str, previous_mtime_ns: int
) -> tuple[Path, int, StatKey]:
    """Create ``.<name>.tmp`` beside ``target`` (mode 0600), write ``data`` and stamp its mtime;
    the descriptor is returned open and not yet fsynced."""
    tmp = target.with_name(f".{target.name}.tmp")
    tmp_display = display.rpartition("/")[0] + "/" if "/" in display else ""
    tmp_display += tmp.name
    try:
        _clear_stale_tmp(tmp, tmp_display)
        fd = os.open(
            tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE
        )
    except FileExistsError as error:
        raise _unsafe(tmp_display, "in the way (it appeared while writing)") from error
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _unsafe(tmp_display, "a symbolic link") from error
        raise WriteError(f"could not write {display}: {error.strerror}") from error
    try:
        os.fchmod(fd, FILE_MODE)  # the umask may have taken bits away from O_CREAT's mode
        _write_all(fd, data)
        stamp = max(time.time_ns(), previous_mtime_ns + 1)
        os.utime(fd, ns=(stamp, stamp))
        key = key_of(os.fstat(fd))  # an fsync changes neither the mtime nor the size
    except OSError as error:
        os.close(fd)
        with suppress(StoreError):
            discard(tmp)
        raise WriteError(f"could not write {display}: {error.strerror}") from error
    return tmp, fd, key


def _sync_and_close(fd: int) -> None:
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prepare(target: Path, data: bytes, display: str, *, previous_mtime_ns: int = 0) -> Prepared:
    """Write ``data`` to ``.<name>.tmp`` beside ``target``: mode 0600, fsynced, not yet visible."""
    tmp, fd, key = _write_temp(target, data, display, previous_mtime_ns)
    try:
        _sync_and_close(fd)
    except OSError as error:
        with suppress(StoreError):
            discard(tmp)
        raise WriteError(f"could not write {display}: {error.strerror}") from error
    return Prepared(tmp=tmp, target=target, display=display, key=key)


# ------------------------------------------------------------------ fsyncs in parallel
#
# An fsync waits for the disk (1-4 ms each here) and releases the interpreter lock while it
# does: the fsyncs of one commit's files overlap in a few threads instead of queueing one
# after another. What each file goes through is unchanged (write, fsync, and only then
# rename; rename, and only then fsync of its folder); only the waiting is shared.


class _Task:
    """One call run by a background thread; ``result()`` waits for it and re-raises."""

    __slots__ = ("_call", "_done", "_error")

    def __init__(self, call: Callable[[], None]) -> None:
        self._call = call
        self._done = threading.Event()
        self._error: BaseException | None = None

    def run(self) -> None:
        try:
            self._call()
        except BaseException as error:  # handed to whoever waits for it
            self._error = error
        finally:
            self._done.set()

    def wait(self) -> BaseException | None:
        """Wait for the call to end; what it raised, None when it returned."""
        self._done.wait()
        return self._error


class _Workers:
    """A few daemon threads taking tasks from one queue, started as the first tasks come (not
    concurrent.futures: importing it costs a read-only command milliseconds of its budget)."""

    size = 8

    def __init__(self) -> None:
        import queue

        self._tasks: queue.SimpleQueue[_Task] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._started = 0

    def submit(self, call: Callable[[], None]) -> _Task:
        task = _Task(call)
        self._tasks.put(task)
        with self._lock:
            if self._started < self.size:
                self._started += 1
                threading.Thread(target=self._work, name="planner-fsync", daemon=True).start()
        return task

    def _work(self) -> None:
        while True:
            self._tasks.get().run()


_WORKERS: _Workers | None = None
_WORKERS_LOCK = threading.Lock()


def _in_background(call: Callable[[], None]) -> _Task:
    global _WORKERS
    with _WORKERS_LOCK:
        if _WORKERS is None:
            _WORKERS = _Workers()
        workers = _WORKERS
    try:
        return workers.submit(call)
    except RuntimeError:  # no new thread at interpreter shutdown: run it here
        task = _Task(call)
        task.run()
        return task


def _forget_workers() -> None:  # a forked child has none of its parent's threads
    global _WORKERS, _WORKERS_LOCK
    _WORKERS, _WORKERS_LOCK = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_workers)


class SyncBatch:
    """Temp files prepared together: each is written at once (``prepare``), then ``wait()``
    fsyncs them all at the same time, in background threads, and returns when every one is on
    disk. Nothing is renamed here: the caller installs each file only after ``wait()``.

    The fsyncs start only once every file is written: on ext4 a file created while another
    thread's fsync commits the journal waits for that commit, which would queue them again."""

    def __init__(self) -> None:
        self._written: list[tuple[Prepared, int]] = []
        self._running: list[tuple[Prepared, _Task]] = []

    def prepare(
        self, target: Path, data: bytes, display: str, *, previous_mtime_ns: int = 0
    ) -> Prepared:
        tmp, fd, key = _write_temp(target, data, display, previous_mtime_ns)
        prepared = Prepared(tmp=tmp, target=target, display=display, key=key)
        self._written.append((prepared, fd))
        return prepared

    def wait(self) -> None:
        """Every temp file fsynced and closed; the first failure as a WriteError (after all
        the others finished, so that no thread still works on a file the caller discards)."""
        written, self._written = self._written, []
        if not written:
            return
        first, *others = written
        self._running = [
            (prepared, _in_background(functools.partial(_sync_and_close, fd)))
            for prepared, fd in others
        ]
        mine = _Task(functools.partial(_sync_and_close, first[1]))
        mine.run()  # this thread takes one of them rather than wait idle
        errors = [(first[0], mine.wait()), *((p, task.wait()) for p, task in self._running)]
        self._running = []
        for prepared, error in errors:
            if isinstance(error, OSError):
                raise WriteError(f"could not write {prepared.display}: {error.strerror}") from error
            if error is not None:
                raise error

    def settle(self) -> None:
        """Close what is still open and wait for the background fsyncs, ignoring failures
        (the caller is failing and discards the temp files)."""
        for _, fd in self._written:
            with suppress(OSError):
                os.close(fd)
        self._written = []
        for _, task in self._running:
            task.wait()
        self._running = []


def install(prepared: Prepared) -> None:
    """Rename the temp file over its target (atomic); a link or folder at the target is refused."""
    file_key(prepared.target, prepared.display)
    try:
        prepared.tmp.replace(prepared.target)
    except OSError as error:
        raise WriteError(f"could not write {prepared.display}: {error.strerror}") from error


def fsync_dir(path: Path, display: str) -> None:
    """Make renames and unlinks in a folder durable."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:
        return
    except OSError as error:
        raise WriteError(f"could not write {display}: {error.strerror}") from error
    try:
        os.fsync(fd)
    except OSError as error:
        # Some filesystems cannot fsync a folder at all; that is not a failed write.
        if error.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise WriteError(f"could not write {display}: {error.strerror}") from error
    finally:
        os.close(fd)


def fsync_dirs(folders: list[tuple[Path, str]]) -> None:
    """fsync_dir for each (path, display), in parallel; the first failure once all are done."""
    if len(folders) < 2:
        for path, display in folders:
            fsync_dir(path, display)
        return
    tasks = [
        _in_background(functools.partial(fsync_dir, path, display)) for path, display in folders
    ]
    errors = [task.wait() for task in tasks]
    for error in errors:
        if error is not None:
            raise error


def write_atomic(target: Path, data: bytes, display: str, *, previous_mtime_ns: int = 0) -> StatKey:
    """prepare + install + fsync of the folder: the file is whole, old or new, after any crash."""
    prepared = prepare(target, data, display, previous_mtime_ns=previous_mtime_ns)
    try:
        install(prepared)
    except StoreError:
        with suppress(StoreError):
            discard(prepared.tmp)
        raise
    fsync_dir(target.parent, display)
    return prepared.key


def discard(path: Path) -> None:
    """Remove a file if present; used for temp files and for entries we own."""
    try:
        path.unlink()
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError as error:
        raise WriteError(f"could not remove {path.name}: {error.strerror}") from error
