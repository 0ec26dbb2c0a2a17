/**
 * PageDown and PageUp for a reviewer on the keyboard alone: the app's layout does not scroll as a
 * page, so these scroll the region that is cut off. In a short window that is a case's facts (the
 * header scrolls beyond its share of the column), a long list of options, then the text of the
 * case (its diff, registered with `registerPageScroller`), or a screen's content.
 * An open panel (a case's history, the shortcuts, a backend's form) takes the keys while it is
 * open; otherwise the first region in reading order that can still move that way does (PageUp,
 * the last), so PageDown reads a case top to bottom.
 */
const PANELS = '.history-panel, .cheat-sheet, .backend-dialog'
const REGIONS = '.case-header, .options-bar, .source-text, .proposal-pane, .merge-pane, .screen'

/** The share of a region's height one press moves, leaving a few lines to keep the eye's place. */
const PAGE_SHARE = 0.85

/** The regions a press scrolled, to put back at the top when the case changes (`resetPageScroll`). */
const scrolled = new Set<HTMLElement>()

/**
 * A region that keeps its own scroll position rather than the DOM's (a Monaco editor): where it
 * stands, how far it goes and how tall a page of it is, in CSS px.
 */
export interface PageScroller {
  /** The element it is drawn in, for whether it is shown. */
  element(): HTMLElement | null
  scrollTop(): number
  scrollHeight(): number
  pageHeight(): number
  scrollTo(top: number): void
}

const scrollers = new Set<PageScroller>()

/** Lets PageDown and PageUp scroll `scroller` after the regions above it (the diff, below a case's facts and options); returns the unregistration. */
export function registerPageScroller(scroller: PageScroller): () => void {
  scrollers.add(scroller)
  return () => scrollers.delete(scroller)
}

function isShown(element: HTMLElement): boolean {
  return element.closest('[inert], [aria-hidden="true"]') === null && element.getClientRects().length > 0
}

/** A DOM region as a scroller. */
function domScroller(element: HTMLElement): PageScroller {
  return {
    element: () => element,
    scrollTop: () => element.scrollTop,
    scrollHeight: () => element.scrollHeight,
    pageHeight: () => element.clientHeight,
    scrollTo: (top) => {
      element.scrollTop = top
      scrolled.add(element)
    }
  }
}

/** Scrolls one region a page towards `direction` (1 down, -1 up); false if nothing could move. */
export function pageScroll(direction: 1 | -1): boolean {
  const shown = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)].filter(isShown).map(domScroller)
  const panels = shown(PANELS)
  const regions = panels.length > 0 ? panels : [...shown(REGIONS), ...[...scrollers].filter((scroller) => { const element = scroller.element(); return element !== null && isShown(element) })]
  const canMove = (region: PageScroller) => (direction > 0 ? Math.ceil(region.scrollTop() + region.pageHeight()) < region.scrollHeight() : region.scrollTop() > 0)
  const region = direction > 0 ? regions.find(canMove) : regions.findLast(canMove)
  if (!region) return false
  region.scrollTo(Math.max(0, region.scrollTop() + direction * Math.max(40, Math.round(region.pageHeight() * PAGE_SHARE))))
  return true
}

/**
 * Puts the regions PageDown scrolled back at their top: the case header and panes stay in the
 * page from case to case, so the next case would open scrolled, its title out of sight. Touches
 * nothing (no layout read) when no press scrolled anything.
 */
export function resetPageScroll(): void {
  for (const region of scrolled) region.scrollTop = 0
  scrolled.clear()
}
