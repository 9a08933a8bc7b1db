"""A real terminal for the TUI rows: a private tmux server, one 120x36 window, read from outside.

Commands go through one tmux control-mode client (`tmux -C`) that stays attached, so a poll of
the screen (`capture-pane -p`) or a key (`send-keys`) costs a line written to a pipe and the
server's reply, not a tmux process started each time: a poll every few milliseconds would
otherwise take a good share of the processor from the program being measured.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO

WIDTH, HEIGHT = 120, 36


class TmuxError(RuntimeError):
    pass


class Terminal:
    """A tmux server of our own (its own socket), a session of one window of WIDTH x HEIGHT."""

    def __init__(self, env: Mapping[str, str], width: int = WIDTH, height: int = HEIGHT) -> None:
        if shutil.which("tmux") is None:
            raise TmuxError("tmux is not installed: the TUI rows need it (apt-get install tmux)")
        self.socket = f"planner-bench-{os.getpid()}"
        self.width, self.height = width, height
        self._env = dict(env)
        self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", str(width),
                   "-y", str(height), "exec sleep 86400")  # fmt: skip
        for option in (
            ("set", "-g", "default-size", f"{width}x{height}"),
            ("set", "-g", "default-terminal", "tmux-256color"),
            ("set", "-g", "status", "off"),  # the whole 120x36 is the program's
            ("set", "-g", "remain-on-exit", "on"),  # a crash stays on screen to be reported
        ):
            self._tmux(*option)
        self._client = subprocess.Popen(
            ["tmux", "-L", self.socket, "-C", "attach-session", "-t", "bench"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=self._env,
        )
        assert self._client.stdin is not None and self._client.stdout is not None
        self._in: IO[bytes] = self._client.stdin
        self._out: IO[bytes] = self._client.stdout
        self._skip_to_end()  # the reply to attaching
        self.command("refresh-client -f no-output")  # no copy of the program's output for us
        self.window = 0
        self.running = False
        self._socket_path = Path(self.command("display-message -p '#{socket_path}'")[0])

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=self._env
        )
        if result.returncode != 0:
            raise TmuxError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def _skip_to_end(self) -> list[str]:
        lines: list[str] = []
        inside = False
        while True:
            raw = self._out.readline()
            if not raw:
                raise TmuxError("the tmux control client went away")
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if line.startswith("%begin"):
                inside, lines = True, []
            elif inside and (line.startswith("%end") or line.startswith("%error")):
                if line.startswith("%error"):
                    raise TmuxError("\n".join(lines))
                return lines
            elif inside:
                lines.append(line)
            # outside a reply: a notification (%window-add, %exit...), not ours

    def command(self, text: str) -> list[str]:
        """One tmux command through the control client; its output lines."""
        self._in.write(text.encode() + b"\n")
        self._in.flush()
        return self._skip_to_end()

    # ------------------------------------------------------------------ the program

    def start(self, argv: Sequence[str]) -> float:
        """Start ``argv`` in a fresh window (a blank screen, nothing of the run before) and
        return the perf_counter at which the command was sent."""
        self.stop()
        self.window += 1
        quoted = shlex.quote("exec " + shlex.join(argv))
        started = time.perf_counter()
        self.command(f"new-window -d -t bench:{self.window} {quoted}")
        self.running = True
        return started

    def stop(self) -> None:
        """End the program of the last window (SIGHUP, as closing a terminal does) and wait
        until it is gone, so that it takes no processor from the next run."""
        if not self.running:
            return
        pid = self.pid()
        self.command(f"kill-window -t bench:{self.window}")
        self.running = False
        deadline = time.perf_counter() + 5
        while Path(f"/proc/{pid}").exists() and time.perf_counter() < deadline:
            time.sleep(0.01)

    def pid(self) -> int:
        return int(self.command(f"display-message -p -t bench:{self.window} '#{{pane_pid}}'")[0])

    def size(self) -> tuple[int, int]:
        found = self.command(
            f"display-message -p -t bench:{self.window} '#{{pane_width}}x#{{pane_height}}'"
        )[0]
        width, height = found.split("x")
        return int(width), int(height)

    def screen(self) -> list[str]:
        return self.command(f"capture-pane -p -t bench:{self.window}")

    def keys(self, *keys: str) -> None:
        self.command(f"send-keys -t bench:{self.window} " + " ".join(map(shlex.quote, keys)))

    def wait_for(
        self,
        seen: Callable[[list[str]], bool],
        *,
        since: float,
        interval: float = 0.005,
        timeout: float = 60.0,
    ) -> float:
        """Poll the screen every ``interval`` s until ``seen(lines)``; seconds from ``since``
        to the first capture that showed it."""
        while True:
            lines = self.screen()
            now = time.perf_counter()
            if seen(lines):
                return now - since
            if now - since > timeout:
                raise TmuxError("timed out waiting for the screen; it shows:\n" + "\n".join(lines))
            time.sleep(interval)

    def close(self) -> None:
        try:
            self._in.close()
            self._client.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self._client.kill()
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        self._socket_path.unlink(missing_ok=True)  # the server leaves its socket behind

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
