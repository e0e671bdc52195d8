class ApplicationError(Exception):
    """A business-rule failure whose message is shown to the user as it is (in Chinese)."""

    def __init__(self, message: str, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
