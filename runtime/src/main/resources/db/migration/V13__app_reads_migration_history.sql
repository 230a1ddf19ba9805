-- The runtime is ready only once the schema has every migration it ships with (storage.SchemaHealth): it reads
-- the history, as its own role, and nothing else of Flyway's.
GRANT SELECT ON flyway_schema_history TO ${approle};
