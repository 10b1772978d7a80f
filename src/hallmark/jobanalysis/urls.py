"""Job analysis under /job-analysis/: the public survey (an invitation's link, the open link,
the pages of ratings) and the staff's study pages under /job-analysis/staff/."""

from django.urls import path

from hallmark.jobanalysis import report_views

app_name = "jobanalysis"

urlpatterns: list = [
    # A study's report, for staff who may see the study.
    path("staff/<int:pk>/report.pdf", report_views.report_pdf_download, name="staff-report-pdf"),
    path("staff/<int:pk>/report.json", report_views.report_json_download, name="staff-report-json"),
]
