import { useEffect, useRef } from 'react'
import type { CaseDetail } from '../../../shared/ipc/views'
import { editableField } from '../../../shared/domain/proposal-text'
import { awaitFocus, focusArrived, registerFocusTarget } from '../ui/focus-targets'
import { registerPageScroller } from '../ui/page-scroll'
import { useAppStore } from '../store'
import type { DiffModelPool } from './diff-model-pool'
import type { DiffSlot } from './diff-slot'
import { useDiffEditors } from './load-diff-editors'
import type { monaco } from './monaco'

interface Props {
  /** The case to show, or undefined while the open case has a view of its own (kept mounted, hidden). */
  detail: CaseDetail | undefined
  /** The next case shown as a diff that the reviewer will most likely open, prepared while they read this one. */
  upcoming: CaseDetail | undefined
  /** Called once the case's diff is on screen. */
  onPainted(casePk: number): void
  /**
   * What the case view shows above the diff for a case (its bars): cases with the same key leave
   * the editor the same height, so the case that comes next is laid out at the height it will have.
   */
  layoutKey(detail: CaseDetail): string
}

/** The kinds shown as a source/proposal diff; the others have views of their own. */
export function usesDiff(detail: CaseDetail | undefined): boolean {
  return detail?.reviewCase.kind === 'text-approval' || detail?.reviewCase.kind === 'exception'
}

const DIFF_OPTIONS: monaco.editor.IDiffEditorConstructionOptions = {
  renderSideBySide: true,
  useInlineViewWhenSpaceIsLimited: false,
  originalEditable: false,
  automaticLayout: true,
  wordWrap: 'on',
  diffWordWrap: 'on',
  minimap: { enabled: false },
  renderOverviewRuler: false,
  // No compositor layer of its own for each editor's lines and margin (Monaco's translate3d hint):
  // each slot is one layer already (styles.css), and the extra layers cost every case switch
  // layerizing, painting and compositing (CDP trace, 100 presses of j, 3 runs against 2: renderer
  // main thread 42.5–45.4 → 39.2–39.5 ms a press, its compositor thread 8.9–9.4 → 6.9).
  disableLayerHinting: true,
  // No decorations ruler in each editor's scrollbar: a canvas redrawn and flushed to the GPU
  // process at every render.
  overviewRulerLanes: 0,
  scrollBeyondLastLine: false,
  ignoreTrimWhitespace: false,
  renderIndicators: false,
  // No per-change gutter (its revert menu is mouse-only): it read the editor's height from the DOM
  // at every render, a forced layout each case switch.
  renderGutterMenu: false,
  maxComputationTime: 500,
  fontSize: 14,
  lineHeight: 22,
  lineNumbers: 'off',
  glyphMargin: false,
  folding: false,
  contextmenu: false,
  editContext: false,
  // Screen-reader mode ('on') makes Monaco wrap lines by measuring them in the DOM (its 'advanced'
  // wrapping) at every model switch, ~6 ms of renderer CPU per case here; it is on only while the
  // OS says a screen reader runs (see `screenReader` below). 'auto' still gives a screen reader
  // the text around the cursor in the editor's text area.
  accessibilitySupport: 'auto',
  // What you see is what you sign: invisible and look-alike characters are marked, control
  // characters (bidi overrides, NUL) drawn as symbols, and no line terminator is ever removed.
  // Ordinary typographic punctuation that Monaco counts as look-alike (the en dash of "3–5 days",
  // curly apostrophes and single quotes) is left unboxed; a no-break space stays marked, as it is
  // everywhere else in the app (a Hidden characters chip).
  unicodeHighlight: {
    invisibleCharacters: true,
    ambiguousCharacters: true,
    nonBasicASCII: false,
    includeComments: true,
    includeStrings: true,
    allowedCharacters: { '\u2013': true, '\u2018': true, '\u2019': true }
  },
  renderControlCharacters: true,
  unusualLineTerminators: 'off',
  // Every character in the proposal is one the reviewer typed: no closing bracket or quote is
  // added for them (typing `{"to": "x"}` into a tool call's JSON gave `{"to": "x"}"}`), and a
  // selection is replaced, not wrapped, by a typed quote.
  autoClosingBrackets: 'never',
  autoClosingQuotes: 'never',
  autoClosingComments: 'never',
  autoSurround: 'never',
  // In the source, Tab moves the keyboard on, as everywhere else in the app. The proposal, where
  // only `e` leads, takes Tab as editors do (DiffSlot).
  tabFocusMode: true,
  // Monaco stops drawing a line after 10,000 characters; a reviewer must see all of it.
  stopRenderingLineAfter: -1,
  ariaLabel: 'Source compared with the proposal'
}

interface Editors {
  front: DiffSlot
  back: DiffSlot
  pool: DiffModelPool
}

/** The edited text of the case's editable field, if the reviewer changed it. */
function draftOf(detail: CaseDetail): string | undefined {
  const field = editableField(detail.reviewCase)
  return field ? useAppStore.getState().drafts.get(detail.casePk)?.[field] : undefined
}
const saveDraft = (casePk: number, path: string, value: string | null) => useAppStore.getState().setDraft(casePk, path, value)

/**
 * Source on the left, the automation's proposal on the right, in Monaco diff editors that live as
 * long as the review screen. Two are kept, double-buffered: while the reviewer reads a case, the
 * hidden one lays out and diffs the next, so `j` only has to swap which one is visible. Monaco is
 * loaded apart from the first screen (useDiffEditors); a diff case opened before it arrives is
 * painted once it has.
 */
export function SourceProposalDiff({ detail, upcoming, onPainted, layoutKey }: Props) {
  const containerRef = useRef<HTMLDivElement>(null)
  const editorsRef = useRef<Editors | null>(null)
  // The case on screen, as last rendered (for the store subscription that keeps its proposal in step).
  const shownRef = useRef(detail)
  // The editor's height under each layout key, as last seen on screen.
  const heights = useRef(new Map<string, number>())
  const screenReader = useAppStore((state) => state.screenReader)
  const modules = useDiffEditors(detail !== undefined)
  // `e` pressed before Monaco has loaded focuses the proposal once it has, unless the case changed.
  const focusOnLoad = useRef(false)

  useEffect(
    () =>
      registerFocusTarget('draft', () => {
        if (editorsRef.current) editorsRef.current.front.editor.getModifiedEditor().focus()
        else {
          // Keys typed until Monaco arrives are meant for the draft: the window runs none of them as commands.
          focusOnLoad.current = true
          awaitFocus('draft')
        }
      }),
    []
  )

  useEffect(() => {
    if (!modules) return
    const { DiffSlot, DiffModelPool, followSystemTheme } = modules
    followSystemTheme()
    const container = containerRef.current!
    const editors: Editors = {
      front: new DiffSlot(container, DIFF_OPTIONS),
      back: new DiffSlot(container, DIFF_OPTIONS),
      pool: new DiffModelPool(saveDraft)
    }
    editors.front.setVisible(true)
    editors.back.setVisible(false)
    // The case view says when keys type into the proposal (they run no command until Esc).
    const { setProposalFocus } = useAppStore.getState()
    for (const slot of [editors.front, editors.back]) slot.onProposalFocus(setProposalFocus)
    editorsRef.current = editors
    // The store's draft of the case on screen changed without the editor (its edits dropped or
    // brought back with E): the proposal follows. Not while a decision is recorded (its case keeps
    // showing what was decided until the next one is up), nor for a copy being replaced (the case
    // effect below loads that one).
    const unfollow = useAppStore.subscribe((state, previous) => {
      const shown = shownRef.current
      if (state.drafts === previous.drafts || state.deciding || !shown || state.cases.get(shown.casePk) !== shown) return
      if (editors.front.key === DiffModelPool.keyOf(shown)) editors.pool.acquire(shown, draftOf(shown))
    })
    // PageDown reads on into the case's text once its facts and options are in view; the two
    // sides scroll together (the diff editor keeps them aligned).
    const unregister = registerPageScroller({
      element: () => editors.front.host,
      scrollTop: () => editors.front.editor.getModifiedEditor().getScrollTop(),
      scrollHeight: () => editors.front.editor.getModifiedEditor().getScrollHeight(),
      pageHeight: () => editors.front.height,
      scrollTo: (top) => editors.front.editor.getModifiedEditor().setScrollTop(top)
    })
    return () => {
      unregister()
      unfollow()
      setProposalFocus(null)
      editors.front.dispose()
      editors.back.dispose()
      editors.pool.retainOnly([])
      editorsRef.current = null
    }
  }, [modules])

  useEffect(() => {
    const editors = editorsRef.current
    for (const slot of editors ? [editors.front, editors.back] : []) slot.setAccessibilitySupport(screenReader ? 'on' : 'auto')
  }, [screenReader, modules])

  // Show the open case: swap in the back editor if it already holds it, else load the front one.
  const onPaintedRef = useRef(onPainted)
  useEffect(() => {
    onPaintedRef.current = onPainted
    shownRef.current = detail
  })

  useEffect(() => {
    const editors = editorsRef.current
    if (!editors || !modules || !detail) {
      if (focusOnLoad.current) focusArrived('draft')
      focusOnLoad.current = false
      // Another kind's view is on top: the editor under it keeps its size.
      editors?.front.pinHeight(editors.front.height)
      return
    }
    const key = modules.DiffModelPool.keyOf(detail)
    if (editors.back.key === key) {
      ;[editors.front, editors.back] = [editors.back, editors.front]
      editors.front.setVisible(true)
      editors.back.setVisible(false)
      editors.back.pinHeight(editors.back.height)
    } else {
      editors.front.load(key, detail, editors.pool.acquire(detail, draftOf(detail)))
    }
    // Only the editor on screen follows the case view's size.
    editors.front.pinHeight(null)
    if (focusOnLoad.current) {
      focusOnLoad.current = false
      focusArrived('draft')
      editors.front.editor.getModifiedEditor().focus()
    }
    let cancelled = false
    void editors.front.whenDiffReady().then(() => {
      if (!cancelled) requestAnimationFrame(() => onPaintedRef.current(detail.casePk))
    })
    return () => {
      cancelled = true
    }
  }, [detail, modules])

  // When the browser is idle (after the open case is painted), prepare the next one in the hidden
  // editor; done any earlier, it would delay the frame the reviewer is waiting for.
  useEffect(() => {
    const editors = editorsRef.current
    if (!editors || !modules) return
    const { DiffModelPool } = modules
    const idle = requestIdleCallback(() => {
      // Whatever the two editors hold stays; everything else near-by was for cases moved past.
      const keep = [editors.front.key, ...(detail ? [DiffModelPool.keyOf(detail)] : [])].filter((key): key is string => key !== null)
      if (detail) heights.current.set(layoutKey(detail), editors.front.height)
      if (upcoming && usesDiff(upcoming)) {
        const key = DiffModelPool.keyOf(upcoming)
        editors.back.pinHeight(heights.current.get(layoutKey(upcoming)) ?? editors.front.height)
        editors.back.load(key, upcoming, editors.pool.acquire(upcoming, draftOf(upcoming)))
        keep.push(key)
      } else if (editors.back.key !== null) {
        editors.back.clear()
      }
      editors.pool.retainOnly(keep)
    }, { timeout: 500 })
    return () => cancelIdleCallback(idle)
  }, [detail, upcoming, modules, layoutKey])

  // While another kind's view is on top, the editors stay laid out underneath, merely invisible:
  // hiding them with display:none would make Monaco lay everything out again on the way back.
  // `inert` keeps them out of reach of focus (invisibility alone does not: Monaco's text area
  // stays focusable).
  return <div ref={containerRef} className="diff-editor" data-idle={detail ? undefined : ''} inert={!detail} aria-hidden={!detail} />
}
