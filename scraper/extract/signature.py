"""The story's signature: its author's name alone on the last line, set to the right.

Many newsrooms print no byline over a story but sign it at its end, as a letter is
signed: `<p style="text-align:right"><strong>Lê Phương</strong></p>` (Vietnam's papers
do, and regional ones elsewhere). That line is metadata, not text; and where the page's
metadata names no person (only the publication), it is the author.

Japanese papers sign off with the name in parentheses ("（山田太郎）"); otherwise only a
line a browser shows on the right counts: a short capitalised line at the end of a story
may as well be a heading left without its section ("Related Stories").

Korean wires sign at the start instead, in the lead's dateline: "(서울=연합뉴스) 김민수 기자 =
…" (place and agency, then the reporter); that name is the author too, and the lead stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice
from typing import Final

from selectolax.lexbor import LexborNode

from .authors import looks_like_name
from .page import Block

__all__ = ["SIGNATURE", "find_signature", "lead_reporter"]

SIGNATURE: Final = "signature"  # the rule that takes the line out of the text
_MAX_CHARS: Final = 40
_WORDS: Final = (2, 4)  # a given name and a family name, with a middle name or two
# Words of a name: capitalised, with the particles some names hold in lower case ("de",
# "van der"); no digits, no sentence's punctuation.
_NAME_WORD: Final = re.compile(r"[^\W\d_][\w'’.-]*")
_PARTICLE: Final = re.compile(r"[a-zß]{1,3}")
_RIGHT: Final = '[style*="right" i], [align="right" i]'
_MIN_BLOCKS_BEFORE: Final = 2  # a story to sign: a line alone is no signature
# Japanese news signs off with the reporter's name in parentheses, wherever the line is
# set: "（山田太郎）"; not a desk's or an agency's ("（编辑）", "（中新社）", "（人民网）").
_SIGN_OFF: Final = re.compile(
    r"[（(](?![^）)]*[编編社网網报報台局部会會院省庁厅])[\u4e00-\u9fff]{2,5}[）)]"
)


def find_signature(root: LexborNode, decisions: Sequence[tuple[Block, str | None]]) -> int | None:
    """The index of the block that signs the story, if the last kept one does."""
    # The last kept blocks, from the end: the one that may sign, and the story before it.
    backwards = (i for i in range(len(decisions) - 1, -1, -1) if decisions[i][1] is None)
    kept = list(islice(backwards, _MIN_BLOCKS_BEFORE + 1))
    if len(kept) <= _MIN_BLOCKS_BEFORE:
        return None
    last = kept[0]
    block = decisions[last][0]
    if block.heading or block.item or block.quote or block.link_chars:
        return None
    if _SIGN_OFF.fullmatch(block.text):
        return last
    if not _name(block.text):
        return None
    for node in root.css(_RIGHT):
        if _right_aligned(node) and " ".join(node.text(deep=True).split()) == block.text:
            return last
    return None


# "(서울=연합뉴스) 김민수 기자 =", "[서울=뉴시스]김민수·이영희 기자 =": the reporters, one or more.
_KOREAN_LEAD: Final = re.compile(
    r"[(\[][^=()\[\]]{1,12}=[^()\[\]]{1,15}[)\]]\s*"  # (place=agency)
    r"([가-힣]{2,4}(?:\s*[·ㆍ]\s*[가-힣]{2,4})*\s*(?:기자|특파원))\s*="  # reporters, title, =
)


def lead_reporter(decisions: Sequence[tuple[Block, str | None]]) -> str | None:
    """The reporters a Korean wire's lead names, if the story's first kept block is one."""
    first = next((block for block, rule in decisions if rule is None), None)
    found = _KOREAN_LEAD.match(first.text) if first is not None else None
    return found[1] if found else None


def _name(text: str) -> bool:
    words = text.split()
    if len(text) > _MAX_CHARS or not _WORDS[0] <= len(words) <= _WORDS[1]:
        return False
    if not all(_NAME_WORD.fullmatch(word) for word in words):
        return False
    capitalised = [word[0].isupper() for word in words]
    if not (capitalised[0] and capitalised[-1]):
        return False
    inner = (w for w, cap in zip(words, capitalised, strict=True) if not cap)
    return all(_PARTICLE.fullmatch(word) for word in inner) and looks_like_name(text)


def _right_aligned(node: LexborNode) -> bool:
    """Whether the element's own style or `align` sets its text to the right (the
    selector also takes "margin-right", "float: right" and the like)."""
    if (node.attributes.get("align") or "").strip().lower() == "right":
        return True
    style = (node.attributes.get("style") or "").lower().replace(" ", "")
    return "text-align:right" in style
