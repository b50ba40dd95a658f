-- Search configuration: what the generated search vectors and the trigram indexes call.
-- Applied by migration 0001_initial before the tables are created. Idempotent: safe to run again.
--
-- efus_unaccent(text): unaccent() declared IMMUTABLE, so that an index may use it (unaccent()
-- itself is only STABLE, since its dictionary could change). It names the schema unaccent was
-- installed in, as an immutable function must not depend on search_path.
DO $$
DECLARE
  home text := (SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent');
BEGIN
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION efus_unaccent(text) RETURNS text'
    ' LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT RETURN %s.unaccent(%L::regdictionary, $1)',
    home, home || '.unaccent');
END $$;

-- One text-search configuration per catalogue language (initiatives/languages.py): a copy of
-- PostgreSQL's own with the unaccent dictionary chained before the stemmer, so that `securite`
-- finds `sécurité` in every language.
DO $$
DECLARE
  config record;
BEGIN
  FOR config IN SELECT * FROM (VALUES
      ('efus_english', 'english', 'english_stem'),
      ('efus_french', 'french', 'french_stem'),
      ('efus_german', 'german', 'german_stem'),
      ('efus_spanish', 'spanish', 'spanish_stem'),
      ('efus_italian', 'italian', 'italian_stem'),
      ('efus_dutch', 'dutch', 'dutch_stem'),
      ('efus_portuguese', 'portuguese', 'portuguese_stem'),
      ('efus_simple', 'simple', 'simple')) AS c(name, parent, dictionary)
  LOOP
    IF NOT EXISTS (SELECT FROM pg_ts_config WHERE cfgname = config.name) THEN
      EXECUTE format('CREATE TEXT SEARCH CONFIGURATION %I (COPY = pg_catalog.%I)',
                     config.name, config.parent);
    END IF;
    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %I'
                   ' ALTER MAPPING FOR hword, hword_part, word WITH unaccent, %I',
                   config.name, config.dictionary);
  END LOOP;
END $$;

-- The configuration of a language code. IMMUTABLE (the mapping never changes at run time), so
-- that generated columns may call it: casting text to regconfig would be merely STABLE.
CREATE OR REPLACE FUNCTION efus_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE language
    WHEN 'en' THEN 'efus_english'::regconfig
    WHEN 'fr' THEN 'efus_french'::regconfig
    WHEN 'de' THEN 'efus_german'::regconfig
    WHEN 'es' THEN 'efus_spanish'::regconfig
    WHEN 'it' THEN 'efus_italian'::regconfig
    WHEN 'nl' THEN 'efus_dutch'::regconfig
    WHEN 'pt' THEN 'efus_portuguese'::regconfig
    ELSE 'efus_simple'::regconfig
  END
$$;
