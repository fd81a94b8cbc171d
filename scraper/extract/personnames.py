"""Whether a few words are a person's name or a medium's, for bylines (`authors`) and for
the site's name a title adds (`titles`: "Headline - John Smith" names its author)."""

from __future__ import annotations

import re

__all__ = ["MEDIUM_WORDS", "person_shaped"]

# Words that name a medium, not a person: "Riverbend Times", "Jane Doe, TV Globo".
MEDIUM_WORDS = (
    "tv|radio|news|press|presse|prensa|agency|agencia|agência|agenzia|agence|media|times"
    "|herald|tribune|gazette|journal|network|channel"
)
_MEDIUM = re.compile(rf"\b(?:{MEDIUM_WORDS})\b", re.I)
# Two or three capitalised words of a name's length, a middle initial: "Ann K. Lee".
_NAME = r"[A-ZÀ-Þ][a-zß-ÿ]{1,12}(?:[-'’][A-ZÀ-Þ]?[a-zß-ÿ]+)?"
_PERSON = re.compile(rf"{_NAME}(?: [A-Z]\.)?(?: {_NAME}){{1,2}}")


def person_shaped(text: str) -> bool:
    """Whether `text` is shaped as a person's name written in Latin letters ("John Smith"),
    with no word that names a medium ("Riverbend Times")."""
    return bool(_PERSON.fullmatch(text)) and not _MEDIUM.search(text)
