import { useLayoutEffect, useRef, useState, type FormEvent } from 'react'
import { backendConfigSchema, needsToken, type BackendConfig, type BackendKind } from '../../../../shared/backends/backend-config'
import { errorMessage } from '../../api/bridge'
import { useAppStore } from '../../store'

interface Props {
  /** The backend being edited, or undefined for a new one. */
  existing: BackendConfig | undefined
  hasToken: boolean
}

const KIND_LABELS: Record<BackendKind, string> = { 'review-api': 'Review API service', bundle: 'Case bundle file' }

function slug(name: string): string {
  return name.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63)
}

/**
 * Add or edit a backend. Tab moves between fields, Enter saves, Esc cancels. The token goes
 * straight to the main side, which stores it in the OS keychain; it is never shown again.
 */
export function BackendForm({ existing, hasToken }: Props) {
  const saveBackend = useAppStore((state) => state.saveBackend)
  const close = () => useAppStore.getState().openBackendForm(null)
  const [kind, setKind] = useState<BackendKind>(existing?.kind ?? 'review-api')
  const [name, setName] = useState(existing?.name ?? '')
  const [id, setId] = useState(existing?.id ?? '')
  const [location, setLocation] = useState(existing ? (existing.kind === 'review-api' ? existing.baseUrl : existing.path) : '')
  const [token, setToken] = useState('')
  const [interval, setIntervalSeconds] = useState(String(existing?.syncIntervalSeconds ?? 60))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const firstField = useRef<HTMLSelectElement>(null)

  useLayoutEffect(() => firstField.current?.focus(), [])

  async function submit(event: FormEvent) {
    event.preventDefault()
    const candidate = {
      id: existing?.id ?? (id || slug(name)),
      name,
      kind,
      syncIntervalSeconds: Number(interval),
      ...(kind === 'review-api' ? { baseUrl: location } : { path: location })
    }
    const parsed = backendConfigSchema.safeParse(candidate)
    const fieldErrors: Record<string, string> = {}
    if (!parsed.success) for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message
    if (needsToken(kind) && !token && !hasToken) fieldErrors['token'] = 'the service issues a token for each reviewer'
    setErrors(fieldErrors)
    if (!parsed.success || Object.keys(fieldErrors).length > 0) return
    setSaving(true)
    try {
      await saveBackend({ config: parsed.data, token: token || undefined })
      close()
    } catch (error) {
      setErrors({ form: errorMessage(error) })
    } finally {
      setSaving(false)
    }
  }

  const field = (key: string) => (errors[key] ? { 'aria-invalid': true, 'aria-describedby': `backend-${key}-error` } : {})
  const error = (key: string) =>
    errors[key] && (
      <span id={`backend-${key}-error`} className="field-error">
        {errors[key]}
      </span>
    )
  return (
    <form className="backend-form" onSubmit={(event) => void submit(event)} aria-label={existing ? `Edit ${existing.name}` : 'Add a backend'}>
      <h2>{existing ? `Edit “${existing.name}”` : 'Add a backend'}</h2>
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
        {kind === 'review-api' ? 'Service URL' : 'Bundle file'}
        <input
          name="location"
          value={location}
          onChange={(event) => setLocation(event.target.value)}
          placeholder={kind === 'review-api' ? 'https://cases.example.com' : '/media/usb/cases.json'}
          {...field(kind === 'review-api' ? 'baseUrl' : 'path')}
        />
        {error(kind === 'review-api' ? 'baseUrl' : 'path')}
      </label>
      {needsToken(kind) && (
        <label>
          Token
          <input
            name="token"
            type="password"
            autoComplete="off"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            placeholder={hasToken ? 'Stored in the keychain — leave empty to keep it' : 'Paste the token the service issued'}
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
  )
}
