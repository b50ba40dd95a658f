"""The public forms: propose an initiative, suggest a correction, follow a search.

Each is a ModelForm, so a field's size and validators are the model's (the admin's, where the
model is shared), plus what keeps robots out (guard.py). Business rules are elsewhere.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from initiatives.models import SECTIONS, Contact, Correction, Proposal, Subscription, Theme
from initiatives.models.participation import correction_sections
from initiatives.participation import guard

MAX_LINKS = 3  # in a whole proposal or correction: a source and a report, not a link farm
LINKLESS = ("title", "contact_name", "organisation")
CONSENT = _(
    "I have read the privacy notice and agree that my name, organisation and e-mail address are "
    "kept to handle this proposal, then deleted."
)
# What a good section looks like: shown under each, so that proposals arrive ready to edit.
EXAMPLES = {
    "lead": _(
        "Example: “Since 2021, Mechelen has trained 40 youth workers to spot online grooming; "
        "reports to the police rose by a third.”"
    ),
    "context": _(
        "The problem and the place: what happened, to whom, how often, with figures if you "
        "have them. Example: “Thefts from cars doubled around the station in 2019.”"
    ),
    "objectives": _(
        "What the initiative set out to change, measurably where possible. Example: “Halve "
        "car thefts around the station within two years.”"
    ),
    "activities": _("What was done, by whom, when: the steps another city would need to copy it."),
    "budget": _(
        "What it cost and who paid, including staff time. Example: “€120,000 over two years, "
        "three-fifths from the city, the rest from the region.”"
    ),
    "evaluation": _(
        "How you know whether it worked: who evaluated it, how, and what they found. Say so "
        "if it was not evaluated."
    ),
    "results": _(
        "One to three measurable results, one per line, e.g. “41 drone flights detected "
        "during 20 matches and concerts”."
    ),
}


class GuardedForm(forms.Form):
    """A honeypot and a signed start time, checked before the fields (guard.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[guard.HONEYPOT] = forms.CharField(
            label=_("Leave this field empty"), required=False, max_length=200
        )
        self.fields[guard.STARTED] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=200
        )
        # Shown again with a fresh start time, so that a refused form can simply be sent again.
        self.initial[guard.STARTED] = guard.started_token()

    groups = []  # [(legend, [field names])]: the form in parts; empty for a short form

    def parts(self):
        """(legend, bound fields) for the template: each part of the form in a fieldset, and
        the honeypot apart, since it is rendered hidden."""
        if not self.groups:
            return [("", [f for f in self.visible_fields() if f.name != guard.HONEYPOT])]
        return [(legend, [self[name] for name in names]) for legend, names in self.groups]

    def guard_error(self) -> str | None:
        """Why the form is refused before its fields are read, or None. A filled honeypot
        and a too quick submission say so plainly: a person who hit them can send again."""
        if not self.is_bound:
            return None
        if (self.data.get(guard.HONEYPOT) or "").strip():
            return str(guard.HONEYPOT_FILLED)
        return guard.timing_error(self.data.get(guard.STARTED, ""))

    def limit_links(self, texts) -> None:
        links = guard.count_links(*texts)
        if links > MAX_LINKS:
            self.add_error(
                None,
                ngettext(
                    "Write at most %(max)d link (this has %(count)d): editors ask for sources "
                    "when they need them.",
                    "Write at most %(max)d links (this has %(count)d): editors ask for sources "
                    "when they need them.",
                    MAX_LINKS,
                )
                % {"max": MAX_LINKS, "count": links},
            )


class ProposalForm(GuardedForm, forms.ModelForm):
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We write to you when the proposal is received and when it is decided."),
    )
    consent = forms.BooleanField(label=CONSENT)

    class Meta:
        model = Proposal
        fields = [
            "title",
            "lead",
            "city_name",
            "country",
            "start_year",
            "end_year",
            "themes",
            "other_themes",
            *SECTIONS,
            "budget_eur",
            "results",
            "language",
        ]
        widgets = {"themes": forms.CheckboxSelectMultiple}
        help_texts = {
            **EXAMPLES,
            "end_year": _("Empty while the initiative goes on."),
            "budget_eur": _("The total, in euros, as a number."),
        }

    groups = [
        (
            _("The initiative"),
            [
                "title",
                "lead",
                "city_name",
                "country",
                "start_year",
                "end_year",
                "themes",
                "other_themes",
                "language",
            ],
        ),
        (_("The summary, in five parts"), list(SECTIONS)),
        (_("What it cost and achieved"), ["budget_eur", "results"]),
        (_("About you"), ["contact_name", "organisation", "email", "consent"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only themes a reader can already see: the rest are an editor's unpublished work.
        self.fields["themes"].queryset = Theme.objects.public().order_by("name")
        self.fields["themes"].required = False
        for name in ("lead", *SECTIONS, "results"):
            self.fields[name].widget.attrs["rows"] = 3 if name in ("lead", "results") else 6

    def clean(self):
        cleaned = super().clean()
        self.limit_links(str(cleaned.get(name) or "") for name in self.Meta.fields)
        # Repeated in the acknowledgement sent to an address nobody has checked yet: no link
        # there, or the form would mail a stranger's link from our server.
        for name in LINKLESS:
            if guard.WEB_ADDRESS.search(str(cleaned.get(name) or "")):
                self.add_error(name, _("Write this without a web address."))
        if not cleaned.get("themes") and not cleaned.get("other_themes"):
            self.add_error("themes", _("Choose at least one theme, or name one below."))
        return cleaned

    def contact(self, language: str) -> Contact:
        return Contact(
            name=self.cleaned_data["contact_name"],
            organisation=self.cleaned_data["organisation"],
            email=self.cleaned_data["email"],
            language=language,
        )


class CorrectionForm(GuardedForm, forms.ModelForm):
    section = forms.ChoiceField(label=_("Which part is wrong?"), choices=())
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        max_length=254,
        help_text=_("Only if you agree to be asked a question; deleted after the correction."),
    )

    class Meta:
        model = Correction
        fields = ["section", "message"]
        help_texts = {
            "message": _(
                "What is wrong, and what is right instead; a source helps the editors check."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = correction_sections()
        self.fields["message"].widget.attrs["rows"] = 6

    def clean(self):
        cleaned = super().clean()
        self.limit_links([cleaned.get("message") or ""])
        return cleaned

    def contact(self, language: str) -> Contact | None:
        email = self.cleaned_data.get("email")
        return Contact(email=email, language=language) if email else None


class SubscriptionForm(GuardedForm, forms.ModelForm):
    class Meta:
        model = Subscription
        fields = ["email", "frequency"]
        widgets = {"frequency": forms.RadioSelect}
        labels = {"email": _("Your e-mail address"), "frequency": _("How often")}
        help_texts = {
            "email": _(
                "We send a link to confirm it first; nothing else is sent until you open it."
            )
        }
