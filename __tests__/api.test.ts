import nock from 'nock'
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it
} from '@jest/globals'
import { apiError, callApi, readSpotifyError, shorten } from '../src/api.js'
import type { TokenSource } from '../src/api.js'
import { ApiError, RequestError } from '../src/errors.js'
import type { HttpResponse, Transport as TransportType } from '../src/http.js'
import type { ApiRequest, Method } from '../src/inputs.js'
import type { Log } from '../src/log.js'

// Note: nock patches node:https when it loads, but Jest gives an ES module
// such as @actions/http-client the core modules as they were when it was
// first linked. Importing the transport only now lets nock see its requests.
const { Transport } = await import('../src/http.js')

const ORIGIN = 'https://api-partner.spotify.com'
const BASE = new URL(`${ORIGIN}/ads/v3`)

let transport: TransportType
let info: string[]
let renewals: number
let currentCalls: number

const log: Log = {
  debug: () => undefined,
  info: message => void info.push(message),
  warning: () => undefined,
  mask: () => undefined
}

/** Hands out `BQ-1`, and `BQ-2`, `BQ-3`… each time it is asked to renew. */
const tokens: TokenSource = {
  current: () => {
    currentCalls++
    return 'BQ-1'
  },
  renew: () => {
    renewals++
    return Promise.resolve(`BQ-${renewals + 1}`)
  }
}

function request(method: Method, path: string, body?: string): ApiRequest {
  return { method, url: new URL(path, `${BASE.href}/`), body }
}

function call(apiRequest: ApiRequest): Promise<HttpResponse> {
  return callApi(transport, BASE, apiRequest, tokens, log)
}

beforeAll(() => {
  nock.disableNetConnect()
})

beforeEach(() => {
  info = []
  renewals = 0
  currentCalls = 0
  transport = new Transport({
    timeoutMs: 5000,
    maxRetries: 1,
    log,
    userAgent: 'spotify-ads-action-test',
    sleep: () => Promise.resolve()
  })
})

afterEach(() => {
  transport.close()
  nock.cleanAll()
})

afterAll(() => {
  nock.enableNetConnect()
  nock.restore()
})

describe('callApi', () => {
  it('sends the bearer token and asks for JSON, without a content type when there is no body', async () => {
    let headers: Record<string, string> = {}
    nock(ORIGIN)
      .get('/ads/v3/businesses')
      .reply(request => {
        headers = Object.fromEntries(request.headers)
        return [200, '{"businesses":[]}']
      })

    const response = await call(request('GET', 'businesses'))

    expect(response.status).toBe(200)
    expect(headers.authorization).toBe('Bearer BQ-1')
    expect(headers.accept).toBe('application/json')
    expect(headers['content-type']).toBeUndefined()
  })

  it('sends a body as JSON', async () => {
    let headers: Record<string, string> = {}
    let body = ''
    nock(ORIGIN)
      .post('/ads/v3/ad_accounts/a-1/campaigns')
      .reply(async request => {
        headers = Object.fromEntries(request.headers)
        body = await request.text()
        return [201, '{"id":"c-1"}']
      })

    const response = await call(
      request('POST', 'ad_accounts/a-1/campaigns', '{"name":"Spring"}')
    )

    expect(response.status).toBe(201)
    expect(headers['content-type']).toBe('application/json')
    expect(body).toBe('{"name":"Spring"}')
  })

  it('mints a new token once after a 401 and repeats the request with it', async () => {
    const sent: string[] = []
    nock(ORIGIN)
      .get('/ads/v3/businesses')
      .times(2)
      .reply(request => {
        const authorization = request.headers.get('authorization') ?? ''
        sent.push(authorization)
        return authorization === 'Bearer BQ-1' ? [401, '{}'] : [200, '[]']
      })

    const response = await call(request('GET', 'businesses'))

    expect(response.status).toBe(200)
    expect(sent).toEqual(['Bearer BQ-1', 'Bearer BQ-2'])
    expect(renewals).toBe(1)
    expect(info).toEqual([
      'The Ads API refused the access token (HTTP 401); minting a new one and trying once more.'
    ])
  })

  it('returns a second 401 as it came, without minting again', async () => {
    const scope = nock(ORIGIN)
      .get('/ads/v3/businesses')
      .times(2)
      .reply(401, '{"messages":["Unauthorized"]}')

    const response = await call(request('GET', 'businesses'))

    scope.done()
    expect(response.status).toBe(401)
    expect(response.body.toString()).toBe('{"messages":["Unauthorized"]}')
    expect(renewals).toBe(1)
  })

  it.each([
    ['another origin', 'https://evil.example/ads/v3/businesses'],
    ['the same host over http', 'http://api-partner.spotify.com/ads/v3/x'],
    [
      'credentials on the right host',
      'https://user:pw@api-partner.spotify.com/ads/v3/x'
    ]
  ])(
    'refuses to send the token to %s, before any request',
    async (_case, href) => {
      const trap = nock('https://evil.example').get(/.*/).reply(200)

      const error = await callApi(
        transport,
        BASE,
        { method: 'GET', url: new URL(href) },
        tokens,
        log
      ).catch((thrown: unknown) => thrown)

      expect(error).toBeInstanceOf(RequestError)
      expect((error as Error).message).toContain(`it only goes to ${ORIGIN}.`)
      expect(trap.isDone()).toBe(false)
      expect(currentCalls).toBe(0)
    }
  )

  it.each<[Method, number]>([
    ['GET', 2],
    ['PUT', 2],
    ['DELETE', 2],
    ['POST', 1],
    ['PATCH', 1]
  ])('sends %s %i time(s) when Spotify answers 503', async (method, times) => {
    let received = 0
    nock(ORIGIN)
      .intercept('/ads/v3/x', method)
      .times(2)
      .reply(() => {
        received++
        return [503, '{}']
      })

    const response = await call(
      request(method, 'x', method === 'GET' ? undefined : '{}')
    )

    expect(response.status).toBe(503)
    expect(received).toBe(times)
  })
})

function answer(
  status: number,
  body: string | object,
  headers: Record<string, string> = {},
  gaveUp?: string
): HttpResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return { status, headers, body: Buffer.from(text), gaveUp }
}

const BAD_GATEWAY =
  '<html>\n<head><title>502 Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1></body>\n</html>\n'

const CAMPAIGNS = request('GET', 'ad_accounts/a-1/campaigns?limit=500')
const TARGET = `${ORIGIN}/ads/v3/ad_accounts/a-1/campaigns`

describe('readSpotifyError', () => {
  it.each<[string, HttpResponse, string[], string | undefined]>([
    [
      "Spotify's messages and sp_trace_id",
      answer(400, {
        sp_trace_id: '7c1f0b8e',
        messages: ['limit must be at most 50', 'offset is negative'],
        error_codes: [{ code: 'INVALID_ARGUMENT', definition: 'ignored' }]
      }),
      ['limit must be at most 50', 'offset is negative'],
      '7c1f0b8e'
    ],
    [
      'error_codes when there are no messages',
      answer(400, {
        sp_trace_id: 't-1',
        error_codes: [
          { code: 'INVALID_ARGUMENT', definition: 'limit is too large' },
          { code: 'OUT_OF_RANGE' },
          { definition: 'no code' },
          null,
          'not an object'
        ]
      }),
      ['INVALID_ARGUMENT: limit is too large', 'OUT_OF_RANGE', 'no code'],
      't-1'
    ],
    [
      'camelCase errorCodes, as a recorded 404 had',
      answer(404, {
        sp_trace_id: 't-2',
        errorCodes: [{ code: 'NOT_FOUND', definition: 'Ad account not found' }]
      }),
      ['NOT_FOUND: Ad account not found'],
      't-2'
    ],
    [
      "the Web API's nested error",
      answer(401, {
        error: { status: 401, message: 'The access token expired' }
      }),
      ['The access token expired'],
      undefined
    ],
    [
      'messages that are not strings, skipped',
      answer(400, { messages: ['kept', 42, null] }),
      ['kept'],
      undefined
    ],
    [
      'an HTML page, as an excerpt without tags',
      answer(502, BAD_GATEWAY, { 'content-type': 'text/html' }),
      [
        `the answer is not JSON (text/html, ${Buffer.byteLength(BAD_GATEWAY)} bytes): 502 Bad Gateway Bad Gateway`
      ],
      undefined
    ],
    [
      'plain text without a content type',
      answer(503, 'upstream connect error'),
      [
        'the answer is not JSON (unknown type, 22 bytes): upstream connect error'
      ],
      undefined
    ],
    ['an empty body, as nothing', answer(500, ''), [], undefined],
    ['a body of whitespace, as nothing', answer(500, ' \n'), [], undefined],
    ['a JSON string', answer(500, '"oops"'), ['"oops"'], undefined],
    ['JSON null', answer(500, 'null'), ['null'], undefined],
    ['a JSON object with nothing known', answer(500, {}), [], undefined]
  ])('reads %s', (_case, response, messages, traceId) => {
    expect(readSpotifyError(response)).toEqual({ messages, traceId })
  })

  it('shortens a megabyte that is not JSON to an excerpt', () => {
    const response = answer(502, `<p>${'x'.repeat(1024 * 1024)}</p>`, {
      'content-type': 'text/html'
    })

    const { messages } = readSpotifyError(response)

    expect(messages).toHaveLength(1)
    expect(messages[0]).toBe(
      `the answer is not JSON (text/html, 1048583 bytes): ${'x'.repeat(200)}…`
    )
  })

  it('keeps the first five of thousands of messages, and counts the rest', () => {
    const said = Array.from({ length: 40_000 }, (_, i) => `wrong (${i})`)

    const { messages } = readSpotifyError(answer(400, { messages: said }))

    expect(messages).toEqual([
      'wrong (0)',
      'wrong (1)',
      'wrong (2)',
      'wrong (3)',
      'wrong (4)',
      'and 39995 more'
    ])
  })

  it('reads an error field that is null without throwing', () => {
    expect(readSpotifyError(answer(500, { error: null }))).toEqual({
      messages: [],
      traceId: undefined
    })
  })
})

describe('apiError', () => {
  it("carries the status, Spotify's messages and sp_trace_id, but not the query", () => {
    const error = apiError(
      CAMPAIGNS,
      answer(400, {
        sp_trace_id: '7c1f0b8e',
        messages: ['limit must be at most 50']
      })
    )

    expect(error).toBeInstanceOf(ApiError)
    expect(error.name).toBe('ApiError')
    expect(error.status).toBe(400)
    expect(error.messages).toEqual(['limit must be at most 50'])
    expect(error.traceId).toBe('7c1f0b8e')
    expect(error.message).toBe(
      `GET ${TARGET} answered HTTP 400: limit must be at most 50 (sp_trace_id 7c1f0b8e)`
    )
  })

  it.each([
    [401, 'The access token was refused even after minting a new one'],
    [403, 'The authorized user has no access to this resource'],
    [404, 'Check the path and the ids in it (v3 paths differ from v2'],
    [500, 'Spotify had a problem; try again later, and quote the sp_trace_id'],
    [503, 'Spotify had a problem']
  ])('adds what to do next for HTTP %i', (status, hint) => {
    const error = apiError(
      CAMPAIGNS,
      answer(status, { sp_trace_id: 't', messages: ['said'] })
    )

    expect(error.message).toContain(
      `answered HTTP ${status}: said (sp_trace_id t). ${hint}`
    )
  })

  it.each([400, 409, 422, 429])('adds no hint for HTTP %i', status => {
    const error = apiError(CAMPAIGNS, answer(status, { messages: ['said'] }))

    expect(error.message).toBe(`GET ${TARGET} answered HTTP ${status}: said`)
  })

  it('says when the transport gave up, before the hint', () => {
    const error = apiError(
      CAMPAIGNS,
      answer(503, '', {}, 'gave up after 4 attempts')
    )

    expect(error.message).toBe(
      `GET ${TARGET} answered HTTP 503. Gave up after 4 attempts. Spotify had a problem; try again later, and quote the sp_trace_id to Spotify support if it lasts`
    )
  })

  it('passes on why a long Retry-After was not waited', () => {
    const error = apiError(
      CAMPAIGNS,
      answer(
        429,
        { messages: ['Too many requests'] },
        { 'retry-after': '18000' },
        'spotify asked to wait 5 h (Retry-After: 18000) before trying again; run the job again later'
      )
    )

    expect(error.message).toBe(
      `GET ${TARGET} answered HTTP 429: Too many requests. Spotify asked to wait 5 h (Retry-After: 18000) before trying again; run the job again later`
    )
  })

  it('says where a redirect pointed and that it was not followed', () => {
    const error = apiError(
      CAMPAIGNS,
      answer(302, '', { location: 'https://evil.example/next?token=x' })
    )

    expect(error.message).toContain(
      'The answer redirects to https://evil.example; redirects are not followed'
    )
    expect(error.message).not.toContain('token=x')
  })

  it('says so when a redirect points nowhere readable', () => {
    const error = apiError(
      CAMPAIGNS,
      answer(301, '', { location: 'http://[not a host' })
    )

    expect(error.message).toContain(
      'The answer redirects to an unreadable location; redirects are not followed'
    )
  })

  it('keeps an error about a huge HTML page short', () => {
    const error = apiError(
      CAMPAIGNS,
      answer(500, `<html>${'<p>oops</p>'.repeat(100_000)}</html>`, {
        'content-type': 'text/html'
      })
    )

    expect(error.message.length).toBeLessThan(600)
  })
})

describe('shorten', () => {
  it.each([
    ['keeps short text', 'short', 'short'],
    ['flattens whitespace', '  spaced \n\t out  ', 'spaced out'],
    ['keeps 200 characters', 'a'.repeat(200), 'a'.repeat(200)],
    ['cuts at 200 characters', 'a'.repeat(201), `${'a'.repeat(200)}…`]
  ])('%s', (_case, text, expected) => {
    expect(shorten(text)).toBe(expected)
  })
})
