import { describe, expect, it, vi } from 'vitest'
import { createIpcDispatcher, type IpcHandlers } from '../../electron/main/ipc/dispatch'
import type { Logger } from '../../electron/services/logging/logger'
import { IPC_METHODS } from '../../shared/ipc/channels'
import { ipcArgumentSchemas } from '../../shared/ipc/contract'
import type { BridgeError, IpcResult } from '../../shared/ipc/errors'

function fakeHandlers(): IpcHandlers {
  return Object.fromEntries(IPC_METHODS.map((method) => [method, vi.fn()])) as unknown as IpcHandlers
}

const logger: Logger = { info: () => {}, warn: () => {}, error: () => {} }

/** The failure a call resolved with (the dispatcher never rejects). */
async function failure(result: Promise<IpcResult<unknown>>): Promise<BridgeError> {
  const settled = await result
  if (settled.ok) throw new Error(`expected a failure, got ${JSON.stringify(settled.value)}`)
  return settled.error
}

/** The failure's message, for matching; its code is always 'invalid-call' here. */
async function refusal(result: Promise<IpcResult<unknown>>): Promise<string> {
  const error = await failure(result)
  expect(error.code).toBe('invalid-call')
  return error.message
}

describe('IPC contract', () => {
  it('lists the same methods in the channel list and the argument schemas', () => {
    expect([...IPC_METHODS].sort()).toEqual(Object.keys(ipcArgumentSchemas).sort())
  })

  it('passes validated arguments to the handler and resolves with its value', async () => {
    const handlers = fakeHandlers()
    vi.mocked(handlers.getQueuePage).mockReturnValue({ total: 0, offset: 100, rows: [] })
    const dispatch = createIpcDispatcher(handlers, logger)
    await expect(dispatch('getQueuePage', [{ offset: 100, limit: 50 }])).resolves.toEqual({ ok: true, value: { total: 0, offset: 100, rows: [] } })
    expect(handlers.getQueuePage).toHaveBeenCalledWith({ offset: 100, limit: 50 })
  })

  it('refuses an unknown method', async () => {
    await expect(createIpcDispatcher(fakeHandlers(), logger)('readFile', ['/etc/passwd'])).resolves.toEqual({
      ok: false,
      error: { code: 'invalid-call', message: 'Unknown IPC method "readFile".' }
    })
  })

  it('refuses bad arguments with a message naming the field, before any handler runs', async () => {
    const handlers = fakeHandlers()
    const call = (method: string, args: unknown[]) => refusal(createIpcDispatcher(handlers, logger)(method, args))
    expect(await call('getQueuePage', [{ offset: -1, limit: 50 }])).toMatch(/Invalid arguments for getQueuePage: 0\.offset/)
    expect(await call('getQueuePage', [{ offset: 0, limit: 100_000 }])).toMatch(/0\.limit/)
    expect(await call('getCase', ['1 OR 1=1'])).toMatch(/Invalid arguments for getCase/)
    expect(await call('decide', [{ casePk: 1, revision: 1, outcome: 'reject', openedAt: new Date().toISOString() }])).toMatch(
      /0\.reasonCode: a rejection needs a reason code/
    )
    expect(await call('saveBackend', [{ config: { id: 'Team!', kind: 'review-api', name: 'T', baseUrl: 'ftp://x' } }])).toMatch(
      /0\.config\.id: use 1–63 lowercase.*0\.config\.baseUrl: must be an http/
    )
    expect(await call('resolveUndelivered', ['not-a-uuid', 'redo'])).toMatch(/Invalid arguments for resolveUndelivered: 0:/)
    const decision = { casePk: 1, revision: 1, openedAt: new Date().toISOString() }
    expect(await call('decide', [{ ...decision, outcome: 'needs-info' }])).toMatch(/0\.note: say what information is needed/)
    expect(await call('decide', [{ ...decision, outcome: 'reroute' }])).toMatch(/0\.rerouteTo: a reroute needs someone or a queue/)
    expect(await call('decide', [{ ...decision, outcome: 'defer', deferUntil: 'tomorrow' }])).toMatch(/0\.deferUntil/)
    expect(await call('decide', [{ ...decision, outcome: 'choose-option' }])).toMatch(/0\.optionId: choosing an option needs the option id/)
    expect(await call('decide', [{ ...decision, outcome: 'retract' }])).toMatch(/0\.outcome/)
    expect(await call('decide', [{ ...decision, outcome: 'approve' }])).toMatch(/0\.shownContentHash: say which content was shown/)
    expect(await call('decide', [{ ...decision, outcome: 'approve', shownContentHash: 'abc' }])).toMatch(/0\.shownContentHash: a hex SHA-256/)
    const hash = 'a'.repeat(64)
    expect(await call('saveDraft', [1, 'abc', { text: 'x' }, {}])).toMatch(/Invalid arguments for saveDraft: 1: a hex SHA-256/)
    expect(await call('saveDraft', [1, hash, { text: 7 }, {}])).toMatch(/Invalid arguments for saveDraft: 2\.text/)
    expect(await call('saveDraft', [1, hash, { '': 'x' }, {}])).toMatch(/Invalid arguments for saveDraft: 2/)
    expect(await call('saveDraft', [1, hash, { text: 'x'.repeat(1_000_001) }, {}])).toMatch(/Invalid arguments for saveDraft: 2\.text/)
    expect(await call('saveDraft', [1, hash, {}, { text: null }])).toMatch(/Invalid arguments for saveDraft: 3\.text/)
    expect(await call('saveDraft', [1, hash, { text: 'x' }])).toMatch(/Invalid arguments for saveDraft/)
    expect(handlers.saveDraft).not.toHaveBeenCalled()
    expect(handlers.getQueuePage).not.toHaveBeenCalled()
    expect(handlers.decide).not.toHaveBeenCalled()
    expect(handlers.saveBackend).not.toHaveBeenCalled()
  })
})
