"""マイページ (/members/): links to everything a member keeps on the portal — notifications, contact
data (and whether this 年度's confirmation is due), the organisation's profile, notification settings,
their posts and drafts, the hand-over to a successor and leaving, and for a ward's officer the
workspace; for the Secretariat the admin."""

from __future__ import annotations

from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from board import cache as board_cache
from board.models import Draft
from core import wareki
from core.roles import ApprovedMemberRequiredMixin, Role, has_two_factor, role_of
from portal.models import ContactReconfirmation
from portal.services import handover_open_for


@method_decorator(never_cache, name="dispatch")
class MyPageView(ApprovedMemberRequiredMixin, TemplateView):
    template_name = "members/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        role = role_of(user)
        context.update({
            "unread": board_cache.unread_count(self.request),
            "is_liaison": role is Role.LIAISON,
            "is_secretariat": role is Role.SECRETARIAT,
            "has_organization": user.municipality_id is not None,
            "has_two_factor": has_two_factor(user),
            "draft_count": Draft.objects.filter(author=user).count(),
            "trail": [("マイページ", "")],
        })
        if role is not Role.SECRETARIAT:
            fiscal_year = wareki.fiscal_year(timezone.localdate())
            context.update({
                "fiscal_year": fiscal_year,
                "reconfirmation_due": not ContactReconfirmation.objects.filter(
                    user=user, fiscal_year=fiscal_year, confirmed_at__isnull=False).exists(),
                "handover": handover_open_for(user),
            })
        return context
