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


# ---- Deadlines and the wards' structured answers (区の回答) ----

def can_answer(user, post, ward_code: str | None = None) -> bool:
    """An officer answers for their own ward (the Secretariat for any ward), on a post whose category
    takes answers, while it is open: not locked and not past its deadline. Without `ward_code`:
    for some ward."""
    if not post.category.answer_kind or post.is_locked or post.is_past_deadline:
        return False
    if is_secretariat(user):
        return ward_code != post.organization_id
    own = ward_code_of(user)
    # A ward that posted the call does not answer it itself.
    return own is not None and own != post.organization_id and ward_code in (None, own)


def check_answer(user, post, ward_code: str | None) -> None:
    if not post.category.answer_kind:
        raise PermissionDenied("この分類の投稿には区の回答を登録できません。")
    if post.is_past_deadline:
        raise PermissionDenied("締切日を過ぎたため、回答できません。")
    if post.is_locked:
        raise PermissionDenied("このスレッドは締め切られているため、回答できません。")
    if ward_code == post.organization_id:
        raise PermissionDenied("投稿した区は、自分の投稿に回答できません。")
    _check(can_answer(user, post, ward_code), "自分の区の回答のみ登録できます。")


def can_see_answers(user, post) -> bool:
    """Every ward's answer in full (送付先, 補足): the requester and the Secretariat. Others see the totals."""
    return is_secretariat(user) or post.author_id == user.pk


def check_see_answers(user, post) -> None:
    _check(can_see_answers(user, post), "回答の一覧を見られるのは投稿者と事務局です。")


def can_mark_shipped(user, answer) -> bool:
    """The requester (or the Secretariat) marks the pamphlets sent to a ward that can distribute them."""
    return answer.is_yes and answer.post.category.answer_kind == "distribution" and can_see_answers(user, answer.post)


def check_mark_shipped(user, answer) -> None:
    _check(can_mark_shipped(user, answer), "発送済みにできるのは、配布できると回答した区への投稿者の発送だけです。")


def can_mark_received(user, answer) -> bool:
    """The ward's officers (or the Secretariat) confirm receipt of what was sent to them."""
    return answer.shipped_at is not None and (is_secretariat(user) or ward_code_of(user) == answer.ward_id)


def check_mark_received(user, answer) -> None:
    if answer.shipped_at is None:
        raise PermissionDenied("まだ発送されていません。")
    _check(can_mark_received(user, answer), "受領を登録できるのは送付先の区の連絡担当者です。")


# ---- Drafts and reports ----

def can_edit_draft(user, draft) -> bool:
    """A draft is its author's alone (not even the Secretariat reads it)."""
    return draft.author_id == user.pk


def check_edit_draft(user, draft) -> None:
    _check(can_edit_draft(user, draft), "自分の下書きのみ開けます。")


def can_report(user, item) -> bool:
    """Members and officers report others' posts and replies; the Secretariat moderates directly."""
    return can_use_board(user) and not is_secretariat(user) and item.author_id != user.pk


def check_report(user, item) -> None:
    if item.author_id == user.pk:
        raise PermissionDenied("自分の投稿・返信は通報できません。")
    _check(can_report(user, item), "通報できるのは会員です（事務局は直接対応できます）。")


def can_resolve_report(user) -> bool:
    return is_secretariat(user)


def check_resolve_report(user) -> None:
    _check(can_resolve_report(user), "通報への対応は事務局のみ行えます。")
