"""Demo threads for `make run` (never for production), retelling the seeds' first success story:
坂井市 posted a proposal on the board, 品川区 took it up, and an event at しながわ水族館 followed
(平成27年11月18日〜23日); the Secretariat has published it as an outcome of the board. Needs `load_seed` and `load_demo_accounts` first. Idempotent: threads are
found by title and left alone when they exist."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from board import permissions, services
from board.models import Category, Engagement, Post
from core import caching
from events.models import Event
from municipalities.models import Ward

User = get_user_model()

# A one-page PDF ("パンフレット（デモ）"), small enough to keep in the source.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, 0))


class Command(BaseCommand):
    help = "デモ用の掲示板スレッド（坂井市の提案と品川区の返信など）を作成します。開発環境専用です。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="DEBUG が無効でも作成する（テスト用）")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("デモ用の掲示板データは DEBUG が有効な開発環境でのみ作成できます。")
        try:
            sakai = User.objects.get(email="sakai@example.jp")
            shinagawa = User.objects.get(email="shinagawa@example.jp")
        except User.DoesNotExist:
            raise CommandError("先に manage.py load_demo_accounts を実行してください。") from None
        event = Event.objects.filter(title__contains="しながわ水族館").first()
        if event is None:
            raise CommandError("しながわ水族館のイベントがありません。先に manage.py load_seed を実行してください。")
        categories = {c.slug: c for c in Category.objects.all()}
        shinagawa_ward = Ward.objects.get(pk="131091")
        created = 0
        with transaction.atomic():
            if not Post.objects.filter(title__startswith="【提案】黄金がに").exists():
                post = services.post_create(
                    user=sakai, category=categories["proposal"],
                    title="【提案】黄金がにのPRイベントを区内の施設で開催しませんか",
                    body=(
                        "福井県坂井市 企画政策課です。\n\n"
                        "坂井市の三国港で水揚げされる**越前がに**のうち、大きさや形など厳しい基準を満たしたものを"
                        "「黄金がに」としてブランド化しています。\n\n"
                        "- 時期：11月中旬〜下旬（かに漁の解禁後）\n"
                        "- 内容：黄金がにの展示・試食、観光PR\n"
                        "- 坂井市から職員・関係者が伺います\n\n"
                        "区内の集客施設で一緒にPRイベントを開催していただける区を探しています。"
                    ),
                    target_wards=[shinagawa_ward],
                )
                reply = services.reply_create(
                    user=shinagawa, post=post,
                    body=(
                        "品川区 企画調整課です。ご提案ありがとうございます。\n\n"
                        "区内の**しながわ水族館**で、11月の開催を前提に調整できればと考えています。"
                        "担当課からご連絡いたします。"
                    ),
                )
                services.engagement_mark(user=shinagawa, post=post, ward=shinagawa_ward, stage="realised",
                                         note="しながわ水族館で開催")
                services.post_set_status(
                    user=sakai, post=post, status=Post.Status.REALISED, realised_event=event,
                    note="品川区との連携事業として、しながわ水族館で黄金がにのPRイベントを開催しました（HPを活用した初めての連携事例）。",
                )
                Post.objects.filter(pk=post.pk).update(created_at=at(2015, 9, 28), last_activity_at=at(2015, 10, 2))
                reply.__class__.objects.filter(pk=reply.pk).update(created_at=at(2015, 10, 2))
                Engagement.objects.filter(post=post).update(created_at=at(2015, 10, 2))
                created += 1
            # The Secretariat publishes the story as an outcome of the board (the event page and
            # /about/outcomes/ show it); also for a demo board loaded before the flag existed.
            if Post.objects.filter(title__startswith="【提案】黄金がに", status=Post.Status.REALISED).update(
                is_public_outcome=True
            ):
                caching.CONTENT.bump_now_and_on_commit()
            today = timezone.localdate()
            if not shinagawa_ward.mailing_address:
                # Where pamphlets for the ward are sent (the default of its answers).
                shinagawa_ward.mailing_address = "〒140-8715 東京都品川区広町2-1-36 品川区役所 企画経営部 企画調整課"
                shinagawa_ward.save(update_fields=["mailing_address"])
            if not Post.objects.filter(title__startswith="【配布依頼】").exists():
                minato = Ward.objects.get(pk="131032")
                request = services.post_create(
                    user=sakai, category=categories["pamphlet"],
                    title="【配布依頼】坂井市観光パンフレットの区施設での配架のお願い",
                    body="坂井市の観光パンフレットを、区の施設（区民センター等）に配架していただける区を募集します。"
                         "部数はご希望に合わせて送付します。見本を添付します。\n\n"
                         "配布できる部数・配布場所・送付先を、このスレッドの「区の回答」からお知らせください。",
                    target_wards=[shinagawa_ward, minato, Ward.objects.get(pk="131105")],
                    deadline=today + dt.timedelta(days=10),
                    files=[SimpleUploadedFile("坂井市観光パンフレット（見本）.pdf", DEMO_PDF, content_type="application/pdf")],
                )
                services.answer_record(
                    user=shinagawa, post=request, ward=shinagawa_ward, response="yes", copies=300,
                    place="区役所本庁舎・地域センター（13か所）", ship_to=shinagawa_ward.mailing_address,
                )
                secretariat = User.objects.filter(is_staff=True, email="secretariat@example.jp").first()
                # (Staff powers need two-factor authentication unless DJANGO_STAFF_MFA_REQUIRED is
                # off, as in `make run`: without it the demo has 品川区's answer only.)
                if secretariat is not None and permissions.can_answer(secretariat, request, minato.pk):
                    # 港区 answered by telephone; the Secretariat recorded it on the ward's behalf.
                    services.answer_record(
                        user=secretariat, post=request, ward=minato, response="yes", copies=150,
                        place="区民センター（5か所）", ship_to="〒105-8511 東京都港区芝公園1-5-25 港区役所 企画課",
                        note="電話での回答を事務局が代理登録",
                    )
                created += 1
            if not Post.objects.filter(title__startswith="【参加募集】").exists():
                services.post_create(
                    user=shinagawa, category=categories["participation"],
                    title="【参加募集】しながわ区民まつりの物産展に出店する自治体を募集します",
                    body="品川区です。区民まつりの物産展に出店していただける自治体を募集します。"
                         "出店料は不要です。出店できるかどうかを「区の回答」でお知らせください（区以外の自治体は返信で）。\n\n"
                         "@坂井市 さん、昨年に続きいかがでしょうか。",
                    target_wards=[Ward.objects.get(pk="131105"), Ward.objects.get(pk="131113")],
                    deadline=today + dt.timedelta(days=2),
                )
                created += 1
            if not Post.objects.filter(title__startswith="【広報PR】").exists():
                services.post_create(
                    user=sakai, category=categories["pr"],
                    title="【広報PR】坂井市の広報動画「東尋坊と三国湊」を公開しました",
                    body="坂井市の魅力を紹介する広報動画を公開しました。区の広報や催しでご活用ください。",
                )
                created += 1
        self.stdout.write(self.style.SUCCESS(f"デモ用の掲示板スレッドを{created}件作成しました。"))
