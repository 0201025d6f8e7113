"""Query parameters read exactly as the OpenAPI document describes them.

Each operation's parameters are checked against the schemas ``openapi.query_parameters()``
publishes (type, enum, minimum, maximum, maxLength, pattern), so whatever the document allows is
accepted and whatever it does not is a 400 problem naming the parameter. Values are taken as
sent: no trimming, no thousands separators, ``true``/``false`` only, upper-case currency codes.
"""

import re

from flask import request
from flask_babel import gettext as _

from trading_house.api.http import ApiProblem
from trading_house.api.openapi import QUERIES, query_parameters

#: The JSON Schema keywords this reader understands; ``tests/api`` fails on any other.
KEYWORDS = frozenset(
    {"type", "enum", "minimum", "maximum", "maxLength", "pattern", "default", "description"}
)
_INTEGER = re.compile(r"-?[0-9]+")
_INVALID = object()


def read_query(path: str) -> dict:
    """The query parameters of the operation at ``path`` (as in the document), converted to
    Python values; absent ones get their documented default or are left out.

    Raises :class:`ApiProblem` (400) listing every parameter that breaks its schema.
    """
    parameters = query_parameters()
    values: dict = {}
    errors: dict[str, str] = {}
    for name in QUERIES[path]:
        schema = parameters[name]["schema"]
        sent = request.args.get(name)
        if sent is None:
            if "default" in schema:
                values[name] = schema["default"]
            continue
        value = _convert(sent, schema)
        if value is _INVALID:
            errors[name] = _message(schema)
        else:
            values[name] = value
    if errors:
        raise ApiProblem(400, _("Some query parameters are not valid."), errors)
    return values


def _convert(sent: str, schema: dict):
    """``sent`` as the schema's type, or ``_INVALID`` when the schema does not allow it."""
    kind = schema["type"]
    if kind == "integer":
        if not _INTEGER.fullmatch(sent):
            return _INVALID
        try:
            value = int(sent)
        except ValueError:  # more digits than Python converts: far beyond every maximum
            return _INVALID
        if value < schema.get("minimum", value) or value > schema.get("maximum", value):
            return _INVALID
        return value
    if kind == "boolean":
        return {"true": True, "false": False}.get(sent, _INVALID)
    if "enum" in schema and sent not in schema["enum"]:
        return _INVALID
    if len(sent) > schema.get("maxLength", len(sent)):
        return _INVALID
    # JSON Schema patterns here are anchored with ^…$; fullmatch also refuses a trailing
    # newline, which Python's "$" would let through but ECMA-262's does not.
    pattern = schema.get("pattern", "^.*$").removeprefix("^").removesuffix("$")
    if not re.fullmatch(pattern, sent, re.DOTALL):
        return _INVALID
    return sent


def _message(schema: dict) -> str:
    kind = schema["type"]
    if kind == "integer":
        return _(
            "Enter a whole number from %(low)d to %(high)d.",
            low=schema["minimum"],
            high=schema["maximum"],
        )
    if kind == "boolean":
        return _("Use true or false.")
    if "enum" in schema:
        return _("Use one of: %(values)s.", values=", ".join(schema["enum"]))
    if "pattern" in schema:  # the only patterned parameters are "id or slug" ones
        return _("Use an id or a slug (lower-case letters, digits and hyphens).")
    return _("Use at most %(count)s characters.", count=schema["maxLength"])
