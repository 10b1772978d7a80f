"""Canonical forms that proofs sign: RDFC-1.0 N-Quads (via pyld) and RFC 8785 JSON (JCS).

RDFC works on the RDF a document means, not on its JSON. A property or type that no context
defines has no RDF meaning, so JSON-LD processing drops it and the signature would not cover it.
Data Integrity requires refusing such documents ("safe mode"). pyld has no safe mode, so two
probes stand in for it: a handler records every property that expansion drops, and relative
IRIs (an undefined type, a relative id) are resolved against a reserved ``.invalid`` base that
no real document uses, so that they show up in the N-Quads and can be refused by name.
"""

import urllib.parse
from collections.abc import Mapping
from typing import Any

import rfc8785
from pyld.jsonld import JsonLdError, JsonLdProcessor

from ._contexts import ContextLoader, default_loader
from ._errors import CanonicalizationError, UndefinedTermError, UnknownContextError

__all__ = ["canonicalize_jcs", "canonicalize_rdfc"]

# RFC 2606 reserves .invalid: an IRI under this base can only come from a relative reference.
_RELATIVE_BASE = "https://relative-iri.invalid/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def canonicalize_rdfc(document: Mapping[str, Any], *, loader: ContextLoader | None = None) -> str:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document.

    Parameters:
        document: a JSON-LD document (a credential without its proof, or a proof configuration).
        loader: the context loader; by default the bundled contexts only.

    Raises:
        UnknownContextError: the document names a context that is not bundled.
        UndefinedTermError: a property or type is defined by no context, or an id is a
            relative IRI; the error's ``term`` names it.
        CanonicalizationError: the document is not valid JSON-LD.
    """
    loader = _canonicalize_iv(document, loader)
    dropped: list[str] = []
    processor = JsonLdProcessor(on_property_dropped=lambda term: dropped.append(str(term)))
    options: dict[str, Any] = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "base": _RELATIVE_BASE,
        "documentLoader": loader,
        "contextResolver": loader.resolver(),
    }
    nquads = str(_run(lambda: processor.normalize(dict(document), options)))
    if dropped:
        raise UndefinedTermError(*dict.fromkeys(dropped))
    _refuse_relative_iris(nquads)
    return nquads


def _canonicalize_iv(document: Mapping[str, Any], loader: ContextLoader | None) -> ContextLoader:
    if not isinstance(document, Mapping):
        raise TypeError(f"document must be a JSON object, not {type(document).__name__}")
    if "@context" not in document:
        raise CanonicalizationError("document has no @context, so its terms mean nothing")
    if loader is not None and not isinstance(loader, ContextLoader):
        raise TypeError("loader must be a ContextLoader")
    return loader or default_loader()


def _run(step: Any) -> Any:
    try:
        return step()
    except JsonLdError as error:
        cause = _cause(error, UnknownContextError)
        if cause is not None:
            raise cause from None
        raise CanonicalizationError(f"not valid JSON-LD: {_describe(error)}") from error
    except (RecursionError, AttributeError, TypeError, KeyError, IndexError) as error:
        # pyld assumes well-formed JSON; anything else must fail as invalid, not crash a verifier.
        raise CanonicalizationError(
            f"not valid JSON-LD ({type(error).__name__}: {error})"
        ) from error


def _cause(error: BaseException, kind: type[UnknownContextError]) -> UnknownContextError | None:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _describe(error: JsonLdError) -> str:
    # pyld chains its errors; the innermost message is the one that names the problem.
    innermost: BaseException = error
    while isinstance(innermost.__cause__, JsonLdError):
        innermost = innermost.__cause__
    message = innermost.args[0] if innermost.args else repr(innermost)
    return str(message).strip().splitlines()[0]


def _refuse_relative_iris(nquads: str) -> None:
    marker = "<" + _RELATIVE_BASE
    if marker not in nquads:
        return
    line = next(line for line in nquads.splitlines() if marker in line)
    _subject, predicate, rest = line.split(" ", 2)
    relative = urllib.parse.unquote(line.split(marker, 1)[1].split(">", 1)[0])
    if predicate == f"<{_RDF_TYPE}>" and rest.startswith(marker):
        raise UndefinedTermError(relative)
    raise UndefinedTermError(
        relative,
        message=f"{relative!r} is a relative IRI that no context maps to an absolute IRI, so a "
        "signature would not cover it; use an absolute URL, a urn: or a did:",
    )


def canonicalize_jcs(document: Mapping[str, Any]) -> bytes:
    """The RFC 8785 (JSON Canonicalization Scheme) bytes of a JSON document."""
    if not isinstance(document, Mapping):
        raise TypeError(f"document must be a JSON object, not {type(document).__name__}")
    try:
        return rfc8785.dumps(document)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as error:
        raise CanonicalizationError(f"not canonical JSON: {error}") from error
