"""Vocabularies of scoring, standard setting and results, defined once."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    """A scoring run's results are held until a psychometrician releases them."""

    HELD = "held", "Held (not released)"
    RELEASED = "released", "Released"
    SUPERSEDED = "superseded", "Superseded by a rescore"


class RunSource(models.TextChoices):
    DELIVERED = "delivered", "Sessions delivered by Hallmark"
    VENDOR = "vendor", "A test vendor's result file"
    BOTH = "both", "Delivered sessions and a vendor file"


class KeyAction(models.TextChoices):
    """What a psychometrician decided about a flagged (or any) item's key."""

    REKEY = "rekey", "Rekey: another option is right"
    ACCEPT = "accept several", "Accept several options as right"
    DROP = "drop", "Drop from scoring"
    KEEP = "keep", "Reviewed: the key stands"


class Standing(models.TextChoices):
    """A domain's standing against the passing standard, for a failing candidate's feedback."""

    STRONGER = "stronger", "Stronger than the passing standard"
    SIMILAR = "similar", "Similar to the passing standard"
    WEAKER = "weaker", "Weaker than the passing standard"


class VerificationStatus(models.TextChoices):
    OPEN = "open", _("Asked, awaiting the rescore")
    CONFIRMED = "confirmed", _("Rescored: the result stands")
    CHANGED = "changed", _("Rescored: the result changed")


class StudyStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


# Flags that hold a release until the item's key is reviewed: a weak or negative corrected
# point-biserial, a likely miskey, a distractor the upper group prefers to the key.
BLOCKING_FLAGS = frozenset({"r_low", "miskey", "upper_prefers_distractor", "no_data"})

RATING_STEP = Decimal("0.05")
RATING_CHOICES = [(Decimal(i) * RATING_STEP, f"{i * 5}%") for i in range(21)]

# A domain within this many percentage points of the cut's percent correct is "similar".
SIMILAR_BAND = 10

STATEMENT_VERSION = "2026-1"
CONFIDENTIALITY_STATEMENT = (
    "I will keep every item, rating and discussion of this study confidential: I will not copy, "
    "describe or discuss them with anyone outside the panel, during or after the study."
)
CONFLICT_STATEMENT = (
    "I will tell the psychometrician of any interest that could influence my ratings: "
    "teaching or coaching candidates for this exam, writing preparation material, or a close "
    "relationship with a candidate."
)
DOMAIN_CAUTION = _(
    "Domain results are based on fewer questions than your total score and are less reliable. "
    "Use them only as a general guide to where to study; the pass or fail decision rests on "
    "the total score alone."
)


class EquatingDesign(models.TextChoices):
    """How a form is put on its base form's raw scale (Kolen & Brennan's designs)."""

    IRT = "irt", "Pre-equating from the bank's IRT parameters"
    RANDOM_GROUPS = "random-groups", "Random groups (forms spiralled in one window)"
    NEAT = "neat", "Common items (NEAT) across windows"


class EquatingStatus(models.TextChoices):
    PROPOSED = "proposed", "Computed, awaiting a method's approval"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded by a later equating"
    INVALIDATED = "invalidated", "Invalidated: equate again"


# The candidate methods computed for each design, shown side by side for the choice.
EQUATING_METHODS = {
    EquatingDesign.IRT: ("true-score", "observed-score"),
    EquatingDesign.RANDOM_GROUPS: ("mean", "linear", "equipercentile", "equipercentile-smoothed"),
    EquatingDesign.NEAT: (
        "tucker",
        "levine-observed",
        "chained-linear",
        "frequency-estimation",
        "chained-equipercentile",
    ),
}
# Log-linear presmoothing keeps this many moments; bootstrap SEs of smoothed methods use
# this many replications from this seed, so an equating computed again gives the same table.
SMOOTHING_DEGREE = 4
EQUATING_BOOTSTRAP = 200
EQUATING_SEED = 20
