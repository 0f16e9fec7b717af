-- One row per call attempt; the same migration runs on H2 (PostgreSQL mode) and PostgreSQL.
CREATE TABLE cdrs (
    id               VARCHAR(36)  PRIMARY KEY,
    call_id          VARCHAR(255) NOT NULL,
    from_tag         VARCHAR(128),
    to_tag           VARCHAR(128),
    caller           VARCHAR(512),
    callee           VARCHAR(512),
    caller_e164      VARCHAR(32),
    callee_e164      VARCHAR(32),
    source_kind      VARCHAR(16),
    source_ref       VARCHAR(255),
    destination_kind VARCHAR(16),
    destination_ref  VARCHAR(255),
    direction        VARCHAR(16),
    tenant           VARCHAR(255),
    edgeport_ref     VARCHAR(255),
    start_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    answer_time      TIMESTAMP WITH TIME ZONE,
    end_time         TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_ms      BIGINT       NOT NULL,
    status           INTEGER      NOT NULL,
    reason           VARCHAR(255),
    disposition      VARCHAR(16)  NOT NULL,
    hangup           VARCHAR(16)  NOT NULL,
    rate_deck        VARCHAR(255),
    rate_prefix      VARCHAR(32),
    rate_per_minute  NUMERIC(18, 6),
    billed_seconds   BIGINT       NOT NULL DEFAULT 0,
    cost             NUMERIC(18, 6),
    currency         VARCHAR(8)
);

CREATE INDEX cdrs_start_time ON cdrs (start_time);
CREATE INDEX cdrs_call_id ON cdrs (call_id);
CREATE INDEX cdrs_source_ref ON cdrs (source_ref);
CREATE INDEX cdrs_destination_ref ON cdrs (destination_ref);
