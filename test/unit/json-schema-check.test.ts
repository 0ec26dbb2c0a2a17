import { describe, expect, it } from 'vitest'
import { jsonSchemaProblems } from '../../shared/domain/json-schema-check'
import { parseJson } from '../../shared/json/exact-json'

describe('checking an edited JSON document against the automation’s JSON Schema', () => {
  const schema = parseJson('{"type":"object","properties":{"amount":{"type":"number","maximum":123456789012345678901234567890,"minimum":-0.1234567890123456789}}}') as Record<string, unknown>

  it('keeps bounds no double holds exactly (zod would drop them), compared as the nearest doubles', () => {
    expect(jsonSchemaProblems(parseJson('{"amount": -1}'), schema)).toMatch(/^amount: Too small: expected number to be >=-0\.1234/)
    expect(jsonSchemaProblems(parseJson('{"amount": 1e30}'), schema)).toMatch(/^amount: Too big/)
  })

  it('reads a number with more digits than a double as a number, not an object', () => {
    expect(jsonSchemaProblems(parseJson('{"amount": 12345678901234567890123}'), schema)).toBeNull()
    expect(jsonSchemaProblems(parseJson('{"amount": 1e400}'), schema)).toMatch(/^amount: .*Infinity/)
  })
})
