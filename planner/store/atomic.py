"""Crash-safe file primitives: read without following links, write by temp file, fsync, rename."""

from __future__ import annotations

import errno
import os
import stat
import time
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


def prepare(target: Path, data: bytes, display: str, *, previous_mtime_ns: int = 0) -> Prepared:
    """Write ``data`` to ``.<name>.tmp`` beside ``target``: mode 0600, fsynced, not yet visible."""
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
        try:
            os.fchmod(fd, FILE_MODE)  # the umask may have taken bits away from O_CREAT's mode
            _write_all(fd, data)
            stamp = max(time.time_ns(), previous_mtime_ns + 1)
            os.utime(fd, ns=(stamp, stamp))
            os.fsync(fd)
            key = key_of(os.fstat(fd))
        finally:
            os.close(fd)
    except OSError as error:
        with suppress(StoreError):
            discard(tmp)
        raise WriteError(f"could not write {display}: {error.strerror}") from error
    return Prepared(tmp=tmp, target=target, display=display, key=key)


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
