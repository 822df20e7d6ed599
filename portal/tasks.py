"""Background e-mail for accounts (approval decisions), sent by the task worker."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_account_email(*, to: str, subject: str, body: str) -> None:
    send_mail(subject, body, None, [to])
