import { BUNDLE_FORMAT, bundleEnvelopeSchema, READABLE_BUNDLE_VERSIONS, type BundleEnvelope } from '../../../../shared/bundle/bundle-schema'
import type { RerouteTargets } from '../../../../shared/domain/reroute-target'
import { describeIssues } from '../../../../shared/domain/validation-message'
import { parseJson } from '../../../../shared/json/exact-json'
import { decodeText, TextDecodingError } from '../../../../shared/text/decode-text'
import type { CaseChange } from '../../../../shared/review-api/protocol'
import type { Repositories } from '../../db/repositories'
import { caseLabel, prepareCase, type IngestChange } from '../../sync/case-prep/prepare-case'
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
 * `positions` holds each change's position among the bundle's cases (duplicates left out).
 */
export function parseBundle(bundle: string | Uint8Array): { envelope: BundleEnvelope; changes: Extract<CaseChange, { type: 'case' }>[]; positions: number[]; duplicates: CaseRejection[] } {
  const envelope = parseEnvelope(typeof bundle === 'string' ? bundle : bundleText(bundle))
  const seenIds = new Set<string>()
  const duplicates: CaseRejection[] = []
  const changes: Extract<CaseChange, { type: 'case' }>[] = []
  const positions: number[] = []
  envelope.cases.forEach((raw, index) => {
    const caseId = (raw as { id?: unknown } | null)?.id
    if (typeof caseId === 'string' && seenIds.has(caseId)) {
      duplicates.push({ index, caseId, message: `${caseLabel(index, caseId)}: id: appears more than once in the bundle` })
      return
    }
    if (typeof caseId === 'string') seenIds.add(caseId)
    changes.push({ type: 'case', case: raw })
    positions.push(index)
  })
  return { envelope, changes, positions, duplicates }
}

/** Imports a case bundle into the cache as its own workspace, on this thread. */
export function importBundle(
  repositories: BundleRepositories,
  bundle: string | Uint8Array,
  options: ImportOptions = {}
): BundleImportReport {
  const now = options.now ?? new Date()
  const { envelope, changes, positions, duplicates } = parseBundle(bundle)
  const shiftMs = options.rebaseTimesToNow ? now.getTime() - Date.parse(envelope.generatedAt) : 0
  // Prepared here so that a case's message names its position in the bundle, duplicates counted.
  const prepared = changes.map((change, at) => prepareCase(shiftMs ? shiftTimes(change.case, shiftMs) : change.case, positions[at]!))
  return storeBundle(repositories, envelope, envelope.cases.length, prepared, duplicates, options, now)
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

/**
 * A bundle's text parsed (`parseJson`) and its envelope checked: format, version, then
 * `bundleEnvelopeSchema`. Throws a BundleError saying which failed.
 */
export function parseEnvelope(bundleText: string): BundleEnvelope {
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
    throw new BundleError(`Unsupported bundle version ${JSON.stringify(version)}: this app reads versions ${READABLE_BUNDLE_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_BUNDLE_VERSIONS.at(-1)}`)
  }
  const parsed = bundleEnvelopeSchema.safeParse(json, { reportInput: true })
  if (!parsed.success) throw new BundleError(`The bundle's envelope is invalid: ${describeIssues(parsed.error)}`)
  return parsed.data
}

/** Shifts a raw case's creation and due times; a case too malformed to shift is left for validation to reject. */
function shiftTimes(raw: unknown, shiftMs: number): unknown {
  const ownership = (raw as { ownership?: { createdAt?: unknown; dueAt?: unknown } } | null)?.ownership
  if (typeof ownership?.createdAt !== 'string' || typeof ownership.dueAt !== 'string') return raw
  const shift = (iso: string) => {
    const time = Date.parse(iso)
    return Number.isNaN(time) ? iso : new Date(time + shiftMs).toISOString()
  }
  return { ...(raw as object), ownership: { ...ownership, createdAt: shift(ownership.createdAt), dueAt: shift(ownership.dueAt) } }
}
