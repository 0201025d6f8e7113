"""What areas contribute to shared pages, declared in one place and checked at start-up.

An area adds its navigation links and dashboard panels in its ``register(registry)`` function
(called by ``create_app``); the base layout and the dashboards render what is registered. A link
or panel naming an endpoint or a template that does not exist stops the app from starting with a
message that names it: a renamed endpoint fails loudly instead of hiding a link.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from jinja2 import TemplateNotFound

EXTENSION_KEY = "rumah_dagang.registry"


#: Who sees a navigation link.
EVERYONE, VISITORS, SIGNED_IN = "everyone", "visitors", "signed_in"
#: Links only these roles see are grouped in the header's staff menu (it fits at 1024 px).
STAFF_ROLES = frozenset({"curator", "admin"})


@dataclass(frozen=True)
class NavLink:
    """A link of the header.

    ``place`` is ``"main"`` (the menu on the left) or ``"tools"`` (messages, cart: on the right,
    and kept visible on phones). ``audience`` is everyone, visitors (not signed in) or signed-in
    users, narrowed to ``roles`` when given. ``count(user)`` gives the number on its badge.
    """

    endpoint: str
    label: Any  # a lazy string
    place: str = "main"
    audience: str = SIGNED_IN
    roles: tuple[str, ...] = ()
    order: int = 50
    testid: str | None = None
    count: Callable[[Any], int] | None = None
    count_label: Any = None  # words after the number for screen readers ("unread")
    count_testid: str | None = None

    @property
    def is_staff(self) -> bool:
        """A back-office link: shown in the staff menu rather than in the main row."""
        return bool(self.roles) and set(self.roles) <= STAFF_ROLES

    def visible_to(self, user: Any) -> bool:
        signed_in = bool(getattr(user, "is_authenticated", False))
        if self.audience == EVERYONE:
            return True
        if self.audience == VISITORS:
            return not signed_in
        return signed_in and (not self.roles or user.has_role(*self.roles))


@dataclass(frozen=True)
class RenderedLink:
    link: NavLink
    count: int | None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.link, name)


@dataclass(frozen=True)
class Panel:
    """A panel on a dashboard: a template and the function that builds its context."""

    name: str
    template: str
    context: Callable[..., Mapping[str, Any] | None]
    order: int = 50


@dataclass(frozen=True)
class RenderedPanel:
    name: str
    template: str
    context: Mapping[str, Any]


@dataclass
class Registry:
    nav: list[NavLink] = field(default_factory=list)
    panels: dict[str, list[Panel]] = field(default_factory=dict)
    #: name -> ``core.outbox.Outbox``: what ``flask outbox send`` sends and ``/metrics`` counts.
    outboxes: dict[str, Any] = field(default_factory=dict)
    #: Jinja filters an area offers every template (``{{ code|regency }}``).
    template_filters: dict[str, Callable[..., Any]] = field(default_factory=dict)
    #: Functions returning ``{"public": keys, "private": keys}`` that the database refers to
    #: (``flask storage verify`` keeps those and reports the rest as orphans).
    storage_references: list[Callable[[], dict[str, set[str]]]] = field(default_factory=list)

    def add_template_filter(self, name: str, function: Callable[..., Any]) -> None:
        if name in self.template_filters:
            raise RuntimeError(f"template filter {name!r} is registered twice")
        self.template_filters[name] = function

    def add_storage_references(self, function: Callable[[], dict[str, set[str]]]) -> None:
        self.storage_references.append(function)

    def add_outbox(self, outbox: Any) -> None:
        if outbox.name in self.outboxes:
            raise RuntimeError(f"outbox {outbox.name!r} is registered twice")
        self.outboxes[outbox.name] = outbox

    def add_nav(self, link: NavLink) -> None:
        self.nav.append(link)
        self.nav.sort(key=lambda item: item.order)

    def add_panel(self, dashboard: str, panel: Panel) -> None:
        self.panels.setdefault(dashboard, []).append(panel)
        self.panels[dashboard].sort(key=lambda item: item.order)

    def nav_for(self, user: Any, place: str = "main") -> list[RenderedLink]:
        """The links of ``place`` that ``user`` sees, with their badge numbers."""
        return [
            RenderedLink(link, link.count(user) if link.count else None)
            for link in self.nav
            if link.place == place and link.visible_to(user)
        ]

    def panels_for(self, dashboard: str, **subject: Any) -> list[RenderedPanel]:
        """Each panel of ``dashboard`` with its context; a panel whose context is None is hidden."""
        rendered = []
        for panel in self.panels.get(dashboard, []):
            context = panel.context(**subject)
            if context is not None:
                rendered.append(RenderedPanel(panel.name, panel.template, context))
        return rendered

    def verify(self, app: Flask) -> None:
        """Raise at start-up when a link's endpoint or a panel's template does not exist."""
        missing = [
            f"endpoint {link.endpoint!r}"
            for link in self.nav
            if link.endpoint not in app.view_functions
        ]
        for dashboard, panels in self.panels.items():
            for panel in panels:
                try:
                    app.jinja_env.get_template(panel.template)
                except TemplateNotFound:
                    missing.append(f"template {panel.template!r} of panel {dashboard}/{panel.name}")
        if missing:
            raise RuntimeError("registry names what does not exist: " + ", ".join(missing))
        expected = tuple(app.config.get("OUTBOX_SENDERS", ()))
        absent = [name for name in expected if name not in self.outboxes]
        if absent:
            raise RuntimeError(
                "no area registered the outbox sender(s) "
                + ", ".join(repr(name) for name in absent)
                + " named in OUTBOX_SENDERS: their messages would never be sent"
            )


def registry_of(app: Flask) -> Registry:
    return app.extensions[EXTENSION_KEY]


def current_registry() -> Registry:
    from flask import current_app

    return registry_of(current_app)
