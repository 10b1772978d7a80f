"""Canonicalization refuses what it would otherwise leave unsigned, and never fetches contexts."""

import hashlib
from importlib import resources
from typing import Any

import pytest

from credentials.support import load_json, make_award
from hallmark.credentials import (
    CREDENTIALS_V2,
    CanonicalizationError,
    ContextLoader,
    IssuerProfile,
    KeyPair,
    UndefinedTermError,
    UnknownContextError,
    build_open_badge,
    bundled_contexts,
    canonicalize_rdfc,
    sign_credential,
)


def unsigned_alumni() -> dict[str, Any]:
    return load_json("vc-di-eddsa/unsigned.json")


def test_signing_refuses_an_undefined_property_and_names_it(
    issuer: IssuerProfile, issuer_key: KeyPair
) -> None:
    document = build_open_badge(make_award(), issuer)
    document["credentialSubject"]["favouriteColour"] = "green"
    with pytest.raises(UndefinedTermError, match="favouriteColour") as raised:
        sign_credential(document, issuer_key)
    assert raised.value.term == "favouriteColour"


def test_signing_refuses_an_undefined_type_and_names_it(
    issuer: IssuerProfile, issuer_key: KeyPair
) -> None:
    document = build_open_badge(make_award(), issuer)
    document["type"].append("GoldStarCredential")
    with pytest.raises(UndefinedTermError, match="GoldStarCredential") as raised:
        sign_credential(document, issuer_key)
    assert raised.value.term == "GoldStarCredential"


def test_every_undefined_term_is_named() -> None:
    document = unsigned_alumni()
    document["@context"] = [CREDENTIALS_V2]  # without the examples' @vocab
    document["nickname"] = "Al"
    with pytest.raises(UndefinedTermError) as raised:
        canonicalize_rdfc(document)
    assert set(raised.value.terms) == {"alumniOf", "nickname"}
    assert "'alumniOf'" in str(raised.value) and "'nickname'" in str(raised.value)


def test_a_relative_id_is_refused_rather_than_resolved_against_an_invented_base() -> None:
    document = unsigned_alumni()
    document["credentialSubject"]["id"] = "student-42"
    with pytest.raises(UndefinedTermError, match="student-42"):
        canonicalize_rdfc(document)


def test_an_unknown_context_is_refused_and_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network was used")

    monkeypatch.setattr("socket.socket.connect", no_network)
    document = unsigned_alumni()
    document["@context"].append("https://contexts.example/extra/v1")
    with pytest.raises(UnknownContextError, match=r"https://contexts\.example/extra/v1") as raised:
        canonicalize_rdfc(document)
    assert raised.value.url == "https://contexts.example/extra/v1"


def test_a_document_without_context_is_refused() -> None:
    document = unsigned_alumni()
    del document["@context"]
    with pytest.raises(CanonicalizationError, match="@context"):
        canonicalize_rdfc(document)


def test_invalid_json_ld_is_reported_as_such() -> None:
    document = unsigned_alumni()
    document["@context"] = [CREDENTIALS_V2, {"@version": 2}]
    with pytest.raises(CanonicalizationError, match="not valid JSON-LD"):
        canonicalize_rdfc(document)


def test_bundled_contexts_are_the_published_bytes() -> None:
    contexts = bundled_contexts()
    assert CREDENTIALS_V2 in contexts
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in contexts
    folder = resources.files("hallmark.credentials") / "contexts"
    for entry in contexts.values():
        data = (folder / entry.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry.sha256, entry.file
        assert ContextLoader()(entry.url)["document"]["@context"]


def test_the_reference_copy_of_credentials_v2_is_bundled_unchanged() -> None:
    # The bundled file must be the byte-for-byte copy kept in the reference folder's listing.
    entry = bundled_contexts()[CREDENTIALS_V2]
    assert entry.sha256 == "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734"


def test_extra_contexts_are_served_but_cannot_replace_a_bundled_one() -> None:
    extra = {
        "https://contexts.example/v1": {
            "@context": {"nickname": "https://schema.org/alternateName"}
        }
    }
    loader = ContextLoader(extra)
    document = unsigned_alumni()
    document["@context"].append("https://contexts.example/v1")
    document["credentialSubject"]["nickname"] = "Al"
    assert '<https://schema.org/alternateName> "Al"' in canonicalize_rdfc(document, loader=loader)
    with pytest.raises(ValueError, match="cannot be replaced"):
        ContextLoader({CREDENTIALS_V2: {"@context": {}}})
