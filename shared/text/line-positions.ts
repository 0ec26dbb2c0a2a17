/** A position in a text as editors count it: 1-based line, and 1-based column in UTF-16 code units. */
export interface LinePosition {
  lineNumber: number
  column: number
}

/**
 * Maps string offsets (UTF-16 code units, as evidence spans count) to line and column, with line
 * breaks counted as in the text itself: CRLF, a lone CR and LF each end a line. An editor that
 * rewrites line endings (Monaco keeps one kind per model) shifts its own offsets, never these.
 */
export class LinePositions {
  /** The offset at which each line starts. */
  private readonly starts: number[] = [0]

  constructor(private readonly text: string) {
    for (const match of text.matchAll(/\r\n|\r|\n/g)) this.starts.push(match.index + match[0].length)
  }

  /** The line and column of `offset` (clamped to the text); an offset inside a CRLF is the end of its line. */
  at(offset: number): LinePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length))
    let low = 0
    let high = this.starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (this.starts[middle]! <= clamped) low = middle
      else high = middle - 1
    }
    const lineStart = this.starts[low]!
    const lineEnd = low + 1 < this.starts.length ? this.starts[low + 1]! - breakLength(this.text, this.starts[low + 1]!) : this.text.length
    return { lineNumber: low + 1, column: Math.min(clamped, lineEnd) - lineStart + 1 }
  }
}

/** The length of the line break that ends just before `nextLineStart`. */
function breakLength(text: string, nextLineStart: number): number {
  return text.slice(nextLineStart - 2, nextLineStart) === '\r\n' ? 2 : 1
}
