import { useEffect, useRef } from 'react'
import { allCommands } from '../../commands/command-table'
import { registerFocusTarget } from '../../ui/focus-targets'
import { useAppStore } from '../../store'
import { keyLabel, useCommandKeys } from '../../commands/key-hints'

/** Settings › shortcuts: Tab to a command, Enter, then press its new key. Conflicts are refused. */
export function KeymapEditor() {
  const keymap = useAppStore((state) => state.keymap)
  const capturing = useAppStore((state) => state.capturingKeysFor)
  const captureKeysFor = useAppStore((state) => state.captureKeysFor)
  const resetKeymap = useAppStore((state) => state.resetKeymap)
  const keymapKeys = useCommandKeys('settings.keymap')
  const firstButton = useRef<HTMLButtonElement>(null)
  useEffect(() => registerFocusTarget('keymap', () => firstButton.current?.focus()), [])
  const commands = allCommands(keymap).filter((command) => !command.fixed)
  return (
    <section aria-labelledby="keymap-title">
      <h2 id="keymap-title" className="section-title">
        Keyboard shortcuts
      </h2>
      <p className="muted">
        <kbd>{keymapKeys}</kbd> jumps here. Tab to a command, press Enter, then the new key. Keys match the character your layout types.
      </p>
      <table className="keymap-table">
        <tbody>
          {commands.map((command, index) => (
            <tr key={command.id}>
              <td>{command.title}</td>
              <td>
                {capturing === command.id ? <span className="capturing">press the new key… (Esc cancels)</span> : <kbd>{keyLabel(command.keys)}</kbd>}
                {keymap[command.id] && <span className="muted"> (yours)</span>}
              </td>
              <td>
                <button
                  ref={index === 0 ? firstButton : undefined}
                  type="button"
                  data-command-id={command.id}
                  aria-label={`Change the shortcut for ${command.title}`}
                  onClick={() => captureKeysFor(command.id)}
                >
                  Change
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => void resetKeymap()}>
        Restore the default shortcuts
      </button>
    </section>
  )
}
