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


@dataclass(frozen=True)
class NavLink:
    """A link in the top navigation, shown to signed-in users with one of ``roles`` (or all)."""

    endpoint: str
    label: Any  # a lazy string
    roles: tuple[str, ...] = ()
    order: int = 50
    testid: str | None = None

    def visible_to(self, user: Any) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return not self.roles or user.has_role(*self.roles)


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

    def add_nav(self, link: NavLink) -> None:
        self.nav.append(link)
        self.nav.sort(key=lambda item: item.order)

    def add_panel(self, dashboard: str, panel: Panel) -> None:
        self.panels.setdefault(dashboard, []).append(panel)
        self.panels[dashboard].sort(key=lambda item: item.order)

    def nav_for(self, user: Any) -> list[NavLink]:
        return [link for link in self.nav if link.visible_to(user)]

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


def registry_of(app: Flask) -> Registry:
    return app.extensions[EXTENSION_KEY]
