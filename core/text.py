"""Text helpers that follow the reader's language."""

from collections.abc import Iterable

from django.utils.translation import gettext


def join_words(words: Iterable[str]) -> str:
    """Join words with the language's list separator."""
    # Translators: the separator between the items of a list; in Chinese "、".
    return gettext(", ").join(words)
