-- 0001: the statement catalogue of the Orleans ADO.NET providers.
--
-- At start-up each ADO.NET provider runs
--     SELECT QueryKey, QueryText FROM OrleansQuery WHERE QueryKey = ...
-- and from then on executes only the statements it found here. The identifiers are unquoted in that query, so
-- PostgreSQL folds them to lower case: the table and its columns are spelled in lower case below.
-- Later migrations add their provider's statements with INSERT ... ON CONFLICT DO UPDATE, so re-running them
-- (or shipping a corrected statement in a new migration) replaces the text in place.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT orleansquery_pkey PRIMARY KEY (querykey)
);

COMMENT ON TABLE orleansquery IS 'Statements executed by the Orleans ADO.NET providers, keyed by operation (e.g. ReadFromStorageKey).';
