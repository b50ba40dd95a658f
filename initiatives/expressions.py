"""SQL functions of the project's own, as Django expressions."""

from django.db.models import Func, TextField


class Unaccented(Func):
    """Text without accents, through efus_unaccent() (migration 0011).

    PostgreSQL's unaccent() is only STABLE, since its dictionary could change, so no index can
    use it; efus_unaccent() is the same call declared IMMUTABLE, which lets the title have a
    trigram index on its unaccented form.
    """

    function = "efus_unaccent"
    output_field = TextField()
