-- 0002: grain state for the Orleans ADO.NET grain storage provider (invariant "Npgsql"). Requires PostgreSQL 15+.
--
-- Contract with the provider (Orleans.Persistence.AdoNet, AdoNetGrainStorage):
--   * it identifies a grain by ServiceId, the grain type string, its hash, and the grain key split into two bigints
--     (GrainIdN0/N1: a GUID's halves, or 0 and an integer key) plus an optional string (GrainIdExtensionString: the
--     key extension, or the whole key of a string-keyed grain), with GrainIdHash hashing that key;
--   * the ETag is the integer version of the row, as text. A read returns PayloadBinary and Version (no row: no ETag);
--   * write, clear and delete return NewGrainStateVersion. The provider treats a result equal to the ETag it sent,
--     an empty result or NULL as a version conflict and throws InconsistentStateException, so every statement below
--     changes a row only when the caller's ETag matches the stored version, and otherwise returns no (or a NULL) version.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id          varchar(150) NOT NULL,
    grain_type_hash     integer      NOT NULL,
    grain_type          varchar(512) NOT NULL,
    grain_id_hash       integer      NOT NULL,
    grain_id_n0         bigint       NOT NULL,
    grain_id_n1         bigint       NOT NULL,
    grain_id_extension  varchar(512),
    payload             bytea,
    version             integer      NOT NULL,
    modified_at         timestamptz  NOT NULL DEFAULT now(),
    -- One row per grain. The hashes lead so that the constraint's index is also the lookup index; NULLS NOT DISTINCT
    -- makes a missing key extension collide with itself, which lets the first write rely on ON CONFLICT.
    CONSTRAINT orleans_grain_state_identity UNIQUE NULLS NOT DISTINCT
        (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type, grain_id_extension),
    CONSTRAINT orleans_grain_state_version_positive CHECK (version > 0)
);

COMMENT ON TABLE orleans_grain_state IS 'Orleans grain state (ADO.NET grain storage). version is the ETag; payload NULL means cleared.';

-- Writes a grain's state and returns its new version, or NULL when nothing was written because the caller's version
-- is stale: a NULL expected version creates the row at version 1 unless it already exists; any other expected
-- version must equal the stored one, which is then incremented.
CREATE OR REPLACE FUNCTION orleans_write_grain_state(
    p_grain_id_hash      integer,
    p_grain_id_n0        bigint,
    p_grain_id_n1        bigint,
    p_grain_type_hash    integer,
    p_grain_type         text,
    p_grain_id_extension text,
    p_service_id         text,
    p_expected_version   integer,
    p_payload            bytea)
    RETURNS integer
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $function$
DECLARE
    v_new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        -- Concurrent first writes of two activations race on the unique identity: exactly one inserts.
        INSERT INTO orleans_grain_state AS s
            (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_extension,
             payload, version, modified_at)
        VALUES
            (p_service_id, p_grain_type_hash, p_grain_type, p_grain_id_hash, p_grain_id_n0, p_grain_id_n1,
             p_grain_id_extension, p_payload, 1, now())
        ON CONFLICT ON CONSTRAINT orleans_grain_state_identity DO NOTHING
        RETURNING s.version INTO v_new_version;
    ELSE
        UPDATE orleans_grain_state AS s
           SET payload = p_payload,
               version = s.version + 1,
               modified_at = now()
         WHERE s.grain_id_hash = p_grain_id_hash
           AND s.grain_type_hash = p_grain_type_hash
           AND s.service_id = p_service_id
           AND s.grain_id_n0 = p_grain_id_n0
           AND s.grain_id_n1 = p_grain_id_n1
           AND s.grain_type = p_grain_type
           AND s.grain_id_extension IS NOT DISTINCT FROM p_grain_id_extension
           AND s.version = p_expected_version
        RETURNING s.version INTO v_new_version;
    END IF;

    RETURN v_new_version;
END;
$function$;

-- The statements the provider loads. Parameter names and result column names are the provider's.
INSERT INTO orleansquery (querykey, querytext)
VALUES
(
    'ReadFromStorageKey',
    $sql$SELECT s.payload AS "PayloadBinary", s.version AS "Version"
FROM orleans_grain_state AS s
WHERE s.grain_id_hash = @GrainIdHash
  AND s.grain_type_hash = @GrainTypeHash
  AND s.service_id = @ServiceId
  AND s.grain_id_n0 = @GrainIdN0
  AND s.grain_id_n1 = @GrainIdN1
  AND s.grain_type = @GrainTypeString
  AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString$sql$
),
(
    'WriteToStorageKey',
    $sql$SELECT orleans_write_grain_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
    @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS "NewGrainStateVersion"$sql$
),
(
    'ClearStorageKey',
    $sql$UPDATE orleans_grain_state AS s
   SET payload = NULL,
       version = s.version + 1,
       modified_at = now()
 WHERE s.grain_id_hash = @GrainIdHash
   AND s.grain_type_hash = @GrainTypeHash
   AND s.service_id = @ServiceId
   AND s.grain_id_n0 = @GrainIdN0
   AND s.grain_id_n1 = @GrainIdN1
   AND s.grain_type = @GrainTypeString
   AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
   AND s.version = @GrainStateVersion
RETURNING s.version AS "NewGrainStateVersion"$sql$
),
(
    -- Used instead of ClearStorageKey when AdoNetGrainStorageOptions.DeleteStateOnClear is set. The provider expects
    -- the deleted version + 1 back (and then forgets the ETag, so the next write creates the row afresh).
    'DeleteStorageKey',
    $sql$DELETE FROM orleans_grain_state AS s
 WHERE s.grain_id_hash = @GrainIdHash
   AND s.grain_type_hash = @GrainTypeHash
   AND s.service_id = @ServiceId
   AND s.grain_id_n0 = @GrainIdN0
   AND s.grain_id_n1 = @GrainIdN1
   AND s.grain_type = @GrainTypeString
   AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
   AND s.version = @GrainStateVersion
RETURNING s.version + 1 AS "NewGrainStateVersion"$sql$
)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
