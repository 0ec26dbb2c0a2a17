import { allCommands } from '../../commands/command-table'
import { useAppStore } from '../../store'
import { keyLabel } from '../../commands/key-hints'
import { commandKeys, PALETTE_KEYS } from '../../../../shared/commands'
import { useDialogFocus } from '../../ui/use-dialog-focus'

/** `?`: every command and its keys, by section; the ones that work on this screen stand out. */
export function CheatSheet() {
  const open = useAppStore((state) => state.overlay === 'cheat-sheet')
  const screen = useAppStore((state) => state.screen)
  const keymap = useAppStore((state) => state.keymap)
  const dialog = useDialogFocus<HTMLDivElement>(open)
  if (!open) return null
  const keysOf = (id: string) => keyLabel(commandKeys(keymap, id))
  const sections = new Map<string, ReturnType<typeof allCommands>>()
  for (const command of allCommands(keymap)) sections.set(command.section, [...(sections.get(command.section) ?? []), command])
  return (
    <div className="picker-backdrop">
      <div ref={dialog} className="cheat-sheet" role="dialog" aria-modal="true" aria-labelledby="cheat-sheet-title">
        <h2 id="cheat-sheet-title">Keyboard shortcuts</h2>
        <div className="cheat-sections">
          {[...sections].map(([section, commands]) => (
            <section key={section}>
              <h3>{section}</h3>
              <dl>
                {commands.map((command) => (
                  <div key={command.id} data-command-id={command.id} className={!command.screens || command.screens.includes(screen) ? undefined : 'elsewhere'}>
                    <dt>
                      <kbd>{keyLabel(command.keys)}</kbd>
                    </dt>
                    <dd>{command.title}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <p className="muted">
          <kbd>Esc</kbd> close · <kbd>PageDown</kbd> <kbd>PageUp</kbd> scroll · <kbd>{keyLabel(PALETTE_KEYS)}</kbd> search commands · change keys in Settings (<kbd>{keysOf('go.settings')}</kbd>, <kbd>{keysOf('settings.keymap')}</kbd>) ·{' '}
          <span className="cheat-legend">greyed: works on another screen</span>
        </p>
      </div>
    </div>
  )
}
