"""Signing in: Django's ModelBackend, with the signed-in person of every request read by SQL
written once per process (see `hallmark.lib.prepared`)."""

from django.contrib.auth.backends import ModelBackend

from hallmark.accounts.models import User
from hallmark.lib.prepared import PreparedRead, columns, instance

USER_ROW = PreparedRead(User, columns(User), where={"pk": "pk"})


class AccountBackend(ModelBackend):
    def get_user(self, user_id: int) -> User | None:
        row = USER_ROW.first(pk=user_id)
        user = None if row is None else instance(User, row)
        return user if user is not None and self.user_can_authenticate(user) else None
