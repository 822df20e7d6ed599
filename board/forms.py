"""Forms of the board. Uploads are checked here (type by content, size) so that a bad file is reported
next to the field with everything else the member typed still in the form."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from board.models import Category, Engagement, Post, Report, WardAnswer
from board.selectors import SHOW_DEADLINES, SHOW_MINE, SHOW_UNANSWERED, SHOW_WARD, SHOW_WATCHED
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


BODY_HELP = (
    "Markdown 記法が使えます（空行で段落、行頭の「- 」で箇条書き、**太字**、[リンク名](https://…)、行頭の「> 」で引用）。"
    "「@品川区」のように区や会員団体の名前を書くと、その団体の会員に通知されます（10団体まで）。"
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PostForm(forms.Form):
    """A new post (or a draft of one, or an edit). The buttons say what to do with it: プレビュー
    (nothing stored), 下書き保存 (kept for later), 投稿する; `drafting` relaxes what is required."""

    INTENTS = ("preview", "draft", "publish")

    category = forms.ModelChoiceField(
        label="分類", queryset=Category.objects.order_by("sort_order", "pk"), empty_label="選んでください"
    )
    title = forms.CharField(label="件名", max_length=120)
    body = forms.CharField(label="本文", max_length=20000, widget=forms.Textarea(attrs={"rows": 12}), help_text=BODY_HELP)
    deadline = forms.DateField(
        label="締切日（参加募集・パンフレット配布依頼）",
        required=False,
        widget=DateInput,
        help_text="この日まで区の回答を受け付けます。未回答の対象区には締切の数日前にお知らせが届きます。例：2026-03-31",
    )
    target_wards = WardChoiceField(
        label="特に見てほしい区（任意）",
        queryset=Ward.objects.select_related("municipality").order_by("sort_order", "municipality_id"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="選んだ区の連絡担当者に、区あての投稿として通知が届きます。",
    )
    files = MultipleFileField(label="添付ファイル（任意）", required=False)

    def __init__(self, *args, editing: bool = False, takes_deadline: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = attachment_help()
        self.fields["category"].label_from_instance = self._category_label
        if editing:
            # A post's category is moved by the Secretariat (moderation), not by its author.
            del self.fields["category"]
            if not takes_deadline:
                del self.fields["deadline"]

    @staticmethod
    def _category_label(category: Category) -> str:
        return f"{category.name}（締切日あり）" if category.takes_deadline else category.name

    def intent(self) -> str:
        value = self.data.get("intent", "publish") if self.is_bound else "publish"
        return value if value in self.INTENTS else "publish"

    def relax_for_draft(self) -> None:
        """A draft may be unfinished: nothing is required (the service asks for a title or a body)."""
        for field in self.fields.values():
            field.required = False


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="返信",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown 記法が使えます。「@品川区」のように団体名を書くと、その団体の会員に通知されます。",
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


class AnswerForm(forms.Form):
    """A ward's answer to a call for participants or a pamphlet request (区の回答)."""

    ward = forms.ModelChoiceField(
        label="区", queryset=Ward.objects.select_related("municipality"), widget=forms.HiddenInput
    )
    response = forms.ChoiceField(label="回答", choices=WardAnswer.Response.choices, widget=forms.RadioSelect)
    copies = forms.IntegerField(
        label="配布できる部数", required=False, min_value=1, max_value=WardAnswer.MAX_COPIES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "部数は半角の数字で入力してください（例：300）。",
            "min_value": "部数は1以上で入力してください。",
            "max_value": f"部数は{WardAnswer.MAX_COPIES:,}部までで入力してください。",
        },
    )
    place = forms.CharField(label="配布場所", max_length=200, required=False, help_text="例：区役所本庁舎・地域センター")
    ship_to = forms.CharField(
        label="送付先", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="〒・住所・担当課・担当者。区に登録した送付先が初めから入っています。",
    )
    note = forms.CharField(label="補足（任意）", max_length=300, required=False)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        labels = WardAnswer.LABELS[kind]
        self.fields["response"].choices = [(value, labels[value]) for value in WardAnswer.Response.values]
        self.fields["ward"].label_from_instance = lambda ward: ward.municipality.name
        if kind != Category.AnswerKind.DISTRIBUTION:
            for name in ("copies", "place", "ship_to"):
                del self.fields[name]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label="通報の理由", choices=Report.Reason.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label="内容（「その他」のときは必須）", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="どこが問題か、事務局にわかるように書いてください。通報した人の名前は投稿者には伝わりません。",
    )


class ModerationForm(forms.Form):
    """Every parameter of the Secretariat's moderation POST, checked (a bad one answers 400)."""

    ACTIONS = ("hide", "unhide", "lock", "unlock", "pin", "unpin", "move", "hide_reply", "unhide_reply")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], error_messages={
        "required": "操作を選んでください。", "invalid_choice": "操作の指定が正しくありません。",
    })
    reply = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, error_messages={
        "invalid": "返信の指定が正しくありません（番号ではありません）。",
        "min_value": "返信の指定が正しくありません。", "max_value": "返信の指定が正しくありません。",
    })
    reason = forms.CharField(required=False, max_length=300, error_messages={
        "max_length": "非表示の理由は300文字以内で入力してください。",
    })
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(), required=False,
        error_messages={"invalid_choice": "移動先の分類が正しくありません。"},
    )

    def clean(self):
        data = super().clean()
        action = data.get("action", "")
        if action.endswith("_reply") and not data.get("reply") and "reply" not in self.errors:
            raise ValidationError("対象の返信を指定してください。")
        if action == "move" and not data.get("category") and "category" not in self.errors:
            raise ValidationError("移動先の分類を選んでください。")
        return data


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
        choices=[
            *BoardFilterForm.SHOW_CHOICES, (SHOW_WARD, "自分の区あての投稿"), (SHOW_UNANSWERED, "自分の区が未回答の提案"),
            (SHOW_DEADLINES, "自分の区が未回答の募集・依頼"),
        ],
    )
