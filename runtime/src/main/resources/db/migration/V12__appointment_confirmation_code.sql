-- The code told to the caller at booking: what lets a later call that is not from the booking's own number (a web
-- call, another phone) cancel it. Bookings made before have none: only their own number or the staff cancel them.
ALTER TABLE appointment ADD COLUMN confirmation_code text CHECK (confirmation_code ~ '^[0-9]{6}$');
