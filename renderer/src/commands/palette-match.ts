/**
 * How well a palette entry matches what the reviewer typed, as a cmdk `filter` (0 hides the
 * entry; higher sorts first). Each typed word must match one word of the entry (its title, or its
 * command id's parts: `go.insights` is "go", "insights"): best as the start of that word, or, to
 * forgive a typo's missing letter, as letters of that one word in order, from its first letter
 * ("settngs" is "settings"). Letters scattered across words never match, so "insig" finds "Go to
 * insights" and not "Pick option, label or surviving value 7". Case and accents are ignored;
 * digits are words of their own ("value 3" finds "… value 3").
 *
 * `value` is the entry's text (`${title} ${commandId}`), `search` what was typed, `keywords` the
 * command's other words (`CommandSpec.keywords`), matched as the command id's are.
 * Returns 1 when the title starts with the search, 0.75 when every typed word starts a word of the
 * title, 0.5 when some start only a word of the command id or a keyword, 0.25 when some match only
 * with letters left out, and 0 when a typed word matches no word.
 */
export function paletteMatchScore(value: string, search: string, keywords: readonly string[] = []): number {
  const typed = words(search)
  if (typed.length === 0) return 1
  const split = value.lastIndexOf(' ')
  const title = split < 0 ? value : value.slice(0, split)
  const titleWords = words(title)
  const allWords = [...words(value), ...keywords.flatMap(words)]
  if (!typed.every((word) => allWords.some((candidate) => candidate.startsWith(word) || spelledWithin(word, candidate)))) return 0
  if (!typed.every((word) => allWords.some((candidate) => candidate.startsWith(word)))) return 0.25
  if (fold(title).trimStart().startsWith(fold(search).trim())) return 1
  return typed.every((word) => titleWords.some((candidate) => candidate.startsWith(word))) ? 0.75 : 0.5
}

/** Whether `typed`'s letters occur in `word` in order, the first at its start. */
function spelledWithin(typed: string, word: string): boolean {
  if (typed[0] !== word[0]) return false
  let at = 0
  for (const letter of word) if (letter === typed[at]) at++
  return at >= typed.length
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/** Letters and digits in runs, a run of digits apart from letters: "value7" is "value", "7". */
function words(text: string): string[] {
  return fold(text).match(/\p{L}+|\p{N}+/gu) ?? []
}
