import { expect, it } from 'vitest'
import { isExactNumber, parseJson, stringifyJson } from '../../shared/json/exact-json'

// Attack on content fidelity (issue 18's ingest work keeps shared/json/exact-json.ts's LONG_NUMBER):
// a number past a double's range is kept exact (and the record refused by name) only when the
// digit right before its `e` is not 0. `10e400` matches the pattern as `0e400`, which is 0 and so
// "safe": the text goes to JSON.parse, and the value silently becomes Infinity (written back as
// null) or 0, where `1e400` and `1e-400` are kept as sent.

it.each(['10e400', '10.0e400', '-20E+999', '10e-400', '1.0e-330'])('keeps %s exact instead of turning it into Infinity or 0', (number) => {
  const text = `{"amount":${number}}`
  const value = parseJson(text) as Record<string, unknown>
  expect(isExactNumber(value['amount'])).toBe(true)
  expect(stringifyJson(value)).toBe(text)
})
