"""Ratio 5: requests per second through moto's ThreadedMotoServer on 127.0.0.1.

The server runs in a child process (``serve_moto.py``) that activates the
extension before it starts, so client and server do not share a GIL. This
process sends one request at a time over ``http.client``, with bodies built as
botocore builds them but without botocore's signing and parsing, so that the
figures show the server's cost. moto's server closes the connection after each
response, so every request also pays a loopback TCP connect and a new server
thread, on both sides of every ratio.

The ratio is the cost per request: the baseline's requests per second divided
by the added operation's, which equals the added operation's seconds per
request divided by the baseline's. Above 1 means the added operation is
slower. The baseline is CreateConfigurationSet with the extension deactivated
in the same server between chunks. The CPU column is the server process's CPU
time per request.

Bounds: a fixed number of requests per round, no round starts after
``Settings.server_time_limit`` seconds, every socket operation times out after
10 seconds, and the child ends itself after 15 minutes at most.
"""

from __future__ import annotations

import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

from harness import Comparison, ComparisonResult, Settings, run_rounds, summarize
from operations import (
    CREATE_SET,
    CREATE_SET_INACTIVE,
    CREATE_TRACKING,
    DELETE_TRACKING,
    PUT_TRACKING,
    UPDATE_TRACKING,
    ConfigurationSetPool,
    HttpOperations,
    prepare_fixed_sets,
    tracking_sides,
)

_SERVER_SCRIPT = Path(__file__).with_name("serve_moto.py")

#: Seconds to wait for the child to report its port, and for each reply to a command.
_STARTUP_TIMEOUT = 120.0
_QUERY_TIMEOUT = 30.0

#: The child ends itself after this many seconds, whatever the parent does.
_SERVER_MAX_SECONDS = 900


class ServerProcess:
    """A ``serve_moto.py`` child process, used as a context manager.

    Entering starts the child, with its standard error going to ``log``, and
    waits for its port. Leaving closes its standard input, which stops the
    server, and waits for it to exit. A child that does not exit within 30
    seconds is terminated through its own process handle.
    """

    def __init__(self, log: IO[str]) -> None:
        self._log = log
        self._process: subprocess.Popen[str] | None = None
        self.port = 0

    def __enter__(self) -> ServerProcess:
        self._process = subprocess.Popen(
            [sys.executable, str(_SERVER_SCRIPT), "--max-seconds", str(_SERVER_MAX_SECONDS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            bufsize=1,
        )
        line = self._read_line(_STARTUP_TIMEOUT)
        if not line.startswith("PORT "):
            raise RuntimeError(
                f"The server printed {line!r} instead of its port: {self.log_tail()}"
            )
        self.port = int(line.split()[1])
        return self

    def __exit__(
        self,
        exception_type: type[BaseException] | None,
        exception: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        process = self._process
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.terminate()
            process.wait(timeout=30)

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        if self._process is None or self._process.stdin is None or self._process.stdout is None:
            raise RuntimeError("The server process is not running.")
        return self._process.stdin, self._process.stdout

    def _read_line(self, timeout: float) -> str:
        """Read one line from the child, or raise RuntimeError after ``timeout`` seconds."""
        _, stdout = self._pipes()
        ready, _, _ = select.select([stdout], [], [], timeout)
        if not ready:
            raise RuntimeError(f"The server sent nothing within {timeout:.0f} s: {self.log_tail()}")
        line = stdout.readline()
        if not line:
            raise RuntimeError(f"The server process exited: {self.log_tail()}")
        return line.strip()

    def _command(self, command: str) -> str:
        """Send one command line to the child and return its one-line reply."""
        stdin, _ = self._pipes()
        stdin.write(f"{command}\n")
        stdin.flush()
        return self._read_line(_QUERY_TIMEOUT)

    def cpu_seconds(self) -> float:
        """Return the server process's CPU time in seconds, all threads included."""
        return float(self._command("cpu"))

    def set_active(self, active: bool) -> None:
        """Activate or deactivate the extension in the server process.

        :raises RuntimeError: when the child does not confirm.
        """
        command = "activate" if active else "deactivate"
        reply = self._command(command)
        if reply != "ok":
            raise RuntimeError(
                f"The server process replied {reply!r} to {command!r}, expected 'ok'."
            )

    def log_tail(self) -> str:
        """Return the last 2000 characters of the server's standard error."""
        self._log.flush()
        self._log.seek(0)
        return self._log.read()[-2000:]


def run_server_benchmark(
    settings: Settings, progress: Callable[[str], None]
) -> tuple[list[ComparisonResult], ComparisonResult]:
    """Run ratio 5 for the four added operations against CreateConfigurationSet.

    The baseline is CreateConfigurationSet with the extension deactivated in
    the same server process between chunks, which is moto's own operation.
    Returns the four ratios, and CreateConfigurationSet with the extension
    active against inactive, which is what the extension adds to every
    request.

    :raises RuntimeError: when the server does not start, a request does not
        get HTTP 200, or the extension is not active in the server.
    """
    with tempfile.TemporaryFile(mode="w+") as log, ServerProcess(log) as server:
        operations = HttpOperations(server.port)
        try:
            prepare_fixed_sets(operations)
            pool = ConfigurationSetPool(operations, "pool")
            sides = tracking_sides(operations, pool, server.set_active)
            run_rounds(sides, rounds=1, chunks=1, chunk_size=3)
            rounds = run_rounds(
                sides,
                settings.server_rounds,
                settings.server_chunks,
                settings.server_chunk_size,
                cpu_clock=server.cpu_seconds,
                progress=progress,
                deadline=time.monotonic() + settings.server_time_limit,
            )
        finally:
            operations.close()

    results = []
    for key, label in (
        ("5a", CREATE_TRACKING),
        ("5b", UPDATE_TRACKING),
        ("5c", DELETE_TRACKING),
        ("5d", PUT_TRACKING),
    ):
        comparison = Comparison(
            key,
            f"Server: {label.split()[0]} / moto's CreateConfigurationSet, cost per request",
            label,
            CREATE_SET_INACTIVE,
            1.10,
            judge_by="wall",
        )
        results.append(summarize(comparison, rounds, unit="request"))
    tax = Comparison(
        "5x",
        "Server: CreateConfigurationSet, extension active / inactive, cost per request",
        CREATE_SET,
        CREATE_SET_INACTIVE,
        None,
        judge_by="wall",
    )
    return results, summarize(tax, rounds, unit="request")
