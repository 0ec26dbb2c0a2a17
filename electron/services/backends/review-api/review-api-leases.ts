import { z } from 'zod'
import type { BackendConfig } from '../../../../shared/backends/backend-config'
import {
  LEASE_BATCH_MAX,
  leaseBatchResponseSchema,
  leaseHeldProblemSchema,
  leaseReleaseResponseSchema,
  leaseSchema,
  REVIEW_API_BASE_PATH
} from '../../../../shared/review-api/protocol'
import type { ClaimClient, ClaimResult } from '../../claims/claim-client'
import { BackendError } from '../backend-adapter'
import { HttpStatusError, requestJson } from '../http-json'

export interface ReviewApiLeasesOptions {
  config: Extract<BackendConfig, { kind: 'review-api' }>
  readToken(): Promise<string | null>
  requestTimeoutMs?: number
}

/**
 * Review API leases (resources/review-api/README.md): one case by `POST`/`DELETE
 * /v1/cases/{id}/lease`, where a `409` names the holder; many by the 1.1 batch endpoints,
 * `POST /v1/leases` and `POST /v1/leases/release`, 500 ids a request.
 */
export function reviewApiLeases(options: ReviewApiLeasesOptions): ClaimClient {
  const base = options.config.baseUrl.replace(/\/+$/, '') + REVIEW_API_BASE_PATH
  const timeoutMs = options.requestTimeoutMs ?? 30_000
  let token: string | null = null

  async function request<T extends z.ZodType>(method: string, path: string, schema: T, signal: AbortSignal, body?: unknown): Promise<z.output<T>> {
    token ??= await options.readToken()
    if (!token) throw new BackendError('config', `No token is stored for "${options.config.name}"; add one in Settings.`)
    const what = `${method} ${REVIEW_API_BASE_PATH}${path.replace(/^\/cases\/[^/]+/, '/cases/{id}')}`
    return requestJson({ backendName: options.config.name, method, url: base + path, what, headers: { authorization: `Bearer ${token}` }, body, signal, timeoutMs }, schema)
  }

  async function claimOne(caseId: string, ttlSeconds: number, signal: AbortSignal): Promise<ClaimResult> {
    try {
      const lease = await request('POST', `/cases/${encodeURIComponent(caseId)}/lease`, leaseSchema, signal, { ttlSeconds })
      return { caseId, status: 'held', holder: lease.holder, expiresAt: Date.parse(lease.expiresAt) }
    } catch (error) {
      if (!(error instanceof HttpStatusError)) throw error
      if (error.status === 404) return { caseId, status: 'not-found' }
      if (error.status !== 409) throw error
      const held = leaseHeldProblemSchema.safeParse(safeJson(error.body))
      // A 1.0 service's 409 names no holder: still a colleague's claim, for the usual viewing lease.
      return held.success
        ? { caseId, status: 'conflict', holder: held.data.holder, expiresAt: Date.parse(held.data.expiresAt) }
        : { caseId, status: 'conflict', holder: 'a colleague', expiresAt: Date.now() + ttlSeconds * 1000 }
    }
  }

  return {
    enforced: true,
    async claim(caseIds, ttlSeconds, signal) {
      if (caseIds.length === 1) return [await claimOne(caseIds[0]!, ttlSeconds, signal)]
      const results: ClaimResult[] = []
      for (let start = 0; start < caseIds.length; start += LEASE_BATCH_MAX) {
        const batch = caseIds.slice(start, start + LEASE_BATCH_MAX)
        const answer = await request('POST', '/leases', leaseBatchResponseSchema, signal, { caseIds: batch, ttlSeconds }).catch((error: unknown) => {
          if (error instanceof HttpStatusError && error.status === 404) {
            throw new BackendError('config', `${options.config.name} cannot hold cases for field work: it does not speak Review API 1.1 (POST /v1/leases).`)
          }
          throw error
        })
        const byId = new Map(answer.results.map((result) => [result.caseId, result]))
        for (const caseId of batch) {
          const result = byId.get(caseId)
          if (!result) throw new BackendError('protocol', `${options.config.name} did not answer for every case it was asked to lease.`)
          results.push(result.status === 'not-found' ? result : { ...result, expiresAt: Date.parse(result.expiresAt) })
        }
      }
      return results
    },
    async release(caseIds, signal) {
      if (caseIds.length === 1) {
        await request('DELETE', `/cases/${encodeURIComponent(caseIds[0]!)}/lease`, leaseReleaseAnswer, signal)
        return
      }
      for (let start = 0; start < caseIds.length; start += LEASE_BATCH_MAX) {
        await request('POST', '/leases/release', leaseReleaseResponseSchema, signal, { caseIds: caseIds.slice(start, start + LEASE_BATCH_MAX) })
      }
    }
  }
}

/** `DELETE …/lease` answers with any JSON; only its status matters. */
const leaseReleaseAnswer = z.unknown()

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
