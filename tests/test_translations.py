"""The Indonesian and English catalogs cover every string of the current source.

A string added to the code or a template without being translated fails here with the list of
the missing ones: run `make translations-update`, translate them in
`trading_house/translations/id/LC_MESSAGES/messages.po`, run
`.venv/bin/python scripts/fill_english_catalog.py` and `make translations`.
"""

import gettext
import re
import shlex
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "trading_house" / "translations"
LOCALES = ("id", "en")

#: printf-style placeholders (%(name)s, %s, %d, %%) and str.format-style ones ({name}).
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]|\{[^{}\s]*\}")


def _extract_keywords() -> dict:
    """The -k options of `make translations-update`, so the test extracts exactly like pybabel."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    line = next(row for row in makefile.splitlines() if "pybabel extract" in row)
    args = shlex.split(line)
    extra = [args[i + 1] for i, arg in enumerate(args) if arg in ("-k", "--keyword")]
    return {**DEFAULT_KEYWORDS, **parse_keywords(extra)}


@cache
def source_messages() -> dict[str, tuple[str, ...]]:
    """msgid -> the places it is used, extracted in memory from the current source."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=_extract_keywords()
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return {msgid: tuple(places) for msgid, places in found.items()}


@cache
def catalog(locale: str):
    path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def _forms(message) -> tuple[str, ...]:
    if message.pluralizable:
        return tuple(message.string or ())
    return (message.string,)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_source_extraction_finds_the_templates_and_python_strings():
    """The extraction itself works: Python, HTML templates and e-mail .txt templates are read."""
    places = [place for used in source_messages().values() for place in used]
    assert len(source_messages()) > 100
    assert any(p.startswith("trading_house/") and ".py:" in p for p in places)
    assert any(p.startswith("templates/") and ".html:" in p for p in places)
    assert any(p.startswith("templates/email/") and ".txt:" in p for p in places)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_source_string_is_translated(locale):
    """(a) Every msgid of the current source is in the catalog, translated and not fuzzy."""
    messages = catalog(locale)
    problems = []
    for msgid, places in sorted(source_messages().items()):
        entry = messages.get(msgid)
        if entry is None:
            problems.append(f"missing:      {msgid!r}  ({places[0]})")
        elif entry.fuzzy:
            problems.append(f"fuzzy:        {msgid!r}  ({places[0]})")
        elif not all(form.strip() for form in _forms(entry)):
            problems.append(f"untranslated: {msgid!r}  ({places[0]})")
    assert not problems, (
        f"{len(problems)} string(s) not translated in the {locale!r} catalog "
        "(make translations-update, translate, make translations):\n" + "\n".join(problems)
    )


def test_indonesian_catalog_has_one_plural_form():
    messages = catalog("id")
    assert messages.num_plurals == 1
    assert messages.plural_expr == "0"
    for entry in messages:
        if entry.id and entry.pluralizable:
            assert len(_forms(entry)) == 1, entry.id


def test_english_catalog_repeats_the_source_strings():
    """The English catalog is msgstr = msgid (scripts/fill_english_catalog.py)."""
    wrong = []
    for entry in catalog("en"):
        if not entry.id:
            continue
        expected = tuple(entry.id) if entry.pluralizable else (entry.id,)
        if _forms(entry) != expected:
            wrong.append(repr(entry.id))
    assert not wrong, "run scripts/fill_english_catalog.py:\n" + "\n".join(wrong)


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_match_the_source(locale):
    """(b) Every translation keeps the msgid's placeholders, no more and no fewer."""
    wrong = []
    for entry in catalog(locale):
        if not entry.id:
            continue
        sources = entry.id if entry.pluralizable else (entry.id,)
        allowed = {tuple(_placeholders(source)) for source in sources}
        for form in _forms(entry):
            if form and tuple(_placeholders(form)) not in allowed:
                wrong.append(f"{entry.id!r} -> {form!r}")
    assert not wrong, f"placeholders differ in the {locale!r} catalog:\n" + "\n".join(wrong)


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalog_is_up_to_date(locale):
    """The .mo Flask-Babel reads contains what the .po says (`make translations` was run)."""
    path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo"
    assert path.exists(), f"{path} is missing: run `make translations`"
    with path.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = []
    for entry in catalog(locale):
        if not entry.id or entry.pluralizable or entry.fuzzy:
            continue
        if compiled.gettext(entry.id) != entry.string:
            stale.append(repr(entry.id))
    assert not stale, f"{path} is out of date, run `make translations`:\n" + "\n".join(stale[:20])


@pytest.mark.parametrize(
    ("lang", "heading", "other"),
    [
        ("id", "Produk pilihan dari Sulawesi Selatan", "Curated products from South Sulawesi"),
        ("en", "Curated products from South Sulawesi", "Produk pilihan dari Sulawesi Selatan"),
    ],
)
def test_home_page_speaks_the_chosen_language(client, lang, heading, other):
    """(c) ?lang= switches the rendered page between Indonesian and English."""
    response = client.get(f"/?lang={lang}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'lang="{lang}"' in page
    assert heading in page
    assert other not in page


def test_chosen_language_is_remembered(client):
    client.get("/?lang=en")
    assert "Curated products from South Sulawesi" in client.get("/").get_data(as_text=True)
    client.get("/?lang=id")
    assert "Produk pilihan dari Sulawesi Selatan" in client.get("/").get_data(as_text=True)
