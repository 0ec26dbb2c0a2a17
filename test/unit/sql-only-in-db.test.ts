import { ESLint } from 'eslint'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// `npm test` lints; these check that the lint rule keeping SQL in electron/services/db/ fires on
// each way SQL can be written outside it, and stays quiet on what only looks like it.

const eslint = new ESLint({ cwd: resolve(__dirname, '../..') })

async function sqlFindings(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.filter((message) => message.message.startsWith('SQL lives only in electron/services/db/')).length
}

describe('SQL only in electron/services/db/', () => {
  const outside = 'electron/services/insights/example.ts'
  it.each([
    ['a prepared statement', "declare const db: { prepare(sql: string): unknown }\nexport const s = db.prepare('SELECT 1')"],
    ['an exec of SQL text', "declare const db: { exec(sql: string): void }\ndb.exec(`DELETE FROM cases`)"],
    ['an exec of SQL kept elsewhere', "declare const db: { exec(sql: string): void }\ndeclare const migration: { up: string }\ndb.exec(migration.up)"],
    ['a pragma', "declare const db: { pragma(sql: string): unknown }\nexport const v = db.pragma('user_version')"],
    ['a transaction', 'declare const db: { transaction(f: () => void): () => void }\ndb.transaction(() => {})()'],
    ['SQL in a template literal', "export const q = `SELECT c.pk FROM cases c WHERE c.state = 'pending'`"],
    ['SQL in a string', "export const q = 'UPDATE cases SET state = ? WHERE pk = ?'"],
    ['DDL', "export const q = 'CREATE UNIQUE INDEX x ON cases (pk)'"]
  ])('refuses %s outside db/', async (_name, code) => {
    expect(await sqlFindings(outside, code)).toBeGreaterThan(0)
    expect(await sqlFindings('renderer/src/store/example.ts', code)).toBeGreaterThan(0)
    expect(await sqlFindings('shared/example.ts', code)).toBeGreaterThan(0)
  })

  it('allows it in db/ and in test/', async () => {
    const code = "declare const db: { prepare(sql: string): unknown }\nexport const s = db.prepare('SELECT pk FROM cases')"
    expect(await sqlFindings('electron/services/db/repositories/example.ts', code)).toBe(0)
    expect(await sqlFindings('test/fixtures/example.ts', code)).toBe(0)
  })

  it('leaves alone what only looks like SQL: a RegExp exec, words in prose', async () => {
    const code = [
      "export const m = /^Key([A-Z])$/.exec('KeyA')",
      'declare const LONE: RegExp\ndeclare const text: string\nexport const n = LONE.exec(text)',
      "export const t = 'Select the cases to take with you from the queue.'"
    ].join('\n')
    expect(await sqlFindings(outside, code)).toBe(0)
  })

  it('refuses a destructured prepare, and SQL in .cjs and .mjs files among the services', async () => {
    expect(await sqlFindings(outside, "declare const db: { prepare(sql: string): unknown }\nconst { prepare } = db\nexport const p = prepare")).toBeGreaterThan(0)
    expect(await sqlFindings(outside, "declare const db: { prepare(sql: string): unknown }\nexport const p = db.prepare.call(db, 'select 1')")).toBeGreaterThan(0)
    expect(await sqlFindings(outside, "declare const db: { prepare(sql: string): unknown }\nexport const p = db[`prepare`]('select 1')")).toBeGreaterThan(0)
    const code = "exports.q = (db) => db.prepare('SELECT pk FROM cases')"
    expect(await sqlFindings('electron/services/insights/example.cjs', code)).toBeGreaterThan(0)
    expect(await sqlFindings('electron/services/insights/example.mjs', code.replace('exports.q =', 'export const q ='))).toBeGreaterThan(0)
  })

  it('is not switched off by an eslint-disable comment', async () => {
    const statement = "declare const db: { prepare(sql: string): unknown }\nexport const s = db.prepare('SELECT pk FROM cases')"
    for (const comment of ['/* eslint-disable */', '// eslint-disable-next-line no-restricted-syntax', '/* eslint no-restricted-syntax: off */']) {
      const code = comment.includes('next-line') ? statement.replace('export const s', `${comment}\nexport const s`) : `${comment}\n${statement}`
      expect(await sqlFindings(outside, code)).toBeGreaterThan(0)
    }
  })
})
