"""What each role may do in the candidate journey.

Candidates need no permission: their pages show only their own records. Credentialing officers
decide applications, accommodations and appeals and manage registrations; program managers set
testing windows up; psychometricians assemble forms and approve (freeze) them; proctors see the
windows and who is registered in them, and check candidates in, pause, add time and void.
"""

from hallmark.accounts.data import Role

OFFICER = [
    "exams.view_application",
    "exams.decide_application",
    "exams.record_fee",
    "exams.record_employer_verification",
    "exams.view_applicationevent",
    "exams.view_eligibilityanswer",
    "exams.view_evidence",
    "exams.download_evidence",
    "exams.view_employerverification",
    "exams.view_accommodationrequest",
    "exams.decide_accommodation",
    "exams.view_testingwindow",
    "exams.view_registration",
    "exams.manage_registration",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.PROGRAM_MANAGER: [
        "exams.add_testingwindow",
        "exams.change_testingwindow",
        "exams.view_testingwindow",
    ],
    Role.CREDENTIALING_OFFICER: OFFICER,
    Role.PSYCHOMETRICIAN: [
        "exams.view_form",
        "exams.assemble_form",
        "exams.approve_form",
        "exams.view_testingwindow",
    ],
    Role.PROCTOR: [
        "exams.view_testingwindow",
        "exams.view_registration",
        "exams.view_examsession",
        "exams.proctor_session",
    ],
}
