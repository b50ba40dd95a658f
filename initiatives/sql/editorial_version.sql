-- A version number of the editorial content (news, manifestos, recommendations), advanced by
-- every change to it, as catalogue_version.sql does for the catalogue. The public pages' HTTP
-- validators are built on both versions (efus_catalogue/http_cache.py), so a conditional GET
-- answers "not modified" only while no public content has changed. A sequence of its own, so
-- that editing a news item does not throw away the catalogue's cached counts.
-- Applied by migration 0007_editorial_version. Idempotent.

CREATE SEQUENCE IF NOT EXISTS efus_editorial_version;

CREATE OR REPLACE FUNCTION efus_editorial_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('efus_editorial_version');
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER editorial_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_newsitem
  FOR EACH STATEMENT EXECUTE FUNCTION efus_editorial_changed();
CREATE OR REPLACE TRIGGER editorial_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_newsitem_themes
  FOR EACH STATEMENT EXECUTE FUNCTION efus_editorial_changed();
CREATE OR REPLACE TRIGGER editorial_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_newsitem_initiatives
  FOR EACH STATEMENT EXECUTE FUNCTION efus_editorial_changed();
CREATE OR REPLACE TRIGGER editorial_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_manifesto
  FOR EACH STATEMENT EXECUTE FUNCTION efus_editorial_changed();
CREATE OR REPLACE TRIGGER editorial_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_recommendation
  FOR EACH STATEMENT EXECUTE FUNCTION efus_editorial_changed();
CREATE OR REPLACE TRIGGER editorial_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_recommendation_themes
  FOR EACH STATEMENT EXECUTE FUNCTION efus_editorial_changed();
CREATE OR REPLACE TRIGGER editorial_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_recommendation_initiatives
  FOR EACH STATEMENT EXECUTE FUNCTION efus_editorial_changed();
