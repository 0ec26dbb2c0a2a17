import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundleSchema } from '../../shared/bundle/bundle-schema'
import { DECISION_KINDS } from '../../shared/domain/case'
import { BUNDLE_JSON_SCHEMA_FILE, bundleJsonSchema, demoBundle, reviewApiJsonSchemas } from '../fixtures/build-resources'

const resources = join(__dirname, '../../resources')
const readJson = (path: string) => JSON.parse(readFileSync(join(resources, path), 'utf8')) as unknown

describe('bundle format', () => {
  it('the committed JSON Schema is the one generated from the zod schemas', () => {
    expect(readJson(BUNDLE_JSON_SCHEMA_FILE)).toEqual(bundleJsonSchema())
  })

  it('the committed Review API schemas are the ones generated from the zod schemas', () => {
    for (const [file, schema] of Object.entries(reviewApiJsonSchemas())) expect(readJson(`review-api/v1/${file}`), file).toEqual(schema)
  })

  it('the committed demo workspace is what `npm run resources:build` writes', () => {
    expect(readJson('demo/demo-bundle.json')).toEqual(JSON.parse(JSON.stringify(demoBundle())))
  })

  it('the demo has at least 60 valid cases covering every decision kind', () => {
    const demo = bundleSchema.parse(readJson('demo/demo-bundle.json'))
    expect(demo.cases.length).toBeGreaterThanOrEqual(60)
    expect(new Set(demo.cases.map((c) => c.kind))).toEqual(new Set(DECISION_KINDS))
    expect(demo.cases.every((c) => c.evidence.some((e) => e.span))).toBe(true)
  })

  it('the demo reads like real cases: shipped goods arrive late, invoices bill distinct items, each fallback and queue fits its kind', () => {
    const demo = bundleSchema.parse(readJson('demo/demo-bundle.json'))
    const of = <K extends (typeof demo.cases)[number]['kind']>(kind: K) => demo.cases.filter((c): c is Extract<typeof c, { kind: K }> => c.kind === kind)
    // Nothing that is not shipped arrives late or damaged, or is returned after delivery.
    for (const c of [...of('text-approval'), ...of('exception')]) expect(c.title, c.id).not.toMatch(/subscription|plan\b/i)
    for (const c of of('field-verification')) {
      const items = c.source.text.split('\n').filter((line) => /\s\d+\s+[\d,]+\.\d\d\s+[\d,]+\.\d\d$/.test(line)).map((line) => line.slice(0, 36).trim())
      expect(items.length, c.id).toBeGreaterThanOrEqual(2)
      expect(new Set(items).size, c.id).toBe(items.length)
    }
    // "Low confidence" says how sure the model is, not a gap that reads as certainty.
    for (const c of of('classification')) expect(c.pauseReason.detail, c.id).toMatch(/^The model is \d+% sure of .+, below the 70% it needs/)
    // A record from the webshop is not numbered as a CRM record.
    for (const c of of('record-merge')) expect(c.proposal.records[1]!.id, c.id).toMatch(/^WEB-/)
    expect(demo.cases.filter((c) => c.kind !== 'field-verification' && /payment run/i.test(c.ownership.fallback ?? '')).map((c) => c.id)).toEqual([])
    expect(of('field-verification').every((c) => c.ownership.queue === 'Finance ops')).toBe(true)
  })
})
