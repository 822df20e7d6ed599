"""The organisation's own data, edited by its members (/members/organization/)."""

from __future__ import annotations

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from municipalities.models import Membership, Ward

PAMPHLET_MAX_BYTES = 10 * 1024 * 1024


class MembershipProfileForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["contact_department", "contact_person", "contact_email", "contact_phone", "pr_text", "pr_pamphlet", "pr_video_url"]
        help_texts = {
            "pr_text": "自治体のページ（一般公開）に表示されます。",
            "pr_pamphlet": "PDF、10MBまで。自治体のページからダウンロードできます。",
            "pr_video_url": "YouTube などの動画のURL（https://…）",
            "contact_email": "事務局からの連絡先です（公開されません）。",
        }
        widgets = {"pr_text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("contact_department", "contact_person", "contact_email", "contact_phone"):
            self.fields[name].required = True

    def clean_pr_pamphlet(self):
        upload = self.cleaned_data.get("pr_pamphlet")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # unchanged or cleared
        if upload.size > PAMPHLET_MAX_BYTES:
            raise ValidationError(f"パンフレットは {filesizeformat(PAMPHLET_MAX_BYTES)} までです（{filesizeformat(upload.size)}）。")
        kind = filetype.guess(upload.read(8192))
        upload.seek(0)
        if not upload.name.lower().endswith(".pdf") or kind is None or kind.extension != "pdf":
            raise ValidationError("パンフレットはPDFファイルを選んでください（中身がPDFではありません）。")
        return upload


class WardProfileForm(forms.ModelForm):
    class Meta:
        model = Ward
        fields = ["introduction", "website", "mailing_address"]
        help_texts = {"introduction": "区のページ（一般公開）に表示されます。"}
        widgets = {"introduction": forms.Textarea(attrs={"rows": 8}), "mailing_address": forms.Textarea(attrs={"rows": 3})}
