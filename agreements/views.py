from django.views.generic import TemplateView


class AgreementIndexView(TemplateView):
    template_name = "agreements/index.html"
