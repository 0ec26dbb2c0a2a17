import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { freePort } from '../fixtures/langgraph-server'

// `npm run backend` as the README starts it, twice side by side (the newcomer's trial: the second
// one reseeded the file the first was serving), and what a reviewer can reroute to.

const started: { child: ChildProcess; port: number }[] = []

afterAll(() => {
  for (const { child, port } of started) {
    child.kill()
    rmSync(join('.reference-backend', String(port)), { recursive: true, force: true })
  }
})

async function startCli(seed: number): Promise<string> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/reference-backend/cli.ts', '--port', String(port), '--seed', String(seed)], { stdio: ['ignore', 'pipe', 'inherit'] })
  started.push({ child, port })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('reference backend on') && resolve())
    child.once('exit', (code) => reject(new Error(`the backend exited with ${code}`)))
  })
  return `http://127.0.0.1:${port}/v1`
}

async function get(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { authorization: 'Bearer dev-token' } })
  expect(response.status).toBe(200)
  return response.json()
}

it('two backends started without --data-dir keep their own cases, and list teams to reroute to', async () => {
  const first = await startCli(3)
  const second = await startCli(5)
  const count = async (api: string) => ((await get(`${api}/cases?limit=100`)) as { changes: unknown[] }).changes.length
  expect(await count(first)).toBe(3)
  expect(await count(second)).toBe(5)
  expect(await get(`${first}/reroute-targets`)).toEqual({
    targets: [
      { id: 'second-line', label: 'second-line (team)' },
      { id: 'finance', label: 'finance (team)' }
    ]
  })
}, 60_000)
