"""Delivery's background task: `hallmark exams close-expired --enqueue`."""

from django_tasks import task

from hallmark.exams.delivery.services import close_expired_sessions


@task()
def close_expired() -> int:
    """Submit, as the server, every session past its deadline, on the worker's clock."""
    return close_expired_sessions()
