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
})
