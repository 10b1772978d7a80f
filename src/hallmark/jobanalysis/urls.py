"""Job analysis under /job-analysis/: the public survey (an invitation's link, the open link,
the pages of ratings) and the staff's study pages under /job-analysis/staff/."""

from django.urls import path

from hallmark.jobanalysis import report_views, survey_views

app_name = "jobanalysis"

urlpatterns = [
    path("<int:pk>/", survey_views.open_link, name="open"),
    path("<int:pk>/i/<str:token>/", survey_views.invitation, name="invitation"),
    path("<int:pk>/invited/", survey_views.invited, name="invited"),
    path("<int:pk>/r/<str:secret>/", survey_views.resume_link, name="resume"),
    path("<int:pk>/page/<int:number>/", survey_views.survey_page, name="page"),
    path("<int:pk>/saved/", survey_views.saved, name="saved"),
    path("<int:pk>/thanks/", survey_views.thanks, name="thanks"),
    path("<int:pk>/not-for-you/", survey_views.screened_out, name="screened-out"),
    # A study's report, for staff who may see the study.
    path("staff/<int:pk>/report.pdf", report_views.report_pdf_download, name="staff-report-pdf"),
    path("staff/<int:pk>/report.json", report_views.report_json_download, name="staff-report-json"),
]
