import { useAppStore } from '../store'
import { lazyModule } from '../../../shared/lazy-module'
import { useLazyModule } from '../ui/lazy-module'
import type * as DiffEditorsModule from './diff-editors'

export type DiffEditors = typeof DiffEditorsModule

/** Monaco and the diff editors built on it: a chunk of its own, imported once. */
const diffEditors = lazyModule<DiffEditors>(() => import('./diff-editors'))
const diffEditorsFailed = (error: unknown) => useAppStore.getState().showFailure('Could not load the diff editor', error)

/**
 * The diff editors' module, or null until it has loaded. It loads at once when `needed` (a case
 * shown as a diff is open); otherwise once a first case is on screen and the browser is idle, so
 * its evaluation (hundreds of ms of main-thread script) never delays the first screen. A failed
 * load is shown in the status bar.
 */
export function useDiffEditors(needed: boolean): DiffEditors | null {
  const caseOnScreen = useAppStore((state) => state.shownCase !== null)
  return useLazyModule(diffEditors, { now: needed, whenIdle: caseOnScreen, onFailure: diffEditorsFailed })
}
