import { ESLint } from 'eslint'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// Attack on issue 16 ("npm test fails on SQL outside db/ and on a renderer import that breaks the
// layers"): each snippet below breaks the rule as written in eslint.config.mjs, yet lints clean.

const eslint = new ESLint({ cwd: resolve(__dirname, '../..') })

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.filter((message) => message.severity === 2).map((message) => `${message.ruleId}: ${message.message}`)
}

describe('SQL outside electron/services/db/ that lints clean', () => {
  const outside = 'electron/services/insights/example.ts'
  it.each([
    // SQLite reads keywords in any case; the rule's pattern has no `i` flag, and exec(variable) is exempt.
    ['lowercase SQL run through exec(variable)', "declare const db: { exec(sql: string): void }\nconst purge = 'delete from cases'\ndb.exec(purge)"],
    ['lowercase SQL in a string', "export const q = 'update cases set state = ? where pk = ?'"],
    ['a prepare called by computed name', "declare const db: { prepare(sql: string): unknown }\nexport const s = db['prepare']('select pk from cases')"],
    ['a prepare bound first', "declare const db: { prepare(sql: string): unknown }\nconst prepare = db.prepare.bind(db)\nexport const s = prepare('select pk from cases')"],
    ['REPLACE INTO', "export const q = 'REPLACE INTO cases (pk) VALUES (?)'"]
  ])('%s', async (_name, code) => {
    expect(await problems(outside, code)).toContainEqual(expect.stringMatching(/SQL lives only in electron\/services\/db\//))
  })

  it('in a .mts or .js file among the services', async () => {
    const code = "export const q = (db) => db.prepare('SELECT pk FROM cases')"
    expect(await problems('electron/services/insights/example.mts', code)).toContainEqual(expect.stringMatching(/SQL lives only/))
    expect(await problems('electron/services/insights/example.js', code)).toContainEqual(expect.stringMatching(/SQL lives only/))
  })
})

describe('renderer files outside every layer are unrestricted', () => {
  // A folder or file under renderer/src/ that is not one of RENDERER_LAYERS is in no zone: it may
  // import the shell, and any layer may import it, so ui/ → lib/ → api/ or store/ → lib/ → app/
  // passes lint. Where such a file lives says nothing about what it may import.
  it.each([
    ['a new folder', 'renderer/src/lib/helpers.ts'],
    ['a file beside main.tsx', 'renderer/src/helpers.ts']
  ])('%s importing the shell is an error', async (_name, file) => {
    const appPath = file.startsWith('renderer/src/lib/') ? '../app/App' : './app/App'
    expect(await problems(file, `import { App } from '${appPath}'\nexport const shell = App`)).toContainEqual(expect.stringMatching(/^import-x\/no-restricted-paths/))
  })
})
