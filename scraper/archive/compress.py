"""zstd for raw pages, with a dictionary per host made from the host's own pages.

Pages of one site repeat the same markup (head, navigation, footer, scripts) around a
few kilobytes of article. Compressed one by one, every page pays for that markup again;
with a dictionary made of the site's recent pages it is paid once, in the dictionary
(which is itself stored zstd-compressed).

Dictionaries are immutable and versioned by their id: a page records the dictionary it
was compressed with, and a retrained dictionary is a new one, so every page stays
readable forever. This module knows nothing of SQLite: `PageStore` decides when to build
a dictionary and stores them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import zstandard

__all__ = [
    "LEVEL",
    "MAX_DICTIONARY",
    "RETRAIN_AFTER",
    "TRAIN_AFTER",
    "Codec",
    "build_dictionary",
    "pack_dictionary",
]

# With a good dictionary the level matters little (level 6 gains ~5% on level 3), while
# setting a dictionary up costs twice the time and three times the memory at level 6:
# a run over many hosts sets them up again and again.
LEVEL = 3
TRAIN_AFTER = 8  # pages of a host compressed without a dictionary before one is built
RETRAIN_AFTER = 200  # pages compressed with a dictionary before a fresh one (redesigns)
SAMPLES = 2  # recent pages a dictionary is made of: two cover an article and its variants
MAX_DICTIONARY = 1024 * 1024


def build_dictionary(samples: Sequence[bytes]) -> bytes | None:
    """A raw-content zstd dictionary made of the host's most recent pages (newest first).

    zstd's trainer (COVER) keeps only short segments common to many samples in at most
    ~100 KB; a news page repeats 100-300 KB of its site's markup almost verbatim, so whole
    recent pages as the dictionary compress the next page 5-6 times better (see
    bench/storage.py). zstd matches nearer offsets more cheaply, so the newest page goes
    last, nearest to the data.
    """
    chosen: list[bytes] = []
    room = MAX_DICTIONARY
    for sample in samples[:SAMPLES]:
        chosen.append(sample[:room])  # a huge page still gives its head and first markup
        room -= len(chosen[-1])
    data = b"".join(reversed(chosen))
    return data or None


def pack_dictionary(data: bytes) -> bytes:
    """The dictionary as stored: it is page markup, so it compresses like a page.

    Level 12: level 19 saves ~6% of one dictionary's bytes but takes ten times as long,
    and a run makes one every few hundred pages of each host."""
    return zstandard.ZstdCompressor(level=12, write_checksum=True).compress(data)


class Codec:
    """Compress and decompress page bodies, with the few dictionaries in use kept ready.

    `load(dict_id)` returns a dictionary's stored bytes; the `cache` most recently used
    dictionaries (and their zstd contexts, 1-3 MB each at level 3) are kept, so memory
    stays bounded however many hosts the archive holds, while a run interleaving a few
    dozen hosts does not set a dictionary up again for every page.
    """

    def __init__(self, load: Callable[[int], bytes], *, level: int = LEVEL, cache: int = 48):
        self.level = level
        self._load = load
        self._cache_size = cache
        self._contexts: OrderedDict[int | None, _Context] = OrderedDict()

    def forget(self) -> None:
        """Drop every cached dictionary: after a rollback an id may name another one."""
        self._contexts.clear()

    def retire(self, dict_id: int) -> None:
        """Free a dictionary a newer one replaced: its pages are read rarely, and a long
        run would otherwise fill the cache with every host's past dictionaries."""
        self._contexts.pop(dict_id, None)

    def compress(self, body: bytes, dict_id: int | None = None) -> bytes:
        return self._context(dict_id).compressor.compress(body)

    def decompress(self, blob: bytes, dict_id: int | None = None) -> bytes:
        # The frame header records the content size, so no output limit is needed here.
        return self._context(dict_id).decompressor.decompress(blob)

    def _context(self, dict_id: int | None) -> _Context:
        context = self._contexts.get(dict_id)
        if context is None:
            context = _Context.make(self._dictionary(dict_id), self.level)
            self._contexts[dict_id] = context
            if len(self._contexts) > self._cache_size:
                self._contexts.popitem(last=False)
        self._contexts.move_to_end(dict_id)
        return context

    def _dictionary(self, dict_id: int | None) -> zstandard.ZstdCompressionDict | None:
        if dict_id is None:
            return None
        data = zstandard.ZstdDecompressor().decompress(self._load(dict_id))
        return zstandard.ZstdCompressionDict(data, dict_type=zstandard.DICT_TYPE_RAWCONTENT)


@dataclass(frozen=True, slots=True)
class _Context:
    compressor: zstandard.ZstdCompressor
    decompressor: zstandard.ZstdDecompressor

    @classmethod
    def make(cls, dictionary: zstandard.ZstdCompressionDict | None, level: int) -> _Context:
        return cls(
            zstandard.ZstdCompressor(level=level, dict_data=dictionary, write_checksum=True),
            zstandard.ZstdDecompressor(dict_data=dictionary),
        )
