-- Columns of an initiative that the database derives from its relations, whoever writes them
-- (the admin, imports, loaddata or plain SQL). Applied by migration 0001_initial. Idempotent.
--
-- keywords: the names of its themes, cities and project. The search vector is a generated
--   column, and a generated column can only read its own row: these triggers copy the related
--   names into the row, so that the vector weighs them.
-- theme_ids, city_ids, country_codes: small arrays that filters and facet counts test on the
--   row itself (`theme_ids && '{3,7}'`, GIN-indexed) instead of joining the link tables, so a
--   search with filters over 100,000 initiatives reads one index and the rows it finds.

CREATE OR REPLACE FUNCTION efus_initiative_keywords(p_initiative bigint, p_project bigint)
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

-- Every insert or update of an initiative recomputes its derived columns: whatever a client
-- writes into them is replaced.
CREATE OR REPLACE FUNCTION efus_derive_initiative_columns() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.keywords := efus_initiative_keywords(NEW.id, NEW.project_id);
  NEW.theme_ids := ARRAY(SELECT theme_id FROM initiatives_initiative_themes
                          WHERE initiative_id = NEW.id ORDER BY theme_id);
  NEW.city_ids := ARRAY(SELECT city_id FROM initiatives_initiative_cities
                         WHERE initiative_id = NEW.id ORDER BY city_id);
  NEW.country_codes := ARRAY(SELECT DISTINCT c.country FROM initiatives_city c
                               JOIN initiatives_initiative_cities ic ON ic.city_id = c.id
                              WHERE ic.initiative_id = NEW.id ORDER BY c.country);
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER initiative_derived_columns
  BEFORE INSERT OR UPDATE ON initiatives_initiative
  FOR EACH ROW EXECUTE FUNCTION efus_derive_initiative_columns();

-- A theme or city linked or unlinked: touch the initiatives concerned, once per statement, so
-- that the trigger above recomputes them (a bulk import updates each initiative once).
CREATE OR REPLACE FUNCTION efus_rederive_linked_initiatives() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE initiatives_initiative SET keywords = ''
   WHERE id IN (SELECT DISTINCT initiative_id FROM changed);
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger, hence two per link table.
CREATE OR REPLACE TRIGGER initiative_themes_added AFTER INSERT ON initiatives_initiative_themes
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION efus_rederive_linked_initiatives();
CREATE OR REPLACE TRIGGER initiative_themes_removed AFTER DELETE ON initiatives_initiative_themes
  REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION efus_rederive_linked_initiatives();
CREATE OR REPLACE TRIGGER initiative_cities_added AFTER INSERT ON initiatives_initiative_cities
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION efus_rederive_linked_initiatives();
CREATE OR REPLACE TRIGGER initiative_cities_removed AFTER DELETE ON initiatives_initiative_cities
  REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION efus_rederive_linked_initiatives();

-- A theme, city or project renamed (or a city moved to another country): touch its initiatives.
CREATE OR REPLACE FUNCTION efus_rederive_on_rename() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE TRIGGER theme_renamed AFTER UPDATE OF name ON initiatives_theme
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION efus_rederive_on_rename();
CREATE OR REPLACE TRIGGER city_renamed AFTER UPDATE OF name, country ON initiatives_city
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.country IS DISTINCT FROM NEW.country)
  EXECUTE FUNCTION efus_rederive_on_rename();
CREATE OR REPLACE TRIGGER project_renamed AFTER UPDATE OF name, acronym ON initiatives_project
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.acronym IS DISTINCT FROM NEW.acronym)
  EXECUTE FUNCTION efus_rederive_on_rename();
