import { Command } from 'cmdk'
import { commandsFor } from '../../app/commands'
import { useAppStore } from '../../store'

/** Ctrl/Cmd+K: every command available here, found by typing a few letters, with its keys. */
export function CommandPalette() {
  const open = useAppStore((state) => state.overlay === 'palette')
  const screen = useAppStore((state) => state.screen)
  const keymap = useAppStore((state) => state.keymap)
  if (!open) return null
  const state = useAppStore.getState()
  const commands = commandsFor(screen, keymap).filter((command) => command.id !== 'app.palette' && (!command.isEnabled || command.isEnabled(state)))
  return (
    <div className="picker-backdrop">
      <Command className="palette" label="Command palette" loop>
        <Command.Input autoFocus placeholder="Type a command…" aria-label="Command" />
        <Command.List>
          <Command.Empty>No command matches.</Command.Empty>
          {commands.map((command) => (
            <Command.Item
              key={command.id}
              value={`${command.title} ${command.id}`}
              data-command-id={command.id}
              onSelect={() => {
                const current = useAppStore.getState()
                current.setOverlay(null)
                command.run(current, command.keys === '1-9' ? '1' : command.keys)
              }}
            >
              <span>{command.title}</span>
              <kbd>{command.keys}</kbd>
            </Command.Item>
          ))}
        </Command.List>
      </Command>
    </div>
  )
}
