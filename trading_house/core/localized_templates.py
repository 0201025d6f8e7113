"""Templates compiled once per language, their fixed messages already translated (issue #18).

``{{ _("Catalog") }}`` looked its message up on every rendering: about fifty calls of ~9 µs on
a product page, with the same answer every time in one language. The environment keeps one
compiled template per language and, while compiling it, replaces each call of ``_`` or
``gettext`` with a single literal message and no variables by what that call returns: the
translation, as Markup under autoescape (``core/i18n.py``). Messages with variables, plurals and
``{% trans %}`` blocks are still translated when the page is rendered.

Only templates loaded by name in a request or with a locale forced (e-mails, PDFs) are
translated this way; a template compiled with no locale (start-up checks, templates from
strings) keeps its calls, under a key of its own.
"""

from __future__ import annotations

import weakref
from contextvars import ContextVar
from typing import Any

from flask import has_app_context
from flask.templating import Environment
from flask_babel import get_locale, get_translations
from jinja2 import nodes
from jinja2.visitor import NodeTransformer

#: The translations of the template being compiled (None: leave its messages as calls).
_COMPILING: ContextVar[Any] = ContextVar("compiling_translations", default=None)
#: The template globals that translate one message (``core/i18n.init_translations``).
_GETTEXT_NAMES = frozenset({"_", "gettext"})


class LocalizedEnvironment(Environment):
    """Flask's Jinja environment, caching each template per language (see the module)."""

    def _load_template(self, name: str, globals: Any) -> Any:
        if self.loader is None:
            raise TypeError("no loader for this environment specified")
        locale = _current_locale()
        key = (weakref.ref(self.loader), name, locale)
        cache: Any = self.cache  # Jinja's type names its own two-part keys
        if cache is not None:
            template = cache.get(key)
            if template is not None and (not self.auto_reload or template.is_up_to_date):
                if globals:
                    template.globals.update(globals)
                return template
        translations = get_translations() if locale is not None else None
        token = _COMPILING.set(translations if self.bytecode_cache is None else None)
        try:
            template = self.loader.load(self, name, self.make_globals(globals))
        finally:
            _COMPILING.reset(token)
        if cache is not None:
            cache[key] = template
        return template

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        translations = _COMPILING.get()
        if translations is None:
            return tree
        return _TranslateFixedMessages(translations).visit(tree)


def _current_locale() -> str | None:
    if not has_app_context():
        return None
    locale = get_locale()
    return str(locale) if locale is not None else None


class _TranslateFixedMessages(NodeTransformer):
    def __init__(self, translations: Any) -> None:
        self.translations = translations

    def visit_Call(self, node: nodes.Call) -> nodes.Node:
        self.generic_visit(node)
        if not _is_fixed_message(node):
            return node
        text = self.translations.ugettext(node.args[0].value)  # type: ignore[attr-defined]
        if "%" in text:  # what the call does: format, so "%%" is "%"
            try:
                text = text % {}
            except (TypeError, ValueError, KeyError):
                return node  # left to fail as it would when rendered
        return nodes.MarkSafeIfAutoescape(nodes.Const(text)).set_lineno(node.lineno)


def _is_fixed_message(node: nodes.Call) -> bool:
    return (
        isinstance(node.node, nodes.Name)
        and node.node.name in _GETTEXT_NAMES
        and len(node.args) == 1
        and isinstance(node.args[0], nodes.Const)
        and isinstance(node.args[0].value, str)
        and not node.kwargs
        and node.dyn_args is None
        and node.dyn_kwargs is None
    )
