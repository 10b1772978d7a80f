from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "hallmark.exams"
    label = "exams"
    verbose_name = "Applications, windows and registrations"

    def ready(self) -> None:
        from hallmark.accounts.services import NAME_HOLDS
        from hallmark.exams.journey.next_step import legal_name_hold

        # A seat is booked, checked in and certified under the candidate's legal name: it
        # stays as it is while a registration is active (staff may still correct it).
        if legal_name_hold not in NAME_HOLDS:
            NAME_HOLDS.append(legal_name_hold)
