import { BUNDLE_FORMAT, BUNDLE_VERSION, bundleEnvelopeSchema, type BundleEnvelope } from '../../../../shared/bundle/bundle-schema'
import { caseSchema, type Case } from '../../../../shared/domain/case'
import { describeIssues } from '../../../../shared/domain/validation-message'
import type { Db } from '../../db/connection'
import { CasesRepository, type UpsertResult } from '../../db/repositories/cases-repository'
import { WorkspacesRepository } from '../../db/repositories/workspaces-repository'
import { canonicalJson } from '../../../../shared/canonical-json'
import { sha256Hex } from '../../hashing'

/** The bundle as a whole is unusable (not JSON, wrong format or version, bad envelope). */
export class BundleError extends Error {
  override name = 'BundleError'
}

export interface CaseRejection {
  /** Position of the case in the bundle's `cases` array. */
  index: number
  caseId: string | null
  message: string
}

export interface BundleImportReport {
  workspaceId: string
  received: number
  inserted: number
  updated: number
  unchanged: number
  rejected: CaseRejection[]
}

export interface ImportOptions {
  isDemo?: boolean
  now?: Date
  /**
   * Moves every case's times by (now − generatedAt), so a bundle written long ago (the demo)
   * arrives with realistic due times instead of all being overdue.
   */
  rebaseTimesToNow?: boolean
}

/**
 * Imports a case bundle into the cache. Cases that fail the schema are reported by id and field and
 * skipped; the valid ones are stored in one transaction, and nothing already stored is touched by
 * a rejected case.
 */
export function importBundle(db: Db, bundleText: string, options: ImportOptions = {}): BundleImportReport {
  const now = options.now ?? new Date()
  const envelope = parseEnvelope(bundleText)
  const shiftMs = options.rebaseTimesToNow ? now.getTime() - Date.parse(envelope.generatedAt) : 0
  const rejected: CaseRejection[] = []
  const accepted: Case[] = []
  const seenIds = new Set<string>()

  envelope.cases.forEach((raw, index) => {
    const caseId = rawCaseId(raw)
    const parsed = caseSchema.safeParse(raw)
    if (!parsed.success) {
      rejected.push({ index, caseId, message: `${caseLabel(index, caseId)}: ${describeIssues(parsed.error)}` })
      return
    }
    if (seenIds.has(parsed.data.id)) {
      rejected.push({ index, caseId, message: `${caseLabel(index, caseId)}: id: appears more than once in the bundle` })
      return
    }
    seenIds.add(parsed.data.id)
    accepted.push(shiftMs ? shiftTimes(parsed.data, shiftMs) : parsed.data)
  })

  const workspaces = new WorkspacesRepository(db)
  const cases = new CasesRepository(db)
  const tally: Record<UpsertResult, number> = { inserted: 0, updated: 0, unchanged: 0 }
  const receivedAt = now.toISOString()
  db.transaction(() => {
    workspaces.upsert({ ...envelope.workspace, kind: 'bundle', isDemo: options.isDemo ?? false }, receivedAt)
    for (const reviewCase of accepted) {
      const body = canonicalJson(reviewCase)
      const result = cases.upsert(
        { workspaceId: envelope.workspace.id, reviewCase, canonicalJson: body, contentHash: sha256Hex(body) },
        receivedAt
      )
      tally[result] += 1
    }
  })()

  return { workspaceId: envelope.workspace.id, received: envelope.cases.length, ...tally, rejected }
}

function parseEnvelope(bundleText: string): BundleEnvelope {
  let json: unknown
  try {
    json = JSON.parse(bundleText)
  } catch (error) {
    throw new BundleError(`The bundle is not valid JSON: ${(error as Error).message}`)
  }
  const format = (json as { format?: unknown } | null)?.format
  if (format !== BUNDLE_FORMAT) {
    throw new BundleError(`Not a case bundle: "format" must be "${BUNDLE_FORMAT}", found ${JSON.stringify(format)}`)
  }
  const version = (json as { version?: unknown }).version
  if (version !== BUNDLE_VERSION) {
    throw new BundleError(`Unsupported bundle version ${JSON.stringify(version)}: this app reads version ${BUNDLE_VERSION}`)
  }
  const parsed = bundleEnvelopeSchema.safeParse(json)
  if (!parsed.success) throw new BundleError(`The bundle's envelope is invalid: ${describeIssues(parsed.error)}`)
  return parsed.data
}

function rawCaseId(raw: unknown): string | null {
  const id = (raw as { id?: unknown } | null)?.id
  return typeof id === 'string' ? id : null
}

function caseLabel(index: number, caseId: string | null): string {
  return caseId === null ? `case #${index + 1} (no id)` : `case "${caseId}" (#${index + 1})`
}

function shiftTimes(reviewCase: Case, shiftMs: number): Case {
  const shift = (iso: string) => new Date(Date.parse(iso) + shiftMs).toISOString()
  const { ownership } = reviewCase
  return { ...reviewCase, ownership: { ...ownership, createdAt: shift(ownership.createdAt), dueAt: shift(ownership.dueAt) } }
}
