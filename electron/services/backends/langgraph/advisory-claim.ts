import { z } from 'zod'
import type { BackendConfig } from '../../../../shared/backends/backend-config'
import type { ClaimClient, ClaimResult } from '../../claims/claim-client'
import { HttpStatusError, requestJson } from '../http-json'
import { splitCaseId } from './interrupt-case'

/** Where a thread's metadata keeps the advisory claim: `{ holder, expiresAt }` (ISO 8601), or null. */
export const CLAIM_METADATA_KEY = 'countersign:claim'

const claimSchema = z.object({ holder: z.string().min(1).max(200), expiresAt: z.iso.datetime({ offset: true }) })
const threadMetadataSchema = z.object({
  metadata: z.record(z.string(), z.unknown()).nullish().transform((metadata) => metadata ?? {})
})

export interface AdvisoryClaimOptions {
  config: Extract<BackendConfig, { kind: 'langgraph' }>
  readApiKey(): Promise<string | null>
  /** The name other reviewers see, e.g. "Erin". */
  reviewer: string
  now?: () => number
  requestTimeoutMs?: number
}

/**
 * Claims on a LangGraph server, which has no leases: the claim is written into the thread's
 * metadata (`PATCH /threads/{id}`, which merges keys) and other Countersign clients read it before
 * writing their own. It is advisory: the server offers no compare-and-set, so two reviewers who
 * open the same thread within one round trip both read "free", both write, and the later write
 * wins; each then sees the other's name only on its next look. It never stops a resume.
 */
export function langgraphAdvisoryClaims(options: AdvisoryClaimOptions): ClaimClient {
  const base = options.config.url.replace(/\/+$/, '')
  const timeoutMs = options.requestTimeoutMs ?? 30_000
  const now = options.now ?? Date.now
  let apiKey: string | null | undefined

  async function request<T extends z.ZodType>(method: string, threadId: string, schema: T, signal: AbortSignal, body?: unknown): Promise<z.output<T>> {
    if (apiKey === undefined) apiKey = await options.readApiKey()
    return requestJson(
      { backendName: options.config.name, method, url: `${base}/threads/${encodeURIComponent(threadId)}`, what: `${method} /threads/{thread}`, headers: apiKey ? { 'x-api-key': apiKey } : {}, body, signal, timeoutMs },
      schema
    )
  }

  async function claimOne(caseId: string, ttlSeconds: number, signal: AbortSignal): Promise<ClaimResult> {
    const { threadId } = splitCaseId(caseId)
    let metadata: Record<string, unknown>
    try {
      ;({ metadata } = await request('GET', threadId, threadMetadataSchema, signal))
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 404) return { caseId, status: 'not-found' }
      throw error
    }
    const current = claimSchema.safeParse(metadata[CLAIM_METADATA_KEY])
    if (current.success && current.data.holder !== options.reviewer && Date.parse(current.data.expiresAt) > now()) {
      return { caseId, status: 'conflict', holder: current.data.holder, expiresAt: Date.parse(current.data.expiresAt) }
    }
    const expiresAt = now() + ttlSeconds * 1000
    await request('PATCH', threadId, z.unknown(), signal, { metadata: { [CLAIM_METADATA_KEY]: { holder: options.reviewer, expiresAt: new Date(expiresAt).toISOString() } } })
    return { caseId, status: 'held', holder: options.reviewer, expiresAt }
  }

  return {
    enforced: false,
    async claim(caseIds, ttlSeconds, signal) {
      const results: ClaimResult[] = []
      for (const caseId of caseIds) results.push(await claimOne(caseId, ttlSeconds, signal))
      return results
    },
    async release(caseIds, signal) {
      for (const caseId of caseIds) {
        const { threadId } = splitCaseId(caseId)
        const { metadata } = await request('GET', threadId, threadMetadataSchema, signal)
        const current = claimSchema.safeParse(metadata[CLAIM_METADATA_KEY])
        // Only our own claim is cleared: a colleague's written since stays.
        if (current.success && current.data.holder === options.reviewer) await request('PATCH', threadId, z.unknown(), signal, { metadata: { [CLAIM_METADATA_KEY]: null } })
      }
    }
  }
}
