"""Hypothesis strategies for importer fuzz tests: arbitrary bytes and mutated valid files."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Bounded, so that the suite stays fast; fixtures are per test, each example rolls back.
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Fragments that have broken parsers before: quotes, NUL and control bytes, bad UTF-8,
# entities, DTDs, formula prefixes, deep markup.
NASTY = [
    b'"', b"\x00", b"\x01", b"\xff", b"\xe2\x80", b"\r", b"\n", b",", b";", b"=", b"&nbsp;",
    b"&a;", b"<", b"</", b"<![CDATA[", b'<!DOCTYPE x SYSTEM "x.dtd">',
    b'<!DOCTYPE x [<!ENTITY a "aaaa">]>', b'<img src="../x.png">', b"<div>" * 300,
    b"\xef\xbb\xbf",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, valid: bytes) -> bytes:
    """`valid` with a few insertions, replacements, deletions or a truncation."""
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        chunk = draw(st.sampled_from(NASTY) | st.binary(min_size=1, max_size=8))
        kind = draw(st.sampled_from(["insert", "replace", "delete", "truncate"]))
        if kind == "insert":
            data[at:at] = chunk
        elif kind == "replace":
            data[at : at + len(chunk)] = chunk
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        else:
            del data[at:]
    return bytes(data)


def files(valid: bytes) -> st.SearchStrategy[bytes]:
    return st.binary(max_size=2_000) | mutated(valid)
