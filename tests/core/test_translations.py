"""Every interface string has its Chinese translation, and the compiled catalogue is current."""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
FIELD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?) (".*")$')


def read_po(path: Path) -> list[dict[str, str]]:
    """Return the .po file's entries as {field: text}, with continuation lines joined."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, field, fuzzy = {}, None, False
        for line in block.splitlines():
            fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
            if match := FIELD.match(line):
                field = match.group(1)
                entry[field] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and field:
                entry[field] += ast.literal_eval(line)
        if entry.get("msgid"):
            entry["fuzzy"] = fuzzy
            entries.append(entry)
    return entries


def translation(entry: dict[str, str]) -> str:
    return entry.get("msgstr", entry.get("msgstr[0]", ""))


def compiled_text(compiled: gettext.GNUTranslations, entry: dict[str, str]) -> str:
    if "msgctxt" in entry:
        return compiled.pgettext(entry["msgctxt"], entry["msgid"])
    return compiled.gettext(entry["msgid"])


def test_every_string_is_translated_to_chinese():
    entries = read_po(LOCALE / "django.po")

    untranslated = [e["msgid"] for e in entries if e["fuzzy"] or not translation(e)]

    assert entries
    assert untranslated == []


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    stale = [
        entry["msgid"]
        for entry in read_po(LOCALE / "django.po")
        if "msgid_plural" not in entry
        and compiled_text(compiled, entry) != translation(entry)
    ]

    assert stale == []
