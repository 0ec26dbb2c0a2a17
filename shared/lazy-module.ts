/**
 * A module kept out of the first chunk and imported once, on demand (Vite splits each dynamic
 * `import()` into a chunk of its own).
 */
export interface LazyModule<T> {
  /** The module, or null until it has loaded. */
  loaded(): T | null
  /** Imports it once; a failed import is tried again on the next call. */
  load(): Promise<T>
}

/** `importer` is the dynamic `import()` of the module, e.g. `() => import('./SafeMarkdown')`. */
export function lazyModule<T>(importer: () => Promise<T>): LazyModule<T> {
  let module: T | null = null
  let loading: Promise<T> | undefined
  return {
    loaded: () => module,
    load() {
      loading ??= importer().then(
        (imported) => (module = imported),
        (error: unknown) => {
          loading = undefined
          throw error
        }
      )
      return loading
    }
  }
}
