"""Forms of the steward's import page: the file to upload, then which column of the file holds
what. They only check the shape of the input; the services read the file and decide (their
ValidationErrors are shown on the form with ``ecosystem.forms.add_service_errors``)."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ecosystem.forms import field_help, field_label, field_max_length
from ecosystem.text import unaccent

from ..importing import MAPPED_FIELDS
from ..models import ImportBatch, Indicator

NO_COLUMN = ("", "—")

COLUMN_LABELS = {
    "indicator": _("Indicator code"),
    "territory": _("Territory (code or name)"),
    "period": _("Period"),
    "dimension": _("Equity dimension"),
    "category": _("Category of the dimension"),
    "value": _("Value"),
    "numerator": _("Numerator"),
    "denominator": _("Denominator"),
    "ci_low": _("Confidence interval, low bound"),
    "ci_high": _("Confidence interval, high bound"),
}

COLUMN_HELP = {
    "indicator": _("Or choose below the one indicator the whole file is about."),
    "territory": _("For example “06” or “Montréal” for a health region."),
    "period": _("Written 2025, 2025-T1, 2025-03, 2025-S05 or 2025-03-15."),
    "dimension": _("Leave both the dimension and the category empty if the file only gives totals."),
    "value": _("Or choose both the numerator and the denominator: the value is then computed."),
}

# Column names (accents, case and punctuation ignored) that say what a column holds.
_GUESSES = {
    "indicator": {"indicateur", "indicator", "code", "code_indicateur", "indicator_code"},
    "territory": {"territoire", "territory", "rss", "region", "region_sociosanitaire"},
    "period": {"periode", "period"},
    "dimension": {"dimension"},
    "category": {"categorie", "category", "strate", "stratum"},
    "value": {"valeur", "value"},
    "numerator": {"numerateur", "numerator"},
    "denominator": {"denominateur", "denominator"},
    "ci_low": {"ic_inf", "ci_low", "ic_bas", "borne_inf"},
    "ci_high": {"ic_sup", "ci_high", "ic_haut", "borne_sup"},
}
_WORDS = re.compile(r"[^a-z0-9]+")


def _normalized(name: str) -> str:
    return _WORDS.sub("_", unaccent(str(name)).lower()).strip("_")


def guess_mapping(columns: list[str]) -> dict[str, str]:
    """Which column probably holds what, from the columns' names: the whole name first
    ("ic_inf", "Période", "code"), then one of its words ("Code de l’indicateur", "Valeur (%)").
    Each column is guessed once."""
    names = {column: _normalized(column) for column in columns}
    guessed: dict[str, str] = {}
    for whole in (True, False):
        for key, words in _GUESSES.items():
            if key in guessed:
                continue
            for column, name in names.items():
                if column in guessed.values():
                    continue
                # "code" alone is the indicator's; "code_rss" is a territory's.
                if name in words if whole else set(name.split("_")) & (words - {"code"}):
                    guessed[key] = column
                    break
    return guessed


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File of measurements"),
        # The service says why a file is refused, an empty one included.
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        megabytes = settings.INDICATORS_IMPORT_MAX_BYTES // (1024 * 1024)
        self.fields["file"].help_text = _(
            "A CSV file (semicolons or commas) or an XLSX workbook, up to %(size)s MB, with the names "
            "of its columns on the first row. Decimal commas and spaces between thousands are read "
            "(“1 234,5”)."
        ) % {"size": megabytes}


class _IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, indicator: Indicator) -> str:
        return f"{indicator.code} – {indicator.name}"


class ImportMappingForm(forms.Form):
    """One choice of column per field a measurement is read from, the indicator when the whole
    file is about one, the source and the running totals option."""

    fixed_indicator = _IndicatorChoiceField(
        label=_("Or one indicator for the whole file"),
        queryset=Indicator.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=NO_COLUMN[1],
        help_text=_("When the file has no column of indicator codes. Only the indicators you steward are listed."),
    )
    source = forms.CharField(
        label=field_label(ImportBatch, "source"),
        max_length=field_max_length(ImportBatch, "source"),
        help_text=_("Where these values come from, for example the survey and its year."),
    )
    cumulative = forms.BooleanField(
        label=field_label(ImportBatch, "cumulative"), help_text=field_help(ImportBatch, "cumulative"), required=False
    )

    def __init__(self, *args, batch: ImportBatch, user, **kwargs) -> None:
        initial = kwargs.setdefault("initial", {})
        mapping = batch.mapping or guess_mapping(batch.columns)
        initial.update({key: mapping.get(key, "") for key in MAPPED_FIELDS})
        initial.setdefault("fixed_indicator", batch.mapping.get("fixed_indicator", ""))
        initial.setdefault("source", batch.source)
        initial.setdefault("cumulative", batch.cumulative)
        super().__init__(*args, **kwargs)
        choices = [NO_COLUMN, *((column, column) for column in batch.columns if column)]
        columns = {
            key: forms.ChoiceField(
                label=COLUMN_LABELS[key], choices=choices, required=False, help_text=COLUMN_HELP.get(key, "")
            )
            for key in MAPPED_FIELDS
        }
        # The columns first, in the order a measurement is read.
        self.fields = {**columns, **self.fields}
        self.fields["fixed_indicator"].queryset = (
            Indicator.objects.stewarded_by(user).select_related("current").order_by("code")
        )

    @property
    def column_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in MAPPED_FIELDS]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("indicator") and cleaned.get("fixed_indicator"):
            self.add_error(
                "fixed_indicator",
                _("Choose either the column of indicator codes or one indicator for the whole file, not both."),
            )
        return cleaned

    def mapping(self) -> dict[str, str]:
        """The mapping as the service takes it: field → column, and the fixed indicator's code."""
        mapping = {key: self.cleaned_data[key] for key in MAPPED_FIELDS if self.cleaned_data.get(key)}
        if self.cleaned_data.get("fixed_indicator"):
            mapping["fixed_indicator"] = self.cleaned_data["fixed_indicator"].code
        return mapping
