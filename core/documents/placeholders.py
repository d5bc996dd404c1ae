"""Template texts with {placeholders}: which ones a text uses, and the text filled in."""

import re
from collections.abc import Iterable

PLACEHOLDER_PATTERN = re.compile(r"\{(\w+)\}")


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace each {placeholder} in text with its value; unknown ones stay as typed."""
    return PLACEHOLDER_PATTERN.sub(
        lambda match: values.get(match.group(1), match.group(0)), text
    )


def unknown_placeholders(text: str, known: Iterable[str]) -> list[str]:
    """Return, sorted, the names of the placeholders text uses that are not known."""
    return sorted(set(PLACEHOLDER_PATTERN.findall(text)) - set(known))
