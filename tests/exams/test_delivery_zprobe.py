import json
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hallmark.exams import delivery
from factories import exam_registration


def test_probe(client, cast):
    reg = exam_registration(items=20, candidate=cast.candidate)
    s = delivery.create_session(reg, by=cast.candidate)
    delivery.accept_agreement(s, by=cast.candidate)
    s = delivery.start(s, by=cast.candidate)
    client.force_login(cast.candidate)
    save = reverse("exams:exam-autosave", args=[s.pk])
    def c(name, call):
        with CaptureQueriesContext(connection) as q:
            r = call()
        all_ = len(q.captured_queries)
        real = len([x for x in q.captured_queries if "SAVEPOINT" not in x["sql"]])
        print(f"\n{name}: {r.status_code} statements={real} (with savepoints {all_})")
    c("GET item 1 (current)", lambda: client.get(reverse("exams:exam-item", args=[s.pk, 1])))
    c("GET item 1 again", lambda: client.get(reverse("exams:exam-item", args=[s.pk, 1])))
    c("autosave new", lambda: client.post(save, json.dumps({"position": s.item_order[0], "sequence": 1, "selected": "B"}), content_type="application/json"))
    c("autosave change", lambda: client.post(save, json.dumps({"position": s.item_order[0], "sequence": 2, "selected": "C"}), content_type="application/json"))
    c("GET item 2 (moving)", lambda: client.get(reverse("exams:exam-item", args=[s.pk, 2])))
    c("GET state", lambda: client.get(reverse("exams:exam-state", args=[s.pk])))
