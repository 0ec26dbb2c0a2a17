import { diffWordsWithSpace } from 'diff'

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
