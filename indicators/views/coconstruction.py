"""An indicator's co-construction page: the current wording and what changed from the previous
version, what adoption still needs, the contributions by version, and the form to comment,
propose a change or endorse; the stewards answer the proposals there.

Anyone reads the page; contributing needs an account; answering a proposal is for the
indicator's stewards (404 for anyone else). Each action calls one service and redirects back to
the page with a message; a refused contribution shows the form again with the reasons."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ecosystem.exceptions import ApplicationError
from ecosystem.forms import add_service_errors
from ecosystem.models import is_signed_in
from partnerships.models import PartnerProfile

from .. import selectors, services
from ..forms.contributions import ContributionForm
from ..models import Contribution, ContributorRole, Indicator, IndicatorVersion


@dataclass
class Change:
    """One part of the definition that differs from the previous version."""

    label: str
    before: str
    after: str


@dataclass
class Entry:
    """A contribution as the thread shows it, signed with a name only if the person chose so."""

    contribution: Contribution
    signature: selectors.Contributor
    field_label: str


@dataclass
class VersionThread:
    version: IndicatorVersion
    entries: list[Entry]


def _label(name: str) -> str:
    return capfirst(IndicatorVersion._meta.get_field(name).verbose_name)


def _shown(version: IndicatorVersion, name: str) -> str:
    if IndicatorVersion._meta.get_field(name).choices:
        return getattr(version, f"get_{name}_display")()
    return getattr(version, name)


def wording(version: IndicatorVersion) -> list[tuple[str, str]]:
    """Each part of a version's definition, labelled, in the order of the sheet."""
    return [(_label(name), _shown(version, name)) for name in IndicatorVersion.DEFINITION_FIELDS]


def changes(previous: IndicatorVersion | None, current: IndicatorVersion) -> list[Change]:
    """What differs, part by part, between two versions of a definition."""
    if previous is None:
        return []
    return [
        Change(_label(name), _shown(previous, name), _shown(current, name))
        for name in IndicatorVersion.DEFINITION_FIELDS
        if getattr(previous, name) != getattr(current, name)
    ]


def _threads(record: selectors.CoConstruction) -> list[VersionThread]:
    """The contributions grouped by the version they were about, the latest version first."""
    fields = {name: _label(name) for name in IndicatorVersion.DEFINITION_FIELDS}
    by_version: dict[int, list[Entry]] = {version.pk: [] for version in record.versions}
    for contribution in record.contributions:
        entry = Entry(contribution, selectors.signature(contribution), fields.get(contribution.field, ""))
        by_version.setdefault(contribution.version_id, []).append(entry)
    return [VersionThread(version, by_version[version.pk]) for version in record.versions]


def _has_partner_profile(user) -> bool:
    return is_signed_in(user) and PartnerProfile.objects.filter(user=user).exists()


def _page(request: HttpRequest, indicator: Indicator, form: ContributionForm | None = None) -> HttpResponse:
    user = request.user
    record = selectors.coconstruction_record(indicator=indicator)
    current = indicator.current
    previous = next((version for version in record.versions if version.number < current.number), None)
    open_to_contributions = indicator.status != Indicator.Status.RETIRED
    if form is None and is_signed_in(user) and open_to_contributions:
        form = ContributionForm(indicator=indicator, has_partner_profile=_has_partner_profile(user))
    endorsement = selectors.endorsement_of(indicator=indicator, user=user)
    context = {
        "indicator": indicator,
        "current": current,
        "previous": previous,
        "wording": wording(current),
        "changes": changes(previous, current),
        "record": record,
        "threads": _threads(record),
        "missing_partner": record.endorsements[ContributorRole.PARTNER] == 0,
        "missing_professional": record.endorsements[ContributorRole.PROFESSIONAL] == 0,
        "partner_endorsements": record.endorsements[ContributorRole.PARTNER],
        "professional_endorsements": record.endorsements[ContributorRole.PROFESSIONAL],
        # Endorsed or adopted wording is kept as it was: a change makes the next version.
        "frozen": current.is_adopted or any(record.endorsements.values()),
        "is_steward": indicator.is_steward(user),
        "form": form,
        "open_to_contributions": open_to_contributions,
        "endorsement": endorsement,
        "can_withdraw": endorsement is not None and not current.is_adopted,
    }
    return render(request, "indicators/coconstruction.html", context)


def coconstruction(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, selectors.indicator_get(code=code))


THANKS = {
    Contribution.Kind.COMMENT: gettext_lazy("Thank you: your comment is recorded."),
    Contribution.Kind.PROPOSAL: gettext_lazy(
        "Thank you: your proposed change is recorded. The stewards will accept or decline it."
    ),
    Contribution.Kind.ENDORSEMENT: gettext_lazy("Thank you: your endorsement of version %(number)s is recorded."),
}


@require_POST
@login_required
def contribute(request: HttpRequest, code: str) -> HttpResponse:
    indicator = selectors.indicator_get(code=code)
    form = ContributionForm(request.POST, indicator=indicator, has_partner_profile=_has_partner_profile(request.user))
    if form.is_valid():
        try:
            contribution = services.contribution_add(indicator=indicator, by=request.user, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, str(THANKS[contribution.kind]) % {"number": contribution.version.number})
            return redirect("indicators:coconstruction", code=indicator.code)
    return _page(request, indicator, form)


@require_POST
@login_required
def endorsement_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    indicator = selectors.indicator_get(code=code)
    endorsement = selectors.endorsement_of(indicator=indicator, user=request.user)
    if endorsement is None:
        raise Http404
    try:
        services.endorsement_withdraw(contribution=endorsement, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Your endorsement of version %(number)s is withdrawn.") % {"number": indicator.current.number}
        )
    return redirect("indicators:coconstruction", code=indicator.code)


def _proposal(request: HttpRequest, code: str, pk: int) -> tuple[Indicator, Contribution]:
    """A proposal on an indicator the person stewards (404 otherwise)."""
    indicator = selectors.indicator_get_for_steward(user=request.user, code=code)
    proposal = get_object_or_404(indicator.contributions.filter(kind=Contribution.Kind.PROPOSAL), pk=pk)
    return indicator, proposal


def _refused(request: HttpRequest, error: ApplicationError | ValidationError) -> None:
    for message in [error.message] if isinstance(error, ApplicationError) else error.messages:
        messages.error(request, message)


@require_POST
@login_required
def proposal_accept(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    indicator, proposal = _proposal(request, code, pk)
    before = indicator.current
    try:
        version = services.proposal_accept(contribution=proposal, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, _("This proposal cannot be applied as it is written:"))
        _refused(request, error)
    except ApplicationError as error:
        _refused(request, error)
    else:
        if version.pk != before.pk:
            messages.success(
                request,
                _(
                    "The change is accepted. Version %(previous)s was endorsed or adopted, so the change makes "
                    "version %(number)s, which must be endorsed again."
                )
                % {"previous": before.number, "number": version.number},
            )
        else:
            messages.success(
                request, _("The change is accepted and applied to version %(number)s.") % {"number": version.number}
            )
    return redirect("indicators:coconstruction", code=indicator.code)


@require_POST
@login_required
def proposal_decline(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    indicator, proposal = _proposal(request, code, pk)
    try:
        services.proposal_decline(contribution=proposal, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ApplicationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The proposed change is declined; it stays in the thread."))
    return redirect("indicators:coconstruction", code=indicator.code)
