"""Signed links in account mail (hand-over invitation, yearly reconfirmation): they need no login,
expire, and are rejected when altered; what makes one work only once is the state it points at."""

from __future__ import annotations

import datetime as dt

from django.core import signing


class InvalidLink(Exception):
    """A signed link that is altered, expired or already used; the message is for the visitor."""


def sign(kind: str, payload: dict) -> str:
    return signing.dumps(payload, salt=f"portal.{kind}", compress=True)


def unsign(kind: str, token: str, *, max_age: dt.timedelta) -> dict:
    try:
        return signing.loads(token, salt=f"portal.{kind}", max_age=max_age)
    except signing.SignatureExpired as exc:
        raise InvalidLink("このリンクは有効期限が切れています。") from exc
    except signing.BadSignature as exc:
        raise InvalidLink("このリンクは正しくありません。メールに記載されたリンクをそのまま開いてください。") from exc
