import type { BundleEnvelope } from '../../../../shared/bundle/bundle-schema'
import { parseBundle, shiftTimes } from '../../backends/bundle/import-bundle'
import type { CaseRejection } from '../case-ingest'
import { prepareCase, type PreparedCase, type RejectedCase } from './prepare-case'

/** One worker's share of a bundle's cases, prepared, each with its position among the bundle's changes. */
export interface PreparedBundleShare {
  /** The envelope without its cases. */
  envelope: Omit<BundleEnvelope, 'cases'>
  received: number
  /** Cases whose id came earlier in the bundle (not imported). */
  duplicates: CaseRejection[]
  /** Changes in all (the bundle's cases less the duplicates). */
  changeCount: number
  /** This share: changes at positions `share`, `share + shares`, … prepared, with their positions. */
  positions: number[]
  prepared: (PreparedCase | RejectedCase)[]
}

/**
 * Reads a whole bundle (`parseBundle`: decoded, parsed exactly, envelope checked, duplicate ids
 * found) and prepares one share of its cases (`prepareCase`), times moved by `shiftMs` first. Each
 * of `shares` workers reads the bundle and prepares its own share, so the serial part is the
 * parse alone. Throws parseBundle's BundleError for a bundle that is unusable as a whole. `step`,
 * if given, is called before the parse and before each case (a worker pausing for the reviewer's
 * keystrokes).
 */
export function prepareBundleShare(bytes: Uint8Array, share: number, shares: number, shiftMs: number, step?: () => void): PreparedBundleShare {
  step?.()
  const { envelope, changes, duplicates } = parseBundle(bytes)
  const positions: number[] = []
  const prepared: (PreparedCase | RejectedCase)[] = []
  for (let position = share; position < changes.length; position += shares) {
    const change = shiftMs ? shiftTimes(changes[position]!, shiftMs) : changes[position]!
    if (change.type !== 'case') continue
    step?.()
    positions.push(position)
    prepared.push(prepareCase(change.case, position))
  }
  const { cases, ...rest } = envelope
  return { envelope: rest, received: cases.length, duplicates, changeCount: changes.length, positions, prepared }
}
