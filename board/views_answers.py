"""The wards' structured answers to calls for participants and pamphlet requests (区の回答): answering,
the shipment of pamphlets (発送済み / 受領), and the table as CSV for the Secretariat and the requester."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from board import permissions, selectors, services
from board.forms import AnswerForm
from board.models import WardAnswer
from board.services import BoardError
from board.views import BoardView, _form_error, _get_thread, _thread_context
from core import wareki


class AnswerView(BoardView):
    form_class = AnswerForm

    def post(self, request: HttpRequest, post_id: int) -> HttpResponse:
        post = _get_thread(request, post_id)
        if not post.category.answer_kind:
            raise Http404("この投稿には区の回答がありません。")
        form = self.form_class(request.POST, kind=post.category.answer_kind)
        if form.is_valid():
            data = form.cleaned_data
            ward = data["ward"]
            try:
                services.answer_record(
                    user=request.user, post=post, ward=ward, response=data["response"], copies=data.get("copies"),
                    place=data.get("place", ""), ship_to=data.get("ship_to", ""), note=data["note"],
                )
            except PermissionDenied as exc:
                if not (post.is_past_deadline or post.is_locked):
                    raise  # another ward's answer: 403
                _form_error(form, BoardError(str(exc)))  # closed meanwhile: said next to what was typed
            except (BoardError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, f"{ward.municipality.name}の回答を登録しました。")
                return redirect(f"{post.get_absolute_url()}#answers-title")
        messages.error(request, "回答を登録できませんでした。入力内容を確認してください。")
        return render(request, "board/post_detail.html", _thread_context(request, post, answer_form=form))


def _answer(request: HttpRequest, answer_id: int) -> WardAnswer:
    """An answer in a thread the user may see (404 otherwise)."""
    answer = WardAnswer.objects.select_related("post__category", "ward__municipality").filter(pk=answer_id).first()
    if answer is None:
        raise Http404("回答が見つかりません。")
    answer.post = _get_thread(request, answer.post_id)
    return answer


class AnswerShipView(BoardView):
    """The requester marks the pamphlets for one ward as sent (shipped=1) or takes it back (shipped=0)."""

    def post(self, request: HttpRequest, answer_id: int) -> HttpResponse:
        answer = _answer(request, answer_id)
        shipped = request.POST.get("shipped", "1") != "0"
        try:
            services.answer_mark_shipped(user=request.user, answer=answer, shipped=shipped)
        except BoardError as exc:
            messages.error(request, str(exc))
        else:
            name = answer.ward.municipality.name
            messages.success(request, f"{name}あてを発送済みにしました。" if shipped else f"{name}あての発送の記録を取り消しました。")
        return redirect(f"{answer.post.get_absolute_url()}#answers-title")


class AnswerReceiveView(BoardView):
    def post(self, request: HttpRequest, answer_id: int) -> HttpResponse:
        answer = _answer(request, answer_id)
        services.answer_mark_received(user=request.user, answer=answer)
        messages.success(request, "受領を登録しました。")
        return redirect(f"{answer.post.get_absolute_url()}#answers-title")


def _safe_cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (=, +, -, @ at the start)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class AnswersCSVView(BoardView):
    """Every ward's answer as CSV (UTF-8 with BOM, which Excel opens as Japanese), with the total."""

    def get(self, request: HttpRequest, post_id: int) -> HttpResponse:
        post = _get_thread(request, post_id)
        if not post.category.answer_kind:
            raise Http404("この投稿には区の回答がありません。")
        permissions.check_see_answers(request.user, post)
        table = selectors.answer_table(post)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="answers-{post.pk}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        distribution = post.category.answer_kind == "distribution"
        header = ["区", "回答"]
        if distribution:
            header += ["部数", "配布場所", "送付先"]
        header += ["補足", "回答者", "回答日時"]
        if distribution:
            header += ["発送", "受領"]
        writer.writerow(header)
        for answer in table.answers:
            row = [answer.ward.municipality.name, answer.response_label]
            if distribution:
                row += [answer.copies or "", answer.place, answer.ship_to]
            row += [answer.note, answer.answered_by.full_name, _when(answer.updated_at)]
            if distribution:
                row += [_when(answer.shipped_at), _when(answer.received_at)]
            writer.writerow([_safe_cell(cell) for cell in row])
        for ward in table.waiting:
            writer.writerow([ward.municipality.name, "未回答"])
        total = ["合計", f"{WardAnswer.LABELS[post.category.answer_kind]['yes']} {table.yes}区"]
        if distribution:
            total.append(table.copies)
        writer.writerow(total)
        writer.writerow([])
        writer.writerow([_safe_cell(f"「{post.title}」（{post.organization.full_name}）"),
                         f"締切 {wareki.format_date(post.deadline)}" if post.deadline else ""])
        return response
