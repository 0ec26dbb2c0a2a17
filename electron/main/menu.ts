import { Menu, app, type MenuItemConstructorOptions } from 'electron'
import { UNBOUND, type Keymap } from '../../shared/commands'
import { commandMenuSections } from './menu-template'

export interface MenuActions {
  /** Runs a command in the renderer, as if its keys were pressed. */
  runCommand(id: string): void
}

/**
 * The application menu: standard roles for editing and windows, then every reviewer command, by
 * section, with its keys shown. Accelerators are displayed but not registered: single-letter keys
 * must still type into text fields; the renderer's key handler owns them.
 */
export function buildApplicationMenu(actions: MenuActions, keymap: Keymap): Menu {
  const isMac = process.platform === 'darwin'
  const commandMenus: MenuItemConstructorOptions[] = commandMenuSections(keymap).map((section) => ({
    label: section.label,
    submenu: section.items.map((item) => ({
      label: item.accelerator || item.keys === UNBOUND ? item.title : `${item.title}    ${item.keys}`,
      ...(item.accelerator ? { accelerator: item.accelerator, registerAccelerator: false } : {}),
      click: () => actions.runCommand(item.id)
    }))
  }))
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    ...commandMenus,
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }])
      ]
    },
    { role: 'windowMenu' }
  ]
  return Menu.buildFromTemplate(template)
}
