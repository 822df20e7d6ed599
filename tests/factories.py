"""factory_boy factories for the portal's models."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from core.roles import SECRETARIAT_GROUP
from portal.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.jp")
    full_name = factory.Sequence(lambda n: f"利用者 {n}")
    department = "企画課"
    phone = "03-0000-0000"
    approval_status = User.Approval.APPROVED
    password = factory.PostGenerationMethodCall("set_password", "pass-for-tests-2026")

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})


class MemberFactory(UserFactory):
    municipality_id = "182109"  # 坂井市


class LiaisonFactory(UserFactory):
    municipality_id = "131091"  # 品川区


class PendingFactory(UserFactory):
    municipality_id = "182109"
    approval_status = User.Approval.PENDING


class SecretariatFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def secretariat_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        """Staff have two-factor authentication set up (required before the admin); totp=False to skip."""
        if create and extracted is not False:
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            TOTP.activate(obj, generate_totp_secret())


# ---- Board ----
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "board.Post"

    category = factory.LazyFunction(lambda: _category("proposal"))
    author = factory.SubFactory(MemberFactory)
    organization_id = factory.LazyAttribute(lambda o: o.author.municipality_id)
    title = factory.Sequence(lambda n: f"連携事業のご提案 {n}")
    body = "特産品のPRイベントを、区内の施設で一緒に開催しませんか。"
    body_html = factory.LazyAttribute(lambda o: f"<p>{o.body}</p>")


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "board.Reply"

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(LiaisonFactory)
    organization_id = factory.LazyAttribute(lambda o: o.author.municipality_id)
    body = "区として前向きに検討します。"
    body_html = factory.LazyAttribute(lambda o: f"<p>{o.body}</p>")


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "board.Attachment"

    post = factory.SubFactory(PostFactory)
    file = factory.django.FileField(filename="flyer.pdf", data=PDF_BYTES)
    original_name = "チラシ.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    uploaded_by = factory.LazyAttribute(lambda o: (o.post or o.reply).author)


def _category(slug: str):
    from board.models import Category

    return Category.objects.get(slug=slug)


# ---- Events ----
class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Event"

    title = factory.Sequence(lambda n: f"テスト展示 {n}")
    kind = "exhibition"
    start_date = factory.Faker("date_between", start_date="-2y", end_date="+1y")
    venue = "東京区政会館 1階エントランスホール"
