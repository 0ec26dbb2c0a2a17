import { join } from 'node:path'
import { DATABASE_FILE } from '../../electron/services/app-services'
import { openDatabase } from '../../electron/services/db/connection'

// attack-24-fresh-directory-race.test.ts: opens (and migrates) the cache of <dataDir> at the epoch ms <at>, then exits.
const [dataDir, at] = process.argv.slice(2)
while (Date.now() < Number(at)) {
  // Wait for the moment all the children open the cache at.
}
openDatabase(join(dataDir!, DATABASE_FILE)).close()
