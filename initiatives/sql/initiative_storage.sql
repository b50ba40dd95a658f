-- How the initiative table is stored, so that searches read indexes and narrow rows, not texts.
-- Applied by migration 0001_initial. Idempotent: safe to run again.
--
-- toast_tuple_target = 128 moves the five long sections and the search vector out of line: the
-- table itself stays small (about 300 bytes a row; 772 MB -> 40 MB at 100,000 initiatives), so
-- filters, counts and facets scan little, and the texts are read only for the page shown.
ALTER TABLE initiatives_initiative SET (toast_tuple_target = 128);

-- What filters, facets and the typo fallbacks compare stays in the row (STORAGE PLAIN), or every
-- facet count and every title comparison would fetch it back from the TOAST table.
ALTER TABLE initiatives_initiative
  ALTER COLUMN title SET STORAGE PLAIN,
  ALTER COLUMN theme_ids SET STORAGE PLAIN,
  ALTER COLUMN city_ids SET STORAGE PLAIN,
  ALTER COLUMN country_codes SET STORAGE PLAIN;
