"""Pages about the site itself: お問い合わせ (入力 → 確認 → 完了), よくある質問, 個人情報の取扱い,
and the published accessibility test results."""

from __future__ import annotations

import logging

from allauth.account.adapter import get_adapter
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from portal import selectors
from portal.contact import ContactForm, ContactThrottled, contact_message_create
from portal.services import retention_label

logger = logging.getLogger(__name__)
DONE_SESSION_KEY = "contact_done"


@method_decorator(never_cache, name="dispatch")
class ContactView(View):
    """入力 (GET, or POST "back") → 確認 (POST "confirm") → 送信 (POST "send", then 完了)."""

    template_input = "portal/contact.html"
    template_confirm = "portal/contact_confirm.html"

    def context(self, **extra) -> dict:
        return {"trail": [("お問い合わせ", "")], "desks": selectors.contact_desks(), **extra}

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_input, self.context(form=ContactForm(), step=1))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ContactForm(request.POST)
        action = request.POST.get("action")
        if action == "back":
            # Back to the form with everything typed, without error messages.
            return render(request, self.template_input, self.context(form=ContactForm(initial=request.POST.dict()), step=1))
        if not form.is_valid():
            return render(request, self.template_input, self.context(form=form, step=1), status=400)
        if action != "send":
            return render(request, self.template_confirm, self.context(form=form, step=2))
        if form.is_bot:
            logger.info("contact form: honeypot filled, message dropped")
            return redirect("contact-done")
        data = form.cleaned_data
        try:
            contact = contact_message_create(
                name=data["name"], organization=data["organization"], email=data["email"], phone=data["phone"],
                subject=data["subject"], message=data["message"],
                client_ip=get_adapter(request).get_client_ip(request) or "",
            )
        except ContactThrottled as exc:
            form.add_error(None, str(exc))
            return render(request, self.template_input, self.context(form=form, step=1), status=429)
        request.session[DONE_SESSION_KEY] = {"number": contact.pk, "desk": contact.subject.desk.organization}
        return redirect("contact-done")


@method_decorator(never_cache, name="dispatch")
class ContactDoneView(TemplateView):
    template_name = "portal/contact_done.html"

    def get(self, request, *args, **kwargs):
        done = request.session.pop(DONE_SESSION_KEY, None)
        return self.render_to_response(self.get_context_data(done=done, step=3))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trail"] = [("お問い合わせ", reverse("contact")), ("送信完了", "")]
        return context


class FaqView(TemplateView):
    template_name = "portal/faq.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trail"] = [("よくある質問", "")]
        context["categories"] = selectors.faq_by_category()
        return context


class PrivacyView(TemplateView):
    template_name = "portal/policy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = selectors.policy_document("privacy")
        if document is None:
            raise Http404("個人情報の取扱いは準備中です。")
        # 「{保存期間}」 in a section is the retention period of closed accounts, from the setting the
        # daily job uses (portal.services.account_lifecycle), so the page and the job never disagree.
        retention = retention_label()
        for section in document.sections.all():
            section.body = section.body.replace("{保存期間}", retention)
        context["trail"] = [(document.title, "")]
        context["document"] = document
        return context


class AccessibilityResultsView(TemplateView):
    template_name = "portal/accessibility_results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trail"] = [("ウェブアクセシビリティ方針", reverse("accessibility")), ("試験結果", "")]
        context["run"] = selectors.published_accessibility_run()
        return context
