"""Admin for events and exhibitions: speakers and archive links inline, participants by autocomplete."""

from django.contrib import admin

from events.models import Event, EventLink, EventSpeaker


class EventSpeakerInline(admin.TabularInline):
    model = EventSpeaker
    extra = 0
    fields = ["sort_order", "role", "name", "affiliation", "talk_title"]


class EventLinkInline(admin.TabularInline):
    model = EventLink
    extra = 0
    fields = ["sort_order", "label", "url"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date_display", "venue", "visitors", "is_published"]
    list_filter = ["kind", "is_published", "is_online", ("wards", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "theme", "summary", "venue", "organizers", "co_hosts", "cooperation"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["municipalities", "federations", "partners", "organizer_municipality"]
    filter_horizontal = ["wards"]
    inlines = [EventSpeakerInline, EventLinkInline]
    fieldsets = [
        (None, {"fields": ["title", "title_kana", "title_en", "kind", "is_published"]}),
        ("日時", {"fields": ["start_date", "date_precision", "end_date", "start_time", "end_time", "schedule_note"]}),
        ("会場", {"fields": ["venue", "venue_address", "venue_address_detail", "latitude", "longitude", "access",
                           "parking", "is_online"]}),
        ("内容", {"fields": ["theme", "summary", "program", "flyer"]}),
        ("主催・協力", {"fields": ["organizers", "organizer_municipality", "co_hosts", "cooperation", "supporters",
                              "contact", "contact_phone", "contact_extension"]}),
        ("参加", {"fields": ["fee", "fee_detail", "capacity", "application_deadline", "application_deadline_time",
                           "application_method"],
                "description": "オープンデータ（イベント一覧）の項目です。分からない項目は空欄のままにします。"}),
        ("参加団体", {"fields": ["wards", "municipalities", "federations", "partners"]}),
        ("実績", {"fields": ["visitors", "visitors_note", "source", "seed_key"]}),
    ]
    readonly_fields = ["seed_key"]

    @admin.display(description="日時", ordering="start_date")
    def date_display(self, obj: Event) -> str:
        return obj.date_display


@admin.register(EventSpeaker)
class EventSpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "affiliation", "event"]
    list_filter = ["role"]
    search_fields = ["name", "affiliation", "talk_title", "event__title"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]


@admin.register(EventLink)
class EventLinkAdmin(admin.ModelAdmin):
    list_display = ["label", "url", "event"]
    search_fields = ["label", "url", "event__title"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]
