import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openDatabase, refetchableTransaction, type Db } from '../../electron/services/db/connection'
import { makeTempDir } from '../fixtures/temp-dir'

let dir: ReturnType<typeof makeTempDir>
let db: Db
beforeEach(() => {
  dir = makeTempDir()
  db = openDatabase(join(dir.path, 'cache.sqlite'), [])
  db.exec('CREATE TABLE t (x TEXT)')
})
afterEach(() => {
  db.close()
  dir.remove()
})

const FULL = 2
const NORMAL = 1
const synchronous = () => db.pragma('synchronous', { simple: true })

describe('a transaction of refetchable data (a sync slice)', () => {
  it('commits without waiting for the disk, and leaves every other commit full', () => {
    expect(synchronous()).toBe(FULL)
    const during = refetchableTransaction(db, () => {
      db.prepare('INSERT INTO t VALUES (?)').run('page')
      return synchronous()
    })
    expect(during).toBe(NORMAL)
    expect(synchronous()).toBe(FULL)
    expect(db.prepare('SELECT x FROM t').pluck().all()).toEqual(['page'])
  })

  it('rolls back and restores full commits when the work throws', () => {
    expect(() =>
      refetchableTransaction(db, () => {
        db.prepare('INSERT INTO t VALUES (?)').run('half a page')
        throw new Error('bad page')
      })
    ).toThrow('bad page')
    expect(synchronous()).toBe(FULL)
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0)
  })
})
