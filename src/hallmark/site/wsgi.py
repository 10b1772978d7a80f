"""WSGI entry point (gunicorn hallmark.site.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallmark.site.settings")
application = get_wsgi_application()
