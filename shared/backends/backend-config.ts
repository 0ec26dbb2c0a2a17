import { z } from 'zod'

/**
 * A configured backend, as stored in the config file (`backends.json` in the data directory) and
 * edited in Settings. Secrets are never part of it: a backend's token lives in the OS keychain.
 */
export const backendIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use 1–63 lowercase letters, digits or dashes, starting with a letter or digit')

const common = {
  id: backendIdSchema,
  name: z.string().trim().min(1, 'give the backend a name').max(100),
  /** How often to pull in the background; pulls also run on start and on demand. */
  syncIntervalSeconds: z.number().int().min(5).max(86_400).default(60)
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })

export const reviewApiConfigSchema = z.object({
  ...common,
  kind: z.literal('review-api'),
  /** The service root; requests go to `${baseUrl}/v1/…`. */
  baseUrl: httpUrl
})

export const bundleConfigSchema = z.object({
  ...common,
  kind: z.literal('bundle'),
  /** The case bundle file (a USB stick, an email attachment saved to disk). */
  path: z.string().min(1).max(4096)
})

export const backendConfigSchema = z.discriminatedUnion('kind', [reviewApiConfigSchema, bundleConfigSchema])
export type BackendConfig = z.infer<typeof backendConfigSchema>
export type BackendKind = BackendConfig['kind']

export const CONFIG_FILE_VERSION = 1
export const configFileSchema = z.object({
  version: z.literal(CONFIG_FILE_VERSION),
  backends: z.array(backendConfigSchema).max(50)
})
export type ConfigFile = z.infer<typeof configFileSchema>

/** What Settings sends: a config plus, for kinds that need one, a new token (absent = unchanged). */
export const backendInputSchema = z.object({
  config: backendConfigSchema,
  token: z.string().min(1).max(10_000).optional()
})
export type BackendInput = z.infer<typeof backendInputSchema>

export function needsToken(kind: BackendKind): boolean {
  return kind === 'review-api'
}

/** Kinds whose decisions travel over the network (bundle decisions are exported to a file). */
export function pushesOverNetwork(kind: string): boolean {
  return kind === 'review-api'
}
