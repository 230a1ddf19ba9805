-- Workers delete a Business's wake-up row once it has nothing left to deliver; V3 granted everything but that, so
-- a settled Business stayed due and was polled every round.
GRANT DELETE ON outbox_wakeup TO ${approle};
