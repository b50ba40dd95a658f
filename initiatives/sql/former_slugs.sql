-- Former slugs (issue 16): when an initiative's or a news item's slug changes, its old slug is
-- recorded (InitiativeSlug, NewsSlug), and the old address answers with a 301 to the new one.
-- A trigger rather than the admin's save: a slug also changes through an approved revision, an
-- import or the shell, and each of them must keep the old address alive. Applied by migration
-- 0018. Idempotent.
--
-- TG_ARGV: the table of former slugs and its column naming the item. An old slug that another
-- item had before now leads to this one (the last to have it); a slug the item takes back is no
-- longer a former one of its own.

CREATE OR REPLACE FUNCTION efus_record_former_slug() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DELETE FROM %I WHERE %I = $1 AND slug = $2', TG_ARGV[0], TG_ARGV[1])
    USING NEW.id, NEW.slug;
  EXECUTE format(
    'INSERT INTO %I (%I, slug, replaced_at) VALUES ($1, $2, now())'
    ' ON CONFLICT (slug) DO UPDATE SET %I = EXCLUDED.%I, replaced_at = EXCLUDED.replaced_at',
    TG_ARGV[0], TG_ARGV[1], TG_ARGV[1], TG_ARGV[1]
  ) USING NEW.id, OLD.slug;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER initiative_slug_changed
  AFTER UPDATE OF slug ON initiatives_initiative
  FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug)
  EXECUTE FUNCTION efus_record_former_slug('initiatives_initiativeslug', 'initiative_id');
CREATE OR REPLACE TRIGGER news_slug_changed
  AFTER UPDATE OF slug ON initiatives_newsitem
  FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug)
  EXECUTE FUNCTION efus_record_former_slug('initiatives_newsslug', 'news_item_id');
