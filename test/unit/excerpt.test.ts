import { describe, expect, it } from 'vitest'
import { excerptEnd, excerptStart } from '../../shared/text/excerpt'

// Context around an edit in the audit trail: cut after whole words, never inside a character.

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

describe('excerpts', () => {
  it('end at a word boundary, and start at one', () => {
    const text = 'I have also flagged the delivery to our logistics partner so we can find out what went wrong.'
    expect(excerptStart(text, 30)).toBe('I have also flagged the')
    expect(excerptEnd(text, 30)).toBe('can find out what went wrong.')
    expect(excerptEnd(text, 33)).toBe('we can find out what went wrong.')
    expect(excerptStart('short', 30)).toBe('short')
    expect(excerptEnd('short', 30)).toBe('short')
  })

  it('inside a word longer than the excerpt, cut between characters as a reader sees them: emoji, flags, combining marks', () => {
    const emoji = '👍🏽'.repeat(20) // each a surrogate pair plus a skin tone: 4 code units
    for (const max of [5, 6, 7, 9, 30]) {
      expect(excerptStart(emoji, max)).not.toMatch(loneSurrogate)
      expect(excerptEnd(emoji, max)).not.toMatch(loneSurrogate)
      expect(excerptStart(emoji, max).length % 4).toBe(0)
      expect(excerptEnd(emoji, max).length % 4).toBe(0)
    }
    const accents = 'e\u0301'.repeat(40) // é as e + combining acute
    expect(excerptEnd(accents, 31).startsWith('\u0301')).toBe(false)
    expect(excerptStart('🇳🇱'.repeat(20), 10)).toBe('🇳🇱🇳🇱')
    // Flags pair from the start of their run, wherever the excerpt's window starts.
    const flags = '🇩🇪🇫🇷🇧🇷🇯🇵🇮🇹'.repeat(8)
    for (const tail of ['', 'a', 'ab', 'abc']) {
      for (const max of [6, 9, 10, 17]) {
        const end = excerptEnd(flags + tail, max)
        expect(flags.endsWith(end.slice(0, end.length - tail.length)), `${tail}/${max}: ${end}`).toBe(true)
        expect((end.length - tail.length) % 4, `${tail}/${max}`).toBe(0)
      }
    }
  })

  it('keeps CRLF together and reads right-to-left text by its own words', () => {
    expect(excerptEnd('line one\r\nline two', 9)).toBe('line two')
    expect(excerptEnd('first\r\n\r\nsecond', 8)).toBe('\r\nsecond')
    expect(excerptEnd('first\r\n\r\nsecond', 7)).toBe('second')
    const hebrew = 'שלום עולם ומה שלומך היום'
    expect(excerptStart(hebrew, 12)).toBe('שלום עולם')
  })
})
