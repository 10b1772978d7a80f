"""Errors that hallmark.credentials raises for documents it must not sign or cannot read."""

__all__ = [
    "CanonicalizationError",
    "CredentialError",
    "LimitExceededError",
    "UndefinedTermError",
    "UnknownContextError",
]


class CredentialError(ValueError):
    """Base class of the errors about credential documents, keys and status lists."""


class CanonicalizationError(CredentialError):
    """A document cannot be turned into canonical N-Quads (it is not valid JSON-LD)."""


class UndefinedTermError(CanonicalizationError):
    """A document uses a term (a property or a type) that none of its contexts defines.

    ``term`` is the first such term, ``terms`` all of them.

    RDFC canonicalization silently drops such a term, so it would travel unsigned: the
    Data Integrity specification requires refusing the document instead.
    """

    def __init__(self, term: str, *more: str, message: str | None = None) -> None:
        self.term = term
        self.terms = (term, *more)
        named = ", ".join(repr(name) for name in self.terms)
        noun, verb, pronoun = ("terms", "are", "them") if more else ("term", "is", "it")
        super().__init__(
            message
            or f"{noun} {named} {verb} not defined by any @context of the document, so a "
            f"signature would not cover {pronoun}; define {pronoun} in a context or remove "
            f"{pronoun}"
        )


class UnknownContextError(CanonicalizationError):
    """A document names a JSON-LD context that is not bundled; contexts are never fetched."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"@context {url!r} is not one of the bundled contexts (contexts are never fetched)"
        )


class LimitExceededError(CanonicalizationError):
    """A document would take more work to read or canonicalize than a verifier allows.

    ``limit`` names the bound that was reached (see Limits); the message says by how much.
    """

    def __init__(self, limit: str, message: str) -> None:
        self.limit = limit
        super().__init__(message)
