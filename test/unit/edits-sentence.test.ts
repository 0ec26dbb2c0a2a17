import { describe, expect, it } from 'vitest'
import { caseSchema, type Case } from '../../shared/domain/case'
import { editsSentence } from '../../shared/domain/proposal-fields'
import { generateCases, seededRandom } from '../fixtures/case-generator'

const reply = generateCases({ count: 1, seed: 5 })[0] as Extract<Case, { kind: 'text-approval' }>
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })

/** A reply whose draft is `text`. */
function replyWith(text: string): Case {
  return caseSchema.parse({ ...reply, proposal: { ...reply.proposal, text, editable: true } })
}

/** The draft's two quotes as `sent` became `edited`, the note after them, whether more is said to have changed, and the line named. */
function quotes(sent: string, edited: string): { from: string; to: string; note: string; more: boolean; line: number | null } {
  const sentence = editsSentence(replyWith(sent), { text: edited })
  const match = /^Your edits go with it: the draft(?:, line (\d+),)? from “([^”]*)” to “([^”]*)”( \([^)]*\))?(, with more changed after it)?\. The case's own text above still quotes the proposal as sent\.$/s.exec(sentence ?? '')
  if (!match) throw new Error(`not an edits sentence: ${sentence}`)
  return { line: match[1] === undefined ? null : Number(match[1]), from: match[2]!, to: match[3]!, note: match[4] ?? '', more: match[5] !== undefined }
}

const showBreaks = (text: string) => text.replace(/\r\n|\r|\n/g, '↵')
/** How a sentence shows a quote: runs of spaces and tabs as one space, letters as read (NFC). */
const onScreen = (quote: string) => quote.normalize('NFC').replace(/[ \t]+/g, ' ')

/** Whether `quote` (“…” where cut) is a run of whole grapheme clusters of `text` as shown (line breaks as ↵). */
function wholeClusters(quote: string, text: string): boolean {
  const shown = showBreaks(text)
  const inner = quote.replace(/^…/, '').replace(/…$/, '')
  const starts = new Set([...Array.from(segmenter.segment(shown), ({ index }) => index), shown.length])
  for (let at = shown.indexOf(inner); at !== -1; at = shown.indexOf(inner, at + 1)) if (starts.has(at) && starts.has(at + inner.length)) return true
  return false
}

describe('the edits sentence', () => {
  it('quotes whole characters as read, and never two quotes alike on screen without saying what differs: random drafts with flags, emoji, accents, CRLF and tabs', () => {
    const random = seededRandom(18)
    // Flags (pairs of regional indicators), a family (ZWJ sequence), é in both forms, µ and μ.
    const pieces = ['a', 'b', ' ', '  ', '\t', '\r\n', '\n', '🇬🇧', '🇫🇷', '👨‍👩‍👧', 'é', 'e\u0301', 'µ', 'μ', 'Dear Mateo, ']
    const text = (length: number) => Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join('')
    let checked = 0
    for (let round = 0; round < 500; round++) {
      const sent = text(1 + Math.floor(random() * 400))
      const at = Math.floor(random() * (sent.length + 1))
      let edited = `${sent.slice(0, at)}${text(Math.floor(random() * 3))}${sent.slice(at + Math.floor(random() * 4))}`
      if (random() < 0.3) edited = `${edited.slice(0, edited.length - 7)}${text(2)}${edited.slice(edited.length - 5)}`
      if (sent === edited) continue
      const { from, to, note } = quotes(sent, edited)
      expect(wholeClusters(from, sent), `round ${round}: ${JSON.stringify(from)} cut inside a character of the sent draft`).toBe(true)
      expect(wholeClusters(to, edited), `round ${round}: ${JSON.stringify(to)} cut inside a character of the edited draft`).toBe(true)
      if (onScreen(from) === onScreen(to)) expect(note, `round ${round}: ${JSON.stringify([from, to])}`).toMatch(/^ \(alike on screen/)
      checked++
    }
    expect(checked).toBeGreaterThan(400)
  })

  it('finds a change in a 1 MB draft on either side of a block boundary, and one at its very end, and names its line', () => {
    const sent = 'Your refund of €352.00 is on its way 💳.\n'.repeat(24_000).slice(0, 999_000)
    for (const at of [0, 1023, 1024, 1025, 500_000, sent.length - 1]) {
      const { from, to, more, line } = quotes(sent, `${sent.slice(0, at)}X${sent.slice(at + 1)}`)
      expect(to).toContain('X')
      expect(from).not.toContain('X')
      expect(more).toBe(false)
      expect(line).toBe(sent.slice(0, at).split('\n').length)
    }
    // CRLF and a lone CR end a line each; a one-line value names no line.
    expect(quotes(`a\r\nb\rc\n${'d'.repeat(60)}`, `a\r\nb\rc\n${'d'.repeat(59)}e`).line).toBe(4)
    expect(quotes('d'.repeat(60), `${'d'.repeat(59)}e`).line).toBeNull()
  })

  it('past the change both quotes end at the same text: a tab become four spaces does not cut the longer one short', () => {
    const { from, to, note, more } = quotes(
      'Pay to the account:\tGB29 NWBK 6016 1331 9268 19 by 12 March 2026, thanks',
      'Pay to the account:    GB29 NWBK 6016 1331 9268 19 by 12 March 2026, thanks'
    )
    expect([from, to]).toEqual(['…e account:\tGB29 NWBK 6016 1331 9268 1…', '…e account:    GB29 NWBK 6016 1331 9268 1…'])
    expect([note, more]).toEqual([' (alike on screen: they differ only in spacing)', false])
  })

  it('never starts a quote inside a run of flags: 🇬🇧🇫🇷 cut after its first regional indicator would read 🇧🇫', () => {
    const sent = `Ship to: ${'🇬🇧🇫🇷🇩🇪'.repeat(3)} ${'x'.repeat(50)}`
    const at = sent.indexOf('x') + 4
    const { from, to } = quotes(sent, `${sent.slice(0, at)}Y${sent.slice(at + 1)}`)
    expect(from.startsWith('…🇫🇷🇩🇪') || from.startsWith('…🇩🇪') || from.startsWith('…🇬🇧'), from).toBe(true)
    expect(wholeClusters(from, sent) && wholeClusters(to, sent.replace(/x{5}/, 'xxxxY'))).toBe(true)
  })

  it('cuts whole characters where no space or line break is near: a long run of flags, a run of stacked accents', () => {
    const flags = '🇬🇧🇫🇷'.repeat(1_000)
    const at = flags.length / 2
    const edited = `${flags.slice(0, at)}🇩🇪${flags.slice(at + 4)}`
    const changed = quotes(flags, edited)
    expect(wholeClusters(changed.from, flags) && wholeClusters(changed.to, edited)).toBe(true)
    expect(changed.to).toContain('🇩🇪')
    const accents = `e${'\u0301'.repeat(49)}`.repeat(100)
    const accented = `${accents.slice(0, 2_500)}x${accents.slice(2_501)}`
    const marked = quotes(accents, accented)
    expect(wholeClusters(marked.from, accents) && wholeClusters(marked.to, accented)).toBe(true)
  })

  it('says what differs when the two quotes look alike on screen: spacing, line endings, the letters’ Unicode form, or several', () => {
    const note = (sent: string, edited: string) => quotes(sent, edited).note
    expect(note('Café Novak', 'Café Novak'.normalize('NFD'))).toBe(' (alike on screen: they differ only in the Unicode form of their letters)')
    expect(note('Hi Mateo,', 'Hi  Mateo,')).toBe(' (alike on screen: they differ only in spacing)')
    expect(note('Hi Mateo,', 'Hi\tMateo,')).toBe(' (alike on screen: they differ only in spacing)')
    expect(note('Dear Mateo,\r\nThanks.', 'Dear Mateo,\nThanks.')).toBe(' (alike on screen: they differ only in line endings)')
    expect(note('Refund to José  Garcia', 'Refund to Jose\u0301 Garcia')).toBe(' (alike on screen: they differ only in spacing and the Unicode form of their letters)')
    expect(note('Total:\t€352.00\r\nThanks', 'Total: €352.00\nThanks')).toBe(' (alike on screen: they differ only in spacing and line endings)')
    // A long draft whose only change is é's form: the quotes end alike, and the note says why they read the same.
    const long = `é${'España'.padStart(40, '-').normalize('NFD')}${'x'.repeat(30)}`
    expect(quotes(long, `e\u0301${long.slice(1)}`)).toMatchObject({ note: ' (alike on screen: they differ only in the Unicode form of their letters)', more: false })
    // Compatibility forms are other characters, often other meanings: 10⁶ is not 106 (NFKC would say alike).
    expect(note('Fine: 10⁶ EUR', 'Fine: 106 EUR')).toBe('')
    expect(note('Area 20 m²', 'Area 20 m2')).toBe('')
    // A difference that shows is left unremarked: a word, a line break (↵), a hidden character (named by the view).
    expect(note('Hi Mateo,', 'Hi Matteo,')).toBe('')
    expect(note('Hi Mateo,', 'Hi\nMateo,')).toBe('')
    expect(note('Hi Mateo,', 'Hi\u200bMateo,')).toBe('')
  })
})
