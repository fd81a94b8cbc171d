"""Running a command as a user who owns nothing here: nobody, when the tests run as root."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import cache

import pytest

SETPRIV = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def as_nobody() -> list[str]:
    """The prefix that runs a command as nobody ([] when we are not root); the test is
    skipped where that cannot be done."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to drop root")
    if not _python_runs_as_nobody():
        # pyenv's Pythons under /root (drwx------) load a libpython nobody cannot read.
        pytest.skip(f"{sys.executable} cannot start as nobody")
    return SETPRIV


@cache
def _python_runs_as_nobody() -> bool:
    probe = subprocess.run([*SETPRIV, sys.executable, "-c", "pass"], capture_output=True)
    return probe.returncode == 0
