"""The one base error for a user's mistakes.

Each carries an HTTP status so the web layer can answer with it, and a message that
says what to do; the CLI prints the message on one line and exits 1, no traceback.
"""


class AtlasError(Exception):
    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class DataDirectoryMissing(AtlasError):
    status = 404


class BuildLocked(AtlasError):
    status = 409


class BuildFailed(AtlasError):
    status = 500
