"""Signing in: Django's ModelBackend, with the signed-in person of every request read by a
query compiled once per process (see `hallmark.lib.prepared`)."""

from django.contrib.auth.backends import ModelBackend

from hallmark.accounts.models import User
from hallmark.lib.prepared import PreparedRead, columns, instance

USER_ROW = PreparedRead(lambda pk: User.objects.filter(pk=pk).values(*columns(User)), pk=int)


class AccountBackend(ModelBackend):
    def get_user(self, user_id: int) -> User | None:
        row = USER_ROW.first(pk=user_id)
        user = None if row is None else instance(User, row)
        return user if user is not None and self.user_can_authenticate(user) else None
