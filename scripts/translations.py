"""Work on the Indonesian catalog from the command line.

    .venv/bin/python scripts/translations.py missing         # JSON {msgid: ""} to translate
    .venv/bin/python scripts/translations.py apply FILE.json # fill msgstr from {msgid: text}
    .venv/bin/python scripts/translations.py merge OTHER.po  # take what OTHER has and we lack

Plural entries take a list of two strings in FILE.json. Fuzzy entries count as missing (pybabel
marks a guessed translation fuzzy; a person must read it). After `apply` or `merge`, run
`make translations` (and `scripts/fill_english_catalog.py` for the English catalog).
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "trading_house/translations/id/LC_MESSAGES/messages.po"


def _read(path: Path):
    with path.open("rb") as f:
        return read_po(f, locale="id")


def _write(catalog, path: Path = CATALOG) -> None:
    with path.open("wb") as f:
        write_po(f, catalog, width=76, omit_header=False, ignore_obsolete=True)


def _missing(message) -> bool:
    strings = message.string if message.pluralizable else [message.string]
    return message.fuzzy or not all(strings)


def missing() -> dict:
    catalog = _read(CATALOG)
    return {
        (m.id[0] if m.pluralizable else m.id): ([m.id[0], m.id[1]] if m.pluralizable else "")
        for m in catalog
        if m.id and _missing(m)
    }


def apply(mapping: dict) -> int:
    catalog = _read(CATALOG)
    done = 0
    for message in catalog:
        key = message.id[0] if message.pluralizable else message.id
        if not message.id or key not in mapping or not mapping[key]:
            continue
        value = mapping[key]
        message.string = tuple(value) if message.pluralizable else value
        message.flags.discard("fuzzy")
        done += 1
    _write(catalog)
    return done


def merge(other_path: Path) -> int:
    other = _read(other_path)
    known = {m.id: m.string for m in other if m.id and not _missing(m)}
    catalog = _read(CATALOG)
    done = 0
    for message in catalog:
        if message.id and _missing(message) and message.id in known:
            message.string = known[message.id]
            message.flags.discard("fuzzy")
            done += 1
    _write(catalog)
    return done


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "missing"
    if command == "missing":
        print(json.dumps(missing(), ensure_ascii=False, indent=1))
    elif command == "apply":
        print(f"{apply(json.loads(Path(argv[2]).read_text(encoding='utf-8')))} entries filled")
    elif command == "merge":
        print(f"{merge(Path(argv[2]))} entries taken from {argv[2]}")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
