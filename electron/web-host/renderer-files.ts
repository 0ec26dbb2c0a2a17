import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { BRIDGE_SCRIPT_PATH } from './bridge-script'

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json'
}

export interface StaticFile {
  type: string
  body: string | Buffer
}

/**
 * The built renderer (`out/renderer`, from `electron-vite build`), served read-only: index.html
 * with the bridge script run before the app's own, and the files beside it. Paths outside the
 * folder are not found.
 */
export async function rendererFiles(rendererDir: string): Promise<(path: string) => Promise<StaticFile | null>> {
  let indexHtml: string
  try {
    indexHtml = await readFile(join(rendererDir, 'index.html'), 'utf8')
  } catch {
    throw new Error(`The renderer is not built (${join(rendererDir, 'index.html')} is missing): run \`npm run build\` first.`)
  }
  // The bridge goes last in <head>, after the app's module script and style sheet: the parser has
  // asked for those before it stops for the bridge, and the module, deferred like every module
  // script, runs once the bridge has. Placed first, it held back the app's 2 MB fetch by 90–250 ms.
  const index: StaticFile = { type: MIME_TYPES['.html']!, body: indexHtml.replace('</head>', `  <script src=".${BRIDGE_SCRIPT_PATH}"></script>\n  </head>`) }
  return async (path) => {
    if (path === '/' || path === '/index.html') return index
    const file = normalize(join(rendererDir, path))
    if (!file.startsWith(rendererDir + sep)) return null
    try {
      return { type: MIME_TYPES[extname(file)] ?? 'application/octet-stream', body: await readFile(file) }
    } catch {
      return null
    }
  }
}
