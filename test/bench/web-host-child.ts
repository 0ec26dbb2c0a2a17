import { startWebHost } from '../../electron/web-host/web-host'
import { EventLoopBlocks } from './event-loop-blocks'
import type { HostRequest, HostReply } from './web-host-process'

// The web host (the app's services) in a process of its own for the next-case bench, so that the
// CPU time read for "the services" is theirs alone and not Playwright's, which drives the page
// from the bench process. Started by `startWebHostProcess`; answers its requests over the IPC
// channel Node sets up between them.
//   web-host-child.ts <dataDir> <reviewer>

const [dataDir, reviewer] = process.argv.slice(2)
const send = (message: HostReply | { ready: string }) => process.send!(message)

void startWebHost({ dataDir: dataDir!, reviewer: reviewer! }).then((host) => {
  const { services } = host
  // The services' event loop, sampled from each pull the bench asks for until no pull runs.
  const blocks = new EventLoopBlocks(() => services.sync.status().some((status) => status.state === 'syncing'))
  const answer = async (request: HostRequest): Promise<unknown> => {
    switch (request.type) {
      case 'add-backend':
        await services.settings.save({ config: { id: request.id, kind: 'review-api', name: request.name, baseUrl: request.url, syncIntervalSeconds: 3600 }, token: request.token })
        return null
      case 'sync':
        // Not awaited: the bench follows the pull through `status`.
        void services.sync.syncNow(request.id)
        blocks.start()
        return null
      case 'blocks':
        return blocks.blocks
      case 'status':
        return services.sync.status().find((status) => status.id === request.id) ?? null
      case 'close':
        await host.close()
        setImmediate(() => process.exit(0))
        return null
    }
  }
  process.on('message', (request: HostRequest) => {
    answer(request).then(
      (result) => send({ seq: request.seq, result }),
      (error: unknown) => send({ seq: request.seq, error: (error as Error).message })
    )
  })
  send({ ready: host.url })
})
