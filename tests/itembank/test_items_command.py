"""`hallmark items import|export`."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hallmark.itembank.data import AccessKind
from hallmark.itembank.models import Item, ItemAccessLog

pytestmark = pytest.mark.django_db

CSV = (
    "identifier,competency,cognitive_level,stem,option_a,option_b,key,references,author\n"
    'C-1,1.1,recall,"<p>Who decides whether to disclose a disability?</p>",'
    "The job seeker,The job developer,A,APSE Ethical Guidelines,{author}\n"
)
BAD = (
    "identifier,competency,cognitive_level,stem,option_a,option_b,key\n"
    "C-1,9.9,recall,<p>Q?</p>,Yes,No,\n"
)


def test_it_imports_a_csv_file(program, cast, tmp_path, capsys) -> None:
    path = tmp_path / "items.csv"
    path.write_text(CSV.format(author=cast.writer.email))
    call_command("items", "import", str(path), "--program", "tst")
    assert "Imported 1 items into TST (draft)." in capsys.readouterr().out
    item = Item.objects.get(identifier="C-1")
    assert item.author == cast.writer and item.events.get().actor_label.startswith("command line")


def test_a_bad_file_exits_with_status_2_and_every_problem(program, tmp_path, capsys) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD)
    with pytest.raises(SystemExit) as exit_:
        call_command("items", "import", str(path), "--program", "TST", "--format", "csv")
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "row 2 (C-1): key: missing key" in err
    assert "row 2 (C-1): competency: unknown competency 9.9" in err
    assert "row 2 (C-1): author: missing author" in err
    assert "3 problems; nothing was imported." in err
    assert not Item.objects.exists()


def test_it_exports_and_logs_the_export(program, make_item, cast, tmp_path, capsys) -> None:
    make_item()
    out = tmp_path / "bank.zip"
    call_command(
        "items", "export", "--program", "TST", "--format", "qti", "--out", str(out),
        "--by", cast.psychometrician.email,
    )  # fmt: skip
    assert out.read_bytes()[:2] == b"PK"
    assert f"Exported 1 items of TST to {out}." in capsys.readouterr().out
    log = ItemAccessLog.objects.get()
    assert (log.kind, log.actor, log.identifiers) == (
        AccessKind.EXPORT,
        cast.psychometrician,
        ["TST-00001"],
    )


def test_the_account_named_with_by_needs_the_permission(program, cast, tmp_path) -> None:
    with pytest.raises(CommandError, match="may not export"):
        call_command(
            "items", "export", "--program", "TST", "--format", "csv",
            "--out", str(tmp_path / "x.csv"), "--by", cast.writer.email,
        )  # fmt: skip
    with pytest.raises(CommandError, match="No program"):
        call_command(
            "items", "export", "--program", "NOPE", "--format", "csv", "--out", str(tmp_path / "x")
        )
