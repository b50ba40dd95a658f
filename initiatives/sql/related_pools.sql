-- The pools of related initiatives (models/related_pools.py, PoolEntry): one row per public
-- original and per city, and per theme, it is filed under, rewritten whenever what the pools
-- read of the initiative changes. Its cities and themes arrive through the arrays that
-- derived_columns.sql keeps, so a link added or removed in the admin reaches the pools too.
-- Scheduled initiatives are filed (their date is in the row, and related.py compares it with
-- the time of the page); drafts, items in review, withdrawn ones and translations are not.
-- Applied by migration 0023. Idempotent.

CREATE OR REPLACE FUNCTION efus_file_in_related_pools() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM initiatives_poolentry WHERE initiative_id = NEW.id;
  END IF;
  IF NEW.status = 'published' AND NEW.translation_of_id IS NULL
     AND NEW.published_at IS NOT NULL THEN
    INSERT INTO initiatives_poolentry
      (initiative_id, city_id, theme_id, project_id, start_year, published_at, city_ids,
       theme_ids)
    SELECT NEW.id, city, NULL, NEW.project_id, NEW.start_year, NEW.published_at,
           NEW.city_ids, NEW.theme_ids
    FROM unnest(NEW.city_ids) AS city
    UNION ALL
    SELECT NEW.id, NULL, theme, NEW.project_id, NEW.start_year, NEW.published_at,
           NEW.city_ids, NEW.theme_ids
    FROM unnest(NEW.theme_ids) AS theme;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER initiative_filed_in_related_pools
  AFTER INSERT ON initiatives_initiative
  FOR EACH ROW EXECUTE FUNCTION efus_file_in_related_pools();

-- Saving a summary rewrites every column; only a change the pools read files it again.
CREATE OR REPLACE TRIGGER initiative_refiled_in_related_pools
  AFTER UPDATE ON initiatives_initiative
  FOR EACH ROW WHEN (
    OLD.status IS DISTINCT FROM NEW.status
    OR OLD.published_at IS DISTINCT FROM NEW.published_at
    OR OLD.translation_of_id IS DISTINCT FROM NEW.translation_of_id
    OR OLD.project_id IS DISTINCT FROM NEW.project_id
    OR OLD.start_year IS DISTINCT FROM NEW.start_year
    OR OLD.city_ids IS DISTINCT FROM NEW.city_ids
    OR OLD.theme_ids IS DISTINCT FROM NEW.theme_ids
  )
  EXECUTE FUNCTION efus_file_in_related_pools();
