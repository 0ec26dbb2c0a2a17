import { CACHED_OPTIONS } from './0014-decision-outcome-class'
import type { Migration } from './migration'

/**
 * The label of the option each decision chose, as the case showed it when it was decided: the
 * signed record names the option by its id, and a later revision of the case may relabel or drop
 * it. Kept beside the append-only log (whose rows are never updated). Decisions made before are
 * given the cached case's label only when the case is still at the revision decided on; the others
 * stay without one (the audit trail then names the option by its id).
 */
export const migration0015: Migration = {
  version: 15,
  name: 'decision-option-labels',
  up: `
    CREATE TABLE decision_option_labels (
      decision_id TEXT PRIMARY KEY REFERENCES decisions(id),
      label TEXT NOT NULL
    ) STRICT;

    INSERT INTO decision_option_labels (decision_id, label)
    SELECT d.id, (
        SELECT json_extract(o.value, '$.label') FROM json_each(${CACHED_OPTIONS}, '$.options') o
        WHERE o.type = 'object' AND iif(o.type = 'object', json_extract(o.value, '$.id'), NULL) = json_extract(d.record, '$.optionId')
          AND iif(o.type = 'object', json_type(o.value, '$.label'), NULL) = 'text'
        LIMIT 1) AS label
    FROM decisions d JOIN cases c ON c.pk = d.case_pk
    WHERE json_extract(d.record, '$.optionId') IS NOT NULL AND json_extract(d.record, '$.caseRevision') = c.revision
      AND label IS NOT NULL;
  `
}
