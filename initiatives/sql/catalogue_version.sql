-- A version number of the public catalogue, advanced by every change to what it counts. Counts
-- over the whole catalogue (the unfiltered list's facets, the home page's themes) are cached
-- under it (initiatives/catalogue_counts.py). Applied by migration 0001_initial. Idempotent.
--
-- A sequence rather than a counter row: advancing it never waits for another transaction, and
-- a rolled-back change still moves it on, which only costs one recount. Statement-level
-- triggers, so a bulk import moves it once.

CREATE SEQUENCE IF NOT EXISTS efus_catalogue_version;

CREATE OR REPLACE FUNCTION efus_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('efus_catalogue_version');
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER catalogue_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_initiative
  FOR EACH STATEMENT EXECUTE FUNCTION efus_catalogue_changed();
CREATE OR REPLACE TRIGGER catalogue_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_initiative_themes
  FOR EACH STATEMENT EXECUTE FUNCTION efus_catalogue_changed();
CREATE OR REPLACE TRIGGER catalogue_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_initiative_cities
  FOR EACH STATEMENT EXECUTE FUNCTION efus_catalogue_changed();
CREATE OR REPLACE TRIGGER catalogue_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_theme
  FOR EACH STATEMENT EXECUTE FUNCTION efus_catalogue_changed();
CREATE OR REPLACE TRIGGER catalogue_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_city
  FOR EACH STATEMENT EXECUTE FUNCTION efus_catalogue_changed();
CREATE OR REPLACE TRIGGER catalogue_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_project
  FOR EACH STATEMENT EXECUTE FUNCTION efus_catalogue_changed();
