import { describe, expect, it } from 'vitest'
import { withLineEndingsOf } from '../../shared/domain/text-changes'
import { LinePositions } from '../../shared/text/line-positions'
import { caseFile } from '../fixtures/fidelity/corpus'

/** What Monaco does to a document: one kind of line ending throughout. */
const asEditorHasIt = (text: string, eol = '\n') => text.replace(/\r\n|\r|\n/g, eol)

describe('line endings an editor rewrites', () => {
  const mixed = (JSON.parse(caseFile('mixed-line-endings.bundle.json').toString()) as { cases: { proposal: { text: string } }[] }).cases[0]!.proposal.text

  it('are no edit: the mixed-line-endings draft comes back exactly as proposed', () => {
    expect(mixed).toMatch(/\n[^\r]*\r\n/)
    for (const eol of ['\n', '\r\n']) expect(withLineEndingsOf(mixed, asEditorHasIt(mixed, eol))).toBe(mixed)
  })

  it('keep the original endings around a real edit, and give new lines the nearest ending', () => {
    const edited = asEditorHasIt(mixed).replace('Lotte Brenner', 'Lotte Brenner-Ito').replace('Kind regards', 'Kind regards,\nand thanks again')
    expect(withLineEndingsOf(mixed, edited)).toBe(
      'Dear Mr Okafor,\nthank you for your patience. We have re-sent the replacement part today.\n\nKind regards,\r\nand thanks again\r\nLotte Brenner-Ito\r\nCustomer Care, Example Appliances\r\n'
    )
  })

  it('keep lone CR endings and a missing final line break', () => {
    expect(withLineEndingsOf('a\rb\rc', 'a\nb\nc')).toBe('a\rb\rc')
    expect(withLineEndingsOf('a\rb', 'a\nb\nc')).toBe('a\rb\rc')
    expect(withLineEndingsOf('one line', 'one line\nand another')).toBe('one line\nand another')
  })

  it('count a joined line as an edit', () => {
    expect(withLineEndingsOf('a\r\nb', 'ab')).toBe('ab')
  })
})

describe('line positions of UTF-16 offsets', () => {
  it('count CRLF, CR and LF each as one line break, and emoji as two code units', () => {
    const text = 'a\r\nb\rc\n\u{1F4B3}x'
    const positions = new LinePositions(text)
    expect(positions.at(0)).toEqual({ lineNumber: 1, column: 1 })
    expect(positions.at(3)).toEqual({ lineNumber: 2, column: 1 })
    expect(positions.at(5)).toEqual({ lineNumber: 3, column: 1 })
    expect(positions.at(text.indexOf('x'))).toEqual({ lineNumber: 4, column: 3 })
    expect(positions.at(2)).toEqual({ lineNumber: 1, column: 2 })
    expect(positions.at(999)).toEqual({ lineNumber: 4, column: 4 })
  })
})

describe('attack 22: a line the reviewer edited', () => {
  it('keeps its own line ending, not the next line’s', () => {
    expect(withLineEndingsOf('a\nb\r\nc\nd', 'a\nB\nc\nd')).toBe('a\nB\r\nc\nd')
    expect(withLineEndingsOf('a\r\nb\nc\r\nd', 'a\r\nB\r\nc\r\nd')).toBe('a\r\nB\nc\r\nd')
    expect(withLineEndingsOf('x\r\ny\r\nz\n', 'x\ny!\nz\n')).toBe('x\r\ny!\r\nz\n')
    expect(withLineEndingsOf('a\nb\r\nc\rd\ne', 'a\nB\nC\nd\ne')).toBe('a\nB\r\nC\rd\ne')
  })
})
