"""HTML forms of the co-learning spaces. They only check the shape of the input; the services
decide (their ValidationErrors are shown on the form with ``ecosystem.forms.add_service_errors``)."""

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from ecosystem.forms import TerritoryMultipleChoiceField, field_choices, field_help, field_label, field_max_length
from ecosystem.models import Organization, Territory, Theme, User
from initiatives.forms import LearningForm
from initiatives.models import Initiative

from .models import DEFAULT_CHARTER, Community, Gathering, Membership, Post, Registration, Resource, Thread

# --- Spaces and membership (views/spaces.py) ---------------------------------------------------


class CommunityForm(forms.Form):
    """Create a space (starting from the default charter, to adapt) or change one."""

    name = forms.CharField(label=field_label(Community, "name"), max_length=field_max_length(Community, "name"))
    kind = forms.ChoiceField(label=field_label(Community, "kind"), choices=field_choices(Community, "kind", blank=True))
    purpose = forms.CharField(
        label=field_label(Community, "purpose"),
        max_length=field_max_length(Community, "purpose"),
        help_text=field_help(Community, "purpose"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    charter = forms.CharField(
        label=field_label(Community, "charter"),
        max_length=field_max_length(Community, "charter"),
        strip=False,
        help_text=field_help(Community, "charter"),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    scope = forms.ChoiceField(
        label=field_label(Community, "scope"), choices=field_choices(Community, "scope"), widget=forms.RadioSelect
    )
    governance = forms.ChoiceField(
        label=field_label(Community, "governance"),
        choices=field_choices(Community, "governance", blank=True),
        required=False,
    )
    founded_year = forms.IntegerField(
        label=field_label(Community, "founded_year"), min_value=1900, max_value=2100, required=False
    )
    territories = TerritoryMultipleChoiceField(
        label=field_label(Community, "territories"),
        queryset=Territory.objects.in_code_order(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
        help_text=_("Choose every territory the space covers."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=field_label(Community, "themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
    )
    host_organizations = forms.ModelMultipleChoiceField(
        label=field_label(Community, "host_organizations"),
        queryset=Organization.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
    )
    membership_policy = forms.ChoiceField(
        label=field_label(Community, "membership_policy"),
        choices=field_choices(Community, "membership_policy"),
        initial=Community._meta.get_field("membership_policy").default,
        widget=forms.RadioSelect,
    )
    visibility = forms.ChoiceField(
        label=field_label(Community, "visibility"),
        choices=field_choices(Community, "visibility"),
        initial=Community._meta.get_field("visibility").default,
        widget=forms.RadioSelect,
        help_text=_("Every space is listed with its purpose and charter; this says who reads what is shared inside."),
    )

    def __init__(self, *args, community: Community | None = None, **kwargs):
        initial = model_to_dict(community, fields=self.base_fields) if community else {"charter": DEFAULT_CHARTER}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)


class JoinForm(forms.Form):
    message = forms.CharField(
        label=field_label(Membership, "message"),
        max_length=field_max_length(Membership, "message"),
        required=False,
        help_text=field_help(Membership, "message"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of their account"),
        help_text=_("The person must already have an account on the platform."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="invite", **kwargs)

    def clean_email(self) -> User:
        # Saying that no account uses an address tells the co-facilitator whether someone is
        # registered. Acceptable here: only a space's co-facilitators see this form, and they
        # invite people they know; the message says nothing more than that.
        person = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if person is None:
            raise ValidationError(_("No account uses this e-mail address."), code="unknown")
        return person


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=field_label(Membership, "role"), choices=field_choices(Membership, "role"))


class DigestForm(forms.Form):
    weekly_digest = forms.BooleanField(
        label=field_label(Membership, "weekly_digest"),
        required=False,
        help_text=field_help(Membership, "weekly_digest"),
    )


# --- Gatherings, discussions and resources (views/gatherings.py, discussions.py, resources.py) --

# A date and time typed in the site's time zone (the browser sends "2025-04-10T09:00").
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class GatheringForm(forms.Form):
    """Schedule or change a gathering."""

    title = forms.CharField(label=field_label(Gathering, "title"), max_length=field_max_length(Gathering, "title"))
    starts_at = forms.DateTimeField(
        label=field_label(Gathering, "starts_at"), widget=DATETIME_WIDGET, help_text=_("Québec time (Eastern).")
    )
    ends_at = forms.DateTimeField(
        label=field_label(Gathering, "ends_at"), widget=DATETIME_WIDGET, help_text=_("Québec time (Eastern).")
    )
    format = forms.ChoiceField(
        label=field_label(Gathering, "format"), choices=field_choices(Gathering, "format"), widget=forms.RadioSelect
    )
    place = forms.CharField(
        label=field_label(Gathering, "place"),
        max_length=field_max_length(Gathering, "place"),
        required=False,
        help_text=field_help(Gathering, "place"),
    )
    link = forms.URLField(
        label=field_label(Gathering, "link"),
        max_length=field_max_length(Gathering, "link"),
        required=False,
        assume_scheme="https",
        help_text=field_help(Gathering, "link"),
    )
    agenda = forms.CharField(
        label=field_label(Gathering, "agenda"),
        max_length=field_max_length(Gathering, "agenda"),
        required=False,
        strip=False,
        help_text=field_help(Gathering, "agenda"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    notes = forms.CharField(
        label=field_label(Gathering, "notes"),
        max_length=field_max_length(Gathering, "notes"),
        required=False,
        strip=False,
        help_text=field_help(Gathering, "notes"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, gathering: Gathering | None = None, **kwargs):
        if gathering is not None:
            kwargs.setdefault("initial", {field: getattr(gathering, field) for field in self.base_fields})
        super().__init__(*args, **kwargs)


class AttendanceForm(forms.Form):
    """Who came, among the people registered."""

    attended = forms.TypedMultipleChoiceField(
        label=_("Present"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the people who came; the others are recorded as absent."),
    )

    def __init__(self, *args, registrations: Iterable[Registration], **kwargs):
        registrations = list(registrations)
        kwargs.setdefault(
            "initial", {"attended": [registration.user_id for registration in registrations if registration.attended]}
        )
        super().__init__(*args, prefix="attendance", **kwargs)
        self.fields["attended"].choices = [
            (registration.user_id, registration.user.display_name) for registration in registrations
        ]


class HarvestForm(LearningForm):
    """A learning harvested from a gathering: the same fields as any learning, filed by default in
    the space's territory and themes, and optionally with an initiative the person may change."""

    initiative = forms.ModelChoiceField(
        label=_("Initiative (optional)"),
        queryset=Initiative.objects.none(),
        required=False,
        help_text=_("File the learning with one of your initiatives too, if it was learned there."),
    )

    def __init__(self, *args, community: Community, user: User, **kwargs):
        territory = community.default_learning_territory()
        kwargs.setdefault(
            "initial",
            {
                "themes": [theme.pk for theme in community.themes.all()],
                "territory": territory.pk if territory else None,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = Initiative.objects.editable_by(user).order_by("title", "id")


class PostForm(forms.Form):
    body = forms.CharField(
        label=field_label(Post, "body"),
        max_length=field_max_length(Post, "body"),
        strip=False,
        help_text=field_help(Post, "body"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ThreadForm(PostForm):
    """A new thread: its title, then its opening message."""

    title = forms.CharField(label=field_label(Thread, "title"), max_length=field_max_length(Thread, "title"))

    field_order = ["title", "body"]


class PostHideForm(forms.Form):
    hidden_reason = forms.CharField(
        label=field_label(Post, "hidden_reason"),
        max_length=field_max_length(Post, "hidden_reason"),
        help_text=_("Shown to everyone in place of the message."),
    )


class ResourceForm(forms.Form):
    """Share a link or a file; the service checks the file from its content."""

    title = forms.CharField(label=field_label(Resource, "title"), max_length=field_max_length(Resource, "title"))
    kind = forms.ChoiceField(label=field_label(Resource, "kind"), choices=field_choices(Resource, "kind", blank=True))
    description = forms.CharField(
        label=field_label(Resource, "description"),
        max_length=field_max_length(Resource, "description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    themes = forms.ModelMultipleChoiceField(
        label=field_label(Resource, "themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
    )
    link = forms.URLField(
        label=field_label(Resource, "link"),
        max_length=field_max_length(Resource, "link"),
        required=False,
        assume_scheme="https",
        help_text=_("The address of a page or document elsewhere on the Web. Give a link or a file, not both."),
    )
    file = forms.FileField(
        label=field_label(Resource, "file"),
        required=False,
        help_text=_("PDF, Word (DOCX), Excel (XLSX), PNG or JPEG, at most 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and not cleaned_data.get("link") and not cleaned_data.get("file"):
            self.add_error("link", _("Give a link, or choose a file to share."))
        return cleaned_data
