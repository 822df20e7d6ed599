"""お問い合わせ: the form's rules, the service that stores a message, and its throttle.

A message is stored (the admin lists it with its status) and mailed to the desk of its subject after
commit (ContactPoint.email, else settings.PORTAL_CONTACT_FALLBACK_EMAIL). One e-mail address, and one
client address, may send PORTAL_CONTACT_LIMIT_PER_HOUR messages an hour; the counts are read from the
stored messages, so every app server sees the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from portal.forms import phone_validator
from portal.models import ContactMessage, ContactSubject

MESSAGE_MAX_LENGTH = 2000


def _control_characters(value: str, *, allow_newlines: bool) -> bool:
    allowed = {"\n", "\r", "\t"} if allow_newlines else set()
    return any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in allowed for ch in value)


def validate_single_line(value: str) -> None:
    if _control_characters(value, allow_newlines=False):
        raise ValidationError("改行や制御文字は使えません。1行で入力してください。", code="control")


def validate_text(value: str) -> None:
    if _control_characters(value, allow_newlines=True):
        raise ValidationError("使えない制御文字が含まれています。", code="control")


class ContactForm(forms.Form):
    name = forms.CharField(label="氏名", max_length=100, validators=[validate_single_line])
    organization = forms.CharField(
        label="所属", max_length=150, validators=[validate_single_line],
        help_text="自治体・団体・会社などの名称と部署（個人の方は「個人」）",
    )
    email = forms.EmailField(label="メールアドレス", max_length=254, help_text="回答はこのアドレスにお送りします。")
    phone = forms.CharField(
        label="電話番号", required=False, max_length=30, validators=[validate_single_line, phone_validator],
        help_text="任意。例：03-5210-9743",
    )
    subject = forms.ModelChoiceField(
        label="件名", queryset=ContactSubject.objects.none(), widget=forms.RadioSelect, empty_label=None,
        error_messages={"invalid_choice": "件名は一覧から選んでください。", "required": "件名を選んでください。"},
    )
    # No maxlength attribute: a browser would cut a pasted text short without saying so.
    message = forms.CharField(
        label="お問い合わせ内容", widget=forms.Textarea(attrs={"rows": 8}),
        validators=[validate_text], help_text=f"{MESSAGE_MAX_LENGTH:,}文字以内",
    )
    # Honeypot: hidden from people (and from assistive technology); bots that fill every field fill it.
    website = forms.CharField(label="この欄には何も入力しないでください", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = ContactSubject.objects.filter(is_active=True).select_related("desk")
        # Django's Japanese message for a NUL byte reads 「何か文字を入力してください。」; our control-character
        # validators cover NUL with a message that says what is wrong.
        for name, field in self.fields.items():
            field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
            if name != "subject":
                field.error_messages["required"] = f"{field.label}を入力してください。"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organization"].widget.attrs["autocomplete"] = "organization"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})

    def clean_message(self) -> str:
        message = self.cleaned_data["message"]
        if len(message) > MESSAGE_MAX_LENGTH:
            raise ValidationError(
                f"お問い合わせ内容は{MESSAGE_MAX_LENGTH:,}文字以内で入力してください（現在{len(message):,}文字）。",
                code="max_length",
            )
        return message

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    @property
    def visible_fields_for_confirmation(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            ("氏名", data["name"]), ("所属", data["organization"]), ("メールアドレス", data["email"]),
            ("電話番号", data["phone"] or "（入力なし）"), ("件名", data["subject"].label),
            ("お問い合わせ内容", data["message"]),
        ]


class ContactThrottled(Exception):
    """Too many messages from one address within an hour."""

    message = (
        "同じメールアドレスまたは同じ接続元から1時間に送信できるお問い合わせは{limit}件までです。"
        "しばらくたってから、もう一度送信してください。入力した内容はそのまま残っています。"
    )


def client_hash(ip: str) -> str:
    """A keyed hash of an IP address (the address itself is not stored)."""
    return hmac.new(settings.SECRET_KEY.encode(), (ip or "").encode(), hashlib.sha256).hexdigest()


def desk_address(subject: ContactSubject) -> str:
    return subject.desk.email or settings.PORTAL_CONTACT_FALLBACK_EMAIL


@transaction.atomic
def contact_message_create(
    *, name: str, organization: str, email: str, phone: str, subject: ContactSubject, message: str, client_ip: str
) -> ContactMessage:
    """Store a message from the contact form and mail it to its desk after commit (anyone may call)."""
    limit = settings.PORTAL_CONTACT_LIMIT_PER_HOUR
    since = timezone.now() - dt.timedelta(hours=1)
    hashed = client_hash(client_ip)
    recent = ContactMessage.objects.filter(created_at__gte=since)
    if recent.filter(email__iexact=email).count() >= limit or recent.filter(client_hash=hashed).count() >= limit:
        raise ContactThrottled(ContactThrottled.message.format(limit=limit))
    contact = ContactMessage(
        name=name, organization=organization, email=email, phone=phone, subject=subject, message=message,
        client_hash=hashed,
    )
    contact.full_clean()
    contact.save()
    from portal.tasks import send_contact_message

    transaction.on_commit(lambda: send_contact_message.enqueue(message_id=contact.pk))
    return contact


def render_desk_mail(contact: ContactMessage) -> tuple[str, str]:
    """(subject, body) of the mail to the desk; the sender's text is only ever in the body."""
    context = {"contact": contact, "site_url": settings.PORTAL_SITE_URL}
    subject = render_to_string("portal/email/contact_subject.txt", context).strip()
    body = render_to_string("portal/email/contact_body.txt", context)
    return " ".join(subject.split()), body
