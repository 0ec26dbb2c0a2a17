import { beforeAll, beforeEach, expect, it } from 'vitest'
import { useAppStore } from '../../../renderer/src/store'
import { BRIDGE_GLOBAL, IPC_METHODS, type IpcMethod } from '../../../shared/ipc/channels'
import type { ExposedBridge } from '../../../shared/ipc/contract'
import type { CaseDetail, QueueRow } from '../../../shared/ipc/views'

// What the first screen asks the services for, in Node against a stand-in bridge that notes each
// call: the open case comes with its queue page, and the cases around it only once it is shown.

const calls: { method: IpcMethod; args: unknown[] }[] = []
const row = (casePk: number) => ({ casePk, caseId: `c${casePk}` }) as QueueRow
const detail = (casePk: number) => ({ casePk, reviewCase: { id: `c${casePk}`, revision: 1 } }) as CaseDetail
const rows = [1, 2, 3, 4, 5, 6, 7].map(row)

const answer = (method: IpcMethod, args: unknown[]): unknown => {
  if (method === 'getQueuePage') {
    const { detailAt } = args[0] as { detailAt?: number }
    return { offset: 0, total: rows.length, rows, ...(detailAt !== undefined && { detail: detail(rows[detailAt]!.casePk) }) }
  }
  if (method === 'getCase') return detail(args[0] as number)
  return null
}
const exposed = {
  ...Object.fromEntries(
    IPC_METHODS.map((method) => [
      method,
      async (...args: unknown[]) => {
        calls.push({ method, args })
        return { ok: true, value: answer(method, args) }
      }
    ])
  ),
  onEvent: () => () => {}
} as unknown as ExposedBridge

const initial = useAppStore.getState()
beforeAll(() => {
  ;(globalThis as Record<string, unknown>)[BRIDGE_GLOBAL] = exposed
})
beforeEach(() => {
  useAppStore.setState(initial, true)
  calls.length = 0
})

const casesAsked = () => calls.filter((call) => call.method === 'getCase').map((call) => call.args[0])

it('gets the open case with its queue page, and the cases around it only once it is on screen', async () => {
  await useAppStore.getState().loadQueue()
  expect(calls.find((call) => call.method === 'getQueuePage')?.args[0]).toMatchObject({ offset: 0, detailAt: 0 })
  expect(useAppStore.getState().cases.has(1)).toBe(true)
  expect(casesAsked()).toEqual([])

  useAppStore.getState().caseShown(1)
  expect(casesAsked()).toEqual([2, 3, 4, 5])
  await expect.poll(() => useAppStore.getState().cases.size).toBe(5)
})

it('does not ask for the open case again with a page when it already has it', async () => {
  await useAppStore.getState().loadQueue()
  calls.length = 0
  await useAppStore.getState().loadQueue()
  expect((calls.find((call) => call.method === 'getQueuePage')?.args[0] as { detailAt?: number }).detailAt).toBeUndefined()
})
