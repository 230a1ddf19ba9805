-- Gives back a reservation that never became a session (the voice provider refused): the slot and the count.
-- KEYS[1]: live sessions; KEYS[2]: month counter. ARGV[1]: session id.
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  redis.call('DECR', KEYS[2])
end
return 1
