import js from '@eslint/js'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import { readdirSync } from 'node:fs'
import { builtinModules } from 'node:module'
import tseslint from 'typescript-eslint'

// The layering rules of README.md ("Layout"), enforced: renderer → shared; electron/main → services →
// shared; preload → shared; cli → shared. Breaking one is a lint error, not a review comment.
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
// SQLite reads keywords in any case: SQL_TEXT finds upper-case SQL anywhere in a string;
// SQL_TEXT_ANY_CASE finds a string that *starts* as a statement in any case, shaped tightly enough
// that prose ("Select the cases to take with you from the queue.") is left alone.
const SQL_TEXT = String.raw`/\b(SELECT\b[\s\S]*\bFROM|(INSERT|REPLACE)\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|(CREATE|DROP)\s+(TEMP\w*\s+)?(TABLE|(UNIQUE\s+)?INDEX|VIEW|TRIGGER)|ALTER\s+TABLE|PRAGMA\s+\w+)\b/`
const SQL_TEXT_ANY_CASE = String.raw`/^\s*(select\s[\s\S]*\bfrom\s+["\w.]+\s*(\bwhere\b|\bjoin\b|\border\b|\bgroup\b|\blimit\b|,|;|\)|$)|(insert|replace)\s+(or\s+\w+\s+)?into\s+["\w]+|update\s+["\w]+\s+set\s+["\w]+\s*=|delete\s+from\s+["\w]+\s*(\bwhere\b|;|$)|(create|drop)\s+(temp\w*\s+)?(table|(unique\s+)?index|view|trigger)\s|alter\s+table\s|pragma\s+\w+\s*(=|\(|;|$)|with\s+(recursive\s+)?\w+\s+as\s*\()/i`
const SQL_ONLY_IN_DB = 'SQL lives only in electron/services/db/: add a repository method (db/repositories/) and inject it.'
const DB_METHOD = '/^(prepare|pragma|transaction)$/'
const NO_SQL = [
  // db.prepare(…), db.prepare.bind(db), db['prepare'], const { prepare } = db: any reach for the methods.
  { selector: `MemberExpression[property.name=${DB_METHOD}]`, message: SQL_ONLY_IN_DB },
  { selector: `MemberExpression[computed=true][property.value=/^(prepare|pragma|transaction|exec)$/]`, message: SQL_ONLY_IN_DB },
  { selector: `MemberExpression[computed=true][property.quasis.0.value.raw=/^(prepare|pragma|transaction|exec)$/]`, message: SQL_ONLY_IN_DB },
  { selector: `ObjectPattern > Property[key.name=${DB_METHOD}]`, message: SQL_ONLY_IN_DB },
  // db.exec(sql), whatever its argument, but not a RegExp's exec: on a /literal/ or on a pattern
  // constant named in capitals (the repo's convention for RegExps, e.g. LONE_SURROGATE.exec(text)).
  { selector: "CallExpression[callee.property.name='exec']:not([callee.object.regex]):not([callee.object.name=/^[A-Z][A-Z0-9_]*$/])", message: SQL_ONLY_IN_DB },
  ...[SQL_TEXT, SQL_TEXT_ANY_CASE].flatMap((text) => [
    { selector: `TemplateElement[value.raw=${text}]`, message: SQL_ONLY_IN_DB },
    { selector: `Literal[value=${text}]`, message: SQL_ONLY_IN_DB }
  ])
]

// Every kind of source file a folder may hold: a rule scoped to `*.ts` alone is escaped by a `.mts`.
const CODE = '*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'

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
const OUTSIDE_LAYERS = `renderer/src/ holds only main.tsx and the layer folders (${Object.keys(RENDERER_LAYERS).join('/, ')}/): put this file in the layer it belongs to (eslint.config.mjs).`
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
    // The product's code: an `eslint-disable` comment cannot switch off the rules above for it
    // (the SQL home, the layers, case-is-data); a rule that is wrong changes here, in review.
    files: [`electron/**/${CODE}`, `shared/**/${CODE}`, `renderer/**/${CODE}`],
    linterOptions: { noInlineConfig: true }
  },
  {
    files: [`electron/**/${CODE}`, `shared/**/${CODE}`, `renderer/**/${CODE}`],
    ignores: ['electron/services/db/**'],
    rules: { 'no-restricted-syntax': ['error', ...CASE_IS_DATA, ...NO_SQL] }
  },
  {
    files: [`renderer/**/${CODE}`],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Only for the React Compiler, which this app does not use (TanStack Virtual trips it).
      'react-hooks/incompatible-library': 'off',
      ...restrict([NO_ELECTRON, ...NO_NODE, ...NO_NATIVE], [
        { group: ['**/electron/**', '!**/shared/**'], message: 'The renderer reaches the main process only through api/bridge.ts.' }
      ]),
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: rendererLayerZones }]
    }
  },
  {
    // renderer/src/ holds main.tsx (the entry, which may import any layer), styles.css and the layer
    // folders, nothing else: a file elsewhere would belong to no layer and be bound by none.
    files: [`${RENDERER}/**/${CODE}`],
    ignores: [...Object.keys(RENDERER_LAYERS).map((layer) => `${RENDERER}/${layer}/**`), `${RENDERER}/main.tsx`],
    rules: {
      'no-restricted-syntax': ['error', ...CASE_IS_DATA, ...NO_SQL, { selector: 'Program', message: OUTSIDE_LAYERS }],
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: [{ target: RENDERER, from: RENDERER, message: OUTSIDE_LAYERS }] }]
    }
  },
  {
    files: [`shared/**/${CODE}`],
    rules: restrict(
      [NO_ELECTRON, ...NO_NODE, ...NO_NATIVE, ...['react', 'react-dom', 'zustand', 'monaco-editor'].map((name) => ({ name, message: 'shared/ is UI-free.' }))],
      [
        { group: ['**/electron/**', '**/renderer/**', '**/test/**'], message: 'shared/ imports nothing app-specific.' },
        { group: ['react/*', 'monaco-editor/*'], message: 'shared/ is UI-free.' }
      ]
    )
  },
  {
    files: [`electron/services/**/${CODE}`],
    rules: restrict([NO_ELECTRON], [
      { group: ['**/renderer/**', '**/main/**', '**/preload/**', '**/test/**'], message: 'Services depend only on shared/ and each other.' }
    ])
  },
  {
    files: [`electron/preload/**/${CODE}`],
    rules: restrict(NO_NATIVE, [{ group: ['**/services/**', '**/main/**', '**/renderer/**'], message: 'The preload only bridges; it imports shared/ and electron.' }])
  },
  {
    // The web host is the shell where Electron is missing: the services and the IPC dispatcher, no Electron.
    files: [`electron/web-host/**/${CODE}`],
    rules: restrict([NO_ELECTRON], [
      { group: ['**/renderer/**', '**/preload/**', '**/test/**'], message: 'The web host serves the built renderer; it imports services, main/ipc and shared/.' }
    ])
  },
  {
    files: [`electron/main/**/${CODE}`],
    rules: restrict([], [{ group: ['**/renderer/**', '**/test/**'], message: 'The main process never imports the renderer or tests.' }])
  },
  {
    // Command-line tools (npm start, npm run verify-audit) read files and use shared/. They start the
    // app as a separate process, never by importing it: no services, no hosts, no Electron.
    files: [`electron/cli/**/${CODE}`],
    rules: restrict([NO_ELECTRON, ...NO_NATIVE], [
      { group: ['**/services/**', '**/main/**', '**/preload/**', '**/web-host/**', '**/renderer/**', '**/test/**'], message: 'A command-line tool imports only shared/, Node and libraries; it starts the app as a process.' }
    ])
  }
)
