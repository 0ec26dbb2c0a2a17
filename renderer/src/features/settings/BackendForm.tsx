import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import {
  backendConfigSchema,
  LOCATION_FIELDS,
  locationOf,
  tokenRequirement,
  type BackendConfig,
  type BackendKind
} from '../../../../shared/backends/backend-config'
import { isExactNumber, parseJson } from '../../../../shared/json/exact-json'
import { useAppStore } from '../../store'

interface Props {
  /** The backend being edited, or undefined for a new one. */
  existing: BackendConfig | undefined
  hasToken: boolean
  /** This is the first backend: adding it takes the demo workspace out of the queue. */
  replacesDemo: boolean
}

const KIND_LABELS: Record<BackendKind, string> = { 'review-api': 'Review API service', langgraph: 'LangGraph server', bundle: 'Case bundle file' }

/** A JSON setting as typed (the metadata filter, the reroute targets), or a message saying what is wrong with it. */
function parseJsonSetting(text: string): { value?: unknown; error?: string } {
  if (!text.trim()) return {}
  let value: unknown
  try {
    // parseJson, not JSON.parse: a number a double would change (12345678901234567890) and a name
    // given twice are found and refused, never saved and sent as something else.
    value = parseJson(text)
  } catch (error) {
    return { error: `not valid JSON: ${(error as Error).message}` }
  }
  const inexact = firstExactNumber(value)
  if (inexact !== undefined) return { error: `the number ${inexact} has more digits (or a larger exponent) than a setting keeps exactly` }
  return { value }
}

/** The first number in a parsed value that a double would change, as written. */
function firstExactNumber(value: unknown): string | undefined {
  if (isExactNumber(value)) return value.toString()
  if (value === null || typeof value !== 'object') return undefined
  for (const item of Object.values(value)) {
    const found = firstExactNumber(item)
    if (found !== undefined) return found
  }
  return undefined
}

function slug(name: string): string {
  return name.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63)
}

/** Tab from the form's last field goes to its first, Shift+Tab from the first to the last: focus stays in the dialog. */
function keepTabInside(event: KeyboardEvent<HTMLFormElement>): void {
  if (event.key !== 'Tab') return
  const fields = [...event.currentTarget.elements].filter(
    (element): element is HTMLInputElement | HTMLSelectElement => (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) && !element.disabled
  )
  const [first, last] = [fields[0], fields.at(-1)]
  const wrapTo = event.shiftKey ? (event.target === first ? last : undefined) : event.target === last ? first : undefined
  if (!wrapTo) return
  event.preventDefault()
  wrapTo.focus()
}

/**
 * Add or edit a backend, in a dialog over Settings. Tab moves between fields (round from the last
 * to the first), Enter saves, Esc cancels. The token goes straight to the main side, which stores
 * it in the OS keychain; it is never shown again.
 */
export function BackendForm({ existing, hasToken, replacesDemo }: Props) {
  const saveBackend = useAppStore((state) => state.saveBackend)
  const close = () => useAppStore.getState().openBackendForm(null)
  const [kind, setKind] = useState<BackendKind>(existing?.kind ?? 'review-api')
  const [name, setName] = useState(existing?.name ?? '')
  const [id, setId] = useState(existing?.id ?? '')
  const [location, setLocation] = useState(existing ? locationOf(existing) : '')
  const [graphId, setGraphId] = useState(existing?.kind === 'langgraph' ? (existing.graphId ?? '') : '')
  const [metadata, setMetadata] = useState(existing?.kind === 'langgraph' && existing.metadata ? JSON.stringify(existing.metadata) : '')
  const [rerouteTargets, setRerouteTargets] = useState(existing?.kind === 'langgraph' && existing.rerouteTargets ? JSON.stringify(existing.rerouteTargets) : '')
  const [token, setToken] = useState('')
  const [interval, setIntervalSeconds] = useState(String(existing?.syncIntervalSeconds ?? 60))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const firstField = useRef<HTMLSelectElement>(null)

  useLayoutEffect(() => firstField.current?.focus(), [])
  // A save refused by field: the keyboard goes to the first field at fault.
  const formRef = useRef<HTMLFormElement>(null)
  const [refusedAt, setRefusedAt] = useState(0)
  useEffect(() => {
    if (refusedAt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [refusedAt])

  async function submit(event: FormEvent) {
    event.preventDefault()
    const filter = parseJsonSetting(metadata)
    const targets = parseJsonSetting(rerouteTargets)
    const candidate = {
      id: existing?.id ?? (id || slug(name)),
      name,
      kind,
      syncIntervalSeconds: Number(interval),
      [LOCATION_FIELDS[kind].key]: location,
      ...(kind === 'langgraph' ? { graphId: graphId.trim() || undefined, metadata: filter.value, rerouteTargets: targets.value } : {})
    }
    const parsed = backendConfigSchema.safeParse(candidate)
    const fieldErrors: Record<string, string> = {}
    // A field holding JSON (the reroute targets) names where inside it the problem is: `0.label: …`.
    if (!parsed.success) for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= [issue.path.slice(1).join('.'), issue.message].filter(Boolean).join(': ')
    if (filter.error) fieldErrors['metadata'] = filter.error
    if (targets.error) fieldErrors['rerouteTargets'] = targets.error
    if (tokenRequirement(kind) === 'required' && !token && !hasToken) fieldErrors['token'] = 'the service issues a token for each reviewer'
    setErrors(fieldErrors)
    if (!parsed.success || Object.keys(fieldErrors).length > 0) return setRefusedAt(performance.now())
    setSaving(true)
    try {
      await saveBackend({ config: parsed.data, token: token || undefined })
      close()
    } catch (error) {
      // The form stays open with what was typed; the status bar says why the host refused it.
      useAppStore.getState().showFailure('Backend not saved', error)
    } finally {
      setSaving(false)
    }
  }

  /**
   * An input edited loses its error (the next save checks again): `name="…"` to the error keys it
   * answers for. A name also answers for the id made from it.
   */
  const errorKeysOf = (input: string): string[] =>
    input === 'name' ? ['name', 'id'] : input === 'location' ? [LOCATION_FIELDS[kind].key] : input === 'interval' ? ['syncIntervalSeconds'] : [input]
  function clearErrorsOf(input: string): void {
    const keys = errorKeysOf(input).filter((key) => errors[key] !== undefined)
    if (keys.length > 0) setErrors(Object.fromEntries(Object.entries(errors).filter(([key]) => !keys.includes(key))))
  }

  const field = (key: string) => (errors[key] ? { 'aria-invalid': true, 'aria-describedby': `backend-${key}-error` } : {})
  const error = (key: string) =>
    errors[key] && (
      <span id={`backend-${key}-error`} className="field-error">
        {errors[key]}
      </span>
    )
  const title = existing ? `Edit “${existing.name}”` : 'Add a backend'
  return (
    <div className="picker-backdrop backend-form-backdrop">
      <div role="dialog" aria-modal="true" aria-label={title} className="picker backend-dialog">
        <form
          ref={formRef}
          className="backend-form"
          onSubmit={(event) => void submit(event)}
          onChange={(event) => {
            // Inputs' change events bubble here; the select (kind) has no name and clears nothing.
            const { name } = event.target as EventTarget & { name?: unknown }
            if (typeof name === 'string' && name) clearErrorsOf(name)
          }}
          onKeyDown={(event) => {
            // A held Enter saves once. (An input method's Enter sends no keypress, so it never submits.)
            if (event.key === 'Enter' && event.repeat) event.preventDefault()
            keepTabInside(event)
          }}
          aria-label={existing ? `Edit ${existing.name}` : 'Add a backend'}
        >
          <h2>{title}</h2>
          {replacesDemo && (
            <p className="form-note" data-testid="replaces-demo">
              The demo workspace leaves the queue once this backend is added (it comes back if you remove every backend), and Insights stop counting the decisions made on it; the audit trail keeps them.
            </p>
          )}
          <label>
            Kind
            <select ref={firstField} value={kind} onChange={(event) => setKind(event.target.value as BackendKind)} disabled={existing !== undefined}>
              {Object.entries(KIND_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Name
            <input name="name" value={name} onChange={(event) => setName(event.target.value)} placeholder="Team cases" {...field('name')} />
            {error('name')}
          </label>
          <label>
            Id
            <input
              name="id"
              value={existing?.id ?? id}
              placeholder={slug(name) || 'team-cases'}
              onChange={(event) => setId(event.target.value)}
              readOnly={existing !== undefined}
              {...field('id')}
            />
            {error('id')}
          </label>
          <label>
            {LOCATION_FIELDS[kind].label}
            <input
              name="location"
              value={location}
              onChange={(event) => setLocation(event.target.value)}
              placeholder={LOCATION_FIELDS[kind].placeholder}
              {...field(LOCATION_FIELDS[kind].key)}
            />
            {error(LOCATION_FIELDS[kind].key)}
          </label>
          {kind === 'langgraph' && (
            <>
              <label>
                Graph or assistant id (optional)
                <input name="graphId" value={graphId} onChange={(event) => setGraphId(event.target.value)} placeholder="every graph" {...field('graphId')} />
                {error('graphId')}
              </label>
              <label>
                Only threads with metadata (optional, JSON)
                <input name="metadata" value={metadata} onChange={(event) => setMetadata(event.target.value)} placeholder='{"team": "billing"}' {...field('metadata')} />
                {error('metadata')}
              </label>
              <label>
                Reroute targets (optional, JSON; none without)
                <input
                  name="rerouteTargets"
                  value={rerouteTargets}
                  onChange={(event) => setRerouteTargets(event.target.value)}
                  placeholder='[{"id": "erin", "label": "Erin (billing)"}]'
                  {...field('rerouteTargets')}
                />
                {error('rerouteTargets')}
              </label>
            </>
          )}
          {tokenRequirement(kind) !== 'none' && (
            <label>
              {kind === 'langgraph' ? 'API key (optional, sent as x-api-key)' : 'Token'}
              <input
                name="token"
                type="password"
                autoComplete="off"
                value={token}
                onChange={(event) => setToken(event.target.value)}
                placeholder={
                  hasToken
                    ? 'Stored in the keychain — leave empty to keep it'
                    : tokenRequirement(kind) === 'optional'
                      ? 'Leave empty if the server needs none'
                      : 'Paste the token the service issued'
                }
                {...field('token')}
              />
              {error('token')}
            </label>
          )}
          <label>
            Sync every (seconds)
            <input name="interval" inputMode="numeric" value={interval} onChange={(event) => setIntervalSeconds(event.target.value)} {...field('syncIntervalSeconds')} />
            {error('syncIntervalSeconds')}
          </label>
          {errors['form'] && (
            <p className="field-error" role="alert">
              {errors['form']}
            </p>
          )}
          <p className="muted">
            <kbd>Enter</kbd> save · <kbd>Esc</kbd> cancel {saving && '· saving…'}
          </p>
          <button type="submit" hidden />
        </form>
      </div>
    </div>
  )
}
