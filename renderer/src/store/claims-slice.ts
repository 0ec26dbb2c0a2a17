import type { HoldView } from '../../../shared/ipc/claim-views'
import { bridge } from '../api/bridge'
import { showingFailure } from './status-slice'
import type { SliceCreator } from './slice'

export interface ClaimsSlice {
  /** casePk → the claim on it (a colleague's, or this reviewer's), as the main side last said. */
  holds: Map<number, HoldView>
  /** Checked-out cases still undecided whose leases end soon, until the reviewer returns. */
  checkoutEnding: { count: number; endsAt: string } | null
  loadHolds(): Promise<void>
  /** Tells the main side which case is on screen; it claims it in the background. */
  noteViewing(casePk: number | null): void
  /** "Take these cases with me": every case in the current queue view, held until `until` (ISO 8601). */
  checkOut(until: string): Promise<void>
  returnCheckedOut(): Promise<void>
  setCheckoutEnding(ending: ClaimsSlice['checkoutEnding']): void
}

let lastViewing: number | null = null

export const createClaimsSlice: SliceCreator<ClaimsSlice> = (set, get) => ({
  holds: new Map(),
  checkoutEnding: null,

  loadHolds() {
    return showingFailure(get, 'Could not load who holds which case', async () => {
      const list = await bridge.getHolds()
      const before = lastViewing === null ? undefined : get().holds.get(lastViewing)
      const holds = new Map(list.map((hold) => [hold.casePk, hold]))
      set({ holds })
      // The case on screen was a colleague's and no longer is: ask for it again.
      if (lastViewing !== null && before?.mine === false && holds.get(lastViewing)?.mine !== false) void bridge.viewingCase(lastViewing).catch(() => {})
      if (!list.some((hold) => hold.purpose === 'checkout')) set({ checkoutEnding: null })
    })
  },

  noteViewing(casePk) {
    if (casePk === lastViewing) return
    lastViewing = casePk
    void bridge.viewingCase(casePk).catch(() => {})
  },

  async checkOut(until) {
    const { queueView, filter } = get()
    try {
      const report = await bridge.checkOutCases({ filter: { ...queueView, text: filter }, until })
      const parts = [`Took ${report.held} case${report.held === 1 ? '' : 's'} with you${report.heldUntil ? `, held until ${new Date(report.heldUntil).toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })}` : ''}.`]
      if (report.heldByOthers.length > 0) parts.push(`${report.heldByOthers.length} held by colleagues stay with them.`)
      if (report.notHeld > 0) parts.push(`${report.notHeld} cannot be held by their backend.`)
      get().showNotice(parts.join(' '))
    } catch (error) {
      get().showFailure('Could not take the cases with you', error)
    }
    await get().loadHolds()
  },

  async returnCheckedOut() {
    try {
      const { released } = await bridge.returnCheckedOut()
      get().showNotice(`Released ${released} checked-out case${released === 1 ? '' : 's'} to the team.`)
      set({ checkoutEnding: null })
    } catch (error) {
      get().showFailure('Could not release the checked-out cases', error)
    }
    await get().loadHolds()
  },

  setCheckoutEnding(checkoutEnding) {
    set({ checkoutEnding })
  }
})
