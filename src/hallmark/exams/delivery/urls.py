"""The exam pages (under /portal/exam/) and the proctor pages (under /portal/proctor/)."""

from django.urls import path

from hallmark.exams.delivery import proctor_views as proctor
from hallmark.exams.delivery import views as exam

urlpatterns = [
    path("bookings/<int:pk>/exam/", exam.exam_begin, name="exam-begin"),
    path("exam/<int:pk>/", exam.exam, name="exam"),
    path("exam/<int:pk>/tutorial/", exam.exam_tutorial, name="exam-tutorial"),
    path("exam/<int:pk>/questions/<int:number>/", exam.exam_item, name="exam-item"),
    path(
        "exam/<int:pk>/questions/<int:number>/images/<str:name>",
        exam.exam_image,
        name="exam-image",
    ),
    path(
        "exam/<int:pk>/questions/<int:number>/captions/<str:name>",
        exam.exam_captions,
        name="exam-captions",
    ),
    path(
        "exam/<int:pk>/questions/<int:number>/case/files/<str:name>",
        exam.exam_case_file,
        name="exam-case-file",
    ),
    path(
        "exam/<int:pk>/questions/<int:number>/case/captions/<str:name>",
        exam.exam_case_captions,
        name="exam-case-captions",
    ),
    path("exam/<int:pk>/resume/", exam.exam_resume, name="exam-resume"),
    path("exam/<int:pk>/autosave/", exam.exam_autosave, name="exam-autosave"),
    path("exam/<int:pk>/state/", exam.exam_state, name="exam-state"),
    path("exam/<int:pk>/review/", exam.exam_review, name="exam-review"),
    path("exam/<int:pk>/submit/", exam.exam_submit, name="exam-submit"),
    path("exam/<int:pk>/submitted/", exam.exam_submitted, name="exam-submitted"),
    path("exam/<int:pk>/break/", exam.exam_break, name="exam-break"),
    path("proctor/", proctor.windows, name="proctor"),
    path("proctor/windows/<int:pk>/", proctor.window, name="proctor-window"),
    path("proctor/sessions/<int:pk>/", proctor.session, name="proctor-session"),
]
