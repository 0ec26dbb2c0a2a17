import { describe, expect, it, vi } from 'vitest'
import { createIpcDispatcher, IpcArgumentError, type IpcHandlers } from '../../electron/main/ipc/dispatch'
import { IPC_METHODS } from '../../shared/ipc/channels'
import { ipcArgumentSchemas } from '../../shared/ipc/contract'

function fakeHandlers(): IpcHandlers {
  return Object.fromEntries(IPC_METHODS.map((method) => [method, vi.fn()])) as unknown as IpcHandlers
}

describe('IPC contract', () => {
  it('lists the same methods in the channel list and the argument schemas', () => {
    expect([...IPC_METHODS].sort()).toEqual(Object.keys(ipcArgumentSchemas).sort())
  })

  it('passes validated arguments to the handler', () => {
    const handlers = fakeHandlers()
    const dispatch = createIpcDispatcher(handlers)
    dispatch('getQueuePage', [{ offset: 100, limit: 50 }])
    expect(handlers.getQueuePage).toHaveBeenCalledWith({ offset: 100, limit: 50 })
  })

  it('refuses an unknown method', () => {
    expect(() => createIpcDispatcher(fakeHandlers())('readFile', ['/etc/passwd'])).toThrow(
      new IpcArgumentError('Unknown IPC method "readFile".')
    )
  })

  it('refuses bad arguments with a message naming the field, before any handler runs', () => {
    const handlers = fakeHandlers()
    const dispatch = createIpcDispatcher(handlers)
    expect(() => dispatch('getQueuePage', [{ offset: -1, limit: 50 }])).toThrow(/Invalid arguments for getQueuePage: 0\.offset/)
    expect(() => dispatch('getQueuePage', [{ offset: 0, limit: 100_000 }])).toThrow(/0\.limit/)
    expect(() => dispatch('getCase', ['1 OR 1=1'])).toThrow(/Invalid arguments for getCase/)
    expect(() =>
      dispatch('decide', [{ casePk: 1, revision: 1, outcome: 'reject', openedAt: new Date().toISOString() }])
    ).toThrow(/0\.reasonCode: a rejection needs a reason code/)
    expect(() => dispatch('saveBackend', [{ config: { id: 'Team!', kind: 'review-api', name: 'T', baseUrl: 'ftp://x' } }])).toThrow(
      /0\.config\.id: use 1–63 lowercase.*0\.config\.baseUrl: must be an http/
    )
    expect(() => dispatch('resolveUndelivered', ['not-a-uuid', 'redo'])).toThrow(/Invalid arguments for resolveUndelivered: 0:/)
    const decision = { casePk: 1, revision: 1, openedAt: new Date().toISOString() }
    expect(() => dispatch('decide', [{ ...decision, outcome: 'needs-info' }])).toThrow(/0\.note: say what information is needed/)
    expect(() => dispatch('decide', [{ ...decision, outcome: 'reroute' }])).toThrow(/0\.rerouteTo: a reroute needs someone or a queue/)
    expect(() => dispatch('decide', [{ ...decision, outcome: 'defer', deferUntil: 'tomorrow' }])).toThrow(/0\.deferUntil/)
    expect(() => dispatch('decide', [{ ...decision, outcome: 'choose-option' }])).toThrow(/0\.optionId: choosing an option needs the option id/)
    expect(() => dispatch('decide', [{ ...decision, outcome: 'retract' }])).toThrow(/0\.outcome/)
    expect(handlers.getQueuePage).not.toHaveBeenCalled()
    expect(handlers.decide).not.toHaveBeenCalled()
    expect(handlers.saveBackend).not.toHaveBeenCalled()
  })
})
