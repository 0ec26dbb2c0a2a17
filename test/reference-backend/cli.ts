import { join, resolve } from 'node:path'
import { mkdirSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { startReferenceBackend } from './server'
import { generateCases } from '../fixtures/case-generator'

// `npm run backend -- --port 8787 --seed 500 [--token dev-token --reviewer dana --teams second-line,finance --data-dir DIR]`
// Each port keeps its own data (`.reference-backend/<port>`), so two backends started side by side
// never share a file. The teams are ones the reviewer is not in: what a case can be rerouted to.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    seed: { type: 'string', default: '0' },
    token: { type: 'string', default: 'dev-token' },
    reviewer: { type: 'string', default: 'reviewer' },
    'admin-token': { type: 'string', default: 'admin-token' },
    teams: { type: 'string', default: 'second-line,finance' },
    'data-dir': { type: 'string' }
  }
})
const dataDir = resolve(values['data-dir'] ?? join('.reference-backend', values.port))
mkdirSync(dataDir, { recursive: true })

void startReferenceBackend({
  dbFile: join(dataDir, 'reference-backend.sqlite'),
  port: Number(values.port),
  tokens: { [values.token]: values.reviewer },
  adminToken: values['admin-token'],
  teams: Object.fromEntries(values.teams.split(',').filter((team) => team !== '').map((team) => [team, []]))
}).then((backend) => {
  const count = Number(values.seed)
  if (count > 0) backend.store.putCases(generateCases({ count, seed: 7, baseTime: new Date() }), values.reviewer)
  console.log(
    `Review API v1 reference backend on ${backend.url} (endpoints under /v1): give Countersign this URL in Settings\n` +
      `  reviewer "${values.reviewer}" with bearer token "${values.token}"; ${count} cases seeded\n` +
      `  admin endpoints under /admin with token "${values['admin-token']}"; data in ${dataDir}`
  )
})
