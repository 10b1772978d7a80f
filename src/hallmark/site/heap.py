"""What start-up loads is kept out of the garbage collector's full collections.

Django, the apps, their views, templates and compiled reads leave about 180,000 objects that
live as long as the process. A full collection walks every tracked object, so each one costs
about 100 ms of CPU and lands on whichever request triggers it. Frozen objects are not walked;
frozen before the server forks its workers, they also stay shared between them (a collection
writes to each object's header, which would copy the page)."""

import gc

from django.urls import get_resolver


def freeze_loaded() -> int:
    """Load every view the site serves, drop start-up's garbage and freeze the rest; the number
    of objects frozen."""
    get_resolver().url_patterns  # noqa: B018 -- resolving imports the root URLconf and each view
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
