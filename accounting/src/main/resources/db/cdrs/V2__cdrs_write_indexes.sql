-- The CDR table is written once per call and read rarely: keep only the indexes its reads use.
-- `tandem cdrs` (and the admin API) select by a time range first (start_time, which grows with
-- the UUIDv7 ids, so its index is appended to); the Call-ID and resource-ref indexes were random
-- B-tree inserts on every call and no query of Tandem's used them (the ref filter is an OR over
-- two columns). An operator who queries them often adds them to the database (not to this table's
-- migrations).
DROP INDEX IF EXISTS cdrs_call_id;
DROP INDEX IF EXISTS cdrs_source_ref;
DROP INDEX IF EXISTS cdrs_destination_ref;
