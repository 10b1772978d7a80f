"""Canonical forms that proofs sign: RDFC-1.0 N-Quads (via pyld) and RFC 8785 JSON (JCS).

RDFC works on the RDF a document means, not on its JSON. A property or type that no context
defines has no RDF meaning, so JSON-LD processing drops it and the signature would not cover it.
Data Integrity requires refusing such documents ("safe mode"). pyld has no safe mode, so two
probes stand in for it: a handler records every property that expansion drops, and relative
IRIs (an undefined type, a relative id) are resolved against a reserved ``.invalid`` base that
no real document uses, so that they show up in the N-Quads and can be refused by name.

The work is bounded (see _limits): the document is admitted by size and depth first, expansion
and node mapping check the deadline at every element, the blank nodes are counted before
RDFC-1.0 runs, and its N-degree hash spends a step of the budget at every call and at every
permutation it tries (through the canonical issuer, which it consults once per related node).
"""

import urllib.parse
from collections.abc import Mapping
from typing import Any

import rfc8785
from pyld.canon import URDNA2015
from pyld.identifier_issuer import IdentifierIssuer
from pyld.jsonld import JsonLdError, JsonLdProcessor

from ._contexts import ContextLoader, default_loader
from ._errors import (
    CanonicalizationError,
    LimitExceededError,
    UndefinedTermError,
    UnknownContextError,
)
from ._limits import Budget

__all__ = ["canonicalize_jcs", "canonicalize_rdfc"]

# RFC 2606 reserves .invalid: an IRI under this base can only come from a relative reference.
_RELATIVE_BASE = "https://relative-iri.invalid/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def canonicalize_rdfc(
    document: Mapping[str, Any],
    *,
    loader: ContextLoader | None = None,
    budget: Budget | None = None,
) -> str:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document.

    Parameters:
        document: a JSON-LD document (a credential without its proof, or a proof configuration).
        loader: the context loader; by default the bundled contexts only.
        budget: the work it may take, shared with the other steps of a verification; by
            default a fresh Budget with the default Limits.

    Raises:
        UnknownContextError: the document names a context that is not bundled.
        UndefinedTermError: a property or type is defined by no context, or an id is a
            relative IRI; the error's ``term`` names it.
        LimitExceededError: the document is too large, too deep, has too many blank nodes,
            or would take longer than the budget allows; the error's ``limit`` names which.
        CanonicalizationError: the document is not valid JSON-LD.
    """
    loader, budget = _canonicalize_iv(document, loader, budget)
    budget.admit(document)
    return canonicalize_admitted(document, loader, budget)


def canonicalize_admitted(
    document: Mapping[str, Any], loader: ContextLoader, budget: Budget
) -> str:
    """canonicalize_rdfc of a document that ``budget`` has admitted (it or a larger document
    containing all of it), so that its size and depth are not measured again."""
    dropped: list[str] = []
    processor = _BoundedProcessor(budget, dropped.append)
    options: dict[str, Any] = {
        "base": _RELATIVE_BASE,
        "documentLoader": loader,
        "contextResolver": loader.resolver(),
        "produceGeneralizedRdf": False,
        "identifierIssuer": IdentifierIssuer("_:b"),
    }
    dataset = _run(lambda: processor.to_rdf(dict(document), options))
    budget.check_blank_nodes(_blank_node_count(dataset))
    canonical = _BoundedRdfc(budget)
    nquads = str(_run(lambda: canonical.main(dataset, {"format": "application/n-quads"})))
    if dropped:
        raise UndefinedTermError(*dict.fromkeys(dropped))
    _refuse_relative_iris(nquads)
    return nquads


def _canonicalize_iv(
    document: Mapping[str, Any], loader: ContextLoader | None, budget: Budget | None
) -> tuple[ContextLoader, Budget]:
    if not isinstance(document, Mapping):
        raise TypeError(f"document must be a JSON object, not {type(document).__name__}")
    if "@context" not in document:
        raise CanonicalizationError("document has no @context, so its terms mean nothing")
    if loader is not None and not isinstance(loader, ContextLoader):
        raise TypeError("loader must be a ContextLoader")
    if budget is not None and not isinstance(budget, Budget):
        raise TypeError("budget must be a Budget")
    return loader or default_loader(), budget or Budget()


class _BoundedProcessor(JsonLdProcessor):
    """PyLD's processor with the deadline checked at every element it expands or maps."""

    def __init__(self, budget: Budget, on_dropped: Any) -> None:
        super().__init__(on_property_dropped=lambda term: on_dropped(str(term)))
        self._budget = budget

    def _expand(self, *args: Any, **kwargs: Any) -> Any:
        self._budget.tick()
        return super()._expand(*args, **kwargs)

    def _create_node_map(self, *args: Any, **kwargs: Any) -> Any:
        self._budget.tick()
        return super()._create_node_map(*args, **kwargs)

    def _object_to_rdf(self, *args: Any, **kwargs: Any) -> Any:
        self._budget.tick()
        return super()._object_to_rdf(*args, **kwargs)


class _MeteredIssuer(IdentifierIssuer):
    """The canonical issuer: the N-degree hash asks it about each related blank node of each
    permutation it tries, so each question spends a step."""

    def __init__(self, prefix: str, budget: Budget) -> None:
        super().__init__(prefix)
        self._budget = budget

    def has_id(self, old: Any) -> bool:
        self._budget.spend()
        return bool(super().has_id(old))


class _BoundedRdfc(URDNA2015):
    """RDFC-1.0 (URDNA2015 in PyLD) that stops when the budget is spent."""

    def __init__(self, budget: Budget) -> None:
        super().__init__()
        self._budget = budget
        self.canonical_issuer = _MeteredIssuer("_:c14n", budget)

    def hash_n_degree_quads(self, id_: Any, issuer: Any) -> Any:
        self._budget.spend()
        return super().hash_n_degree_quads(id_, issuer)


def _blank_node_count(dataset: Mapping[str, Any]) -> int:
    names = set()
    for graph, triples in dataset.items():
        if graph.startswith("_:"):
            names.add(graph)
        for triple in triples:
            for part in (triple["subject"], triple["object"]):
                if part.get("type") == "blank node":
                    names.add(part["value"])
    return len(names)


def _run(step: Any) -> Any:
    try:
        return step()
    except LimitExceededError:
        raise
    except JsonLdError as error:
        for kind in (LimitExceededError, UnknownContextError):
            cause = _cause(error, kind)
            if cause is not None:
                raise cause from None
        raise CanonicalizationError(f"not valid JSON-LD: {_describe(error)}") from error
    except (RecursionError, AttributeError, TypeError, KeyError, IndexError) as error:
        # pyld assumes well-formed JSON; anything else must fail as invalid, not crash a verifier.
        raise CanonicalizationError(
            f"not valid JSON-LD ({type(error).__name__}: {error})"
        ) from error


def _cause(error: BaseException, kind: type[CanonicalizationError]) -> CanonicalizationError | None:
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
