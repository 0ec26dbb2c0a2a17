import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import { builtinModules } from 'node:module'
import tseslint from 'typescript-eslint'

// The layering rules of ARCHITECTURE.md, enforced: renderer → shared; electron/main → services →
// shared; preload → shared. Breaking one is a lint error, not a review comment.
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)]
const NO_ELECTRON = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' }
const NO_NODE = nodeBuiltins.map((name) => ({ name, message: 'This code also runs in the renderer: no Node built-ins.' }))
const NO_NATIVE = ['better-sqlite3', 'keytar'].map((name) => ({ name, message: 'Native modules belong to electron/services.' }))

function restrict(paths, patterns) {
  return { 'no-restricted-imports': ['error', { paths, patterns }] }
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Case content is data: never render it as HTML.' },
        { selector: "CallExpression[callee.name='eval']", message: 'Nothing from a case may run as code.' },
        { selector: "NewExpression[callee.name='Function']", message: 'Nothing from a case may run as code.' }
      ]
    }
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([NO_ELECTRON, ...NO_NODE, ...NO_NATIVE], [
        { group: ['**/electron/**', '!**/shared/**'], message: 'The renderer reaches the main process only through api/bridge.ts.' }
      ])
    }
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      [NO_ELECTRON, ...NO_NODE, ...NO_NATIVE, ...['react', 'react-dom', 'zustand', 'monaco-editor'].map((name) => ({ name, message: 'shared/ is UI-free.' }))],
      [
        { group: ['**/electron/**', '**/renderer/**', '**/test/**'], message: 'shared/ imports nothing app-specific.' },
        { group: ['react/*', 'monaco-editor/*'], message: 'shared/ is UI-free.' }
      ]
    )
  },
  {
    files: ['electron/services/**/*.ts'],
    rules: restrict([NO_ELECTRON], [
      { group: ['**/renderer/**', '**/main/**', '**/preload/**', '**/test/**'], message: 'Services depend only on shared/ and each other.' }
    ])
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: restrict(NO_NATIVE, [{ group: ['**/services/**', '**/main/**', '**/renderer/**'], message: 'The preload only bridges; it imports shared/ and electron.' }])
  },
  {
    // The web host is the shell where Electron is missing: the services and the IPC dispatcher, no Electron.
    files: ['electron/web-host/**/*.ts'],
    rules: restrict([NO_ELECTRON], [
      { group: ['**/renderer/**', '**/preload/**', '**/test/**'], message: 'The web host serves the built renderer; it imports services, main/ipc and shared/.' }
    ])
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: restrict([], [{ group: ['**/renderer/**', '**/test/**'], message: 'The main process never imports the renderer or tests.' }])
  }
)
