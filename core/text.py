"""Text helpers that follow the reader's language, and that clean what people type."""

import unicodedata
from collections.abc import Iterable

from django.utils.translation import gettext


def join_words(words: Iterable[str]) -> str:
    """Join words with the language's list separator."""
    # Translators: the separator between the items of a list; in Chinese "、".
    return gettext(", ").join(words)


def strip_invisible(text: str, *, multiline: bool = False) -> str:
    """Return the text without control and format characters, kept only for line breaks.

    Bidirectional overrides (U+202E) make a name read other than it is stored, and
    zero-width characters make two names that look alike differ.
    """
    kept = "\t\n\r" if multiline else ""
    return "".join(
        char
        for char in text
        if char in kept or unicodedata.category(char) not in ("Cc", "Cf")
    )
