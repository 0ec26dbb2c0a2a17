import { bindingConflict, COMMAND_SPECS, type Keymap } from '../../../shared/commands'
import { AppError } from '../../../shared/ipc/errors'
import type { PreferencesRepository } from '../db/repositories/preferences-repository'

const KEYMAP = 'keymap'

/** The reviewer's own key bindings, checked for conflicts before they are kept. */
export class KeymapService {
  constructor(
    private readonly preferences: PreferencesRepository,
    private readonly onChange: (keymap: Keymap) => void = () => {}
  ) {}

  get(): Keymap {
    return this.preferences.get<Keymap>(KEYMAP, {})
  }

  /**
   * Binds `keys` to a command, or refuses: `not-found` for a command that does not exist,
   * `key-conflict` (the conflict named) for keys that cannot be bound to it.
   */
  bind(id: string, keys: string): Keymap {
    if (!COMMAND_SPECS.some((command) => command.id === id)) throw new AppError('not-found', `There is no command "${id}".`)
    const keymap = this.get()
    const conflict = bindingConflict(id, keys, keymap)
    if (conflict) throw new AppError('key-conflict', conflict)
    return this.save({ ...keymap, [id]: keys })
  }

  reset(): Keymap {
    return this.save({})
  }

  private save(keymap: Keymap): Keymap {
    this.preferences.set(KEYMAP, keymap)
    this.onChange(keymap)
    return keymap
  }
}
