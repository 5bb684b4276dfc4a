import http from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  REPORT_FIELDS,
  rowWithFields,
  startFakeSpotify,
  type Campaign,
  type FakeSpotify,
  type FakeSpotifyOptions,
  type ReportRow
} from '../fake/spotify.js'

interface TokenBody {
  access_token: string
  token_type: string
  expires_in: number
  scope: string
  refresh_token?: string
}

interface OAuthErrorBody {
  error: string
  error_description: string
}

interface SpotifyErrorBody {
  sp_trace_id: string
  messages: string[]
  error_codes?: { code: string; definition: string }[]
  errorCodes?: { code: string; definition: string }[]
}

interface Paging {
  page_size: number
  total_results: number
  offset: number
  current_page: number
}

interface ReportPage {
  continuation_token: string
  report_start: string
  report_end: string
  granularity: string
  rows: ReportRow[]
  warnings: string[]
}

interface TokenErrorCase {
  name: string
  form: Record<string, string>
  /** Absent: the right Basic header. */
  headers?: Record<string, string>
  error: string
  description: unknown
}

interface AuthorizeErrorCase {
  name: string
  params: Record<string, string>
  page: string
}

interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  chunks: Buffer[]
  complete: boolean
  elapsedMs: number
}

const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const FORM = 'application/x-www-form-urlencoded'
const REDIRECT = 'http://127.0.0.1:8888/callback'
const REPORT_QUERY =
  'entity_type=CAMPAIGN&fields=IMPRESSIONS&fields=SPEND&granularity=DAY&report_start=2026-01-01T00:00:00Z&report_end=2026-01-07T00:00:00Z'

let fake: FakeSpotify

beforeEach(async () => {
  fake = await startFakeSpotify()
})

afterEach(async () => {
  await fake.close()
})

async function restartWith(options: FakeSpotifyOptions): Promise<void> {
  await fake.close()
  fake = await startFakeSpotify(options)
}

function basic(id = fake.clientId, secret = fake.clientSecret): string {
  return basicOf(`${id}:${secret}`)
}

function basicOf(credentials: string): string {
  return `Basic ${Buffer.from(credentials).toString('base64')}`
}

function postToken(
  form: Record<string, string>,
  headers: Record<string, string> = { authorization: basic() }
): Promise<Response> {
  return fetch(fake.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': FORM, ...headers },
    body: new URLSearchParams(form).toString()
  })
}

async function refresh(refreshToken = fake.refreshToken): Promise<TokenBody> {
  const answer = await postToken({
    grant_type: 'refresh_token',
    refresh_token: refreshToken
  })
  expect(answer.status).toBe(200)
  return (await answer.json()) as TokenBody
}

async function authorize(params: Record<string, string>): Promise<Response> {
  const query = new URLSearchParams(params).toString()
  return fetch(`${fake.authorizeUrl}?${query}`, { redirect: 'manual' })
}

async function authorizationCode(redirectUri = REDIRECT): Promise<string> {
  const answer = await authorize({
    client_id: fake.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'ads-read'
  })
  const location = new URL(answer.headers.get('location') ?? '')
  return location.searchParams.get('code') ?? ''
}

function api(path: string, init: RequestInit = {}): Promise<Response> {
  const token = fake.issueAccessToken()
  return fetch(`${fake.apiBaseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...init.headers }
  })
}

async function apiJson<T>(path: string, init?: RequestInit): Promise<T> {
  const answer = await api(path, init)
  expect(answer.status).toBe(200)
  return (await answer.json()) as T
}

function account(rest = ''): string {
  return `/ad_accounts/${fake.accountId}${rest}`
}

function sendJson(method: string, value: unknown): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json' },
    body: typeof value === 'string' ? value : JSON.stringify(value)
  }
}

/** A GET with node:http, to see chunks, timing and cut bodies as they come. */
function rawGet(url: string, headers: http.OutgoingHttpHeaders = {}) {
  const started = Date.now()
  return new Promise<RawAnswer>((resolve, reject) => {
    const request = http.get(url, { headers }, response => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', () => undefined)
      response.on('close', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          chunks,
          complete: response.complete,
          elapsedMs: Date.now() - started
        })
      )
    })
    request.on('error', reject)
  })
}

describe('the token endpoint', () => {
  it('mints an unguessable access token from the refresh token', async () => {
    const body = await refresh()

    expect(body).toEqual({
      access_token: expect.stringMatching(/^[\w-]{40,}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: ''
    })
    expect(fake.issuedAccessTokens).toEqual([body.access_token])
    expect(fake.issuedRefreshTokens).toEqual([])
  })

  it('accepts the client credentials in the form body instead of Basic', async () => {
    const answer = await postToken(
      {
        grant_type: 'refresh_token',
        refresh_token: fake.refreshToken,
        client_id: fake.clientId,
        client_secret: fake.clientSecret
      },
      {}
    )

    expect(answer.status).toBe(200)
  })

  it('honours the configured credentials, refresh token and lifetime', async () => {
    await restartWith({
      clientId: 'id-2',
      clientSecret: 'secret-2',
      refreshToken: 'refresh-2',
      accessTokenTtlSeconds: 60
    })

    const body = await refresh('refresh-2')

    expect(body.expires_in).toBe(60)
  })

  it('rotates the refresh token when told to, and the old one stays valid', async () => {
    await restartWith({ rotateRefreshToken: true })

    const first = await refresh()
    const second = await refresh(first.refresh_token)
    await refresh()

    expect(first.refresh_token).toMatch(/^[\w-]{40,}$/)
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect(fake.issuedRefreshTokens).toHaveLength(3)
  })

  it.each<TokenErrorCase>([
    {
      name: 'a missing grant_type',
      form: { refresh_token: 'fake-refresh-token' },
      error: 'unsupported_grant_type',
      description: 'grant_type parameter is missing'
    },
    {
      name: 'an unknown grant_type',
      form: { grant_type: 'password' },
      error: 'unsupported_grant_type',
      description: expect.stringContaining('grant_type must be')
    },
    {
      name: 'no client credentials',
      form: {
        grant_type: 'refresh_token',
        refresh_token: 'fake-refresh-token'
      },
      headers: {},
      error: 'invalid_client',
      description: 'Invalid client'
    },
    {
      name: 'an unknown client id',
      form: {
        grant_type: 'refresh_token',
        refresh_token: 'fake-refresh-token'
      },
      headers: {
        authorization: basicOf('someone-else:fake-client-secret')
      },
      error: 'invalid_client',
      description: 'Invalid client'
    },
    {
      name: 'a wrong client secret',
      form: {
        grant_type: 'refresh_token',
        refresh_token: 'fake-refresh-token'
      },
      headers: {
        authorization: basicOf('fake-client-id:wrong')
      },
      error: 'invalid_client',
      description: 'Invalid client secret'
    },
    {
      name: 'a Basic header without a colon',
      form: {
        grant_type: 'refresh_token',
        refresh_token: 'fake-refresh-token'
      },
      headers: {
        authorization: basicOf('fake-client-id')
      },
      error: 'invalid_client',
      description: 'Invalid client'
    },
    {
      name: 'a missing refresh_token',
      form: { grant_type: 'refresh_token' },
      error: 'invalid_request',
      description: expect.stringContaining('refresh_token')
    },
    {
      name: 'an unknown refresh token',
      form: { grant_type: 'refresh_token', refresh_token: 'stolen' },
      error: 'invalid_grant',
      description: 'Invalid refresh token'
    },
    {
      name: 'a code exchange without a code',
      form: { grant_type: 'authorization_code', redirect_uri: REDIRECT },
      error: 'invalid_request',
      description: expect.stringContaining('code')
    },
    {
      name: 'a code exchange without a redirect_uri',
      form: { grant_type: 'authorization_code', code: 'AQabc' },
      error: 'invalid_request',
      description: expect.stringContaining('redirect_uri')
    },
    {
      name: 'an unknown authorization code',
      form: {
        grant_type: 'authorization_code',
        code: 'AQmadeup',
        redirect_uri: REDIRECT
      },
      error: 'invalid_grant',
      description: 'Invalid authorization code'
    }
  ])(
    'answers $name with 400 $error',
    async ({ form, headers, error, description }) => {
      const answer = await postToken(form, headers)

      expect(answer.status).toBe(400)
      expect(await answer.json()).toEqual({
        error,
        error_description: description
      })
      expect(fake.issuedAccessTokens).toEqual([])
    }
  )

  it('refuses a JSON body with 415 and a JSON error', async () => {
    const answer = await fetch(fake.tokenUrl, {
      method: 'POST',
      headers: { authorization: basic(), 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token' })
    })

    expect(answer.status).toBe(415)
    expect(answer.headers.get('content-type')).toMatch(/json/)
    const body = (await answer.json()) as OAuthErrorBody
    expect(body.error_description).toMatch(/x-www-form-urlencoded/)
  })

  it('reads a charset parameter on the form content type', async () => {
    const answer = await postToken(
      { grant_type: 'refresh_token', refresh_token: fake.refreshToken },
      { authorization: basic(), 'content-type': `${FORM}; charset=UTF-8` }
    )

    expect(answer.status).toBe(200)
  })

  it('answers a bare POST as a missing grant_type, as Spotify does', async () => {
    const answer = await fetch(fake.tokenUrl, { method: 'POST' })

    expect(answer.status).toBe(400)
    expect(await answer.json()).toMatchObject({
      error: 'unsupported_grant_type'
    })
  })

  it('refuses every refresh token once they are revoked', async () => {
    fake.revokeRefreshTokens()

    const answer = await postToken({
      grant_type: 'refresh_token',
      refresh_token: fake.refreshToken
    })

    expect(answer.status).toBe(400)
    expect(await answer.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Refresh token revoked'
    })
  })

  it('answers other methods with 405', async () => {
    const answer = await fetch(fake.tokenUrl)

    expect(answer.status).toBe(405)
    expect(answer.headers.get('allow')).toBe('POST')
  })
})

describe('the authorize page and the code exchange', () => {
  it('redirects with a code and the state, and the code buys tokens once', async () => {
    const answer = await authorize({
      client_id: fake.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      state: 'xyz-123',
      scope: 'ads-read ads-write'
    })

    expect(answer.status).toBe(302)
    const location = new URL(answer.headers.get('location') ?? '')
    expect(location.origin + location.pathname).toBe(REDIRECT)
    expect(location.searchParams.get('state')).toBe('xyz-123')
    const code = location.searchParams.get('code') ?? ''
    expect(code).toMatch(/^[\w-]{40,}$/)

    const exchange = { grant_type: 'authorization_code', code }
    const first = await postToken({ ...exchange, redirect_uri: REDIRECT })
    expect(first.status).toBe(200)
    const tokens = (await first.json()) as TokenBody
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      scope: 'ads-read ads-write'
    })
    expect(fake.issuedRefreshTokens).toEqual([tokens.refresh_token])
    expect(await refresh(tokens.refresh_token)).toMatchObject({
      scope: 'ads-read ads-write'
    })

    const again = await postToken({ ...exchange, redirect_uri: REDIRECT })
    expect(again.status).toBe(400)
    expect(await again.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid authorization code'
    })
  })

  it('leaves out the state when none was sent and keeps the redirect query', async () => {
    const answer = await authorize({
      client_id: fake.clientId,
      response_type: 'code',
      redirect_uri: `${REDIRECT}?from=cli`
    })

    const location = new URL(answer.headers.get('location') ?? '')
    expect(location.searchParams.get('from')).toBe('cli')
    expect(location.searchParams.has('state')).toBe(false)
    expect(location.searchParams.has('code')).toBe(true)
  })

  it('refuses a code sent with another redirect URI', async () => {
    const code = await authorizationCode()

    const answer = await postToken({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1:9999/elsewhere'
    })

    expect(answer.status).toBe(400)
    expect(await answer.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid redirect URI'
    })
  })

  it('refuses a code after its lifetime', async () => {
    await restartWith({ authorizationCodeTtlSeconds: 0 })
    const code = await authorizationCode()

    const answer = await postToken({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT
    })

    expect(await answer.json()).toMatchObject({
      error_description: 'Invalid authorization code'
    })
  })

  it('redirects with error=access_denied when the person declines', async () => {
    await restartWith({ consent: 'deny' })

    const answer = await authorize({
      client_id: fake.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      state: 's1'
    })

    expect(answer.status).toBe(302)
    const location = new URL(answer.headers.get('location') ?? '')
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: 'access_denied',
      state: 's1'
    })
  })

  it.each<AuthorizeErrorCase>([
    {
      name: 'an unknown client_id',
      params: {
        client_id: 'nobody',
        response_type: 'code',
        redirect_uri: REDIRECT
      },
      page: 'INVALID_CLIENT: Invalid client'
    },
    {
      name: 'a missing client_id',
      params: { response_type: 'code', redirect_uri: REDIRECT },
      page: 'INVALID_CLIENT: Invalid client'
    },
    {
      name: 'a missing redirect_uri',
      params: { client_id: 'fake-client-id', response_type: 'code' },
      page: 'Invalid redirect URI'
    },
    {
      name: 'a redirect_uri that is not a URL',
      params: {
        client_id: 'fake-client-id',
        response_type: 'code',
        redirect_uri: 'callback'
      },
      page: 'Invalid redirect URI'
    },
    {
      name: 'a redirect_uri that is not http(s)',
      params: {
        client_id: 'fake-client-id',
        response_type: 'code',
        redirect_uri: 'javascript:alert(1)'
      },
      page: 'Invalid redirect URI'
    },
    {
      name: 'a missing response_type',
      params: { client_id: 'fake-client-id', redirect_uri: REDIRECT },
      page: 'response_type'
    },
    {
      name: 'response_type=token',
      params: {
        client_id: 'fake-client-id',
        response_type: 'token',
        redirect_uri: REDIRECT
      },
      page: 'response_type'
    }
  ])('shows a 400 HTML page for $name', async ({ params, page }) => {
    const answer = await authorize(params)

    expect(answer.status).toBe(400)
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await answer.text()).toContain(page)
  })

  it('accepts only registered redirect URIs when some are given', async () => {
    await restartWith({ redirectUris: [REDIRECT] })

    const registered = await authorize({
      client_id: fake.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT
    })
    const other = await authorize({
      client_id: fake.clientId,
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:1/other'
    })

    expect(registered.status).toBe(302)
    expect(other.status).toBe(400)
  })
})

describe('the bearer check on the Ads API', () => {
  it('lets a minted access token through', async () => {
    const { access_token } = await refresh()

    const answer = await fetch(`${fake.apiBaseUrl}/businesses`, {
      headers: { authorization: `Bearer ${access_token}` }
    })

    expect(answer.status).toBe(200)
  })

  it.each([
    {
      name: 'no Authorization header',
      header: undefined,
      message: 'No token provided'
    },
    {
      name: 'a Basic header',
      header: basicOf('fake-client-id:fake-client-secret'),
      message: 'No token provided'
    },
    {
      name: 'an unknown token',
      header: 'Bearer BQguessed',
      message: 'Invalid access token'
    }
  ])(
    'answers $name with 401 and Spotify’s error body',
    async ({ header, message }) => {
      const headers: Record<string, string> = header
        ? { authorization: header }
        : {}

      const answer = await fetch(`${fake.apiBaseUrl}/businesses`, { headers })

      expect(answer.status).toBe(401)
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer /)
      expect(await answer.json()).toEqual({
        sp_trace_id: expect.stringMatching(UUID),
        messages: [message],
        error_codes: [
          { code: 'UNAUTHENTICATED', definition: expect.any(String) }
        ]
      })
    }
  )

  it('refuses tokens issued before expireAccessTokens, and not later ones', async () => {
    const old = fake.issueAccessToken()
    fake.expireAccessTokens()
    const fresh = (await refresh()).access_token

    const refused = await fetch(`${fake.apiBaseUrl}/businesses`, {
      headers: { authorization: `Bearer ${old}` }
    })
    const accepted = await fetch(`${fake.apiBaseUrl}/businesses`, {
      headers: { authorization: `Bearer ${fresh}` }
    })

    expect(refused.status).toBe(401)
    expect(((await refused.json()) as SpotifyErrorBody).messages).toEqual([
      'The access token expired'
    ])
    expect(accepted.status).toBe(200)
  })

  it('refuses a token once its expires_in has passed', async () => {
    await restartWith({ accessTokenTtlSeconds: 0 })
    const { access_token } = await refresh()

    const answer = await fetch(`${fake.apiBaseUrl}/businesses`, {
      headers: { authorization: `Bearer ${access_token}` }
    })

    expect(answer.status).toBe(401)
  })

  it('checks the token on v2 as well', async () => {
    const answer = await fetch(`${fake.apiV2BaseUrl}/ad_accounts`)

    expect(answer.status).toBe(401)
  })

  it('gives every error a fresh trace id', async () => {
    const first = await fetch(`${fake.apiBaseUrl}/businesses`)
    const second = await fetch(`${fake.apiBaseUrl}/businesses`)

    const ids = [first, second].map(async answer => {
      const body = (await answer.json()) as SpotifyErrorBody
      return body.sp_trace_id
    })
    const [a, b] = await Promise.all(ids)
    expect(a).not.toBe(b)
  })
})

describe('the Ads API reads', () => {
  it('lists businesses without paging', async () => {
    const body = await apiJson<object>('/businesses')

    expect(body).toEqual({ businesses: [fake.data.business] })
    expect(fake.data.business).toMatchObject({
      id: fake.businessId,
      status: 'ACTIVE'
    })
  })

  it('lists the business’s ad accounts with paging', async () => {
    const body = await apiJson<object>(
      `/businesses/${fake.businessId}/ad_accounts`
    )

    expect(body).toEqual({
      paging: { page_size: 50, total_results: 1, offset: 0, current_page: 1 },
      ad_accounts: [fake.data.adAccount]
    })
  })

  it('reads one business and one ad account', async () => {
    expect(await apiJson(`/businesses/${fake.businessId}`)).toEqual(
      fake.data.business
    )
    expect(await apiJson(account())).toEqual(fake.data.adAccount)
    expect(fake.data.adAccount).toMatchObject({
      id: expect.stringMatching(UUID),
      business_id: fake.businessId,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    })
  })

  it('lists ad accounts flat on v2', async () => {
    const token = fake.issueAccessToken()

    const answer = await fetch(`${fake.apiV2BaseUrl}/ad_accounts`, {
      headers: { authorization: `Bearer ${token}` }
    })

    expect(answer.status).toBe(200)
    expect(await answer.json()).toMatchObject({
      ad_accounts: [fake.data.adAccount]
    })
  })

  it.each([
    {
      name: 'an unknown ad account',
      path: '/ad_accounts/00000000-0000-4000-8000-000000000000'
    },
    {
      name: 'campaigns of an unknown ad account',
      path: '/ad_accounts/nope/campaigns'
    },
    { name: 'an unknown business', path: '/businesses/nope/ad_accounts' },
    {
      name: 'an unknown campaign',
      path: '/ad_accounts/ACCOUNT/campaigns/00000000-0000-4000-8000-000000000000'
    }
  ])('answers $name with 404 and Spotify’s error body', async ({ path }) => {
    const answer = await api(path.replace('ACCOUNT', fake.accountId))

    expect(answer.status).toBe(404)
    expect(await answer.json()).toEqual({
      sp_trace_id: expect.stringMatching(UUID),
      messages: [expect.any(String)],
      error_codes: [{ code: 'NOT_FOUND', definition: expect.any(String) }]
    })
  })

  it('answers an unknown path with 404 spelled errorCodes, like a recorded one', async () => {
    const answer = await api('/no_such_thing')

    expect(answer.status).toBe(404)
    const body = (await answer.json()) as SpotifyErrorBody
    expect(body.errorCodes).toEqual([
      { code: 'NOT_FOUND', definition: expect.any(String) }
    ])
    expect(body.sp_trace_id).toMatch(UUID)
  })

  it('answers a known path with a wrong method with 405', async () => {
    const answer = await api('/businesses', { method: 'DELETE' })

    expect(answer.status).toBe(405)
    expect(answer.headers.get('allow')).toBe('GET')
  })

  it('answers an unknown path outside the API with 404', async () => {
    const answer = await fetch(`${fake.url}/v1/me`)

    expect(answer.status).toBe(404)
  })

  it('keeps ad sets, ads, assets and audiences as empty pages', async () => {
    const body = await apiJson<object>(account('/ad_sets'))

    expect(body).toEqual({
      paging: { page_size: 50, total_results: 0, offset: 0, current_page: 1 },
      ad_sets: []
    })
  })
})

describe('the campaigns list', () => {
  it('pages with limit and offset until every campaign is seen', async () => {
    const seen: Campaign[] = []

    for (let offset = 0; ; offset += 50) {
      const page = await apiJson<{ paging: Paging; campaigns: Campaign[] }>(
        account(`/campaigns?limit=50&offset=${offset}`)
      )
      seen.push(...page.campaigns)
      if (page.campaigns.length < 50) break
    }

    expect(seen).toEqual(fake.data.campaigns)
    expect(seen).toHaveLength(120)
  })

  it.each([
    {
      query: '',
      paging: { page_size: 50, total_results: 120, offset: 0, current_page: 1 },
      from: 0,
      to: 50
    },
    {
      query: '?limit=10&offset=20',
      paging: {
        page_size: 10,
        total_results: 120,
        offset: 20,
        current_page: 3
      },
      from: 20,
      to: 30
    },
    {
      query: '?limit=50&offset=100',
      paging: {
        page_size: 50,
        total_results: 120,
        offset: 100,
        current_page: 3
      },
      from: 100,
      to: 120
    },
    {
      query: '?offset=500',
      paging: {
        page_size: 50,
        total_results: 120,
        offset: 500,
        current_page: 11
      },
      from: 120,
      to: 120
    }
  ])(
    'answers "$query" with its paging and slice',
    async ({ query, paging, from, to }) => {
      const page = await apiJson<object>(account(`/campaigns${query}`))

      expect(page).toEqual({
        paging,
        campaigns: fake.data.campaigns.slice(from, to)
      })
    }
  )

  it.each([
    'limit=0',
    'limit=51',
    'limit=-1',
    'limit=ten',
    'limit=1.5',
    'offset=-1',
    'offset=x'
  ])('refuses %s with 400 and Spotify’s error body', async query => {
    const answer = await api(account(`/campaigns?${query}`))

    expect(answer.status).toBe(400)
    expect(await answer.json()).toEqual({
      sp_trace_id: expect.stringMatching(UUID),
      messages: [expect.stringContaining(query.split('=')[0] ?? '')],
      error_codes: [
        { code: 'INVALID_ARGUMENT', definition: expect.any(String) }
      ]
    })
  })

  it('generates the same data for the same options, and other data for another seed', async () => {
    const first = fake.data
    await restartWith({})
    const same = fake.data
    await restartWith({ seed: 2, campaigns: 3, reportRows: 4 })

    expect(same).toEqual(first)
    expect(fake.data.campaigns).toHaveLength(3)
    expect(fake.data.reportRows).toHaveLength(4)
    expect(fake.data.campaigns[0]?.id).not.toBe(first.campaigns[0]?.id)
    for (const campaign of first.campaigns) {
      expect(campaign).toMatchObject({
        id: expect.stringMatching(UUID),
        name: expect.stringMatching(/^\S.*\S$/),
        status: expect.stringMatching(/^(ACTIVE|PAUSED|ARCHIVED)$/)
      })
    }
  })
})

describe('the campaign writes', () => {
  it('creates a campaign that the list and a read then show', async () => {
    const answer = await api(
      account('/campaigns'),
      sendJson('POST', {
        name: 'New Launch',
        objective: 'REACH',
        purchase_order: 'PO-77'
      })
    )

    expect(answer.status).toBe(200)
    const created = (await answer.json()) as Campaign
    expect(created).toMatchObject({
      id: expect.stringMatching(UUID),
      name: 'New Launch',
      objective: 'REACH',
      purchase_order: 'PO-77',
      status: 'ACTIVE'
    })
    expect(fake.data.campaigns.at(-1)).toEqual(created)
    expect(await apiJson(account(`/campaigns/${created.id}`))).toEqual(created)
    const list = await apiJson<{ paging: Paging }>(account('/campaigns'))
    expect(list.paging.total_results).toBe(121)
  })

  it.each([
    { name: 'invalid JSON', body: '{"name": ', status: 400 },
    { name: 'a JSON array', body: '[]', status: 400 },
    { name: 'no name', body: { objective: 'REACH' }, status: 400 },
    {
      name: 'a name with a trailing space',
      body: { name: 'Launch ' },
      status: 400
    },
    {
      name: 'an unknown objective',
      body: { name: 'Launch', objective: 'FAME' },
      status: 400
    },
    {
      name: 'a one-letter purchase order',
      body: { name: 'Launch', purchase_order: 'X' },
      status: 400
    }
  ])('refuses a create with $name', async ({ body, status }) => {
    const answer = await api(account('/campaigns'), sendJson('POST', body))

    expect(answer.status).toBe(status)
    expect(await answer.json()).toMatchObject({
      sp_trace_id: expect.stringMatching(UUID)
    })
    expect(fake.data.campaigns).toHaveLength(120)
  })

  it('refuses a create that is not JSON with 415', async () => {
    const answer = await api(account('/campaigns'), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'name=Launch'
    })

    expect(answer.status).toBe(415)
  })

  it('updates a campaign’s status and name', async () => {
    const target = fake.data.campaigns[0] as Campaign

    const updated = await apiJson<Campaign>(
      account(`/campaigns/${target.id}`),
      sendJson('PATCH', { status: 'PAUSED', name: 'Renamed' })
    )

    expect(updated).toMatchObject({
      id: target.id,
      status: 'PAUSED',
      name: 'Renamed'
    })
    expect(fake.data.campaigns[0]).toEqual(updated)
  })

  it.each([
    { name: 'nothing to change', body: {}, status: 400 },
    { name: 'an unknown status', body: { status: 'SLEEPING' }, status: 400 },
    { name: 'a too short name', body: { name: 'x' }, status: 400 }
  ])('refuses an update with $name', async ({ body, status }) => {
    const target = fake.data.campaigns[0] as Campaign

    const answer = await api(
      account(`/campaigns/${target.id}`),
      sendJson('PATCH', body)
    )

    expect(answer.status).toBe(status)
  })

  it('refuses a campaign id that is not a uuid with 400', async () => {
    const answer = await api(account('/campaigns/not-a-uuid'))

    expect(answer.status).toBe(400)
  })

  it('deletes a campaign with 204, after which it is gone', async () => {
    const target = fake.data.campaigns[5] as Campaign

    const answer = await api(account(`/campaigns/${target.id}`), {
      method: 'DELETE'
    })
    const after = await api(account(`/campaigns/${target.id}`))

    expect(answer.status).toBe(204)
    expect(await answer.text()).toBe('')
    expect(after.status).toBe(404)
    expect(fake.data.campaigns).toHaveLength(119)
  })
})

describe('the aggregate report', () => {
  async function walkReport(firstQuery: string): Promise<ReportPage[]> {
    const pages = [
      await apiJson<ReportPage>(account(`/aggregate_reports?${firstQuery}`))
    ]
    for (let last = pages[0]; last?.continuation_token; last = pages.at(-1)) {
      const token = encodeURIComponent(last.continuation_token)
      pages.push(
        await apiJson<ReportPage>(
          account(`/aggregate_reports?continuation_token=${token}`)
        )
      )
    }
    return pages
  }

  it('pages by continuation token alone until the token is empty', async () => {
    const pages = await walkReport(REPORT_QUERY)

    expect(pages.map(page => page.rows.length)).toEqual([10, 10, 10])
    expect(pages.map(page => page.continuation_token === '')).toEqual([
      false,
      false,
      true
    ])
    expect(pages.flatMap(page => page.rows)).toEqual(
      fake.data.reportRows.map(row =>
        rowWithFields(row, ['IMPRESSIONS', 'SPEND'])
      )
    )
    for (const page of pages) {
      expect(page).toMatchObject({
        report_start: '2026-01-01T00:00:00Z',
        report_end: '2026-01-07T00:00:00Z',
        granularity: 'DAY',
        warnings: []
      })
    }
  })

  it('hands out tokens that need URL encoding, and that can be asked for again', async () => {
    const [first] = await walkReport(`${REPORT_QUERY}&limit=5`)
    const token = first?.continuation_token ?? ''
    const url = account(
      `/aggregate_reports?continuation_token=${encodeURIComponent(token)}`
    )

    const once = await apiJson<ReportPage>(url)
    const twice = await apiJson<ReportPage>(url)

    expect(token).toMatch(/=$/)
    expect(once.rows).toHaveLength(5)
    expect(twice).toEqual({ ...once, continuation_token: expect.any(String) })
  })

  it('follows limit for the page size', async () => {
    const pages = await walkReport(`${REPORT_QUERY}&limit=25`)

    expect(pages.map(page => page.rows.length)).toEqual([25, 5])
  })

  it('answers stats in the order the fields were asked for', async () => {
    const query =
      'entity_type=CAMPAIGN&fields=CTR&fields=CLICKS&fields=IMPRESSIONS'

    const [page] = await walkReport(query)

    expect(page?.rows[0]?.stats.map(stat => stat.field_type)).toEqual([
      'CTR',
      'CLICKS',
      'IMPRESSIONS'
    ])
    expect(page?.granularity).toBe('LIFETIME')
    expect(page?.report_start).toBe(fake.data.reportRows[0]?.start_time)
  })

  it('warns when other parameters come with the continuation token', async () => {
    const [first] = await walkReport(REPORT_QUERY)
    const token = encodeURIComponent(first?.continuation_token ?? '')

    const page = await apiJson<ReportPage>(
      account(`/aggregate_reports?continuation_token=${token}&fields=CLICKS`)
    )

    expect(page.warnings).toEqual([expect.stringContaining('ignored')])
    expect(page.rows[0]?.stats.map(stat => stat.field_type)).toEqual([
      'IMPRESSIONS',
      'SPEND'
    ])
  })

  it('refuses an unknown continuation token with 400', async () => {
    const answer = await api(
      account('/aggregate_reports?continuation_token=AMC-forged')
    )

    expect(answer.status).toBe(400)
    expect(((await answer.json()) as SpotifyErrorBody).messages).toEqual([
      'Invalid continuation_token'
    ])
  })

  it.each([
    { name: 'no entity_type', query: 'fields=CLICKS', problem: 'entity_type' },
    {
      name: 'an unknown entity_type',
      query: 'entity_type=PLAYLIST&fields=CLICKS',
      problem: 'entity_type'
    },
    { name: 'no fields', query: 'entity_type=CAMPAIGN', problem: 'fields' },
    {
      name: 'comma-joined fields',
      query: 'entity_type=CAMPAIGN&fields=CLICKS,SPEND',
      problem: 'fields'
    },
    {
      name: 'an unknown field',
      query: 'entity_type=CAMPAIGN&fields=LIKES',
      problem: 'fields'
    },
    {
      name: 'an unknown granularity',
      query: 'entity_type=CAMPAIGN&fields=CLICKS&granularity=WEEK',
      problem: 'granularity'
    },
    {
      name: 'DAY without report_start',
      query:
        'entity_type=CAMPAIGN&fields=CLICKS&granularity=DAY&report_end=2026-01-02T00:00:00Z',
      problem: 'report_start'
    },
    {
      name: 'DAY with a time of day',
      query:
        'entity_type=CAMPAIGN&fields=CLICKS&granularity=DAY&report_start=2026-01-01T05:00:00Z&report_end=2026-01-02T00:00:00Z',
      problem: 'report_start'
    },
    {
      name: 'a date without a time',
      query: 'entity_type=CAMPAIGN&fields=CLICKS&report_start=2026-01-01',
      problem: 'report_start'
    },
    {
      name: 'minutes in an HOUR range',
      query:
        'entity_type=CAMPAIGN&fields=CLICKS&granularity=HOUR&report_start=2026-01-01T05:30:00Z&report_end=2026-01-02T00:00:00Z',
      problem: 'report_start'
    },
    {
      name: 'an end before the start',
      query:
        'entity_type=CAMPAIGN&fields=CLICKS&report_start=2026-02-01T00:00:00Z&report_end=2026-01-01T00:00:00Z',
      problem: 'before'
    },
    {
      name: 'a range over 90 days',
      query:
        'entity_type=CAMPAIGN&fields=CLICKS&granularity=DAY&report_start=2026-01-01T00:00:00Z&report_end=2026-06-01T00:00:00Z',
      problem: '90 days'
    },
    {
      name: 'limit=0',
      query: 'entity_type=CAMPAIGN&fields=CLICKS&limit=0',
      problem: 'limit'
    }
  ])('refuses a first page with $name', async ({ query, problem }) => {
    const answer = await api(account(`/aggregate_reports?${query}`))

    expect(answer.status).toBe(400)
    const body = (await answer.json()) as SpotifyErrorBody
    expect(body.messages.join(' ')).toContain(problem)
    expect(body.error_codes?.[0]?.code).toBe('INVALID_ARGUMENT')
  })

  it('reports on the account itself when it has no campaigns', async () => {
    await restartWith({ campaigns: 0, reportRows: 2 })

    const [page] = await walkReport('entity_type=AD_ACCOUNT&fields=SPEND')

    expect(page?.rows.map(row => row.entity_id)).toEqual([
      fake.accountId,
      fake.accountId
    ])
  })

  it('keeps a stat for every report field in the generated rows', () => {
    const row = fake.data.reportRows[0] as ReportRow

    expect(row.stats.map(stat => stat.field_type)).toEqual(REPORT_FIELDS)
  })
})

describe('fault injection', () => {
  it('answers with the fault’s status, headers and JSON body, then the real answer', async () => {
    fake.inject({
      path: '/api/token',
      status: 429,
      headers: { 'Retry-After': '1' },
      body: { error: 'slow down' },
      times: 2
    })

    const answers = [
      await refreshAnswer(),
      await refreshAnswer(),
      await refreshAnswer()
    ]

    expect(answers.map(answer => answer.status)).toEqual([429, 429, 200])
    expect(answers[0]?.headers.get('retry-after')).toBe('1')
    expect(await answers[0]?.json()).toEqual({ error: 'slow down' })
    expect(fake.issuedAccessTokens).toHaveLength(1)
  })

  it('sends a string body as it is, e.g. an HTML error page', async () => {
    fake.inject({ status: 502, body: '<html><body>Bad gateway</body></html>' })

    const answer = await api('/businesses')

    expect(answer.status).toBe(502)
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await answer.text()).toBe('<html><body>Bad gateway</body></html>')
  })

  it.each([
    {
      name: 'an API path',
      path: '/ads/v3/businesses',
      expected: {
        sp_trace_id: expect.stringMatching(UUID),
        messages: ['Service Unavailable']
      }
    },
    {
      name: 'the token path',
      path: '/api/token',
      expected: {
        error: 'server_error',
        error_description: 'Service Unavailable'
      }
    }
  ])(
    'fills a bodiless error fault on $name with that service’s error body',
    async ({ path, expected }) => {
      fake.inject({ path, status: 503 })

      const answer =
        path === '/api/token' ? await refreshAnswer() : await api('/businesses')

      expect(answer.status).toBe(503)
      expect(await answer.json()).toMatchObject(expected)
    }
  )

  it('matches on method and exact or RegExp path, leaving other requests alone', async () => {
    fake.inject(
      { method: 'post', path: '/ads/v3/businesses', status: 500 },
      { path: /\/campaigns$/, status: 503 },
      { path: '/ads/v3/ad_accounts', status: 500 }
    )

    const businesses = await api('/businesses')
    const account = await api(`/ad_accounts/${fake.accountId}`)
    const campaigns = await api(`/ad_accounts/${fake.accountId}/campaigns`)

    expect([businesses.status, account.status, campaigns.status]).toEqual([
      200, 200, 503
    ])
  })

  it('lets the first matching fault with times left win', async () => {
    fake.inject({ path: '/api/token', status: 500 }, { status: 502 })

    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await refreshAnswer()).status)

    expect(statuses).toEqual([500, 502, 200])
  })

  it('adds a status-less fault’s headers to the real answer', async () => {
    fake.inject({ path: '/api/token', headers: { 'X-Fault': 'yes' } })

    const answer = await refreshAnswer()

    expect(answer.status).toBe(200)
    expect(answer.headers.get('x-fault')).toBe('yes')
  })

  it('delays the real answer by delayMs', async () => {
    fake.inject({ path: '/api/token', delayMs: 300 })

    const started = Date.now()
    const answer = await refreshAnswer()

    expect(answer.status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
  })

  it('keeps the headers back long enough for a client timeout to fire', async () => {
    fake.inject({ delayMs: 5000 })

    const request = fetch(fake.tokenUrl, {
      method: 'POST',
      signal: AbortSignal.timeout(100)
    })

    await expect(request).rejects.toThrow(/abort|timeout/i)
  })

  it('resets the connection without an answer', async () => {
    fake.inject({ path: '/api/token', reset: true })

    await expect(refreshAnswer()).rejects.toThrow()
    expect(fake.requests.map(request => request.path)).toEqual(['/api/token'])
  })

  it('truncates: promises more bytes than it sends, then hangs up', async () => {
    fake.inject({ path: '/ads/v3/businesses', truncate: true })

    const answer = await rawGet(`${fake.apiBaseUrl}/businesses`, {
      authorization: `Bearer ${fake.issueAccessToken()}`
    })

    const received = Buffer.concat(answer.chunks).length
    expect(answer.status).toBe(200)
    expect(answer.complete).toBe(false)
    expect(received).toBeGreaterThan(0)
    expect(Number(answer.headers['content-length'])).toBeGreaterThan(received)
  })

  it('makes a fetch body read fail when truncated', async () => {
    fake.inject({ path: '/api/token', truncate: true })

    const answer = await refreshAnswer()

    await expect(answer.text()).rejects.toThrow()
  })

  it('drips the real body in small chunks, dripMs apart', async () => {
    fake.inject({ path: '/ads/v3/businesses', dripMs: 20, dripBytes: 64 })

    const answer = await rawGet(`${fake.apiBaseUrl}/businesses`, {
      authorization: `Bearer ${fake.issueAccessToken()}`
    })

    const body = Buffer.concat(answer.chunks)
    const expectedChunks = Math.ceil(body.length / 64)
    expect(answer.complete).toBe(true)
    expect(JSON.parse(body.toString())).toEqual({
      businesses: [fake.data.business]
    })
    expect(answer.chunks.length).toBeGreaterThanOrEqual(
      Math.min(expectedChunks, 3)
    )
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(20 * (expectedChunks - 1))
  })

  it('drips a fault’s body too', async () => {
    fake.inject({
      status: 500,
      body: 'x'.repeat(40),
      dripMs: 10,
      dripBytes: 10
    })

    const answer = await rawGet(`${fake.url}/anything`)

    expect(answer.status).toBe(500)
    expect(Buffer.concat(answer.chunks).toString()).toBe('x'.repeat(40))
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(30)
  })

  it('records every request, faulted or not, with its method, path, query, headers and body', async () => {
    fake.inject({ path: '/api/token', status: 500 })

    await refreshAnswer()
    await api(`/ad_accounts/${fake.accountId}/campaigns?limit=5`)

    expect(fake.requests).toHaveLength(2)
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/token',
      body: 'grant_type=refresh_token&refresh_token=fake-refresh-token'
    })
    expect(fake.requests[0]?.headers['content-type']).toBe(FORM)
    expect(fake.requests[1]?.path).toBe(
      `/ads/v3/ad_accounts/${fake.accountId}/campaigns`
    )
    expect(fake.requests[1]?.query.get('limit')).toBe('5')
  })

  function refreshAnswer(): Promise<Response> {
    return postToken({
      grant_type: 'refresh_token',
      refresh_token: fake.refreshToken
    })
  }
})

describe('robustness', () => {
  it('closes at once even with a request held by a long delay', async () => {
    fake.inject({ delayMs: 60_000 })
    const pending = fetch(fake.tokenUrl, { method: 'POST' })
    const refused = expect(pending).rejects.toThrow('fetch failed')
    await waitFor(() => fake.requests.length === 1)

    const started = Date.now()
    await fake.close()

    expect(Date.now() - started).toBeLessThan(1000)
    await refused
  })

  it('keeps answering after a client hangs up mid-drip', async () => {
    fake.inject({ path: '/ads/v3/businesses', dripMs: 50, dripBytes: 1 })
    const controller = new AbortController()
    const answer = await api('/businesses', { signal: controller.signal })
    controller.abort()
    await answer.text().catch(() => undefined)

    const next = await api('/businesses')

    expect(next.status).toBe(200)
  })

  it('answers 500 with Spotify’s error body when a handler throws', async () => {
    // A registered redirect URI that is no URL makes the redirect throw.
    await restartWith({ redirectUris: ['callback'] })

    const answer = await authorize({
      client_id: fake.clientId,
      response_type: 'code',
      redirect_uri: 'callback'
    })
    const next = await fetch(`${fake.apiBaseUrl}/businesses`)

    expect(answer.status).toBe(500)
    expect(await answer.json()).toMatchObject({
      messages: [expect.stringContaining('The fake failed')]
    })
    expect(next.status).toBe(401)
  })

  it('answers a body over 1 MiB with 413', async () => {
    const answer = await api(
      account('/campaigns'),
      sendJson('POST', 'x'.repeat(1024 * 1024 + 1))
    )

    expect(answer.status).toBe(413)
  })

  it('survives a path with broken percent-encoding', async () => {
    const answer = await api('/ad_accounts/%E0%A4%A/campaigns')

    expect(answer.status).toBe(404)
  })

  it('gives the URLs of each service', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(fake).toMatchObject({
      tokenUrl: `${fake.url}/api/token`,
      authorizeUrl: `${fake.url}/authorize`,
      apiBaseUrl: `${fake.url}/ads/v3`,
      apiV2BaseUrl: `${fake.url}/ads/v2`,
      accountId: fake.data.adAccount.id
    })
  })
})

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 100 && !condition(); tries++) {
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}
