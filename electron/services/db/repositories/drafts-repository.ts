import type { Db } from '../connection'

/** A draft as stored: its edits' JSON, and the copy of the case they were made on when that is no longer the cached one. */
export interface StoredDraftRow {
  casePk: number
  /** JSON of the edits (part path → value), as `save` wrote it. */
  edits: string
  /** Content hash of the copy the edits were made on. */
  baseHash: string
  /** That copy's JSON, when the cache now holds another (a revision came since); null when it is still the cached one. */
  baseBody: string | null
}

interface DraftRecord {
  case_pk: number
  edits: string
  base_hash: string
  base_body: string | null
}

/**
 * The reviewer's undecided edits, one draft per case (table `drafts`, migration 0017), each with
 * the copy of the case it was made on. Only pending cases keep one.
 */
export class DraftsRepository {
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      // Edits still on the copy already stored as the draft's base (the cache may hold a newer one,
      // which the window has not rebased onto yet).
      update: db.prepare<[string, string, number, string]>(
        `UPDATE drafts SET edits = ?, saved_at = ? WHERE case_pk = ? AND base_hash = ?
           AND EXISTS (SELECT 1 FROM cases WHERE pk = drafts.case_pk AND state = 'pending')`
      ),
      // Edits on the cached copy: that copy becomes the base, read from the cache, not sent.
      insert: db.prepare<[string, string, number, string]>(
        `INSERT INTO drafts (case_pk, base_hash, base_body, edits, saved_at)
           SELECT pk, content_hash, body, ?, ? FROM cases WHERE pk = ? AND content_hash = ? AND state = 'pending'
         ON CONFLICT (case_pk) DO UPDATE SET base_hash = excluded.base_hash, base_body = excluded.base_body,
           edits = excluded.edits, saved_at = excluded.saved_at`
      ),
      remove: db.prepare<[number]>('DELETE FROM drafts WHERE case_pk = ?'),
      pending: db.prepare<[], DraftRecord>(
        `SELECT d.case_pk, d.edits, d.base_hash, CASE WHEN d.base_hash = c.content_hash THEN NULL ELSE d.base_body END AS base_body
           FROM drafts d JOIN cases c ON c.pk = d.case_pk WHERE c.state = 'pending' ORDER BY d.case_pk`
      )
    }
  }

  /**
   * Keeps `edits` (JSON) as the draft of pending case `casePk`, made on the copy whose content
   * hash is `baseHash`: the cached copy, or the base of the draft already stored. `savedAt` is ISO
   * 8601. Returns false, keeping nothing, when the case is not pending or neither copy has that
   * hash (the edits were made on a copy the cache no longer has).
   */
  save(casePk: number, baseHash: string, edits: string, savedAt: string): boolean {
    if (this.statements.update.run(edits, savedAt, casePk, baseHash).changes > 0) return true
    return this.statements.insert.run(edits, savedAt, casePk, baseHash).changes > 0
  }

  remove(casePk: number): void {
    this.statements.remove.run(casePk)
  }

  /** The drafts of pending cases, in case order. */
  pending(): StoredDraftRow[] {
    return this.statements.pending.all().map((row) => ({ casePk: row.case_pk, edits: row.edits, baseHash: row.base_hash, baseBody: row.base_body }))
  }
}
