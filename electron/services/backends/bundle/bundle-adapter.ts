import { open } from 'node:fs/promises'
import type { BackendConfig } from '../../../../shared/backends/backend-config'
import type { RerouteTargets } from '../../../../shared/domain/reroute-target'
import { sharedCasePrepPool, type CasePrepPool } from '../../sync/case-prep/case-prep-pool'
import type { PreparedBundlePiece } from '../../sync/case-prep/prepare-bundle'
import { changedCaseId } from '../../sync/case-prep/prepare-case'
import { BackendError, type BackendAdapter, type ChangePage } from '../backend-adapter'
import { bundleRerouteTargets } from './import-bundle'

/**
 * Cases per page of a bundle's pull: each page is prepared in a worker thread as one job, and the
 * services' thread receives it and writes it in short slices, as a Review API page.
 */
export const BUNDLE_PAGE_CASES = 500

export interface BundleAdapterOptions {
  /** Where the file is indexed and its cases prepared (default: the process's worker threads). */
  casePrep?: CasePrepPool
}

/** The pass under way over one version of the file: its pages, prepared in workers in the background. */
interface BundlePass {
  hash: string
  pages: Promise<PreparedBundlePiece>[]
  /** Case ids seen in the pages handed on so far: a later case with one of them is not imported. */
  seen: Set<string>
  /** Aborted when the pass stops early: its pages not yet begun are not prepared. */
  abort: AbortController
}

/**
 * A case bundle file as a backend: a pull reads the file and, if it changed since the last
 * complete pull (the cursor is the file's SHA-256), offers every case in it, and its reroute
 * targets. The services' thread only reads the file: a worker thread hashes it and reads its
 * envelope (`indexBundle`), and its cases are prepared in pages of BUNDLE_PAGE_CASES
 * (`prepareBundlePiece`), all requested at once; each pull hands on one page (cursor
 * `<hash>#<page>` until the last), so writing one page overlaps preparing the next ones. A case
 * whose id came earlier in the file is not imported, as in `parseBundle`. Decisions go back as an
 * exported decisions bundle, not over a network, so push does nothing.
 */
export function bundleAdapter(config: Extract<BackendConfig, { kind: 'bundle' }>, options: BundleAdapterOptions = {}): BackendAdapter {
  const casePrep = options.casePrep ?? sharedCasePrepPool()

  /** The file's bytes, in shared memory so that the workers read them without a copy. */
  async function read(): Promise<Uint8Array> {
    try {
      const file = await open(config.path, 'r')
      try {
        const { size } = await file.stat()
        const bytes = new Uint8Array(new SharedArrayBuffer(size))
        let length = 0
        for (;;) {
          const { bytesRead } = await file.read(bytes, length, size - length, length)
          if (bytesRead === 0) break
          length += bytesRead
        }
        return bytes.subarray(0, length)
      } finally {
        await file.close()
      }
    } catch (error) {
      throw new BackendError('offline', `The bundle file ${config.path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`)
    }
  }

  /** A worker's error as the sync reports it: the file named, an unusable bundle a protocol error. */
  function failure(error: unknown): Error {
    if ((error as Error).name === 'BundleError') return new BackendError('protocol', `${config.path}: ${(error as Error).message}`)
    return error as Error
  }

  /** The reroute targets of the file last read, until `rerouteTargets` hands them on. */
  let unsavedTargets: RerouteTargets | null = null
  let pass: BundlePass | null = null

  /** Reads the file and starts a pass over it; null if it is the version the `cursor` completed. */
  async function startPass(cursor: string | null): Promise<BundlePass | null> {
    const index = await casePrep.indexBundle(await read(), cursor).catch((error: unknown) => {
      throw failure(error)
    })
    if (index.unchanged) return null
    unsavedTargets = bundleRerouteTargets(index.envelope)
    const pages: Promise<PreparedBundlePiece>[] = []
    const abort = new AbortController()
    const step = 2 * BUNDLE_PAGE_CASES
    for (let at = 0; at < index.ranges.length; at += step) {
      const page = casePrep.prepareBundlePiece(index.text, index.ranges.subarray(at, at + step), at / 2, abort.signal)
      // Handled when its turn comes; a pass that stops early leaves the rest unread.
      page.catch(() => {})
      pages.push(page)
    }
    return { hash: index.hash, pages, seen: new Set(), abort }
  }

  /** Page `number` of the pass, its cases less those whose id came earlier in the file. */
  async function pageOf(current: BundlePass, number: number): Promise<ChangePage> {
    const last = number >= current.pages.length - 1
    if (last) pass = null
    if (current.pages.length === 0) return { changes: [], nextCursor: current.hash, hasMore: false }
    let piece: PreparedBundlePiece
    try {
      piece = await current.pages[number]!
    } catch (error) {
      pass = null
      current.abort.abort(new Error('The bundle pass stopped.'))
      throw failure(error)
    }
    const changes = piece.prepared.filter((change) => {
      const caseId = changedCaseId(change)
      if (change.type === 'rejected-case' && change.caseId === null) return true
      if (current.seen.has(caseId)) return false
      current.seen.add(caseId)
      return true
    })
    return { changes, nextCursor: last ? current.hash : `${current.hash}#${number + 1}`, hasMore: !last }
  }

  return {
    async pull(cursor) {
      const [hash, page] = (cursor ?? '').split('#')
      if (pass && page !== undefined && hash === pass.hash) return pageOf(pass, Number(page))
      // A complete pass's cursor is the file's hash; one cut short (or from an earlier run) starts again.
      pass?.abort.abort(new Error('The bundle pass was left for a new one.'))
      pass = await startPass(page === undefined ? cursor : null)
      return pass ? pageOf(pass, 0) : { changes: [], nextCursor: cursor!, hasMore: false }
    },
    /** The file's list, once after each pull that read a changed file; the file is not read again for it. */
    async rerouteTargets() {
      const targets = unsavedTargets
      unsavedTargets = null
      return targets
    },
    push: async () => null,
    registerKey: () => null,
    lookUpCase: () => null,
    async checkHealth() {
      await read()
    }
  }
}
