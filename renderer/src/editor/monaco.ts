// Monaco, bundled with the app: its core API plus the few editor features a reviewer uses, and
// its worker loaded from our own origin. Nothing is ever fetched from a CDN.
import * as monaco from 'monaco-editor/editor/editor.api'
import 'monaco-editor/editor/contrib/find/browser/findController'
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard'
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations'
import 'monaco-editor/editor/contrib/unicodeHighlighter/browser/unicodeHighlighter'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker()
}

export { monaco }

// Source and proposal are different documents, so most lines differ: the diff tints are kept faint
// so the screen stays calm, with word-level changes a little stronger where they matter.
monaco.editor.defineTheme('countersign-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: {
    'diffEditor.removedLineBackground': '#fbeeee',
    'diffEditor.insertedLineBackground': '#eef7f0',
    'diffEditor.removedTextBackground': '#f5c9c966',
    'diffEditor.insertedTextBackground': '#bfe5c866',
    'diffEditor.diagonalFill': '#00000010'
  }
})
monaco.editor.defineTheme('countersign-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: {
    'editor.background': '#171b21',
    'diffEditor.removedLineBackground': '#3a1f2230',
    'diffEditor.insertedLineBackground': '#1d352530',
    'diffEditor.removedTextBackground': '#7a2d3350',
    'diffEditor.insertedTextBackground': '#2d6a3f50',
    'diffEditor.diagonalFill': '#ffffff10'
  }
})

const darkScheme = window.matchMedia('(prefers-color-scheme: dark)')

/** Follows the OS light/dark setting, as the rest of the UI does through CSS. */
export function followSystemTheme(): void {
  const apply = () => monaco.editor.setTheme(darkScheme.matches ? 'countersign-dark' : 'countersign-light')
  apply()
  darkScheme.addEventListener('change', apply)
}
