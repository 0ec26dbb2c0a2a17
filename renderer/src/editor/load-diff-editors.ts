import { useEffect, useState } from 'react'
import { useAppStore } from '../store'
import type * as DiffEditorsModule from './diff-editors'

export type DiffEditors = typeof DiffEditorsModule

let loading: Promise<DiffEditors> | undefined

/** Imports Monaco and the diff editors built on it once; a failed import is tried again on the next call. */
export function loadDiffEditors(): Promise<DiffEditors> {
  loading ??= import('./diff-editors').catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return loading
}

/**
 * The diff editors' module, or null until it has loaded. It loads at once when `needed` (a case
 * shown as a diff is open); otherwise once a first case is on screen and the browser is idle, so
 * its evaluation (hundreds of ms of main-thread script) never delays the first screen. A failed
 * load is shown in the status bar.
 */
export function useDiffEditors(needed: boolean): DiffEditors | null {
  const [loaded, setLoaded] = useState<DiffEditors | null>(null)
  const caseOnScreen = useAppStore((state) => state.shownCase !== null)
  useEffect(() => {
    if (loaded || !(needed || caseOnScreen)) return
    let cancelled = false
    const load = () =>
      void loadDiffEditors().then(
        (module) => !cancelled && setLoaded(module),
        (error: unknown) => !cancelled && useAppStore.getState().showFailure('Could not load the diff editor', error)
      )
    if (needed) {
      load()
      return () => void (cancelled = true)
    }
    const idle = requestIdleCallback(load)
    return () => {
      cancelled = true
      cancelIdleCallback(idle)
    }
  }, [loaded, needed, caseOnScreen])
  return loaded
}
