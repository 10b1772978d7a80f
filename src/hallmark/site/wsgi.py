"""WSGI entry point (gunicorn hallmark.site.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from hallmark.site.heap import freeze_loaded

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallmark.site.settings")
application = get_wsgi_application()
freeze_loaded()  # after the apps are loaded, before gunicorn forks its workers
