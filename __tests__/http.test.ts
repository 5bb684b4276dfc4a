import nock from 'nock'
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals'
import { NetworkError } from '../src/errors.js'
import type {
  HttpRequest,
  Transport as TransportType,
  TransportOptions
} from '../src/http.js'
import type { Log } from '../src/log.js'

// Note: nock patches node:http and node:https when it loads, but Jest gives
// an ES module such as @actions/http-client the core modules as they were
// when it was first linked. Importing the transport only now, after nock,
// lets nock see its requests.
const {
  MAX_RETRY_AFTER_SECONDS,
  Transport,
  backoff,
  formatSeconds,
  parseRetryAfter
} = await import('../src/http.js')

const ORIGIN = 'https://api-partner.spotify.com'
const API = `${ORIGIN}/ads/v3`

interface LogLine {
  level: keyof Log
  message: string
}

let lines: LogLine[]
let waits: number[]
let clockOffset: number
let transports: TransportType[]

function recordingLog(): Log {
  const record = (level: keyof Log) => (message: string) => {
    lines.push({ level, message })
  }
  return {
    debug: record('debug'),
    info: record('info'),
    warning: record('warning'),
    mask: record('mask')
  }
}

/** Records each wait and moves the clock on, instead of sleeping. */
function fakeSleep(ms: number): Promise<void> {
  waits.push(ms)
  clockOffset += ms
  return Promise.resolve()
}

function transport(options: Partial<TransportOptions> = {}): TransportType {
  const created = new Transport({
    timeoutMs: 5000,
    maxRetries: 3,
    log: recordingLog(),
    userAgent: 'spotify-ads-action-test',
    sleep: fakeSleep,
    ...options
  })
  transports.push(created)
  return created
}

function get(path: string, headers: Record<string, string> = {}): HttpRequest {
  return {
    method: 'GET',
    url: new URL(path, `${API}/`),
    headers,
    idempotent: true
  }
}

function post(path: string, body = '{}'): HttpRequest {
  return {
    method: 'POST',
    url: new URL(path, `${API}/`),
    headers: { 'content-type': 'application/json' },
    body,
    idempotent: false
  }
}

function messages(level: keyof Log): string[] {
  return lines.filter(line => line.level === level).map(line => line.message)
}

/** An error as Node.js raises it for a socket, with its `code`. */
function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code })
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    if (error instanceof Error) return error
    throw error
  }
  throw new Error('the request did not fail')
}

beforeAll(() => {
  nock.disableNetConnect()
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/)
})

beforeEach(() => {
  lines = []
  waits = []
  clockOffset = 0
  transports = []
  const realNow = Date.now.bind(Date)
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffset)
})

afterEach(() => {
  for (const created of transports) created.close()
  nock.cleanAll()
  jest.restoreAllMocks()
})

afterAll(() => {
  nock.enableNetConnect()
  nock.restore()
})

describe('Transport', () => {
  it('returns a 2xx answer with its status, headers and body', async () => {
    const scope = nock(ORIGIN)
      .matchHeader('user-agent', 'spotify-ads-action-test')
      .matchHeader('accept', 'application/json')
      .get('/ads/v3/businesses')
      .query({ limit: '5' })
      .reply(200, '{"businesses":[]}', { 'content-type': 'application/json' })

    const response = await transport().send(
      get('businesses?limit=5', { accept: 'application/json' })
    )

    scope.done()
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/json')
    expect(response.body.toString()).toBe('{"businesses":[]}')
    expect(response.gaveUp).toBeUndefined()
    expect(waits).toEqual([])
  })

  it('sends the body and headers it is given', async () => {
    const scope = nock(ORIGIN)
      .matchHeader('content-type', 'application/json')
      .post('/ads/v3/ad_accounts/a-1/campaigns', { name: 'Spring' })
      .reply(201, '{"id":"c-1"}')

    const response = await transport().send(
      post('ad_accounts/a-1/campaigns', '{"name":"Spring"}')
    )

    scope.done()
    expect(response.status).toBe(201)
  })

  it.each([400, 401, 403, 404, 422, 501])(
    'returns HTTP %i at once, as it came',
    async status => {
      const scope = nock(ORIGIN)
        .get('/ads/v3/x')
        .reply(status, '{"messages":["no"]}')

      const response = await transport().send(get('x'))

      scope.done()
      expect(response.status).toBe(status)
      expect(response.body.toString()).toBe('{"messages":["no"]}')
      expect(response.gaveUp).toBeUndefined()
      expect(waits).toEqual([])
    }
  )

  it.each([500, 502, 503, 504])(
    'retries HTTP %i of an idempotent request, then gives up saying so',
    async status => {
      const scope = nock(ORIGIN).get('/ads/v3/x').times(3).reply(status, 'down')

      const response = await transport({ maxRetries: 2 }).send(get('x'))

      scope.done()
      expect(response.status).toBe(status)
      expect(response.body.toString()).toBe('down')
      expect(response.gaveUp).toBe('gave up after 3 attempts')
      expect(waits).toHaveLength(2)
      expect(waits[0]).toBeGreaterThanOrEqual(250)
      expect(waits[0]).toBeLessThanOrEqual(500)
      expect(waits[1]).toBeGreaterThanOrEqual(500)
      expect(waits[1]).toBeLessThanOrEqual(1000)
    }
  )

  it('logs each retry with its reason and attempt number', async () => {
    nock(ORIGIN).get('/ads/v3/x').query(true).times(2).reply(503)
    nock(ORIGIN).get('/ads/v3/x').query(true).reply(200, 'ok')

    const response = await transport({ maxRetries: 3 }).send(
      get('x?secret=abc')
    )

    expect(response.status).toBe(200)
    expect(response.gaveUp).toBeUndefined()
    const retries = messages('info')
    expect(retries).toHaveLength(2)
    expect(retries[0]).toMatch(
      new RegExp(
        `^Retrying GET ${API}/x in \\d+ ms \\(attempt 2 of 4\\): HTTP 503$`
      )
    )
    expect(retries[1]).toMatch(/\(attempt 3 of 4\): HTTP 503$/)
    expect(retries.join('\n')).not.toContain('secret=abc')
  })

  it('does not retry a POST that answered 503: it may have been carried out', async () => {
    const scope = nock(ORIGIN).post('/ads/v3/x').reply(503, 'busy')

    const response = await transport().send(post('x'))

    scope.done()
    expect(response.status).toBe(503)
    expect(response.gaveUp).toBeUndefined()
    expect(waits).toEqual([])
  })

  it('returns the first 5xx without gaveUp when no retries are allowed', async () => {
    nock(ORIGIN).get('/ads/v3/x').reply(500)

    const response = await transport({ maxRetries: 0 }).send(get('x'))

    expect(response.status).toBe(500)
    expect(response.gaveUp).toBeUndefined()
  })

  it('retries a 429 after Retry-After seconds, even for a POST', async () => {
    const scope = nock(ORIGIN)
      .post('/ads/v3/x')
      .reply(429, '', { 'retry-after': '2' })
      .post('/ads/v3/x')
      .reply(201, '{"id":"c-1"}')

    const response = await transport().send(post('x'))

    scope.done()
    expect(response.status).toBe(201)
    expect(waits).toEqual([2000])
    expect(messages('info')).toEqual([
      `Retrying POST ${API}/x in 2 s (attempt 2 of 4): HTTP 429`
    ])
  })

  it('reads Retry-After given as an HTTP date', async () => {
    const date = new Date(Date.now() + 3000).toUTCString()
    nock(ORIGIN)
      .get('/ads/v3/x')
      .reply(429, '', { 'retry-after': date })
      .get('/ads/v3/x')
      .reply(200)

    const response = await transport().send(get('x'))

    expect(response.status).toBe(200)
    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeGreaterThanOrEqual(2000)
    expect(waits[0]).toBeLessThanOrEqual(3000)
  })

  it('uses backoff for a 429 without Retry-After', async () => {
    nock(ORIGIN).get('/ads/v3/x').reply(429).get('/ads/v3/x').reply(200)

    await transport().send(get('x'))

    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeGreaterThanOrEqual(250)
    expect(waits[0]).toBeLessThanOrEqual(500)
  })

  it(`waits a Retry-After of exactly ${MAX_RETRY_AFTER_SECONDS} s`, async () => {
    nock(ORIGIN)
      .get('/ads/v3/x')
      .reply(429, '', { 'retry-after': String(MAX_RETRY_AFTER_SECONDS) })
      .get('/ads/v3/x')
      .reply(200)

    const response = await transport().send(get('x'))

    expect(response.status).toBe(200)
    expect(waits).toEqual([MAX_RETRY_AFTER_SECONDS * 1000])
  })

  it.each([
    [String(MAX_RETRY_AFTER_SECONDS + 1), '61 s'],
    ['18000', '5 h']
  ])(
    'does not wait a Retry-After of %s s, and says why at once',
    async (retryAfter, shown) => {
      const scope = nock(ORIGIN)
        .get('/ads/v3/x')
        .reply(429, '{}', { 'retry-after': retryAfter })

      const response = await transport().send(get('x'))

      scope.done()
      expect(response.status).toBe(429)
      expect(waits).toEqual([])
      expect(response.gaveUp).toBe(
        `Spotify asked to wait ${shown} (Retry-After: ${retryAfter}) before trying again, longer than the ${MAX_RETRY_AFTER_SECONDS} s this action waits; run the job again later`
      )
    }
  )

  it('gives up on a 429 that lasts longer than the retries', async () => {
    nock(ORIGIN)
      .get('/ads/v3/x')
      .times(2)
      .reply(429, '', { 'retry-after': '1' })

    const response = await transport({ maxRetries: 1 }).send(get('x'))

    expect(response.status).toBe(429)
    expect(response.gaveUp).toBe('gave up after 2 attempts')
    expect(waits).toEqual([1000])
  })

  it("pauses the transport's other requests after a 429", async () => {
    const held: Array<() => void> = []
    const holdingSleep = (ms: number) => {
      waits.push(ms)
      return new Promise<void>(resolve =>
        held.push(() => {
          clockOffset += ms
          resolve()
        })
      )
    }
    nock(ORIGIN)
      .get('/ads/v3/a')
      .reply(429, '', { 'retry-after': '5' })
      .get('/ads/v3/a')
      .reply(200)
      .get('/ads/v3/b')
      .reply(200)
    const shared = transport({ sleep: holdingSleep })

    const first = shared.send(get('a'))
    await until(() => waits.length === 1)
    const second = shared.send(get('b'))
    await until(() => waits.length === 2)

    expect(waits[0]).toBe(5000)
    expect(waits[1]).toBeGreaterThan(4000)
    expect(waits[1]).toBeLessThanOrEqual(5000)
    for (const release of held) release()
    expect((await first).status).toBe(200)
    expect((await second).status).toBe(200)
  })

  it('retries a reset connection of an idempotent request, then throws a NetworkError', async () => {
    const scope = nock(ORIGIN)
      .get('/ads/v3/businesses')
      .query(true)
      .times(3)
      .replyWithError(socketError('ECONNRESET', 'socket hang up'))

    const error = await rejection(
      transport({ maxRetries: 2 }).send(get('businesses?limit=5&token=abc'))
    )

    scope.done()
    expect(error).toBeInstanceOf(NetworkError)
    expect(error.name).toBe('NetworkError')
    expect(error.message).toBe(
      `GET ${API}/businesses failed after 3 attempts: the connection was reset`
    )
    expect(error.message).not.toContain('token=abc')
    expect(waits).toHaveLength(2)
    expect(messages('info')[0]).toMatch(
      /\(attempt 2 of 3\): the connection was reset$/
    )
  })

  it('answers after a reset when the retry gets through', async () => {
    nock(ORIGIN)
      .get('/ads/v3/x')
      .replyWithError(socketError('ECONNRESET', 'socket hang up'))
      .get('/ads/v3/x')
      .reply(200, 'ok')

    const response = await transport().send(get('x'))

    expect(response.status).toBe(200)
    expect(waits).toHaveLength(1)
  })

  it('does not send a POST again after a reset, and says why', async () => {
    const scope = nock(ORIGIN)
      .post('/ads/v3/x')
      .replyWithError(socketError('ECONNRESET', 'socket hang up'))

    const error = await rejection(transport().send(post('x')))

    scope.done()
    expect(error.message).toBe(
      `POST ${API}/x failed: the connection was reset (POST is not retried once sent: it may have been carried out)`
    )
    expect(waits).toEqual([])
  })

  it('retries a POST whose connection was refused: it never reached the server', async () => {
    nock(ORIGIN)
      .post('/ads/v3/x')
      .replyWithError(socketError('ECONNREFUSED', 'connect ECONNREFUSED'))
      .post('/ads/v3/x')
      .reply(201)

    const response = await transport().send(post('x'))

    expect(response.status).toBe(201)
    expect(messages('info')[0]).toMatch(/: the connection was refused$/)
  })

  it.each([
    ['authorization', 'Bearer s3cr3t-access-token'],
    ['Authorization', 'Basic czNjcjN0LWNsaWVudDpzZWNyZXQ='],
    ['proxy-authorization', 'Basic czNjcjN0LXByb3h5']
  ])('never writes the %s header value to a log line', async (name, value) => {
    nock(ORIGIN).get('/ads/v3/x').reply(503).get('/ads/v3/x').reply(200)

    await transport().send(get('x', { [name]: value }))

    const secret = value.split(' ')[1] ?? value
    expect(messages('debug')).toContain(
      `GET ${API}/x ${JSON.stringify({ [name]: `${value.split(' ')[0]} ***` })}`
    )
    for (const line of lines) expect(line.message).not.toContain(secret)
  })

  it('never writes an Authorization value without a scheme to a log line', async () => {
    nock(ORIGIN).get('/ads/v3/x').reply(200)

    await transport().send(get('x', { authorization: 's3cr3t-bare-token' }))

    for (const line of lines) {
      expect(line.message).not.toContain('s3cr3t-bare-token')
    }
  })

  it('never writes a Cookie value to a log line', async () => {
    nock(ORIGIN).get('/ads/v3/x').reply(200)

    await transport().send(get('x', { cookie: 'session=s3cr3t-cookie' }))

    for (const line of lines) {
      expect(line.message).not.toContain('s3cr3t-cookie')
    }
  })
})

describe('Transport against a loopback server', () => {
  let server: Server
  let base: string
  let received: number
  let handle: (request: IncomingMessage, response: ServerResponse) => void

  beforeAll(async () => {
    server = createServer((request, response) => {
      received++
      handle(request, response)
    })
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve())
    )
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  beforeEach(() => {
    received = 0
  })

  afterEach(() => {
    server.closeAllConnections()
  })

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve))
  })

  function local(path: string, idempotent = true): HttpRequest {
    return {
      method: idempotent ? 'GET' : 'POST',
      url: new URL(path, base),
      headers: {},
      idempotent
    }
  }

  it('reads a whole answer over a kept-alive connection', async () => {
    handle = (_request, response) => response.end('{"ok":true}')
    const client = transport()

    const first = await client.send(local('/a'))
    const second = await client.send(local('/b'))

    expect(first.body.toString()).toBe('{"ok":true}')
    expect(second.status).toBe(200)
  })

  it('sleeps for real between attempts when no sleep is given', async () => {
    handle = (_request, response) => {
      response.statusCode = received === 1 ? 503 : 200
      response.end()
    }
    const started = performance.now()

    const response = await transport({ sleep: undefined }).send(local('/flaky'))

    expect(response.status).toBe(200)
    expect(received).toBe(2)
    expect(performance.now() - started).toBeGreaterThanOrEqual(240)
  })

  it('fails with "timed out" when the answer is late', async () => {
    const timers: NodeJS.Timeout[] = []
    handle = (_request, response) => {
      timers.push(setTimeout(() => response.end('late'), 2000))
    }
    const started = performance.now()

    const error = await rejection(
      transport({ timeoutMs: 200, maxRetries: 0 }).send(local('/slow?q=1'))
    )

    for (const timer of timers) clearTimeout(timer)
    expect(error).toBeInstanceOf(NetworkError)
    expect(error.message).toBe(
      `GET ${base}/slow failed: timed out after 200 ms`
    )
    expect(performance.now() - started).toBeLessThan(1500)
  })

  it('times out a body that stops halfway, and retries it when idempotent', async () => {
    const timers: NodeJS.Timeout[] = []
    handle = (_request, response) => {
      response.writeHead(200, { 'content-length': '10' })
      response.write('abc')
      timers.push(setTimeout(() => response.end('defghij'), 2000))
    }

    const error = await rejection(
      transport({ timeoutMs: 200, maxRetries: 1 }).send(local('/stall'))
    )

    for (const timer of timers) clearTimeout(timer)
    expect(error.message).toBe(
      `GET ${base}/stall failed after 2 attempts: timed out after 200 ms`
    )
    expect(received).toBe(2)
  })

  it('retries a connection the server resets, then throws a NetworkError', async () => {
    handle = request => request.socket.destroy()

    const error = await rejection(
      transport({ maxRetries: 2 }).send(local('/reset?token=abc'))
    )

    expect(error).toBeInstanceOf(NetworkError)
    expect(error.message).toMatch(
      new RegExp(`^GET ${base}/reset failed after 3 attempts: `)
    )
    expect(error.message).not.toContain('token=abc')
    expect(received).toBe(3)
  })

  it('does not repeat a POST whose connection was reset', async () => {
    handle = request => request.socket.destroy()

    const error = await rejection(transport().send(local('/reset', false)))

    expect(error.message).toContain('(POST is not retried once sent')
    expect(received).toBe(1)
  })

  it('fails, rather than hangs, when the connection closes mid-body', async () => {
    handle = (request, response) => {
      response.writeHead(200, { 'content-length': '10' })
      response.write('abc', () => request.socket.destroy())
    }

    const error = await rejection(
      transport({ maxRetries: 0 }).send(local('/cut'))
    )

    expect(error).toBeInstanceOf(NetworkError)
    expect(error.message).toBe(
      `GET ${base}/cut failed: the connection closed before the whole answer arrived`
    )
  })

  describe('download', () => {
    /** A consumer that keeps what it was given, attempt by attempt. */
    function collector() {
      const attempts: string[] = []
      const consume = async (body: AsyncIterable<Buffer>) => {
        attempts.push('')
        for await (const chunk of body) {
          attempts[attempts.length - 1] += chunk.toString()
        }
      }
      return { attempts, consume }
    }

    it('streams a 2xx body into the consumer, not into the answer', async () => {
      handle = (_request, response) => response.end('id,name\r\n1,a\r\n')
      const { attempts, consume } = collector()

      const response = await transport().download(local('/r.csv'), consume)

      expect(response.status).toBe(200)
      expect(response.body).toHaveLength(0)
      expect(attempts).toEqual(['id,name\r\n1,a\r\n'])
    })

    it('keeps a non-2xx body in the answer, without calling the consumer', async () => {
      handle = (_request, response) => {
        response.statusCode = 403
        response.end('<Error>AccessDenied</Error>')
      }
      const { attempts, consume } = collector()

      const response = await transport().download(local('/r.csv'), consume)

      expect(response.status).toBe(403)
      expect(response.body.toString()).toBe('<Error>AccessDenied</Error>')
      expect(attempts).toEqual([])
    })

    it('consumes again from the start when the connection closes mid-body', async () => {
      handle = (request, response) => {
        response.writeHead(200, { 'content-length': '6' })
        if (received === 1)
          response.write('abc', () => request.socket.destroy())
        else response.end('abcdef')
      }
      const { attempts, consume } = collector()

      const response = await transport().download(local('/r.csv'), consume)

      expect(response.status).toBe(200)
      expect(attempts).toEqual(['abc', 'abcdef'])
      expect(received).toBe(2)
    })

    it("throws the consumer's own failure at once, without sending again", async () => {
      handle = (_request, response) => response.end('abc')
      const full = new Error('ENOSPC: no space left on device')

      const error = await rejection(
        transport().download(local('/r.csv'), async body => {
          for await (const chunk of body) void chunk
          throw full
        })
      )

      expect(error).toBe(full)
      expect(received).toBe(1)
    })
  })
})

describe('backoff', () => {
  it.each([
    [1, 250, 500],
    [2, 500, 1000],
    [3, 1000, 2000],
    [6, 8000, 16_000],
    [7, 10_000, 20_000],
    [20, 10_000, 20_000]
  ])('waits for attempt %i from %i to %i ms', (attempt, low, high) => {
    expect(backoff(attempt, () => 0)).toBe(low)
    expect(backoff(attempt, () => 1)).toBe(high)
    const jittered = backoff(attempt)
    expect(jittered).toBeGreaterThanOrEqual(low)
    expect(jittered).toBeLessThanOrEqual(high)
  })
})

describe('parseRetryAfter', () => {
  const NOW = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT')

  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW)
  })

  it.each<[string | string[] | undefined, number | undefined]>([
    ['2', 2],
    [' 2 ', 2],
    ['0', 0],
    ['18000', 18_000],
    [['5', '7'], 5],
    ['Wed, 21 Oct 2026 07:28:30 GMT', 30],
    ['Wed, 21 Oct 2026 07:27:00 GMT', 0],
    ['', undefined],
    ['   ', undefined],
    [undefined, undefined],
    ['soon', undefined]
  ])('reads %j as %s seconds', (value, expected) => {
    expect(parseRetryAfter(value)).toBe(expected)
  })
})

describe('formatSeconds', () => {
  it.each([
    [0, '0 ms'],
    [400, '400 ms'],
    [1000, '1 s'],
    [1500, '1.5 s'],
    [2000, '2 s'],
    [10_000, '10 s'],
    [61_000, '61 s'],
    [119_000, '119 s'],
    [120_000, '2 min'],
    [3_600_000, '60 min'],
    [7_200_000, '2 h'],
    [18_000_000, '5 h'],
    [19_800_000, '5.5 h']
  ])('shows %i ms as %s', (ms, expected) => {
    expect(formatSeconds(ms)).toBe(expected)
  })
})

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) {
    await new Promise(resolve => setTimeout(resolve, 5))
  }
  if (!condition()) throw new Error('gave up waiting')
}
