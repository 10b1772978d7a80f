"""``hallmark verify``: exit codes 0 / 1 / 2, keys and status lists from the command line, JSON."""

import http.server
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from credentials.support import DATA, ISSUER_ID, REVOCATION_LIST, SUSPENSION_LIST, make_award
from hallmark.credentials import (
    BitstringStatusListEntry,
    IssuerProfile,
    KeyPair,
    StatusPurpose,
    build_open_badge,
    cli,
    controller_document,
    is_fetchable,
    sign_credential,
)

NOW = ["--now", "2026-06-30T12:00:00Z"]


def write(path: Path, document: Any) -> str:
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return str(path)


def key_option(key: KeyPair) -> list[str]:
    return ["--key", f"{key.verification_method_id}={key.public_multibase}"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def files(
    tmp_path: Path, signed_credential: dict[str, Any], status_list_credential: Any
) -> dict[str, str]:
    return {
        "credential": write(tmp_path / "credential.json", signed_credential),
        "clear": write(tmp_path / "clear.json", status_list_credential()),
        "revoked": write(tmp_path / "revoked.json", status_list_credential(set_bits=(94567,))),
    }


def test_a_valid_credential_exits_0(
    files: dict[str, str], issuer_key: KeyPair, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [files["credential"], *key_option(issuer_key), "--offline", *NOW]
    argv += ["--status-list", f"{REVOCATION_LIST}={files['clear']}"]
    code, out, err = run(argv, capsys)
    assert code == 0, out
    assert out.splitlines()[0].endswith(": VALID")
    assert "passed  status (revocation)" in out
    assert err == ""


def test_json_output(
    files: dict[str, str],
    issuer_key: KeyPair,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The plain words are for text output only: --json does not work them out.
    monkeypatch.setattr(cli, "summarize", lambda *_: pytest.fail("summarized for --json"))
    argv = [files["credential"], *key_option(issuer_key), "--offline", "--json", *NOW]
    argv += ["--status-list", f"{REVOCATION_LIST}={files['revoked']}"]
    code, out, _ = run(argv, capsys)
    assert code == 1
    result = json.loads(out)
    assert result["valid"] is False
    assert result["credential"] == files["credential"]
    assert result["errors"] == [
        f"revoked: bit 94567 of status list {REVOCATION_LIST} is set",
    ]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--now", "2028-02-01T00:00:00Z"], "expired: validUntil 2028-01-15T00:00:00Z"),
        (["--now", "2024-12-31T00:00:00+01:00"], "not yet valid: validFrom"),
        ([*NOW, "--status-list", f"{REVOCATION_LIST}=REVOKED"], "revoked: bit 94567"),
        (NOW, "status unknown (offline)"),
    ],
)
def test_an_invalid_credential_exits_1_and_says_why(
    extra: list[str],
    expected: str,
    files: dict[str, str],
    issuer_key: KeyPair,
    capsys: pytest.CaptureFixture[str],
) -> None:
    extra = [item.replace("REVOKED", files["revoked"]) for item in extra]
    code, out, _ = run([files["credential"], *key_option(issuer_key), "--offline", *extra], capsys)
    assert code == 1
    assert out.splitlines()[0].endswith(": NOT VALID")
    assert expected in out.splitlines()[-1]


def test_a_suspended_credential_exits_1(
    tmp_path: Path,
    issuer: IssuerProfile,
    issuer_key: KeyPair,
    status_list_credential: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    entry = BitstringStatusListEntry(SUSPENSION_LIST, 23452, StatusPurpose.SUSPENSION)
    credential = sign_credential(build_open_badge(make_award(status=(entry,)), issuer), issuer_key)
    suspended = status_list_credential(
        url=SUSPENSION_LIST, purpose=StatusPurpose.SUSPENSION, set_bits=(23452,)
    )
    argv = [write(tmp_path / "c.json", credential), *key_option(issuer_key), "--offline", *NOW]
    argv += ["--status-list", f"{SUSPENSION_LIST}={write(tmp_path / 's.json', suspended)}"]
    code, out, _ = run(argv, capsys)
    assert code == 1
    assert "suspended: bit 23452" in out


def test_a_tampered_credential_exits_1(
    tmp_path: Path,
    signed_credential: dict[str, Any],
    issuer_key: KeyPair,
    capsys: pytest.CaptureFixture[str],
) -> None:
    signed_credential["validUntil"] = "2035-01-01T00:00:00Z"
    path = write(tmp_path / "c.json", signed_credential)
    code, out, _ = run([path, *key_option(issuer_key), "--offline", *NOW], capsys)
    assert code == 1
    assert "failed  proof: tampered" in out


def test_an_unknown_key_exits_1(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([files["credential"], "--offline", *NOW], capsys)
    assert code == 1
    assert "failed  proof: unknown key" in out


def test_the_w3c_vector_verifies_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json"
    public = json.loads((DATA / "vc-di-eddsa/keyPair.json").read_text())["publicKeyMultibase"]
    key = ["--key", f"did:key:{public}#{public}={public}"]
    code, out, _ = run([str(path), *key, "--offline", *NOW], capsys)
    assert code == 0, out


def test_online_mode_fetches_keys_and_status_lists(
    files: dict[str, str],
    issuer_key: KeyPair,
    status_list_credential: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    published = {
        ISSUER_ID: controller_document(ISSUER_ID, [issuer_key]),
        REVOCATION_LIST: status_list_credential(),
    }
    monkeypatch.setattr(cli, "fetch_json", lambda url, local=False: published[url])
    code, out, _ = run([files["credential"], *NOW], capsys)
    assert code == 0, out


@pytest.mark.parametrize(
    ("url", "fetchable", "fetchable_locally"),
    [
        ("https://cert.example.org/issuer", True, True),
        ("http://127.0.0.1:8000/credentials/issuer", False, True),
        ("http://127.8.9.10/issuer", False, True),
        ("http://localhost:9101/credentials/status/1", False, True),
        ("http://[::1]:8000/issuer", False, True),
        ("http://cert.example.org/issuer", False, False),
        ("http://10.0.0.5/issuer", False, False),
        ("http://127.0.0.1.cert.example.org/issuer", False, False),
        ("http://localhost.example.org/issuer", False, False),
        ("http://api.localhost/issuer", False, False),
        ("ftp://127.0.0.1/issuer", False, False),
        ("file:///etc/passwd", False, False),
    ],
)
def test_keys_are_fetched_over_https_and_from_this_machine_only_with_local(
    url: str, fetchable: bool, fetchable_locally: bool
) -> None:
    assert is_fetchable(url) is fetchable
    assert is_fetchable(url, local=True) is fetchable_locally
    if not fetchable:
        with pytest.raises(OSError, match=r"not https, and only https is fetched \(http from"):
            cli.fetch_json(url)
    if not fetchable_locally:
        with pytest.raises(OSError, match="neither https nor on this machine"):
            cli.fetch_json(url, local=True)


class _Publisher(http.server.BaseHTTPRequestHandler):
    """An issuer on this machine: its profile, and a redirect to another machine."""

    def do_GET(self) -> None:
        if self.path == "/elsewhere":
            self.send_response(302)
            self.send_header("Location", "http://cert.example.org/issuer")
            self.end_headers()
            return
        body = json.dumps({"id": f"http://127.0.0.1:{self.server.server_port}/issuer"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_an_issuer_on_this_machine_is_fetched_and_its_redirects_held_to_the_rule() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Publisher)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with pytest.raises(OSError, match="only https is fetched"):
            cli.fetch_json(f"{base}/issuer")
        assert cli.fetch_json(f"{base}/issuer", local=True) == {"id": f"{base}/issuer"}
        with pytest.raises(OSError, match=r"refused a redirect to http://cert\.example\.org"):
            cli.fetch_json(f"{base}/elsewhere", local=True)
    finally:
        server.shutdown()
        server.server_close()


def one_line_error(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("hallmark verify: error: ")
    return err


def test_a_file_that_is_not_json_exits_2_naming_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "type": ["VerifiableCredential"],\n  "issuer" "x"\n}\n')
    code, out, err = run([str(path), "--offline"], capsys)
    assert code == 2 and out == ""
    assert f"{path} line 3, column 12: not JSON" in one_line_error(err)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"hello": "world"}, "not a verifiable credential: @context must start with"),
        ([1, 2, 3], "not a verifiable credential: the document is not a JSON object"),
    ],
)
def test_a_file_that_is_not_a_credential_exits_2(
    document: Any, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "other.json", document)
    code, _, err = run([path, "--offline"], capsys)
    assert code == 2
    assert message in one_line_error(err)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--key", "no-equals-sign"], "--key 'no-equals-sign': expected NAME=VALUE"),
        (["--key", f"{ISSUER_ID}#k=zNotAKey"], f"--key {ISSUER_ID}#k: public key"),
        (["--status-list", f"{REVOCATION_LIST}=/nonexistent.json"], "/nonexistent.json: no such"),
        (["--status-list", "ftp://x/list=CRED"], "must be an http(s) URL"),
        (["--now", "2026-06-30"], "--now '2026-06-30' is not a date-time with a time zone"),
    ],
)
def test_bad_options_exit_2_with_one_line(
    options: list[str],
    message: str,
    files: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    options = [item.replace("CRED", files["credential"]) for item in options]
    code, _, err = run([files["credential"], "--offline", *options], capsys)
    assert code == 2
    assert message in one_line_error(err)


def test_an_unknown_option_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(["credential.json", "--frobnicate"])
    assert raised.value.code == 2
    assert "unrecognized arguments: --frobnicate" in one_line_error(capsys.readouterr().err)


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([str(tmp_path / "nope.json")], capsys)
    assert code == 2
    assert "nope.json: no such file" in one_line_error(err)


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(["--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: hallmark verify")
    for option in ("--key", "--status-list", "--offline", "--local", "--json", "--now"):
        assert option in out


def test_the_plain_words_come_before_the_checks(
    tmp_path: Path, issuer: IssuerProfile, issuer_key: KeyPair, capsys: pytest.CaptureFixture[str]
) -> None:
    award = make_award(holder_name="Maria Gonzalez", status=())
    credential = write(
        tmp_path / "named.json", sign_credential(build_open_badge(award, issuer), issuer_key)
    )
    code, out, _ = run([credential, *key_option(issuer_key), "--offline", *NOW], capsys)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[1:3] == [
        "  Holder: Maria Gonzalez.",
        "  Credential: Certified Employment Support Professional (CESP), a certification.",
    ]
    assert lines.index("  Status now: active.") < next(
        n for n, line in enumerate(lines) if line.startswith("  passed  structure")
    )
