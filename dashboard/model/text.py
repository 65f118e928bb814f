"""Text folding for search: case and accents ignored."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip accents so 'Sulh' finds 'Sülh' and 'snt' finds 'SNT'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def ascii_words(text: str) -> str:
    """Letters without their accents; any other character that is not ASCII (a dash, 'ə') becomes
    a space: for citation keys and file names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c if c.isascii() else "" if unicodedata.combining(c) else " " for c in decomposed)


def in_sentence(label: str, language: str = "en") -> str:
    """A label as it reads inside a sentence: its first letter lower-cased, unless its first word
    is an abbreviation ('NATO standards' stays, 'Missions' becomes 'missions'); Azerbaijani's
    dotted and dotless capitals become 'i' and 'ı', not Python's 'i̇'."""
    if not label:
        return label
    first_word = label.split()[0]
    if len(first_word) > 1 and first_word.isupper():
        return label
    first = label[0]
    if first == "İ":
        lowered = "i"
    elif first == "I" and language == "az":
        lowered = "ı"
    else:
        lowered = first.lower()
    return lowered + label[1:]
