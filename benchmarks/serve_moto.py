"""Run moto's ThreadedMotoServer with the extension active, for the throughput benchmark.

The parent process talks to this one through standard input and output:

1. Once the server listens on 127.0.0.1 (on a free port), this process prints
   ``PORT <number>``.
2. Each input line ``cpu`` gets one output line with this process's CPU time
   in seconds (all threads, ``time.process_time()``).
3. An input line ``activate`` or ``deactivate`` calls that function of
   moto_ses_tracking and gets the output line ``ok``. The parent sends these
   only while no request is in flight.
4. End of input stops the server and ends the process.

The process also ends itself, with SIGALRM's default action, after
``--max-seconds``, so a lost parent cannot leave it running.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time


def main() -> None:
    """Start the server, run the parent's commands until end of input, then stop."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--max-seconds",
        type=int,
        default=900,
        help="seconds after which the process ends itself (default: 900)",
    )
    arguments = parser.parse_args()
    signal.alarm(arguments.max_seconds)

    import moto_ses_tracking

    moto_ses_tracking.activate()

    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    print(f"PORT {port}", flush=True)

    try:
        for line in sys.stdin:
            command = line.strip()
            if command == "cpu":
                print(repr(time.process_time()), flush=True)
            elif command == "activate":
                moto_ses_tracking.activate()
                print("ok", flush=True)
            elif command == "deactivate":
                moto_ses_tracking.deactivate()
                print("ok", flush=True)
            else:
                print(f"error: unknown command {command!r}", flush=True)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
