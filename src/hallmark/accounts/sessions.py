"""Sign-in sessions: Django's database sessions, read by SQL written once per process.

Every request of a signed-in person reads its session row; see `hallmark.lib.prepared` for why
not compiling that read each time matters on an exam day. Only `load()`, the read that Django's
session engines each define, is replaced; writing, expiry and sign-out are Django's.
"""

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from hallmark.lib.prepared import PreparedRead

SESSION_ROW = PreparedRead(Session, ["session_data", "expire_date"], where={"key": "session_key"})


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        row = SESSION_ROW.first(key=self.session_key)
        if row is None or row["expire_date"] <= timezone.now():
            # Django's own read finds nothing either, and forgets the key (a new session must
            # not take over a key that someone else chose or that has expired).
            return super().load()
        return self.decode(row["session_data"])
