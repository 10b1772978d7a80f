"""Job analysis under /job-analysis/: the public survey (an invitation's link, the open link,
the pages of ratings) and the staff's study pages under /job-analysis/staff/."""

from django.urls import path

from hallmark.jobanalysis import report_views, survey_views
from hallmark.jobanalysis import staff_analysis_views as analysis
from hallmark.jobanalysis import staff_survey_views as survey
from hallmark.jobanalysis import staff_views as staff

app_name = "jobanalysis"

urlpatterns = [
    # The public survey.
    path("<int:pk>/", survey_views.open_link, name="open"),
    path("<int:pk>/i/<str:token>/", survey_views.invitation, name="invitation"),
    path("<int:pk>/invited/", survey_views.invited, name="invited"),
    path("<int:pk>/r/<str:secret>/", survey_views.resume_link, name="resume"),
    path("<int:pk>/page/<int:number>/", survey_views.survey_page, name="page"),
    path("<int:pk>/saved/", survey_views.saved, name="saved"),
    path("<int:pk>/thanks/", survey_views.thanks, name="thanks"),
    path("<int:pk>/not-for-you/", survey_views.screened_out, name="screened-out"),
    # The staff's study pages.
    path("staff/", staff.studies, name="staff"),
    path("staff/new/", staff.new_study, name="staff-new"),
    path("staff/<int:pk>/", staff.setup, name="staff-setup"),
    path("staff/<int:pk>/scales/", staff.add_scale, name="staff-add-scale"),
    path("staff/<int:pk>/background/", staff.add_background, name="staff-add-background"),
    path("staff/<int:pk>/plan/<int:question>/", staff.set_plan, name="staff-set-plan"),
    path("staff/<int:pk>/panel/", staff.panel, name="staff-panel"),
    path("staff/<int:pk>/panel/begin/", staff.begin_panel_review, name="staff-begin-panel"),
    path("staff/<int:pk>/panel/comment/", staff.comment, name="staff-comment"),
    path("staff/<int:pk>/panel/edit/", staff.edit_statement, name="staff-edit"),
    path("staff/<int:pk>/panel/decide/", staff.decide, name="staff-decide"),
    path("staff/<int:pk>/survey/", survey.survey, name="staff-survey"),
    path("staff/<int:pk>/survey/open/", survey.open_survey, name="staff-open"),
    path("staff/<int:pk>/survey/close/", survey.close_survey, name="staff-close"),
    path("staff/<int:pk>/survey/invite/", survey.invite, name="staff-invite"),
    path("staff/<int:pk>/survey/remind/", survey.remind, name="staff-remind"),
    path("staff/<int:pk>/survey/links/", survey.personal_links, name="staff-links"),
    path("staff/<int:pk>/survey/flag/", survey.flag_quality, name="staff-flag"),
    path(
        "staff/<int:pk>/survey/responses/<int:response>/exclude/",
        survey.exclude,
        name="staff-exclude",
    ),
    path(
        "staff/<int:pk>/survey/responses/<int:response>/include/",
        survey.include,
        name="staff-include",
    ),
    path("staff/<int:pk>/analysis/", analysis.analysis, name="staff-analysis"),
    path("staff/<int:pk>/analysis/fix/", analysis.mark_analysed, name="staff-mark-analysed"),
    path("staff/<int:pk>/analysis/weight/", analysis.adjust_weight, name="staff-adjust-weight"),
    path("staff/<int:pk>/analysis/adopt/", analysis.adopt, name="staff-adopt"),
    # A study's report, for staff who may see the study.
    path("staff/<int:pk>/report.pdf", report_views.report_pdf_download, name="staff-report-pdf"),
    path("staff/<int:pk>/report.json", report_views.report_json_download, name="staff-report-json"),
]
