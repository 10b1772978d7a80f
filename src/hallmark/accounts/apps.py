from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "hallmark.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        # second_factor, throttle and idle connect signal receivers (role at sign-in, audit of
        # lockouts, the idle period stamped at sign-in).
        from hallmark.accounts import idle, second_factor, throttle  # noqa: F401
        from hallmark.accounts.notifications import ensure_templates_after_migrate
        from hallmark.accounts.roles import sync_roles_after_migrate

        # Permissions of apps migrated later exist only after their migrations ran, so roles
        # are brought up to date after every migrate, not only in the data migration.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="hallmark-sync-roles")
        # Every message has a template staff can edit; missing ones are created, none replaced.
        post_migrate.connect(
            ensure_templates_after_migrate, dispatch_uid="hallmark-message-templates"
        )
