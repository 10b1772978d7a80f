"""Exam delivery: the services that run an exam session, from check-in to submit.

The server owns the clock. Every write locks the session row (select_for_update) and is
committed before the page is told it succeeded, so an acknowledged answer survives a crash.
A response that comes after the deadline, after submit or during a pause is refused and
journaled (a REFUSED event), never dropped or accepted silently. Every event is journaled with
server time and offered, after commit, to the remote-proctoring hook (see `proctoring.py`).

The candidate's hot path is kept cheap: a lock takes the session row only (never the form that
a thousand sessions share), an autosave upserts its response in one statement, and what a frozen
form shows (stems sanitized and rendered, option texts) is read once per process, since neither
a frozen form's items nor an item version ever change.
"""

import datetime
import hashlib
import random
import secrets
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from hallmark.accounts.models import User
from hallmark.exams.data import (
    AccommodationKind,
    AccommodationStatus,
    FormStatus,
    ItemOrder,
    SessionEventKind,
    SessionStatus,
)
from hallmark.exams.delivery import proctoring
from hallmark.exams.journey.registrations import record_attempt
from hallmark.exams.models import (
    ExamSession,
    Form,
    FormItem,
    Registration,
    Response,
    SessionEvent,
    TestingWindow,
)
from hallmark.itembank import markup
from hallmark.itembank.data import LABEL_SEPARATOR, OPTION_LABELS, SELECT_ALL, ItemKind
from hallmark.itembank.models import ItemMedia, ItemSetMedia
from hallmark.lib.clock import now_or
from hallmark.lib.prepared import PreparedRead, columns, instance

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PROCTOR = "exams.proctor_session"
LAUNCH_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3479"  # no look-alikes (0/O, 1/I/L, 5/S, 8/B)
RUNNING = (SessionStatus.IN_PROGRESS, SessionStatus.PAUSED)
# A form's assembly records are never needed while a candidate sits it; they can be large.
ASSEMBLY_FIELDS = ("assembly_spec", "assembly_report")
# Stand for a file's and a video's captions' addresses in a stem rendered once for every
# candidate (see `Shown`).
IMAGE_MARK = f"/{secrets.token_hex(16)}/"
CAPTIONS_MARK = f"/{secrets.token_hex(16)}/"
# The highest autosave sequence accepted: far above the changes of any exam, exact in every
# browser's numbers and within the column on every database.
MAX_SEQUENCE = 1_000_000
ELSEWHERE = gettext_lazy("This exam continues on another device.")


@dataclass(frozen=True)
class Device:
    """The browser an exam runs on: its exam cookie's digest, and what the journal shows."""

    token: str  # the digest of the cookie's value; the value itself is never stored
    agent: str = ""
    address: str = ""

    @classmethod
    def of(cls, cookie: str, agent: str = "", address: str = "") -> "Device":
        digest = hashlib.sha256(cookie.encode()).hexdigest() if cookie else ""
        return cls(digest, agent[:200], address[:45])

    def info(self, at: datetime.datetime) -> dict[str, str]:
        return {"agent": self.agent, "address": self.address, "since": at.isoformat()}


def on_device(session: ExamSession, device: Device | None) -> bool:
    """Whether a request comes from the session's one active device. A session bound to no
    device (started without one) accepts any until a resume binds it."""
    if not session.device_token:
        return True
    return device is not None and secrets.compare_digest(device.token, session.device_token)


@dataclass(frozen=True)
class Saved:
    """What the autosave endpoint tells the page: saved (with the sequence) or refused (why)."""

    saved: bool
    sequence: int
    status: str
    reason: str = ""
    elsewhere: bool = False  # refused: the exam continues on another device


# The session row with its form (but the assembly records), locked: written once per process.
# FOR UPDATE OF the session row only: on PostgreSQL a plain FOR UPDATE would lock the joined
# form row too, and every candidate on that form would wait for every other's write.
LOCKED = PreparedRead(
    ExamSession,
    [*columns(ExamSession), *columns(Form, "form__", ASSEMBLY_FIELDS)],
    where={"pk": "pk"},
    lock=True,
)


def _locked(session: ExamSession | int) -> ExamSession:
    """The session row (with its form), locked until the transaction ends."""
    row = LOCKED.first(pk=session if isinstance(session, int) else session.pk)
    if row is None:
        raise ExamSession.DoesNotExist(f"No exam session {session}.")
    return instance(ExamSession, row)


def _journal(
    session: ExamSession,
    kind: SessionEventKind,
    at: datetime.datetime,
    by: User | None,
    *,
    sequence: int | None = None,
    reason: str = "",
    **data: Any,
) -> SessionEvent:
    event = SessionEvent.objects.create(
        session=session, kind=kind, at=at, by=by, sequence=sequence, reason=reason, data=data
    )
    transaction.on_commit(lambda: proctoring.notify(event))
    return event


def _candidate(session: ExamSession, by: User, what: str) -> None:
    if session.candidate_id != by.pk:
        raise PermissionDenied(f"Only the session's candidate may {what}.")


def proctored_windows(by: User) -> QuerySet[TestingWindow]:
    """The windows whose sessions a person may proctor: those they are assigned to (a program
    manager assigns proctors to each window); every window for a superuser."""
    windows = TestingWindow.objects.all()
    return windows if by.is_superuser else windows.filter(proctors=by)


def _proctor(by: User, session: ExamSession, what: str) -> None:
    if not by.has_perm(PROCTOR):
        raise PermissionDenied(f"{by} may not {what}: it needs the proctor role.")
    if not proctored_windows(by).filter(registrations=session.registration_id).exists():
        raise PermissionDenied(f"{by} may not {what}: they do not proctor its window.")


def _reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": f"Give a reason to {what}."})
    return reason


# --- the clock ----------------------------------------------------------------------------


def time_limit(session: ExamSession) -> datetime.timedelta:
    """The form's time limit times the accommodation's factor."""
    minutes = Decimal(session.form.blueprint.time_limit_minutes) * session.time_factor
    return datetime.timedelta(minutes=float(minutes))


def time_left(session: ExamSession, now: datetime.datetime | None = None) -> datetime.timedelta:
    """The time the candidate has left; a paused clock stands still."""
    zero = datetime.timedelta(0)
    if session.status == SessionStatus.NOT_STARTED:
        return time_limit(session)
    if session.status not in RUNNING or session.deadline_at is None:
        return zero
    at = session.paused_at if session.status == SessionStatus.PAUSED else now_or(now)
    assert at is not None  # a paused session has its time (session_paused_has_time)
    return max(session.deadline_at - at, zero)


def _close_if_due(session: ExamSession, at: datetime.datetime) -> bool:
    """Submit a locked session whose deadline has passed, as the server; True if it did."""
    if session.status != SessionStatus.IN_PROGRESS or at < session.deadline:
        return False
    session.status = SessionStatus.SUBMITTED
    session.submitted_at = session.deadline
    session.submitted_by_server = True
    session.save(update_fields=["status", "submitted_at", "submitted_by_server"])
    _journal(session, SessionEventKind.SUBMIT, session.deadline, None, by_server=True)
    return True


def close_if_due(session: ExamSession, now: datetime.datetime | None = None) -> ExamSession:
    """The check every request makes: a session past its deadline is submitted first.

    Only a session that looks due is locked: a deadline only ever moves later (resume, added
    time), so one not yet passed in the row just read has not passed in the database either.
    """
    at = now_or(now)
    if session.status != SessionStatus.IN_PROGRESS or at < session.deadline:
        return session
    with transaction.atomic():
        session = _locked(session)
        _close_if_due(session, at)
    return session


def close_expired_sessions(now: datetime.datetime | None = None) -> int:
    """Submit every session in progress whose deadline has passed; return how many."""
    at = now_or(now)
    due = ExamSession.objects.filter(status=SessionStatus.IN_PROGRESS, deadline_at__lte=at)
    closed = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            session = ExamSession.objects.select_for_update().get(pk=pk)
            closed += _close_if_due(session, at)
    return closed


# --- creating and starting ------------------------------------------------------------------


def _units(positions: list[int], sets: dict[int, int | None]) -> list[list[int]]:
    """The form's positions in groups that stay together: a case set's items (at its first
    item's place, in their order on the form), or one item."""
    units: list[list[int]] = []
    of_set: dict[int, list[int]] = {}
    for position in positions:
        group = sets.get(position)
        if group is None:
            units.append([position])
        elif group in of_set:
            of_set[group].append(position)
        else:
            of_set[group] = [position]
            units.append(of_set[group])
    return units


def _orders(
    form_items: list[tuple[int, int]],
    policy: str,
    seed: int,
    sets: dict[int, int | None] | None = None,
) -> tuple[list[int], dict]:
    """The item order and each position's option order, from (position, number of options)
    pairs in the form's order. A shuffled order moves a case set's items as one block, in
    their order on the form, so that they are shown together."""
    shuffle = random.Random(seed)
    units = _units([position for position, _ in form_items], sets or {})
    if policy == ItemOrder.SHUFFLED:
        shuffle.shuffle(units)
    positions = [position for unit in units for position in unit]
    options = {}
    for position, count in form_items:
        labels = list(OPTION_LABELS[:count])
        shuffle.shuffle(labels)
        options[str(position)] = labels
    return positions, options


def _not_now(registration: Registration) -> str:
    return _("Your booking in %(window)s does not allow an exam at this time.") % {
        "window": registration.window.name
    }


@transaction.atomic
def create_session(
    registration: Registration, *, by: User, now: datetime.datetime | None = None
) -> ExamSession:
    """The candidate's session for a registration (made once; later calls return it).

    The form is drawn from the window's frozen forms; the option order (and the item order,
    where the form's policy shuffles) comes from a recorded seed.
    """
    at = now_or(now)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.candidate_id != by.pk:
        raise PermissionDenied("Only the registered candidate may start this exam.")
    existing = ExamSession.objects.filter(registration=registration).first()
    if existing is not None:
        return existing
    if not registration.authorized(at):
        raise ValidationError(_not_now(registration))
    frozen = registration.window.forms.filter(status=FormStatus.FROZEN).defer(*ASSEMBLY_FIELDS)
    forms = list(frozen.order_by("pk"))
    if not forms:
        raise ValidationError(
            _("The exam of %(window)s is not ready yet: no exam form is in use.")
            % {"window": registration.window.name}
        )
    seed = secrets.randbits(62)
    form = random.Random(seed).choice(forms)
    items = _shown_items(form)
    form_items = [(position, len(items[position].options)) for position in sorted(items)]
    sets = {position: item.set_id for position, item in items.items()}
    item_order, option_orders = _orders(form_items, form.item_order, seed, sets)
    return ExamSession.objects.create(
        registration=registration,
        candidate=registration.candidate,
        form=form,
        seed=seed,
        item_order=item_order,
        option_orders=option_orders,
        time_factor=registration.time_factor,
        created_at=at,
    )


@transaction.atomic
def check_in(
    session: ExamSession,
    *,
    by: User,
    identity_confirmed: bool,
    now: datetime.datetime | None = None,
) -> ExamSession:
    """A proctor confirms the candidate's identity; where the window needs one, a launch code
    is made for the proctor to give the candidate."""
    _proctor(by, session, f"check in {session}")
    if not identity_confirmed:
        raise ValidationError({"identity_confirmed": "Confirm the candidate's identity first."})
    at = now_or(now)
    session = _locked(session)
    if session.status != SessionStatus.NOT_STARTED:
        raise ValidationError(f"{session} has already started: no check-in is needed.")
    session.checked_in_at, session.checked_in_by = at, by
    if session.registration.window.launch_code_required:
        session.launch_code = "".join(secrets.choice(LAUNCH_CODE_ALPHABET) for _ in range(6))
    session.save(update_fields=["checked_in_at", "checked_in_by", "launch_code"])
    _journal(session, SessionEventKind.CHECK_IN, at, by, identity_confirmed=True)
    return session


@transaction.atomic
def accept_agreement(
    session: ExamSession, *, by: User, now: datetime.datetime | None = None
) -> ExamSession:
    _candidate(session, by, "accept the candidate agreement")
    session = _locked(session)
    if session.agreement_accepted_at is None:
        session.agreement_accepted_at = now_or(now)
        session.save(update_fields=["agreement_accepted_at"])
    return session


@transaction.atomic
def start(
    session: ExamSession,
    *,
    by: User,
    launch_code: str = "",
    device: Device | None = None,
    now: datetime.datetime | None = None,
) -> ExamSession:
    """Start the clock: the deadline is now plus the time limit times the time factor.

    Where the window's rule needs a check-in (whatever its mode, remote proctoring too), the
    clock starts only after a proctor's. The exam then runs on `device` alone.
    """
    _candidate(session, by, "start the exam")
    at = now_or(now)
    session = _locked(session)
    if session.status != SessionStatus.NOT_STARTED:
        return session
    if session.agreement_accepted_at is None:
        raise ValidationError(_("Accept the candidate agreement before you start."))
    registration = session.registration
    if not registration.authorized(at):
        raise ValidationError(_not_now(registration))
    window = registration.window
    if window.needs_check_in and session.checked_in_at is None:
        raise ValidationError(_("A proctor must check you in before you start."))
    code = launch_code.strip().upper()
    if window.launch_code_required and not secrets.compare_digest(code, session.launch_code):
        raise ValidationError({"launch_code": _("That launch code is not right.")})
    session.status = SessionStatus.IN_PROGRESS
    session.started_at = at
    session.deadline_at = at + time_limit(session)
    if device is not None:
        session.device_token, session.device = device.token, device.info(at)
    session.save(update_fields=["status", "started_at", "deadline_at", "device_token", "device"])
    record_attempt(registration, on=at)
    _journal(session, SessionEventKind.START, at, by, deadline=session.deadline_at.isoformat())
    return session


@transaction.atomic
def take_over(
    session: ExamSession, *, by: User, device: Device, now: datetime.datetime | None = None
) -> ExamSession:
    """Continue a running exam on `device`, which becomes the only one it runs on.

    Leaving a device that was active is journaled (a device takeover, with both devices), so
    the proctor sees it; that device's next request is told the exam continues elsewhere.
    """
    _candidate(session, by, "continue the exam")
    if not device.token:
        raise ValidationError(_("This browser keeps no exam cookie: allow cookies and try again."))
    at = now_or(now)
    session = _locked(session)
    if _close_if_due(session, at) or session.status not in RUNNING:
        return session
    if session.device_token == device.token:
        return session
    was, session.device_token, session.device = session.device, device.token, device.info(at)
    session.save(update_fields=["device_token", "device"])
    if was:
        _journal(session, SessionEventKind.TAKEOVER, at, by, left=was, to=session.device)
    return session


# --- what a frozen form shows -----------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """One position of a form as a candidate sees it: never the keys.

    `stem` is sanitized and rendered once; each image address in it is IMAGE_MARK plus the
    image's name, for `stem_for` to turn into the session's own address.
    """

    form_item_id: int
    item_id: int
    stem: str
    options: dict[str, str]  # option label -> text, in the item version's order
    kind: str = ItemKind.SINGLE
    select: int = 1  # multiple response: how many to select, or SELECT_ALL
    set_id: int | None = None  # the case set whose stimulus the item shares
    set_title: str = ""
    stimulus: str = ""  # rendered like the stem; "" outside a set
    transcripts: tuple[tuple[str, str], ...] = ()  # (file name, transcript) of its audio, video
    stimulus_transcripts: tuple[tuple[str, str], ...] = ()  # the same of the set's files

    def stem_for(self, image_prefix: str, captions_prefix: str = "") -> str:
        return _with_files(self.stem, image_prefix, captions_prefix)

    def stimulus_for(self, files_prefix: str, captions_prefix: str = "") -> str:
        """The stimulus with its own files' addresses (the set's, not the item's)."""
        return _with_files(self.stimulus, files_prefix, captions_prefix)

    @property
    def multiple(self) -> bool:
        return self.kind == ItemKind.MULTIPLE


def _with_files(html: str, image_prefix: str, captions_prefix: str) -> str:
    if CAPTIONS_MARK in html:
        html = html.replace(CAPTIONS_MARK, captions_prefix)
    return html.replace(IMAGE_MARK, image_prefix) if IMAGE_MARK in html else html


def _rendered(html: str) -> str:
    if not html:
        return ""
    return markup.render(html, lambda name: IMAGE_MARK + name, lambda name: CAPTIONS_MARK + name)


def _transcripts(
    files: type[ItemMedia] | type[ItemSetMedia], owner: str, owners: set[int]
) -> dict[int, tuple[tuple[str, str], ...]]:
    """The transcripts of the audio and video of these items (or case sets), by `owner` id."""
    rows = files.objects.filter(**{f"{owner}__in": owners}).exclude(transcript="")
    found: dict[int, list[tuple[str, str]]] = {}
    for owner_id, name, text in rows.order_by("name").values_list(owner, "name", "transcript"):
        found.setdefault(owner_id, []).append((name, text))
    return {owner_id: tuple(pairs) for owner_id, pairs in found.items()}


def _read_shown(form_id: int) -> dict[int, Shown]:
    rows = list(
        FormItem.objects.filter(form_id=form_id)
        .order_by()
        .values_list(
            "pk",
            "position",
            "item_version__item_id",
            "item_version__stem",
            "item_version__options",
            "item_version__kind",
            "item_version__select",
            "item_version__item__item_set_id",
            "item_version__item__item_set__title",
            "item_version__item__item_set__stimulus",
        )
    )
    transcripts = _transcripts(ItemMedia, "item_id", {row[2] for row in rows})
    set_transcripts = _transcripts(ItemSetMedia, "item_set_id", {r[7] for r in rows if r[7]})
    return {
        position: Shown(
            pk,
            item_id,
            _rendered(stem),
            dict(zip(OPTION_LABELS, options, strict=False)),
            kind,
            select,
            set_id,
            set_title or "",
            _rendered(stimulus or ""),
            transcripts.get(item_id, ()),
            set_transcripts.get(set_id, ()) if set_id else (),
        )
        for pk, position, item_id, stem, options, kind, select, set_id, set_title, stimulus in rows
    }


@lru_cache(maxsize=64)
def _frozen_shown(form_id: int, frozen_at: datetime.datetime) -> dict[int, Shown]:
    # Keyed by the moment of freezing too, so that a form row made again under a reused id
    # (a test database rolled back) is never served from an older copy.
    return _read_shown(form_id)


def _shown_items(form: Form) -> dict[int, Shown]:
    """What the form shows, by position: read once per process for a frozen form."""
    frozen = form.status != FormStatus.DRAFT and form.frozen_at is not None
    return _frozen_shown(form.pk, form.frozen_at) if frozen else _read_shown(form.pk)


def shown(form: Form, position: int) -> Shown:
    """What the form shows at `position` (a ValidationError if nothing)."""
    try:
        return _shown_items(form)[position]
    except KeyError:
        raise ValidationError(
            {"position": f"The form has no question at position {position}."}
        ) from None


# --- the candidate's answers ----------------------------------------------------------------


def _status_text(status: str) -> str:
    """The session's state as a sentence says it, in the active language ("paused")."""
    return str(SessionStatus(status).label).lower()


def _closed_to_answers_text(status: str) -> str:
    return _("The exam is %(status)s: no answer is accepted.") % {"status": _status_text(status)}


# Written when read: in English in the journal, in the candidate's language on their page.
_closed_to_answers = lazy(_closed_to_answers_text, str)


def _refuse(
    session: ExamSession,
    at: datetime.datetime,
    by: User,
    sequence: int,
    why: "StrOrPromise",
    **data: Any,
) -> Saved:
    """Refuse an answer: the proctor's journal keeps the reason in English, the candidate is
    told it in the language of the request."""
    with override("en"):
        journaled = str(why)
    _journal(session, SessionEventKind.REFUSED, at, by, sequence=sequence, reason=journaled, **data)
    return Saved(
        False, session.last_sequence, session.status, str(why), data.get("elsewhere", False)
    )


def _check_choice(item: Shown, selected: str) -> None:
    labels = selected.split(LABEL_SEPARATOR) if item.multiple and selected else [selected]
    for label in labels:
        if label and label not in OPTION_LABELS[: len(item.options)]:
            raise ValidationError({"selected": f"{label!r} is not an option of this question."})
    if item.multiple and selected:
        check_selection_count(item, len(labels))
        if len(set(labels)) != len(labels) or labels != sorted(labels):
            raise ValidationError({"selected": "Give each option once, in label order."})


def check_selection_count(item: Shown, count: int) -> None:
    """A "select N" item takes at most N options: the page says so and stops the N+1th tick."""
    if item.select != SELECT_ALL and count > item.select:
        raise ValidationError(
            {"choices": f"This question takes {item.select} options: {count} were chosen."}
        )


def option_labels(session: ExamSession, position: int, item: Shown) -> list[str]:
    """The option labels of the item at a form position, in the order this candidate sees."""
    return session.option_orders.get(str(position)) or list(item.options)


def label_shown(session: ExamSession, position: int, item: Shown, choice: int) -> str:
    """The option label at place `choice` (from 1) on this candidate's screen; 0 clears.

    The page names an option only by the place it shows it in, so that nothing in it tells
    the option's original place in the item.
    """
    labels = option_labels(session, position, item)
    if choice == 0:
        return ""
    if not 1 <= choice <= len(labels):
        raise ValidationError(
            {"choice": f"Choice {choice} is not an option of this question: 1 to {len(labels)}."}
        )
    return labels[choice - 1]


def labels_shown(session: ExamSession, position: int, item: Shown, choices: list[int]) -> str:
    """A multiple-response answer from the places ticked on this candidate's screen: its
    labels sorted and joined ("A|C"); an empty list clears the answer."""
    if not item.multiple:
        raise ValidationError({"choices": "This question takes one answer: send a choice."})
    if len(set(choices)) != len(choices):
        raise ValidationError({"choices": "Each option is chosen once."})
    check_selection_count(item, len(choices))
    labels = [label_shown(session, position, item, place) for place in choices]
    if "" in labels:
        raise ValidationError({"choices": "Options are numbered from 1."})
    return LABEL_SEPARATOR.join(sorted(labels))


def check_sequence(sequence: int) -> None:
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValidationError(
            {"sequence": f"The sequence number runs from 1 to {MAX_SEQUENCE}: got {sequence}."}
        )


def _written_since(session: ExamSession, item: Shown, sequence: int) -> bool:
    """Whether this sequence, or a later one, already wrote the response.

    No response carries a sequence above the session's last one, so only a retry or an
    autosave overtaken by a later one (sequence <= last_sequence) needs to read the row.
    """
    if sequence > session.last_sequence:
        return False
    rows = Response.objects.filter(session=session, form_item_id=item.form_item_id)
    written = rows.order_by().values_list("sequence", flat=True).first()
    return written is not None and written >= sequence


def _upsert(
    session: ExamSession,
    item: Shown,
    sequence: int,
    at: datetime.datetime,
    selected: str | None,
    flagged: bool | None,
) -> None:
    """Insert the response, or update what this autosave changes: one statement."""
    fields = ["sequence", "answered_at"]
    fields += ["selected"] if selected is not None else []
    fields += ["flagged"] if flagged is not None else []
    row = Response(
        session=session,
        form_item_id=item.form_item_id,
        selected=selected or "",
        flagged=bool(flagged),
        sequence=sequence,
        answered_at=at,
    )
    Response.objects.bulk_create(
        [row], update_conflicts=True, unique_fields=["session", "form_item"], update_fields=fields
    )


@transaction.atomic
def save_response(
    session: ExamSession | int,
    *,
    by: User,
    position: int,
    sequence: int | None = None,
    selected: str | None = None,
    choice: int | None = None,
    choices: list[int] | None = None,
    flagged: bool | None = None,
    device: Device | None = None,
    now: datetime.datetime | None = None,
) -> Saved:
    """Store an answer and/or a flag for one form position. The answer is an option label
    (`selected`, "" clears it; "A|C" for several), the place the candidate saw it in
    (`choice`, 0 clears it), or, for a multiple-response item, the places ticked (`choices`,
    [] clears it).

    Idempotent by sequence: a response already written by this or a later sequence is left
    alone and acknowledged again. Without a sequence (a page posted without scripts) the next
    one is taken. `session` may be a primary key: the row is then read only once, locked.
    A device other than the session's active one is refused (and journaled).
    """
    at = now_or(now)
    if sequence is not None:
        check_sequence(sequence)
    try:
        session = _locked(session)
    except ExamSession.DoesNotExist:
        raise PermissionDenied("Only the session's candidate may answer.") from None
    _candidate(session, by, "answer")
    sequence = sequence or session.last_sequence + 1
    data: dict[str, Any] = {
        "position": position,
        "selected": selected,
        "choice": choice,
        "flagged": flagged,
    }
    if choices is not None:
        data["choices"] = choices
    if _close_if_due(session, at) or session.status != SessionStatus.IN_PROGRESS:
        return _refuse(session, at, by, sequence, _closed_to_answers(session.status), **data)
    if not on_device(session, device):
        return _refuse(session, at, by, sequence, ELSEWHERE, elsewhere=True, **data)
    item = shown(session.form, position)
    if choices is not None:
        selected = labels_shown(session, position, item, choices)
        data["selected"] = selected
    elif choice is not None:
        if item.multiple:
            raise ValidationError({"choice": "This question takes several answers: send choices."})
        selected = label_shown(session, position, item, choice)
        data["selected"] = selected
    if selected is not None:
        _check_choice(item, selected)
    if _written_since(session, item, sequence):
        return Saved(True, session.last_sequence, session.status)
    _upsert(session, item, sequence, at, selected, flagged)
    kind = SessionEventKind.ANSWER if selected is not None else SessionEventKind.FLAG
    _journal(session, kind, at, by, sequence=sequence, **data)
    if sequence > session.last_sequence:
        session.last_sequence = sequence
        session.save(update_fields=["last_sequence"])
    return Saved(True, session.last_sequence, session.status)


@transaction.atomic
def navigate(
    session: ExamSession, *, by: User, index: int, now: datetime.datetime | None = None
) -> ExamSession:
    """Move to the item at `index` (0-based, in the order shown); journaled."""
    _candidate(session, by, "move between questions")
    session = _locked(session)
    if session.status != SessionStatus.IN_PROGRESS or _close_if_due(session, now_or(now)):
        return session
    index = min(max(index, 0), len(session.item_order) - 1)
    if index != session.current_position:
        session.current_position = index
        session.save(update_fields=["current_position"])
        _journal(session, SessionEventKind.NAVIGATE, now_or(now), by, index=index)
    return session


@transaction.atomic
def submit(session: ExamSession, *, by: User, now: datetime.datetime | None = None) -> ExamSession:
    _candidate(session, by, "submit the exam")
    at = now_or(now)
    session = _locked(session)
    if _close_if_due(session, at) or session.status == SessionStatus.SUBMITTED:
        return session
    if session.status != SessionStatus.IN_PROGRESS:
        raise ValidationError(
            _("The exam is %(status)s.") % {"status": _status_text(session.status)}
        )
    session.status, session.submitted_at = SessionStatus.SUBMITTED, at
    session.save(update_fields=["status", "submitted_at"])
    _journal(session, SessionEventKind.SUBMIT, at, by, answered=answered_count(session))
    return session


def answered_count(session: ExamSession) -> int:
    return session.responses.exclude(selected="").count()


# --- breaks and proctor actions -------------------------------------------------------------


def may_take_breaks(session: ExamSession) -> bool:
    approved = session.registration.accommodations.filter(status=AccommodationStatus.APPROVED)
    return approved.filter(kind=AccommodationKind.BREAKS).exists()


def _pause(
    session: ExamSession, at: datetime.datetime, by: User, kind: SessionEventKind, reason: str
) -> None:
    if _close_if_due(session, at):
        raise ValidationError(_("The time was up: the exam has been submitted."))
    if session.status != SessionStatus.IN_PROGRESS:
        raise ValidationError(
            _("The exam is %(status)s.") % {"status": _status_text(session.status)}
        )
    session.status, session.paused_at = SessionStatus.PAUSED, at
    session.save(update_fields=["status", "paused_at"])
    _journal(session, kind, at, by, reason=reason, time_left=time_left(session).total_seconds())


def _resume(session: ExamSession, at: datetime.datetime, by: User) -> None:
    if session.status != SessionStatus.PAUSED:
        raise ValidationError(f"{session} is not paused.")
    assert session.paused_at is not None  # a paused session has its time (session_paused_has_time)
    session.deadline_at = session.deadline + (at - session.paused_at)
    session.status, session.paused_at = SessionStatus.IN_PROGRESS, None
    session.save(update_fields=["status", "paused_at", "deadline_at"])
    _journal(session, SessionEventKind.RESUME, at, by, deadline=session.deadline.isoformat())


def _on_break(session: ExamSession) -> bool:
    last = session.events.filter(kind__in=[SessionEventKind.PAUSE, SessionEventKind.BREAK]).last()
    return last is not None and last.kind == SessionEventKind.BREAK


@transaction.atomic
def take_break(
    session: ExamSession, *, by: User, now: datetime.datetime | None = None
) -> ExamSession:
    """A break that stops the clock: only with an approved breaks accommodation."""
    _candidate(session, by, "take a break")
    if not may_take_breaks(session):
        raise ValidationError(_("Breaks that stop the clock need an approved accommodation."))
    session = _locked(session)
    _pause(session, now_or(now), by, SessionEventKind.BREAK, "Accommodated break")
    return session


@transaction.atomic
def end_break(
    session: ExamSession, *, by: User, now: datetime.datetime | None = None
) -> ExamSession:
    _candidate(session, by, "end a break")
    session = _locked(session)
    if not _on_break(session):
        raise ValidationError(_("A proctor paused this exam: only a proctor can resume it."))
    _resume(session, now_or(now), by)
    return session


@transaction.atomic
def pause(
    session: ExamSession, *, by: User, reason: str, now: datetime.datetime | None = None
) -> ExamSession:
    _proctor(by, session, f"pause {session}")
    reason = _reason(reason, "pause the exam")
    session = _locked(session)
    _pause(session, now_or(now), by, SessionEventKind.PAUSE, reason)
    return session


@transaction.atomic
def resume(session: ExamSession, *, by: User, now: datetime.datetime | None = None) -> ExamSession:
    _proctor(by, session, f"resume {session}")
    session = _locked(session)
    _resume(session, now_or(now), by)
    return session


@transaction.atomic
def add_time(
    session: ExamSession,
    *,
    by: User,
    minutes: int,
    reason: str,
    now: datetime.datetime | None = None,
) -> ExamSession:
    _proctor(by, session, f"add time to {session}")
    reason = _reason(reason, "add time")
    if not 1 <= minutes <= 240:
        raise ValidationError({"minutes": "Add between 1 and 240 minutes."})
    at = now_or(now)
    session = _locked(session)
    if _close_if_due(session, at) or session.status not in RUNNING:
        raise ValidationError(f"{session} is {session.get_status_display().lower()}.")
    session.deadline_at = session.deadline + datetime.timedelta(minutes=minutes)
    session.save(update_fields=["deadline_at"])
    _journal(session, SessionEventKind.ADD_TIME, at, by, reason=reason, minutes=minutes)
    return session


@transaction.atomic
def void(
    session: ExamSession, *, by: User, reason: str, now: datetime.datetime | None = None
) -> ExamSession:
    """Void a session (kept, with who, when and why); its responses stay for the record."""
    _proctor(by, session, f"void {session}")
    reason = _reason(reason, "void the session")
    at = now_or(now)
    session = _locked(session)
    if session.status == SessionStatus.VOIDED:
        raise ValidationError(f"{session} is already voided.")
    session.status, session.voided_at, session.voided_by = SessionStatus.VOIDED, at, by
    session.void_reason = reason
    session.save(update_fields=["status", "voided_at", "voided_by", "void_reason"])
    _journal(session, SessionEventKind.VOID, at, by, reason=reason)
    return session


@transaction.atomic
def report_incident(
    session: ExamSession, *, by: User, text: str, now: datetime.datetime | None = None
) -> SessionEvent:
    _proctor(by, session, f"report an incident on {session}")
    text = _reason(text, "report an incident (what happened)")
    return _journal(_locked(session), SessionEventKind.INCIDENT, now_or(now), by, reason=text)
