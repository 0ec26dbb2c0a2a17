import type { Migration } from './migration'

/**
 * When each case was created, as a column: the queue header's oldest age and the insights' age
 * buckets read it for every pending case, and extracting it from each case's JSON body made the
 * header cost grow with the size of the bodies, not just their number.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'case-created-at',
  up: `
    ALTER TABLE cases ADD COLUMN created_at INTEGER;
    UPDATE cases SET created_at = CAST(unixepoch(json_extract(body, '$.ownership.createdAt'), 'subsec') * 1000 AS INTEGER);
  `
}
