"""Taking the schema back to an earlier migration and forward again, for data migration tests."""

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

__all__ = ["latest_migrations", "migrate_to"]


def migrate_to(targets: list[tuple[str, str]]) -> Apps:
    """Migrate to `targets`; return the models as they stood there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest_migrations() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
