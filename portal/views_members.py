"""Member area: the pending-approval page, one's own contact data and its yearly confirmation, one's
organisation's profile, the hand-over to a successor (人事異動) and leaving (退会)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView, UpdateView

from core import wareki
from core.roles import ApprovedMemberRequiredMixin, Role, can_use_board, role_of
from municipalities.forms import MembershipProfileForm, WardProfileForm
from municipalities.models import Membership, Ward
from portal import services
from portal.adapters import SIGNUP_SESSION_KEY
from portal.forms import HandoverForm, LeaveForm, ProfileForm, SuccessorSignupForm
from portal.models import ContactReconfirmation, User
from portal.tokens import InvalidLink


class PendingView(TemplateView):
    """Shown to applicants until the Secretariat approves them — also right after signing up, before
    the address is confirmed (no login yet)."""

    template_name = "members/pending.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can_use_board(request.user):
            return redirect("board:index")
        if not request.user.is_authenticated and not request.session.get(SIGNUP_SESSION_KEY):
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["working_days"] = settings.PORTAL_APPROVAL_WORKING_DAYS
        user = self.request.user
        context["address_confirmed"] = user.is_authenticated and user.applied_at is not None
        return context


class ProfileView(ApprovedMemberRequiredMixin, UpdateView):
    """One's contact data; saving it (or 「変更なし」) is this 年度's confirmation."""

    template_name = "members/profile.html"
    form_class = ProfileForm
    success_url = reverse_lazy("members:profile")

    def get_object(self, queryset=None):
        return self.request.user

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fy = wareki.fiscal_year(timezone.localdate())
        context["fiscal_year"] = fy
        context["reconfirmation"] = ContactReconfirmation.objects.filter(user=self.request.user, fiscal_year=fy).first()
        context["handover"] = services.handover_open_for(self.request.user)
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        services.reconfirmation_confirm(user=self.request.user, via=ContactReconfirmation.Via.PROFILE)
        messages.success(self.request, "登録情報を更新しました。")
        return response

    def form_invalid(self, form):
        messages.error(self.request, "入力内容を確認してください。")
        return super().form_invalid(form)


class ProfileConfirmView(ApprovedMemberRequiredMixin, View):
    """「変更なし」 on the profile page: this 年度's confirmation without changing anything."""

    def post(self, request):
        services.reconfirmation_confirm(user=request.user, via=ContactReconfirmation.Via.PROFILE)
        messages.success(request, "登録情報に変更がないことを確認しました。ありがとうございます。")
        return redirect("members:profile")


class ReconfirmView(View):
    """The signed link of the yearly mail: shows the data and records 「変更なし」 on a button press
    (never on opening the link: mail scanners open links). Needs no login; works once."""

    template_name = "members/reconfirm.html"

    def _row(self, token):
        try:
            return services.reconfirmation_from_token(token), None
        except InvalidLink as exc:
            return None, str(exc)

    def get(self, request, token):
        row, error = self._row(token)
        return render(request, self.template_name, self._context(row, error), status=400 if error else 200)

    def post(self, request, token):
        row, error = self._row(token)
        if error:
            return render(request, self.template_name, self._context(row, error), status=400)
        already = row.confirmed_at is not None
        row = services.reconfirmation_confirm(user=row.user, via=ContactReconfirmation.Via.LINK, fiscal_year=row.fiscal_year)
        return render(request, self.template_name, {**self._context(row, None), "just_confirmed": not already})

    @staticmethod
    def _context(row, error):
        return {"row": row, "error": error, "member": row.user if row else None,
                "fiscal_year": row.fiscal_year if row else None}


class OrganizationView(ApprovedMemberRequiredMixin, UpdateView):
    """Members edit their municipality's contact data and PR profile; liaison officers their ward's page."""

    template_name = "members/organization.html"
    form_classes = (MembershipProfileForm, WardProfileForm)  # by the organisation (get_form_class)
    success_url = reverse_lazy("members:organization")

    def get_object(self, queryset=None):
        user = self.request.user
        if user.municipality_id is None:
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


class HandoverView(ApprovedMemberRequiredMixin, FormView):
    """人事異動: name a successor for one's own account (never anyone else's), or see / cancel the
    hand-over in progress."""

    template_name = "members/handover.html"
    form_class = HandoverForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_staff:
            raise PermissionDenied("事務局のアカウントは交代の対象外です。")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["handover"] = services.handover_open_for(self.request.user)
        context["invitation_days"] = settings.PORTAL_HANDOVER_INVITATION_DAYS
        return context

    def form_valid(self, form):
        try:
            services.handover_invite(predecessor=self.request.user, **form.cleaned_data)
        except services.AccountError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, f"{form.cleaned_data['successor_email']} に、登録のご案内をお送りしました。")
        return redirect("members:handover")

    def form_invalid(self, form):
        messages.error(self.request, "入力内容を確認してください。")
        return super().form_invalid(form)


class HandoverCancelView(ApprovedMemberRequiredMixin, View):
    def post(self, request):
        handover = services.handover_open_for(request.user)  # only one's own
        if handover is None:
            raise Http404("取り消せる交代はありません。")
        services.handover_cancel(handover=handover, user=request.user)
        messages.success(request, "担当者の交代を取り消しました。招待のリンクは使えなくなりました。")
        return redirect("members:handover")


class HandoverAcceptView(View):
    """The successor's invitation link: sign up (already linked to the organisation), or — with an
    account of that address — accept while logged in."""

    template_name = "members/handover_accept.html"

    def _handover(self, token):
        try:
            return services.handover_from_token(token), None
        except InvalidLink as exc:
            return None, str(exc)

    def _context(self, handover, **extra):
        user = self.request.user
        existing = User.objects.filter(email__iexact=handover.successor_email).exists()
        same_person = user.is_authenticated and user.email.lower() == handover.successor_email.lower()
        return {"handover": handover, "existing_account": existing, "same_person": same_person,
                "working_days": settings.PORTAL_APPROVAL_WORKING_DAYS, **extra}

    def get(self, request, token):
        handover, error = self._handover(token)
        if error:
            return render(request, self.template_name, {"error": error}, status=400)
        return render(request, self.template_name, self._context(handover, form=SuccessorSignupForm(handover=handover)))

    def post(self, request, token):
        handover, error = self._handover(token)
        if error:
            return render(request, self.template_name, {"error": error}, status=400)
        context = self._context(handover)
        if context["same_person"]:
            try:
                services.handover_accept_existing(handover=handover, user=request.user)
            except (services.AccountError, PermissionDenied) as exc:
                return render(request, self.template_name, {**context, "error": str(exc)}, status=400)
            messages.success(request, "担当者の交代を受け付けました。事務局が確認します。")
            return redirect("members:profile" if can_use_board(request.user) else "members:pending")
        if request.user.is_authenticated or context["existing_account"]:
            return render(request, self.template_name, {**context, "form": None}, status=400)
        form = SuccessorSignupForm(request.POST, handover=handover)
        if not form.is_valid():
            messages.error(request, "入力内容を確認してください。")
            return render(request, self.template_name, {**context, "form": form})
        data = {k: form.cleaned_data[k] for k in ("full_name", "full_name_kana", "department", "phone")}
        try:
            user = services.handover_accept_new(handover=handover, password=form.cleaned_data["password1"], **data)
        except services.AccountError as exc:
            form.add_error(None, str(exc))
            return render(request, self.template_name, {**context, "form": form})
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return redirect("members:pending")


class LeaveView(ApprovedMemberRequiredMixin, FormView):
    """退会: close one's own account, after a confirmation step."""

    template_name = "members/leave.html"
    form_class = LeaveForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_staff:
            raise PermissionDenied("事務局のアカウントは、管理画面で停止してください。")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["retention"] = services.retention_label()
        context["handover"] = services.handover_open_for(self.request.user)
        return context

    def form_valid(self, form):
        services.account_leave(user=self.request.user)
        logout(self.request)
        messages.success(self.request, "退会の手続きが完了しました。ご利用ありがとうございました。")
        return redirect(reverse("home"))
