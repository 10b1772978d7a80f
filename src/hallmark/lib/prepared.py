"""Reads compiled to SQL once per process, for the few queries every exam request makes.

Django compiles a queryset to SQL each time it is evaluated, and for a read by key that is
most of the work: the exam pages' read of the session took 3.7 ms of CPU, 2.8 of them
compiling (docs/delivery.md, "The candidate's hot path"). A `PreparedRead` is an ordinary
`values()` queryset, compiled on first use on each database with stand-in values for its
parameters; a read then puts the values in, executes the SQL and converts the columns with the
ORM's own converters. `instance()` turns a row into model instances, related ones included, as
`select_related(...).only(...)` would.

A parameter is an integer or a string compared by a lookup that passes it to the database as
it is (`pk=`, `session_key=`): its stand-in must come out of the compiled query unchanged, and
compiling checks that it does.
"""

from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import DEFERRED
from django.db.transaction import TransactionManagementError

_STAND_INS = {int: lambda n: -(2**62) - n, str: lambda n: f"\x1fhallmark-parameter-{n}\x1f"}


class PreparedRead:
    """`query(**parameters)` returns a values() queryset; its SQL is compiled once per database.

    >>> USER = PreparedRead(lambda pk: User.objects.filter(pk=pk).values("id", "email"), pk=int)
    >>> USER.first(pk=7)  # {"id": 7, "email": ...} or None
    """

    def __init__(self, query: Callable[..., models.QuerySet], **parameters: type) -> None:
        self.query, self.parameters = query, parameters
        self._compiled: dict[str, tuple] = {}

    def _compile(self, alias: str) -> tuple:
        stand_ins = {
            name: _STAND_INS[kind](n) for n, (name, kind) in enumerate(self.parameters.items())
        }
        queryset = self.query(**stand_ins).using(alias)
        query = queryset.query
        compiler = query.get_compiler(alias)
        sql, params = compiler.as_sql()
        slots = {value: name for name, value in stand_ins.items()}
        params = [(slots.get(p) if isinstance(p, int | str) else None, p) for p in params]
        missing = set(stand_ins) - {name for name, _ in params}
        if missing:
            raise ValueError(f"PreparedRead: parameter(s) {sorted(missing)} changed on the way")
        # The columns' names in the order values() gives them (its iterable does the same).
        if query.selected:
            names = list(query.selected)
        else:
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
        converters = compiler.get_converters([column[0] for column in compiler.select])
        return sql, params, names, converters, bool(query.select_for_update)

    def rows(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> Iterator[dict[str, Any]]:
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile(using)
        sql, params, names, converters, locking = compiled
        connection = connections[using]
        if locking and connection.get_autocommit():
            # Django refuses this when it compiles; compiled once, the check is here.
            raise TransactionManagementError("select_for_update outside a transaction")
        with connection.cursor() as cursor:
            cursor.execute(sql, [values[name] if name else value for name, value in params])
            fetched = cursor.fetchall()
        for row in fetched:
            row = list(row)
            for position, (functions, expression) in converters.items():
                for convert in functions:
                    row[position] = convert(row[position], expression, connection)
            yield dict(zip(names, row, strict=True))

    def first(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> dict[str, Any] | None:
        return next(self.rows(using, **values), None)


def columns(model: type[models.Model], prefix: str = "", leave: tuple[str, ...] = ()) -> list[str]:
    """The names of a model's columns for values(), with a relation's prefix ("form__")."""
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
            own[model._meta.get_field(key).attname] = value
        except FieldDoesNotExist:
            extra[key] = value
    fields = model._meta.concrete_fields
    obj = model.from_db(
        using, [f.attname for f in fields], [own.get(f.attname, DEFERRED) for f in fields]
    )
    for name, sub in related.items():
        target = model._meta.get_field(name).related_model
        if sub.get(target._meta.pk.attname) is not None:
            setattr(obj, name, instance(target, sub, using))
    for name, value in extra.items():
        setattr(obj, name, value)
    return obj
