"""The public side of participation: three forms, and the pages their e-mails link to.

Every answer here is personal (a form with its CSRF token, a signed link): none is kept by the
page cache (efus_catalogue/http_cache.py leaves the `participation` namespace out) and each
says `private, no-store`. A refused form answers 400 with its message and what was written; an
address over its rate 429 with Retry-After; a bad or expired link 404 with a way on.
"""

import re

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from initiatives.catalogue_query import CatalogueQuery
from initiatives.models import Initiative, Subscription
from initiatives.participation import guard, proposals, subscriptions
from initiatives.participation.forms import CorrectionForm, ProposalForm, SubscriptionForm
from initiatives.presentation import active_filter_chips


def too_many(request, wait: int):
    response = render(
        request,
        "participation/too_many.html",
        {"minutes": max(1, round(wait / 60))},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


@method_decorator(never_cache, name="dispatch")
class GuardedFormView(View):
    """GET shows the form; POST counts against the address's rate, then checks the guard and
    the fields, and hands a valid form to `accepted`."""

    form_class = None
    template_name = ""

    def context(self, **kwargs):
        return kwargs

    def get(self, request, *args, **kwargs):
        self.setup_object(**kwargs)
        return render(request, self.template_name, self.context(form=self.form_class()))

    def post(self, request, *args, **kwargs):
        self.setup_object(**kwargs)
        wait = guard.over_rate(request)
        if wait is not None:
            return too_many(request, wait)
        form = self.form_class(request.POST)
        refused = form.guard_error()
        if refused is None and form.is_valid():
            return self.accepted(form)
        if refused is None:
            refused = _("The form has problems: each is named beside its field.")
        context = self.context(form=form, refused=refused)
        return render(request, self.template_name, context, status=400)

    def setup_object(self, **kwargs):
        pass

    def accepted(self, form):
        raise NotImplementedError


class ProposeView(GuardedFormView):
    form_class = ProposalForm
    template_name = "participation/propose.html"

    def accepted(self, form):
        proposals.receive(form, get_language())
        return redirect("participation:proposal-sent")


class CorrectionView(GuardedFormView):
    form_class = CorrectionForm
    template_name = "participation/correct.html"

    def setup_object(self, slug):
        # Public summaries only: a draft has no page, so nothing to correct from outside.
        self.initiative = get_object_or_404(Initiative.objects.published(), slug=slug)

    def context(self, **kwargs):
        return {"initiative": self.initiative, **kwargs}

    def accepted(self, form):
        proposals.receive_correction(form, self.initiative, get_language())
        return redirect("participation:correction-sent", slug=self.initiative.slug)


class FollowView(GuardedFormView):
    """The search given by the query string, followed by e-mail."""

    form_class = SubscriptionForm
    template_name = "participation/follow.html"

    def setup_object(self):
        self.criteria = subscriptions.saved_query(self.request.GET)

    def context(self, **kwargs):
        result = CatalogueQuery(self.criteria).run()
        query = self.criteria.urlencode()
        return {
            "chips": active_filter_chips(result),
            "search_errors": result.filterset.errors,
            "query": query,
            "too_long": len(query) > subscriptions.MAX_QUERY,
            "total": result.total,
            **kwargs,
        }

    def get(self, request, *args, **kwargs):
        self.setup_object()
        context = self.context(form=self.form_class())
        refused = context["search_errors"] or context["too_long"]
        return render(request, self.template_name, context, status=400 if refused else 200)

    def accepted(self, form):
        query = self.criteria.urlencode()
        if len(query) > subscriptions.MAX_QUERY or subscriptions.query_errors(self.criteria):
            context = self.context(form=form, refused=_("This search cannot be followed."))
            return render(self.request, self.template_name, context, status=400)
        subscriptions.subscribe(
            form.cleaned_data["email"], form.cleaned_data["frequency"], query, get_language()
        )
        return render(self.request, "participation/follow_sent.html", {"query": query})


def sent(template: str):
    @never_cache
    def view(request, slug=None):
        initiative = None
        if slug is not None:
            initiative = get_object_or_404(Initiative.objects.published(), slug=slug)
        return render(request, template, {"initiative": initiative})

    return view


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """GET shows a button, POST confirms: mail scanners open every link of a message, and
    would otherwise confirm a subscription someone else asked for in the reader's name."""

    def get(self, request, token):
        if subscriptions.to_confirm(token) is None:
            return render(request, "participation/bad_link.html", status=404)
        return render(request, "participation/confirm.html")

    def post(self, request, token):
        subscription = subscriptions.confirmed(token)
        if subscription is None:
            return render(request, "participation/bad_link.html", status=404)
        return render(
            request,
            "participation/confirmed.html",
            {"subscription": subscription, **subscriptions.links(subscription)},
        )


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class UnsubscribeView(View):
    """GET asks, POST unsubscribes: a link scanner's GET must not unsubscribe anyone. The POST
    needs no CSRF token: mail clients' one-click button (RFC 8058) POSTs without a page, and
    the signed token is the only authority anyway."""

    def get(self, request, token):
        subscription = subscriptions.from_unsubscribe_token(token)
        if subscription is None:
            return render(request, "participation/unsubscribed.html", status=200)
        return render(
            request,
            "participation/unsubscribe.html",
            {"subscription": subscription, "search_url": subscriptions.search_url(subscription)},
        )

    def post(self, request, token):
        subscription = subscriptions.from_unsubscribe_token(token)
        if subscription is not None:
            subscription.delete()  # the address goes with it
        return render(request, "participation/unsubscribed.html")


@method_decorator(never_cache, name="dispatch")
class ManageView(View):
    """Every search an address follows, by the signed link in each of its e-mails."""

    def get(self, request, token):
        email = subscriptions.email_of_manage_token(token)
        if email is None:
            return render(request, "participation/bad_link.html", status=404)
        rows = [
            {
                "subscription": subscription,
                "search_url": subscriptions.search_url(subscription),
                "unsubscribe_token": subscriptions.unsubscribe_token(subscription),
            }
            for subscription in subscriptions.subscriptions_of(email)
        ]
        return render(
            request,
            "participation/manage.html",
            {"email": email, "rows": rows, "token": token, "frequencies": Subscription},
        )

    def post(self, request, token):
        """Change how often one of these searches is sent."""
        email = subscriptions.email_of_manage_token(token)
        if email is None:
            return render(request, "participation/bad_link.html", status=404)
        frequency = request.POST.get("frequency", "")
        pk = request.POST.get("subscription", "")
        valid = frequency in dict(Subscription._meta.get_field("frequency").choices)
        if not valid or not re.fullmatch(r"[0-9]{1,18}", pk):
            return render(
                request, "400.html", {"message": _("Choose daily or weekly.")}, status=400
            )
        subscriptions.subscriptions_of(email).filter(pk=int(pk)).update(frequency=frequency)
        return redirect("participation:manage", token=token)
