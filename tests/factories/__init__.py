"""factory-boy factories for every model, one module per app, all importable from here."""

from factories.accounts import *  # noqa: F403
from factories.appeals import *  # noqa: F403
from factories.certification import *  # noqa: F403
from factories.complaints import *  # noqa: F403
from factories.delivery import *  # noqa: F403
from factories.discipline import *  # noqa: F403
from factories.exam_forms import *  # noqa: F403
from factories.exams import *  # noqa: F403
from factories.fairness import *  # noqa: F403
from factories.itembank import *  # noqa: F403
from factories.migrations import *  # noqa: F403
from factories.programs import *  # noqa: F403
from factories.programs import PASSWORD, published_outline  # noqa: F401
from factories.recertification import *  # noqa: F403
from factories.results import *  # noqa: F403
