"""The workspace server for bench_workspace.py: ``velvoite serve WS`` as it runs (waitress, the
python engine), with the audits and reports computed by two processes of their own (``pool``: web.compute, the
default of ``velvoite serve``) or in the server's interpreter with the records kept and updated
(``kept``) or read again in full after every write and audited whole each time (``reload``: the
code before issue 29, ``State.reload_all``). Prints the port on its first line.

    python bench/workspace_server.py WS pool|kept|reload
"""

from __future__ import annotations

import sys

from velvoite.commands.common import Settings
from velvoite.serving import port_of, serve_forever
from velvoite.web.server import close_workspace, workspace_server


def main() -> None:
    folder, mode = sys.argv[1], sys.argv[2]
    server = workspace_server(Settings("python", None, ()), folder, "127.0.0.1", 0,
                              processes=2 if mode == "pool" else 0)
    from velvoite.web.state import state

    state().reload_all = mode == "reload"
    print(port_of(server), flush=True)
    try:
        serve_forever(server)
    finally:
        close_workspace()


if __name__ == "__main__":
    main()
