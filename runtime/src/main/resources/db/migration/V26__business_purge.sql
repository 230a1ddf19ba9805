-- A deleted Business's records removed (spec.dataRetention.deletionPolicy: Delete), a batch per call, so no
-- transaction is long and no lock is held for long; the runtime calls it until it returns 0. Every table with a
-- business_id column is emptied of that Business, whatever migration made it: a table added later is included
-- without changing this. Tables are taken referencing ones first (by the height of the foreign-key graph above
-- them), so no row is deleted while another still points at it. The sign-up that made the Business goes last.
-- It runs as the tables' owner (the usage ledger, the billing tables: the runtime's role may not delete there),
-- with the tenant set for the tables whose row-level security is forced on their owner too.
CREATE FUNCTION purge_business_batch(business uuid, k8s_namespace text, k8s_name text, batch integer)
  RETURNS bigint LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT
AS $$
DECLARE
  t record;
  deleted bigint;
BEGIN
  IF batch IS NULL OR batch < 1 OR batch > 10000 THEN
    RAISE EXCEPTION 'batch must be 1 to 10000, not %', batch;
  END IF;
  PERFORM set_config('app.business_id', business::text, true);
  FOR t IN
    WITH RECURSIVE tenant_table AS (
      SELECT c.oid, c.relname FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'business_id' AND NOT a.attisdropped
       WHERE c.relkind = 'r'),
    reference AS (
      SELECT conrelid AS child, confrelid AS parent FROM pg_constraint WHERE contype = 'f' AND conrelid <> confrelid),
    height (oid, h) AS (
      SELECT oid, 0 FROM tenant_table
      UNION
      SELECT reference.parent, height.h + 1 FROM height JOIN reference ON reference.child = height.oid
       WHERE height.h < 32)
    SELECT tenant_table.relname FROM tenant_table JOIN height ON height.oid = tenant_table.oid
     GROUP BY tenant_table.relname ORDER BY max(height.h), tenant_table.relname
  LOOP
    EXECUTE format('DELETE FROM %I WHERE ctid = ANY (ARRAY(SELECT ctid FROM %I WHERE business_id = $1 LIMIT $2))',
                   t.relname, t.relname) USING business, batch;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    IF deleted > 0 THEN
      RETURN deleted;
    END IF;
  END LOOP;
  DELETE FROM signup WHERE namespace = k8s_namespace AND business_name = k8s_name;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  RETURN deleted;
END
$$;
REVOKE ALL ON FUNCTION purge_business_batch(uuid, text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_business_batch(uuid, text, text, integer) TO ${approle};
