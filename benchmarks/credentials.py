"""Speed of hallmark.credentials: signatures and verifications per second, one CPU core.

    .venv/bin/python benchmarks/credentials.py            # all sections, about a minute
    .venv/bin/python benchmarks/credentials.py --quick    # smoke run, a few seconds
    .venv/bin/python benchmarks/credentials.py --section signatures

Each figure is the median rate (per second of the process's CPU time) of several timed
rounds of the same operation on the same realistic OpenBadgeCredential (a CESP certification
with a status entry). Sections are functions registered in SECTIONS, so that later parts (the
web registry, status list publishing) can add theirs.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

from hallmark.credentials import (
    EDDSA_JCS_2022,
    EDDSA_RDFC_2022,
    BitstringStatusList,
    BitstringStatusListEntry,
    CredentialAward,
    IssuerProfile,
    KeyPair,
    StatusPurpose,
    build_open_badge,
    build_status_list_credential,
    canonicalize_rdfc,
    generate_key_pair,
    make_credential_number,
    sign_credential,
    verify_credential,
    verify_proof,
)

ISSUER = IssuerProfile(
    id="https://cert.example.org/issuer",
    name="Example Employment Support Certification Board",
    url="https://cert.example.org",
    email="registry@cert.example.org",
    description="Independent certifying body for employment support professionals.",
)
STATUS_URL = "https://cert.example.org/status/revocation/1"
NOW = datetime(2026, 6, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Figure:
    """One printed figure: an operation and how many times per second it ran."""

    label: str
    per_second: float

    def line(self) -> str:
        milliseconds = 1000 / self.per_second
        return f"  {self.label:<58} {self.per_second:>9,.1f} /s  ({milliseconds:,.2f} ms each)"


@dataclass(frozen=True)
class Setup:
    """What every section works on."""

    key: KeyPair
    unsigned: dict[str, Any]
    signed: dict[str, Any]
    signed_jcs: dict[str, Any]
    status_list: dict[str, Any]
    seconds: float
    rounds: int

    @property
    def key_set(self) -> dict[str, str]:
        return {self.key.verification_method_id: self.key.public_multibase}


def realistic_credential() -> dict[str, Any]:
    award = CredentialAward(
        credential_id="https://cert.example.org/registry/CESP-004211-00",
        credential_number=make_credential_number("CESP", 4211),
        kind="certification",
        designation="CESP",
        achievement_id="https://cert.example.org/programs/cesp",
        achievement_name="Certified Employment Support Professional",
        achievement_description=(
            "Has shown the competencies of employment support for people with disabilities "
            "(discovery, job development, job coaching, retention), measured by the CESP exam "
            "against the national standards."
        ),
        criteria=(
            "Meet the eligibility requirements (education and supervised practice), pass the "
            "CESP exam, and agree to the code of ethics."
        ),
        criteria_url="https://cert.example.org/programs/cesp/criteria",
        image_url="https://cert.example.org/badges/cesp.png",
        holder_email="jordan.lee@example.org",
        valid_from=datetime(2025, 1, 15, tzinfo=UTC),
        valid_until=datetime(2028, 1, 15, tzinfo=UTC),
        status=(BitstringStatusListEntry(STATUS_URL, 94567, StatusPurpose.REVOCATION),),
    )
    return build_open_badge(award, ISSUER)


def rate(operation: Callable[[], object], seconds: float, rounds: int) -> float:
    """Median calls per CPU-second of this process over ``rounds`` rounds of ``seconds`` each.

    CPU time rather than wall time, so that other work on a shared machine does not count.
    """
    operation()  # warm caches (processed contexts) as a long-running server would
    rates = []
    for _ in range(rounds):
        calls, wall, cpu = 0, time.perf_counter(), time.process_time()
        while time.perf_counter() - wall < seconds:
            operation()
            calls += 1
        rates.append(calls / (time.process_time() - cpu))
    return statistics.median(rates)


def signatures(setup: Setup) -> list[Figure]:
    def measure(label: str, operation: Callable[[], object]) -> Figure:
        return Figure(label, rate(operation, setup.seconds, setup.rounds))

    return [
        measure(
            "sign_credential, eddsa-rdfc-2022",
            lambda: sign_credential(setup.unsigned, setup.key, cryptosuite=EDDSA_RDFC_2022),
        ),
        measure(
            "  of which: one RDFC canonicalization of the document",
            lambda: canonicalize_rdfc(setup.unsigned),
        ),
        measure(
            "sign_credential, eddsa-jcs-2022 (for comparison)",
            lambda: sign_credential(setup.unsigned, setup.key, cryptosuite=EDDSA_JCS_2022),
        ),
    ]


def verifications(setup: Setup) -> list[Figure]:
    def measure(label: str, operation: Callable[[], object]) -> Figure:
        return Figure(label, rate(operation, setup.seconds, setup.rounds))

    proof = setup.signed["proof"][0]
    lists = {STATUS_URL: setup.status_list}
    return [
        measure(
            "verify_proof (signature only), eddsa-rdfc-2022",
            lambda: verify_proof(setup.signed, proof, setup.key.public_multibase),
        ),
        measure(
            "verify_credential, key set, no status list (offline)",
            lambda: verify_credential(setup.signed, keys=setup.key_set, now=NOW),
        ),
        measure(
            "verify_credential, key set + signed status list (full check)",
            lambda: verify_credential(
                setup.signed, keys=setup.key_set, status_lists=lists, now=NOW
            ),
        ),
        measure(
            "verify_credential, eddsa-jcs-2022, key set + status list",
            lambda: verify_credential(
                setup.signed_jcs, keys=setup.key_set, status_lists=lists, now=NOW
            ),
        ),
    ]


SECTIONS: dict[str, Callable[[Setup], list[Figure]]] = {
    "signatures": signatures,
    "verifications": verifications,
}


def make_setup(quick: bool) -> Setup:
    key = generate_key_pair(ISSUER.id)
    unsigned = realistic_credential()
    bits = BitstringStatusList()
    bits.set(12)
    status_list = build_status_list_credential(
        url=STATUS_URL,
        issuer=ISSUER.id,
        purpose=StatusPurpose.REVOCATION,
        status_list=bits,
        valid_from=datetime(2026, 6, 1, tzinfo=UTC),
    )
    return Setup(
        key=key,
        unsigned=unsigned,
        signed=sign_credential(unsigned, key),
        signed_jcs=sign_credential(unsigned, key, cryptosuite=EDDSA_JCS_2022),
        status_list=sign_credential(status_list, key),
        seconds=0.2 if quick else 2.0,
        rounds=1 if quick else 5,
    )


def header(setup: Setup) -> list[str]:
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("PyLD", "cryptography", "rfc8785")
    )
    size = len(json.dumps(setup.signed).encode("utf-8"))
    quads = canonicalize_rdfc(setup.unsigned).count("\n")
    return [
        "hallmark.credentials benchmark",
        f"  Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs (one used); {versions}",
        f"  document: signed OpenBadgeCredential, {size:,} bytes of JSON, {quads} N-Quads",
        f"  timing: median of {setup.rounds} round(s) of {setup.seconds:g} s; rates per second "
        "of this process's CPU time",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short smoke run")
    parser.add_argument(
        "--section", action="append", choices=sorted(SECTIONS), help="run only this section"
    )
    args = parser.parse_args(argv)
    setup = make_setup(args.quick)
    print("\n".join(header(setup)))
    for name in args.section or list(SECTIONS):
        print(f"[{name}]")
        for figure in SECTIONS[name](setup):
            print(figure.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
