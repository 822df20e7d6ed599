"""Member area: the pending-approval page, one's own contact data, one's organisation's profile."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.generic import TemplateView, UpdateView

from core.roles import ApprovedMemberRequiredMixin, Role, can_use_board, role_of
from municipalities.forms import MembershipProfileForm, WardProfileForm
from municipalities.models import Membership, Ward
from portal.forms import ProfileForm


class PendingView(LoginRequiredMixin, TemplateView):
    """Shown to applicants until the Secretariat approves them."""

    template_name = "members/pending.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can_use_board(request.user):
            return redirect("board:index")
        return super().dispatch(request, *args, **kwargs)


class ProfileView(ApprovedMemberRequiredMixin, UpdateView):
    template_name = "members/profile.html"
    form_class = ProfileForm
    success_url = reverse_lazy("members:profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, "登録情報を更新しました。")
        return super().form_valid(form)

    def form_invalid(self, form):
        messages.error(self.request, "入力内容を確認してください。")
        return super().form_invalid(form)


class OrganizationView(ApprovedMemberRequiredMixin, UpdateView):
    """Members edit their municipality's contact data and PR profile; liaison officers their ward's page."""

    template_name = "members/organization.html"
    form_classes = (MembershipProfileForm, WardProfileForm)  # by the organisation (get_form_class)
    success_url = reverse_lazy("members:organization")

    def get_object(self, queryset=None):
        user = self.request.user
        if user.municipality_id is None:
            from django.http import Http404

            raise Http404("所属団体が登録されていません。")
        if role_of(user) is Role.LIAISON or user.municipality.is_ward:
            return Ward.objects.select_related("municipality").get(pk=user.municipality_id)
        membership, _ = Membership.objects.get_or_create(municipality_id=user.municipality_id)
        return membership

    def get_form_class(self):
        return WardProfileForm if isinstance(self.object, Ward) else MembershipProfileForm

    def form_valid(self, form):
        messages.success(self.request, "団体の情報を更新しました。")
        return super().form_valid(form)

    def form_invalid(self, form):
        messages.error(self.request, "入力内容を確認してください。")
        return super().form_invalid(form)
