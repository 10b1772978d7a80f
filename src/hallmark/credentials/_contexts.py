"""A static JSON-LD document loader: the bundled contexts, byte for byte; every other URL refused.

The bytes of a context are part of every signature made over a document that names it, so the
contexts ship inside the package (listed in contexts/SOURCES.txt with their SHA-256) and are
never fetched: a verifier offline gets exactly what the signer used.
"""

import copy
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pyld.context_resolver import ContextResolver

from ._errors import CredentialError, UnknownContextError

__all__ = [
    "CREDENTIALS_V2",
    "OB3_CONTEXT",
    "BundledContext",
    "ContextLoader",
    "bundled_contexts",
    "default_loader",
]

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

_SOURCES = "SOURCES.txt"


@dataclass(frozen=True)
class BundledContext:
    """One context shipped in the package.

    Attributes:
        url: the URL documents name in their ``@context``.
        file: the file name under ``hallmark/credentials/contexts/``.
        sha256: the SHA-256 (hex) of the file's bytes as published.
    """

    url: str
    file: str
    sha256: str


@cache
def bundled_contexts() -> dict[str, BundledContext]:
    """The bundled contexts by URL, read from contexts/SOURCES.txt."""
    text = (resources.files(__package__) / "contexts" / _SOURCES).read_text("utf-8")
    found: dict[str, BundledContext] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        url, file, sha256, *_origin = (part.strip() for part in line.split("|"))
        found[url] = BundledContext(url=url, file=file, sha256=sha256)
    return found


@cache
def _bundled_document(url: str) -> Any:
    entry = bundled_contexts()[url]
    data = (resources.files(__package__) / "contexts" / entry.file).read_bytes()
    # A context edited by accident would silently change every signature made over it.
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        raise CredentialError(f"bundled context {entry.file} does not match its SHA-256")
    return json.loads(data)


class _LockedLRU:
    """A small thread-safe LRU map, the shape pyld's ContextResolver expects of its cache."""

    def __init__(self, maxsize: int) -> None:
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._maxsize = maxsize
        self._lock = threading.Lock()

    def get(self, key: Any, default: Any = None) -> Any:
        with self._lock:
            if key not in self._data:
                return default
            self._data.move_to_end(key)
            return self._data[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._maxsize:
                self._data.popitem(last=False)


class ContextLoader:
    """Serve JSON-LD contexts to pyld from the package, never from the network.

    Parameters:
        extra: more contexts to serve, URL -> parsed context document (for example a
            community context a partner's credentials use). A bundled URL cannot be replaced.

    Calling the loader with a URL returns pyld's RemoteDocument; any URL neither bundled nor
    in ``extra`` raises UnknownContextError. Each loader keeps its own cache of processed
    contexts, so repeated canonicalizations do not re-process them.
    """

    def __init__(self, extra: Mapping[str, Any] | None = None) -> None:
        self._extra = _loader_iv(extra)
        self._cache = _LockedLRU(maxsize=256)

    @property
    def urls(self) -> tuple[str, ...]:
        """Every context URL this loader serves."""
        return (*bundled_contexts(), *self._extra)

    def document(self, url: str) -> Any:
        """A fresh copy of the context document served for ``url``."""
        if url in self._extra:
            return copy.deepcopy(self._extra[url])
        if url in bundled_contexts():
            return copy.deepcopy(_bundled_document(url))
        raise UnknownContextError(url)

    def __call__(self, url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": self.document(url),
            # pyld keeps a processed remote context across operations only when it is tagged
            # static; ours never change, so each is processed once per loader.
            "tag": "static",
        }

    def resolver(self) -> ContextResolver:
        """A pyld ContextResolver for one operation, sharing this loader's cache."""
        return ContextResolver(self._cache, self)


def _loader_iv(extra: Mapping[str, Any] | None) -> dict[str, Any]:
    if extra is None:
        return {}
    if not isinstance(extra, Mapping):
        raise TypeError("extra must be a mapping of context URL -> context document")
    checked: dict[str, Any] = {}
    for url, document in extra.items():
        if not isinstance(url, str) or not url:
            raise ValueError(f"extra: context URL {url!r} is not a non-empty string")
        if url in bundled_contexts():
            raise ValueError(f"extra: {url!r} is bundled and cannot be replaced")
        if not isinstance(document, Mapping) or "@context" not in document:
            raise ValueError(f"extra[{url!r}]: a context document is an object with '@context'")
        checked[url] = copy.deepcopy(dict(document))
    return checked


@cache
def default_loader() -> ContextLoader:
    """The shared loader that serves the bundled contexts only."""
    return ContextLoader()
