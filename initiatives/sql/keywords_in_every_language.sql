-- An initiative's keywords in every language summaries are written in: besides the names of its
-- themes, cities and project (sql/derived_columns.sql), its cities' other names (Malines,
-- Mecheln) and its countries' names (Allemagne, Deutschland, Germany; initiatives_countryname,
-- from django-countries' translations). Applied by migration 0012, after derived_columns.sql,
-- whose efus_initiative_keywords() and city_renamed trigger it replaces. Idempotent.

CREATE OR REPLACE FUNCTION efus_initiative_keywords(p_initiative bigint, p_project bigint)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws(' ',
    (SELECT string_agg(t.name, ' ' ORDER BY t.name) FROM initiatives_theme t
       JOIN initiatives_initiative_themes it ON it.theme_id = t.id
      WHERE it.initiative_id = p_initiative),
    (SELECT string_agg(concat_ws(' ', c.name, array_to_string(c.other_names, ' ')), ' '
                       ORDER BY c.name) FROM initiatives_city c
       JOIN initiatives_initiative_cities ic ON ic.city_id = c.id
      WHERE ic.initiative_id = p_initiative),
    (SELECT string_agg(DISTINCT n.name, ' ') FROM initiatives_countryname n
      WHERE n.code IN (SELECT c.country FROM initiatives_city c
                         JOIN initiatives_initiative_cities ic ON ic.city_id = c.id
                        WHERE ic.initiative_id = p_initiative)),
    (SELECT concat_ws(' ', p.acronym, p.name) FROM initiatives_project p WHERE p.id = p_project))
$$;

-- A city given other names is a city renamed: its initiatives' keywords are derived again.
CREATE OR REPLACE TRIGGER city_renamed AFTER UPDATE OF name, other_names, country
  ON initiatives_city
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.country IS DISTINCT FROM NEW.country
                     OR OLD.other_names IS DISTINCT FROM NEW.other_names)
  EXECUTE FUNCTION efus_rederive_on_rename();
