import { BUNDLE_FORMAT, bundleEnvelopeSchema, READABLE_BUNDLE_VERSIONS, type BundleEnvelope } from '../../../../shared/bundle/bundle-schema'
import type { RerouteTargets } from '../../../../shared/domain/reroute-target'
import { describeIssues } from '../../../../shared/domain/validation-message'
import { parseJson } from '../../../../shared/json/exact-json'
import { decodeText, TextDecodingError } from '../../../../shared/text/decode-text'
import type { CaseChange } from '../../../../shared/review-api/protocol'
import type { Repositories } from '../../db/repositories'
import type { CasePrepPool } from '../../sync/case-prep/case-prep-pool'
import { caseLabel, type IngestChange } from '../../sync/case-prep/prepare-case'
import { CaseIngest, type CaseRejection, type IngestReport } from '../../sync/case-ingest'

/** The bundle as a whole is unusable (not JSON, wrong format or version, bad envelope). */
export class BundleError extends Error {
  override name = 'BundleError'
}

export interface BundleImportReport extends Omit<IngestReport, 'withdrawn' | 'reassigned' | 'changedCasePks' | 'leases' | 'applied'> {
  workspaceId: string
  received: number
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
 * Reads a case bundle: the envelope must be valid, then each case is checked on its own (a case
 * that fails is reported by id and field and skipped; the rest import). A case id may appear
 * once per bundle. Given the file's bytes, it decodes them first (`decodeText`: UTF-8 with or
 * without a byte-order mark, UTF-16 with one). Numbers keep every digit (`parseJson`).
 */
export function parseBundle(bundle: string | Uint8Array): { envelope: BundleEnvelope; changes: CaseChange[]; duplicates: CaseRejection[] } {
  const envelope = parseEnvelope(typeof bundle === 'string' ? bundle : bundleText(bundle))
  const seenIds = new Set<string>()
  const duplicates: CaseRejection[] = []
  const changes: CaseChange[] = []
  envelope.cases.forEach((raw, index) => {
    const caseId = (raw as { id?: unknown } | null)?.id
    if (typeof caseId === 'string' && seenIds.has(caseId)) {
      duplicates.push({ index, caseId, message: `${caseLabel(index, caseId)}: id: appears more than once in the bundle` })
      return
    }
    if (typeof caseId === 'string') seenIds.add(caseId)
    changes.push({ type: 'case', case: raw })
  })
  return { envelope, changes, duplicates }
}

/** Imports a case bundle into the cache as its own workspace, on this thread. */
export function importBundle(
  repositories: BundleRepositories,
  bundle: string | Uint8Array,
  options: ImportOptions = {}
): BundleImportReport {
  const now = options.now ?? new Date()
  const { envelope, changes, duplicates } = parseBundle(bundle)
  const shiftMs = options.rebaseTimesToNow ? now.getTime() - Date.parse(envelope.generatedAt) : 0
  return storeBundle(repositories, envelope, envelope.cases.length, shiftMs ? changes.map((change) => shiftTimes(change, shiftMs)) : changes, duplicates, options, now)
}

/**
 * `importBundle` with the reading and preparing of the cases in worker threads (`pool`): each of
 * its workers reads the bundle and prepares its share of the cases, and this thread only writes
 * them, in one transaction. The same report, and the same errors (a BundleError for a bundle that
 * is unusable as a whole).
 */
export async function importBundleInWorkers(
  repositories: BundleRepositories,
  bundle: Uint8Array,
  pool: CasePrepPool,
  options: ImportOptions = {}
): Promise<BundleImportReport> {
  const now = options.now ?? new Date()
  // Times are moved by (now − generatedAt), which only a worker reads: the demo, the one bundle
  // that asks for it, is small and imports on this thread.
  if (options.rebaseTimesToNow) return importBundle(repositories, bundle, options)
  const shares = await Promise.all(Array.from({ length: pool.size }, (_, share) => pool.prepareBundleShare(bundle, share, pool.size, 0))).catch((error: unknown) => {
    if ((error as Error).name === 'BundleError') throw new BundleError((error as Error).message)
    throw error
  })
  const first = shares[0]!
  const changes: IngestChange[] = new Array<IngestChange>(first.changeCount)
  for (const share of shares) share.positions.forEach((position, at) => (changes[position] = share.prepared[at]!))
  return storeBundle(repositories, { ...first.envelope, cases: [] }, first.received, changes, first.duplicates, options, now)
}

type BundleRepositories = Pick<Repositories, 'workspaces' | 'cases' | 'holds' | 'quarantine' | 'rerouteTargets' | 'inTransaction'>

/** Writes a read bundle: its workspace, its reroute targets and its cases (raw or prepared), in one transaction. */
function storeBundle(
  repositories: BundleRepositories,
  envelope: BundleEnvelope,
  received: number,
  changes: readonly IngestChange[],
  duplicates: CaseRejection[],
  options: ImportOptions,
  now: Date
): BundleImportReport {
  const receivedAt = now.toISOString()
  const report = repositories.inTransaction(() => {
    repositories.workspaces.upsert({ ...envelope.workspace, kind: 'bundle', isDemo: options.isDemo ?? false }, receivedAt)
    repositories.rerouteTargets.save(envelope.workspace.id, bundleRerouteTargets(envelope), now.getTime())
    return new CaseIngest(repositories).apply(envelope.workspace.id, changes, receivedAt)
  })
  const rejected = [...report.rejected, ...duplicates].sort((a, b) => a.index - b.index)
  return {
    workspaceId: envelope.workspace.id,
    received,
    inserted: report.inserted,
    updated: report.updated,
    unchanged: report.unchanged,
    rejected
  }
}

/** A bundle's reroute targets: its list from version 2 on (maybe empty); a version 1 bundle has none, and says so. */
export function bundleRerouteTargets(envelope: BundleEnvelope): RerouteTargets {
  if (envelope.version === 1) return { targets: [], unlisted: 'This bundle (format version 1) lists no reroute targets.' }
  return { targets: envelope.rerouteTargets ?? [], unlisted: null }
}

function bundleText(bytes: Uint8Array): string {
  try {
    return decodeText(bytes)
  } catch (error) {
    if (error instanceof TextDecodingError) throw new BundleError(`The bundle cannot be read as text: ${error.message}.`)
    throw error
  }
}

function parseEnvelope(bundleText: string): BundleEnvelope {
  let json: unknown
  try {
    json = parseJson(bundleText)
  } catch (error) {
    throw new BundleError(`The bundle is not valid JSON: ${(error as Error).message}`)
  }
  const format = (json as { format?: unknown } | null)?.format
  if (format !== BUNDLE_FORMAT) {
    throw new BundleError(`Not a case bundle: "format" must be "${BUNDLE_FORMAT}", found ${JSON.stringify(format)}`)
  }
  const version = (json as { version?: unknown }).version
  if (!READABLE_BUNDLE_VERSIONS.some((readable) => readable === version)) {
    throw new BundleError(`Unsupported bundle version ${JSON.stringify(version)}: this app reads versions ${READABLE_BUNDLE_VERSIONS.join(' and ')}`)
  }
  const parsed = bundleEnvelopeSchema.safeParse(json, { reportInput: true })
  if (!parsed.success) throw new BundleError(`The bundle's envelope is invalid: ${describeIssues(parsed.error)}`)
  return parsed.data
}

/** Shifts a raw case's creation and due times; a case too malformed to shift is left for validation to reject. */
export function shiftTimes(change: CaseChange, shiftMs: number): CaseChange {
  if (change.type !== 'case') return change
  const raw = change.case as { ownership?: { createdAt?: unknown; dueAt?: unknown } } | null
  const ownership = raw?.ownership
  if (typeof ownership?.createdAt !== 'string' || typeof ownership.dueAt !== 'string') return change
  const shift = (iso: string) => {
    const time = Date.parse(iso)
    return Number.isNaN(time) ? iso : new Date(time + shiftMs).toISOString()
  }
  return { type: 'case', case: { ...raw, ownership: { ...ownership, createdAt: shift(ownership.createdAt), dueAt: shift(ownership.dueAt) } } }
}
