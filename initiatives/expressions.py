"""SQL functions of the project's own, as Django expressions."""

from django.db.models import Func, TextField


def unaccented(expression) -> Func:
    """Text without accents, through efus_unaccent() (initiatives/sql/search_config.sql).

    PostgreSQL's unaccent() is only STABLE, since its dictionary could change, so no index can
    use it; efus_unaccent() is the same call declared IMMUTABLE, which lets the title have a
    trigram index on its unaccented form. A plain Func, not a subclass: the index that uses it
    is then written into migrations without importing the project's code.
    """
    return Func(expression, function="efus_unaccent", output_field=TextField())
