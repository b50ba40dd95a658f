-- The glossary decides what a search also searches (initiatives/search/glossary.py), so a change
-- to it advances the catalogue's version, under which searches' answers are cached
-- (sql/catalogue_version.sql). Applied by migration 0011. Idempotent.

CREATE OR REPLACE TRIGGER catalogue_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_concept
  FOR EACH STATEMENT EXECUTE FUNCTION efus_catalogue_changed();
CREATE OR REPLACE TRIGGER catalogue_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_term
  FOR EACH STATEMENT EXECUTE FUNCTION efus_catalogue_changed();
