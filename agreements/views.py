from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView

from agreements import selectors
from events.models import Event
from events.selectors import federation_events


class AgreementIndexView(TemplateView):
    """Federations with their agreements, corporate partners, and area ↔ ward pairings."""

    template_name = "agreements/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trail"] = [("連携協定", "")]
        context["federations"] = selectors.federation_table()
        context["partners"] = selectors.corporate_partner_list()
        context["areas"] = selectors.area_pairing_list()
        return context


class FederationDetailView(TemplateView):
    """A federation's corner: agreement, members by area with PR profiles, events, exhibitions, relations."""

    template_name = "agreements/federation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        corner = selectors.federation_corner(slug=self.kwargs["slug"])
        if corner is None:
            raise Http404("その団体のページはありません。")
        events = federation_events(federation=corner.federation)
        context.update(
            trail=[("連携協定", reverse("agreements:index")), (corner.federation.name, "")],
            corner=corner,
            federation=corner.federation,
            exhibitions=[e for e in events if e.kind == Event.Kind.EXHIBITION],
            events=[e for e in events if e.kind != Event.Kind.EXHIBITION],
        )
        return context
