from django.apps import AppConfig


class BoardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "board"
    verbose_name = "掲示板"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from core import caching
        from events.models import Event

        # The board's pages share their parts between members under the "board" namespace
        # (core/caching.py): what they show is the board's own rows — not read marks, notifications
        # or subscriptions, which are per member — and the names of the members, organisations and
        # wards and the realised events they link to. A watch is shown (cached with the thread); the
        # wards' answers too. The new-post form suggests wards from the organisation's ties
        # (relations, areas, events, federations), and @mentions are found among the member
        # organisations: those are kept under the board version as well.
        shown = [
            self.get_model(name)
            for name in ("Category", "Post", "Reply", "Attachment", "Engagement", "ThreadWatch", "WardAnswer")
        ]
        shown += [*self.apps.get_app_config("municipalities").get_models(), Event]
        shown += list(self.apps.get_app_config("agreements").get_models())
        caching.BOARD.bump_on_write(*shown)
        # A login saves only `last_login`: nothing a board page shows.
        caching.BOARD.bump_on_write(get_user_model(), ignore_fields={"last_login"})
        # A member's read marks are theirs: kept under their own version (board/views.py).
        caching.READS.bump_on_write(self.get_model("ReadMark"), owner=lambda mark: mark.user_id)

        # Public pages show the board's realised proposals (board/outcomes.py: event pages, /about/outcomes/
        # and its counts per 年度), so a proposal's or call's save or delete, and a ward's answer to one, bump
        # the public pages' namespace too. Other posts (notices, pamphlets, PR) and replies are not shown.
        from django.db.models.signals import post_delete, post_save

        post_model, engagement_model = self.get_model("Post"), self.get_model("Engagement")

        def outcome_changed(sender, instance, **kwargs) -> None:
            post = instance.post if sender is engagement_model else instance
            if post.category.has_workflow:
                caching.CONTENT.bump_now_and_on_commit()

        for model in (post_model, engagement_model):
            for signal in (post_save, post_delete):
                signal.connect(outcome_changed, sender=model, dispatch_uid=f"board.outcomes:{model.__name__}:{signal}", weak=False)

