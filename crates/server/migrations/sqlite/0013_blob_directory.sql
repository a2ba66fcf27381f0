-- Photos' bytes may be kept in a directory shared by the instances (--blob-dir) instead
-- of in the row: then `data` is empty and this is true.
ALTER TABLE blobs ADD COLUMN in_directory BOOLEAN NOT NULL DEFAULT FALSE;
