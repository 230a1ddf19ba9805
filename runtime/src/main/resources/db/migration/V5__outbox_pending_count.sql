-- How many deliveries each Business has waiting (due or backing off), kept beside its wake-up: writers add what
-- they enqueue, a worker's settle sets the true count from the tenant's own rows. Lets the outbox depth be a
-- metric without the runtime role reading any tenant's outbox rows outside that tenant.
ALTER TABLE outbox_wakeup ADD COLUMN pending integer NOT NULL DEFAULT 0 CHECK (pending >= 0);
