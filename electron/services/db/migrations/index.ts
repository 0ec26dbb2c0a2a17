import { migration0001 } from './0001-workspaces-and-cases'
import { migration0002 } from './0002-decisions'
import { migration0003 } from './0003-sync'
import { migration0004 } from './0004-signing'
import { migration0005 } from './0005-state-counts-index'
import { migration0006 } from './0006-review-outcomes'
import { migration0007 } from './0007-insights'
import { migration0008 } from './0008-case-created-at'
import { migration0009 } from './0009-outbox-send-order'
import { migration0010 } from './0010-case-holds'
import { migration0011 } from './0011-reroute-targets'
import { migration0012 } from './0012-case-end-reason'
import { migration0013 } from './0013-case-risk-declared'
import { migration0014 } from './0014-decision-outcome-class'
import { migration0015 } from './0015-decision-option-labels'
import { migration0016 } from './0016-pending-times-index'
import { migration0017 } from './0017-drafts'
import type { Migration } from './migration'

export type { Migration }

/** Every migration, in order. Add a new file and append it here; never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012, migration0013, migration0014, migration0015, migration0016, migration0017]
