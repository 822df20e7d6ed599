"""Roles, from a user's own fields (the user model is `portal.User`; nothing here imports it):

- anonymous: public pages only; never the board
- pending / rejected: the pending-approval page; nothing of the board
- member: an approved user of a registered municipality (not a ward)
- liaison: an approved user whose organisation is one of the 23 wards
- secretariat: staff with two-factor authentication (Django admin, moderation). A staff account
  without it has no staff power anywhere — not in the admin, not on the board — and counts as the
  member it would be without `is_staff` (usually none: member pages send it to set up 2FA).

Below every app that needs a role (the board, the member pages); the board's own rules — who may
edit, reply, moderate — are in `board/permissions.py`. Also the 事務局 group and its permissions.
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.shortcuts import redirect

SECRETARIAT_GROUP = "事務局"
# Every model of these apps is the Secretariat's to edit in Django admin.
SECRETARIAT_APPS = ("portal", "municipalities", "agreements", "events", "disaster_support", "board")
# Plus what they need of Django and third-party apps: e-mail addresses of accounts, and the
# admin's change log (the audit trail; its admin is read-only).
SECRETARIAT_EXTRA = (("account", "emailaddress"), ("admin", "logentry"))


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    PENDING = "pending"
    MEMBER = "member"
    LIAISON = "liaison"
    SECRETARIAT = "secretariat"


def has_two_factor(user) -> bool:
    """Whether the user has set up an authenticator app (TOTP). One query, remembered on the user
    object for the request (role_of is asked many times per page)."""
    known = getattr(user, "_portal_has_two_factor", None)
    if known is None:
        from allauth.mfa.models import Authenticator

        known = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
        user._portal_has_two_factor = known
    return known


def has_staff_powers(user) -> bool:
    """Staff, with two-factor authentication where it is required (PORTAL_STAFF_MFA_REQUIRED)."""
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    return not settings.PORTAL_STAFF_MFA_REQUIRED or has_two_factor(user)


def lacks_two_factor(user) -> bool:
    """Staff who must set up two-factor authentication before any staff power."""
    return user.is_authenticated and user.is_active and user.is_staff and not has_staff_powers(user)


def role_of(user) -> Role:
    if not user.is_authenticated or not user.is_active:
        return Role.ANONYMOUS
    if has_staff_powers(user):
        return Role.SECRETARIAT
    if not user.is_approved or user.municipality_id is None:
        return Role.PENDING
    # 東京都 131xxx codes are exactly the 23 special wards (cities are 132xxx): no query needed.
    if user.municipality_id.startswith("131"):
        return Role.LIAISON
    return Role.MEMBER


def can_use_board(user) -> bool:
    return role_of(user) in (Role.MEMBER, Role.LIAISON, Role.SECRETARIAT)


def is_secretariat(user) -> bool:
    return role_of(user) is Role.SECRETARIAT


def ward_code_of(user) -> str | None:
    """The ward a liaison officer belongs to, or None."""
    return user.municipality_id if role_of(user) is Role.LIAISON else None


class ApprovedMemberRequiredMixin(AccessMixin):
    """Board and member pages: anonymous → login; signed up but not approved → the pending page."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_use_board(request.user):
            if lacks_two_factor(request.user):
                messages.warning(request, "事務局の権限を使うには、先に2段階認証（認証アプリ）を設定してください。")
                return redirect("mfa_activate_totp")
            return redirect("members:pending")
        return super().dispatch(request, *args, **kwargs)


def sync_secretariat_group(apps, schema_editor=None) -> None:
    """Create or update the 事務局 group with every permission of the portal's apps.

    Used by migrations: a migration that adds models to these apps runs it again.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS)
    for app_label, model in SECRETARIAT_EXTRA:
        perms = perms | Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
    group.permissions.set(perms)
