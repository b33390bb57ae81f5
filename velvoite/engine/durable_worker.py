"""The durable-rules worker process: ``python -m velvoite.engine.durable_worker`` answers the
requests of ``match_durable.Worker`` (pickles over standard input and output) until its input
closes. Its standard output is the answer channel alone: anything printed goes to standard error."""

import os
import sys


def main() -> None:  # pragma: no cover - the worker process
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a print from anywhere in the worker cannot corrupt an answer
    sys.stdout = sys.stderr
    from velvoite.engine.match_durable import serve_requests

    serve_requests(sys.stdin.buffer, answers)


if __name__ == "__main__":  # pragma: no cover
    main()
