"""Article text for test pages: paragraphs of prose, numbered so a test can find each."""

from __future__ import annotations


def paragraphs(
    label: str,
    count: int,
    sentence: str = "the story is told in prose. ",
    *,
    times: int = 5,
    first: int = 1,
) -> str:
    """`count` paragraphs "<label> <n>: …", numbered from `first`."""
    return "".join(f"<p>{label} {n}: {sentence * times}</p>" for n in range(first, first + count))
