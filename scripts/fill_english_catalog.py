"""Fill the English catalog: every msgstr is its msgid (source strings are English).

Run after `make translations-update`:  .venv/bin/python scripts/fill_english_catalog.py
Plural entries get the singular and plural msgid as their two forms; fuzzy flags are dropped.
"""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOG = Path(__file__).resolve().parent.parent / (
    "trading_house/translations/en/LC_MESSAGES/messages.po"
)


def fill(path: Path = CATALOG) -> int:
    """Set msgstr = msgid for every entry of the catalog at `path`; return how many changed."""
    with path.open("rb") as f:
        catalog = read_po(f, locale="en")
    changed = 0
    for message in catalog:
        if not message.id:
            continue
        wanted = tuple(message.id) if message.pluralizable else message.id
        current = tuple(message.string) if message.pluralizable else message.string
        if current != wanted or message.fuzzy:
            message.string = wanted
            message.flags.discard("fuzzy")
            changed += 1
    catalog.obsolete.clear()
    with path.open("wb") as f:
        write_po(f, catalog, width=76)
    return changed


if __name__ == "__main__":
    print(f"{fill()} English entries filled in {CATALOG}")
