import { useEffect, useState } from 'react'
import type { LazyModule } from '../../../shared/lazy-module'

/**
 * The module once it has loaded, else null (the component renders again when it arrives). It is
 * imported at once when `now`; else, once `whenIdle`, when the browser is next idle
 * (`requestIdleCallback`, at the latest `idleTimeoutMs` later, if given), so its evaluation never
 * delays what is being drawn. A failed import goes to `onFailure` (a function defined once, outside
 * the component; it is tried again the next time either condition turns true).
 */
export function useLazyModule<T>(
  module: LazyModule<T>,
  { now, whenIdle = false, idleTimeoutMs, onFailure }: { now: boolean; whenIdle?: boolean; idleTimeoutMs?: number; onFailure: (error: unknown) => void }
): T | null {
  const [loaded, setLoaded] = useState<T | null>(module.loaded)
  useEffect(() => {
    if (loaded || !(now || whenIdle)) return
    let cancelled = false
    const load = () =>
      void module.load().then(
        (imported) => !cancelled && setLoaded(() => imported),
        (error: unknown) => !cancelled && onFailure(error)
      )
    if (now) {
      load()
      return () => void (cancelled = true)
    }
    const idle = requestIdleCallback(load, idleTimeoutMs === undefined ? undefined : { timeout: idleTimeoutMs })
    return () => {
      cancelled = true
      cancelIdleCallback(idle)
    }
  }, [module, loaded, now, whenIdle, idleTimeoutMs, onFailure])
  return loaded
}
