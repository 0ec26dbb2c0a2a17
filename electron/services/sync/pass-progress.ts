import { ProtocolFaultError, type ChangePage } from '../backends/backend-adapter'

/**
 * Pages in a row that bring no change while saying there is more, before a pass stops: room for
 * a feed that skips filtered items, none for one that pages on for ever.
 */
export const MAX_EMPTY_PAGES = 20

/**
 * Watches one pull pass page by page, so that no pass loops without progress. A page that says
 * `hasMore` must move its cursor to one not given before in this pass, and a pass may not go on
 * with empty pages for ever. Each breach throws a ProtocolFaultError naming it; the page's
 * changes (valid data) are applied before the check, so only the looping stops.
 */
export class PassProgress {
  private readonly seen = new Set<string>()
  private readonly items = new Set<string>()
  private emptyPages = 0

  constructor(private readonly backendName: string) {}

  /**
   * Checks the page answered to a request with cursor `sent` (null: the start). For a backend
   * whose pass lists every open case, `caseIds` are the page's cases: a full page of only cases
   * already listed in this pass is the list coming round again, whatever the cursor says. For a
   * change feed, `feedIds` are the page's cases: a page about only cases already sent in this
   * pass counts as a page that brought nothing.
   */
  check(sent: string | null, page: ChangePage, caseIds?: readonly string[], feedIds?: readonly string[]): void {
    if (sent !== null) this.seen.add(sent)
    const repeated = caseIds !== undefined && caseIds.length > 0 && caseIds.every((id) => this.items.has(id))
    // A change feed's page about only cases it already sent in this pass is no progress either:
    // the same case again (at the same revision, or a new one each time) does not end a pass.
    const nothingNew = feedIds !== undefined && feedIds.every((id) => this.items.has(id))
    for (const id of caseIds ?? feedIds ?? []) this.items.add(id)
    if (!page.hasMore) return
    const name = this.backendName
    if (repeated) {
      throw new ProtocolFaultError('cursor-cycle', `${name} broke the sync protocol: the page after ${sent === null ? 'the start' : `"${sent}"`} held only items it already sent in this pass. Sync stopped there and will try again later.`)
    }
    if (page.nextCursor === sent) {
      throw new ProtocolFaultError('cursor-stuck', `${name} broke the sync protocol: it says there is more, but its cursor stands still at "${sent}". Sync stopped there and will try again later.`)
    }
    if (this.seen.has(page.nextCursor)) {
      throw new ProtocolFaultError('cursor-cycle', `${name} broke the sync protocol: its cursor came back to "${page.nextCursor}", which it gave earlier in this pass. Sync stopped there and will try again later.`)
    }
    this.emptyPages = page.changes.length === 0 || nothingNew ? this.emptyPages + 1 : 0
    if (this.emptyPages >= MAX_EMPTY_PAGES) {
      const what = page.changes.length === 0 ? 'nothing' : 'nothing but cases it had already sent in this pass'
      throw new ProtocolFaultError('empty-pages', `${name} broke the sync protocol: ${MAX_EMPTY_PAGES} pages in a row brought ${what} while saying there is more. Sync stopped there and will try again later.`)
    }
  }
}
