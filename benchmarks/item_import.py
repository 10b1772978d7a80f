"""How long an item file's import takes, to choose the size above which the web import runs as a
job (HALLMARK_IMPORT_JOB_KB) rather than while the page waits.

    .venv/bin/python benchmarks/item_import.py              # 64 and 256 KB files, SQLite
    .venv/bin/python benchmarks/item_import.py --kb 16 32 1024
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/item_import.py

Each size is a CSV of four-option items, imported all or nothing into a fresh program by
`transfer.import_items` (what the page and the job call), on a throwaway database: a SQLite file
in a temporary folder, or a database made on DATABASE_URL's PostgreSQL server and dropped at the
end. Prints, per size, the wall-clock seconds and items per second.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from throwaway import ROOT, is_postgres, postgres_database

ROW = (
    "1.1,recall,<p>Which step comes first when a job seeker asks about disclosure in case {n}?</p>,"
    "Ask the job seeker,Ask the employer,Ask the family,Ask the agency,A\n"
)
HEADER = "competency,cognitive_level,stem,option_a,option_b,option_c,option_d,key\n"


def csv_of(kilobytes: int) -> bytes:
    rows, size = [HEADER], len(HEADER)
    while size < kilobytes * 1024:
        rows.append(ROW.format(n=len(rows)))
        size += len(rows[-1])
    return "".join(rows).encode()


def run(sizes: list[int]) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from hallmark.accounts.data import Role
    from hallmark.itembank import transfer

    from factories import ProgramFactory, UserFactory, published_outline

    manager = UserFactory(email="manager@example.org", roles=[Role.PROGRAM_MANAGER])
    for number, kilobytes in enumerate(sizes):
        program = ProgramFactory(designation=f"B{number}")
        published_outline(program, weights=(40, 60), competencies_per_domain=3)
        data = csv_of(kilobytes)
        start = time.perf_counter()
        items = transfer.import_items(program, data, "csv", manager)
        seconds = time.perf_counter() - start
        print(
            f"{len(data) / 1024:,.0f} KB CSV: imported {len(items):,} items in {seconds:.1f} s "
            f"({len(items) / seconds:,.0f} items per second)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, nargs="+", default=[64, 256], help="file sizes in KB")
    sizes = parser.parse_args().kb
    sys.path[:0] = [str(ROOT / "tests")]
    server = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="hallmark-import-") as folder:
        os.environ["HALLMARK_DATA_DIR"] = folder
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallmark.site.settings")
        os.environ["HALLMARK_LOG_LEVEL"] = "WARNING"
        drop = None
        if is_postgres(server):
            os.environ["DATABASE_URL"], drop = postgres_database(server)
        else:
            os.environ.pop("DATABASE_URL", None)
        print(f"database: {'PostgreSQL' if drop else 'SQLite'} ({Path(folder).name})")
        try:
            run(sizes)
        finally:
            if drop is not None:
                from django.db import connections

                connections.close_all()
                drop()


if __name__ == "__main__":
    main()
