-- An initiative's keywords with the French names of its themes and project (Theme.name_fr,
-- Project.name_fr): "cybercriminalité" finds the initiatives of the theme Cybercrime, whatever
-- language they are written in. Otherwise the keywords of sql/keywords_in_every_language.sql
-- (cities' other names, countries' names), whose function this one replaces, and the rename
-- triggers of sql/derived_columns.sql, which now watch the French names too. Applied by
-- migration 0013; undone by applying those two files again. Idempotent.

CREATE OR REPLACE FUNCTION efus_initiative_keywords(p_initiative bigint, p_project bigint)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws(' ',
    (SELECT string_agg(concat_ws(' ', t.name, t.name_fr), ' ' ORDER BY t.name)
       FROM initiatives_theme t
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
    (SELECT concat_ws(' ', p.acronym, p.name, p.name_fr) FROM initiatives_project p
      WHERE p.id = p_project))
$$;

CREATE OR REPLACE TRIGGER theme_renamed AFTER UPDATE OF name, name_fr ON initiatives_theme
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.name_fr IS DISTINCT FROM NEW.name_fr)
  EXECUTE FUNCTION efus_rederive_on_rename();
CREATE OR REPLACE TRIGGER project_renamed AFTER UPDATE OF name, name_fr, acronym
  ON initiatives_project
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.name_fr IS DISTINCT FROM NEW.name_fr
                     OR OLD.acronym IS DISTINCT FROM NEW.acronym)
  EXECUTE FUNCTION efus_rederive_on_rename();
