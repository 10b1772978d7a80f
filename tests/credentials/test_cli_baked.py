"""``hallmark verify`` reads a credential baked into a PNG or SVG badge as well as its JSON."""

from pathlib import Path
from typing import Any

import pytest

from credentials.support import REVOCATION_LIST, TINY_SVG, tiny_png
from credentials.test_cli import NOW, key_option, one_line_error, run, write
from hallmark.credentials import KeyPair, bake

IMAGES = {"png": tiny_png(), "svg": TINY_SVG}


def baked(path: Path, document: Any) -> str:
    path.write_bytes(bake(IMAGES[path.suffix[1:]], document))
    return str(path)


@pytest.mark.parametrize("kind", IMAGES)
def test_a_baked_badge_verifies_like_its_json(
    kind: str,
    tmp_path: Path,
    signed_credential: dict[str, Any],
    status_list_credential: Any,
    issuer_key: KeyPair,
    capsys: pytest.CaptureFixture[str],
) -> None:
    badge = baked(tmp_path / f"badge.{kind}", signed_credential)
    clear = write(tmp_path / "clear.json", status_list_credential())
    argv = [
        *key_option(issuer_key),
        "--offline",
        *NOW,
        "--status-list",
        f"{REVOCATION_LIST}={clear}",
    ]
    code, out, err = run([badge, *argv], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"{badge}: VALID"
    json_code, json_out, _ = run([write(tmp_path / "c.json", signed_credential), *argv], capsys)
    assert json_code == 0
    assert json_out.splitlines()[1:] == out.splitlines()[1:]  # the same checks, the same words


@pytest.mark.parametrize("kind", IMAGES)
def test_a_tampered_baked_credential_exits_1(
    kind: str,
    tmp_path: Path,
    signed_credential: dict[str, Any],
    issuer_key: KeyPair,
    capsys: pytest.CaptureFixture[str],
) -> None:
    signed_credential["validUntil"] = "2035-01-01T00:00:00Z"
    badge = baked(tmp_path / f"badge.{kind}", signed_credential)
    code, out, _ = run([badge, *key_option(issuer_key), "--offline", *NOW], capsys)
    assert code == 1
    assert "failed  proof: tampered" in out


def test_a_corrupt_png_exits_2_naming_the_chunk(
    tmp_path: Path, signed_credential: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    data = bytearray(bake(tiny_png(), signed_credential))
    data[data.index(b"VerifiableCredential")] = ord("v")
    path = tmp_path / "badge.png"
    path.write_bytes(bytes(data))
    code, out, err = run([str(path), "--offline"], capsys)
    assert (code, out) == (2, "")
    assert (
        f"{path}: the PNG is corrupt: chunk 3 (at byte 60), iTXt, fails its CRC"
        in one_line_error(err)
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plain.png", tiny_png(), "no credential is baked in: the PNG has no iTXt chunk"),
        ("plain.svg", TINY_SVG, "no credential is baked in: the SVG has no credential element"),
        ("jwt.svg", bake(TINY_SVG, "aGVhZGVy.cGF5bG9hZA.c2ln"), "is a VC-JWT (a compact JWS)"),
        ("cut.png", bake(tiny_png(), {"a": 1})[:-6], "the PNG is truncated: chunk 4"),
        ("photo.gif", b"GIF89a\x01\x00", "photo.gif line 1, column 1: not JSON"),
    ],
)
def test_bad_images_exit_2_with_one_line(
    name: str, content: bytes, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = run([str(path), "--offline"], capsys)
    assert code == 2
    assert message in one_line_error(err)


def test_baked_json_that_is_not_json_names_the_image(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "badge.svg"
    path.write_bytes(
        TINY_SVG.replace(
            b"<circle",
            b'<o:credential xmlns:o="https://purl.imsglobal.org/ob/v3p0">{"a" 1}</o:credential>'
            b"<circle",
        )
    )
    code, _, err = run([str(path), "--offline"], capsys)
    assert code == 2
    assert (
        f"{path}: the credential baked into the SVG image, line 1, column 6: not JSON"
        in one_line_error(err)
    )
