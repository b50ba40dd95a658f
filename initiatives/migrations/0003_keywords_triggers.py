"""Keep Initiative.keywords (names of its themes, cities and project) in step with the links.

The search vector is a generated column, and a generated column can only read its own row; these
triggers copy the related names into that row whatever writes them: the admin, imports, loaddata
or SQL. Link changes are handled per statement, so a bulk import updates each initiative once.
"""

from django.db import migrations

SQL = """
CREATE FUNCTION efus_initiative_keywords(p_initiative bigint, p_project bigint)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws(' ',
    (SELECT string_agg(t.name, ' ' ORDER BY t.name) FROM initiatives_theme t
       JOIN initiatives_initiative_themes it ON it.theme_id = t.id
      WHERE it.initiative_id = p_initiative),
    (SELECT string_agg(c.name, ' ' ORDER BY c.name) FROM initiatives_city c
       JOIN initiatives_initiative_cities ic ON ic.city_id = c.id
      WHERE ic.initiative_id = p_initiative),
    (SELECT concat_ws(' ', p.acronym, p.name) FROM initiatives_project p WHERE p.id = p_project))
$$;

CREATE FUNCTION efus_keywords_on_initiative() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.keywords := efus_initiative_keywords(NEW.id, NEW.project_id);
  RETURN NEW;
END $$;

CREATE TRIGGER initiative_keywords BEFORE INSERT OR UPDATE ON initiatives_initiative
  FOR EACH ROW EXECUTE FUNCTION efus_keywords_on_initiative();

CREATE FUNCTION efus_keywords_on_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The BEFORE trigger above recomputes the keywords of every updated row.
  UPDATE initiatives_initiative SET keywords = ''
   WHERE id IN (SELECT DISTINCT initiative_id FROM changed);
  RETURN NULL;
END $$;

CREATE TRIGGER initiative_themes_added AFTER INSERT ON initiatives_initiative_themes
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION efus_keywords_on_links();
CREATE TRIGGER initiative_themes_removed AFTER DELETE ON initiatives_initiative_themes
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION efus_keywords_on_links();
CREATE TRIGGER initiative_cities_added AFTER INSERT ON initiatives_initiative_cities
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION efus_keywords_on_links();
CREATE TRIGGER initiative_cities_removed AFTER DELETE ON initiatives_initiative_cities
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION efus_keywords_on_links();

CREATE FUNCTION efus_keywords_on_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'initiatives_theme' THEN
    UPDATE initiatives_initiative SET keywords = '' WHERE id IN
      (SELECT initiative_id FROM initiatives_initiative_themes WHERE theme_id = NEW.id);
  ELSIF TG_TABLE_NAME = 'initiatives_city' THEN
    UPDATE initiatives_initiative SET keywords = '' WHERE id IN
      (SELECT initiative_id FROM initiatives_initiative_cities WHERE city_id = NEW.id);
  ELSE
    UPDATE initiatives_initiative SET keywords = '' WHERE project_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER theme_renamed AFTER UPDATE OF name ON initiatives_theme FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION efus_keywords_on_rename();
CREATE TRIGGER city_renamed AFTER UPDATE OF name ON initiatives_city FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION efus_keywords_on_rename();
CREATE TRIGGER project_renamed AFTER UPDATE OF name, acronym ON initiatives_project FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.acronym IS DISTINCT FROM NEW.acronym)
  EXECUTE FUNCTION efus_keywords_on_rename();
"""

REVERSE_SQL = """
DROP TRIGGER IF EXISTS project_renamed ON initiatives_project;
DROP TRIGGER IF EXISTS city_renamed ON initiatives_city;
DROP TRIGGER IF EXISTS theme_renamed ON initiatives_theme;
DROP FUNCTION IF EXISTS efus_keywords_on_rename();
DROP TRIGGER IF EXISTS initiative_cities_removed ON initiatives_initiative_cities;
DROP TRIGGER IF EXISTS initiative_cities_added ON initiatives_initiative_cities;
DROP TRIGGER IF EXISTS initiative_themes_removed ON initiatives_initiative_themes;
DROP TRIGGER IF EXISTS initiative_themes_added ON initiatives_initiative_themes;
DROP FUNCTION IF EXISTS efus_keywords_on_links();
DROP TRIGGER IF EXISTS initiative_keywords ON initiatives_initiative;
DROP FUNCTION IF EXISTS efus_keywords_on_initiative();
DROP FUNCTION IF EXISTS efus_initiative_keywords(bigint, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0002_catalogue")]
    operations = [migrations.RunSQL(SQL, REVERSE_SQL)]
