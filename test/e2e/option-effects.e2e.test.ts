import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Case, OptionEffect } from '../../shared/domain/case'
import type { ReferenceBackend, ReferenceBackendOptions } from '../reference-backend/server'
import { generateCases } from '../fixtures/case-generator'
import { readDecisionRows } from '../fixtures/sqlite'
import { newToken, openWithBackend, REVIEWER, startBackend } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type AppSession, type Driver } from './driver'
import { LOOK_MS, OsKeyboard, qwerty, sleep } from './os-keys'
import { openCaseByTitle } from './review-steps'

// What an option does comes from the case its backend sent, not from option ids only the demo
// uses: a Review API service names its options its own way, and states their effect. Whom a case
// may be rerouted to comes from the same service (GET /v1/reroute-targets), or nobody for a 1.1 one.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })
/** Long enough for any stray key event to have been handled and stored. */
const SETTLE_MS = 400

const FOR_GOOD: OptionEffect = { actsOnProposal: true, needsConfirmation: true, irreversible: true }
const STOPS: OptionEffect = { actsOnProposal: false, needsConfirmation: false, irreversible: false }
const ASKS_FIRST: OptionEffect = { actsOnProposal: true, needsConfirmation: true, irreversible: false }
const AT_ONCE: OptionEffect = { actsOnProposal: true, needsConfirmation: false, irreversible: false }

/** A text-approval case of this service, with its own options and risk. */
function serviceCase(template: Case, id: string, title: string, options: Case['options'], risk: Partial<Case['risk']>): Case {
  return { ...template, id, title, options, risk: { ...template.risk, ...risk } }
}

const [template] = generateCases({ count: 1, seed: 77, baseTime: new Date() }) as [Case]
const courier = (id: string, title: string) =>
  serviceCase(
    template,
    id,
    title,
    [
      { id: 'dispatch-now', label: 'Dispatch the courier', recommended: true, effect: FOR_GOOD },
      { id: 'park', label: 'Park until Monday', recommended: false, effect: STOPS }
    ],
    { reversible: false, audience: 'customer', irreversibleEffect: 'The courier leaves with the parcel; it cannot be called back.' }
  )
const onCall = (id: string, title: string) =>
  serviceCase(
    template,
    id,
    title,
    [
      { id: 'page-on-call', label: 'Page the on-call engineer', recommended: false, effect: ASKS_FIRST },
      // The demo's irreversible option is called "send"; this service's "send" is harmless.
      { id: 'send', label: 'Send to the internal wiki', recommended: true, effect: AT_ONCE }
    ],
    { reversible: true, audience: 'internal', irreversibleEffect: undefined }
  )
const CASES = [
  courier('svc-1', 'Courier pickup for order 5521'),
  courier('svc-2', 'Courier pickup for order 5522'),
  onCall('svc-3', 'Disk alert on db-7'),
  onCall('svc-4', 'Disk alert on db-8'),
  courier('svc-5', 'Courier pickup for order 5523')
]

let driver: Driver
let backend: ReferenceBackend
let dir: ReturnType<typeof makeTempDir>
let session: AppSession
let page: Page
let keys: OsKeyboard

beforeAll(async () => {
  dir = makeTempDir('countersign-e2e-effects-')
  const token = newToken()
  backend = await startBackend(dir.path, token, { tokens: { [token]: REVIEWER, [newToken()]: 'erin' } })
  backend.store.putCases(CASES, REVIEWER)
  const dataDir = join(dir.path, 'app')
  ;(await openWithBackend(dataDir, backend, token)).close()
  driver = await createDriver()
  session = await driver.open(dataDir)
  page = session.page
  keys = await OsKeyboard.attach(page)
  await page.waitForSelector('[data-seen-case]')
})
afterAll(async () => {
  await keys?.detach()
  await session?.close()
  await driver?.close()
  await backend?.close()
  dir?.remove()
})

const decisions = () => readDecisionRows(session.dataDir)
const optionIdsDecided = () => decisions().map((row) => [row.record.caseId, row.record.optionId])

/** Waits until the decided case has left the queue and the next one has been seen, so j/k count from there. */
async function movedOnFrom(title: string): Promise<void> {
  await page.locator('.queue-row-title', { hasText: title }).waitFor({ state: 'detached' })
  await page.waitForSelector('[data-seen-case]')
}

async function settled() {
  await sleep(SETTLE_MS)
  return optionIdsDecided()
}

describe('options from a Review API service, named its own way', () => {
  it('an irreversible option is marked and asks for its key again, saying what cannot be undone', async () => {
    await openCaseByTitle(page, 'Courier pickup for order 5521')
    await expect(page.locator('.options-bar li').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^1 Dispatch the courier.*cannot be undone$/),
      expect.not.stringMatching(/cannot be undone/)
    ])
    await keys.press(qwerty('1'))
    const strip = page.locator('.confirm-strip[data-seen]')
    await strip.waitFor()
    await expect(strip.innerText()).resolves.toContain('This cannot be undone: The courier leaves with the parcel; it cannot be called back.')
    expect(await settled()).toEqual([])
    await page.screenshot({ path: join(screenshots, 'option-effects-irreversible.png') })
    await keys.press(qwerty('1'))
    await page.locator('.status-decision', { hasText: 'Chose “Dispatch the courier' }).waitFor()
    expect(optionIdsDecided()).toEqual([['svc-1', 'dispatch-now']])
    await movedOnFrom('Courier pickup for order 5521')
  })

  it('an option that stops the action is recorded at once, though the case is irreversible', async () => {
    await openCaseByTitle(page, 'Courier pickup for order 5522')
    await keys.press(qwerty('2'))
    await expect.poll(optionIdsDecided).toEqual([['svc-1', 'dispatch-now'], ['svc-2', 'park']])
    await expect(page.locator('.confirm-strip').count()).resolves.toBe(0)
    await movedOnFrom('Courier pickup for order 5522')
  })

  it('“send” here is harmless: recorded at once, with no prompt', async () => {
    await openCaseByTitle(page, 'Disk alert on db-7')
    await keys.press(qwerty('2'))
    await expect.poll(() => optionIdsDecided().at(-1)).toEqual(['svc-3', 'send'])
    await expect(page.locator('.confirm-strip').count()).resolves.toBe(0)
    await movedOnFrom('Disk alert on db-7')
  })

  it('an option that asks first is confirmed though reversible and internal, by name', async () => {
    await openCaseByTitle(page, 'Disk alert on db-8')
    await keys.press(qwerty('1'))
    const strip = page.locator('.confirm-strip[data-seen]')
    await strip.waitFor()
    await expect(strip.innerText()).resolves.toContain('Confirm “Page the on-call engineer”.')
    expect((await settled()).length).toBe(3)
    await keys.press(qwerty('1'))
    await expect.poll(() => optionIdsDecided().at(-1)).toEqual(['svc-4', 'page-on-call'])
    await movedOnFrom('Disk alert on db-8')
  })
})

describe('reroute targets from the case’s backend', () => {
  it('o lists the service’s targets with number keys; a number reroutes to that target’s id', async () => {
    await openCaseByTitle(page, 'Courier pickup for order 5523')
    await keys.press(qwerty('o'))
    const picker = page.getByRole('dialog').filter({ hasText: 'Send it to…' })
    await picker.waitFor()
    // The targets come at the end of the first pass; a picker opened before then lists them when they do.
    const targets = async () => (await picker.locator('.picker-options li').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '))
    await expect.poll(targets).toEqual(['1 erin'])
    await expect(picker.getByText('Someone else').count()).resolves.toBe(0)
    // The note goes with the signed decision to the service, where its author reads it.
    await expect(picker.locator('.picker-field').innerText()).resolves.toMatch(/^Note \(optional\), sent with the decision to Team cases\s*$/)
    await page.screenshot({ path: join(screenshots, 'reroute-targets.png') })
    await sleep(LOOK_MS)
    await keys.press(qwerty('1'))
    await expect.poll(() => decisions().at(-1)?.record).toMatchObject({ caseId: 'svc-5', outcome: 'reroute', rerouteTo: 'erin' })
  })

  it('a 1.1 service lists none: the picker says why and offers nothing to pick or type', async () => {
    await withOwnService('old', { rerouteTargets: null }, 'Courier pickup for order 6001', async ({ page: oldPage, keys: oldKeys, dataDir }) => {
      await oldKeys.press(qwerty('o'))
      const picker = oldPage.getByRole('dialog').filter({ hasText: 'Send it to…' })
      await picker.waitFor()
      await expect.poll(() => picker.getByRole('status').innerText()).toBe(
        'Team cases does not list reroute targets (its Review API is older than 1.2). It cannot be rerouted from here: reject it, defer it or ask for information instead.'
      )
      await expect(picker.locator('input, textarea, .picker-options').count()).resolves.toBe(0)
      await expect(picker.locator('p.muted').innerText()).resolves.toBe('Esc back')
      await oldPage.screenshot({ path: join(screenshots, 'reroute-no-targets.png') })
      await oldKeys.press(qwerty('1'))
      await sleep(SETTLE_MS)
      expect(readDecisionRows(dataDir)).toEqual([])
      await oldKeys.press(qwerty('Escape'))
      await picker.waitFor({ state: 'detached' })
    })
  })

  it('a target’s label is the service’s text: a right-to-left override in it shows as a named mark in the picker and the status bar, reordering nothing; two labelled alike show their ids', async () => {
    const rerouteTargets = [
      { id: 'legal', label: 'Legal\u202Edevas' },
      { id: 'legal-outside', label: 'Legal\u202Edevas' }
    ]
    await withOwnService('bidi', { rerouteTargets }, 'Courier pickup for order 6002', async ({ page: bidiPage, keys: bidiKeys, dataDir }) => {
      await bidiKeys.press(qwerty('o'))
      const picker = bidiPage.getByRole('dialog').filter({ hasText: 'Send it to…' })
      await picker.locator('.picker-options li .hidden-char[data-label="RLO"]').first().waitFor()
      await expect(picker.locator('.picker-options li .choice-id').allInnerTexts()).resolves.toEqual(['legal', 'legal-outside'])
      await sleep(LOOK_MS)
      await bidiKeys.press(qwerty('1'))
      const said = bidiPage.getByTestId('last-decision')
      await said.locator('.hidden-char[data-label="RLO"]').waitFor()
      // The words after the label stay after it, in reading order.
      await expect(said.innerText()).resolves.toMatch(/ — (saved|delivered to backend Team cases)$/)
      expect(readDecisionRows(dataDir).map((row) => row.record.rerouteTo)).toEqual(['legal'])
    })
  })
})

describe('the “cannot be undone” warning, with options a service names', () => {
  it('a reply that recommends holding names approving and each sending option, isolated and counted past three', async () => {
    const acting = (id: string, label: string) => ({ id, label, recommended: false, effect: FOR_GOOD })
    const reply = serviceCase(
      template,
      'hold-1',
      'Reply that the agent would rather hold',
      [
        { id: 'hold', label: 'Hold for the team lead', recommended: true, effect: STOPS },
        acting('send-he', 'אישור'),
        acting('send-2', 'Send 2'),
        acting('send-3', 'Send 3'),
        acting('send-4', 'Send 4'),
        acting('send-5', 'Send 5')
      ],
      { reversible: false, audience: 'customer', irreversibleEffect: '€222.00 is refunded to Jonas Walsh.' }
    )
    await withOwnService('hold', {}, reply, async ({ page: holdPage }) => {
      const banner = holdPage.locator('.irreversible-banner')
      await expect(banner.innerText()).resolves.toBe('Cannot be undone if you approve or choose 2 “אישור”, 3 “Send 2”, 4 “Send 3” or one of 2 other options: €222.00 is refunded to Jonas Walsh.')
      // Each label is isolated: the Hebrew one cannot pull “: €222.00” inside its quotes.
      await expect(banner.locator('bdi').count()).resolves.toBe(3)
      // Each label's extent is drawn, a box: one with quote marks of its own still reads as one label.
      await expect(banner.locator('.option-label').first().evaluate((label) => getComputedStyle(label).borderTopStyle)).resolves.toBe('solid')
      // a approves the reply; it does not take the recommended Hold.
      await expect(holdPage.locator('.options-bar li.recommended').innerText()).resolves.toBe('1 Hold for the team lead (recommended)')
      await holdPage.screenshot({ path: join(screenshots, 'irreversible-banner-named.png') })
    })
  })

  it('every option is listed, past the nine with number keys; one final for a reason of its own is named too, recommended or not', async () => {
    const sends = Array.from({ length: 11 }, (_, index) => ({ id: `send-${index + 1}`, label: `Send ${index + 1}`, recommended: false, effect: FOR_GOOD }))
    const close = { id: 'close', label: 'Close the account for good', recommended: true, effect: { actsOnProposal: false, needsConfirmation: true, irreversible: true } }
    const reply = serviceCase(template, 'many-1', 'Reply with many ways to send', [...sends, close], { reversible: false, audience: 'customer', irreversibleEffect: '€222.00 is refunded to Jonas Walsh.' })
    await withOwnService('many', {}, reply, async ({ page: manyPage }) => {
      await expect(manyPage.locator('.irreversible-banner').innerText()).resolves.toBe(
        'Cannot be undone if you approve or choose 1 “Send 1”, 2 “Send 2”, 3 “Send 3” or one of 8 other options: €222.00 is refunded to Jonas Walsh. Final once chosen, too: “Close the account for good”.'
      )
      const items = await manyPage.locator('.options-bar li').allInnerTexts()
      expect(items).toHaveLength(12)
      expect(items[8]).toMatch(/^9 Send 9/)
      // Past nine, no number key: shown, so a recommended one there is not chosen unseen.
      expect(items[11]).toBe('Close the account for good (recommended)cannot be undone')
      await manyPage.screenshot({ path: join(screenshots, 'options-bar-many.png') })
    })
  })
})

/**
 * A Review API service of its own (`options`) with one case (or a courier case of that title), the app
 * opened on it and that case on screen; closes all three after `body`.
 */
async function withOwnService(
  name: string,
  options: Partial<ReferenceBackendOptions>,
  reviewCase: string | Case,
  body: (app: { page: Page; keys: OsKeyboard; dataDir: string }) => Promise<void>
): Promise<void> {
  const serviceDir = join(dir.path, name)
  mkdirSync(serviceDir)
  const token = newToken()
  const service = await startBackend(serviceDir, token, options)
  service.store.putCases([typeof reviewCase === 'string' ? courier(`${name}-1`, reviewCase) : reviewCase], REVIEWER)
  const dataDir = join(serviceDir, 'app')
  ;(await openWithBackend(dataDir, service, token)).close()
  const app = await driver.open(dataDir)
  const appKeys = await OsKeyboard.attach(app.page)
  try {
    await app.page.waitForSelector('[data-seen-case]')
    await body({ page: app.page, keys: appKeys, dataDir })
  } finally {
    await appKeys.detach()
    await app.close()
    await service.close()
  }
}
