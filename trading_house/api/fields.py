"""Names of API fields and query parameters that read like a status word but are not one."""

from enum import StrEnum


class Field(StrEnum):
    #: Whether the enterprise's identity is verified (a boolean, not a verification status).
    VERIFIED = "verified"
