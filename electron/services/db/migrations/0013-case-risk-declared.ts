import type { Migration } from './migration'

/**
 * Whether the case's sender declared its risk class (`risk.declared`, case.ts), as a column: the
 * queue's rows are read from columns alone, and a case whose risk nobody declared says so there
 * too. 1 (declared) unless the cached body says `declared: false`.
 */
export const migration0013: Migration = {
  version: 13,
  name: 'case-risk-declared',
  up: `
    ALTER TABLE cases ADD COLUMN risk_declared INTEGER NOT NULL DEFAULT 1 CHECK (risk_declared IN (0, 1));
    UPDATE cases SET risk_declared = 0 WHERE json_extract(body, '$.risk.declared') = 0;
  `
}
