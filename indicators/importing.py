"""Reading, checking and writing a file of measurements, streamed row by row.

``check`` reads the file once: it resolves codes and names to rows of the database, reads
Québec French numbers ("1 234,5"), derives values, applies the unit's bounds and the running
totals option, and writes two files: every error (the report a steward downloads) and every
checked row in PostgreSQL's COPY text format. Nothing is written to the measurements.

``load`` then writes the checked rows in one transaction: COPY into a temporary table on
PostgreSQL (rows inserted in batches on SQLite), one ``INSERT … ON CONFLICT DO UPDATE`` that
leaves identical rows untouched, and the complementary suppression of the cells touched.
A failure, or a worker killed on the way, rolls it all back.
"""

import csv
import datetime
import io
import itertools
import math
import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from ecosystem.exceptions import ApplicationError
from ecosystem.models import Territory
from ecosystem.text import unaccent

from . import periods
from .models import Dimension, Granularity, Indicator, IndicatorVersion, Measurement, Stratum, Unit

MAPPED_FIELDS = [
    "indicator",
    "territory",
    "period",
    "dimension",
    "category",
    "value",
    "numerator",
    "denominator",
    "ci_low",
    "ci_high",
]
SAMPLE_ROWS = 10
ERRORS_KEPT = 200
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_TOTAL_WORDS = {"", "total", "ensemble", "tous", "toutes", "all"}


# --- Reading files ---------------------------------------------------------------------------


def _decode(head: bytes) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252, as spreadsheets save CSV."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if error.start < len(head) - 4:
            return "cp1252"
    return "utf-8-sig"


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=";,\t")
    except csv.Error:
        return csv.excel
    # Sniffed from a header without quotes, doublequote comes back False; spreadsheets write a
    # quote inside a quoted cell as two quotes ("=HYPERLINK(""…"")").
    dialect.doublequote = True
    return dialect


def csv_rows(file) -> Iterator[list]:
    """The rows of a CSV file opened in binary mode, decoded as they are read."""
    head = file.read(65536)
    file.seek(0)
    text = io.TextIOWrapper(file, encoding=_decode(head), newline="")
    sample = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        yield from csv.reader(text, _dialect(sample))
    finally:
        text.detach()  # the caller's file stays open


def xlsx_rows(file) -> Iterator[list]:
    """The rows of the first sheet of a workbook, read without loading it whole. Formulas are
    read as written ("=HYPERLINK(…)"), never computed."""
    from openpyxl import load_workbook

    workbook = load_workbook(file, read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield ["" if value is None else value for value in values]
    finally:
        workbook.close()


def rows_of(file, format: str) -> Iterator[list]:
    return xlsx_rows(file) if format == "xlsx" else csv_rows(file)


def header_of(file, format: str) -> list[str]:
    """The column names of the first row (blank names dropped at the end)."""
    for row in rows_of(file, format):
        names = [str(name).strip() for name in row]
        while names and not names[-1]:
            names.pop()
        return names
    return []


# --- Values ----------------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read, with a message for the person."""


def number(cell) -> float | None:
    """A number written the Québec French way ("1 234,5", "71,3 %") or the English way
    ("1,234.5"); None for an empty cell."""
    if isinstance(cell, float | int) and not isinstance(cell, bool):
        result = float(cell)
    elif cell == "":
        return None
    else:
        try:
            result = float(cell)  # the common case: "1234" or "71.3"
        except (TypeError, ValueError):
            result = _written_number(cell)
    if not math.isfinite(result):
        raise CellError(_("“%(value)s” is not a number.") % {"value": cell})
    return result


def _written_number(cell) -> float | None:
    text = _SPACES.sub("", str(cell))
    if not text:
        return None
    if text.endswith("%"):
        text = text[:-1]
    if "," in text:
        if "." in text:
            # Both separators: the last one is the decimal separator.
            if text.rfind(".") > text.rfind(","):
                text = text.replace(",", "")
            else:
                text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        if "<" in text or text.lower() in {"x", "f"}:
            raise CellError(
                _(
                    "“%(value)s” is a suppressed value, not a number: give the count; "
                    "the platform hides small counts itself."
                )
                % {"value": cell}
            ) from None
        raise CellError(_("“%(value)s” is not a number.") % {"value": cell}) from None


def _shown(value) -> str:
    """A number read from a file, written back the way the person's language writes it."""
    if isinstance(value, float):
        return f"{value:.10g}".replace(".", get_format("DECIMAL_SEPARATOR"))
    return str(value)


def _key(text) -> str:
    return unaccent(str(text)).strip().lower()


def _format(value: float | None) -> str:
    return "\\N" if value is None else repr(value)


# --- References ------------------------------------------------------------------------------


@dataclass
class IndicatorRef:
    pk: int
    code: str
    version_id: int
    unit: str
    stewarded: bool
    retired: bool

    def __post_init__(self):
        self.multiplier = Unit.multiplier(self.unit)
        self.low, self.high = _bounds_for(self.unit)


@dataclass
class References:
    """Codes and names resolved once, before the rows are read."""

    indicators: dict[str, IndicatorRef]
    territories: dict[str, int]
    strata: dict[tuple[str, str], int]
    dimensions: dict[str, str]
    total: int

    @classmethod
    def load(cls, user) -> "References":
        stewarded = set(Indicator.objects.stewarded_by(user).values_list("pk", flat=True))
        indicators = {}
        for indicator in Indicator.objects.select_related("current", "in_force"):
            version = indicator.values_version
            if version is None:
                continue
            indicators[indicator.code.upper()] = IndicatorRef(
                pk=indicator.pk,
                code=indicator.code,
                version_id=version.pk,
                unit=version.unit,
                stewarded=indicator.pk in stewarded,
                retired=indicator.status == Indicator.Status.RETIRED,
            )
        territories: dict[str, int] = {}
        # Names first, codes last, and the RSS over other kinds: "06" is Montréal.
        ranked = sorted(Territory.objects.all(), key=lambda t: t.kind == Territory.Kind.RSS)
        for territory in ranked:
            for name in (territory.name_fr, territory.name_en, territory.coded_name):
                territories.setdefault(_key(name), territory.pk)
        for territory in ranked:
            territories[_key(territory.code)] = territory.pk
        dimensions = {}
        for value, label in Dimension.choices:
            dimensions[_key(value)] = value
            dimensions[_key(label)] = value
        dimensions.update({"sexe": Dimension.SEX, "groupe d'age": Dimension.AGE, "age": Dimension.AGE})
        dimensions.update({"quintile de defavorisation": Dimension.DEPRIVATION, "langue": Dimension.LANGUAGE})
        dimensions.update({"identite autochtone": Dimension.INDIGENOUS, "milieu": Dimension.RURALITY})
        dimensions.update({"milieu rural/urbain": Dimension.RURALITY})
        strata: dict[tuple[str, str], int] = {}
        total = 0
        for stratum in Stratum.objects.all():
            if stratum.is_total:
                total = stratum.pk
            for name in (stratum.code, stratum.name_fr, stratum.name_en):
                strata[stratum.dimension, _key(name)] = stratum.pk
        return cls(indicators, territories, strata, dimensions, total)


# --- Checking --------------------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    column: str
    value: str
    message: str


@dataclass
class Checked:
    """What checking a file found."""

    rows: int = 0
    error_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    sample: list[dict] = field(default_factory=list)
    indicator_codes: set[str] = field(default_factory=set)


class _Series:
    """Running totals of one series (indicator, territory, stratum, period type), in order."""

    __slots__ = ("end", "total")

    def __init__(self, end: datetime.date, total: float):
        self.end = end
        self.total = total


def _bounds_for(unit: str) -> tuple[float | None, float | None]:
    """The lowest and highest value a unit allows (None: no bound)."""
    if unit == Unit.PERCENT:
        return 0.0, 100.0
    if unit in (Unit.COUNT, Unit.RATE_1000, Unit.RATE_100000, Unit.DAYS):
        return 0.0, None
    return None, None


def check(
    rows: Iterator[list],
    *,
    mapping: dict,
    references: References,
    cumulative: bool,
    out: io.TextIOBase,
    report: Callable[[RowError], None],
    progress: Callable[[int], None] | None = None,
) -> Checked:
    """Check every row; write the checked rows to ``out`` and hand every error to ``report``."""
    result = Checked()
    header = next(rows, None)
    if header is None:
        return result
    checker = _Checker(header, mapping, references, cumulative)
    keys = array("q")
    key_rows = array("l")
    write = out.write
    for line, row in enumerate(rows, start=2):
        if progress is not None and line % 50_000 == 0:
            progress(line)
        if not any(row):
            continue
        result.rows += 1
        checked = checker.row(line, row)
        if isinstance(checked, list):
            result.error_rows += 1
            for error in checked:
                report(error)
            continue
        (
            indicator,
            territory,
            granularity,
            start,
            end,
            stratum,
            numerator,
            denominator,
            value,
            ci_low,
            ci_high,
            small,
        ) = checked
        keys.append(_pack(indicator.pk, territory, granularity, start, stratum))
        key_rows.append(line)
        result.indicator_codes.add(indicator.code)
        write(
            f"{indicator.pk}\t{indicator.version_id}\t{territory}\t{granularity}\t{start}\t{end}\t{stratum}\t"
            f"{_format(numerator)}\t{_format(denominator)}\t{_format(value)}\t{_format(ci_low)}\t"
            f"{_format(ci_high)}\t{'t' if small else 'f'}\n"
        )
        if len(result.sample) < SAMPLE_ROWS:
            result.sample.append(checker.sample(line, row, checked))

    for line, first in _duplicates(keys, key_rows):
        result.error_rows += 1
        message = _("This row repeats row %(first)s: same indicator, territory, period and stratum.") % {"first": first}
        report(RowError(line, "", "", message))
    return result


class _Checker:
    """Reads one row at a time; codes and names already seen are looked up once."""

    def __init__(self, header: list, mapping: dict, references: References, cumulative: bool):
        names = [str(name).strip() for name in header]
        position = {name: index for index, name in enumerate(names)}
        self.columns = {key: position[column] for key, column in mapping.items() if key in MAPPED_FIELDS and column}
        self.labels = {key: mapping[key] for key in self.columns}
        self.width = max(self.columns.values(), default=0) + 1
        self.fixed = references.indicators.get(str(mapping.get("fixed_indicator") or "").upper())
        self.references = references
        self.cumulative = cumulative
        self.series: dict[tuple, _Series] = {}
        self.threshold = settings.SMALL_COUNT_THRESHOLD
        self.territories: dict = {}
        self.strata: dict = {}
        numbers = ("value", "numerator", "denominator", "ci_low", "ci_high")
        self.number_columns = [(key, self.columns[key]) for key in numbers if key in self.columns]

    def cell(self, row: list, key: str):
        index = self.columns.get(key)
        return "" if index is None else row[index]

    def numbers(self, row: list, problem) -> dict:
        read = {}
        for key, index in self.number_columns:
            value = row[index]
            try:
                read[key] = number(value)
            except CellError as error:
                problem(key, str(error), value)
                read[key] = None
        return read

    def territory(self, text):
        try:
            return self.territories[text]
        except KeyError:
            found = self.territories[text] = self.references.territories.get(_key(text))
            return found

    def stratum(self, dimension_text, category_text) -> tuple[int | None, str | None]:
        """(stratum, None) or (None, the column at fault)."""
        try:
            return self.strata[dimension_text, category_text]
        except KeyError:
            pass
        references = self.references
        category = _key(category_text)
        if category in _TOTAL_WORDS and _key(dimension_text) in _TOTAL_WORDS:
            found = (references.total, None)
        else:
            dimension = references.dimensions.get(_key(dimension_text))
            if dimension is None:
                found = (None, "dimension")
            else:
                stratum = references.strata.get((dimension, category))
                found = (stratum, None) if stratum else (None, "category")
        self.strata[dimension_text, category_text] = found
        return found

    def row(self, line: int, row: list):
        """The checked values of a row, or the list of its errors."""
        if len(row) < self.width:
            row = list(row) + [""] * (self.width - len(row))
        problems: list[RowError] = []
        labels = self.labels

        def problem(key: str, message: str, value="") -> None:
            problems.append(RowError(line, labels.get(key, ""), _shown(value), message))

        cell = self.cell
        indicator = self.fixed
        if indicator is None:
            code = str(cell(row, "indicator")).strip()
            indicator = self.references.indicators.get(code.upper())
            if indicator is None:
                problem("indicator", _("Unknown indicator “%(code)s”.") % {"code": code}, code)
        if indicator is not None:
            if indicator.retired:
                problem("indicator", _("The indicator %(code)s is retired.") % {"code": indicator.code}, indicator.code)
            elif not indicator.stewarded:
                message = _("You are not a steward of the indicator %(code)s.") % {"code": indicator.code}
                problem("indicator", message, indicator.code)

        territory_text = cell(row, "territory")
        territory = self.territory(territory_text)
        if territory is None:
            problem("territory", _("Unknown territory “%(name)s”.") % {"name": territory_text}, territory_text)

        period_text = cell(row, "period")
        if isinstance(period_text, datetime.datetime | datetime.date):
            period_text = period_text.strftime("%Y-%m-%d")
        granularity = start = end = None
        try:
            granularity, start, end = periods.parse(str(period_text))
        except periods.PeriodError as error:
            problem("period", str(error), period_text)

        dimension_text, category_text = cell(row, "dimension"), cell(row, "category")
        stratum, fault = self.stratum(dimension_text, category_text)
        if fault == "dimension":
            problem("dimension", _("Unknown equity dimension “%(name)s”.") % {"name": dimension_text}, dimension_text)
        elif fault == "category":
            message = _("Unknown category “%(name)s” for this dimension.") % {"name": category_text}
            problem("category", message, category_text)

        read = self.numbers(row, problem)
        if problems:
            return self._formulas(row, line) or problems

        value = self._value(indicator, territory, granularity, start, end, stratum, read, period_text, problem)
        if problems:
            return problems
        unit = indicator.unit
        numerator = read.get("numerator")
        count = value if unit == Unit.COUNT else numerator
        small = count is not None and 0 < count < self.threshold
        return (
            indicator,
            territory,
            granularity,
            start,
            end,
            stratum,
            numerator,
            read.get("denominator"),
            value,
            read.get("ci_low"),
            read.get("ci_high"),
            small,
        )

    def _value(self, indicator, territory, granularity, start, end, stratum, read, period_text, problem):
        """The value to store: given, derived from numerator and denominator, or from running totals."""
        value, numerator, denominator = read.get("value"), read.get("numerator"), read.get("denominator")
        unit = indicator.unit
        if self.cumulative:
            if unit != Unit.COUNT:
                problem("value", _("Running totals can only be imported for an indicator counted in numbers."), value)
                return None
            if value is None:
                problem("value", _("The running total is missing."))
                return None
            key = (indicator.pk, territory, stratum, granularity)
            previous = self.series.get(key)
            if previous is None:
                self.series[key] = _Series(end, value)
                return value
            if start <= previous.end:
                problem("period", _("Running totals must be in chronological order in each series."), period_text)
            elif start != previous.end + datetime.timedelta(days=1):
                message = _("A period is missing before %(period)s in this series of running totals.")
                problem("period", message % {"period": period_text}, period_text)
            elif value < previous.total:
                message = _("The running total goes down (%(before)s, then %(after)s).")
                problem("value", message % {"before": _shown(previous.total), "after": _shown(value)}, value)
            else:
                self.series[key] = _Series(end, value)
                return value - previous.total
            return None
        if numerator is not None or denominator is not None:
            if numerator is None or denominator is None:
                problem("denominator", _("Give both the numerator and the denominator, or neither."))
                return None
            if denominator <= 0:
                problem("denominator", _("The denominator must be greater than zero."), denominator)
                return None
            if numerator < 0:
                problem("numerator", _("The numerator cannot be negative."), numerator)
                return None
            derived = numerator / denominator * indicator.multiplier
            if value is not None and abs(value - derived) > max(0.05, abs(derived) * 0.001):
                message = _("The value %(value)s does not match the numerator and denominator (%(derived)s).")
                problem("value", message % {"value": _shown(value), "derived": _shown(round(derived, 2))}, value)
            value = derived
        elif value is None:
            problem("value", _("The value is missing: give it, or the numerator and the denominator."))
            return None
        low, high = indicator.low, indicator.high
        if low is not None and value < low:
            problem("value", _("A value of this indicator cannot be negative."), value)
        elif high is not None and value > high:
            problem(
                "value", _("A percentage must be between 0 and 100 (here %(value)s).") % {"value": _shown(value)}, value
            )
        ci_low, ci_high = read.get("ci_low"), read.get("ci_high")
        if ci_low is not None or ci_high is not None:
            if ci_low is None or ci_high is None:
                problem("ci_low", _("Give both bounds of the confidence interval, or neither."))
            elif not ci_low <= value <= ci_high:
                problem("ci_low", _("The value must lie within its confidence interval."), f"{ci_low}–{ci_high}")
        return value

    def _formulas(self, row: list, line: int) -> list[RowError]:
        """A formula explains why a cell could not be read: say so rather than "unknown"."""
        return [
            RowError(line, self.labels[key], str(row[index]), _("Formulas are not accepted: give the value itself."))
            for key, index in self.columns.items()
            if isinstance(row[index], str) and row[index].startswith("=")
        ]

    def sample(self, line: int, row: list, checked: tuple) -> dict:
        indicator, _territory, granularity, start, _end, stratum, numerator, denominator, value = checked[:9]
        return {
            "row": line,
            "indicator": indicator.code,
            "territory": str(self.cell(row, "territory")),
            "period": periods.label(granularity, start),
            "stratum": stratum,
            "numerator": numerator,
            "denominator": denominator,
            "value": round(value, 4),
        }


_GRANULARITIES = {value: index for index, value in enumerate(Granularity.values)}
_EPOCH = datetime.date(1900, 1, 1).toordinal()


def _pack(indicator: int, territory: int, granularity: str, start: datetime.date, stratum: int) -> int:
    """One 63-bit integer per cell, so that a million cells fit in 8 MB while looking for repeats."""
    day = start.toordinal() - _EPOCH
    if indicator < 1 << 16 and territory < 1 << 16 and stratum < 1 << 10 and 0 <= day < 1 << 17:
        return ((((indicator << 16 | territory) << 3 | _GRANULARITIES[granularity]) << 17 | day) << 10) | stratum
    return hash((indicator, territory, granularity, start, stratum))


def _duplicates(keys: array, rows: array) -> Iterator[tuple[int, int]]:
    """(row, first row with the same cell) for every repeated cell, in row order."""
    ordered = sorted(keys)
    repeated = {a for a, b in itertools.pairwise(ordered) if a == b}
    del ordered
    if not repeated:
        return
    first: dict[int, int] = {}
    for key, line in zip(keys, rows, strict=True):
        if key in repeated:
            if key in first:
                yield line, first[key]
            else:
                first[key] = line


# --- Loading ---------------------------------------------------------------------------------

_COLUMNS = [
    "indicator_id",
    "version_id",
    "territory_id",
    "granularity",
    "period_start",
    "period_end",
    "stratum_id",
    "numerator",
    "denominator",
    "value",
    "ci_low",
    "ci_high",
    "small",
]
_COMPARED = ["version_id", "period_end", "numerator", "denominator", "value", "ci_low", "ci_high", "small"]
_STAGING = "indicators_import_rows"


@dataclass
class Loaded:
    inserted: int
    updated: int
    # The first and last period start among the values written (None when nothing changed):
    # where suppression must be worked out again.
    since: datetime.date | None = None
    until: datetime.date | None = None


def load(checked, *, batch_id: int, source: str, progress: Callable[[float], None] | None = None) -> Loaded:
    """Write the checked rows (a binary file in COPY text format). Call inside a transaction."""
    table = Measurement._meta.db_table
    vendor = connection.vendor
    with connection.cursor() as cursor:
        # Dropped at the end; also first, should an earlier run in this session have failed midway.
        cursor.execute(f"DROP TABLE IF EXISTS {_STAGING}")
        if vendor == "postgresql":
            cursor.execute(
                f"CREATE TEMPORARY TABLE {_STAGING} (indicator_id integer, version_id integer, territory_id integer,"
                " granularity varchar(10), period_start date, period_end date, stratum_id integer,"
                " numerator numeric, denominator numeric, value numeric, ci_low numeric, ci_high numeric,"
                " small boolean) ON COMMIT DROP"
            )
            _copy(cursor, checked, progress)
            same = " AND ".join(f"m.{column} IS NOT DISTINCT FROM EXCLUDED.{column}" for column in _COMPARED)
        else:
            cursor.execute(f"CREATE TEMPORARY TABLE {_STAGING} ({', '.join(_COLUMNS)})")
            _insert_batches(cursor, checked, progress)
            same = " AND ".join(f"m.{column} IS excluded.{column}" for column in _COMPARED)
            cursor.execute(f"SELECT count(*) FROM {table}")
            before = cursor.fetchone()[0]
        _check_references(cursor)
        columns = ", ".join(_COLUMNS)
        updates = ", ".join(f"{column} = excluded.{column}" for column in _COMPARED[:-1])
        upsert = (
            f"INSERT INTO {table} AS m ({columns}, source, batch_id, suppressed)"
            f" SELECT {columns}, %s, %s, small FROM {_STAGING} WHERE true"
            " ON CONFLICT (indicator_id, territory_id, granularity, period_start, stratum_id) DO UPDATE SET"
            f" {updates}, small = excluded.small, suppressed = excluded.small,"
            " source = excluded.source, batch_id = excluded.batch_id"
            f" WHERE NOT ({same})"
        )
        if vendor == "postgresql":
            cursor.execute(
                f"WITH written AS ({upsert} RETURNING (xmax = 0) AS inserted, m.period_start)"
                " SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted),"
                " min(period_start), max(period_start) FROM written",
                [source, batch_id],
            )
            inserted, updated, since, until = cursor.fetchone()
        else:
            cursor.execute(upsert, [source, batch_id])
            written = cursor.rowcount
            cursor.execute(f"SELECT count(*) FROM {table}")
            inserted = cursor.fetchone()[0] - before
            updated = written - inserted
            since = until = None
            if written:  # SQLite cannot say which rows were written: the file's span
                cursor.execute(f"SELECT min(period_start), max(period_start) FROM {_STAGING}")
                since, until = (datetime.date.fromisoformat(str(day)) for day in cursor.fetchone())
        cursor.execute(f"DROP TABLE {_STAGING}")
    return Loaded(inserted=inserted, updated=updated, since=since, until=until)


def _check_references(cursor) -> None:
    """The rows' indicators, versions, territories and strata still exist (one query for all)."""
    version = IndicatorVersion._meta.db_table
    territory = Territory._meta.db_table
    stratum = Stratum._meta.db_table
    cursor.execute(
        f"SELECT count(*) FROM {_STAGING} s"
        f" WHERE NOT EXISTS (SELECT 1 FROM {version} v WHERE v.id = s.version_id AND v.indicator_id = s.indicator_id)"
        f" OR NOT EXISTS (SELECT 1 FROM {territory} t WHERE t.id = s.territory_id)"
        f" OR NOT EXISTS (SELECT 1 FROM {stratum} r WHERE r.id = s.stratum_id)"
    )
    if cursor.fetchone()[0]:
        raise ApplicationError(_("An indicator, territory or stratum of this file was deleted since it was checked."))


def _copy(cursor, checked, progress) -> None:
    size = max(checked.size, 1)
    done = 0
    with cursor.copy(f"COPY {_STAGING} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
        while chunk := checked.read(1 << 20):
            copy.write(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done / size)


def _insert_batches(cursor, checked, progress, size: int = 2000) -> None:
    statement = f"INSERT INTO {_STAGING} VALUES ({', '.join(['%s'] * len(_COLUMNS))})"
    text = io.TextIOWrapper(checked, encoding="utf-8", newline="\n")
    batch = []
    for line in text:
        values = [None if value == "\\N" else value for value in line.rstrip("\n").split("\t")]
        values[-1] = values[-1] == "t"
        batch.append(values)
        if len(batch) == size:
            cursor.executemany(statement, batch)
            batch.clear()
    if batch:
        cursor.executemany(statement, batch)
    text.detach()
    if progress is not None:
        progress(1.0)


def suppress_complementary(*, indicator_ids: list[int], since: datetime.date, until: datetime.date) -> int:
    """Within each relation (the categories of one dimension for an indicator, territory and
    period, which add up to the total) where exactly one cell is a small count, also hide the
    next-smallest cell, so that the hidden one cannot be worked out from the total. Returns how
    many cells it hid. Call inside the import's transaction."""
    if not indicator_ids:
        return 0
    table = Measurement._meta.db_table
    strata = Stratum._meta.db_table
    placeholders = ", ".join(["%s"] * len(indicator_ids))
    scope = f"m.indicator_id IN ({placeholders}) AND m.period_start >= %s AND m.period_start <= %s"
    parameters = [*indicator_ids, since, until]
    with connection.cursor() as cursor:
        reset = f"SELECT m.id FROM {table} m WHERE {scope} AND m.suppressed AND NOT m.small"
        cursor.execute(f"UPDATE {table} SET suppressed = small WHERE id IN ({reset})", parameters)
        # Only the relations holding exactly one small cell are read again (through the unique
        # index), not every cell of the import.
        cursor.execute(
            f"""
            WITH flagged AS (
                SELECT m.indicator_id, m.territory_id, m.granularity, m.period_start, s.dimension
                FROM {table} m JOIN {strata} s ON s.id = m.stratum_id
                WHERE {scope} AND m.small AND s.dimension <> 'total'
                GROUP BY m.indicator_id, m.territory_id, m.granularity, m.period_start, s.dimension
                HAVING count(*) = 1
            ), ranked AS (
                SELECT m.id, row_number() OVER (
                    PARTITION BY m.indicator_id, m.territory_id, m.granularity, m.period_start, s.dimension
                    ORDER BY coalesce(m.numerator, m.value), m.id
                ) AS position
                FROM flagged f
                JOIN {table} m ON m.indicator_id = f.indicator_id AND m.territory_id = f.territory_id
                    AND m.granularity = f.granularity AND m.period_start = f.period_start
                JOIN {strata} s ON s.id = m.stratum_id AND s.dimension = f.dimension
                WHERE NOT m.small
            )
            UPDATE {table} SET suppressed = true WHERE id IN (SELECT id FROM ranked WHERE position = 1)
            """,
            parameters,
        )
        return cursor.rowcount
