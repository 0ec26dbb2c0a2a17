import { statSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir } from '../fixtures/temp-dir'
import { spawnWebHost, type WebHostProcess } from './web-host-process'

// Attacks on the running web host that its own tests do not make (attack 12).

const dir = makeTempDir('countersign-attack-12-')
let host: WebHostProcess

beforeAll(async () => {
  host = await spawnWebHost(dir.path)
})

afterAll(async () => {
  await host?.stop()
  dir.remove()
})

/** One refused GET: a Host header no browser would send, near Node's 16 KiB header limit. */
function refusedRequest(hostHeader: string): Promise<number> {
  return new Promise((resolveGet) => {
    const outgoing = request({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: hostHeader } }, (response) => {
      response.resume()
      response.on('end', () => resolveGet(response.statusCode!))
    })
    outgoing.on('error', () => resolveGet(0))
    outgoing.end()
  })
}

describe('the web host against an unauthenticated flood', () => {
  it('a client with no secret cannot grow the log without bound', async () => {
    const log = join(dir.path, 'logs/countersign.log')
    const before = statSync(log).size
    const hostHeader = 'x'.repeat(15_000)
    // 2,000 refused requests take well under a second on loopback; at this rate (measured: 129 MiB
    // in 5 s from one Node client) any local user fills the reviewer's disk with no secret at all.
    for (let batch = 0; batch < 100; batch++) {
      const statuses = await Promise.all(Array.from({ length: 20 }, () => refusedRequest(hostHeader)))
      expect(statuses.every((status) => status === 403)).toBe(true)
    }
    const grown = statSync(log).size - before
    expect(grown, `the log grew ${grown} bytes from 2,000 refused requests`).toBeLessThan(256 * 1024)
    expect(host.alive()).toBe(true)
  })
})
