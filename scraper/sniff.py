"""What a body's first bytes say it is, when it is no text: a PDF, an image, an archive.

Light on purpose (no HTTP library): the fetcher refuses such bodies as pages, and
`scraper extract` refuses such files, with the same words.
"""

from __future__ import annotations

__all__ = ["binary_kind"]

_MAGIC = (
    (b"%PDF-", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
)


_BINARY_CONTROLS = bytes([*range(9), 11, 12, *range(14, 27), *range(28, 32)])


def binary_kind(head: bytes) -> str | None:
    """What the first bytes of a body are when they are no text ("a PDF", "binary
    data"), or None."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text is full of NULs
        return None
    # A stray NUL in a page is survivable (browsers show it); many control bytes are not text.
    controls = sum(head.count(bytes([c])) for c in _BINARY_CONTROLS)
    if controls > len(head) // 10:
        return "binary data"
    return None
