-- Sign-in throttling per client address as well as per email: failures from one address are
-- counted over the window.
CREATE INDEX login_attempts_client_at ON login_attempts (client_address, at);
