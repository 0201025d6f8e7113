"""Domain errors that views turn into clear, translated messages."""


class DomainError(Exception):
    """A business rule said no. ``message`` is already translated (lazy) for the user."""

    def __init__(self, message, *, field: str | None = None):
        # Keep the lazy string lazy: it is rendered in the user's language when shown, and
        # rendering it here would fail outside a request (CLI commands, jobs, threads).
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class NotFound(DomainError):
    """The object does not exist or is not visible to this user."""


class PermissionDenied(DomainError):
    """The object is visible but this action is not allowed."""


class InvalidTransition(DomainError):
    """A status change that the lifecycle's transition table does not allow."""
