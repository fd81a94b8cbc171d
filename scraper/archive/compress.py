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

    `load(dict_id)` returns a dictionary's stored bytes. The `cache` most recently used
    dictionaries are kept digested for compression (~0.7 MB each at level 3), so memory
    stays bounded however many hosts the archive holds, while a run interleaving a few
    dozen hosts does not set a dictionary up again for every page. The compression context
    (~0.6 MB more) is made per page instead: with a digested dictionary that costs nothing
    measurable, and a run over many hosts would otherwise hold one for each.
    """

    def __init__(self, load: Callable[[int], bytes], *, level: int = LEVEL, cache: int = 48):
        self.level = level
        self._load = load
        self._cache_size = cache
        self._dictionaries: OrderedDict[int, _Dictionary] = OrderedDict()
        self._plain = _Dictionary(None)

    def forget(self) -> None:
        """Drop every cached dictionary: after a rollback an id may name another one."""
        self._dictionaries.clear()

    def retire(self, dict_id: int) -> None:
        """Free a dictionary a newer one replaced: its pages are read rarely, and a long
        run would otherwise fill the cache with every host's past dictionaries."""
        self._dictionaries.pop(dict_id, None)

    def compress(self, body: bytes, dict_id: int | None = None) -> bytes:
        dictionary = self._dictionary(dict_id).for_compression(self.level)
        compressor = zstandard.ZstdCompressor(
            level=self.level, dict_data=dictionary, write_checksum=True
        )
        return compressor.compress(body)

    def decompress(self, blob: bytes, dict_id: int | None = None) -> bytes:
        # The frame header records the content size, so no output limit is needed here.
        return self._dictionary(dict_id).decompressor().decompress(blob)

    def _dictionary(self, dict_id: int | None) -> _Dictionary:
        if dict_id is None:
            return self._plain
        found = self._dictionaries.get(dict_id)
        if found is None:
            data = zstandard.ZstdDecompressor().decompress(self._load(dict_id))
            found = _Dictionary(
                zstandard.ZstdCompressionDict(data, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
            )
            self._dictionaries[dict_id] = found
            if len(self._dictionaries) > self._cache_size:
                self._dictionaries.popitem(last=False)
        self._dictionaries.move_to_end(dict_id)
        return found


class _Dictionary:
    """One dictionary (or none), digested for compression and decompression on first use."""

    def __init__(self, data: zstandard.ZstdCompressionDict | None):
        self._data = data
        self._level: int | None = None
        self._decompressor: zstandard.ZstdDecompressor | None = None

    def for_compression(self, level: int) -> zstandard.ZstdCompressionDict | None:
        if self._data is not None and self._level != level:
            self._data.precompute_compress(level=level)
            self._level = level
        return self._data

    def decompressor(self) -> zstandard.ZstdDecompressor:
        if self._decompressor is None:
            self._decompressor = zstandard.ZstdDecompressor(dict_data=self._data)
        return self._decompressor
