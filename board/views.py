from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class BoardIndexView(LoginRequiredMixin, TemplateView):
    template_name = "board/index.html"
