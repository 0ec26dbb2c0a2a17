import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { join } from 'node:path'
import { migrate, openDatabase, schemaVersion, type Db } from '../../electron/services/db/connection'
import { MIGRATIONS } from '../../electron/services/db/migrations'
import { pendingInQueue } from '../../electron/services/db/repositories/queue-query'
import { makeTempDir } from '../fixtures/temp-dir'

// Signal Desktop's discipline: for each migration, build the version before it, put rows in,
// migrate, and check both the new schema and that the old rows survived unchanged.

let dir: ReturnType<typeof makeTempDir>
let db: Db
beforeEach(() => {
  dir = makeTempDir()
  db = openDatabase(join(dir.path, 'cache.sqlite'), [])
})
afterEach(() => {
  db.close()
  dir.remove()
})

const migrateTo = (version: number) => migrate(db, MIGRATIONS.slice(0, version))
const tables = () =>
  db.prepare<[], { name: string; strict: number }>("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name").all()
const columns = (table: string) => db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all().map((c) => c.name)

function insertWorkspace() {
  db.prepare("INSERT INTO workspaces (id, name, kind, is_demo, created_at) VALUES ('w', 'W', 'review-api', 0, 'now')").run()
}

/** Creates `table` in `cache` and writes `rows` rows of `bytes` random bytes each: enough to fill the WAL. */
function writeRows(cache: Db, table: string, rows: number, bytes: number) {
  cache.exec(`CREATE TABLE ${table} (x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows}) INSERT INTO ${table} SELECT randomblob(${bytes}) FROM n`)
}

/** Migrates to `version` from the one before with one workspace and one case in; returns the case rows as they were before. */
function migrateWithOneCase(version: number): unknown[] {
  migrateTo(version - 1)
  insertWorkspace()
  insertCase(1)
  const before = db.prepare('SELECT * FROM cases').all()
  migrateTo(version)
  return before
}

function insertCase(pk: number) {
  db.prepare(
    `INSERT INTO cases (pk, workspace_id, id, revision, kind, title, state, due_at, risk_rank, priority_rank, reversible,
       audience, touches_money, touches_access, touches_legal, body, content_hash, received_at)
     VALUES (?, 'w', ?, 1, 'classification', 'A case', 'pending', 1000, 3, 1, 1, 'internal', 0, 0, 0, '{}', 'hash', 'now')`
  ).run(pk, `case-${pk}`)
}

describe('migrations', () => {
  it('run without waiting for the disk, and leave the opened cache committing with synchronous = FULL', () => {
    const fresh = openDatabase(join(dir.path, 'fresh.sqlite'))
    try {
      expect(schemaVersion(fresh)).toBe(MIGRATIONS.at(-1)!.version)
      expect(fresh.pragma('synchronous', { simple: true })).toBe(2) // FULL (SQLite: 0 OFF, 1 NORMAL, 2 FULL)
    } finally {
      fresh.close()
    }
  })

  it('are numbered consecutively from 1', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
  })

  it('0001 creates STRICT workspaces and cases tables with the queue index', () => {
    migrateTo(1)
    expect(schemaVersion(db)).toBe(1)
    expect(tables()).toEqual([
      { name: 'cases', strict: 1 },
      { name: 'workspaces', strict: 1 }
    ])
    expect(columns('cases')).toContain('content_hash')
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT pk FROM cases WHERE state = 'pending' ORDER BY due_at, risk_rank DESC, priority_rank DESC, pk LIMIT 100").all()
    expect(JSON.stringify(plan)).toContain('cases_queue_order')
    expect(JSON.stringify(plan)).not.toContain('TEMP B-TREE')
  })

  it('0002 adds an append-only decisions table and keeps existing cases', () => {
    migrateTo(1)
    db.prepare("INSERT INTO workspaces (id, name, kind, is_demo, created_at) VALUES ('w', 'W', 'bundle', 0, 'now')").run()
    insertCase(1)
    insertCase(2)
    const before = db.prepare('SELECT * FROM cases ORDER BY pk').all()

    migrateTo(2)
    expect(schemaVersion(db)).toBe(2)
    expect(db.prepare('SELECT * FROM cases ORDER BY pk').all()).toEqual(before)
    expect(tables().map((t) => t.name)).toEqual(['cases', 'decisions', 'workspaces'])

    db.prepare("INSERT INTO decisions (id, case_pk, outcome, decided_at, record, record_hash, prev_hash) VALUES ('d1', 1, 'approve', 'now', '{}', 'h1', NULL)").run()
    expect(() => db.prepare("UPDATE decisions SET outcome = 'reject'").run()).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM decisions').run()).toThrow(/append-only/)
    expect(() =>
      db.prepare("INSERT INTO decisions (id, case_pk, outcome, decided_at, record, record_hash) VALUES ('d2', 999, 'approve', 'now', '{}', 'h2')").run()
    ).toThrow(/FOREIGN KEY/)
  })

  it('0003 rebuilds cases with new states, keeping cases and the decisions that reference them', () => {
    migrateTo(2)
    db.prepare("INSERT INTO workspaces (id, name, kind, is_demo, created_at) VALUES ('w', 'W', 'bundle', 0, 'now')").run()
    insertCase(1)
    insertCase(2)
    db.prepare("INSERT INTO decisions (id, case_pk, outcome, decided_at, record, record_hash, prev_hash) VALUES ('d1', 2, 'approve', 'now', '{}', 'h1', NULL)").run()
    const casesBefore = db.prepare('SELECT * FROM cases ORDER BY pk').all()
    const decisionsBefore = db.prepare('SELECT * FROM decisions').all()

    migrateTo(3)
    expect(schemaVersion(db)).toBe(3)
    expect(db.prepare('SELECT * FROM cases ORDER BY pk').all()).toEqual(casesBefore)
    expect(db.prepare('SELECT * FROM decisions').all()).toEqual(decisionsBefore)
    expect(tables()).toEqual(
      ['cases', 'decisions', 'outbox', 'quarantine', 'sync_cursors', 'workspaces'].map((name) => ({ name, strict: 1 }))
    )
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('foreign_key_check')).toEqual([])
    db.prepare("UPDATE cases SET state = 'withdrawn' WHERE pk = 1").run()
    expect(() => db.prepare("UPDATE cases SET state = 'lost' WHERE pk = 1").run()).toThrow(/CHECK/)
    expect(() => db.prepare('DELETE FROM cases WHERE pk = 2').run()).toThrow(/FOREIGN KEY/)
    expect(columns('workspaces')).toContain('removed_at')
  })

  it('0004 adds signing keys, key registrations and a jws column, keeping existing decisions', () => {
    migrateTo(3)
    insertWorkspace()
    insertCase(1)
    db.prepare("INSERT INTO decisions (id, case_pk, outcome, decided_at, record, record_hash, prev_hash) VALUES ('d1', 1, 'approve', 'now', '{}', 'h1', NULL)").run()
    const before = db.prepare('SELECT * FROM decisions').all()

    migrateTo(4)
    expect(db.prepare('SELECT * FROM decisions').all()).toEqual(before.map((row) => ({ ...(row as object), jws: null })))
    expect(tables().map((t) => t.name)).toEqual(expect.arrayContaining(['signing_keys', 'key_registrations']))
    const addKey = db.prepare("INSERT INTO signing_keys (kid, reviewer, public_jwk, created_at, retired_at) VALUES (?, 'dana', '{}', 'now', ?)")
    addKey.run('k1', 'then')
    addKey.run('k2', null)
    expect(() => addKey.run('k3', null)).toThrow(/UNIQUE/)
    expect(() => db.prepare("INSERT INTO key_registrations VALUES ('w', 'nope', 'now')").run()).toThrow(/FOREIGN KEY/)
  })

  it('0005 counts cases by state from an index', () => {
    migrateTo(5)
    const plan = JSON.stringify(db.prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM cases WHERE state = 'pending' AND workspace_id IN ('a', 'b')").all())
    expect(plan).toContain('COVERING INDEX cases_by_state_workspace')
  })

  it('0006 adds snoozing and preferences, and rebuilds the outbox keeping its rows', () => {
    migrateTo(5)
    insertWorkspace()
    insertCase(1)
    db.prepare("INSERT INTO decisions (id, case_pk, outcome, decided_at, record, record_hash, prev_hash) VALUES ('d1', 1, 'approve', 'now', '{}', 'h1', NULL)").run()
    db.prepare("INSERT INTO outbox (decision_id, workspace_id, case_pk, envelope, state, next_attempt_at, created_at, updated_at) VALUES ('d1', 'w', 1, '{}', 'pending', 0, 'now', 'now')").run()
    const outboxBefore = db.prepare('SELECT * FROM outbox').all()
    migrateTo(6)
    expect(db.prepare('SELECT * FROM outbox').all()).toEqual(outboxBefore)
    db.prepare("UPDATE outbox SET state = 'retracted'").run()
    expect(columns('cases')).toContain('snoozed_until')
    expect(tables().map((t) => t.name)).toContain('preferences')
    expect(db.pragma('foreign_key_check')).toEqual([])
  })

  it('0007 derives one row of facts per standing decision from the existing log', () => {
    migrateTo(6)
    insertWorkspace()
    insertCase(1)
    db.prepare(`UPDATE cases SET body = '{"pauseReason":{"rule":"RULE-1"}}' WHERE pk = 1`).run()
    const record = (id: string, outcome: string, extra: object = {}) =>
      JSON.stringify({ id, kind: 'text-approval', outcome, reviewer: 'dana', openedAt: '2026-11-20T10:00:00.000Z', decidedAt: '2026-11-20T10:00:12.500Z',
        provenance: { workflow: { name: 'support-reply', version: '1' } }, edits: [{ field: 'text' }], ...extra })
    const add = db.prepare("INSERT INTO decisions (id, case_pk, outcome, decided_at, record, record_hash, prev_hash) VALUES (?, 1, ?, 'now', ?, ?, NULL)")
    add.run('d1', 'approve-with-edits', record('d1', 'approve-with-edits'), 'h1')
    add.run('d2', 'approve', record('d2', 'approve'), 'h2')
    add.run('d3', 'retract', record('d3', 'retract', { retracts: 'd2' }), 'h3')
    migrateTo(7)
    expect(db.prepare('SELECT * FROM decision_facts').all()).toEqual([
      { decision_id: 'd1', case_pk: 1, kind: 'text-approval', workflow: 'support-reply', rule: 'RULE-1', outcome: 'approve-with-edits', reviewer: 'dana',
        decided_at: Date.parse('2026-11-20T10:00:12.500Z'), time_on_task_ms: 12_500, edited_fields: '["text"]' }
    ])
    expect(tables().map((t) => t.name)).toContain('sla_warnings')
  })

  it('0008 adds created_at to cases, filled from each case body', () => {
    migrateTo(7)
    insertWorkspace()
    insertCase(1)
    insertCase(2)
    db.prepare(`UPDATE cases SET body = '{"ownership":{"createdAt":"2026-11-20T10:00:00.250+01:00"}}' WHERE pk = 1`).run()
    const before = db.prepare('SELECT * FROM cases ORDER BY pk').all()
    migrateTo(8)
    const after = db.prepare<[], Record<string, unknown>>('SELECT * FROM cases ORDER BY pk').all()
    expect(after.map(({ created_at: _createdAt, ...rest }) => rest)).toEqual(before)
    expect(after.map((row) => row['created_at'])).toEqual([Date.parse('2026-11-20T09:00:00.250Z'), null])
  })

  it('0009 lets the pusher read due decisions in order from the index, keeping the outbox rows', () => {
    const plan = () =>
      db
        .prepare<[], { detail: string }>(
          `EXPLAIN QUERY PLAN SELECT decision_id FROM outbox WHERE state = 'pending' AND workspace_id = 'w' AND next_attempt_at <= 0 ORDER BY next_attempt_at, created_at LIMIT 500`
        )
        .all()
        .map((step) => step.detail)
    migrateTo(5)
    insertWorkspace()
    insertCase(1)
    const record = JSON.stringify({ id: 'd1', kind: 'text-approval', outcome: 'approve', reviewer: 'dana', openedAt: '2026-11-20T10:00:00.000Z',
      decidedAt: '2026-11-20T10:00:05.000Z', provenance: { workflow: { name: 'support-reply', version: '1' } } })
    db.prepare("INSERT INTO decisions (id, case_pk, outcome, decided_at, record, record_hash, prev_hash) VALUES ('d1', 1, 'approve', 'now', ?, 'h1', NULL)").run(record)
    db.prepare("INSERT INTO outbox (decision_id, workspace_id, case_pk, envelope, state, next_attempt_at, created_at, updated_at) VALUES ('d1', 'w', 1, '{}', 'pending', 0, 'now', 'now')").run()
    migrateTo(8)
    expect(plan().join(' ')).toMatch(/TEMP B-TREE/)
    const before = db.prepare('SELECT * FROM outbox').all()
    migrateTo(9)
    expect(plan().join(' ')).not.toMatch(/TEMP B-TREE/)
    expect(plan().join(' ')).toMatch(/USING INDEX outbox_due/)
    expect(db.prepare('SELECT * FROM outbox').all()).toEqual(before)
    expect(before).toHaveLength(1)
  })

  it('0010 adds STRICT case_holds and claim_events tables that reference cases, keeping the cases', () => {
    const before = migrateWithOneCase(10)
    expect(db.prepare('SELECT * FROM cases').all()).toEqual(before)
    expect(tables().filter((t) => ['case_holds', 'claim_events'].includes(t.name))).toEqual([
      { name: 'case_holds', strict: 1 },
      { name: 'claim_events', strict: 1 }
    ])
    db.prepare("INSERT INTO case_holds (case_pk, holder, mine, purpose, expires_at, updated_at) VALUES (1, 'erin', 0, 'colleague', 2000, 1000)").run()
    expect(() => db.prepare("INSERT INTO case_holds (case_pk, holder, mine, purpose, expires_at, updated_at) VALUES (2, 'erin', 0, 'colleague', 2000, 1000)").run()).toThrow(/FOREIGN KEY/)
    expect(() => db.prepare("INSERT INTO claim_events (case_pk, kind, holder, at) VALUES (1, 'lost', 'erin', 1000)").run()).toThrow(/CHECK/)
  })

  it('0011 adds a STRICT reroute_targets table, one JSON list per workspace, keeping the workspaces', () => {
    migrateTo(10)
    insertWorkspace()
    const before = db.prepare('SELECT * FROM workspaces').all()
    migrateTo(11)
    expect(db.prepare('SELECT * FROM workspaces').all()).toEqual(before)
    expect(tables().filter((t) => t.name === 'reroute_targets')).toEqual([{ name: 'reroute_targets', strict: 1 }])
    db.prepare(`INSERT INTO reroute_targets (workspace_id, targets, unlisted, updated_at) VALUES ('w', '[{"id":"finance","label":"Finance ops"}]', NULL, 1000)`).run()
    expect(() => db.prepare("INSERT INTO reroute_targets (workspace_id, targets, unlisted, updated_at) VALUES ('gone', '[]', NULL, 1000)").run()).toThrow(/FOREIGN KEY/)
    expect(() => db.prepare("UPDATE reroute_targets SET targets = '{\"id\": 1}' WHERE workspace_id = 'w'").run()).toThrow(/CHECK/)
    expect(() => db.prepare("UPDATE reroute_targets SET targets = 'not json' WHERE workspace_id = 'w'").run()).toThrow(/CHECK|malformed/)
  })

  it('0013 adds risk_declared to cases: 0 where the cached body says declared: false, else 1', () => {
    migrateTo(12)
    db.prepare("INSERT INTO workspaces (id, name, kind, is_demo, created_at) VALUES ('w', 'W', 'langgraph', 0, 'now')").run()
    insertCase(1)
    insertCase(2)
    insertCase(3)
    db.prepare(`UPDATE cases SET body = '{"risk":{"reversible":true,"declared":false}}' WHERE pk = 1`).run()
    db.prepare(`UPDATE cases SET body = '{"risk":{"reversible":true}}' WHERE pk = 2`).run()
    const before = db.prepare('SELECT * FROM cases ORDER BY pk').all()
    migrateTo(13)
    const after = db.prepare<[], Record<string, unknown>>('SELECT * FROM cases ORDER BY pk').all()
    expect(after.map(({ risk_declared: _declared, ...rest }) => rest)).toEqual(before)
    expect(after.map((row) => row['risk_declared'])).toEqual([0, 1, 1])
    expect(() => db.prepare('UPDATE cases SET risk_declared = 2 WHERE pk = 1').run()).toThrow(/CHECK/)
  })

  it('0014 classes each stored decision fact by the option chosen, not by the outcome alone', () => {
    migrateTo(13)
    insertWorkspace()
    insertCase(1)
    insertCase(2)
    const options = [
      { id: 'billing', label: 'Billing', recommended: true },
      { id: 'shipping', label: 'Shipping', recommended: false, effect: { actsOnProposal: false, needsConfirmation: false, irreversible: false } }
    ]
    db.prepare('UPDATE cases SET body = ? WHERE pk = 1').run(JSON.stringify({ kind: 'classification', options }))
    const toolOptions = [
      { id: 'send', label: 'Send', recommended: true },
      { id: 'hold', label: 'Hold for the team lead', recommended: false, effect: { actsOnProposal: false, needsConfirmation: false, irreversible: false } },
      { id: 'later', label: 'Send tomorrow', recommended: false }
    ]
    db.prepare("UPDATE cases SET kind = 'text-approval', body = ? WHERE pk = 2").run(JSON.stringify({ kind: 'text-approval', options: toolOptions }))
    const facts: [string, number, string, string, string | null, string][] = [
      ['relabel', 1, 'classification', 'choose-option', 'shipping', '[]'],
      ['as-suggested', 1, 'classification', 'choose-option', 'billing', '[]'],
      ['approved', 1, 'classification', 'approve', null, '[]'],
      ['held', 2, 'text-approval', 'choose-option', 'hold', '[]'],
      ['sent-later', 2, 'text-approval', 'choose-option', 'later', '[]'],
      ['recommended-edited', 2, 'text-approval', 'choose-option', 'send', '["text"]'],
      ['gone', 2, 'text-approval', 'choose-option', 'no-longer-listed', '[]'],
      ['edited', 2, 'text-approval', 'approve-with-edits', null, '["text"]'],
      ['rejected', 2, 'text-approval', 'reject', null, '[]'],
      ['deferred', 2, 'text-approval', 'defer', null, '[]']
    ]
    const addDecision = db.prepare("INSERT INTO decisions (id, case_pk, outcome, decided_at, record, record_hash, prev_hash) VALUES (?, ?, ?, 'now', ?, ?, NULL)")
    const addFact = db.prepare(
      "INSERT INTO decision_facts (decision_id, case_pk, kind, workflow, rule, outcome, reviewer, decided_at, time_on_task_ms, edited_fields) VALUES (?, ?, ?, 'wf', NULL, ?, 'dana', 1, 1, ?)"
    )
    for (const [id, casePk, kind, outcome, optionId, edited] of facts) {
      addDecision.run(id, casePk, outcome, JSON.stringify({ id, optionId }), `hash-${id}`)
      addFact.run(id, casePk, kind, outcome, edited)
    }
    migrateTo(14)
    const rows = db.prepare<[], { decision_id: string; outcome_class: string; edited_fields: string }>('SELECT decision_id, outcome_class, edited_fields FROM decision_facts').all()
    expect(Object.fromEntries(rows.map((row) => [row.decision_id, [row.outcome_class, row.edited_fields]]))).toEqual({
      relabel: ['edit', '["label"]'],
      'as-suggested': ['approve', '[]'],
      approved: ['approve', '[]'],
      held: ['other', '[]'],
      'sent-later': ['edit', '[]'],
      'recommended-edited': ['edit', '["text"]'],
      gone: ['other', '[]'],
      edited: ['edit', '["text"]'],
      rejected: ['reject', '[]'],
      deferred: ['other', '[]']
    })
    expect(() => db.prepare("UPDATE decision_facts SET outcome_class = 'approved' WHERE decision_id = 'held'").run()).toThrow(/CHECK constraint/)
  })

  it('0014 and 0015 open a cache whose case bodies are damaged: their options count as none', () => {
    migrateTo(13)
    insertWorkspace()
    const bodies = ['not json', '', '{"options":{"id":"x"}}', '{"options":"x"}', '{"options":["x",{"id":"x","label":"Mixed","recommended":true}]}', '{"options":[1,null]}']
    const addDecision = db.prepare("INSERT INTO decisions (id, case_pk, outcome, decided_at, record, record_hash, prev_hash) VALUES (?, ?, 'choose-option', 'now', ?, ?, NULL)")
    const addFact = db.prepare(
      "INSERT INTO decision_facts (decision_id, case_pk, kind, workflow, rule, outcome, reviewer, decided_at, time_on_task_ms, edited_fields) VALUES (?, ?, 'classification', 'wf', NULL, 'choose-option', 'dana', 1, 1, '[]')"
    )
    bodies.forEach((body, index) => {
      insertCase(index + 1)
      db.prepare('UPDATE cases SET body = ? WHERE pk = ?').run(body, index + 1)
      addDecision.run(`d${index}`, index + 1, JSON.stringify({ id: `d${index}`, optionId: 'x', caseRevision: 1 }), `h${index}`)
      addFact.run(`d${index}`, index + 1)
    })
    migrateTo(15)
    const classes = db.prepare<[], { outcome_class: string }>('SELECT outcome_class FROM decision_facts ORDER BY decision_id').all().map((row) => row.outcome_class)
    expect(classes).toEqual(['other', 'other', 'other', 'other', 'approve', 'other'])
    expect(db.prepare('SELECT decision_id, label FROM decision_option_labels').all()).toEqual([{ decision_id: 'd4', label: 'Mixed' }])
    expect(db.prepare('SELECT count(*) AS n FROM decisions').get()).toEqual({ n: bodies.length })
  })

  it('0015 keeps the chosen option’s label only for a case still at the revision decided on', () => {
    migrateTo(14)
    insertWorkspace()
    insertCase(1)
    db.prepare('UPDATE cases SET revision = 2, body = ? WHERE pk = 1').run(JSON.stringify({ options: [{ id: 'ship', label: 'Shipping (renamed)' }] }))
    insertCase(2)
    db.prepare('UPDATE cases SET body = ? WHERE pk = 2').run(JSON.stringify({ options: [{ id: 'ship', label: 'Shipping' }] }))
    const add = db.prepare("INSERT INTO decisions (id, case_pk, outcome, decided_at, record, record_hash, prev_hash) VALUES (?, ?, ?, 'now', ?, ?, NULL)")
    add.run('old-revision', 1, 'choose-option', JSON.stringify({ optionId: 'ship', caseRevision: 1 }), 'h1')
    add.run('same-revision', 2, 'choose-option', JSON.stringify({ optionId: 'ship', caseRevision: 1 }), 'h2')
    add.run('approval', 2, 'approve', JSON.stringify({ optionId: null, caseRevision: 1 }), 'h3')
    migrateTo(15)
    expect(db.prepare('SELECT decision_id, label FROM decision_option_labels').all()).toEqual([{ decision_id: 'same-revision', label: 'Shipping' }])
    expect(tables().find((table) => table.name === 'decision_option_labels')?.strict).toBe(1)
  })

  it('0016 answers the queue header’s due and creation times from the pending-counts index alone, keeping the cases', () => {
    const before = migrateWithOneCase(16)
    const header = `SELECT count(*), sum(c.due_at < @now), min(c.created_at) FROM cases c WHERE ${pendingInQueue()}`
    expect(JSON.stringify(db.prepare(`EXPLAIN QUERY PLAN ${header}`).all({ now: 0 }))).toContain('COVERING INDEX cases_by_state_workspace')
    expect(db.prepare(header).raw().get({ now: 2000 })).toEqual([1, 1, null])
    expect(db.prepare('SELECT * FROM cases').all()).toEqual(before)
  })

  it('refuses a database newer than the app, leaving it untouched', () => {
    migrateTo(MIGRATIONS.length)
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`)
    expect(() => migrate(db)).toThrow(/newer than this app knows/)
    expect(schemaVersion(db)).toBe(MIGRATIONS.length + 1)
  })
})

describe('checkpointing', () => {
  it('leaves the WAL to a timer, and a worker thread copies it into the database file', async () => {
    const { startCheckpointing } = await import('../../electron/services/db/checkpointer')
    const { existsSync, statSync } = await import('node:fs')
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    migrateTo(MIGRATIONS.length)
    const file = join(dir.path, 'cache.sqlite')
    const before = statSync(file).size
    const errors: string[] = []
    const checkpointing = startCheckpointing(file, { intervalMs: 20, onError: (message) => errors.push(message) })
    try {
      await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before), { timeout: 5_000 })
      // The main connection keeps writing while the worker's checkpoints run.
      db.exec('CREATE TABLE written_meanwhile (x)')
      expect(errors).toEqual([])
    } finally {
      checkpointing.stop()
    }
    // Stopping returned with the worker's connection closed: the app's own is now the last one,
    // and closing it removes the WAL, so nothing touches the files after the app is shut.
    db.close()
    expect(existsSync(`${file}-wal`)).toBe(false)
  })
  it('checkpoints soon after writes committed without waiting for the disk, long before its timer', async () => {
    const { startCheckpointing } = await import('../../electron/services/db/checkpointer')
    const { openRepositories } = await import('../../electron/services/db/repositories')
    const { statSync } = await import('node:fs')
    migrateTo(MIGRATIONS.length)
    const file = join(dir.path, 'cache.sqlite')
    const before = statSync(file).size
    const errors: string[] = []
    const checkpointing = startCheckpointing(file, { intervalMs: 3_600_000, onError: (message) => errors.push(message) })
    let asked = 0
    const repositories = openRepositories(db, {
      afterRefetchableCommit: () => {
        asked += 1
        checkpointing.soon()
      }
    })
    try {
      expect(() => repositories.inRefetchableTransaction(() => {
        db.exec('CREATE TABLE rolled_back (x)')
        throw new Error('work failed')
      })).toThrow('work failed')
      expect(asked).toBe(0) // nothing was committed
      repositories.inRefetchableTransaction(() => writeRows(db, 'bulk', 2000, 100))
      expect(asked).toBe(1)
      expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL again for the next commit
      await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + 200_000), { timeout: 5_000 })
      expect(errors).toEqual([])
    } finally {
      checkpointing.stop()
    }
  })
  it('says when its worker cannot open the file, and checkpoints again once it can', async () => {
    const { startCheckpointing } = await import('../../electron/services/db/checkpointer')
    const { renameSync, statSync } = await import('node:fs')
    migrateTo(MIGRATIONS.length)
    const file = join(dir.path, 'cache.sqlite')
    const errors: string[] = []
    renameSync(file, `${file}.away`)
    const checkpointing = startCheckpointing(file, { intervalMs: 50, onError: (message) => errors.push(message) })
    try {
      await vi.waitFor(() => expect(errors[0]).toMatch(/unable to open database file/), { timeout: 5_000 })
      renameSync(`${file}.away`, file)
      const before = statSync(file).size
      writeRows(db, 'later', 2000, 100)
      checkpointing.soon()
      await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + 200_000), { timeout: 5_000 })
    } finally {
      checkpointing.stop()
    }
  })
  it('cuts the WAL file back once it has been copied, so one large sync does not keep its size for the run', async () => {
    const { startCheckpointing } = await import('../../electron/services/db/checkpointer')
    const { WAL_SIZE_LIMIT_BYTES } = await import('../../electron/services/db/connection')
    const { statSync } = await import('node:fs')
    const cache = openDatabase(join(dir.path, 'big.sqlite'))
    const file = join(dir.path, 'big.sqlite')
    const walSize = () => statSync(`${file}-wal`).size
    writeRows(cache, 'bulk', 8000, 4000)
    expect(walSize()).toBeGreaterThan(WAL_SIZE_LIMIT_BYTES)
    const checkpointing = startCheckpointing(file, { intervalMs: 3_600_000 })
    try {
      checkpointing.soon()
      await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(30_000_000), { timeout: 5_000 })
      // A write after a checkpoint that caught up starts the WAL over, and truncates it.
      await vi.waitFor(
        () => {
          cache.exec('INSERT INTO bulk VALUES (1)')
          checkpointing.soon()
          expect(walSize()).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES)
        },
        { timeout: 5_000 }
      )
    } finally {
      checkpointing.stop()
      cache.close()
    }
  })
})

describe('a cache database that cannot be opened', () => {
  const openError = (file: string): Error => {
    try {
      openDatabase(file)
    } catch (error) {
      return error as Error
    }
    throw new Error(`${file} opened`)
  }

  it('names the file and says what to check: a folder that is not there', () => {
    const file = join(dir.path, 'no-such-folder', 'cache.sqlite')
    expect(openError(file).message).toBe(
      `The cache database ${file} cannot be opened: Cannot open database because the directory does not exist. Check that its folder exists, is writable and has free space.`
    )
  })

  it('names the file, with SQLite’s error as the cause: a folder where the file should be', () => {
    const error = openError(dir.path)
    expect(error.message).toMatch(new RegExp(`^The cache database ${dir.path} cannot be opened: .+\\. Check that its folder exists`))
    expect((error.cause as { code?: string }).code).toMatch(/^SQLITE_(CANTOPEN|IOERR)/)
  })
})
