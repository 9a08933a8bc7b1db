"""The CLI's file output: standard output, or a file written atomically with mode 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from planner.errors import PlannerError
from planner.store.atomic import write_atomic


class OutputError(PlannerError, ValueError):
    """An output path the export refuses; the message is one line for the seller."""


def _inside(path: str, folder: str) -> bool:
    return path == folder or os.path.commonpath([path, folder]) == folder


def write_file(path: Path, data: bytes, *, data_dir: Path, force: bool) -> None:
    """Write ``data`` to ``path`` whole or not at all, never over the planner's own data.

    Refused: a path that resolves (links followed) into the data dir; an existing file
    without ``force``; anything there that is not a regular file (a link, a folder, a
    device such as /dev/full), even with ``force``. The file is written through a temp
    file in the same folder, fsynced and renamed, so a full disk or a crash leaves the
    previous file as it was.
    """
    shown = str(path)
    target = Path(path).absolute()
    if _inside(os.path.realpath(target), os.path.realpath(data_dir)):
        raise OutputError(f"{shown} is inside the data dir {data_dir}; write the export elsewhere")
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {error.strerror}") from error
    if found is not None:
        if not stat.S_ISREG(found.st_mode):
            what = "a folder" if stat.S_ISDIR(found.st_mode) else "not a regular file"
            if stat.S_ISLNK(found.st_mode):
                what = "a symbolic link"
            raise OutputError(f"{shown} is {what}; refusing to replace it")
        if not force:
            raise OutputError(f"{shown} already exists: pass --force to replace it")
    if not target.parent.is_dir():
        raise OutputError(f"cannot write {shown}: folder {target.parent} does not exist")
    write_atomic(target, data, shown)
