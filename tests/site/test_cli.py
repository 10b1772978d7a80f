import subprocess
import sys

from hallmark.site.cli import FILE_VERBS


def test_file_verbs_run_without_django_settings() -> None:
    # Each verb answers --help from its own parser; Django is never imported for it.
    code = (
        "import sys; from hallmark.site.cli import main\n"
        "try:\n    main(['hallmark', sys.argv[1], '--help'])\n"
        "except SystemExit as e:\n    assert 'django.conf' not in sys.modules; raise\n"
    )
    for verb in FILE_VERBS:
        result = subprocess.run(
            [sys.executable, "-c", code, verb], capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, (verb, result.stderr)
        assert f"hallmark {verb}" in result.stdout, verb


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path) -> None:
    """`hallmark verify badge.png | head -1`: the closed pipe ends the command quietly."""
    (tmp_path / "chatty.py").write_text(
        "def main(argv, prog):\n"
        "    for _ in range(100_000):\n"
        "        print('x' * 80)\n"
        "    return 0\n"
    )
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n"
        "from hallmark.site import cli\n"
        "cli.FILE_VERBS['chatty'] = 'chatty'\n"
        "cli.main(['hallmark', 'chatty'])\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == b"x" * 80 + b"\n"
    process.stdout.close()
    with process.stderr:
        errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141 and errors == "", errors
