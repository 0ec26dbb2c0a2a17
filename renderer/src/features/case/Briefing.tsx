import { useAppStore } from '../../store'
import { lazyModule } from '../../../../shared/lazy-module'
import { useLazyModule } from '../../ui/lazy-module'
import { VisibleText } from '../../ui/VisibleText'

/**
 * The markdown renderer (react-markdown and its parser, ~110 kB) is a chunk of its own: the first
 * screen's script is parsed before anything is drawn, and most first cases have no briefing. It
 * is loaded when a case with a briefing is about to open (app/first-screen.ts waits for it for
 * the first case) and otherwise once the first case is on screen and the browser is idle.
 */
const safeMarkdown = lazyModule(() => import('./SafeMarkdown'))
const markdownFailed = (error: unknown) => useAppStore.getState().showFailure('Could not load the briefing\'s formatting', error)
/** Loaded ahead of need: a failure is reported when a briefing asks for it. */
const ignoreFailure = () => {}

/**
 * Null when `briefing` can be shown as it should now (there is none, or the markdown renderer is
 * in); else a promise that settles once the renderer has loaded (or failed to: then it is plain).
 */
export function briefingReady(briefing: string | undefined): Promise<void> | null {
  if (!briefing || safeMarkdown.loaded()) return null
  return safeMarkdown.load().then(
    () => undefined,
    () => undefined
  )
}

/** Loads the markdown renderer once a case is on screen and the browser is idle, so a later briefing shows at once. */
export function useBriefingRendererWhenIdle(): void {
  const caseOnScreen = useAppStore((state) => state.shownCase !== null)
  useLazyModule(safeMarkdown, { now: false, whenIdle: caseOnScreen, onFailure: ignoreFailure })
}

/**
 * The automation's briefing, as markdown (SafeMarkdown). Until the renderer has loaded, which
 * happens only for a case opened in the first moments, the same text is shown plain.
 */
export function Briefing({ text }: { text: string }) {
  const markdown = useLazyModule(safeMarkdown, { now: true, onFailure: markdownFailed })
  const label = 'What the automation says about it'
  if (markdown) return <markdown.SafeMarkdown text={text} label={label} />
  return (
    <div className="briefing" aria-label={label}>
      <p>
        <VisibleText text={text} />
      </p>
    </div>
  )
}
