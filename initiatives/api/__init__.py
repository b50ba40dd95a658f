"""The read-only API, `/api/v1/` (Django REST framework, OpenAPI 3 by drf-spectacular).

Lists are the site's own answers: the initiatives' list runs the same CatalogueQuery as the HTML
list (same filters, same validation, same order, same counts), news the same NewsFilter. Every
item is public now (published, its date passed); nothing else is reachable.
"""
