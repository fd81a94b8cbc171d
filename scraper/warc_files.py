"""The WARC files of an import, read in turn (a file that cannot be read, or is read in
part, noted and the next read), and the report of what the import did."""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .errors import UsageError
from .warc_read import Capture, Damaged, read_captures
from .warc_stories import Pages, grouped

__all__ = ["ImportReport", "Progress", "as_paths", "read_files"]

Progress = Callable[[str, int, int], None]  # (phase, done, total): bytes of the files


@dataclass(frozen=True)
class ImportReport:
    """What one import did, as `scraper import-warc --json` prints it."""

    run_id: int
    responses: int = 0  # HTTP response records read
    revisits: int = 0  # revisit records read: archived as captures of a page it holds
    takedowns: int = 0  # an export's takedown and return records read: counted in the others
    archived: int = 0  # new articles
    new_versions: int = 0  # articles that changed since the archive last saw them
    unchanged: int = 0  # the archive has this text already
    older: int = 0  # captures the archive has seen already (importing again): passed over
    removed: int = 0  # archived stories a later 404/410 capture found taken down
    failed: int = 0  # no article text, extraction failed, or a damaged record
    extracted: int = 0  # pages given to the extractor (or their results, `import_stories`)
    extraction_errors: int = 0  # of those, the ones whose extraction raised
    skipped: int = 0  # not 2xx, not HTML, or too large
    failures: tuple[tuple[str, str], ...] = ()  # (url, reason), capped
    bad_files: tuple[tuple[str, str], ...] = ()  # (path, reason): read in part or not at all

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["failures"] = [{"url": u, "reason": r} for u, r in self.failures]
        data["bad_files"] = [{"path": p, "reason": r} for p, r in self.bad_files]
        return data


def as_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """`paths` as `Path`s (one path alone, not iterated: a str is not a list of files)."""
    try:
        return [Path(paths)] if isinstance(paths, str | os.PathLike) else list(map(Path, paths))
    except TypeError as error:  # (before a run is recorded)
        raise UsageError(f"WARC files are given as paths (str or PathLike): {error}") from None


def read_files(
    files: list[Path], max_bytes: int, bad_files: list[tuple[str, str]], progress: Progress | None
) -> Iterator[Capture | Pages]:
    """The captures of every file in turn; a file read in part (damaged records, which
    are skipped) or not at all is noted in `bad_files`, and the next is read."""
    total = sum(path.stat().st_size for path in files if path.is_file())
    done = 0
    for path in files:
        damaged: list[Damaged] = []
        try:
            with path.open("rb") as stream:
                for capture in grouped(read_captures(stream, max_bytes=max_bytes)):
                    if isinstance(capture, Damaged) and not capture.truncated:
                        damaged.append(capture)
                    yield capture
                    if progress:
                        progress("import", done + stream.tell(), total)
                done += stream.tell()
        # (The caller reports `bad_files`; a log line as well would say it twice.)
        except UsageError as error:
            bad_files.append((str(path), str(error)))
        except (OSError, EOFError, zlib.error) as error:
            # (a file gzipped whole and cut short ends in gzip or EOF errors)
            bad_files.append((str(path), f"{type(error).__name__}: {error}"))
        if damaged:
            first = damaged[0]
            count = f"{len(damaged)} damaged record{'s' if len(damaged) > 1 else ''}"
            where = f" ({first.url})" if first.url else ""
            bad_files.append((str(path), f"{count} skipped: {first.reason}{where}"))
