import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { DATABASE_FILE, type AppServices } from '../../electron/services/app-services'
import { useAppStore } from '../../renderer/src/store'
import { DRAFT_SAVE_INTERVAL_MS, keepDraftsSaved } from '../../renderer/src/store/draft-saving'
import type { Case } from '../../shared/domain/case'
import { BRIDGE_GLOBAL } from '../../shared/ipc/channels'
import type { ExposedBridge } from '../../shared/ipc/contract'
import { generatedTextCase } from '../fixtures/case-generator'
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

async function opened(): Promise<{ app: AppServices; casePk: number; dataDir: string; backend: Awaited<ReturnType<typeof reviewApi.start>>['backend'] }> {
  const { app, backend, dataDir } = await reviewApi.start([generatedTextCase('window-a')])
  services = exposedBridge(app)
  const casePk = teamQueue(app)[0]!.casePk
  // Opened in the window: its copy is cached there.
  useAppStore.getState().cacheCase(app.review.caseDetail(casePk))
  return { app, casePk, dataDir, backend }
}

/** A case edited ("my words") and saved, then revised by its backend on the same text: the edits clash with the revision. */
async function editedThenRevisedAlike(): Promise<{ app: AppServices; casePk: number }> {
  const { app, casePk, backend } = await opened()
  const before = app.review.caseDetail(casePk).reviewCase as Extract<Case, { kind: 'text-approval' }>
  useAppStore.getState().setDraft(casePk, 'text', 'my words')
  await afterSaveInterval()
  backend.store.putCases([{ ...before, proposal: { ...before.proposal, text: 'the agent’s new words' } }], REVIEWER)
  await app.sync.syncNow()
  return { app, casePk }
}

/** `editedThenRevisedAlike`, then a new window: the case carries the revision's notice of edits set aside. */
async function editedThenRevisedAlikeInNewWindow(): Promise<{ app: AppServices; casePk: number }> {
  const edited = await editedThenRevisedAlike()
  await newWindow()
  await settled()
  return edited
}

/** Its backend sends `reviewCase` again with another title: a revision that leaves the proposal as it was. */
async function reviseTitle(app: AppServices, reviewCase: Case): Promise<void> {
  reviewApi.backend.store.putCases([{ ...reviewCase, title: `${reviewCase.title} (revised)` }], REVIEWER)
  await app.sync.syncNow()
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
    const { app, casePk } = await opened()
    const before = app.review.caseDetail(casePk).reviewCase
    useAppStore.getState().setDraft(casePk, 'text', 'my words')
    await afterSaveInterval()
    await reviseTitle(app, before)

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

  it('sets aside edits of what the revision changed too, shows them, and keeps them through a reload', async () => {
    const { app, casePk } = await editedThenRevisedAlike()

    await newWindow()
    const expectSetAside = () => {
      const state = useAppStore.getState()
      expect(state.error).toBeNull()
      expect(state.drafts.has(casePk)).toBe(false)
      expect(state.setAsideEdits.get(casePk)).toEqual({ text: 'my words' })
    }
    expectSetAside()
    expect(useAppStore.getState().caseNotices.get(casePk)).toMatch(
      /^Team cases updated this case after you edited it \(now revision \d+\)\. It changed what you had edited: your edits to .+ are set aside, not applied; they are below\.$/
    )
    await afterSaveInterval()
    expect(app.drafts.list()).toMatchObject([{ edits: {}, setAside: { text: 'my words' }, base: null }])
    await newWindow()
    expectSetAside()
  })

  it('a later revision of a case holding only set-aside edits says it was updated, and claims no edits of its own', async () => {
    const { app, casePk } = await editedThenRevisedAlike()
    await newWindow()
    await afterSaveInterval()
    const now = app.review.caseDetail(casePk).reviewCase
    await reviseTitle(app, now)
    await newWindow()
    expect(useAppStore.getState().setAsideEdits.get(casePk)).toEqual({ text: 'my words' })
    expect(useAppStore.getState().caseNotices.get(casePk)).toBe(`Team cases updated this case after you edited it (now revision ${now.revision + 1}).`)
  })

  it('sets kept edits aside, beside those typed in the new window before they came', async () => {
    const { app, casePk } = await opened()
    useAppStore.getState().setDraft(casePk, 'text', 'twenty minutes of work')
    await afterSaveInterval()
    stopSaving()
    useAppStore.setState(initial, true)
    stopSaving = keepDraftsSaved(page)
    useAppStore.getState().cacheCase(app.review.caseDetail(casePk))
    useAppStore.getState().setDraft(casePk, 'text', 'x')
    await useAppStore.getState().loadDrafts()
    expect(useAppStore.getState().drafts.get(casePk)).toEqual({ text: 'x' })
    expect(useAppStore.getState().setAsideEdits.get(casePk)).toEqual({ text: 'twenty minutes of work' })
    await afterSaveInterval()
    expect(app.drafts.list()).toMatchObject([{ edits: { text: 'x' }, setAside: { text: 'twenty minutes of work' } }])
  })

  it('keeps edits a revision set aside while the window was open', async () => {
    const { casePk } = await editedThenRevisedAlike()
    // The services' event, as route-app-event passes it on.
    useAppStore.getState().casesChanged([casePk])
    await expect.poll(() => useAppStore.getState().setAsideEdits.get(casePk)).toEqual({ text: 'my words' })
    await afterSaveInterval()
    await newWindow()
    expect(useAppStore.getState().setAsideEdits.get(casePk)).toEqual({ text: 'my words' })
  })

  it('sets every edit aside, saying why, when the copy they were made on can no longer be read', async () => {
    const { app, casePk, dataDir } = await opened()
    const before = app.review.caseDetail(casePk).reviewCase
    useAppStore.getState().setDraft(casePk, 'text', 'my words')
    await afterSaveInterval()
    await reviseTitle(app, before)
    const db = new Database(join(dataDir, DATABASE_FILE))
    db.prepare('UPDATE drafts SET base_body = ? WHERE case_pk = ?').run('{"truncated', casePk)
    db.close()

    await newWindow()
    const state = useAppStore.getState()
    expect(state.error).toBeNull()
    expect(state.drafts.has(casePk)).toBe(false)
    expect(state.setAsideEdits.get(casePk)).toEqual({ text: 'my words' })
    expect(state.caseNotices.get(casePk)).toBe(
      `Team cases updated this case after you edited it (now revision ${before.revision + 1}). The copy you edited can no longer be read, so your edits are not applied: they are set aside, below.`
    )
  })

  it('times the case on screen anew when its edits come back after it was painted', async () => {
    const { app, casePk } = await opened()
    useAppStore.getState().setDraft(casePk, 'text', 'my words')
    await afterSaveInterval()
    stopSaving()
    useAppStore.setState(initial, true)
    stopSaving = keepDraftsSaved(page)
    useAppStore.getState().cacheCase(app.review.caseDetail(casePk))
    useAppStore.getState().caseShown(casePk)
    const paintedAt = useAppStore.getState().shownCase!.at
    await settled()
    await useAppStore.getState().loadDrafts()
    expect(useAppStore.getState().drafts.get(casePk)).toEqual({ text: 'my words' })
    expect(useAppStore.getState().shownCase!.at).toBeGreaterThan(paintedAt + 40)
  })

  it('says so when edits cannot be kept because the case left the queue elsewhere', async () => {
    const { app, casePk } = await opened()
    const detail = app.review.caseDetail(casePk)
    // Another window decides it.
    await app.review.decide({ casePk, revision: detail.reviewCase.revision, shownContentHash: detail.contentHash, outcome: 'approve', openedAt: new Date().toISOString() })
    useAppStore.getState().setDraft(casePk, 'text', 'ten minutes of work')
    await afterSaveInterval()
    expect(useAppStore.getState().error).toBe(
      `Your edits of “${detail.reviewCase.title}” are not kept on disk: the case is no longer in your queue (decided or deferred, perhaps in another window; withdrawn; reassigned; or its backend removed). Copy what you need from them.`
    )
  })

  it('drops the edits, set-aside ones too, and the kept draft with them; brings them all back, kept again', async () => {
    const { app, casePk } = await editedThenRevisedAlike()
    await newWindow()
    useAppStore.getState().caseShown(casePk)
    const shownAt = useAppStore.getState().shownCase!.at
    useAppStore.getState().setDraft(casePk, 'text', 'my words, again')
    await afterSaveInterval()
    expect(app.drafts.list().map(({ edits, setAside }) => ({ edits, setAside }))).toEqual([{ edits: { text: 'my words, again' }, setAside: { text: 'my words' } }])

    await settled()
    const revisedNotice = useAppStore.getState().caseNotices.get(casePk)
    expect(revisedNotice).toMatch(/your edits to .+ are set aside/)
    // Not while a decision is being recorded: it takes the edits as they were when pressed.
    useAppStore.setState({ deciding: true })
    useAppStore.getState().dropEdits(casePk)
    expect(useAppStore.getState().error).toBe('Still saving your decision; your edits are as they were. Press the key again once it is saved.')
    expect(useAppStore.getState().drafts.has(casePk)).toBe(true)
    useAppStore.setState({ deciding: false })

    useAppStore.getState().dropEdits(casePk)
    const dropped = useAppStore.getState()
    // The revision's notice no longer speaks of edits set aside below: there are none.
    expect(dropped.caseNotices.get(casePk)).toMatch(/^Team cases updated this case \(now revision \d+\)\.$/)
    expect([dropped.drafts.has(casePk), dropped.setAsideEdits.has(casePk)]).toEqual([false, false])
    expect(dropped.notice).toBe('Your edits are dropped: the proposal is as sent, and a decision takes it so. E brings them back, until you edit it again or reload.')
    // What a decision takes changed on screen: the reaction time counts from now.
    expect(dropped.shownCase!.at).toBeGreaterThan(shownAt + 40)
    await settled()
    expect(app.drafts.list()).toEqual([])

    useAppStore.getState().bringBackEdits(casePk)
    expect(useAppStore.getState().drafts.get(casePk)).toEqual({ text: 'my words, again' })
    expect(useAppStore.getState().setAsideEdits.get(casePk)).toEqual({ text: 'my words' })
    expect(useAppStore.getState().notice).toBe('Your edits are back: check them before you decide.')
    expect(useAppStore.getState().caseNotices.get(casePk)).toBe(revisedNotice)
    await afterSaveInterval()
    expect(app.drafts.list().map(({ edits, setAside }) => ({ edits, setAside }))).toEqual([{ edits: { text: 'my words, again' }, setAside: { text: 'my words' } }])
  })

  it('brings dropped edits back only onto the copy they were made on; editing anew ends them, and what the status bar said of them', async () => {
    const { app, casePk } = await opened()
    const { setDraft, dropEdits } = useAppStore.getState()
    dropEdits(casePk)
    expect(useAppStore.getState().error).toBe('This case holds no edits to drop: the proposal is as sent.')

    setDraft(casePk, 'text', 'first words')
    dropEdits(casePk)
    expect(useAppStore.getState().notice).toMatch(/^Your edits are dropped/)
    setDraft(casePk, 'text', 'second words')
    // The notice said the proposal is as sent and E brings the first words back: neither holds now.
    expect(useAppStore.getState().notice).toBeNull()
    expect(useAppStore.getState().droppedEdits.has(casePk)).toBe(false)
    useAppStore.getState().bringBackEdits(casePk)
    expect(useAppStore.getState().error).toBe('No edits were dropped from this case in this window: there are none to bring back.')
    expect(useAppStore.getState().drafts.get(casePk)).toEqual({ text: 'second words' })

    dropEdits(casePk)
    await reviseTitle(app, app.review.caseDetail(casePk).reviewCase)
    useAppStore.getState().cacheCase(app.review.caseDetail(casePk))
    useAppStore.getState().bringBackEdits(casePk)
    expect(useAppStore.getState().error).toBe('The dropped edits were made on revision 1, and the case has changed since: they cannot come back onto it.')
    expect(useAppStore.getState().drafts.has(casePk)).toBe(false)

    // A decision ends what was dropped from its case.
    useAppStore.getState().clearDraft(casePk)
    expect(useAppStore.getState().droppedEdits.has(casePk)).toBe(false)
  })

  it('keeps each case’s dropped edits: dropping on another case loses none', async () => {
    const { app, casePk } = await opened()
    reviewApi.backend.store.putCases([generatedTextCase('window-b')], REVIEWER)
    await app.sync.syncNow()
    const otherPk = teamQueue(app).find((row) => row.casePk !== casePk)!.casePk
    useAppStore.getState().cacheCase(app.review.caseDetail(otherPk))
    const { setDraft, dropEdits, bringBackEdits } = useAppStore.getState()
    setDraft(casePk, 'text', 'words on a')
    setDraft(otherPk, 'text', 'words on b')
    dropEdits(casePk)
    dropEdits(otherPk)
    bringBackEdits(casePk)
    bringBackEdits(otherPk)
    expect(useAppStore.getState().error).toBeNull()
    expect([useAppStore.getState().drafts.get(casePk), useAppStore.getState().drafts.get(otherPk)]).toEqual([{ text: 'words on a' }, { text: 'words on b' }])
  })

  it('ends what the status bar said of the dropped edits once another case is on screen', async () => {
    const { app, casePk } = await opened()
    reviewApi.backend.store.putCases([generatedTextCase('window-b')], REVIEWER)
    await app.sync.syncNow()
    const otherPk = teamQueue(app).find((row) => row.casePk !== casePk)!.casePk
    useAppStore.getState().cacheCase(app.review.caseDetail(otherPk))
    useAppStore.getState().caseShown(casePk)
    useAppStore.getState().setDraft(casePk, 'text', 'my words')
    useAppStore.getState().dropEdits(casePk)
    useAppStore.getState().caseShown(casePk)
    expect(useAppStore.getState().notice).toMatch(/^Your edits are dropped/)
    useAppStore.getState().caseShown(otherPk)
    expect(useAppStore.getState().notice).toBeNull()
    // Back on it, E still brings them back.
    useAppStore.getState().caseShown(casePk)
    useAppStore.getState().bringBackEdits(casePk)
    expect(useAppStore.getState().drafts.get(casePk)).toEqual({ text: 'my words' })
  })

  // Re-attack on the drop (helper-92): what the case banner and the status bar say after it.
  it('the case banner after a drop claims nothing of the edits, so it holds once the case is edited anew', async () => {
    const { casePk } = await editedThenRevisedAlikeInNewWindow()
    useAppStore.getState().caseShown(casePk)
    useAppStore.getState().dropEdits(casePk)
    // The banner says only that the case was revised: true before and after new edits.
    expect(useAppStore.getState().caseNotices.get(casePk)).toMatch(/^Team cases updated this case \(now revision \d+\)\.$/)
    useAppStore.getState().setDraft(casePk, 'text', 'brand new words')
    expect(useAppStore.getState().drafts.get(casePk)).toEqual({ text: 'brand new words' })
    expect(useAppStore.getState().caseNotices.get(casePk)).not.toMatch(/as sent|set aside/)
  })

  it('the status bar stops offering E to bring them back once a revision of the shown case makes that impossible', async () => {
    const { app, casePk } = await opened()
    useAppStore.getState().caseShown(casePk)
    useAppStore.getState().setDraft(casePk, 'text', 'my words')
    useAppStore.getState().dropEdits(casePk)
    expect(useAppStore.getState().notice).toMatch(/E brings them back/)
    const reviewCase = app.review.caseDetail(casePk).reviewCase
    reviewApi.backend.store.putCases([{ ...reviewCase, title: `${reviewCase.title} (revised)` }], REVIEWER)
    await app.sync.syncNow()
    useAppStore.setState({ departedCase: casePk }) // the case is the open one
    useAppStore.getState().casesChanged([casePk])
    await settled()
    await settled()
    useAppStore.getState().caseShown(casePk) // painted anew under its new revision
    expect(useAppStore.getState().cases.get(casePk)!.reviewCase.revision).toBe(2)
    useAppStore.getState().bringBackEdits(casePk)
    const refusal = useAppStore.getState().error
    expect(refusal).toMatch(/cannot come back onto it/)
    useAppStore.getState().dismissError()
    // What the status bar says once the error is gone: no longer that E brings them back.
    expect(useAppStore.getState().notice ?? '').not.toMatch(/brings them back/)
  })

  it('bringing edits back onto a case withdrawn meanwhile keeps the banner saying it was withdrawn', async () => {
    const { app, casePk } = await editedThenRevisedAlikeInNewWindow()
    useAppStore.setState({ departedCase: casePk })
    useAppStore.getState().caseShown(casePk)
    useAppStore.getState().dropEdits(casePk)
    const caseId = app.review.caseDetail(casePk).reviewCase.id
    reviewApi.backend.store.withdraw(caseId)
    await app.sync.syncNow()
    useAppStore.getState().casesChanged([casePk])
    await settled()
    await settled()
    const detail = useAppStore.getState().cases.get(casePk)!
    expect(detail.state).toBe('withdrawn')
    const departure = useAppStore.getState().caseNotices.get(casePk)
    expect(departure).toMatch(/withdrew this case.*no longer needs your decision\.$/)
    useAppStore.getState().bringBackEdits(casePk)
    // Refused (nothing of it can be decided): never the old revision notice in its place.
    expect(useAppStore.getState().caseNotices.get(casePk)).toBe(departure)
  })
})
