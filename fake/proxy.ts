/**
 * A fake corporate proxy in front of a fake HTTPS host. The action talks to
 * `https://<hostname>` through `HTTPS_PROXY`; the proxy answers CONNECT for
 * any host by tunnelling to a local TLS front, which decrypts with a
 * self-signed certificate for `<hostname>` and forwards to a plain HTTP
 * server (the fake Spotify). The host name never needs to resolve.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createTlsServer } from 'node:tls'

export interface FakeProxy {
  /** For `HTTPS_PROXY`, e.g. `http://127.0.0.1:40123`. */
  url: string
  /** The `host:port` of every CONNECT the proxy received. */
  connects: string[]
  /** A PEM file that trusts the front's certificate (`NODE_EXTRA_CA_CERTS`). */
  caFile: string
  close(): Promise<void>
}

/**
 * Starts the proxy and the TLS front for `hostname`, forwarding to the
 * plain HTTP server at `targetUrl`. Needs the `openssl` command.
 */
export async function startFakeProxy(
  hostname: string,
  targetUrl: string
): Promise<FakeProxy> {
  const { key, cert, caFile } = selfSignedCertificate(hostname)
  const target = new URL(targetUrl)
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }

  const front = createTlsServer({ key, cert }, secure => {
    track(secure)
    const upstream = connect(Number(target.port), target.hostname)
    track(upstream)
    secure.pipe(upstream).pipe(secure)
  })
  await listen(front)

  const connects: string[] = []
  const proxy = createServer((_request, response) => {
    response.writeHead(405).end('this proxy only tunnels (CONNECT)')
  })
  proxy.on('connect', (request, client: Socket, head: Buffer) => {
    track(client)
    connects.push(request.url ?? '')
    const port = (front.address() as AddressInfo).port
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client).pipe(upstream)
    })
    track(upstream)
  })
  await listen(proxy)

  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    connects,
    caFile,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await Promise.all([close(proxy), close(front)])
    }
  }
}

function selfSignedCertificate(hostname: string) {
  const folder = mkdtempSync(join(tmpdir(), 'fake-proxy-'))
  const keyFile = join(folder, 'key.pem')
  const caFile = join(folder, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${hostname}`,
      '-addext',
      `subjectAltName=DNS:${hostname}`,
      '-keyout',
      keyFile,
      '-out',
      caFile
    ],
    { stdio: 'ignore' }
  )
  return { key: readFileSync(keyFile), cert: readFileSync(caFile), caFile }
}

function listen(server: Server | ReturnType<typeof createTlsServer>) {
  return new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
}

function close(server: Server | ReturnType<typeof createTlsServer>) {
  return new Promise<void>(resolve => server.close(() => resolve()))
}
