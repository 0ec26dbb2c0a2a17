import { describe, expect, it } from 'vitest'
import { REWRITE_SHARE, unchangedShare } from '../../../renderer/src/editor/rewrite-share'

describe('unchangedShare', () => {
  it('a light edit of the source is a rewrite: most non-blank lines unchanged', () => {
    const lines = ['Dear Ana,', '', 'Your refund is on its way.', 'It takes 3–5 days.', '', 'Regards']
    expect(unchangedShare(lines, [{ modifiedStartLineNumber: 4, modifiedEndLineNumber: 4 }])).toBe(0.75)
    expect(unchangedShare(lines, [{ modifiedStartLineNumber: 4, modifiedEndLineNumber: 4 }])).toBeGreaterThanOrEqual(REWRITE_SHARE)
  })

  it('a reply beside the email it answers is not: its blank lines, unchanged as they may be, do not count', () => {
    const reply = ['Hi Lukas,', '', 'I am sorry your machine arrived late.', '', 'Kind regards,', 'Support']
    const changes = [
      { modifiedStartLineNumber: 1, modifiedEndLineNumber: 1 },
      { modifiedStartLineNumber: 3, modifiedEndLineNumber: 3 },
      { modifiedStartLineNumber: 5, modifiedEndLineNumber: 6 }
    ]
    expect(unchangedShare(reply, changes)).toBe(0)
  })

  it('pure deletions (end line 0) change none of the proposal’s lines; an empty proposal counts as unchanged', () => {
    expect(unchangedShare(['a', 'b'], [{ modifiedStartLineNumber: 1, modifiedEndLineNumber: 0 }])).toBe(1)
    expect(unchangedShare(['', '  '], [])).toBe(1)
  })

  it('a line changed only in its white space (re-indented, a trailing space) counts as unchanged: the rewrite stays tinted', () => {
    const source = ['AMENDMENT 3', '\t1. Fees within 30 days.', '\t2. Liability capped at EUR 10,000.', '\t3. 90 days notice.']
    const reindented = ['AMENDMENT 3', '    1. Fees within 30 days.', '    2. Liability capped at EUR 10,000,000.', '    3. 90 days notice.']
    const everyIndentedLine = [{ modifiedStartLineNumber: 2, modifiedEndLineNumber: 4 }]
    expect(unchangedShare(reindented, everyIndentedLine, () => source)).toBe(0.75)
    const trailing = source.map((line) => `${line} `)
    expect(unchangedShare(trailing, [{ modifiedStartLineNumber: 1, modifiedEndLineNumber: 4 }], () => source)).toBe(1)
    // A reply's lines are not the email's, however spaced.
    expect(unchangedShare(['Hi Lukas,', 'Sorry it was late.'], [{ modifiedStartLineNumber: 1, modifiedEndLineNumber: 2 }], () => ['Dear team,', 'My order was late.'])).toBe(0)
  })

  it('reads the source only when the lines alone say it is not a rewrite, and never compares a very long line', () => {
    let read = 0
    const source = () => (read++, ['a b'])
    expect(unchangedShare(['a  b', 'x', 'y'], [{ modifiedStartLineNumber: 1, modifiedEndLineNumber: 1 }], source)).toBeCloseTo(2 / 3)
    expect(read).toBe(0)
    const long = `${'word '.repeat(1_000)}`
    expect(unchangedShare([long], [{ modifiedStartLineNumber: 1, modifiedEndLineNumber: 1 }], () => [long.trim()])).toBe(0)
  })
})
