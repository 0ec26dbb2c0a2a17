import { describe, expect, it } from 'vitest'
import { withLineEndingsOf } from '../../shared/domain/text-changes'
import { countLineEndings, describeLineEndings, lineEndingDifference } from '../../shared/text/line-endings'
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

describe('line endings named for the reviewer', () => {
  it('counts CRLF once, and lone CR and LF apart, in text with emoji and a byte-order mark', () => {
    expect(countLineEndings('\uFEFFa\r\n👩‍👩‍👧\n\rb\r\n\r')).toEqual({ crlf: 2, lf: 1, cr: 2 })
    expect(countLineEndings('no break at all')).toEqual({ crlf: 0, lf: 0, cr: 0 })
  })

  it('describes one kind by its name, several by their counts, and a single line as having none', () => {
    expect(describeLineEndings('a\nb\n')).toBe('LF')
    expect(describeLineEndings('a\r\nb')).toBe('CRLF')
    expect(describeLineEndings('a\rb\r')).toBe('CR')
    expect(describeLineEndings('a\nb\r\nc\r\nd')).toBe('mixed (1 LF, 2 CRLF)')
    expect(describeLineEndings('a')).toBe('no line break')
  })

  it('tells a proposal whose endings differ from the source, or are mixed, and nothing else', () => {
    expect(lineEndingDifference('a\nb\n', 'a\r\nb\r\n')).toEqual({ source: 'LF', proposal: 'CRLF' })
    expect(lineEndingDifference('a\nb', 'a\rb')).toEqual({ source: 'LF', proposal: 'CR' })
    expect(lineEndingDifference('one line', 'a\r\nb')).toEqual({ source: 'no line break', proposal: 'CRLF' })
    expect(lineEndingDifference('a\nb\r\n', 'a\nb\r\n')).toEqual({ source: 'mixed (1 LF, 1 CRLF)', proposal: 'mixed (1 LF, 1 CRLF)' })
    expect(lineEndingDifference('a\r\nb', 'x\r\ny\r\nz')).toBeNull()
    expect(lineEndingDifference('a\r\nb', 'one line')).toBeNull()
  })
})
