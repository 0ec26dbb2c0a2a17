import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { openAppServices } from '../../electron/services/app-services'
import type { SecretStore } from '../../electron/services/secrets/secret-store'
import { REVIEWER, resourcesDir } from '../fixtures/sync-fixtures'

// attack-24-two-processes.test.ts: one instance of the app's services in a process of its own.
//   attack-24-decider.ts <dataDir> <secretsFile> <at> <parity>
// At the epoch ms <at>, defers (10–40 ms apart) every pending case of the demo whose queue position has <parity>
// (0 or 1), one after another, and prints one JSON line: how many were stored, and each failure.
// The secrets file stands in for the one keychain both instances of one user share.
const [dataDir, secretsFile, at, parity] = process.argv.slice(2) as [string, string, string, string]
const read = (): Record<string, string> => (existsSync(secretsFile) ? (JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>) : {})
const sharedKeychain: SecretStore = {
  storage: 'keychain',
  get: async (account) => read()[account] ?? null,
  set: async (account, secret) => writeFileSync(secretsFile, JSON.stringify({ ...read(), [account]: secret })),
  delete: async () => false
}
const services = openAppServices({ dataDir, resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', secrets: sharedKeychain, watchSla: false })

async function main(): Promise<void> {
  await services.ready
  const rows = services.review.queuePage(0, 60).rows.filter((_, index) => index % 2 === Number(parity))
  while (Date.now() < Number(at)) await new Promise((resolve) => setTimeout(resolve, 1))
  let stored = 0
  const failures: string[] = []
  for (const [index, row] of rows.entries()) {
    // Faster than any reviewer (one decision every 10–40 ms), so the two collide often.
    await new Promise((resolve) => setTimeout(resolve, 10 + ((index * 7) % 31)))
    try {
      const detail = services.review.caseDetail(row.casePk)
      await services.review.decide({ casePk: row.casePk, revision: detail.reviewCase.revision, outcome: 'defer', deferUntil: new Date(Date.now() + 86_400_000).toISOString(), openedAt: new Date().toISOString() })
      stored++
    } catch (error) {
      failures.push(String(error))
    }
  }
  console.log(JSON.stringify({ stored, failures }))
  services.close()
}

void main()
