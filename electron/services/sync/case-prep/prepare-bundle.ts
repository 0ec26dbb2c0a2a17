import type { BundleEnvelope } from '../../../../shared/bundle/bundle-schema'
import { MAX_JSON_DEPTH, parseJsonNoting } from '../../../../shared/json/exact-json'
import { decodeText, utf8TextStart } from '../../../../shared/text/decode-text'
import { BundleError, parseBundle, parseEnvelope } from '../../backends/bundle/import-bundle'
import { sha256Hex } from '../../hashing'
import { locateCases } from './locate-cases'
import { storableChanges, validateCase, type PreparedCase, type RejectedCase } from './prepare-case'

/** A bundle file read (`indexBundle`): its envelope, and where each case is in its UTF-8 text, to prepare in pieces. */
export type BundleIndex =
  | { unchanged: true; hash: string }
  | {
      unchanged: false
      /** SHA-256 (hex) of the file's bytes. */
      hash: string
      /** The envelope, its `cases` empty. */
      envelope: BundleEnvelope
      /** The bundle as UTF-8 text: the file's bytes if it is UTF-8, else the decoded text encoded so (in shared memory). */
      text: Uint8Array
      /** Each case as a pair of byte offsets `[start, end)` into `text`, in the bundle's order. */
      ranges: Uint32Array
    }

/** One piece of a bundle's cases prepared (`prepareBundlePiece`), in order. */
export interface PreparedBundlePiece {
  prepared: (PreparedCase | RejectedCase)[]
}

/**
 * Depth at which a case sits in its bundle: the bundle's object is level 1, its `cases` array
 * level 2. A case parsed on its own may nest this many levels fewer than MAX_JSON_DEPTH.
 */
const CASE_LEVEL = 2

/**
 * Reads a case bundle file's bytes without parsing its cases: hashes them (unless the hash is
 * `unlessHash`: the file is unchanged), finds the `cases` array and each case in it
 * (`locateCases`), and parses and checks the rest, the envelope (`parseEnvelope`). Throws the
 * BundleError `parseBundle` throws for a bundle unusable as a whole, with its message (found by
 * reading the bundle whole, once something is wrong).
 */
export function indexBundle(bytes: Uint8Array, unlessHash: string | null): BundleIndex {
  const hash = sha256Hex(bytes)
  if (hash === unlessHash) return { unchanged: true, hash }
  const start = utf8TextStart(bytes)
  const text = start === null ? sharedUtf8(bytes) : bytes
  const from = start ?? 0
  const located = locateCases(text, from)
  if (!located) refuse(bytes)
  let envelope: BundleEnvelope
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
    envelope = parseEnvelope(`${decoder.decode(text.subarray(from, located.open + 1))}]${decoder.decode(text.subarray(located.close + 1))}`)
  } catch {
    refuse(bytes)
  }
  return { unchanged: false, hash, envelope, text, ranges: located.ranges }
}

/**
 * The cases at `ranges` (pairs of byte offsets into a bundle's UTF-8 `text`, from `indexBundle`)
 * parsed (`parseJsonNoting`, each as deep as it may be inside the bundle), validated and made storable;
 * `firstIndex` is the first one's position in the bundle, for messages. A case that fails
 * validation is a `rejected-case` in its place. A case that is not JSON makes the bundle
 * unusable: throws `parseBundle`'s BundleError for the whole `text`, as `indexBundle` does.
 * `step`, if given, is called before each case (a worker pausing for the reviewer's keystrokes).
 */
export function prepareBundlePiece(text: Uint8Array, ranges: Uint32Array, firstIndex: number, step?: () => void): { piece: PreparedBundlePiece; buffer: ArrayBuffer } {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  const validated = []
  for (let at = 0; at < ranges.length; at += 2) {
    step?.()
    let parsed: { value: unknown; mayHoldExactNumbers: boolean }
    try {
      parsed = parseJsonNoting(decoder.decode(text.subarray(ranges[at], ranges[at + 1])), { maxDepth: MAX_JSON_DEPTH - CASE_LEVEL })
    } catch {
      refuse(text)
    }
    validated.push(validateCase(parsed.value, firstIndex + at / 2, { mayHoldExactNumbers: parsed.mayHoldExactNumbers }))
  }
  const { changes, buffer } = storableChanges(validated)
  return { piece: { prepared: changes as (PreparedCase | RejectedCase)[] }, buffer }
}

/** Throws the BundleError that reading `bytes` whole gives (`parseBundle`): the same message whichever piece found the fault. */
function refuse(bytes: Uint8Array): never {
  parseBundle(bytes)
  throw new BundleError('The bundle could not be read in pieces, although it reads whole; nothing from it was stored.')
}

/** A bundle that is not UTF-8 (UTF-16 with a byte-order mark), decoded (`decodeText`) and encoded as UTF-8 in shared memory. */
function sharedUtf8(bytes: Uint8Array): Uint8Array {
  let text: string
  try {
    text = decodeText(bytes)
  } catch {
    refuse(bytes)
  }
  const utf8 = new Uint8Array(new SharedArrayBuffer(text.length * 3))
  return utf8.subarray(0, new TextEncoder().encodeInto(text, utf8).written)
}
