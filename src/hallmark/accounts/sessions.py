"""Sign-in sessions: Django's database sessions, read by a query compiled once per process.

Every request of a signed-in person reads its session row; see `hallmark.lib.prepared` for why
compiling that read once matters on an exam day. Writing, expiry and sign-out are Django's.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from hallmark.lib.prepared import PreparedRead, instance

SESSION_ROW = PreparedRead(
    lambda key: Session.objects.filter(session_key=key).values(
        "session_key", "session_data", "expire_date"
    ),
    key=str,
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        row = SESSION_ROW.first(key=self.session_key)
        if row is None or row["expire_date"] <= timezone.now():
            self._session_key = None
            return None
        return instance(Session, row)
