"""The board's rules, each as a pair: `can_*` answers yes or no (views and templates ask it),
`check_*` raises PermissionDenied with the Japanese reason (services call it before they write).

Roles come from `core.roles`; who sees which posts at all is `board.selectors.post_list_visible_to`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from core.roles import can_use_board, is_secretariat, ward_code_of


def _check(allowed: bool, reason: str) -> None:
    if not allowed:
        raise PermissionDenied(reason)


def can_post(user) -> bool:
    """Approved members and officers of an organisation, and the Secretariat (with an organisation)."""
    return can_use_board(user) and user.municipality_id is not None


def check_post(user) -> None:
    _check(can_post(user), "掲示板に投稿できるのは承認済みの会員です。")


def can_edit_post(user, post) -> bool:
    """Authors edit and delete their own posts; the Secretariat may edit any."""
    return is_secretariat(user) or post.author_id == user.pk


def check_edit_post(user, post) -> None:
    _check(can_edit_post(user, post), "自分の投稿のみ編集・削除できます。")


def can_edit_reply(user, reply) -> bool:
    return is_secretariat(user) or reply.author_id == user.pk


def check_edit_reply(user, reply) -> None:
    _check(can_edit_reply(user, reply), "自分の返信のみ編集・削除できます。")


def can_reply(user, post) -> bool:
    return not post.is_locked or is_secretariat(user)


def check_reply(user, post) -> None:
    _check(can_reply(user, post), "このスレッドは締め切られているため返信できません。")


def can_set_status(user, post) -> bool:
    """A proposal's status is moved by its author, by an officer of a ward it targets or that has
    answered it (区の対応), or by the Secretariat — no one else. Reads the post's target wards and
    engagements (prefetched on the thread page)."""
    if not post.category.has_workflow:
        return False
    if is_secretariat(user) or post.author_id == user.pk:
        return True
    ward = ward_code_of(user)
    if ward is None:
        return False
    return any(w.pk == ward for w in post.target_wards.all()) or any(e.ward_id == ward for e in post.engagements.all())


def check_set_status(user, post) -> None:
    if not post.category.has_workflow:
        raise PermissionDenied("この分類の投稿には状況がありません。")
    _check(
        can_set_status(user, post),
        "状況を変更できるのは、投稿者、対象の区または対応を登録した区の連絡担当者、事務局です。",
    )


def can_engage(user, ward_code: str) -> bool:
    """A liaison officer records only their own ward's answer (区の対応); the Secretariat any ward's."""
    return is_secretariat(user) or ward_code_of(user) == ward_code


def check_engage(user, ward_code: str) -> None:
    _check(can_engage(user, ward_code), "自分の区の対応のみ登録できます。")


def can_moderate(user) -> bool:
    """Hide, lock, pin, move: the Secretariat only (staff with two-factor authentication, core.roles)."""
    return is_secretariat(user)


def check_moderate(user) -> None:
    _check(can_moderate(user), "この操作は事務局のみ行えます。")


def can_see_hidden_reply(user, reply) -> bool:
    """A hidden reply is still shown to its author and to the Secretariat."""
    return is_secretariat(user) or reply.author_id == user.pk
