import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase, type Db } from './db/connection'
import { ensureDemoWorkspace } from './demo/demo-workspace'
import { ReviewService } from './review/review-service'

export interface AppServicesOptions {
  /** Where the cache database lives (Electron's userData, or a harness/test directory). */
  dataDir: string
  /** The app's resources folder, holding demo/demo-bundle.json. */
  resourcesDir: string
  reviewer: string
  appVersion: string
}

export interface AppServices {
  review: ReviewService
  db: Db
  close(): void
}

export const DATABASE_FILE = 'countersign.sqlite'

/** The composition root of everything below the IPC line; Electron and the browser harness share it. */
export function openAppServices(options: AppServicesOptions): AppServices {
  mkdirSync(options.dataDir, { recursive: true })
  const db = openDatabase(join(options.dataDir, DATABASE_FILE))
  ensureDemoWorkspace(db, join(options.resourcesDir, 'demo', 'demo-bundle.json'))
  const review = new ReviewService(db, { reviewer: options.reviewer, appVersion: options.appVersion })
  return { review, db, close: () => db.close() }
}
