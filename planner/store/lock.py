"""The data dir's cross-process lock: filelock's FileLock on `.lock`, never a soft lock."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from planner.store.atomic import FILE_MODE
from planner.store.errors import LockTimeoutError, StoreError, UnsafePathError
from planner.store.layout import LOCK

if TYPE_CHECKING:
    from filelock import FileLock

DEFAULT_TIMEOUT = 10.0


class DataLock:
    """Held around every read-modify-write; the OS drops it when its holder dies (even kill -9)."""

    def __init__(self, data_dir: Path, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path = data_dir / LOCK
        self.timeout = timeout
        self._lock: FileLock | None = None

    def _refuse_link(self) -> None:
        try:
            result = os.lstat(self.path)
        except FileNotFoundError:
            return
        if not stat.S_ISREG(result.st_mode):
            raise UnsafePathError(
                f"{self.path} is not a regular file (a symbolic link?); refusing to lock through it"
            )
        if stat.S_IMODE(result.st_mode) != FILE_MODE:
            self.path.chmod(FILE_MODE)

    def __enter__(self) -> DataLock:
        # Imported here: readers never lock, and `planner status` should not pay for it.
        from filelock import FileLock, Timeout

        self._refuse_link()
        # fallback_to_soft=False: on a filesystem without flock we fail rather than pretend.
        lock = FileLock(self.path, timeout=self.timeout, mode=FILE_MODE, fallback_to_soft=False)
        try:
            lock.acquire()
        except Timeout as error:
            raise LockTimeoutError(
                f"another planner is writing ({self.path}); try again"
            ) from error
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise UnsafePathError(
                    f"{self.path} is a symbolic link; refusing to lock through it"
                ) from error
            raise StoreError(f"could not lock {self.path}: {error.strerror}") from error
        self._lock = lock
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
