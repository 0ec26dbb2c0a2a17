import type { CaseDetail } from '../../../shared/ipc/views'
import type { ProposalFocus } from '../store/case-slice'
import { editableField } from '../../../shared/domain/proposal-text'
import { LinePositions } from '../../../shared/text/line-positions'
import { monaco } from './monaco'
import { isRewrite } from './rewrite-share'

/** Each side's text area needs its own name for screen readers (the diff editor's `ariaLabel` alone is not enough). */
const SIDE_LABELS = { originalAriaLabel: 'Source, read-only', modifiedAriaLabel: 'Proposal' } as const

/**
 * Where a wrapped line may break: after Monaco's usual characters, but for '.' and ',', so an
 * amount (€1,077.00), a version (v2.14.3) or a date (2026.11.29) is read whole on one screen line.
 * A sentence still breaks at the space after its comma or full stop.
 */
const BREAK_AFTER = monaco.editor.EditorOptions.wordWrapBreakAfterCharacters.defaultValue.replace(/[.,]/g, '')

/**
 * One Monaco diff editor in its own layer. The case view keeps two: the front one shows the open
 * case while the back one, invisible, lays out and diffs the case that comes next.
 */
export class DiffSlot {
  readonly host: HTMLDivElement
  readonly editor: monaco.editor.IStandaloneDiffEditor
  /** Which case (pk:revision) the slot holds, and whether its diff has been computed. */
  key: string | null = null
  diffReady = false
  /** The loaded case's kind: an exception's diff is never tinted. */
  private kind: CaseDetail['reviewCase']['kind'] | null = null
  private evidence: monaco.editor.IEditorDecorationsCollection | null = null
  private readonly diffWaiters: (() => void)[] = []

  constructor(parent: HTMLElement, options: monaco.editor.IDiffEditorConstructionOptions) {
    this.host = document.createElement('div')
    this.host.className = 'diff-slot'
    parent.append(this.host)
    this.editor = monaco.editor.createDiffEditor(this.host, { ...options, wordWrapBreakAfterCharacters: BREAK_AFTER, ...SIDE_LABELS })
    // A read-only side's text area is read-only in the DOM too: screen readers say so, and the
    // window's keys know that nothing types in the source (key-dispatch's isSourceText).
    this.editor.getOriginalEditor().updateOptions({ domReadOnly: true })
    // Only `e` starts editing the proposal: Tab never lands in it (a reviewer tabbing round the
    // page typed the next shortcut, a `2`, into a customer's reply). Once in, Tab indents and
    // Shift+Tab outdents, and only Esc leaves: Tab moved focus out, to the queue or its filter,
    // and the words typed on ran as keys (“thanks” turned triage on and opened the history).
    this.editor.getModifiedEditor().updateOptions({ tabIndex: -1, tabFocusMode: false })
    this.editor.onDidUpdateDiff(() => {
      // Set before Monaco draws the diff's decorations (its next animation frame): no tint flashes.
      // One attribute of the slot's own, set while the slot is prepared: a selector on an attribute
      // that changes at each case switch (the case view's data-kind) would restyle every diff
      // decoration under it at each press (Blink's invalidation sets are per attribute name).
      const model = this.editor.getModel()
      const rewrite = !model || isRewrite(model.modified.getLinesContent(), this.editor.getLineChanges() ?? [], () => ({ source: model.original.getValue(), proposal: model.modified.getValue() }))
      this.host.dataset['tinted'] = String(this.kind !== 'exception' && rewrite)
      // The diff aligns lines the two sides share (blank ones) by padding one side, after the
      // keystroke that changed them: a reviewer typing at the end of an exception's rule saw it
      // pushed below the pane. The line being typed stays in view.
      const proposal = this.editor.getModifiedEditor()
      const position = proposal.hasTextFocus() ? proposal.getPosition() : null
      if (position) proposal.revealPositionInCenterIfOutsideViewport(position)
      this.diffReady = true
      for (const resolve of this.diffWaiters.splice(0)) resolve()
    })
  }

  /**
   * Calls `listener` with where the cursor is in the proposal (`ProposalFocus`) when it enters or
   * leaves it, and again when a new revision makes the proposal read-only (or editable) under it.
   */
  onProposalFocus(listener: (focus: ProposalFocus) => void): void {
    const proposal = this.editor.getModifiedEditor()
    const report = () => listener(!proposal.hasTextFocus() ? null : proposal.getOption(monaco.editor.EditorOption.readOnly) ? 'read-only' : 'typing')
    proposal.onDidFocusEditorText(report)
    proposal.onDidBlurEditorText(report)
    proposal.onDidChangeConfiguration((event) => {
      if (event.hasChanged(monaco.editor.EditorOption.readOnly)) report()
    })
  }

  /**
   * Screen-reader mode ('on' while the OS reports a screen reader, else 'auto'). The diff editor
   * passes every option change on to both sides and resets a side's name unless it comes with it.
   */
  setAccessibilitySupport(mode: 'on' | 'auto'): void {
    this.editor.updateOptions({ accessibilitySupport: mode, ...SIDE_LABELS })
  }

  /**
   * Shows the case `detail` (`key`: its pk:revision) with `models`. A new revision of the case
   * already shown keeps the proposal's cursor, selection and scroll (clamped by Monaco to the new
   * text): a reviewer typing when it arrives types on where they were, not at line 1.
   */
  load(key: string, detail: CaseDetail, models: monaco.editor.IDiffEditorModel): void {
    if (this.key === key) return
    const proposal = this.editor.getModifiedEditor()
    const revised = this.key !== null && this.key.split(':')[0] === key.split(':')[0]
    const viewState = revised ? proposal.saveViewState() : null
    this.key = key
    this.diffReady = false
    this.editor.setModel(models)
    if (viewState) proposal.restoreViewState(viewState)
    this.kind = detail.reviewCase.kind
    const readOnly = editableField(detail.reviewCase) === null
    this.editor.getModifiedEditor().updateOptions({
      readOnly,
      domReadOnly: readOnly,
      readOnlyMessage: { value: detail.reviewCase.kind === 'text-approval' ? 'The automation accepts this only as proposed.' : 'This proposal is structured; its own view edits it.' }
    })
    this.evidence?.clear()
    // Spans count UTF-16 code units of the source as sent; the model's own offsets would be off
    // by one for every CRLF that Monaco rewrote before the span.
    const positions = new LinePositions(detail.reviewCase.source.text)
    this.evidence = this.editor.getOriginalEditor().createDecorationsCollection(
      detail.reviewCase.evidence.flatMap((item) =>
        item.span
          ? [
              {
                range: monaco.Range.fromPositions(positions.at(item.span.start), positions.at(item.span.end)),
                options: { inlineClassName: `evidence-span evidence-${item.id.replace(/[^\w-]/g, '_')}`, hoverMessage: { value: escapeMarkdown(item.label), isTrusted: false, supportHtml: false } }
              }
            ]
          : []
      )
    )
  }

  /** Lets go of its models (before they are disposed). */
  clear(): void {
    this.evidence?.clear()
    this.editor.setModel(null)
    this.key = null
    this.kind = null
    this.diffReady = false
  }

  /** Resolves once the loaded case's diff is computed (at once if it already is). */
  whenDiffReady(): Promise<void> {
    return this.diffReady ? Promise.resolve() : new Promise((resolve) => this.diffWaiters.push(resolve))
  }

  /** The editor's laid-out height in px, as Monaco last measured it (no DOM read). */
  get height(): number {
    return this.editor.getOriginalEditor().getLayoutInfo().height
  }

  /**
   * Holds the editor at `height` px whatever the case view's height, or (with null) lets it
   * follow the case view again. The space under a case's bars differs from case to case; an
   * editor that followed it while hidden would be laid out and drawn again (Monaco's
   * automaticLayout) for nothing at every case switch.
   */
  pinHeight(height: number | null): void {
    this.host.style.height = height === null ? '' : `${height}px`
  }

  /**
   * The back slot is `visibility: hidden` (styles.css): laid out but never painted, so showing it
   * costs a paint and no layout. `inert` keeps its text areas out of reach of focus, which
   * invisibility alone does not.
   */
  setVisible(visible: boolean): void {
    this.host.classList.toggle('front', visible)
    this.host.inert = !visible
    this.host.setAttribute('aria-hidden', String(!visible))
  }

  dispose(): void {
    this.editor.setModel(null)
    this.editor.dispose()
    this.host.remove()
  }
}

/** The label as literal text in Monaco's markdown hover: a case's words never become links or formatting. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&')
}
