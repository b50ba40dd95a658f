"""Search: reading a query (text), matching it (fulltext), what to do when it finds nothing
(corrections, similarity, plans), search-as-you-type (suggestions), and every kind at once (site).

This package imports nothing at its top level, so that the models can use its leaf modules
(text, fulltext) while the fallbacks read the models.
"""
