import { beforeAll, beforeEach, expect, it } from 'vitest'
import { BRIDGE_GLOBAL, IPC_METHODS } from '../../../shared/ipc/channels'
import { useAppStore } from '../../../renderer/src/store'

// A case's history is read over the bridge, and answers may come back in any order (the web host
// is a socket away). Only the latest read may show: not an older read of the same case, not another
// case's history over the case on screen, not a history closed while it was read.

/** Each getCaseHistory call waits for the test to answer it; `read` counts calls from 1. */
const waiting: { casePk: number; read: number; answer: () => void }[] = []
let reads = 0

beforeAll(() => {
  const methods = IPC_METHODS.map((method) => [
    method,
    async (...args: unknown[]) => {
      if (method !== 'getCaseHistory') return { ok: true, value: null }
      const casePk = args[0] as number
      const read = ++reads
      await new Promise<void>((answer) => waiting.push({ casePk, read, answer }))
      return { ok: true, value: { casePk, caseId: `case-${casePk}`, caseTitle: `read ${read}`, entries: [] } }
    }
  ])
  ;(globalThis as Record<string, unknown>)[BRIDGE_GLOBAL] = { ...Object.fromEntries(methods), onEvent: () => () => {} }
})

const initial = useAppStore.getState()
beforeEach(() => {
  useAppStore.setState(initial, true)
  waiting.length = 0
  reads = 0
})

/** Lets the bridge's calls and their answers run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
const answer = async (read: number) => {
  waiting.find((call) => call.read === read)!.answer()
  await settle()
}

it('a read again (2), closed and opened anew (3): read 2 answering last does not replace read 3', async () => {
  const store = useAppStore.getState()
  void store.openHistory(7)
  await settle()
  await answer(1)
  void store.refreshHistory(7)
  await settle()
  store.closeHistory()
  void store.openHistory(7)
  await settle()
  await answer(3)
  await answer(2)
  expect(useAppStore.getState().history?.caseTitle).toBe('read 3')
})

it('case 8’s history asked for, closed, then case 9’s: 8’s answer arriving last is not shown over case 9', async () => {
  const store = useAppStore.getState()
  void store.openHistory(8)
  await settle()
  store.closeHistory()
  void store.openHistory(9)
  await settle()
  await answer(2)
  await answer(1)
  expect(useAppStore.getState().history?.casePk).toBe(9)
})

it('a history closed before its answer arrives stays closed', async () => {
  const store = useAppStore.getState()
  void store.openHistory(8)
  await settle()
  store.closeHistory()
  await answer(1)
  expect(useAppStore.getState().history).toBeNull()
})
