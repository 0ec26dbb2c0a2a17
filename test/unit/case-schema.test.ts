import { describe, expect, it } from 'vitest'
import { caseSchema, DECISION_KINDS } from '../../shared/domain/case'
import { describeIssues } from '../../shared/domain/validation-message'
import { generateCases } from '../fixtures/case-generator'

describe('case schema', () => {
  const cases = generateCases({ count: 25, seed: 7 })

  it('accepts generated cases of all five kinds', () => {
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(DECISION_KINDS))
    for (const reviewCase of cases) expect(caseSchema.safeParse(reviewCase).success).toBe(true)
  })

  it('rejects an evidence span past the end of the source, naming the field', () => {
    const broken = structuredClone(cases[0]!)
    broken.evidence[0]!.span = { start: 0, end: broken.source.text.length + 10 }
    const result = caseSchema.safeParse(broken)
    expect(result.success).toBe(false)
    expect(describeIssues(result.error!)).toMatch(/^evidence\.0\.span\.end: span of evidence "[^"]+" ends at \d+, past the end/)
  })

  it('rejects a proposal that does not match the kind', () => {
    const mismatched = { ...cases[0]!, kind: 'classification' }
    const result = caseSchema.safeParse(mismatched)
    expect(result.success).toBe(false)
    expect(describeIssues(result.error!)).toContain('proposal.label')
  })

  it('rejects an unknown audience with the allowed values', () => {
    const broken = structuredClone(cases[1]!) as unknown as { risk: { audience: string } }
    broken.risk.audience = 'everyone'
    const message = describeIssues(caseSchema.safeParse(broken).error!)
    expect(message).toContain('risk.audience')
    expect(message).toContain('"customer"')
  })
})
