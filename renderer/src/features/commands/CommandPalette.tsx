import { Command } from 'cmdk'
import { commandChoices, pickableCount, runChosenCommand } from '../../commands/command-table'
import { keyLabel } from '../../commands/key-hints'
import { paletteMatchScore } from '../../commands/palette-match'
import { isDeliberate } from '../../commands/key-press'
import { useAppStore } from '../../store'

/** Ctrl/Cmd+K: every command available here, found by typing a few letters, with its keys. */
export function CommandPalette() {
  const open = useAppStore((state) => state.overlay === 'palette')
  const screen = useAppStore((state) => state.screen)
  const keymap = useAppStore((state) => state.keymap)
  if (!open) return null
  const state = useAppStore.getState()
  const choices = commandChoices(screen, keymap, pickableCount(state)).filter(({ command }) => command.id !== 'app.palette' && (!command.isEnabled || command.isEnabled(state)))
  return (
    <div className="picker-backdrop">
      <Command
        className="palette"
        label="Command palette"
        loop
        filter={paletteMatchScore}
        onKeyDown={(event) => {
          // A held Enter runs the chosen command once; cmdk itself leaves a composition's Enter alone.
          if (event.key === 'Enter' && !isDeliberate(event.nativeEvent)) event.preventDefault()
        }}
      >
        <Command.Input autoFocus placeholder="Type a command…" aria-label="Command" />
        <Command.List>
          <Command.Empty>No command matches.</Command.Empty>
          {choices.map(({ command, key, title }) => (
            <Command.Item
              key={`${command.id} ${key}`}
              value={`${title} ${command.id}`}
              keywords={command.keywords ? [...command.keywords] : undefined}
              data-command-id={command.id}
              onSelect={() => {
                useAppStore.getState().setOverlay(null)
                runChosenCommand(useAppStore.getState(), command.id, key)
              }}
            >
              <span>{title}</span>
              <kbd>{keyLabel(key)}</kbd>
            </Command.Item>
          ))}
        </Command.List>
      </Command>
    </div>
  )
}
