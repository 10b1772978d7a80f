"""Run in its own process beside a real server: make the exam data, or read back what is stored.

`python sigkill_helper.py setup` prints the registration and the candidate's sign-in as JSON;
`python sigkill_helper.py inspect SESSION` prints the session's state and responses.
"""

import json
import sys

import django


def setup() -> dict:
    from hallmark.accounts.data import Role

    from factories import PASSWORD, UserFactory, exam_registration

    person = UserFactory(roles=[Role.CANDIDATE], email="killed.server@example.org")
    registration = exam_registration(items=12, candidate=person)
    return {"registration": registration.pk, "email": person.email, "password": PASSWORD}


def inspect(pk: int) -> dict:
    from hallmark.exams.models import ExamSession

    session = ExamSession.objects.get(pk=pk)
    return {
        "status": session.status,
        "current_position": session.current_position,
        "deadline_at": session.deadline_at.isoformat(),
        "item_order": session.item_order,
        "option_orders": session.option_orders,
        "responses": {
            str(r.form_item.position): [r.selected, r.sequence]
            for r in session.responses.select_related("form_item")
        },
    }


if __name__ == "__main__":
    django.setup()
    verb = sys.argv[1]
    print(json.dumps(setup() if verb == "setup" else inspect(int(sys.argv[2]))))
