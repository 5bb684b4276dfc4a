/**
 * A fake cloud-storage host on its own loopback port: it serves files at
 * signed links, as the host behind an async report's `report_url` does, and
 * records every request's headers, so tests can check that no bearer token
 * ever reaches it.
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface StorageRequest {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
}

export interface FakeStorage {
  url: string
  requests: StorageRequest[]
  /** Stores `content` and returns a signed link to it. */
  put(name: string, content: string): string
  /** The next `times` downloads answer with `status` instead. */
  fail(status: number, times?: number): void
  close(): Promise<void>
}

export async function startFakeStorage(): Promise<FakeStorage> {
  const files = new Map<string, { content: string; signature: string }>()
  const requests: StorageRequest[] = []
  const sockets = new Set<Socket>()
  let failures: { status: number; remaining: number } | undefined

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://storage')
    requests.push({
      method: request.method ?? '',
      path: url.pathname,
      headers: request.headers
    })
    if (failures && failures.remaining > 0) {
      failures.remaining--
      response.writeHead(failures.status).end('<Error>Injected</Error>')
      return
    }
    const file = files.get(url.pathname)
    if (!file || url.searchParams.get('sig') !== file.signature) {
      // Cloud storage answers a bad or missing signature with 403.
      response.writeHead(403, { 'content-type': 'application/xml' })
      response.end('<Error><Code>AccessDenied</Code></Error>')
      return
    }
    response.writeHead(200, {
      'content-type': 'text/csv',
      'content-length': Buffer.byteLength(file.content)
    })
    response.end(file.content)
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url,
    requests,
    put(name, content) {
      const path = `/reports/${encodeURIComponent(name)}`
      const signature = randomBytes(16).toString('hex')
      files.set(path, { content, signature })
      return `${url}${path}?sig=${signature}&expires=3600`
    },
    fail(status, times = 1) {
      failures = { status, remaining: times }
    },
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
