"""Documents that would make canonicalization run away are refused, with the limit named."""

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credentials.support import (
    LINK_CONTEXT,
    NOW,
    linked_blank_nodes,
    make_award,
    nested,
    stop_the_limits_clock,
    with_deep_nesting,
    with_linked_cluster,
)
from hallmark.credentials import (
    CREDENTIALS_V2,
    LIMITS_CHECK,
    Budget,
    CheckStatus,
    IssuerProfile,
    KeyPair,
    Limit,
    LimitExceededError,
    Limits,
    build_open_badge,
    canonicalize_rdfc,
    cli,
    parse_json,
    sign_credential,
    verify_credential,
    verify_proof,
)

VOCAB = "https://example.org/vocab#"


def refusal_of(document: Any, key_set: dict[str, str], **options: Any) -> str | None:
    result = verify_credential(document, keys=key_set, now=NOW, **options)
    return result.refusal


def test_a_linked_cluster_of_12_blank_nodes_under_1_kb_is_refused(
    signed_credential: dict[str, Any], key_set: dict[str, str], monkeypatch: Any
) -> None:
    stop_the_limits_clock(monkeypatch)
    cluster = json.dumps({"link": linked_blank_nodes(12)}, separators=(",", ":"))
    assert len(cluster.encode()) < 1024
    result = verify_credential(with_linked_cluster(signed_credential), keys=key_set, now=NOW)
    assert not result.valid
    (check,) = result.checks
    assert (check.name, check.status) == (LIMITS_CHECK, CheckStatus.FAILED)
    assert result.refusal == check.reason
    assert "steps of the RDFC-1.0 N-degree hash" in check.reason


def test_the_hash_step_budget_is_named_by_canonicalization() -> None:
    document = {"@context": [CREDENTIALS_V2, LINK_CONTEXT], "link": linked_blank_nodes(12)}
    with pytest.raises(LimitExceededError) as refused:
        canonicalize_rdfc(document)
    assert refused.value.limit == Limit.HASH_STEPS


def test_a_small_cluster_still_canonicalizes_within_the_default_budget() -> None:
    document = {"@context": [CREDENTIALS_V2, LINK_CONTEXT], "link": linked_blank_nodes(4)}
    assert canonicalize_rdfc(document).count("_:c14n") > 4


def test_a_credential_nested_900_levels_deep_is_refused(
    signed_credential: dict[str, Any], key_set: dict[str, str]
) -> None:
    refusal = refusal_of(with_deep_nesting(signed_credential, 900), key_set)
    assert refusal == "refused: the credential nests objects and arrays more than 64 levels deep"


def test_verify_proof_refuses_deep_nesting_without_a_recursion_error(
    signed_credential: dict[str, Any], issuer_key: KeyPair
) -> None:
    hostile = with_deep_nesting(signed_credential, 900)
    with pytest.raises(LimitExceededError) as refused:
        verify_proof(hostile, hostile["proof"][0], issuer_key.public_multibase)
    assert refused.value.limit == Limit.DEPTH


def test_too_many_blank_nodes_are_refused(
    signed_credential: dict[str, Any], key_set: dict[str, str]
) -> None:
    hostile = json.loads(json.dumps(signed_credential))
    hostile["credentialSubject"][f"{VOCAB}item"] = [{f"{VOCAB}n": i} for i in range(300)]
    refusal = refusal_of(hostile, key_set)
    assert refusal is not None
    # 300, and the 4 the credential has of its own.
    assert refusal.startswith("refused: the document has 304 blank nodes (objects without an id)")


def test_a_document_over_the_size_limit_is_refused(
    signed_credential: dict[str, Any], key_set: dict[str, str]
) -> None:
    refusal = refusal_of(signed_credential, key_set, limits=Limits(max_bytes=1000))
    assert refusal is not None
    assert refusal.startswith("refused: the credential is ")
    assert refusal.endswith("bytes of JSON, more than the 1,000 a credential may have")


def test_the_deadline_stops_quadratic_expansion(
    signed_credential: dict[str, Any], key_set: dict[str, str]
) -> None:
    # PyLD compares each new value of a property with every earlier one: 5,000 take seconds.
    hostile = json.loads(json.dumps(signed_credential))
    hostile["credentialSubject"][f"{VOCAB}item"] = [{"id": f"urn:x:{i}"} for i in range(5000)]
    refusal = refusal_of(hostile, key_set, limits=Limits(max_seconds=0.05))
    assert refusal == (
        "refused: canonicalizing the document took more than 0.05 s, "
        "the time a verification may take"
    )


def test_one_budget_covers_every_canonicalization_of_a_verification(
    signed_credential: dict[str, Any], issuer_key: KeyPair
) -> None:
    budget = Budget(Limits(max_hash_steps=1))
    hostile = with_linked_cluster(signed_credential, 3)
    with pytest.raises(LimitExceededError):
        verify_proof(hostile, hostile["proof"][0], issuer_key.public_multibase, budget=budget)


def test_a_normal_credential_with_look_alike_blank_nodes_still_verifies(
    issuer: IssuerProfile, issuer_key: KeyPair, key_set: dict[str, str]
) -> None:
    document = build_open_badge(make_award(), issuer)
    alignment = {
        "type": ["Alignment"],
        "targetName": "Job development",
        "targetUrl": "https://a.org",
    }
    document["credentialSubject"]["achievement"]["alignment"] = [alignment, dict(alignment)]
    signed = sign_credential(document, issuer_key)
    result = verify_credential(signed, keys=key_set, now=NOW)
    assert result.refusal is None
    assert [check.name for check in result.checks][:3] == ["structure", "proof", "issuer"]
    assert result.checks[1].ok


def test_a_credential_as_issued_is_far_inside_every_limit(
    signed_credential: dict[str, Any], issuer_key: KeyPair
) -> None:
    # What docs/credentials.md says of it: 4 levels deep, 4 blank nodes, no N-degree hash step.
    budget = Budget(Limits(max_depth=4, max_blank_nodes=4, max_hash_steps=1))
    proof = signed_credential["proof"][0]
    assert verify_proof(signed_credential, proof, issuer_key.public_multibase, budget=budget)
    assert budget.steps == 0
    assert 2000 <= len(json.dumps(signed_credential).encode()) <= 2500


def test_parse_json_refuses_text_nested_past_the_recursion_limit() -> None:
    with pytest.raises(LimitExceededError) as refused:
        parse_json("[" * 100_000 + "]" * 100_000)
    assert refused.value.limit == Limit.DEPTH


def test_parse_json_ignores_brackets_inside_strings() -> None:
    text = json.dumps({"text": "[" * 500 + '\\" {{{', "inner": nested(10)})
    assert parse_json(text)["text"].startswith("[[[")


def test_the_cli_refuses_a_number_too_long_to_read_with_exit_2(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "number.json"
    path.write_text('{"n": ' + "1" * 5000 + "}", encoding="utf-8")
    assert cli.main([str(path), "--offline"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"hallmark verify: error: {path}: refused: the file has a number too long"
    )
    assert len(err.splitlines()) == 1


def test_parse_json_refuses_text_over_the_size_limit() -> None:
    with pytest.raises(LimitExceededError) as refused:
        parse_json('"' + "x" * 2000 + '"', limits=Limits(max_bytes=1000))
    assert refused.value.limit == Limit.SIZE


@pytest.mark.parametrize("name", ["max_bytes", "max_depth", "max_blank_nodes", "max_hash_steps"])
def test_limits_must_be_positive_integers(name: str) -> None:
    with pytest.raises(ValueError, match=f"Limits.{name} must be a positive integer"):
        Limits(**{name: 0})


def test_the_cli_refuses_a_deeply_nested_file_with_exit_2_and_one_line(
    tmp_path: Path, signed_credential: dict[str, Any], issuer_key: KeyPair, capsys: Any
) -> None:
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(with_deep_nesting(signed_credential, 900)), encoding="utf-8")
    key = f"{issuer_key.verification_method_id}={issuer_key.public_multibase}"
    code = cli.main([str(path), "--key", key, "--offline"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        f"hallmark verify: error: {path}: refused: the file nests objects and arrays more "
        "than 64 levels deep\n"
    )


def test_the_cli_refuses_text_nested_past_the_recursion_limit(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "brackets.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    assert cli.main([str(path), "--offline"]) == 2
    assert "more than 64 levels deep" in capsys.readouterr().err


def test_the_cli_refuses_a_linked_cluster_with_exit_2_and_one_line(
    tmp_path: Path, signed_credential: dict[str, Any], issuer_key: KeyPair, capsys: Any
) -> None:
    path = tmp_path / "cluster.json"
    path.write_text(json.dumps(with_linked_cluster(signed_credential)), encoding="utf-8")
    key = f"{issuer_key.verification_method_id}={issuer_key.public_multibase}"
    code = cli.main([str(path), "--key", key, "--offline"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(f"hallmark verify: error: {path}: refused: canonicalizing")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=40,
)


@given(JSON)
def test_the_size_bound_is_never_below_the_compact_size(document: Any) -> None:
    # Documents under the bound are admitted without being serialized: it must never be low.
    from hallmark.credentials._limits import _shape

    compact = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    depth, bound = _shape(document, 64)
    assert bound >= len(compact.encode("utf-8"))
    assert depth >= (1 if isinstance(document, (dict, list)) else 0)
