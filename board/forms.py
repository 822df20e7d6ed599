"""Forms of the board. Uploads are checked here (type by content, size) so that a bad file is reported
next to the field with everything else the member typed still in the form."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from board.models import Category, Engagement, Post
from board.selectors import SHOW_MINE, SHOW_UNANSWERED, SHOW_WARD, SHOW_WATCHED
from board.uploads import ALLOWED, ALLOWED_LABEL, max_upload_bytes, validate_upload
from board.widgets import FastSelect
from core.roles import ward_code_of
from events.models import Event
from municipalities.models import Prefecture, Ward


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one <input type=file multiple> (the pattern of Django's documentation)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(sorted(ALLOWED))}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        if len(files) > settings.BOARD_MAX_FILES:
            raise ValidationError(f"添付できるファイルは{settings.BOARD_MAX_FILES}個までです。")
        errors = []
        for upload in files:
            try:
                validate_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files


def attachment_help() -> str:
    return (
        f"{ALLOWED_LABEL}を1ファイル{filesizeformat(max_upload_bytes())}まで、{settings.BOARD_MAX_FILES}個まで添付できます。"
        "入力内容に誤りがあった場合、ファイルはもう一度選んでください。"
    )


class WardChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Ward) -> str:
        return obj.municipality.name


class PostForm(forms.Form):
    category = forms.ModelChoiceField(
        label="分類", queryset=Category.objects.order_by("sort_order", "pk"), empty_label="選んでください"
    )
    title = forms.CharField(label="件名", max_length=120)
    body = forms.CharField(
        label="本文",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Markdown 記法が使えます（空行で段落、行頭の「- 」で箇条書き、**太字**、[リンク名](https://…)）。",
    )
    target_wards = WardChoiceField(
        label="特に見てほしい区（任意）",
        queryset=Ward.objects.select_related("municipality").order_by("sort_order", "municipality_id"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-grid"}),
        help_text="選んだ区の連絡担当者に、区あての投稿として通知が届きます。",
    )
    files = MultipleFileField(label="添付ファイル（任意）", required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = attachment_help()
        if editing:
            # A post's category is moved by the Secretariat (moderation), not by its author.
            del self.fields["category"]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="返信",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown 記法が使えます。",
    )
    files = MultipleFileField(label="添付ファイル（任意）", required=False)

    def __init__(self, *args, with_files: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_files:
            self.fields["files"].help_text = attachment_help()
        else:
            del self.fields["files"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="状況", choices=Post.Status.choices)
    realised_event = forms.ModelChoiceField(
        label="実現したイベント（「実現」のとき）",
        queryset=Event.objects.none(),
        required=False,
        empty_label="選ばない",
    )
    note = forms.CharField(
        label="補足（「実現」でイベントを選ばないときは必須）", max_length=300, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    OFFERED_EVENTS = 200

    def __init__(self, *args, current_event_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["realised_event"]
        field.queryset = Event.objects.filter(is_published=True)
        # The menu offers the latest events only (thousands would make the page heavy); any published
        # event is still accepted, and the one already linked is always offered.
        offered = list(field.queryset.order_by("-start_date", "-pk").only("pk", "title", "start_date")[: self.OFFERED_EVENTS])
        if current_event_id and all(e.pk != current_event_id for e in offered):
            offered += list(field.queryset.filter(pk=current_event_id).only("pk", "title", "start_date"))
        field.widget.choices = [("", field.empty_label)] + [(e.pk, f"{e.title}（{e.start_date:%Y/%m/%d}）") for e in offered]

    def clean(self):
        data = super().clean()
        if data.get("status") == Post.Status.REALISED and not (data.get("realised_event") or data.get("note")):
            raise ValidationError("「実現」にするときは、実現したイベントを選ぶか、補足に内容を入力してください。")
        return data


class EngagementForm(forms.Form):
    ward = forms.ModelChoiceField(
        label="区", queryset=Ward.objects.select_related("municipality"), widget=forms.HiddenInput
    )
    stage = forms.ChoiceField(label="区の対応", choices=Engagement.Stage.choices)
    note = forms.CharField(label="補足（任意）", max_length=300, required=False)


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(label="移動先の分類", queryset=Category.objects.order_by("sort_order", "pk"))


class BoardFilterForm(forms.Form):
    """The index's filters. Invalid values are dropped one by one (and said so), never a 500."""

    q = forms.CharField(
        label="キーワード", max_length=100, required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "例：連携、観光"}),
    )
    category = forms.ModelChoiceField(
        label="分類", queryset=Category.objects.order_by("sort_order", "pk"), required=False,
        empty_label="すべての分類", to_field_name="slug", widget=FastSelect,
    )
    status = forms.ChoiceField(
        label="状況", choices=[("", "すべての状況"), *Post.Status.choices], required=False, widget=FastSelect
    )
    prefecture = forms.ModelChoiceField(
        label="投稿団体の都道府県", queryset=Prefecture.objects.order_by("code"), required=False,
        empty_label="すべての都道府県", widget=FastSelect,
    )
    ward = forms.ModelChoiceField(
        label="区（対象・対応・投稿）",
        queryset=Ward.objects.select_related("municipality").order_by("sort_order", "municipality_id"),
        required=False, empty_label="すべての区", widget=FastSelect,
    )
    SHOW_CHOICES = [("", "すべての投稿"), (SHOW_MINE, "自分の投稿"), (SHOW_WATCHED, "ウォッチ中のスレッド")]
    show = forms.ChoiceField(label="表示", choices=SHOW_CHOICES, required=False, widget=FastSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].label_from_instance = lambda ward: ward.municipality.name

    @staticmethod
    def for_user(user, data=None) -> BoardFilterForm:
        """The filters this user has: a ward's officer also lists what concerns their ward. (One
        class per set of choices: the rendered form is cached by its class and choices.)"""
        return (WardBoardFilterForm if ward_code_of(user) else BoardFilterForm)(data)

    def filters(self) -> dict:
        """The valid filters (cleaned values), dropping the invalid ones."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value and name not in self.errors}


class WardBoardFilterForm(BoardFilterForm):
    """The index's filters for a ward's officer (the lists of the workspace, /board/mine/)."""

    show = forms.ChoiceField(
        label="表示", required=False, widget=FastSelect,
        choices=[*BoardFilterForm.SHOW_CHOICES, (SHOW_WARD, "自分の区あての投稿"), (SHOW_UNANSWERED, "自分の区が未回答の提案")],
    )
