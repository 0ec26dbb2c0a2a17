import { REACTION_TIME_MS } from '../../../shared/commands'
import type { PreferencesRepository } from '../db/repositories/preferences-repository'

const REACTION_TIME = 'reactionTimeMs'

/**
 * The reviewer's reaction time: how long, in milliseconds, a case must have been on screen before
 * a decision key applies to it (the renderer enforces it). The IPC contract bounds what is stored
 * to REACTION_TIME_MS.min–max; the default is REACTION_TIME_MS.default.
 */
export class ReactionTimeSetting {
  constructor(private readonly preferences: PreferencesRepository) {}

  get(): number {
    return this.preferences.get(REACTION_TIME, REACTION_TIME_MS.default)
  }

  set(ms: number): number {
    this.preferences.set(REACTION_TIME, ms)
    return ms
  }
}
