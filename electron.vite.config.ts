import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'
import type { Plugin } from 'vite'
import { CONTENT_SECURITY_POLICY_META } from './shared/content-security-policy'

/** Writes the one CSP definition (shared/content-security-policy.ts) into index.html. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'countersign-csp',
    transformIndexHtml: (html) => html.replace('%COUNTERSIGN_CSP%', CONTENT_SECURITY_POLICY_META)
  }
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // Ingest's worker thread, started by CasePrepPool from beside the main bundle.
          'case-prep-worker': resolve(__dirname, 'electron/services/sync/case-prep/case-prep-worker.ts')
        }
      }
    }
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    // Relative asset URLs: the built renderer loads from file:// in Electron and from / in the harness.
    base: './',
    plugins: [react(), contentSecurityPolicy()],
    worker: { format: 'es' },
    build: {
      // electron-vite leaves every bundle unminified; the renderer's first chunk is parsed before
      // the first screen (1.9 MB unminified took Chromium ~160 ms to parse on this machine class).
      minify: true,
      // Monaco's chunk (~2.9 MB) is large by nature and loaded apart from the first screen
      // (renderer/src/editor/load-diff-editors.ts): Vite's 500 kB warning about it, printed at
      // every `npm start`, read to newcomers like an error.
      chunkSizeWarningLimit: 3_500,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } }
    }
  }
})
