"""The exams app's models: the candidate's journey, the forms, and exam sessions."""

from hallmark.exams.models.exam_forms import Form, FormItem, FrozenFormError
from hallmark.exams.models.journey import (
    AccommodationRequest,
    Application,
    ApplicationEvent,
    EligibilityAnswer,
    EmployerVerification,
    Evidence,
)
from hallmark.exams.models.registrations import (
    Registration,
    RegistrationAccommodation,
    TestingWindow,
)
from hallmark.exams.models.sessions import ExamSession, Response, SessionEvent

__all__ = [
    "AccommodationRequest",
    "Application",
    "ApplicationEvent",
    "EligibilityAnswer",
    "EmployerVerification",
    "Evidence",
    "ExamSession",
    "Form",
    "FormItem",
    "FrozenFormError",
    "Registration",
    "RegistrationAccommodation",
    "Response",
    "SessionEvent",
    "TestingWindow",
]
