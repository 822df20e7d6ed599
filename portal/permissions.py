"""Who may do what. Roles follow from a user's data (see portal.models.User):

- anonymous: public pages only; never the board
- pending / rejected: the pending-approval page; nothing of the board
- member: an approved user of a registered municipality (not a ward)
- liaison: an approved user whose organisation is one of the 23 wards
- secretariat: staff (Django admin, moderation)

`check_*` functions raise PermissionDenied with a Japanese reason; views call them.
"""

from __future__ import annotations

from enum import Enum

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect


class Role(str, Enum):
    ANONYMOUS = "anonymous"
    PENDING = "pending"
    MEMBER = "member"
    LIAISON = "liaison"
    SECRETARIAT = "secretariat"


def role_of(user) -> Role:
    if not user.is_authenticated or not user.is_active:
        return Role.ANONYMOUS
    if user.is_staff:
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
            return redirect("members:pending")
        return super().dispatch(request, *args, **kwargs)


def check_edit_post_permission(user, post) -> None:
    """Authors edit and delete their own posts; the Secretariat may edit any."""
    if is_secretariat(user):
        return
    if post.author_id != user.pk:
        raise PermissionDenied("自分の投稿のみ編集・削除できます。")


def check_edit_reply_permission(user, reply) -> None:
    if is_secretariat(user):
        return
    if reply.author_id != user.pk:
        raise PermissionDenied("自分の返信のみ編集・削除できます。")


def check_reply_permission(user, post) -> None:
    if post.is_locked and not is_secretariat(user):
        raise PermissionDenied("このスレッドは締め切られているため返信できません。")


def check_set_status_permission(user, post) -> None:
    """The author, a liaison officer of any ward, or the Secretariat may move a proposal's status."""
    if not post.category.has_workflow:
        raise PermissionDenied("この分類の投稿には状況がありません。")
    if is_secretariat(user) or post.author_id == user.pk or role_of(user) is Role.LIAISON:
        return
    raise PermissionDenied("状況を変更できるのは投稿者・区の連絡担当者・事務局です。")


def check_engagement_permission(user, ward_code: str) -> None:
    """A liaison officer marks only their own ward's engagement."""
    if is_secretariat(user):
        return
    if ward_code_of(user) != ward_code:
        raise PermissionDenied("自分の区の対応のみ登録できます。")


def check_moderate_permission(user) -> None:
    if not is_secretariat(user):
        raise PermissionDenied("この操作は事務局のみ行えます。")
