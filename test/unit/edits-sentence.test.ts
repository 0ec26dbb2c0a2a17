import { describe, expect, it } from 'vitest'
import { caseSchema, type Case } from '../../shared/domain/case'
import { editsSentence } from '../../shared/domain/proposal-fields'
import { generateCases, seededRandom } from '../fixtures/case-generator'

const reply = generateCases({ count: 1, seed: 5 })[0] as Extract<Case, { kind: 'text-approval' }>

/** A reply whose draft is `text`. */
function replyWith(text: string): Case {
  return caseSchema.parse({ ...reply, proposal: { ...reply.proposal, text, editable: true } })
}

/** The draft's two quotes, the note after them and whether more is said to have changed. */
function quotes(sentence: string | null): { from: string; to: string; note: string; more: boolean } {
  const match = /^Your edits go with it: the draft from “([^”]*)” to “([^”]*)”( \([^)]*\))?(, with more changed after it)?\. The case's own text above still quotes the proposal as sent\.$/s.exec(sentence ?? '')
  if (!match) throw new Error(`not an edits sentence: ${sentence}`)
  return { from: match[1]!, to: match[2]!, note: match[3] ?? '', more: match[4] !== undefined }
}

/**
 * What the sentence quoted before it compared drafts in blocks of memory: the values as arrays of
 * code points, compared one by one from each end. The faster comparison must quote the same.
 */
function quotedByCodePoints(before: string, after: string): { from: string; to: string; more: boolean } {
  const breaks = (text: string) => text.replace(/\r\n|\r|\n/g, '↵')
  const [old, now] = [Array.from(before), Array.from(after)]
  if (old.length <= 40 && now.length <= 40) return { from: breaks(before), to: breaks(after), more: false }
  let differ = 0
  while (differ < old.length && old[differ] === now[differ]) differ++
  let same = 0
  while (same < old.length - differ && same < now.length - differ && old.at(-1 - same) === now.at(-1 - same)) same++
  const start = Math.max(0, differ - 10)
  const cut = (points: string[]) => breaks(`${start > 0 ? '…' : ''}${points.slice(start, start + 40).join('')}${points.length > start + 40 ? '…' : ''}`)
  return { from: cut(old), to: cut(now), more: Math.max(old.length, now.length) - same > start + 40 }
}

describe('the edits sentence', () => {
  it('quotes a draft where it first changed, as comparing code point by code point does, across emoji, CRLF and long drafts', () => {
    const random = seededRandom(18)
    // 💳 and 💴 share their high surrogate; é is one code point, e + U+0301 two.
    const pieces = ['a', 'b', ' ', '\r\n', '\n', '💳', '💴', 'é', 'e\u0301', 'Dear Mateo, ']
    const text = (length: number) => Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join('')
    for (let round = 0; round < 400; round++) {
      // Lengths on both sides of the blocks compared at once (1,024 code units).
      const sent = text(Math.floor(random() * 500))
      const at = Math.floor(random() * (sent.length + 1))
      const cut = Math.floor(random() * 4)
      let edited = `${sent.slice(0, at)}${text(Math.floor(random() * 3))}${sent.slice(at + cut)}`
      if (random() < 0.3) edited = `${edited.slice(0, edited.length - 7)}${text(2)}${edited.slice(edited.length - 5)}`
      const sentence = editsSentence(replyWith(sent || '.'), { text: edited })
      if (sent === edited || !sent) continue
      const { from, to, more } = quotes(sentence)
      expect({ from, to, more }, `round ${round}`).toEqual(quotedByCodePoints(sent, edited))
    }
  })

  it('finds a change in a 1 MB draft on either side of a block boundary, and one at its very end', () => {
    const sent = 'Your refund of €352.00 is on its way 💳.\n'.repeat(24_000).slice(0, 999_000)
    for (const at of [0, 1023, 1024, 1025, 500_000, sent.length - 1]) {
      const edited = `${sent.slice(0, at)}X${sent.slice(at + 1)}`
      const { from, to, more } = quotes(editsSentence(replyWith(sent), { text: edited }))
      expect({ from, to, more }).toEqual(quotedByCodePoints(sent, edited))
      expect(to).toContain('X')
    }
  })

  it('says when the two quotes look alike: another Unicode form, or only spaces and tabs', () => {
    const composed = 'Café Novak'
    const decomposed = composed.normalize('NFD')
    expect(quotes(editsSentence(replyWith(composed), { text: decomposed }))).toEqual({ from: composed, to: decomposed, note: ' (the same letters, in another Unicode form)', more: false })
    expect(quotes(editsSentence(replyWith('Hi Mateo,'), { text: 'Hi  Mateo,' })).note).toBe(' (only the spacing differs)')
    expect(quotes(editsSentence(replyWith('Hi Mateo,'), { text: 'Hi\tMateo,' })).note).toBe(' (only the spacing differs)')
    // A difference that shows is left unremarked: a word, a line break (↵), a hidden character (named by the view).
    expect(quotes(editsSentence(replyWith('Hi Mateo,'), { text: 'Hi Matteo,' })).note).toBe('')
    expect(quotes(editsSentence(replyWith('Hi Mateo,'), { text: 'Hi\nMateo,' })).note).toBe('')
    expect(quotes(editsSentence(replyWith('Hi Mateo,'), { text: 'Hi\u200bMateo,' })).note).toBe('')
  })
})
