import { describe, expect, it } from 'vitest'
import { hiddenCharacters, valueHasHiddenCharacters } from '../../shared/text/hidden-characters'
import { fidelityCase, FIDELITY_TEXTS, hiddenFieldsCase } from '../fixtures/fidelity/corpus'

const labels = (text: string) => hiddenCharacters(text).map((item) => item.label)

describe('hidden characters', () => {
  it('finds the override in "invoice" + U+202E + "gnp.exe", where it is and what it is', () => {
    expect(hiddenCharacters('invoice\u202Egnp.exe')).toEqual([{ index: 7, length: 1, codePoint: 0x202e, label: 'RLO', description: 'U+202E RIGHT-TO-LEFT OVERRIDE' }])
  })

  it('finds every bidi control, zero-width character, control and unusual space in the corpus', () => {
    expect(labels(FIDELITY_TEXTS['bidi controls'])).toEqual(['RLO', 'LRI', 'PDI', 'RLE', 'PDF', 'RLM', 'LRM', 'ALM'])
    expect(labels(FIDELITY_TEXTS['zero-width characters'])).toEqual(['ZWSP', 'ZWNJ', 'ZWJ', 'WJ', 'ZWNBSP'])
    expect(labels(FIDELITY_TEXTS['NUL and other controls'])).toEqual(['NUL', 'U+0007', 'U+001B'])
    expect(labels(FIDELITY_TEXTS['unusual whitespace'])).toEqual(['NBSP', 'U+2003', 'IDSP', 'LSEP', 'NNBSP'])
  })

  it('leaves alone what text is made of: line breaks, tabs, emoji sequences, combining marks, RTL script', () => {
    for (const name of ['line endings mixed', 'line endings CR', 'emoji and ZWJ sequences', 'combining marks', 'right-to-left text', 'surrounding whitespace'] as const) {
      expect(labels(FIDELITY_TEXTS[name]), name).toEqual([])
    }
  })

  it('tells whether a whole case holds any, in any field', () => {
    expect(valueHasHiddenCharacters(hiddenFieldsCase())).toBe(true)
    const plain = fidelityCase('line endings mixed')
    expect(valueHasHiddenCharacters(plain)).toBe(false)
    expect(valueHasHiddenCharacters({ ...plain, ownership: { ...plain.ownership, fallback: 'Stays\u200B queued.' } })).toBe(true)
  })
})
