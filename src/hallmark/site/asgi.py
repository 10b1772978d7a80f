"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from hallmark.site.heap import freeze_loaded

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallmark.site.settings")
application = get_asgi_application()
freeze_loaded()  # after the apps are loaded, before gunicorn forks its workers
