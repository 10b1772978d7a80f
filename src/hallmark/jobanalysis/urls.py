"""Job analysis under /job-analysis/: the public survey (an invitation's link, the open link,
the pages of ratings) and the staff's study pages under /job-analysis/staff/."""

from django.urls import path  # noqa: F401

app_name = "jobanalysis"

urlpatterns: list = []
