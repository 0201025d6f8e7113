"""WSGI entry point: ``gunicorn wsgi:app``."""

from trading_house import create_app

app = create_app()
