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
import { TokenError } from '../src/errors.js'
import type { Transport as TransportType } from '../src/http.js'
import type { Log } from '../src/log.js'
import { refreshAccessToken } from '../src/token.js'

// Note: nock patches node:https when it loads, but Jest gives an ES module
// such as @actions/http-client the core modules as they were when it was
// first linked. Importing the transport only now lets nock see its requests.
const { Transport } = await import('../src/http.js')

const ACCOUNTS = 'https://accounts.spotify.com'
const TOKEN_URL = new URL(`${ACCOUNTS}/api/token`)

const CREDENTIALS = {
  clientId: 'my-client-id',
  clientSecret: 'cl13nt-s3cr3t',
  refreshToken: 'AQD-r3fr3sh+t0k3n/with=signs'
}
const BASIC = Buffer.from('my-client-id:cl13nt-s3cr3t').toString('base64')
const SECRETS = [CREDENTIALS.clientSecret, CREDENTIALS.refreshToken, BASIC]

interface LogCall {
  level: keyof Log
  message: string
}

let calls: LogCall[]
let waits: number[]
let transport: TransportType

function recordingLog(): Log {
  const record = (level: keyof Log) => (message: string) => {
    calls.push({ level, message })
  }
  return {
    debug: record('debug'),
    info: record('info'),
    warning: record('warning'),
    mask: record('mask')
  }
}

const log = recordingLog()

function refresh() {
  return refreshAccessToken(transport, TOKEN_URL, CREDENTIALS, log)
}

async function refusal(): Promise<TokenError> {
  try {
    await refresh()
  } catch (error) {
    if (error instanceof TokenError) return error
    throw error
  }
  throw new Error('refreshAccessToken did not fail')
}

function printed(): string[] {
  return calls.filter(call => call.level !== 'mask').map(call => call.message)
}

beforeAll(() => {
  nock.disableNetConnect()
})

beforeEach(() => {
  calls = []
  waits = []
  transport = new Transport({
    timeoutMs: 5000,
    maxRetries: 2,
    log,
    userAgent: 'spotify-ads-action-test',
    sleep: ms => {
      waits.push(ms)
      return Promise.resolve()
    }
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

describe('refreshAccessToken', () => {
  it('posts a form with Basic credentials and grant_type=refresh_token', async () => {
    let headers: Record<string, string> = {}
    let body = ''
    const scope = nock(ACCOUNTS)
      .post('/api/token')
      .reply(async request => {
        headers = Object.fromEntries(request.headers)
        body = await request.text()
        return [200, { access_token: 'BQ-access', expires_in: 3600 }]
      })

    await refresh()

    scope.done()
    expect(headers).toMatchObject({
      authorization: `Basic ${BASIC}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json'
    })
    expect(body).toBe(
      'grant_type=refresh_token&refresh_token=AQD-r3fr3sh%2Bt0k3n%2Fwith%3Dsigns'
    )
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: CREDENTIALS.refreshToken
    })
  })

  it('returns the token fields and when the token expires', async () => {
    nock(ACCOUNTS).post('/api/token').reply(200, {
      access_token: 'BQ-access',
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'ads-management'
    })
    const before = Date.now()

    const token = await refresh()

    expect(token).toEqual({
      accessToken: 'BQ-access',
      tokenType: 'Bearer',
      expiresIn: 3600,
      expiresAt: expect.any(Date),
      scope: 'ads-management',
      refreshToken: undefined
    })
    expect(token.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3_600_000)
    expect(token.expiresAt.getTime()).toBeLessThanOrEqual(
      Date.now() + 3_600_000
    )
  })

  it('fills in Bearer, an hour and no scope when the answer leaves them out', async () => {
    nock(ACCOUNTS).post('/api/token').reply(200, { access_token: 'BQ-access' })

    const token = await refresh()

    expect(token).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 3600,
      scope: ''
    })
  })

  it('keeps the new refresh token when Spotify rotates it', async () => {
    nock(ACCOUNTS)
      .post('/api/token')
      .reply(200, { access_token: 'BQ-access', refresh_token: 'AQ-rotated' })

    const token = await refresh()

    expect(token.refreshToken).toBe('AQ-rotated')
  })

  it('masks the Basic credential before the request, and each token the moment it arrives', async () => {
    nock(ACCOUNTS)
      .post('/api/token')
      .reply(200, { access_token: 'BQ-access', refresh_token: 'AQ-rotated' })

    await refresh()

    expect(calls[0]).toEqual({ level: 'mask', message: BASIC })
    const answered = calls.findIndex(call =>
      call.message.startsWith('HTTP 200')
    )
    expect(answered).toBeGreaterThan(0)
    expect(calls.slice(answered + 1)).toEqual([
      { level: 'mask', message: 'BQ-access' },
      { level: 'mask', message: 'AQ-rotated' }
    ])
    for (const line of printed()) {
      for (const secret of [...SECRETS, 'BQ-access', 'AQ-rotated']) {
        expect(line).not.toContain(secret)
      }
    }
  })

  it('retries a 5xx and returns the token minted by the retry', async () => {
    nock(ACCOUNTS)
      .post('/api/token')
      .reply(503, 'busy')
      .post('/api/token')
      .reply(502, 'busy')
      .post('/api/token')
      .reply(200, { access_token: 'BQ-access' })

    const token = await refresh()

    expect(token.accessToken).toBe('BQ-access')
    expect(waits).toHaveLength(2)
  })

  it.each<[string, number, unknown, string | undefined, string]>([
    [
      'an invalid_grant says to authorize again and update the secret',
      400,
      { error: 'invalid_grant', error_description: 'Refresh token revoked' },
      'invalid_grant',
      "Spotify refused the refresh token (invalid_grant: Refresh token revoked). It is wrong, revoked, or past Spotify's 6-month limit. Authorize the app again (npx spotify-ads authorize) and update the secret passed as refresh-token."
    ],
    [
      'an invalid_client says to check client-id and client-secret',
      400,
      { error: 'invalid_client', error_description: 'Invalid client secret' },
      'invalid_client',
      "Spotify refused the client credentials (invalid_client: Invalid client secret). Check client-id and client-secret against the app in Spotify's developer dashboard."
    ],
    [
      'an invalid_client without a description still says what to check',
      400,
      { error: 'invalid_client' },
      'invalid_client',
      'Spotify refused the client credentials (invalid_client). Check client-id and client-secret'
    ],
    [
      'another 400 gives the status and description',
      400,
      {
        error: 'unsupported_grant_type',
        error_description: 'grant_type parameter is missing'
      },
      'unsupported_grant_type',
      'The token endpoint https://accounts.spotify.com/api/token answered HTTP 400: unsupported_grant_type: grant_type parameter is missing.'
    ],
    [
      'a 415 without a body gives the status',
      415,
      '',
      undefined,
      'The token endpoint https://accounts.spotify.com/api/token answered HTTP 415.'
    ],
    [
      'a 200 without access_token says to check token-url',
      200,
      { token_type: 'Bearer' },
      undefined,
      "The token endpoint https://accounts.spotify.com/api/token answered HTTP 200 without an access_token. Check that token-url points at Spotify's token endpoint."
    ],
    [
      'a 200 that is not JSON says so',
      200,
      '<html>Sign in</html>',
      undefined,
      'answered HTTP 200 without an access_token (the answer is not JSON)'
    ],
    [
      'a 200 with an empty access_token is refused',
      200,
      { access_token: '' },
      undefined,
      'without an access_token'
    ],
    [
      'a 200 whose expires_in is not a number of seconds is refused',
      200,
      { access_token: 'BQ-access', expires_in: 'soon' },
      undefined,
      'answered HTTP 200 with an expires_in that is not a whole number of seconds'
    ],
    [
      'a 200 whose expires_in would make an invalid date is refused',
      200,
      { access_token: 'BQ-access', expires_in: 1e300 },
      undefined,
      'answered HTTP 200 with an expires_in that is not a whole number of seconds'
    ],
    [
      'a 200 whose access_token could not be sent in a header is refused',
      200,
      { access_token: 'BQ-access\r\nX-Injected: 1' },
      undefined,
      'with an access_token that holds spaces, line breaks or other characters an Authorization header cannot carry'
    ]
  ])('%s', async (_case, status, answer, code, message) => {
    nock(ACCOUNTS)
      .post('/api/token')
      .reply(status, answer as string)

    const error = await refusal()

    expect(error.name).toBe('TokenError')
    expect(error.status).toBe(status)
    expect(error.code).toBe(code)
    expect(error.message).toContain(message)
    for (const secret of SECRETS) expect(error.message).not.toContain(secret)
  })

  it('says it gave up when the token endpoint keeps failing', async () => {
    nock(ACCOUNTS)
      .post('/api/token')
      .times(3)
      .reply(503, '<h1>Oops</h1>', { 'content-type': 'text/html' })

    const error = await refusal()

    expect(error.status).toBe(503)
    expect(error.message).toBe(
      "The token endpoint https://accounts.spotify.com/api/token answered HTTP 503 with a 13-byte text/html body that is not Spotify's error JSON (gave up after 3 attempts)."
    )
  })

  it('never prints a secret, whatever the answer', async () => {
    nock(ACCOUNTS)
      .post('/api/token')
      .reply(500, 'x')
      .post('/api/token')
      .reply(400, { error: 'invalid_grant' })

    await refusal()

    for (const line of printed()) {
      for (const secret of SECRETS) expect(line).not.toContain(secret)
    }
  })
})
