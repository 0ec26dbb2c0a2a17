import type { Migration } from './migration'

/**
 * The reviewer's edits not yet decided on (drafts), kept so that a reload, a crash or a restart
 * does not lose them. One row per case: the edits (a JSON object, part path → value, as
 * `editableFields` names the parts), the copy of the case they were made on (`base_body`, its
 * content hash `base_hash`), against which they are carried onto a revision that came since, and
 * the edits a revision set aside (`set_aside`, the same shape: shown, not applied).
 */
export const migration0017: Migration = {
  version: 17,
  name: 'drafts',
  up: `
    CREATE TABLE drafts (
      case_pk INTEGER PRIMARY KEY REFERENCES cases(pk),
      base_hash TEXT NOT NULL,
      base_body TEXT NOT NULL,
      edits TEXT NOT NULL,
      set_aside TEXT NOT NULL,
      saved_at TEXT NOT NULL
    ) STRICT;
  `
}
