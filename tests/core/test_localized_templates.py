"""Templates compiled once per language with their fixed messages translated (issue #18): each
language reads its own words, forced locales (e-mails, PDFs) too, and what a page shows is what
the call of ``_`` would have given."""

import pytest
from flask_babel import force_locale
from jinja2 import DictLoader

from trading_house.core.localized_templates import LocalizedEnvironment

TEMPLATES = {
    "page.html": (
        '<a title="{{ _("Skip to content") }}">{{ _("Skip to content") }}</a>'
        '|{{ _("Photo %(n)s of %(total)s", n=1, total=2) }}'
        '|{{ _("Fifty %% off") }}|{{ _("Rock & <roll>") }}|{{ name }}'
        '|{% if wanted %}{{ _("Catalog") }}{% endif %}'
    ),
}


@pytest.fixture
def env(app):
    environment = LocalizedEnvironment(
        app, loader=DictLoader(TEMPLATES), autoescape=True, extensions=["jinja2.ext.i18n"]
    )
    environment.globals.update(app.jinja_env.globals)
    return environment


def render(env, **context):
    return env.get_template("page.html").render(name="<b>", wanted=True, **context)


def test_each_language_reads_its_own_fixed_messages(app, env):
    with app.test_request_context("/?lang=id"):
        app.preprocess_request()
        indonesian = render(env)
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        english = render(env)
        with force_locale("id"):  # an e-mail to an Indonesian reader, sent from this request
            forced = render(env)
    assert indonesian.startswith('<a title="Langsung ke konten">Langsung ke konten</a>')
    assert "|Foto 1 dari 2|" in indonesian and indonesian.endswith("|Katalog")
    assert english.startswith('<a title="Skip to content">Skip to content</a>')
    assert "|Photo 1 of 2|" in english and english.endswith("|Catalog")
    assert forced == indonesian


def test_fixed_messages_are_what_the_call_gives(app, env):
    """Formatted like the call ("%%" is "%"), markup as our catalogs write it, variables of
    the page still escaped; the same output as the template compiled without a locale."""
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        folded = render(env)
        source = env.loader.get_source(env, "page.html")[0]
        called = env.from_string(source).render(name="<b>", wanted=True)  # no folding
    assert "|Fifty % off|" in folded
    assert "|Rock & <roll>|" in folded
    assert "|&lt;b&gt;|" in folded
    assert folded == called


def test_only_messages_with_variables_are_translated_when_rendering(app, env):
    from jinja2 import pass_context

    translate = env.globals["_"]
    calls = []

    @pass_context
    def counted(context, *args, **kwargs):
        calls.append(args[0])
        return translate(context, *args, **kwargs)

    env.globals.update(_=counted, gettext=counted)
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        render(env)
        render(env)
    assert calls == ["Photo %(n)s of %(total)s"] * 2
