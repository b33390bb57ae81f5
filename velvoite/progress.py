"""Progress on long work (reading records, auditing, writing, ``db import``), for a person at a terminal.

The library below the CLI is handed a ``Progress`` and never asks whether standard error is a
terminal: ``SILENT`` does nothing (pipes, logs, ``--quiet``, tests, the web workspace), and the CLI
hands down ``on_terminal()``, which draws click's own progress bar on standard error. A bar shows
only once its work has taken ``AFTER`` seconds (work under a second stays silent), and never
touches standard output or ``-o``.

A task is ``with progress.task(label, total) as step: ... step(position)``: ``total`` is the
count of the work (rows of a file, obligations, records) or None when it is not known (a label and
a position then, no percentage).
"""

from __future__ import annotations

import os
import sys
import threading
import time

import click

AFTER = 1.0  # seconds of work before a bar is shown


class _Step:
    """What a task's work calls with its position; does nothing."""

    def __call__(self, position: int) -> None:
        """The work has reached ``position`` (of ``total``)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


class Progress:
    """No progress at all (``SILENT``): the interface the library is given."""

    def task(self, label: str, total: int | None = None) -> _Step:
        """A piece of work of ``total`` steps, called ``label`` (already in the user's language)."""
        return _Step()


SILENT = Progress()


class _Bar(_Step):
    """One task on the terminal: click's progress bar, drawn from ``after`` seconds on (by a timer,
    so that work which reports rarely still shows), and cleared of nothing when it never showed."""

    def __init__(self, label: str, total: int | None, stream, after: float):
        self.label, self.total, self.stream, self.after = label, total, stream, after
        self.position, self.bar, self.lock, self.done = 0, None, threading.Lock(), False
        self.started = time.monotonic()
        self.timer = threading.Timer(after, self._show)
        self.timer.daemon = True

    def __enter__(self):
        self.timer.start()
        return self

    def _show(self) -> None:
        with self.lock:
            if self.done or self.bar is not None:
                return
            if self.total is None:  # a length not known: the label, and the position once there is one
                self.bar = click.progressbar((x for x in ()), label=self.label, file=self.stream, show_eta=False,
                                             show_pos=self.position > 0, bar_template="%(label)s …  %(info)s")
            else:
                self.bar = click.progressbar(length=self.total, label=self.label, file=self.stream, show_pos=True,
                                             width=24)
            self.bar.__enter__()
            self.bar.update(self.position)

    def __call__(self, position: int) -> None:
        if position <= self.position:
            return
        with self.lock:
            step, self.position = position - self.position, position
            if self.bar is not None:
                self.bar.update(step)
        if self.bar is None and time.monotonic() - self.started >= self.after:
            self._show()

    def __exit__(self, *exc) -> None:
        self.timer.cancel()
        with self.lock:
            self.done = True
            if self.bar is not None:
                if self.total is not None and not exc[0]:
                    self.bar.update(max(self.total - self.position, 0))
                self.bar.__exit__(*exc)


class Terminal(Progress):
    """Progress bars on a terminal's standard error."""

    def __init__(self, stream, after: float = AFTER):
        self.stream, self.after = stream, after

    def task(self, label: str, total: int | None = None) -> _Step:
        return _Bar(label, total, self.stream, self.after)


def on_terminal(quiet: bool = False, stream=None, after: float | None = None) -> Progress:
    """The progress of a command-line run: bars on standard error when it is a terminal and
    ``--quiet`` was not given, else ``SILENT``. ``after``: the seconds before a bar shows
    (default ``AFTER``; the environment's ``VELVOITE_PROGRESS_AFTER``, for tests)."""
    stream = stream or sys.stderr
    if quiet or not stream.isatty():
        return SILENT
    if after is None:
        try:
            after = float(os.environ.get("VELVOITE_PROGRESS_AFTER", AFTER))
        except ValueError:
            after = AFTER
    return Terminal(stream, after)
