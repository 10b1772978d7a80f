"""Passphrase encryption of an archive (`hallmark backup --encrypt`).

The archive is cut into parts of 1 MiB, each sealed with AES-256-GCM under a key derived from
the passphrase by scrypt with a random salt. A part's nonce is its number and its associated
data says whether it is the last, so a changed, reordered, cut or extended archive fails to
open. It streams: an archive of any size needs a few MiB of memory.
"""

import getpass
import io
import os
import sys
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from hallmark.site.backup.archive import BackupError

MAGIC = b"HALLMARK-BACKUP-AES256GCM-1\n"
PASSPHRASE_VARIABLE = "HALLMARK_BACKUP_PASSPHRASE"
_SALT_BYTES = 16
_PART = 1024 * 1024
_TAG_BYTES = 16
_SCRYPT_COST = 2**15  # about 32 MiB and a tenth of a second per derivation


def _cipher(passphrase: str, salt: bytes) -> AESGCM:
    key = Scrypt(salt=salt, length=32, n=_SCRYPT_COST, r=8, p=1).derive(passphrase.encode())
    return AESGCM(key)


def _nonce(number: int) -> bytes:
    return number.to_bytes(12, "big")


def _associated(number: int, last: bool) -> bytes:
    return MAGIC + number.to_bytes(8, "big") + (b"\1" if last else b"\0")


class EncryptingWriter(io.RawIOBase):
    """Writes the sealed form of what is written to it into ``target``; close() seals the last
    part (and does not close ``target``)."""

    def __init__(self, target: IO[bytes], passphrase: str) -> None:
        salt = os.urandom(_SALT_BYTES)
        self.target, self.cipher = target, _cipher(passphrase, salt)
        self.buffer, self.number = bytearray(), 0
        target.write(MAGIC + salt)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.buffer += data
        while len(self.buffer) > _PART:
            self._seal(bytes(self.buffer[:_PART]), last=False)
            del self.buffer[:_PART]
        return len(data)

    def _seal(self, plain: bytes, *, last: bool) -> None:
        sealed = self.cipher.encrypt(_nonce(self.number), plain, _associated(self.number, last))
        self.target.write(len(sealed).to_bytes(4, "big") + sealed)
        self.number += 1

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self.buffer), last=True)
            self.buffer.clear()
        super().close()


class DecryptingReader(io.RawIOBase):
    """Reads the plain archive out of a sealed one; every part is authenticated before use."""

    def __init__(self, source: IO[bytes], passphrase: str, where: str) -> None:
        header = source.read(len(MAGIC) + _SALT_BYTES)
        if not header.startswith(MAGIC) or len(header) < len(MAGIC) + _SALT_BYTES:
            raise BackupError(f"{where} is not an encrypted Hallmark backup archive")
        self.source, self.where = source, where
        self.cipher = _cipher(passphrase, header[len(MAGIC) :])
        self.plain, self.offset, self.number, self.done = b"", 0, 0, False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self.offset == len(self.plain) and not self.done:
            self.plain, self.offset = self._open_next(), 0
        count = min(len(buffer), len(self.plain) - self.offset)
        buffer[:count] = self.plain[self.offset : self.offset + count]
        self.offset += count
        return count

    def _damaged(self) -> BackupError:
        return BackupError(f"{self.where} is damaged: it was cut or extended")

    def _open_next(self) -> bytes:
        size = int.from_bytes(self.source.read(4) or b"\xff" * 4, "big")
        if size > _PART + _TAG_BYTES:
            raise self._damaged()
        sealed = self.source.read(size)
        if len(sealed) < size:
            raise self._damaged()
        for last in (False, True):
            try:
                plain = self.cipher.decrypt(
                    _nonce(self.number), sealed, _associated(self.number, last)
                )
            except InvalidTag:
                continue
            self.number += 1
            if last and self.source.read(1):
                raise self._damaged()
            self.done = last
            return plain
        raise BackupError(
            f"{self.where} cannot be decrypted: the passphrase is wrong, or the archive was changed"
        )


def is_encrypted(path: Any) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def ask_passphrase(*, confirm: bool) -> str:
    """The passphrase from HALLMARK_BACKUP_PASSPHRASE, or asked for at the terminal."""
    given = os.environ.get(PASSPHRASE_VARIABLE, "")
    if given:
        return given
    if not sys.stdin.isatty():
        raise BackupError(f"No passphrase: set {PASSPHRASE_VARIABLE}, or run in a terminal")
    first = getpass.getpass("Backup passphrase: ")
    if confirm and getpass.getpass("The same passphrase again: ") != first:
        raise BackupError("The two passphrases differ")
    if not first:
        raise BackupError("The passphrase is empty")
    return first
