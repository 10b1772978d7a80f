"""`hallmark backup --encrypt`: the sealed archive opens only whole, in order, with the key."""

import io
import os

import pytest

from hallmark.site.backup.archive import BackupError
from hallmark.site.backup.crypto import MAGIC, DecryptingReader, EncryptingWriter

PLAIN = os.urandom(2 * 1024 * 1024 + 12345)  # three parts: two whole, one short


def sealed(data: bytes = PLAIN, passphrase: str = "correct horse") -> bytes:
    target = io.BytesIO()
    writer = EncryptingWriter(target, passphrase)
    for start in range(0, len(data), 100_000):  # written in pieces, as gzip writes
        writer.write(data[start : start + 100_000])
    writer.close()
    return target.getvalue()


def opened(data: bytes, passphrase: str = "correct horse") -> bytes:
    return DecryptingReader(io.BytesIO(data), passphrase, "backup.enc").read()


def parts(data: bytes) -> tuple[bytes, list[bytes]]:
    header, rest, found = data[: len(MAGIC) + 16], data[len(MAGIC) + 16 :], []
    while rest:
        size = int.from_bytes(rest[:4], "big")
        found.append(rest[: 4 + size])
        rest = rest[4 + size :]
    return header, found


def test_it_opens_what_it_sealed_and_hides_it() -> None:
    data = sealed()
    assert data.startswith(MAGIC) and PLAIN[:64] not in data
    assert opened(data) == PLAIN
    assert len(parts(data)[1]) == 3
    assert opened(sealed(b"")) == b""


def test_a_wrong_passphrase_is_refused() -> None:
    with pytest.raises(BackupError, match="cannot be decrypted: the passphrase is wrong"):
        opened(sealed(), "Correct horse")


def test_a_changed_byte_is_refused() -> None:
    data = bytearray(sealed())
    data[len(data) // 2] ^= 1
    with pytest.raises(BackupError, match="cannot be decrypted"):
        opened(bytes(data))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda header, found: header + b"".join(found[:-1]), "was cut"),
        (lambda header, found: header + b"".join(found)[:-100], "was cut"),
        (lambda header, found: header + b"".join(found) + b"more", "extended"),
        (lambda header, found: header + found[1] + found[0] + found[2], "cannot be decrypted"),
    ],
    ids=["last part removed", "cut inside a part", "bytes added", "parts swapped"],
)
def test_a_cut_extended_or_reordered_archive_is_refused(damage, message) -> None:
    header, found = parts(sealed())
    with pytest.raises(BackupError, match=message):
        opened(damage(header, found))
