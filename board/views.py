from django.views.generic import TemplateView

from portal.permissions import ApprovedMemberRequiredMixin


class BoardIndexView(ApprovedMemberRequiredMixin, TemplateView):
    template_name = "board/index.html"
