import type { Db } from '../connection'
import { pendingInQueue } from './queue-query'

/** A draft as stored: its edits' JSON, and the copy of the case they were made on when that is no longer the cached one. */
export interface StoredDraftRow {
  casePk: number
  /** JSON of the edits (part path → value), as `save` wrote it. */
  edits: string
  /** JSON of the edits a revision set aside (the same shape), as `save` wrote it. */
  setAside: string
  /** That copy's JSON, when the cache now holds another (a revision came since); null when it is still the cached one. */
  baseBody: string | null
}

/** What became of a save: kept, or not, because the case is not in the queue or the copy the edits were made on is neither the cached one nor the draft's. */
export type DraftSaveOutcome = 'kept' | 'not-in-queue' | 'other-copy'

interface DraftRecord {
  case_pk: number
  edits: string
  set_aside: string
  base_body: string | null
}

interface SaveParameters {
  casePk: number
  baseHash: string
  edits: string
  setAside: string
  savedAt: string
  now: number
}

/**
 * The reviewer's undecided edits, one draft per case (table `drafts`, migration 0017), each with
 * the copy of the case it was made on. Only cases in the queue (`pendingInQueue`: pending, not
 * snoozed, their backend still configured) take or give one.
 */
export class DraftsRepository {
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      // Edits still on the copy already stored as the draft's base (the cache may hold a newer one,
      // which the window has not carried them onto yet).
      update: db.prepare<SaveParameters>(
        `UPDATE drafts SET edits = @edits, set_aside = @setAside, saved_at = @savedAt WHERE case_pk = @casePk AND base_hash = @baseHash
           AND EXISTS (SELECT 1 FROM cases c WHERE c.pk = drafts.case_pk AND ${pendingInQueue()})`
      ),
      // Edits on the cached copy: that copy becomes the base, read from the cache, not sent.
      insert: db.prepare<SaveParameters>(
        `INSERT INTO drafts (case_pk, base_hash, base_body, edits, set_aside, saved_at)
           SELECT c.pk, c.content_hash, c.body, @edits, @setAside, @savedAt FROM cases c WHERE c.pk = @casePk AND c.content_hash = @baseHash AND ${pendingInQueue()}
         ON CONFLICT (case_pk) DO UPDATE SET base_hash = excluded.base_hash, base_body = excluded.base_body,
           edits = excluded.edits, set_aside = excluded.set_aside, saved_at = excluded.saved_at`
      ),
      inQueue: db.prepare<{ casePk: number; now: number }, number>(`SELECT 1 FROM cases c WHERE c.pk = @casePk AND ${pendingInQueue()}`).pluck(),
      remove: db.prepare<[number]>('DELETE FROM drafts WHERE case_pk = ?'),
      discard: db.prepare<{ casePk: number; now: number }>(
        `DELETE FROM drafts WHERE case_pk = @casePk AND EXISTS (SELECT 1 FROM cases c WHERE c.pk = @casePk AND ${pendingInQueue()})`
      ),
      editsOnCached: db.prepare<[number], string>(
        'SELECT d.edits FROM drafts d JOIN cases c ON c.pk = d.case_pk WHERE d.case_pk = ? AND d.base_hash = c.content_hash'
      ).pluck(),
      inQueueDrafts: db.prepare<{ now: number }, DraftRecord>(
        `SELECT d.case_pk, d.edits, d.set_aside, CASE WHEN d.base_hash = c.content_hash THEN NULL ELSE d.base_body END AS base_body
           FROM drafts d JOIN cases c ON c.pk = d.case_pk WHERE ${pendingInQueue()} ORDER BY d.case_pk`
      )
    }
  }

  /**
   * Keeps `edits` and `setAside` (JSON) as the draft of case `casePk`, its edits made on the copy
   * whose content hash is `baseHash`: the cached copy, or the base of the draft already stored.
   * `savedAt` is ISO 8601, `now` epoch ms (whether a snooze has ended). Keeps nothing when the
   * case is not in the queue, or neither copy has that hash (the edits were made on a copy the
   * cache no longer has), and says which.
   */
  save(casePk: number, baseHash: string, edits: string, setAside: string, savedAt: string, now: number): DraftSaveOutcome {
    const parameters = { casePk, baseHash, edits, setAside, savedAt, now }
    if (this.statements.update.run(parameters).changes > 0 || this.statements.insert.run(parameters).changes > 0) return 'kept'
    return this.statements.inQueue.get({ casePk, now }) === undefined ? 'not-in-queue' : 'other-copy'
  }

  /** Removes the case's draft, whatever its state (a decision that took the edits). */
  remove(casePk: number): void {
    this.statements.remove.run(casePk)
  }

  /**
   * Removes the case's draft if the case is in the queue at `now` (epoch ms): the window has no
   * edits of it left. A case that left the queue keeps its draft — a rejection takes no edits, and
   * its undo gives them back (`editsOnCached`).
   */
  discard(casePk: number, now: number): void {
    this.statements.discard.run({ casePk, now })
  }

  /** The JSON of the case's draft's edits, if it was made on the copy cached now. */
  editsOnCached(casePk: number): string | undefined {
    return this.statements.editsOnCached.get(casePk)
  }

  /** The drafts of cases in the queue at `now` (epoch ms), in case order. */
  inQueue(now: number): StoredDraftRow[] {
    return this.statements.inQueueDrafts.all({ now }).map((row) => ({ casePk: row.case_pk, edits: row.edits, setAside: row.set_aside, baseBody: row.base_body }))
  }
}
