"""Account approval (会員の承認): the Secretariat decides on an applicant; the member is told by e-mail.

Approving registers the applicant's municipality as a member (会員登録) when it is not one yet. Called by admin actions."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from board import notifications as board_notifications
from municipalities.models import Membership
from portal.models import User


def _notify(user: User, template: str) -> None:
    from portal.tasks import send_account_email

    context = {"user": user, "site_url": settings.PORTAL_SITE_URL}
    subject = render_to_string(f"members/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"members/email/{template}_body.txt", context)
    transaction.on_commit(lambda: send_account_email.enqueue(to=user.email, subject=subject, body=body))


@transaction.atomic
def membership_approve(*, user: User, decided_by: User, note: str = "") -> User:
    """Approve an applicant (Secretariat only); registers their municipality as a member if new."""
    if not decided_by.is_staff:
        raise PermissionError("承認できるのは事務局のみです。")
    if user.municipality_id is None:
        raise ValueError("所属自治体のない申請は承認できません。")
    user.approval_status = User.Approval.APPROVED
    user.approval_decided_at = timezone.now()
    user.approval_note = note
    user.full_clean(exclude=["password"])
    user.save(update_fields=["approval_status", "approval_decided_at", "approval_note"])
    if not user.municipality.is_ward:
        Membership.objects.get_or_create(
            municipality_id=user.municipality_id,
            defaults={
                "registered_on": timezone.localdate(),
                "contact_department": user.department,
                "contact_person": user.full_name,
                "contact_email": user.email,
                "contact_phone": user.phone,
                "source": "会員登録の承認",
            },
        )
    _notify(user, "approved")
    # The organisation's other members see who joined (notification centre; e-mail if they chose it).
    board_notifications.member_approved(user)
    return user


@transaction.atomic
def membership_reject(*, user: User, decided_by: User, note: str = "") -> User:
    """Reject an applicant (Secretariat only); they are told by e-mail."""
    if not decided_by.is_staff:
        raise PermissionError("却下できるのは事務局のみです。")
    user.approval_status = User.Approval.REJECTED
    user.approval_decided_at = timezone.now()
    user.approval_note = note
    user.save(update_fields=["approval_status", "approval_decided_at", "approval_note"])
    _notify(user, "rejected")
    return user
