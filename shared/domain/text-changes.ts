import { diffArrays, diffWordsWithSpace } from 'diff'

/** One changed stretch of a text: `[oldStart, oldEnd)` in the old text became `[newStart, newEnd)`. */
export interface TextChange {
  oldStart: number
  oldEnd: number
  newStart: number
  newEnd: number
  removed: string
  added: string
}

/** The changed ranges between two texts, word by word (jsdiff), adjacent changes merged. */
export function textChanges(oldText: string, newText: string): TextChange[] {
  const changes: TextChange[] = []
  let oldOffset = 0
  let newOffset = 0
  let current: TextChange | null = null
  for (const part of diffWordsWithSpace(oldText, newText)) {
    const length = part.value.length
    if (!part.added && !part.removed) {
      if (current) changes.push(current)
      current = null
      oldOffset += length
      newOffset += length
      continue
    }
    current ??= { oldStart: oldOffset, oldEnd: oldOffset, newStart: newOffset, newEnd: newOffset, removed: '', added: '' }
    if (part.removed) {
      oldOffset += length
      current.oldEnd = oldOffset
      current.removed += part.value
    } else {
      newOffset += length
      current.newEnd = newOffset
      current.added += part.value
    }
  }
  if (current) changes.push(current)
  return changes
}

/** A line break as text editors recognise it: CRLF, a lone CR, or LF. */
const LINE_BREAK = /\r\n|\r|\n/g

/** A text's lines and the break after each (`breaks[i]` follows `lines[i]`; the last line has none). */
function splitLines(text: string): { lines: string[]; breaks: string[] } {
  return { lines: text.split(LINE_BREAK), breaks: text.match(LINE_BREAK) ?? [] }
}

/**
 * The edited text with the original's line endings wherever the reviewer did not change the
 * lines around them. An editor keeps one kind of line ending per document (Monaco rewrites
 * CRLF, CR and LF to the document's dominant one), so a draft with mixed endings comes back with
 * every ending changed; those changes are the editor's, never the reviewer's edits. Lines the
 * reviewer added take the ending of the original line nearest to them. Returns `original` itself
 * when only line endings differ.
 */
export function withLineEndingsOf(original: string, edited: string): string {
  const before = splitLines(original)
  const after = splitLines(edited)
  if (before.lines.length === after.lines.length && before.lines.every((line, index) => line === after.lines[index])) return original
  const parts: string[] = []
  let oldIndex = 0
  let newIndex = 0
  // A line the reviewer changed is a removal next to an addition: the added lines take, one by
  // one, the endings of the lines they replace (a line edited keeps its own ending); lines added
  // beyond those take the ending of the original line nearest to them.
  let replaced: (string | undefined)[] = []
  const changes = diffArrays(before.lines, after.lines)
  changes.forEach((change, at) => {
    if (change.removed) {
      replaced = change.value.map((_, index) => before.breaks[oldIndex + index])
      oldIndex += change.value.length
      return
    }
    if (change.added && changes[at + 1]?.removed) {
      const next = changes[at + 1]!
      replaced = next.value.map((_, index) => before.breaks[oldIndex + index])
    }
    for (const line of change.value) {
      parts.push(line)
      if (newIndex < after.breaks.length) {
        const kept = change.added ? replaced.shift() : before.breaks[oldIndex]
        parts.push(kept ?? before.breaks[Math.min(oldIndex, before.breaks.length - 1)] ?? after.breaks[newIndex]!)
      }
      if (!change.added) oldIndex += 1
      newIndex += 1
    }
    if (!change.added) replaced = []
  })
  return parts.join('')
}
