import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import { useAppStore } from '../../renderer/src/store'
import { DRAFT_SAVE_INTERVAL_MS, keepDraftsSaved } from '../../renderer/src/store/draft-saving'
import type { Case } from '../../shared/domain/case'
import { BRIDGE_GLOBAL } from '../../shared/ipc/channels'
import type { ExposedBridge } from '../../shared/ipc/contract'
import { generateCases } from '../fixtures/case-generator'
import { exposedBridge } from '../fixtures/renderer-call'
import { REVIEWER, teamQueue } from '../fixtures/sync-fixtures'
import { withReviewApi } from '../fixtures/with-review-api'

// The window's side of keeping drafts: the store's edits saved as they change, and brought back by
// a new window (a reload, a restart) onto the case as cached, through the real bridge dispatcher
// and the real services on a real SQLite file.

const reviewApi = withReviewApi('countersign-drafts-window-')
const initial = useAppStore.getState()
const page = new EventTarget()
let stopSaving = () => {}
// The renderer looks its bridge up once: each test's services answer through this one object.
let services: ExposedBridge | undefined
;(globalThis as Record<string, unknown>)[BRIDGE_GLOBAL] = new Proxy({}, { get: (_target, method) => Reflect.get(services!, method) })

beforeEach(() => {
  useAppStore.setState(initial, true)
  stopSaving = keepDraftsSaved(page)
})
afterEach(() => stopSaving())

const afterSaveInterval = () => new Promise((resolve) => setTimeout(resolve, DRAFT_SAVE_INTERVAL_MS + 150))
/** Lets the bridge calls under way answer. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 50))

function textCase(id: string): Case {
  const found = generateCases({ count: 40, seed: 5, baseTime: new Date() }).find((generated) => generated.kind === 'text-approval')
  if (!found) throw new Error('the generator made no text-approval case')
  return { ...found, id }
}

async function opened(): Promise<{ app: AppServices; casePk: number; backend: Awaited<ReturnType<typeof reviewApi.start>>['backend'] }> {
  const { app, backend } = await reviewApi.start([textCase('window-a')])
  services = exposedBridge(app)
  const casePk = teamQueue(app)[0]!.casePk
  // Opened in the window: its copy is cached there.
  useAppStore.getState().cacheCase(app.review.caseDetail(casePk))
  return { app, casePk, backend }
}

/** A new window on the same services: an empty store that loads the drafts kept. */
async function newWindow(): Promise<void> {
  stopSaving()
  useAppStore.setState(initial, true)
  stopSaving = keepDraftsSaved(page)
  await useAppStore.getState().loadDrafts()
}

describe('drafts kept by the window', () => {
  it('saves edits once the save interval has passed, each save with every change made by then, and brings them back in a new window', async () => {
    const { app, casePk } = await opened()
    const { setDraft } = useAppStore.getState()
    setDraft(casePk, 'text', 'Dear Ms Ito,\r\n')
    setDraft(casePk, 'text', 'Dear Ms Ito,\r\nthe part ships today 🚚')
    await settled()
    expect(app.drafts.list()).toEqual([])
    await afterSaveInterval()
    expect(app.drafts.list().map((draft) => draft.edits)).toEqual([{ text: 'Dear Ms Ito,\r\nthe part ships today 🚚' }])

    await newWindow()
    const state = useAppStore.getState()
    expect(state.drafts.get(casePk)).toEqual({ text: 'Dear Ms Ito,\r\nthe part ships today 🚚' })
    expect(state.cases.get(casePk)?.contentHash).toBe(app.review.caseDetail(casePk).contentHash)
    expect(state.caseNotices.has(casePk)).toBe(false)
    expect(state.error).toBeNull()
  })

  it('saves at once what is waiting when the page is hidden, and removes a draft at once when it is gone', async () => {
    const { app, casePk } = await opened()
    useAppStore.getState().setDraft(casePk, 'text', 'typed just before the reload')
    page.dispatchEvent(new Event('pagehide'))
    await settled()
    expect(app.drafts.list().map((draft) => draft.edits)).toEqual([{ text: 'typed just before the reload' }])
    useAppStore.getState().clearDraft(casePk)
    await settled()
    expect(app.drafts.list()).toEqual([])
  })

  it('carries edits onto a revision that came while no window held them, and says so', async () => {
    const { app, casePk, backend } = await opened()
    const before = app.review.caseDetail(casePk).reviewCase
    useAppStore.getState().setDraft(casePk, 'text', 'my words')
    await afterSaveInterval()
    backend.store.putCases([{ ...before, title: `${before.title} (revised)` }], REVIEWER)
    await app.sync.syncNow()

    await newWindow()
    const state = useAppStore.getState()
    expect(state.drafts.get(casePk)).toEqual({ text: 'my words' })
    expect(state.cases.get(casePk)?.reviewCase.revision).toBe(before.revision + 1)
    expect(state.error).toBeNull()
    expect(state.caseNotices.get(casePk)).toBe(`Team cases updated this case after you edited it (now revision ${before.revision + 1}). Your edits are kept: it changed nothing you had edited.`)
    // Saved again against the copy they are on now.
    await afterSaveInterval()
    expect(app.drafts.list()).toMatchObject([{ edits: { text: 'my words' }, base: null }])
  })

  it('sets aside edits of what the revision changed too, and shows them', async () => {
    const { app, casePk, backend } = await opened()
    const before = app.review.caseDetail(casePk).reviewCase as Extract<Case, { kind: 'text-approval' }>
    useAppStore.getState().setDraft(casePk, 'text', 'my words')
    await afterSaveInterval()
    backend.store.putCases([{ ...before, proposal: { ...before.proposal, text: 'the agent’s new words' } }], REVIEWER)
    await app.sync.syncNow()

    await newWindow()
    const state = useAppStore.getState()
    expect(state.error).toBeNull()
    expect(state.drafts.has(casePk)).toBe(false)
    expect(state.setAsideEdits.get(casePk)).toEqual({ text: 'my words' })
    expect(state.caseNotices.get(casePk)).toMatch(/^Team cases updated this case after you edited it \(now revision \d+\)\. It changed what you had edited: your edits to .+ are set aside, not applied; they are below\.$/)
    // The draft is gone from the cache too: only the set-aside copy shows them, until the case is decided.
    await settled()
    expect(app.drafts.list()).toEqual([])
  })
})
