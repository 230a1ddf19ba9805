-- What a call came to, for the owner's call list and the Business's webhook: from Ultravox's summary when it gives
-- one, otherwise from what the call's tools did.
ALTER TABLE voice_session
  ADD COLUMN summary text CHECK (length(summary) <= 2000),
  ADD COLUMN outcome text CHECK (outcome IN ('ordered', 'booked', 'ticket', 'transferred', 'message', 'none'));
CREATE INDEX voice_session_outcome ON voice_session (business_id, outcome, created_at DESC) WHERE outcome IS NOT NULL;
