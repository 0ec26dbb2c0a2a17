import { useEffect, useRef } from 'react'
import type { Case } from '../../../shared/domain/case'
import { proposalText } from '../../../shared/domain/proposal-text'
import { registerFocusTarget } from '../app/focus-targets'
import { useAppStore } from '../store'
import { followSystemTheme, monaco } from './monaco'

interface Props {
  casePk: number
  reviewCase: Case
  /** The reviewer's unsaved edit, if they made one before moving away and back. */
  draft: string | undefined
}

/**
 * Source on the left, the automation's proposal on the right, in one long-lived Monaco diff
 * editor. Moving to another case swaps its models rather than rebuilding the editor, which is what
 * keeps case-to-case navigation inside a frame.
 */
export function SourceProposalDiff({ casePk, reviewCase, draft }: Props) {
  const containerRef = useRef<HTMLDivElement>(null)
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | null>(null)

  useEffect(() => {
    followSystemTheme()
    const editor = monaco.editor.createDiffEditor(containerRef.current!, {
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: false,
      originalEditable: false,
      automaticLayout: true,
      wordWrap: 'on',
      diffWordWrap: 'on',
      minimap: { enabled: false },
      renderOverviewRuler: false,
      scrollBeyondLastLine: false,
      ignoreTrimWhitespace: false,
      renderIndicators: false,
      maxComputationTime: 500,
      fontSize: 14,
      lineHeight: 22,
      lineNumbers: 'off',
      glyphMargin: false,
      folding: false,
      contextmenu: false,
      editContext: false,
      accessibilitySupport: 'on',
      ariaLabel: 'Source compared with the proposal'
    })
    editorRef.current = editor
    const unregister = registerFocusTarget('draft', () => editor.getModifiedEditor().focus())
    return () => {
      unregister()
      const model = editor.getModel()
      editor.dispose()
      model?.original.dispose()
      model?.modified.dispose()
      editorRef.current = null
    }
  }, [])

  // Swap in this case's models; `draft` is read only when the case changes, never echoed back.
  useEffect(() => {
    const editor = editorRef.current
    const container = containerRef.current
    if (!editor || !container) return
    const proposal = proposalText(reviewCase)
    const original = monaco.editor.createModel(reviewCase.source.text, 'plaintext')
    const modified = monaco.editor.createModel(draft ?? proposal.text, 'plaintext')
    const previous = editor.getModel()
    container.removeAttribute('data-painted-case')
    editor.setModel({ original, modified })
    editor.getModifiedEditor().updateOptions({
      readOnly: proposal.editableField === null,
      readOnlyMessage: { value: 'This proposal is structured; its own view edits it.' }
    })
    previous?.original.dispose()
    previous?.modified.dispose()

    const evidence = editor.getOriginalEditor().createDecorationsCollection(
      reviewCase.evidence.flatMap((item) =>
        item.span
          ? [
              {
                range: monaco.Range.fromPositions(original.getPositionAt(item.span.start), original.getPositionAt(item.span.end)),
                options: { inlineClassName: 'evidence-span', hoverMessage: { value: item.label } }
              }
            ]
          : []
      )
    )
    const contentListener = modified.onDidChangeContent(() => {
      const text = modified.getValue()
      useAppStore.getState().setDraft(casePk, text === proposal.text ? null : text)
    })
    const diffListener = editor.onDidUpdateDiff(() => {
      requestAnimationFrame(() => container.setAttribute('data-painted-case', String(casePk)))
    })
    return () => {
      evidence.clear()
      contentListener.dispose()
      diffListener.dispose()
    }
    // The draft only seeds a new model; echoing each keystroke back would reset the cursor.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [casePk, reviewCase])

  return <div ref={containerRef} className="diff-editor" data-testid="diff-editor" />
}
