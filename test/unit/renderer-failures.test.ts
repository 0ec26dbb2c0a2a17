import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { typedBridge } from '../../renderer/src/api/bridge'
import { useAppStore, type AppState } from '../../renderer/src/store'
import { failureText } from '../../renderer/src/store/status-slice'
import { BRIDGE_GLOBAL, IPC_METHODS, type IpcMethod } from '../../shared/ipc/channels'
import type { ExposedBridge } from '../../shared/ipc/contract'
import { AppError, type BridgeError, type IpcResult } from '../../shared/ipc/errors'

// The renderer's one error path, in Node: the api layer turns a failed result into an AppError with
// its code, and every failed load ends in the status bar's words instead of an unhandled rejection.

/** What each method of the stand-in bridge resolves with, as the preload or the bridge script would. */
const answers = new Map<IpcMethod, IpcResult<unknown>>()
const fail = (error: BridgeError): IpcResult<unknown> => ({ ok: false, error })

const exposed = {
  ...Object.fromEntries(IPC_METHODS.map((method) => [method, async () => structuredClone(answers.get(method) ?? fail({ code: 'internal', message: `no answer for ${method}` }))])),
  onEvent: () => () => {}
} as unknown as ExposedBridge

beforeAll(() => {
  ;(globalThis as Record<string, unknown>)[BRIDGE_GLOBAL] = exposed
})
beforeEach(() => {
  answers.clear()
  useAppStore.getState().dismissError()
})

describe('the api layer', () => {
  it('resolves with the value, or rejects with an AppError that keeps code, message and detail', async () => {
    const bridge = typedBridge(exposed)
    answers.set('getSlaLeadMinutes', { ok: true, value: 45 })
    await expect(bridge.getSlaLeadMinutes()).resolves.toBe(45)
    answers.set('getCase', fail({ code: 'not-found', message: 'There is no case 7 in the cache.', detail: 'cache' }))
    const error = await bridge.getCase(7).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).toBridge()).toEqual({ code: 'not-found', message: 'There is no case 7 in the cache.', detail: 'cache' })
  })

  it('turns a call the host rejects outright into "host-unreachable", and a malformed answer into "internal"', async () => {
    const rejecting = { ...exposed, getCase: () => Promise.reject(new Error("Error invoking remote method 'countersign:getCase': Error: Refused")) } as ExposedBridge
    await expect(typedBridge(rejecting).getCase(1)).rejects.toMatchObject({ code: 'host-unreachable', message: expect.stringMatching(/did not take the call getCase/) })
    const malformed = { ...exposed, getCase: () => Promise.resolve({ ok: false, error: { code: 'teapot', message: 'x' } }) } as unknown as ExposedBridge
    await expect(typedBridge(malformed).getCase(1)).rejects.toMatchObject({ code: 'internal' })
    // The failure's shape is checked whole: a detail that is not text, a key of no failure, no message.
    for (const error of [
      { code: 'not-found', message: 'x', detail: 7 },
      { code: 'not-found', message: 'x', stack: 'at evil()' },
      { code: 'not-found' },
      'not-found'
    ]) {
      const odd = { ...exposed, getCase: () => Promise.resolve({ ok: false, error }) } as unknown as ExposedBridge
      await expect(typedBridge(odd).getCase(1)).rejects.toMatchObject({ code: 'internal' })
    }
  })
})

describe('the status bar: the one place a failed call is shown', () => {
  it('says what was being done, then the failure’s own message', () => {
    expect(failureText('Could not load the queue', new AppError('host-unreachable', 'The connection closed.'))).toBe('Could not load the queue: The connection closed.')
    expect(failureText('Export failed', 'plain text')).toBe('Export failed: plain text')
  })

  const loads: [keyof AppState, IpcMethod, string][] = [
    ['loadSummary', 'getWorkspaceSummary', 'Could not load the workspace'],
    ['loadQueue', 'getQueuePage', 'Could not load the queue'],
    ['loadKeymap', 'getKeymap', 'Could not load your shortcuts'],
    ['loadHolds', 'getHolds', 'Could not load who holds which case'],
    ['loadReactionTime', 'getReactionTimeMs', 'Could not load the reaction time'],
    ['loadSyncStatus', 'getSyncStatus', 'Could not load the sync status'],
    ['loadDrafts', 'listDrafts', 'Could not bring back your edits from before'],
    ['loadBackends', 'listBackends', 'Could not load the backends'],
    ['loadUndelivered', 'listUndelivered', 'Could not load the decisions not applied'],
    ['loadAudit', 'listAuditRecords', 'Could not load the audit trail'],
    ['loadSigningKeys', 'getSigningKeys', 'Could not load the signing keys'],
    ['loadInsights', 'getInsights', 'Could not load the insights'],
    ['loadQueueStats', 'getQueueStats', 'Could not load the queue header'],
    ['loadSlaLead', 'getSlaLeadMinutes', 'Could not load the SLA warning time']
  ]
  it.each(loads)('%s: a failed %s is shown, and the promise resolves', async (action, method, doing) => {
    answers.set(method, fail({ code: 'host-unreachable', message: 'The connection to the Countersign host closed; reload the page.' }))
    await expect((useAppStore.getState()[action] as () => Promise<void>)()).resolves.toBeUndefined()
    expect(useAppStore.getState().error).toBe(`${doing}: The connection to the Countersign host closed; reload the page.`)
  })

  it('keeps the latest queue header when its answers come back out of order', async () => {
    const replies: ((result: IpcResult<unknown>) => void)[] = []
    const bridgeMethods = exposed as unknown as Record<string, () => Promise<IpcResult<unknown>>>
    const original = bridgeMethods['getQueueStats']!
    bridgeMethods['getQueueStats'] = () => new Promise((resolve) => replies.push(resolve))
    try {
      const stats = (warnedPending: number[]) => ({ ok: true as const, value: { pending: 2, overdue: 0, dueWithinHour: 2, oldestCreatedAt: null, warnedPending } })
      const older = useAppStore.getState().loadQueueStats()
      const newer = useAppStore.getState().loadQueueStats()
      await expect.poll(() => replies.length).toBe(2)
      replies[1]!(stats([4, 9]))
      await newer
      replies[0]!(stats([]))
      await older
      expect(useAppStore.getState().queueStats?.warnedPending).toEqual([4, 9])
    } finally {
      bridgeMethods['getQueueStats'] = original
    }
  })

  it('decides by code: a decision refused because the case changed fetches the case again', async () => {
    const casePk = 5
    const reviewCase = { id: 'c5', revision: 1, title: 'Refund', kind: 'text-approval', risk: { reversible: true, audience: 'internal' }, options: [] }
    const detail = { casePk, workspaceId: 'w', workspaceName: 'Team', isDemo: false, state: 'pending', reviewCase }
    answers.set('getQueuePage', { ok: true, value: { offset: 0, total: 1, rows: [{ casePk, caseId: 'c5' }] } })
    answers.set('getCase', { ok: true, value: detail })
    answers.set('getQueueStats', { ok: true, value: { pending: 1, overdue: 0, dueWithinHour: 0, oldestCreatedAt: null, warnedPending: [] } })
    await useAppStore.getState().loadQueue()
    await expect.poll(() => useAppStore.getState().cases.get(casePk)?.reviewCase.revision).toBe(1)
    useAppStore.getState().markOpened(casePk)
    useAppStore.setState({ shownCase: { casePk, revision: 1, contentHash: useAppStore.getState().cases.get(casePk)!.contentHash, at: 0 }, reactionTimeMs: 0 })

    answers.set('decide', fail({ code: 'revision-conflict', message: '"Refund" changed while you reviewed it.' }))
    answers.set('getCase', { ok: true, value: { ...detail, reviewCase: { ...reviewCase, revision: 2 } } })
    await useAppStore.getState().decide({ outcome: 'reject', reasonCode: 'x' }, { key: 'r', at: 1_000 })
    expect(useAppStore.getState().error).toBe('Not recorded: "Refund" changed while you reviewed it.')
    await expect.poll(() => useAppStore.getState().cases.get(casePk)?.reviewCase.revision).toBe(2)
    expect(useAppStore.getState().caseNotices.get(casePk)).toMatch(/updated this case while you had it open \(now revision 2\)/)
  })
})
