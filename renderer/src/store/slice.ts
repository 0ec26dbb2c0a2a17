import type { AppState } from './index'

/**
 * Writes a slice's own state: `set` narrowed from the whole store (zustand's `setState`) to the
 * slice's keys, so writing another slice's state is a type error. A slice that needs another's
 * state changed calls an action that slice owns.
 */
export type SetOwnState<Own> = (partial: OwnState<Own> | ((state: AppState) => OwnState<Own>)) => void

/** Some of a slice's own keys, and none of the other slices' (also when returned from a function). */
type OwnState<Own> = Partial<Own> & { [Key in Exclude<keyof AppState, keyof Own>]?: never }

/** A slice of the one store (zustand's slices pattern): reads the whole store, writes only its own state. */
export type SliceCreator<Own> = (set: SetOwnState<Own>, get: () => AppState) => Own
