from django.views.generic import TemplateView

from agreements import selectors


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
