-- For an urgent notice: after how many hours the register's tagged households that have
-- not confirmed it go to the top of the call list (0: at once); NULL for no welfare check.
ALTER TABLE notices ADD COLUMN call_after_hours INTEGER;
