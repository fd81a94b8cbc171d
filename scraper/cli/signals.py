"""Stopping a long command: Ctrl-C, SIGTERM (systemd, `timeout`) and SIGHUP (a closed
terminal or ssh session) alike, in one line and with the status shells give a signal's
death (128 + its number), never click's "Aborted!" (exit 1: "could not do its job")."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from . import fail

__all__ = ["interruptible"]

_STOPPING = (signal.SIGTERM, signal.SIGHUP)  # (Ctrl-C raises KeyboardInterrupt itself)


@contextmanager
def interruptible(said: Callable[[], str]) -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into KeyboardInterrupt, so that what the command does
    unwinds as on Ctrl-C (transactions roll back, partial files go, worker pools end),
    then exit 128 + the signal, saying `said()`."""
    stopped: list[int] = []

    def stop(signum: int, frame: object) -> None:
        if stopped:  # (a second one would break into the unwinding)
            return
        stopped.append(signum)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise KeyboardInterrupt from None
        # Between two steps of the loop's tasks, not inside one (whose error would be
        # "never retrieved"): the loop then cancels its tasks, each unwinding.
        loop.call_soon_threadsafe(_interrupt)

    previous = {signum: signal.signal(signum, stop) for signum in _STOPPING}
    try:
        yield
    except KeyboardInterrupt:
        fail(said(), 128 + (stopped[0] if stopped else signal.SIGINT))
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _interrupt() -> None:
    raise KeyboardInterrupt
