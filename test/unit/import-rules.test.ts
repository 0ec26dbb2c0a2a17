import { ESLint } from 'eslint'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'

// The repo's lint config (eslint.config.mjs, which `npm test` runs) fails on an import cycle
// anywhere and on a renderer import that breaks the layers. Each case lints a real file's text
// with one import added, as if someone had written it, and names the rule that must fail.

// The first lint builds the import graph (import-x/no-cycle reads every module): 1.2 s alone, and
// 5.3 s once in fresh-clone CI, where unit and integration files share two cores (5 s is the default).
vi.setConfig({ testTimeout: 30_000 })

const root = join(__dirname, '../..')
let eslint: ESLint

beforeAll(() => {
  eslint = new ESLint({ cwd: root })
})

/** Lints `file` (relative to the repo) as it is plus `added` lines; returns "rule: message" per problem. */
async function lintWith(file: string, added: string): Promise<string[]> {
  const text = readFileSync(join(root, file), 'utf8') + '\n' + added + '\n'
  const [result] = await eslint.lintText(text, { filePath: join(root, file) })
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`)
}

describe('lint fails on an import cycle', () => {
  it('as the files are, there is none', async () => {
    expect(await lintWith('shared/domain/queue-view.ts', '')).toEqual([])
  })

  it('in shared/', async () => {
    // claim-views imports queue-view; queue-view importing claim-views back closes a circle.
    expect(await lintWith('shared/domain/queue-view.ts', "import '../ipc/claim-views'")).toContainEqual(expect.stringMatching(/^import-x\/no-cycle: Dependency cycle/))
  })

  it('in electron/', async () => {
    // connection imports the migrations; a migration list importing the connection closes a circle.
    expect(await lintWith('electron/services/db/migrations/index.ts', "import '../connection'")).toContainEqual(expect.stringMatching(/^import-x\/no-cycle: Dependency cycle/))
  })

  it('in the renderer, and type-only imports do not count', async () => {
    // The command table reads the selectors; a selector importing the command table closes a circle.
    const problems = await lintWith('renderer/src/store/selectors.ts', "import { commandsFor } from '../commands/command-table'\nvoid commandsFor")
    expect(problems).toContainEqual(expect.stringMatching(/^import-x\/no-cycle: Dependency cycle/))
    expect(await lintWith('renderer/src/store/selectors.ts', "import type { Command } from '../commands/command-table'\nexport type { Command }")).not.toContainEqual(expect.stringMatching(/no-cycle/))
  })
})

describe('lint fails on a renderer import that breaks the layers', () => {
  it('a lower layer importing a higher one', async () => {
    expect(await lintWith('renderer/src/store/selectors.ts', "import type { Command } from '../commands/command-table'\nexport type { Command }")).toContainEqual(
      expect.stringMatching(/^import-x\/no-restricted-paths: .*renderer\/src\/store\/ may import only api\/ and shared\//)
    )
    expect(await lintWith('renderer/src/ui/time-format.ts', "import { bridge } from '../api/bridge'\nvoid bridge")).toContainEqual(
      expect.stringMatching(/^import-x\/no-restricted-paths: .*renderer\/src\/ui\/ may import only shared\//)
    )
  })

  it('a feature or the editor importing the shell', async () => {
    expect(await lintWith('renderer/src/editor/diff-slot.ts', "import { App } from '../app/App'\nvoid App")).toContainEqual(expect.stringMatching(/^import-x\/no-restricted-paths: .*renderer\/src\/editor\//))
    expect(await lintWith('renderer/src/features/queue/TriageCounter.tsx', "import { StatusBar } from '../../app/StatusBar'\nvoid StatusBar")).toContainEqual(
      expect.stringMatching(/^import-x\/no-restricted-paths: .*renderer\/src\/features\//)
    )
  })

  it('one feature importing another', async () => {
    expect(await lintWith('renderer/src/features/queue/TriageCounter.tsx', "import { CaseView } from '../case/CaseView'\nvoid CaseView")).toContainEqual(
      'import-x/no-restricted-paths: Unexpected path "../case/CaseView" imported in restricted zone. A feature imports no other feature: move what both need to ui/, store/ or commands/.'
    )
  })
})

describe('a renderer file outside every layer, an eslint-disable comment, the command-line tools', () => {
  async function lintText(file: string, text: string): Promise<string[]> {
    const [result] = await eslint.lintText(text, { filePath: join(root, file) })
    return result!.messages.filter((message) => message.severity === 2).map((message) => `${message.ruleId}: ${message.message}`)
  }

  it('a file under renderer/src/ but in no layer folder is refused, even one that imports nothing', async () => {
    for (const file of ['renderer/src/lib/format.ts', 'renderer/src/format.ts']) {
      expect(await lintText(file, 'export const two = 2')).toContainEqual(expect.stringMatching(/^no-restricted-syntax: renderer\/src\/ holds only main\.tsx and the layer folders/))
    }
  })

  it('the layer rule is not switched off by an eslint-disable comment', async () => {
    const problems = await lintText('renderer/src/ui/example.ts', "// eslint-disable-next-line import-x/no-restricted-paths\nimport { App } from '../app/App'\nexport const shell = App")
    expect(problems).toContainEqual(expect.stringMatching(/^import-x\/no-restricted-paths: .*renderer\/src\/ui\/ may import only shared\//))
  })

  it('electron/cli imports shared/ and Node, never the services, the hosts or the renderer', async () => {
    expect(await lintText('electron/cli/example.ts', "import { readFileSync } from 'node:fs'\nimport { verifyAuditLog } from '../../shared/audit/audit-log'\nexport const v = [readFileSync, verifyAuditLog]")).toEqual([])
    for (const target of ['../services/app-services', '../web-host/web-host', '../main/window', '../../renderer/src/app/App']) {
      expect(await lintText('electron/cli/example.mjs', `import * as m from '${target}'\nexport const v = m`)).toContainEqual(expect.stringMatching(/^no-restricted-imports: .*A command-line tool imports only shared\//))
    }
  })
})
