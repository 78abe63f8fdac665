class ProgrammeError(Exception):
    """The one domain error of programmes. `code` is for views and tests;
    the message is for people, in their language."""

    def __init__(self, message, *, code):
        super().__init__(message)
        self.message = message
        self.code = code
