"""Reads by key written in SQL once per process, for the few queries every exam request makes.

Django compiles a queryset to SQL each time it is evaluated, and for a read by key that is
most of the work: the exam pages' read of the session took 3.7 ms of CPU, 2.8 of them
compiling (docs/delivery.md, "The candidate's hot path"). A `PreparedRead` says what a
`values()` queryset would (the model, the columns, `relation__field` ones joined as
`select_related` joins them, the fields a row is found by, `EXISTS` columns, the greatest
value of a field of the rows that point to the row, a lock of the model's own row) and writes
its SQL on first use on each database from the models' `_meta` and the connection's quoting
alone: Django's query compiler is never used. A read executes it and converts the columns as
the ORM does: by a field's `from_db_value`, and on SQLite, which gives datetimes as text and
booleans and decimals as numbers, to those types.
tests/lib/test_prepared_contract.py checks on SQLite and PostgreSQL that each read gives
exactly what its queryset gives, so that a Django upgrade that changes either fails there.
`instance()` turns a row into model instances, as `select_related(...).only(...)` would.
"""

import datetime
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, NotSupportedError, connections, models
from django.db.models import DEFERRED
from django.db.transaction import TransactionManagementError, get_autocommit
from django.utils import timezone
from django.utils.dateparse import parse_datetime

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

Convert = Callable[[Any], Any]
Quote = Callable[[str], str]
# Types SQLite gives back as the ORM returns them (a field with from_db_value is converted by it).
AS_STORED_ON_SQLITE = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "CharField",
    "TextField",
    "FloatField",
}


@dataclass(frozen=True)
class RowExists:
    """A boolean column: whether a row of `model` has the read's own value of `link` (a foreign
    key both have) and `equal`'s values (`field` or `relation__field`)."""

    model: type[models.Model]
    link: str
    equal: Mapping[str, Any]


@dataclass(frozen=True)
class Greatest:
    """A column: the greatest `field` of the rows of `model` whose foreign key `to` is the read's
    row and whose `equal` fields have those values (None: is null); None if no row has one."""

    model: type[models.Model]
    to: str
    field: str
    equal: Mapping[str, Any]


@dataclass(frozen=True)
class _Statement:
    sql: str
    fixed: list[Any]  # the parameters of the EXISTS columns, before those of the read
    converters: list[tuple[int, Convert]]  # by position in the row


class PreparedRead:
    """The rows of `model` whose `where` fields ({parameter: field}) equal the parameters, with
    `columns` and the `exists` columns; locked `FOR UPDATE OF` the model's own row when `lock`.

    >>> USER = PreparedRead(User, ["id", "email"], where={"pk": "pk"})
    >>> USER.first(pk=7)  # {"id": 7, "email": ...} or None
    """

    def __init__(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        *,
        where: Mapping[str, str],
        exists: Mapping[str, RowExists] | None = None,
        greatest: Mapping[str, Greatest] | None = None,
        lock: bool = False,
    ) -> None:
        self.model, self.columns, self.where, self.lock = model, tuple(columns), dict(where), lock
        self.exists = dict(exists or {})
        self.greatest = dict(greatest or {})
        self.names = (*self.columns, *self.exists, *self.greatest)
        self._statements: dict[str, _Statement] = {}

    def _statement(self, connection: "BaseDatabaseWrapper") -> _Statement:
        quote = connection.ops.quote_name
        paths = dict.fromkeys(name.rpartition("__")[0] for name in self.columns)
        clause, tables = _tables(self.model, paths, quote)
        select, fields = zip(*(_column(tables, name, quote) for name in self.columns), strict=True)
        exists = [_exists(name, spec, tables, quote) for name, spec in self.exists.items()]
        greatest = [_greatest(name, spec, tables, quote) for name, spec in self.greatest.items()]
        select += tuple(sql for sql, _ in [*exists, *greatest])
        fields += (models.BooleanField(),) * len(exists)
        fields += tuple(_field(spec.model, spec.field) for spec in self.greatest.values())
        fixed = [value for _, params in [*exists, *greatest] for value in params]
        where = [f"{_column(tables, field, quote)[0]} = %s" for field in self.where.values()]
        # Only the models' own table and column names, quoted, go into the text; values are
        # parameters.
        sql = f"SELECT {', '.join(select)} FROM {clause} WHERE {' AND '.join(where)}"  # noqa: S608
        if self.lock and connection.features.has_select_for_update:
            if not connection.features.has_select_for_update_of:
                raise NotSupportedError("FOR UPDATE OF is not supported on this database.")
            sql += f" FOR UPDATE OF {quote(self.model._meta.db_table)}"
        converters = [(n, _converter(f, connection)) for n, f in enumerate(fields)]
        return _Statement(sql, fixed, [(n, c) for n, c in converters if c is not None])

    def rows(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> Iterator[dict[str, Any]]:
        if values.keys() != self.where.keys():
            raise TypeError(f"PreparedRead: takes {sorted(self.where)}, given {sorted(values)}")
        if self.lock and get_autocommit(using):
            # The ORM refuses this where it locks; here on every database, SQLite's tests too.
            raise TransactionManagementError("select_for_update outside a transaction")
        connection = connections[using]
        statement = self._statements.get(using)
        if statement is None:
            statement = self._statements[using] = self._statement(connection)
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, [*statement.fixed, *map(values.get, self.where)])
            fetched = cursor.fetchall()
        for row in fetched:
            row = list(row)
            for position, convert in statement.converters:
                if row[position] is not None:
                    row[position] = convert(row[position])
            yield dict(zip(self.names, row, strict=True))

    def first(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> dict[str, Any] | None:
        return next(self.rows(using, **values), None)


Tables = dict[str, tuple[str, type[models.Model], bool]]


def _tables(
    model: type[models.Model], paths: Iterable[str], quote: Quote, name: str = ""
) -> tuple[str, Tables]:
    """The FROM clause: `model`'s table (called `name` if given) and the tables of the relations
    along `paths` ("form", "form__blueprint"), joined as select_related joins them (inner along
    foreign keys that cannot be null, outer from the first that can). With it, by path ("" for
    `model`'s own), each table's name in the SQL, its model and whether it was outer-joined."""
    own = model._meta.db_table
    clause = quote(own) + (f" {quote(name)}" if name else "")
    tables: Tables = {"": (name or own, model, False)}
    prefix = f"{name}__" if name else ""
    for path in filter(None, paths):
        steps = path.split("__")
        for n, step in enumerate(steps):
            here, parent = "__".join(steps[: n + 1]), "__".join(steps[:n])
            if here in tables:
                continue
            alias, owner, outer = tables[parent]
            relation = _field(owner, step)
            if not (relation.many_to_one or relation.one_to_one):
                raise ValueError(f"PreparedRead: {relation} is not a foreign key")
            target = _target(relation)
            outer = outer or relation.null
            join = "LEFT OUTER JOIN" if outer else "INNER JOIN"
            on = f"{quote(alias)}.{quote(_column_name(relation))}"
            table = f"{quote(target._meta.db_table)} {quote(prefix + here)}"
            joined = f"{quote(prefix + here)}.{quote(_column_name(_field(target, 'pk')))}"
            clause += f" {join} {table} ON {on} = {joined}"
            tables[here] = (prefix + here, target, outer)
    return clause, tables


def _column(tables: Tables, name: str, quote: Quote) -> tuple[str, models.Field]:
    """A column (`field`, `relation__field`, or `pk`) of the tables in SQL, and its field."""
    path, _, field_name = name.rpartition("__")
    alias, model, _ = tables[path]
    field = _field(model, field_name)
    return f"{quote(alias)}.{quote(_column_name(field))}", field


def _exists(name: str, exists: RowExists, tables: Tables, quote: Quote) -> tuple[str, list[Any]]:
    """A `RowExists` column in SQL (its tables named after it) and its parameters."""
    paths = dict.fromkeys(key.rpartition("__")[0] for key in exists.equal)
    clause, inner = _tables(exists.model, paths, quote, name)
    conditions = [f"{_column(inner, key, quote)[0]} = %s" for key in exists.equal]
    link = f"{_column(inner, exists.link, quote)[0]} = {_column(tables, exists.link, quote)[0]}"
    where = " AND ".join([*conditions, link])
    sql = f"EXISTS (SELECT 1 FROM {clause} WHERE {where})"  # noqa: S608 (names only, quoted)
    return sql, list(exists.equal.values())


def _greatest(name: str, spec: Greatest, tables: Tables, quote: Quote) -> tuple[str, list[Any]]:
    """A `Greatest` column in SQL (its table named after it) and its parameters."""
    clause, inner = _tables(spec.model, [], quote, name)
    conditions = [
        f"{_column(inner, key, quote)[0]} IS NULL"
        if value is None
        else f"{_column(inner, key, quote)[0]} = %s"
        for key, value in spec.equal.items()
    ]
    link = f"{_column(inner, spec.to, quote)[0]} = {_column(tables, 'pk', quote)[0]}"
    where = " AND ".join([*conditions, link])
    column = _column(inner, spec.field, quote)[0]
    sql = f"(SELECT MAX({column}) FROM {clause} WHERE {where})"  # noqa: S608 (names only, quoted)
    return sql, [value for value in spec.equal.values() if value is not None]


def _converter(field: models.Field, connection: "BaseDatabaseWrapper") -> Convert | None:
    """What turns a column of `field` as the database gives it into what the ORM returns."""
    if connection.vendor == "sqlite":
        stored = _on_sqlite(field, connection.alias)
    elif connection.vendor == "postgresql":  # its driver gives the Python types
        stored = None
    else:
        raise NotSupportedError(f"PreparedRead: no conversions known for {connection.vendor}")
    from_db = getattr(field, "from_db_value", None)
    if from_db is None:
        return stored

    def convert(value: Any) -> Any:
        return from_db(value if stored is None else stored(value), field, connection)

    return convert


def _on_sqlite(field: models.Field, alias: str) -> Convert | None:
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return _datetime(settings.DATABASES[alias].get("TIME_ZONE"))
    if kind == "BooleanField":
        return bool
    if kind == "DateField":  # a date column by its declared type; an aggregate's as text
        return _date
    if isinstance(field, models.DecimalField):
        return _decimal(field)
    if kind in ("ForeignKey", "OneToOneField"):
        return _on_sqlite(_field(_target(field), "pk"), alias)
    if kind in AS_STORED_ON_SQLITE or hasattr(field, "from_db_value"):
        return None
    raise NotSupportedError(f"PreparedRead: no conversion from SQLite for {field} ({kind})")


def _datetime(zone_name: str | None) -> Convert:
    """SQLite's text (or naive datetime) as an aware datetime in the database's time zone."""
    zone = ZoneInfo(zone_name) if zone_name else datetime.UTC

    def convert(value: Any) -> datetime.datetime:
        value = value if isinstance(value, datetime.datetime) else parse_datetime(value)
        if settings.USE_TZ and timezone.is_naive(value):
            value = timezone.make_aware(value, zone)
        return value

    return convert


def _date(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _decimal(field: models.DecimalField) -> Convert:
    """SQLite's number as the field's Decimal: SQLite keeps 15 significant digits, the rest is
    the float's noise; then the field's decimal places, as the ORM gives them."""
    exponent = Decimal(1).scaleb(-field.decimal_places)
    digits = Context(prec=field.max_digits)
    number = Context(prec=15).create_decimal_from_float
    return lambda value: number(value).quantize(exponent, context=digits)


@functools.cache  # instance() asks for the same few fields on every exam request
def _field(model: type[models.Model], name: str) -> models.Field:
    """`model`'s concrete field `name` ("pk" for its primary key)."""
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise ValueError(f"PreparedRead: {model.__name__}.{name} is not a column")
    return field


def _column_name(field: models.Field) -> str:
    if field.column is None:
        raise ValueError(f"PreparedRead: {field} has no column")
    return field.column


def _target(field: models.Field) -> type[models.Model]:
    """The model a foreign key points to."""
    target = field.related_model
    if not (isinstance(target, type) and issubclass(target, models.Model)):
        raise ValueError(f"PreparedRead: {field} is not a foreign key")
    return target


def columns(model: type[models.Model], prefix: str = "", leave: tuple[str, ...] = ()) -> list[str]:
    """The names of a model's columns for a read, with a relation's prefix ("form__")."""
    return [prefix + f.attname for f in model._meta.concrete_fields if f.name not in leave]


def instance(model: type[models.Model], row: dict[str, Any], using: str = DEFAULT_DB_ALIAS) -> Any:
    """The model instance a row of a PreparedRead stands for: `field` and `relation__field`
    keys fill the model and its related instances (each needs its primary key in the row);
    any other key (an annotation) becomes an attribute. A relation whose primary key is None
    (an outer join that found nothing) is left unset."""
    own: dict[str, Any] = {}
    related: dict[str, dict[str, Any]] = {}
    extra: dict[str, Any] = {}
    for key, value in row.items():
        name, _, rest = key.partition("__")
        if rest:
            related.setdefault(name, {})[rest] = value
            continue
        try:
            own[_field(model, key).attname] = value
        except FieldDoesNotExist:
            extra[key] = value
    fields = model._meta.concrete_fields
    obj = model.from_db(
        using, [f.attname for f in fields], [own.get(f.attname, DEFERRED) for f in fields]
    )
    for name, sub in related.items():
        target = _target(_field(model, name))
        if sub.get(_field(target, "pk").attname) is not None:
            setattr(obj, name, instance(target, sub, using))
    for name, value in extra.items():
        setattr(obj, name, value)
    return obj
