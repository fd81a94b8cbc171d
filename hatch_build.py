"""Build hook: a wheel's extractor is compiled to C with mypyc.

The parse is Lexbor's C already; what a page costs is the extractor's own Python (the walk
over every node, the rules). mypyc compiles that same typed code, unchanged, into a C
extension per module: ~20% less time a page, with the same output (checked on every
corpus page). Pure Python stays the reference:

- an editable install (`pip install -e .`: development, the tests) is never compiled, so
  an edited module always runs as written;
- `scraper.extract` itself (the public entry point) stays Python, so a wrong argument
  still gets `ExtractionError`, not the compiled code's `TypeError`;
- a build that cannot compile (no C compiler, no Python headers) warns and ships pure
  Python, which works the same, slower; so does one with SCRAPER_PURE_PYTHON=1.

`scraper --version` says which one is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

_PACKAGE = "scraper"
_COMPILED = "scraper/extract"  # the modules compiled, but for these:
# the package's door, and the user's site rules, which cross to worker processes
# pickled (mypyc's frozen classes cannot be unpickled) and are read once a page.
_NOT_COMPILED = frozenset({"__init__.py", "sites.py"})
_EXTENSIONS = (".so", ".pyd")
# mypyc's own command line, but for the name of the library the modules share
# (`scraper__mypyc`, at the top of site-packages, rather than a hash).
_SETUP = """\
import sys
from mypyc.build import mypycify
from setuptools import setup

modules = sys.argv[sys.argv.index("--") + 1 :]
del sys.argv[sys.argv.index("--") :]
# mypy finds no types for some dependencies; they are only called, never compiled.
setup(
    name="scraper-extractor",
    ext_modules=mypycify(["--ignore-missing-imports", *modules], group_name="scraper"),
)
"""


class CompileExtractor(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._workdir: str | None = None
        if self.target_name != "wheel" or version == "editable":
            return
        if os.environ.get("SCRAPER_PURE_PYTHON"):
            self.app.display_info("SCRAPER_PURE_PYTHON is set: the extractor stays Python")
            return
        workdir = self._workdir = tempfile.mkdtemp(prefix="scraper-mypyc-")
        built = _compile(Path(self.root), Path(workdir))
        if isinstance(built, str):
            self.app.display_warning(f"mypyc could not compile; the extractor is Python:\n{built}")
            return
        # The C extensions join the .py files they shadow (Python imports an extension
        # module first); the wheel is then for this interpreter and platform.
        build_data["force_include"].update({str(path): rel for path, rel in built.items()})
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._workdir:
            shutil.rmtree(self._workdir, ignore_errors=True)


def _compile(root: Path, workdir: Path) -> dict[Path, str] | str:
    """Compile a copy of the package in `workdir`, so no build product lands in the
    source tree; the extension files by their place in the wheel, or mypyc's output."""
    shutil.copytree(
        root / _PACKAGE, workdir / _PACKAGE, ignore=shutil.ignore_patterns("*.so", "__pycache__")
    )
    (workdir / "compile.py").write_text(_SETUP)
    modules = sorted(
        str(path.relative_to(workdir))
        for path in (workdir / _COMPILED).glob("*.py")
        if path.name not in _NOT_COMPILED
    )
    try:
        done = subprocess.run(
            [sys.executable, "compile.py", "build_ext", "--inplace", "--", *modules],
            cwd=workdir,
            capture_output=True,
            text=True,
        )
    except OSError as error:
        return str(error)
    if done.returncode:
        return (done.stdout + done.stderr)[-4000:]
    # The modules' extensions beside their sources, and the one shared library mypyc
    # links them against, at the top of site-packages.
    built = {
        path: str(path.relative_to(workdir))
        for path in workdir.rglob("*")
        if path.suffix in _EXTENSIONS and "build" not in path.relative_to(workdir).parts
    }
    return built or "mypyc built no extension"
