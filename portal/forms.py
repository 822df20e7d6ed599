"""Forms for accounts: the extra sign-up fields, the successor's sign-up, one's own contact data, the
hand-over request and leaving."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.core.validators import RegexValidator
from django.utils import timezone

from municipalities.models import Municipality
from municipalities.selectors import municipality_candidates
from portal.models import User

phone_validator = RegexValidator(r"^[0-9０-９()（）+\-‐－ー ]{6,20}$", "電話番号は数字とハイフンで入力してください（例: 03-5210-9743）。")


def _tel() -> forms.TextInput:
    return forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"})


class MunicipalityChoiceMixin(forms.Form):
    """The organisation, typed by name or reading with suggestions from the master list (a
    <datalist>, which needs no script); when what was typed fits several, the form comes back with
    them as choices (`candidates`) and keeps everything else that was typed."""

    municipality_name = forms.CharField(
        label="所属自治体", max_length=40,
        help_text="名称またはよみがなで入力すると候補が表示されます（例: 坂井市、さかいし）。23区の職員の方は区名（例: 品川区）。",
        error_messages={"required": "所属自治体の名称を入力してください。"},
        widget=forms.TextInput(attrs={"list": "municipality-suggestions", "autocomplete": "off"}),
    )
    municipality_code = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates: list[Municipality] = []

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("municipality_name")
        if not text:
            return cleaned
        candidates = municipality_candidates(text)
        chosen = [m for m in candidates if m.code == cleaned.get("municipality_code")]
        if chosen or len(candidates) == 1:
            cleaned["municipality"] = (chosen or candidates)[0]
        elif not candidates:
            self.add_error("municipality_name", forms.ValidationError(
                "「%(text)s」という市区町村は見つかりません。名称（例: 坂井市）か、よみがな（例: さかいし）で入力してください。",
                code="not_found", params={"text": text}))
        else:
            self.candidates = candidates
            self.add_error("municipality_name", forms.ValidationError(
                "「%(text)s」に当てはまる市区町村が%(count)s件あります。下の候補から選んでください。",
                code="ambiguous", params={"text": text, "count": len(candidates)}))
        return cleaned


class ContactFieldsMixin(forms.Form):
    full_name = forms.CharField(label="氏名", max_length=100, error_messages={"required": "氏名を入力してください。"},
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    full_name_kana = forms.CharField(label="氏名（ふりがな）", max_length=100, required=False)
    department = forms.CharField(label="部署", max_length=150, error_messages={"required": "部署を入力してください。"},
                                 help_text="例: 総合政策部 企画政策課")
    phone = forms.CharField(label="電話番号", max_length=30, validators=[phone_validator], widget=_tel(),
                            help_text="部署の電話番号（例: 0776-50-3000）",
                            error_messages={"required": "電話番号を入力してください。"})


class PrivacyConsentMixin(forms.Form):
    agree_privacy = forms.BooleanField(
        label="「個人情報の取扱い」に同意します",
        error_messages={"required": "「個人情報の取扱い」をお読みのうえ、同意する場合はチェックを入れてください。"},
    )


class SignupExtraForm(MunicipalityChoiceMixin, ContactFieldsMixin, PrivacyConsentMixin):
    """Fields allauth adds to its sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    field_order = ["email", "municipality_name", "municipality_code", "department", "full_name", "full_name_kana",
                   "phone", "password1", "password2", "agree_privacy"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "email" in self.fields:
            self.fields["email"].help_text = "職場（自治体）のメールアドレスを入力してください。確認のメールが届きます。"
            self.fields["email"].widget.attrs.pop("placeholder", None)
        for name in ("password1", "password2"):
            if name in self.fields:
                self.fields[name].widget.attrs.pop("placeholder", None)

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.full_name_kana = self.cleaned_data.get("full_name_kana", "")
        user.department = self.cleaned_data["department"]
        user.phone = self.cleaned_data["phone"]
        user.municipality = self.cleaned_data["municipality"]
        user.approval_status = User.Approval.PENDING
        user.save()


class SuccessorSignupForm(ContactFieldsMixin, PrivacyConsentMixin):
    """The successor's sign-up from a hand-over invitation: address and organisation come from the
    invitation, never from the form."""

    password1 = forms.CharField(label="パスワード", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label="パスワード（確認）", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    field_order = ["department", "full_name", "full_name_kana", "phone", "password1", "password2", "agree_privacy"]

    def __init__(self, *args, handover, **kwargs):
        super().__init__(*args, **kwargs)
        self.handover = handover

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "同じパスワードを2回入力してください。")
        elif p1:
            candidate = User(email=self.handover.successor_email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ProfileForm(forms.ModelForm):
    """A member's own contact data (/members/profile/)."""

    class Meta:
        model = User
        fields = ["full_name", "full_name_kana", "department", "phone"]
        error_messages = {
            "full_name": {"required": "氏名を入力してください。"},
            "department": {"required": "部署を入力してください。"},
        }
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"}), "phone": _tel()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("full_name", "department", "phone"):
            self.fields[name].required = True
        self.fields["phone"].validators.append(phone_validator)


class HandoverForm(forms.Form):
    """人事異動: the successor's address, a message and when one's own account should stop."""

    successor_email = forms.EmailField(
        label="後任者のメールアドレス", max_length=254,
        help_text="後任の方に、登録のご案内（招待のリンク）をお送りします。",
        error_messages={"required": "後任者のメールアドレスを入力してください。",
                        "invalid": "メールアドレスの形式で入力してください（例: kikaku@city.sakai.lg.jp）。"},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    message = forms.CharField(label="後任者へのメッセージ（任意）", max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    deactivate_on = forms.DateField(
        label="ご自身のアカウントを停止する日（任意）", required=False,
        help_text="空欄なら、後任者が事務局に承認された時に停止します。異動日（例: 3月31日）を指定することもできます。",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日付を正しく入力してください（例: 2026-03-31）。"},
    )

    def clean_deactivate_on(self):
        day = self.cleaned_data.get("deactivate_on")
        if day and day < timezone.localdate():
            raise forms.ValidationError("今日以降の日付を入力してください。")
        return day


class LeaveForm(forms.Form):
    confirm = forms.BooleanField(
        label="退会すると、このアカウントではログインできなくなることを確認しました",
        error_messages={"required": "退会する場合は、確認のチェックを入れてください。"},
    )
