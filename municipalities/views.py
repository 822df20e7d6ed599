from django.views.generic import DetailView, ListView

from municipalities.models import Municipality, Ward


class WardListView(ListView):
    model = Ward
    template_name = "municipalities/ward_list.html"

    def get_queryset(self):
        return Ward.objects.select_related("municipality")


class WardDetailView(DetailView):
    template_name = "municipalities/ward_detail.html"
    slug_field = "municipality_id"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return Ward.objects.select_related("municipality")


class MunicipalityListView(ListView):
    template_name = "municipalities/municipality_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Municipality.objects.select_related("prefecture")


class MunicipalityDetailView(DetailView):
    template_name = "municipalities/municipality_detail.html"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return Municipality.objects.select_related("prefecture")
