"""A second planner process for the store tests: logs calls, undoes, holds the lock, forks."""

# writer.py DATA_DIR log N [PROSPECT]   log N calls, print each touch id once committed
# writer.py DATA_DIR undo               undo the newest change, print its description
# writer.py DATA_DIR serve              answer commands from stdin, one line each:
#     log N | undo | hold | release | generation | ids
# writer.py DATA_DIR zygote             fork writers on demand (cheap to kill 50 times):
#     spawn SEED -> "pid N", then the child prints "ack ID ID ..." per commit until killed
#     reap PID   -> "dead PID" once the (killed) child is gone

from __future__ import annotations

import os
import random
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from planner.models import Prospect, Touch
from planner.store import Store, Transaction

ZONE = timezone(timedelta(hours=2))


def say(line: str) -> None:
    # One write per line: a kill can never leave half a line, and nothing sits in a buffer.
    os.write(1, (line + "\n").encode())


def add_touches(tx: Transaction, prospect_id: int, days: list[date]) -> list[int]:
    """Touches for one prospect, and the prospect's counter moved by as many (one commit)."""
    prospect = tx.prospect(prospect_id)
    if prospect is None:
        prospect = Prospect(id=prospect_id, name=f"Prospect {prospect_id}")
    ids: list[int] = []
    for day in days:
        touch_id = tx.new_id("touch")
        moment = datetime(day.year, day.month, day.day, 11, touch_id % 60, tzinfo=ZONE)
        tx.put_touch(
            Touch(id=touch_id, prospect_id=prospect_id, at=moment, outcome="meeting", source="new")
        )
        ids.append(touch_id)
    tx.put_prospect(replace(prospect, conversations=prospect.conversations + len(days)))
    return ids


def log(store: Store, count: int, prospect_id: int) -> None:
    for _ in range(count):
        with store.transaction(f"log call with #{prospect_id}") as tx:
            ids = add_touches(tx, prospect_id, [date(2026, 7, 14)])
        say(str(ids[0]))


def churn(store: Store, rng: random.Random) -> None:
    """Commit forever: mostly single calls, sometimes a batch over many months and shards."""
    while True:
        prospect_id = rng.choice([1, 2, 3, 1500, 2500])
        if rng.random() < 0.2:
            days = [date(2025 + rng.randrange(2), rng.randrange(1, 13), 3) for _ in range(25)]
        else:
            days = [date(2026, 7, rng.randrange(1, 29))]
        with store.transaction("churn") as tx:
            ids = add_touches(tx, prospect_id, days)
        say("ack " + " ".join(map(str, ids)))


def zygote(data_dir: Path) -> None:
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "spawn":
            pid = os.fork()
            if pid == 0:
                try:
                    churn(Store(data_dir), random.Random(int(argument)))
                finally:
                    os._exit(0)
            say(f"pid {pid}")
        elif command == "reap":
            os.waitpid(int(argument), 0)
            say(f"dead {argument}")


def serve(store: Store) -> None:
    held = None
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "log":
            with store.transaction("log call") as tx:
                ids = add_touches(tx, 1, [date(2026, 7, 14)] * int(argument or 1))
            say(" ".join(map(str, ids)))
        elif command == "undo":
            say(str(store.undo()))
        elif command == "hold":
            held = store.transaction("hold the lock")
            held.__enter__()
            say("holding")
        elif command == "release" and held is not None:
            held.__exit__(None, None, None)
            held = None
            say("released")
        elif command == "generation":
            say(str(store.generation()))
        elif command == "ids":
            say(" ".join(str(t.id) for t in store.touches(date(2000, 1, 1), date(2100, 1, 1))))


def main() -> None:
    data_dir, command, *rest = sys.argv[1:]
    store = Store(Path(data_dir))
    if command == "log":
        log(store, int(rest[0]), int(rest[1]) if len(rest) > 1 else 1)
    elif command == "undo":
        say(str(store.undo()))
    elif command == "serve":
        serve(store)
    elif command == "zygote":
        zygote(Path(data_dir))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
