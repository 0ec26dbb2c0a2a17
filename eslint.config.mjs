import js from '@eslint/js'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import { readdirSync } from 'node:fs'
import { builtinModules } from 'node:module'
import tseslint from 'typescript-eslint'

// The layering rules of ARCHITECTURE.md, enforced: renderer → shared; electron/main → services →
// shared; preload → shared. Breaking one is a lint error, not a review comment.
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)]
const NO_ELECTRON = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' }
const NO_NODE = nodeBuiltins.map((name) => ({ name, message: 'This code also runs in the renderer: no Node built-ins.' }))
const NO_NATIVE = ['better-sqlite3', 'keytar'].map((name) => ({ name, message: 'Native modules belong to electron/services.' }))

// Nothing from a case may run as code, anywhere.
const CASE_IS_DATA = [
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Case content is data: never render it as HTML.' },
  { selector: "CallExpression[callee.name='eval']", message: 'Nothing from a case may run as code.' },
  { selector: "NewExpression[callee.name='Function']", message: 'Nothing from a case may run as code.' }
]

// SQL lives only in electron/services/db/ (the connection, migrations, repositories): elsewhere a
// statement, a pragma, a transaction or a string that reads as SQL is a lint error. Services get
// repositories (and `inTransaction`) from the composition root. test/ is exempt on purpose: tests
// read the cache file itself, as an auditor would, and build the schemas of earlier versions.
const SQL_TEXT = String.raw`/\b(SELECT\b[\s\S]*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|(CREATE|DROP)\s+(TABLE|(UNIQUE\s+)?INDEX|VIEW|TRIGGER)|ALTER\s+TABLE|PRAGMA\s+\w+)\b/`
const SQL_ONLY_IN_DB = 'SQL lives only in electron/services/db/: add a repository method (db/repositories/) and inject it.'
const NO_SQL = [
  { selector: "CallExpression[callee.property.name=/^(prepare|pragma|transaction)$/]", message: SQL_ONLY_IN_DB },
  // db.exec(sql), not a RegExp's exec (on a /literal/, or given a plain variable to match).
  { selector: "CallExpression[callee.property.name='exec']:not([callee.object.regex]):not([arguments.0.type='Identifier'])", message: SQL_ONLY_IN_DB },
  { selector: `TemplateElement[value.raw=${SQL_TEXT}]`, message: SQL_ONLY_IN_DB },
  { selector: `Literal[value=${SQL_TEXT}]`, message: SQL_ONLY_IN_DB }
]

function restrict(paths, patterns) {
  return { 'no-restricted-imports': ['error', { paths, patterns }] }
}

// The renderer's inner layers (renderer/src/<layer>/), lowest first, and what each may import
// besides shared/ and libraries. Anything else is a lint error, as VS Code's `code-layering` rule
// makes its layering. A feature imports no other feature: what two need lives in a lower layer.
const RENDERER = 'renderer/src'
const RENDERER_LAYERS = {
  api: [], //        the bridge to the main process, looked up on first use
  ui: [], //         presentational pieces and formatting: no state, no bridge
  store: ['api'], // zustand slices (each writes only its own state), selectors
  commands: ['api', 'store', 'ui'], // the command table, key dispatch, key-press rules
  editor: ['api', 'store', 'commands', 'ui'], // Monaco
  features: ['api', 'store', 'commands', 'ui', 'editor'], // one folder per screen or panel
  app: ['api', 'store', 'commands', 'ui', 'editor', 'features'] // the shell: App, status bar, key and event wiring
}
const FEATURES = readdirSync(new URL(`./${RENDERER}/features`, import.meta.url), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
const rendererLayerZones = [
  ...Object.entries(RENDERER_LAYERS).map(([layer, allowed]) => ({
    target: `${RENDERER}/${layer}`,
    from: [...Object.keys(RENDERER_LAYERS).filter((other) => other !== layer && !allowed.includes(other)).map((other) => `${RENDERER}/${other}`), `${RENDERER}/main.tsx`],
    message: `renderer/src/${layer}/ may import only ${allowed.length > 0 ? allowed.join('/, ') + '/ and ' : ''}shared/ (the layers in eslint.config.mjs).`
  })),
  ...FEATURES.map((feature) => ({
    target: `${RENDERER}/features/${feature}`,
    from: `${RENDERER}/features`,
    except: [`./${feature}`],
    message: 'A feature imports no other feature: move what both need to ui/, store/ or commands/.'
  }))
]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // No import cycles anywhere (type-only imports do not count: they vanish when compiled).
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'] })]
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] }
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...CASE_IS_DATA]
    }
  },
  {
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: ['electron/services/db/**'],
    rules: { 'no-restricted-syntax': ['error', ...CASE_IS_DATA, ...NO_SQL] }
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([NO_ELECTRON, ...NO_NODE, ...NO_NATIVE], [
        { group: ['**/electron/**', '!**/shared/**'], message: 'The renderer reaches the main process only through api/bridge.ts.' }
      ]),
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: rendererLayerZones }]
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
