import { z } from 'zod'
import { rerouteTargetListSchema } from '../domain/reroute-target'

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

/** A LangGraph server: its interrupted threads are the cases; decisions resume them. */
export const langgraphConfigSchema = z.object({
  ...common,
  kind: z.literal('langgraph'),
  /** The server root, e.g. `http://127.0.0.1:2024`. */
  url: httpUrl,
  /** Only threads of this graph (or assistant) id. */
  graphId: z.string().trim().min(1).max(200).optional(),
  /** Only threads whose metadata has all of these values. */
  metadata: z.record(z.string().min(1).max(200), z.union([z.string().max(1000), z.number(), z.boolean()])).optional(),
  /**
   * Who a case may be rerouted to: LangGraph itself knows no reviewers or queues, so there are none
   * unless set here. A reroute writes the target's id as the thread's `assignee` metadata.
   */
  rerouteTargets: rerouteTargetListSchema.optional()
})

export const backendConfigSchema = z.discriminatedUnion('kind', [reviewApiConfigSchema, bundleConfigSchema, langgraphConfigSchema])
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

/** Whether a kind must have a token (a bearer token, an API key), may have one, or takes none. */
export function tokenRequirement(kind: BackendKind): 'required' | 'optional' | 'none' {
  if (kind === 'review-api') return 'required'
  return kind === 'langgraph' ? 'optional' : 'none'
}

/** Kinds whose decisions travel over the network (bundle decisions are exported to a file). */
export function pushesOverNetwork(kind: string): boolean {
  return kind === 'review-api' || kind === 'langgraph'
}

/** The one setting that says where a backend is: its URL or its file, as Settings edits it. */
export const LOCATION_FIELDS = {
  'review-api': { key: 'baseUrl', label: 'Service URL', placeholder: 'https://cases.example.com' },
  langgraph: { key: 'url', label: 'LangGraph server URL', placeholder: 'http://127.0.0.1:2024' },
  bundle: { key: 'path', label: 'Bundle file', placeholder: '/media/usb/cases.json' }
} as const satisfies Record<BackendKind, { key: string; label: string; placeholder: string }>

export function locationOf(config: BackendConfig): string {
  switch (config.kind) {
    case 'review-api':
      return config.baseUrl
    case 'langgraph':
      return config.url
    case 'bundle':
      return config.path
  }
}
