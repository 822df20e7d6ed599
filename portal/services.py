"""Accounts through their whole life: application, approval (会員の承認), hand-over to a successor
(人事異動), the yearly reconfirmation of contact data, leaving, deactivation and, after the retention
period, the clearing of personal fields.

Called by views, admin actions and the daily job (`manage.py account_lifecycle`). Every mail is
rendered in the transaction and sent by the task worker after the commit (portal.mail)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from board import notifications as board_notifications
from board.services import member_settings_copy
from core import wareki
from core.roles import Role, role_of
from municipalities.models import Membership
from portal import mail, tokens
from portal.models import ContactReconfirmation, Handover, User


class AccountError(Exception):
    """An account action that cannot be done, with a message for the user (Japanese)."""


def _absolute(path: str) -> str:
    return settings.PORTAL_SITE_URL + path


def _check_secretariat(user: User, action: str) -> None:
    if role_of(user) is not Role.SECRETARIAT:
        raise PermissionDenied(f"{action}できるのは事務局のみです。")


# --- Application and approval --------------------------------------------------------------------
@transaction.atomic
def application_submit(*, user: User, handover: Handover | None = None) -> bool:
    """Mark a sign-up as a complete application (its address is confirmed) and tell the Secretariat.
    Called when the address is confirmed; a second confirmation (a changed address) does nothing."""
    if user.is_staff or user.approval_status != User.Approval.PENDING or user.applied_at is not None:
        return False
    user.applied_at = timezone.now()
    user.save(update_fields=["applied_at"])
    admin_url = _absolute(reverse("admin:portal_user_change", args=[user.pk]))
    mail.queue(
        to=mail.secretariat_addresses(),
        template="handover_secretariat" if handover else "application_secretariat",
        context={"applicant": user, "handover": handover, "admin_url": admin_url,
                 "hint": applicant_domain_hint(user)},
    )
    return True


def applicant_domain_hint(user: User) -> str:
    """Whether the applicant's e-mail domain is their municipality's official one, in words."""
    if user.municipality_id is None:
        return "所属自治体が未設定です"
    match = user.municipality.domain_match(user.email_domain)
    if match == "official":
        return f"公式ドメイン（{user.municipality.official_domain}）のアドレスです"
    if match == "lg":
        return "lg.jp（地方公共団体）のアドレスです"
    if user.municipality.official_domain:
        return f"公式ドメイン（{user.municipality.official_domain}）ではありません"
    return "公式ドメインが未登録です（lg.jp のアドレスでもありません）"


@transaction.atomic
def membership_approve(*, user: User, decided_by: User, note: str = "") -> User:
    """Approve an applicant (Secretariat only); registers their municipality as a member if new, counts
    as this 年度's confirmation of their contact data, and completes a hand-over that names them."""
    _check_secretariat(decided_by, "承認")
    if user.municipality_id is None:
        raise AccountError("所属自治体のない申請は承認できません。")
    if not user.is_active:
        raise AccountError("利用停止中のアカウントは承認できません。")
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
    reconfirmation_confirm(user=user, via=ContactReconfirmation.Via.APPROVAL)
    mail.queue(to=[user.email], template="approved", context={"user": user})
    # The organisation's other members see who joined (notification centre; e-mail if they chose it).
    board_notifications.member_approved(user)
    handover = Handover.objects.filter(successor=user, state=Handover.State.APPLIED).select_related("predecessor").first()
    if handover:
        _handover_complete(handover)
    return user


@transaction.atomic
def membership_reject(*, user: User, decided_by: User, reason: str) -> User:
    """Reject an applicant (Secretariat only) with a reason, which the applicant is sent."""
    _check_secretariat(decided_by, "却下")
    reason = reason.strip()
    if not reason:
        raise AccountError("却下の理由を入力してください（申請者にメールで伝えます）。")
    if user.approval_status == User.Approval.APPROVED:
        raise AccountError("承認済みのアカウントは却下できません。利用停止を使ってください。")
    user.approval_status = User.Approval.REJECTED
    user.approval_decided_at = timezone.now()
    user.approval_note = reason
    user.save(update_fields=["approval_status", "approval_decided_at", "approval_note"])
    Handover.objects.filter(successor=user, state=Handover.State.APPLIED).update(state=Handover.State.CANCELLED)
    mail.queue(to=[user.email], template="rejected", context={"user": user})
    return user


# --- 人事異動: hand-over to a successor --------------------------------------------------------------
def handover_open_for(user: User) -> Handover | None:
    return (
        Handover.objects.filter(predecessor=user, state__in=[Handover.State.INVITED, Handover.State.APPLIED])
        .select_related("successor").first()
    )


@transaction.atomic
def handover_invite(*, predecessor: User, successor_email: str, message: str = "",
                    deactivate_on: dt.date | None = None) -> Handover:
    """A member (or ward officer) names a successor, who is sent an invitation link. Only for oneself:
    the predecessor is always the member who asks."""
    if role_of(predecessor) not in (Role.MEMBER, Role.LIAISON):
        raise PermissionDenied("担当者の交代を依頼できるのは承認済みの会員です。")
    email = successor_email.strip().lower()
    if email == predecessor.email.lower():
        raise AccountError("後任者には、ご自身以外のメールアドレスを入力してください。")
    if deactivate_on is not None and deactivate_on < timezone.localdate():
        raise AccountError("アカウントを停止する日には、今日以降の日付を入力してください。")
    if handover_open_for(predecessor):
        raise AccountError("手続き中の交代があります。取り消してから、あらためて依頼してください。")
    existing = User.objects.filter(email__iexact=email).first()
    if existing and (existing.is_staff or existing.municipality_id not in (None, predecessor.municipality_id)):
        raise AccountError("このメールアドレスは、別の団体のアカウントで使われています。事務局にお問い合わせください。")
    now = timezone.now()
    handover = Handover(
        predecessor=predecessor, municipality_id=predecessor.municipality_id, successor_email=email,
        message=message.strip(), deactivate_on=deactivate_on, nonce=secrets.token_hex(16), created_at=now,
        expires_at=now + dt.timedelta(days=settings.PORTAL_HANDOVER_INVITATION_DAYS),
    )
    handover.full_clean()
    handover.save()
    link = _absolute(reverse("members:handover-accept", args=[handover_token(handover)]))
    mail.queue(to=[email], template="handover_invitation",
               context={"handover": handover, "predecessor": predecessor, "link": link,
                        "expires_at": handover.expires_at})
    return handover


@transaction.atomic
def handover_cancel(*, handover: Handover, user: User) -> Handover:
    """The predecessor (or the Secretariat) withdraws a hand-over that is not completed."""
    if handover.predecessor_id != user.pk and role_of(user) is not Role.SECRETARIAT:
        raise PermissionDenied("この交代を取り消すことはできません。")
    if not handover.is_open:
        raise AccountError("この交代はすでに完了しているか、取り消されています。")
    handover.state = Handover.State.CANCELLED
    handover.save(update_fields=["state"])
    return handover


def handover_token(handover: Handover) -> str:
    return tokens.sign("handover", {"h": handover.pk, "n": handover.nonce})


def handover_from_token(token: str) -> Handover:
    """The invitation a link stands for, while it can still be accepted (else InvalidLink)."""
    data = tokens.unsign("handover", token, max_age=dt.timedelta(days=settings.PORTAL_HANDOVER_INVITATION_DAYS))
    handover = (
        Handover.objects.select_related("predecessor", "municipality__prefecture")
        .filter(pk=data.get("h"), nonce=data.get("n")).first()
    )
    if handover is None:
        raise tokens.InvalidLink("このリンクは正しくありません。メールに記載されたリンクをそのまま開いてください。")
    if handover.state != Handover.State.INVITED:
        raise tokens.InvalidLink("このリンクはすでに使われたか、交代の依頼が取り消されています。")
    if handover.expires_at < timezone.now():
        raise tokens.InvalidLink("このリンクは有効期限が切れています。前任の方に、あらためて依頼するようお伝えください。")
    return handover


def _handover_applied(handover: Handover, successor: User) -> None:
    handover.successor = successor
    handover.state = Handover.State.APPLIED
    handover.applied_at = timezone.now()
    handover.save(update_fields=["successor", "state", "applied_at"])


@transaction.atomic
def handover_accept_new(*, handover: Handover, full_name: str, full_name_kana: str, department: str,
                        phone: str, password: str) -> User:
    """The successor signs up from the invitation: already linked to the predecessor's organisation
    (never one they choose), with the invited address (proven by the link), waiting for the Secretariat."""
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.state != Handover.State.INVITED:
        raise AccountError("このリンクはすでに使われています。")
    if User.objects.filter(email__iexact=handover.successor_email).exists():
        raise AccountError("このメールアドレスのアカウントはすでにあります。ログインしてから、もう一度リンクを開いてください。")
    user = User(
        email=handover.successor_email, full_name=full_name.strip(), full_name_kana=full_name_kana.strip(),
        department=department.strip(), phone=phone.strip(), municipality_id=handover.municipality_id,
        approval_status=User.Approval.PENDING,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    _handover_applied(handover, user)
    application_submit(user=user, handover=handover)
    return user


@transaction.atomic
def handover_accept_existing(*, handover: Handover, user: User) -> User:
    """A successor who already has an account (with the invited address, of the same organisation or
    none yet) accepts; the Secretariat confirms."""
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.state != Handover.State.INVITED:
        raise AccountError("このリンクはすでに使われています。")
    if user.email.lower() != handover.successor_email.lower():
        raise PermissionDenied("この招待は、別のメールアドレスの方あてです。")
    if user.is_staff or user.municipality_id not in (None, handover.municipality_id):
        raise PermissionDenied("この招待で、別の団体に所属することはできません。")
    if user.municipality_id is None:
        user.municipality_id = handover.municipality_id
        user.save(update_fields=["municipality"])
    _handover_applied(handover, user)
    if user.approval_status == User.Approval.PENDING:
        user.applied_at = None  # an application of its own: told to the Secretariat as this hand-over
        application_submit(user=user, handover=handover)
    else:
        mail.queue(to=mail.secretariat_addresses(), template="handover_secretariat",
                   context={"applicant": user, "handover": handover, "hint": applicant_domain_hint(user),
                            "admin_url": _absolute(reverse("admin:portal_handover_change", args=[handover.pk]))})
    return user


@transaction.atomic
def handover_confirm(*, handover: Handover, decided_by: User) -> Handover:
    """The Secretariat's one click: approve the successor (if not yet) and complete the hand-over."""
    _check_secretariat(decided_by, "交代を確認")
    if handover.state != Handover.State.APPLIED or handover.successor is None:
        raise AccountError("後任者の登録が済んでいない交代は確認できません。")
    if handover.successor.approval_status != User.Approval.APPROVED:
        membership_approve(user=handover.successor, decided_by=decided_by)  # completes the hand-over
        handover.refresh_from_db()
    else:
        _handover_complete(handover)
    return handover


def _handover_complete(handover: Handover) -> None:
    predecessor, successor = handover.predecessor, handover.successor
    member_settings_copy(source=predecessor, target=successor)
    handover.state = Handover.State.COMPLETED
    handover.completed_at = timezone.now()
    handover.save(update_fields=["state", "completed_at"])
    membership = Membership.objects.filter(municipality_id=handover.municipality_id,
                                           contact_email__iexact=predecessor.email).first()
    if membership:
        membership.contact_department = successor.department
        membership.contact_person = successor.full_name
        membership.contact_email = successor.email
        membership.contact_phone = successor.phone
        membership.save()
    deactivate_now = handover.deactivate_on is None or handover.deactivate_on <= timezone.localdate()
    if deactivate_now and predecessor.is_active:
        _deactivate(predecessor, User.Deactivation.HANDOVER)
    mail.queue(to=[predecessor.email], template="handover_completed",
               context={"handover": handover, "predecessor": predecessor, "successor": successor,
                        "deactivated": not predecessor.is_active})


# --- Leaving and deactivation ----------------------------------------------------------------------
def _deactivate(user: User, reason: str) -> None:
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.deactivation_reason = reason
    user.save(update_fields=["is_active", "deactivated_at", "deactivation_reason"])


@transaction.atomic
def account_leave(*, user: User) -> User:
    """退会: a member closes their own account (never another's: the account is the one who asks)."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("ログインしてください。")
    if user.is_staff:
        raise AccountError("事務局のアカウントは、管理画面で停止してください。")
    Handover.objects.filter(predecessor=user, state=Handover.State.INVITED).update(state=Handover.State.CANCELLED)
    _deactivate(user, User.Deactivation.LEFT)
    mail.queue(to=[user.email], template="left", context={"user": user, "retention": retention_label()})
    return user


@transaction.atomic
def account_deactivate(*, user: User, decided_by: User) -> User:
    """The Secretariat stops a member's account (people who left, accounts not reconfirmed)."""
    _check_secretariat(decided_by, "利用停止")
    if user.is_staff:
        raise AccountError("事務局のアカウントは利用停止の対象外です。")
    if not user.is_active:
        return user
    _deactivate(user, User.Deactivation.SECRETARIAT)
    mail.queue(to=[user.email], template="deactivated", context={"user": user, "retention": retention_label()})
    return user


def retention_label(days: int | None = None) -> str:
    """The retention period in words (「1年」, 「6か月」, 「90日」), as /privacy/ states it."""
    days = settings.PORTAL_PERSONAL_DATA_RETENTION_DAYS if days is None else days
    if days % 365 == 0:
        return f"{days // 365}年"
    if days % 30 == 0:
        return f"{days // 30}か月"
    return f"{days}日"


@transaction.atomic
def account_purge(*, user: User) -> User:
    """Clear a closed account's personal fields (here, in its change history and in its municipality's
    contact data). Its posts stay, under the organisation's name."""
    if user.is_active and user.approval_status == User.Approval.APPROVED:
        raise AccountError("利用中のアカウントの個人情報は消去できません。")
    old_email = user.email
    placeholder = f"deleted-{user.pk}@deleted.invalid"
    cleared = {"full_name": "", "full_name_kana": "", "department": "", "phone": "", "approval_note": ""}
    for field, value in cleared.items():
        setattr(user, field, value)
    user.email = placeholder
    user.is_active = False
    user.set_unusable_password()
    user.personal_data_cleared_at = timezone.now()
    user.save()
    user.history.update(email=placeholder, **cleared)
    EmailAddress.objects.filter(user=user).delete()
    contact = {"contact_person": "", "contact_email": "", "contact_phone": ""}
    Membership.objects.filter(contact_email__iexact=old_email).update(**contact)
    Membership.history.filter(contact_email__iexact=old_email).update(**contact)
    Handover.objects.filter(successor_email__iexact=old_email).update(successor_email=placeholder)
    return user


# --- Yearly reconfirmation of contact data (登録情報の確認) --------------------------------------------
def reconfirmation_members() -> QuerySet[User]:
    """Everyone asked to confirm their contact data each 年度: approved, active members and officers."""
    return User.objects.filter(is_active=True, is_staff=False, approval_status=User.Approval.APPROVED,
                               municipality__isnull=False)


@transaction.atomic
def reconfirmation_confirm(*, user: User, via: str, now: dt.datetime | None = None,
                           fiscal_year: int | None = None) -> ContactReconfirmation:
    """Record that `user` confirmed their contact data for the 年度 (by default the current one; a
    mail's link names its own); the first confirmation counts."""
    now = now or timezone.now()
    row, _ = ContactReconfirmation.objects.select_for_update().get_or_create(
        user=user, fiscal_year=fiscal_year or wareki.fiscal_year(timezone.localdate(now))
    )
    if row.confirmed_at is None:
        row.confirmed_at = now
        row.confirmed_via = via
        row.save(update_fields=["confirmed_at", "confirmed_via"])
    return row


def reconfirmation_token(row: ContactReconfirmation) -> str:
    return tokens.sign("reconfirm", {"r": row.pk, "u": row.user_id, "y": row.fiscal_year})


def reconfirmation_from_token(token: str) -> ContactReconfirmation:
    data = tokens.unsign("reconfirm", token, max_age=dt.timedelta(days=settings.PORTAL_RECONFIRMATION_LINK_DAYS))
    row = (
        ContactReconfirmation.objects.select_related("user__municipality__prefecture")
        .filter(pk=data.get("r"), user_id=data.get("u"), fiscal_year=data.get("y")).first()
    )
    if row is None or not row.user.is_active:
        raise tokens.InvalidLink("このリンクは正しくないか、アカウントが利用停止されています。")
    return row


def _send_reconfirmation(row: ContactReconfirmation) -> None:
    token = reconfirmation_token(row)
    mail.queue(
        to=[row.user.email], template="reconfirmation",
        context={"user": row.user, "fiscal_year": wareki.format_fiscal_year(row.fiscal_year),
                 "reminder": row.reminders_sent,
                 "confirm_link": _absolute(reverse("members:reconfirm", args=[token])),
                 "profile_link": _absolute(reverse("members:profile")),
                 "link_days": settings.PORTAL_RECONFIRMATION_LINK_DAYS},
    )


def stale_members(*, today: dt.date | None = None) -> QuerySet[User]:
    """Members who have not confirmed their contact data this 年度 (the Secretariat's list)."""
    fy = wareki.fiscal_year(today or timezone.localdate())
    confirmed = ContactReconfirmation.objects.filter(fiscal_year=fy, confirmed_at__isnull=False)
    return reconfirmation_members().exclude(pk__in=confirmed.values("user_id"))


# --- The daily job ---------------------------------------------------------------------------------
def account_lifecycle(*, now: dt.datetime | None = None) -> Counter:
    """Run once a day (`manage.py account_lifecycle`); safe to run again the same day.

    - from 1 April: ask every member who has no row for this 年度 to confirm their contact data;
    - remind those who have not confirmed, PORTAL_RECONFIRMATION_REMINDER_DAYS after the request;
    - deactivate predecessors whose chosen date has come; cancel expired invitations;
    - clear the personal fields of accounts closed (or applications rejected or never confirmed)
      longer ago than the retention period."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    fy = wareki.fiscal_year(today)
    done: Counter = Counter()
    for user in reconfirmation_members().exclude(reconfirmations__fiscal_year=fy).order_by("pk"):
        with transaction.atomic():
            row = ContactReconfirmation.objects.create(user=user, fiscal_year=fy, requested_at=now)
            _send_reconfirmation(row)
        done["requested"] += 1
    for number, days in enumerate(settings.PORTAL_RECONFIRMATION_REMINDER_DAYS, start=1):
        due = ContactReconfirmation.objects.filter(
            fiscal_year=fy, confirmed_at__isnull=True, reminders_sent=number - 1,
            requested_at__lte=now - dt.timedelta(days=days), user__in=reconfirmation_members(),
        ).select_related("user")
        for row in due:
            with transaction.atomic():
                row.reminders_sent = number
                row.save(update_fields=["reminders_sent"])
                _send_reconfirmation(row)
            done["reminded"] += 1
    scheduled = Handover.objects.filter(deactivate_on__lte=today, predecessor__is_active=True).exclude(
        state=Handover.State.CANCELLED).select_related("predecessor")
    for handover in scheduled:
        with transaction.atomic():
            _deactivate(handover.predecessor, User.Deactivation.HANDOVER)
        done["deactivated"] += 1
    done["invitations_expired"] = Handover.objects.filter(state=Handover.State.INVITED, expires_at__lt=now).update(
        state=Handover.State.CANCELLED)
    cutoff = now - dt.timedelta(days=settings.PORTAL_PERSONAL_DATA_RETENTION_DAYS)
    closed = User.objects.filter(personal_data_cleared_at__isnull=True, is_staff=False).filter(
        Q(is_active=False, deactivated_at__lte=cutoff)
        | Q(approval_status=User.Approval.REJECTED, approval_decided_at__lte=cutoff)
        | Q(approval_status=User.Approval.PENDING, applied_at__isnull=True, date_joined__lte=cutoff)
    )
    for user in closed:
        account_purge(user=user)
        done["purged"] += 1
    return done

