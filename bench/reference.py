# ruff: noqa: E501 - template markup reads better unwrapped
"""The fixed reference pages of ``bench/catalog_page.py`` and ``bench/product_page.py``.

A plain Flask app (no extensions, no middleware, no database) serving:

* ``/grid``: a bare 48-card Jinja grid rendered from a list of dicts built once at start-up,
  with the same card markup as the real catalog (image with srcset, name, price, maker, MOQ)
  inside a minimal page;
* ``/detail``: a bare product detail page (photo gallery, price, facts table, description,
  8 related cards) from one dict.

They are the ceiling the real pages are measured against, served by the same gunicorn
settings in the same run. They never change with our templates: the issue's point is that the
project's own template rendered from memory is itself slow, so it cannot be the reference.
"""

from flask import Flask, render_template
from jinja2 import DictLoader

CARD = """<div class="col">
    <article class="card h-100 product-card" data-testid="product-card">
      <a class="text-reset text-decoration-none stretched-link-parent" href="/p/{{ p.slug }}">
        <img class="card-img-top" src="/media/{{ p.photo }}-400.webp" srcset="/media/{{ p.photo }}-400.webp 400w, /media/{{ p.photo }}-800.webp 800w, /media/{{ p.photo }}-1600.webp 1600w" sizes="(min-width: 1200px) 16vw, (min-width: 768px) 25vw, 50vw"
             alt="{{ p.name }}" width="400" height="400" loading="lazy" decoding="async">
        <div class="card-body p-2">
          <h3 class="card-title mb-1 text-break" data-testid="product-name">{{ p.name }}</h3>
          <div class="fw-bold" data-testid="product-price">{{ p.price }}</div>
          <div class="small text-muted text-truncate">{{ p.maker }}</div>
          {% if p.moq %}<div class="small text-muted">MOQ {{ p.moq }} pcs</div>{% endif %}
        </div>
      </a>
    </article>
  </div>"""

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/static/css/app.css"></head>
<body><nav><a href="/">Home</a> <a href="/catalog">Catalog</a></nav><main>{% block body %}{% endblock %}</main>
<footer>Rumah Dagang</footer></body></html>"""

GRID = (
    '{% extends "page" %}{% block body %}<h1>Catalog</h1><p>20,000 products</p>'
    '<div class="row" data-testid="product-grid">{% for p in products %}'
    + CARD
    + "{% endfor %}</div>{% endblock %}"
)

DETAIL = (
    '{% extends "page" %}{% block body %}<h1>{{ product.name }}</h1>'
    '<img src="/media/{{ product.photo }}-800.webp" width="800" height="800" alt="{{ product.name }}">'
    "{% for photo in product.photos %}"
    '<a href="/media/{{ photo }}-1600.webp"><img src="/media/{{ photo }}-400.webp" width="72"></a>'
    "{% endfor %}"
    '<div data-testid="price">{{ product.price }}</div>'
    "<table>{% for tier in product.tiers %}<tr><td>from {{ tier[0] }}</td><td>{{ tier[1] }}</td></tr>{% endfor %}</table>"
    "<dl>{% for name, value in product.facts %}<dt>{{ name }}</dt><dd>{{ value }}</dd>{% endfor %}</dl>"
    '<div class="text-prewrap">{{ product.description }}</div>'
    '<div class="row">{% for p in related %}' + CARD + "{% endfor %}</div>{% endblock %}"
)


def _card(n: int) -> dict:
    return {
        "slug": f"p-{n}",
        "photo": f"p/{n % 256:02x}/{n}-0",
        "name": f"Kopi Arabika Toraja Sapan {n}",
        "price": f"Rp\u00a0{85_000 + n * 500:,}".replace(",", "."),
        "maker": f"Koperasi Kopi Sapan {n % 40}",
        "moq": 50 if n % 3 else None,
    }


def reference_app() -> Flask:
    app = Flask("reference")
    products = [_card(n) for n in range(48)]
    related = products[:8]
    product = {
        **_card(5),
        "photos": [f"p/05/5-{i}" for i in range(2)],
        "tiers": [(10, "Rp\u00a080.000"), (100, "Rp\u00a075.000")],
        "facts": [
            ("Export minimum order", "50 pcs"),
            ("Availability", "In stock (100)"),
            ("Materials", "arabica beans"),
            ("HS code", "0901.21.10"),
            ("Product code", "SKU-5"),
        ],
        "description": "Arabica coffee from the highlands of Tana Toraja. " * 8,
    }
    templates = {"page": PAGE, "grid": GRID, "detail": DETAIL}
    app.jinja_env.loader = DictLoader(templates)

    @app.get("/grid")
    def grid():
        return render_template("grid", products=products, title="Catalog")

    @app.get("/detail")
    def detail():
        return render_template("detail", product=product, related=related, title=product["name"])

    return app
