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
