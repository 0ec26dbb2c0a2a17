/** English plural rules (CLDR, through Intl.PluralRules): the app's words are English. */
const ENGLISH = new Intl.PluralRules('en-US')

/** `one` or `other`, whichever CLDR's English rules pick for `count` (1 → one; 0, 2, 1.5 → other). */
export function plural(count: number, one: string, other = `${one}s`): string {
  return ENGLISH.select(count) === 'one' ? one : other
}

/** The count and its noun: `countOf(1, 'decision')` is "1 decision", `countOf(0, 'decision')` "0 decisions". */
export function countOf(count: number, one: string, other = `${one}s`): string {
  return `${count} ${plural(count, one, other)}`
}
