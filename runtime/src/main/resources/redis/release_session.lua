-- Gives back a reservation that never became a call anyone joined: the line and the count it took.
-- KEYS[1]: live sessions; KEYS[2]: the session's state, which notes the counter it was counted in (same hash tag).
-- ARGV[1]: session id.
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  local counter = redis.call('HGET', KEYS[2], 'counter')
  if counter then
    redis.call('DECR', counter)
    redis.call('HDEL', KEYS[2], 'counter')
  end
end
return 1
