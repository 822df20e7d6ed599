"""Forms for accounts: the extra sign-up fields and the member's own contact data."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from core.text import normalize, to_hiragana
from municipalities.models import Municipality, Prefecture
from portal.models import User

phone_validator = RegexValidator(r"^[0-9０-９()（）+\-‐－ー ]{6,20}$", "電話番号は数字とハイフンで入力してください（例: 03-5210-9743）。")


def resolve_municipality(prefecture: Prefecture, text: str) -> Municipality:
    """Find a municipality of `prefecture` by its name, reading (kana) or 6-digit code."""
    text = normalize(text).strip()
    qs = Municipality.objects.filter(prefecture=prefecture)
    if text.isdigit():
        found = list(qs.filter(code=text))
    else:
        hira = to_hiragana(text)
        found = list(qs.filter(name=text)) or list(qs.filter(name_hiragana=hira))
        if not found:
            # 「坂井」「さかい」: allow the name without 市/町/村/区 when it is unambiguous.
            found = [m for m in qs.filter(name__startswith=text) if len(m.name) == len(text) + 1]
            found = found or list(qs.filter(name_hiragana__startswith=hira))
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(
            "%(prefecture)sに「%(text)s」という市区町村は見つかりません。名称（例: 坂井市）か、よみがな（例: さかいし）で入力してください。",
            code="not_found", params={"prefecture": prefecture.name, "text": text},
        )
    raise ValidationError(
        "「%(text)s」に当てはまる市区町村が複数あります（%(names)s）。正式な名称で入力してください。",
        code="ambiguous", params={"text": text, "names": "、".join(m.name for m in found[:10])},
    )


class OrganizationFieldsMixin(forms.Form):
    prefecture = forms.ModelChoiceField(
        label="都道府県", queryset=Prefecture.objects.all(), empty_label="選択してください",
        error_messages={"required": "所属自治体の都道府県を選んでください。"},
    )
    municipality_name = forms.CharField(
        label="所属自治体（市区町村）", max_length=30,
        help_text="名称またはよみがなで入力してください（例: 坂井市、さかいし）。23区の職員の方は区名（例: 品川区）。",
        error_messages={"required": "所属自治体の名称を入力してください。"},
    )

    def clean(self):
        cleaned = super().clean()
        prefecture, name = cleaned.get("prefecture"), cleaned.get("municipality_name")
        if prefecture and name:
            try:
                cleaned["municipality"] = resolve_municipality(prefecture, name)
            except ValidationError as exc:
                self.add_error("municipality_name", exc)
        return cleaned


class SignupExtraForm(OrganizationFieldsMixin):
    """Fields allauth adds to its sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_name = forms.CharField(label="氏名", max_length=100, error_messages={"required": "氏名を入力してください。"})
    full_name_kana = forms.CharField(label="氏名（ふりがな）", max_length=100, required=False)
    department = forms.CharField(label="部署", max_length=150, error_messages={"required": "部署を入力してください。"})
    phone = forms.CharField(label="電話番号", max_length=30, validators=[phone_validator],
                            error_messages={"required": "電話番号を入力してください。"})

    field_order = ["email", "prefecture", "municipality_name", "department", "full_name", "full_name_kana", "phone",
                   "password1", "password2"]

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.full_name_kana = self.cleaned_data.get("full_name_kana", "")
        user.department = self.cleaned_data["department"]
        user.phone = self.cleaned_data["phone"]
        user.municipality = self.cleaned_data["municipality"]
        user.approval_status = User.Approval.PENDING
        user.save()


class ProfileForm(forms.ModelForm):
    """A member's own contact data (/members/profile/)."""

    class Meta:
        model = User
        fields = ["full_name", "full_name_kana", "department", "phone"]
        error_messages = {
            "full_name": {"required": "氏名を入力してください。"},
            "department": {"required": "部署を入力してください。"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("full_name", "department", "phone"):
            self.fields[name].required = True
        self.fields["phone"].validators.append(phone_validator)
