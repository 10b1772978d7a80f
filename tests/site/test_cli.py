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
