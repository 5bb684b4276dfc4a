/**
 * A fake Spotify on loopback: the accounts service (authorize page and token
 * endpoint) and the Ads API (v3, plus v2's flat ad account list), behaving as
 * described in SPOTIFY-API.md and Spotify's Ads API OpenAPI description.
 *
 * Tests, the demo and the CI workflow talk to it instead of Spotify, so it
 * answers the way Spotify does, errors included, and can be told to misbehave
 * (slow, reset, truncated, dripping or failing answers) to exercise retries
 * and timeouts for real.
 */
import http from 'node:http'
import type { Socket } from 'node:net'
import { randomBytes, randomUUID } from 'node:crypto'
import { AsyncReports, type AsyncReportOutcome } from './async-reports.js'
import { startFakeStorage, type FakeStorage } from './storage.js'
import {
  CAMPAIGN_OBJECTIVES,
  CAMPAIGN_STATUSES,
  DELIVERY_GOAL_GROUPS,
  REPORT_FIELDS,
  generateData,
  isoSeconds,
  rowWithFields,
  type Campaign,
  type FakeData
} from './data.js'

export {
  REPORT_FIELDS,
  rowWithFields,
  type AdAccount,
  type Business,
  type Campaign,
  type FakeData,
  type ReportRow,
  type ReportStat
} from './data.js'

export interface FakeSpotifyOptions {
  /** Default 'fake-client-id'. */
  clientId?: string
  /** Default 'fake-client-secret'. */
  clientSecret?: string
  /** The refresh token valid from the start; default 'fake-refresh-token'. */
  refreshToken?: string
  /** A refresh answer carries a new refresh_token; the old one stays valid. */
  rotateRefreshToken?: boolean
  /** Campaigns in the one ad account; default 120. */
  campaigns?: number
  /** Rows in aggregate_reports; default 30. */
  reportRows?: number
  /** Rows on a report page when the request sets no limit; default 10. */
  reportPageSize?: number
  /** Seed of the generated data; default 1. */
  seed?: number
  /** Default 0: an ephemeral port. */
  port?: number
  /** Default '127.0.0.1'. */
  host?: string
  /** What the person does on the authorize page; default 'approve'. */
  consent?: 'approve' | 'deny'
  /** Added before every answer, as a network would; default 0. */
  latencyMs?: number
  /** Status reads of an async report that answer PROCESSING; default 2. */
  asyncReportPolls?: number
  /** What an async report ends as; NEVER stays PROCESSING. Default READY. */
  asyncReportOutcome?: AsyncReportOutcome
  /** The token answer's expires_in; default 3600. */
  accessTokenTtlSeconds?: number
  /** How long an authorization code can be exchanged; default 600. */
  authorizationCodeTtlSeconds?: number
  /** Registered redirect URIs; by default any http(s) URL is accepted. */
  redirectUris?: string[]
}

export interface RecordedRequest {
  method: string
  /** The pathname, without the query. */
  path: string
  query: URLSearchParams
  headers: http.IncomingHttpHeaders
  body: string
}

/**
 * A way for the next matching request(s) to go wrong. A fault without a
 * status bends the real answer: delayMs, dripMs, truncate and headers apply
 * to it, and body is ignored.
 */
export interface Fault {
  /** Matches any method when absent. */
  method?: string
  /** Matches the pathname (a string must be equal); any path when absent. */
  path?: string | RegExp
  /** Matches requests whose query holds these values (e.g. an offset). */
  query?: Record<string, string>
  /**
   * Expires every access token issued so far, then answers for real: the
   * request that matched (and any later one with an old token) gets a 401.
   */
  expireAccessTokens?: boolean
  /** How many matching requests it applies to; default 1. */
  times?: number
  /** Answer with this status instead of the real answer. */
  status?: number
  /** Headers added to the answer (fault's or real), e.g. retry-after. */
  headers?: Record<string, string>
  /** A string is sent as-is (e.g. HTML), an object as JSON. */
  body?: string | object
  /** Wait this long before sending the headers. */
  delayMs?: number
  /** Destroy the socket without answering. */
  reset?: boolean
  /** Promise more bytes than are sent, send part, then destroy the socket. */
  truncate?: boolean
  /** Send the body one chunk every dripMs milliseconds. */
  dripMs?: number
  /** Size of a dripped chunk; default 16 bytes. */
  dripBytes?: number
}

export interface FakeSpotify {
  /** e.g. 'http://127.0.0.1:40123' */
  url: string
  tokenUrl: string
  authorizeUrl: string
  apiBaseUrl: string
  apiV2BaseUrl: string
  clientId: string
  clientSecret: string
  refreshToken: string
  /** Every request, in order. */
  requests: RecordedRequest[]
  /** Every access token minted. */
  issuedAccessTokens: string[]
  /** Every refresh token minted (rotation, code exchange). */
  issuedRefreshTokens: string[]
  /** The ad account that has data. */
  accountId: string
  businessId: string
  /** The generated data; creates, updates and deletes change it. */
  data: FakeData
  /** Queues faults; the first matching fault with times left wins. */
  inject(...faults: Fault[]): void
  /** Every access token issued so far now gets 401. */
  expireAccessTokens(): void
  /** Every refresh token so far is now refused as revoked. */
  revokeRefreshTokens(): void
  /** Mints a valid access token without a round trip to /api/token. */
  issueAccessToken(): string
  /** The storage host behind async reports' signed `report_url`s. */
  storage: FakeStorage
  /** Every async report created. */
  asyncReports: AsyncReports
  /** Closes the server and every open socket. */
  close(): Promise<void>
}

/** Starts a fake Spotify on loopback; resolves once it is listening. */
export async function startFakeSpotify(
  options: FakeSpotifyOptions = {}
): Promise<FakeSpotify> {
  const settings = resolveSettings(options)
  const data = generateData(settings)
  const accounts = new Accounts(settings)
  const storage = await startFakeStorage()
  const asyncReports = new AsyncReports(
    {
      polls: options.asyncReportPolls ?? 2,
      outcome: options.asyncReportOutcome ?? 'READY'
    },
    data.reportRows,
    storage
  )
  const api = new AdsApi(data, settings, asyncReports)
  const faults = new FaultQueue()
  const timers = new Timers()
  const requests: RecordedRequest[] = []
  const sockets = new Set<Socket>()

  const server = http.createServer((req, res) => {
    void serveRequest(req, res, {
      accounts,
      api,
      faults,
      timers,
      requests,
      latencyMs: options.latencyMs ?? 0
    })
  })
  trackSockets(server, sockets)
  const port = await listen(server, settings.port, settings.host)

  const url = `http://${hostForUrl(settings.host)}:${port}`
  return {
    url,
    tokenUrl: `${url}/api/token`,
    authorizeUrl: `${url}/authorize`,
    apiBaseUrl: `${url}/ads/v3`,
    apiV2BaseUrl: `${url}/ads/v2`,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    refreshToken: settings.refreshToken,
    requests,
    issuedAccessTokens: accounts.issuedAccessTokens,
    issuedRefreshTokens: accounts.issuedRefreshTokens,
    accountId: data.adAccount.id,
    businessId: data.business.id,
    data,
    inject: (...added) => faults.add(added),
    expireAccessTokens: () => accounts.expireAccessTokens(),
    revokeRefreshTokens: () => accounts.revokeRefreshTokens(),
    issueAccessToken: () => accounts.issueAccessToken(),
    storage,
    asyncReports,
    close: async () => {
      await Promise.all([closeServer(server, sockets, timers), storage.close()])
    }
  }
}

// ---------------------------------------------------------------------------
// Settings

interface Settings {
  clientId: string
  clientSecret: string
  refreshToken: string
  rotateRefreshToken: boolean
  campaigns: number
  reportRows: number
  reportPageSize: number
  seed: number
  port: number
  host: string
  consent: 'approve' | 'deny'
  accessTokenTtlSeconds: number
  authorizationCodeTtlSeconds: number
  redirectUris?: string[]
}

function resolveSettings(options: FakeSpotifyOptions): Settings {
  return {
    clientId: options.clientId ?? 'fake-client-id',
    clientSecret: options.clientSecret ?? 'fake-client-secret',
    refreshToken: options.refreshToken ?? 'fake-refresh-token',
    rotateRefreshToken: options.rotateRefreshToken ?? false,
    campaigns: options.campaigns ?? 120,
    reportRows: options.reportRows ?? 30,
    reportPageSize: options.reportPageSize ?? 10,
    seed: options.seed ?? 1,
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    consent: options.consent ?? 'approve',
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    authorizationCodeTtlSeconds: options.authorizationCodeTtlSeconds ?? 600,
    redirectUris: options.redirectUris
  }
}

// ---------------------------------------------------------------------------
// Answers: every handler returns one, and one function sends it, so faults
// can delay, drip or cut any answer the same way.

class Answer {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly body: string
  ) {}
}

function json(
  status: number,
  value: unknown,
  headers: Record<string, string> = {}
): Answer {
  const type = { 'content-type': 'application/json' }
  return new Answer(status, { ...type, ...headers }, JSON.stringify(value))
}

function html(status: number, title: string): Answer {
  const body = `<!DOCTYPE html><html><head><title>Error</title></head><body><h1>${escapeHtml(title)}</h1></body></html>`
  return new Answer(
    status,
    { 'content-type': 'text/html; charset=utf-8' },
    body
  )
}

function empty(status: number, headers: Record<string, string> = {}): Answer {
  return new Answer(status, headers, '')
}

const ERROR_CODES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'BAD_GATEWAY',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED'
}

/** The Ads API's error body, with a fresh trace id as Spotify sends. */
function apiError(
  status: number,
  message: string,
  definition = message,
  headers: Record<string, string> = {}
): Answer {
  return json(
    status,
    {
      sp_trace_id: randomUUID(),
      messages: [message],
      error_codes: [{ code: errorCodeFor(status), definition }]
    },
    headers
  )
}

/** A 404 for an unknown path, spelled like a recorded one: `errorCodes`. */
function unknownPath(path: string): Answer {
  return json(404, {
    sp_trace_id: randomUUID(),
    messages: [`No resource at ${path}`],
    errorCodes: [{ code: 'NOT_FOUND', definition: 'Check the path.' }]
  })
}

function oauthError(error: string, description: string, status = 400) {
  return json(status, { error, error_description: description })
}

function errorCodeFor(status: number): string {
  return ERROR_CODES[status] ?? `HTTP_${status}`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
}

// ---------------------------------------------------------------------------
// Accounts service: /authorize and /api/token

interface CodeGrant {
  redirectUri: string
  scope: string
  expiresAt: number
  used: boolean
}

interface RefreshGrant {
  scope: string
  revoked: boolean
}

interface AccessGrant {
  expiresAt: number
  expired: boolean
}

const GRANT_TYPES = ['authorization_code', 'refresh_token']

class Accounts {
  readonly issuedAccessTokens: string[] = []
  readonly issuedRefreshTokens: string[] = []
  private readonly codes = new Map<string, CodeGrant>()
  private readonly refreshTokens = new Map<string, RefreshGrant>()
  private readonly accessTokens = new Map<string, AccessGrant>()

  constructor(private readonly settings: Settings) {
    this.refreshTokens.set(settings.refreshToken, { scope: '', revoked: false })
  }

  // https://developer.spotify.com/documentation/web-api/tutorials/code-flow
  authorize(request: RecordedRequest): Answer {
    if (request.method !== 'GET') return methodNotAllowed(['GET'])
    const query = request.query

    if (query.get('client_id') !== this.settings.clientId) {
      return html(400, 'INVALID_CLIENT: Invalid client')
    }

    const redirectUri = query.get('redirect_uri') ?? ''
    if (!this.isRegisteredRedirect(redirectUri)) {
      return html(400, 'INVALID_CLIENT: Invalid redirect URI')
    }

    if (query.get('response_type') !== 'code') {
      return html(400, 'INVALID_REQUEST: response_type must be code')
    }

    const state = query.get('state')
    if (this.settings.consent === 'deny') {
      return redirect(redirectUri, { error: 'access_denied', state })
    }

    const code = this.issueCode(redirectUri, query.get('scope') ?? '')
    return redirect(redirectUri, { code, state })
  }

  token(request: RecordedRequest): Answer {
    if (request.method !== 'POST') return methodNotAllowed(['POST'])

    if (!isFormRequest(request)) {
      return oauthError(
        'invalid_request',
        'Content-Type must be application/x-www-form-urlencoded',
        415
      )
    }

    const form = new URLSearchParams(request.body)
    const grantType = form.get('grant_type')
    if (!grantType) {
      return oauthError(
        'unsupported_grant_type',
        'grant_type parameter is missing'
      )
    }
    if (!GRANT_TYPES.includes(grantType)) {
      return oauthError(
        'unsupported_grant_type',
        'grant_type must be authorization_code or refresh_token'
      )
    }

    const clientRefusal = this.authenticateClient(request, form)
    if (clientRefusal) return clientRefusal

    return grantType === 'refresh_token'
      ? this.refresh(form)
      : this.exchangeCode(form)
  }

  /** Undefined when the bearer token is good, else the 401 to send. */
  checkBearer(authorization: string | undefined): Answer | undefined {
    const match = /^Bearer (\S+)$/i.exec(authorization ?? '')
    if (!match?.[1]) {
      return unauthorized('No token provided', 'invalid_request')
    }

    const grant = this.accessTokens.get(match[1])
    if (!grant) return unauthorized('Invalid access token', 'invalid_token')
    if (grant.expired || Date.now() >= grant.expiresAt) {
      return unauthorized('The access token expired', 'invalid_token')
    }
    return undefined
  }

  issueAccessToken(): string {
    // The BQ prefix mimics Spotify's tokens; the rest cannot be guessed.
    const token = `BQ${randomBytes(48).toString('base64url')}`
    const ttlMs = this.settings.accessTokenTtlSeconds * 1000
    this.accessTokens.set(token, {
      expiresAt: Date.now() + ttlMs,
      expired: false
    })
    this.issuedAccessTokens.push(token)
    return token
  }

  expireAccessTokens(): void {
    for (const grant of this.accessTokens.values()) grant.expired = true
  }

  revokeRefreshTokens(): void {
    for (const grant of this.refreshTokens.values()) grant.revoked = true
  }

  private isRegisteredRedirect(uri: string): boolean {
    if (this.settings.redirectUris) {
      return this.settings.redirectUris.includes(uri)
    }
    try {
      const { protocol } = new URL(uri)
      return protocol === 'http:' || protocol === 'https:'
    } catch {
      return false
    }
  }

  private issueCode(redirectUri: string, scope: string): string {
    const code = `AQ${randomBytes(48).toString('base64url')}`
    const ttlMs = this.settings.authorizationCodeTtlSeconds * 1000
    this.codes.set(code, {
      redirectUri,
      scope,
      expiresAt: Date.now() + ttlMs,
      used: false
    })
    return code
  }

  private issueRefreshToken(scope: string): string {
    const token = `AQ${randomBytes(96).toString('base64url')}`
    this.refreshTokens.set(token, { scope, revoked: false })
    this.issuedRefreshTokens.push(token)
    return token
  }

  // Basic auth wins; the body's client_id/client_secret are the fallback.
  private authenticateClient(
    request: RecordedRequest,
    form: URLSearchParams
  ): Answer | undefined {
    const credentials = request.headers.authorization
      ? parseBasic(request.headers.authorization)
      : { id: form.get('client_id'), secret: form.get('client_secret') }

    if (credentials?.id !== this.settings.clientId) {
      return oauthError('invalid_client', 'Invalid client')
    }
    if (credentials.secret !== this.settings.clientSecret) {
      return oauthError('invalid_client', 'Invalid client secret')
    }
    return undefined
  }

  private refresh(form: URLSearchParams): Answer {
    const refreshToken = form.get('refresh_token')
    if (!refreshToken) {
      return oauthError('invalid_request', 'refresh_token must be supplied')
    }

    const grant = this.refreshTokens.get(refreshToken)
    if (!grant) return oauthError('invalid_grant', 'Invalid refresh token')
    if (grant.revoked)
      return oauthError('invalid_grant', 'Refresh token revoked')

    // When rotating, the old token stays valid, as Spotify documents for
    // non-PKCE clients.
    const rotated = this.settings.rotateRefreshToken
      ? { refresh_token: this.issueRefreshToken(grant.scope) }
      : {}
    return this.tokenAnswer(grant.scope, rotated)
  }

  private exchangeCode(form: URLSearchParams): Answer {
    const code = form.get('code')
    const redirectUri = form.get('redirect_uri')
    if (!code) return oauthError('invalid_request', 'code must be supplied')
    if (!redirectUri) {
      return oauthError('invalid_request', 'redirect_uri must be supplied')
    }

    const grant = this.codes.get(code)
    if (!grant || grant.used || Date.now() >= grant.expiresAt) {
      return oauthError('invalid_grant', 'Invalid authorization code')
    }
    if (grant.redirectUri !== redirectUri) {
      return oauthError('invalid_grant', 'Invalid redirect URI')
    }

    grant.used = true
    const refreshToken = this.issueRefreshToken(grant.scope)
    return this.tokenAnswer(grant.scope, { refresh_token: refreshToken })
  }

  private tokenAnswer(scope: string, extra: object): Answer {
    const body = {
      access_token: this.issueAccessToken(),
      token_type: 'Bearer',
      expires_in: this.settings.accessTokenTtlSeconds,
      scope,
      ...extra
    }
    return json(200, body, { 'cache-control': 'no-store' })
  }
}

function isFormRequest(request: RecordedRequest): boolean {
  const contentType = request.headers['content-type']

  // A bare POST without a body is read as an empty form, as Spotify does:
  // it then complains about the missing grant_type.
  if (contentType === undefined) return request.body === ''
  return mediaType(contentType) === 'application/x-www-form-urlencoded'
}

function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase()
}

function parseBasic(
  header: string
): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header)
  if (!match?.[1]) return undefined

  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) }
}

function redirect(
  target: string,
  params: Record<string, string | null>
): Answer {
  const location = new URL(target)
  for (const [name, value] of Object.entries(params)) {
    if (value !== null) location.searchParams.set(name, value)
  }
  return empty(302, { location: location.toString() })
}

function unauthorized(message: string, oauthCode: string): Answer {
  // Spotify's Web API names the problem in WWW-Authenticate as well.
  const challenge = `Bearer realm="spotify", error="${oauthCode}", error_description="${message}"`
  return apiError(
    401,
    message,
    'Mint a new access token with the refresh token and retry.',
    { 'www-authenticate': challenge }
  )
}

function methodNotAllowed(allowed: string[]): Answer {
  return apiError(405, 'Method not allowed', `Use ${allowed.join(' or ')}.`, {
    allow: allowed.join(', ')
  })
}

// ---------------------------------------------------------------------------
// Ads API: a small router over the resources the project uses.

type Params = Record<string, string>
type Handler = (request: RecordedRequest, params: Params) => Answer

interface Route {
  method: string
  path: string
  handler: Handler
}

interface ReportQuery {
  entityType: string
  fields: string[]
  granularity: string
  reportStart?: string
  reportEnd?: string
  limit: number
}

interface ReportCursor {
  query: ReportQuery
  offset: number
}

const MAX_PAGE_SIZE = 50
const ENTITY_TYPES = ['AD', 'AD_SET', 'CAMPAIGN', 'AD_ACCOUNT']
const GRANULARITIES = ['DAY', 'HOUR', 'LIFETIME']
const MAX_REPORT_RANGE_MS = 90 * 24 * 60 * 60 * 1000
const WHOLE_HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

// Lists the fake knows but keeps empty, so a client can still page them.
const EMPTY_LISTS = ['ad_sets', 'ads', 'assets', 'audiences']

class AdsApi {
  private readonly v3: Route[]
  private readonly v2: Route[]
  private readonly cursors = new Map<string, ReportCursor>()

  constructor(
    private readonly data: FakeData,
    private readonly settings: Settings,
    private readonly asyncReports: AsyncReports
  ) {
    const accountRoutes = this.accountRoutes()
    this.v3 = [...this.businessRoutes(), ...accountRoutes]
    this.v2 = [
      {
        method: 'GET',
        path: 'ad_accounts',
        handler: r => this.listAccounts(r)
      },
      ...accountRoutes
    ]
  }

  /** Answers a request whose path is below /ads/v2 or /ads/v3. */
  handle(request: RecordedRequest, version: 'v2' | 'v3', rest: string) {
    const routes = version === 'v3' ? this.v3 : this.v2
    const matches = routes.flatMap(route => {
      const params = matchPath(route.path, rest)
      return params ? [{ route, params }] : []
    })
    if (matches.length === 0) return unknownPath(request.path)

    const hit = matches.find(match => match.route.method === request.method)
    if (!hit) return methodNotAllowed(matches.map(match => match.route.method))
    return hit.route.handler(request, hit.params)
  }

  private businessRoutes(): Route[] {
    return [
      {
        method: 'GET',
        path: 'businesses',
        handler: () => json(200, { businesses: [this.data.business] })
      },
      {
        method: 'GET',
        path: 'businesses/:businessId',
        handler: (_, params) =>
          this.withBusiness(params, () => json(200, this.data.business))
      },
      {
        method: 'GET',
        path: 'businesses/:businessId/ad_accounts',
        handler: (request, params) =>
          this.withBusiness(params, () => this.listAccounts(request))
      }
    ]
  }

  private accountRoutes(): Route[] {
    const inAccount =
      (handler: Handler): Handler =>
      (request, params) =>
        this.withAccount(params, () => handler(request, params))

    const campaign = 'ad_accounts/:accountId/campaigns/:campaignId'
    return [
      {
        method: 'GET',
        path: 'ad_accounts/:accountId',
        handler: inAccount(() => json(200, this.data.adAccount))
      },
      {
        method: 'GET',
        path: 'ad_accounts/:accountId/campaigns',
        handler: inAccount(r => this.listCampaigns(r))
      },
      {
        method: 'POST',
        path: 'ad_accounts/:accountId/campaigns',
        handler: inAccount(r => this.createCampaign(r))
      },
      {
        method: 'GET',
        path: campaign,
        handler: inAccount((_, p) => this.readCampaign(p))
      },
      {
        method: 'PATCH',
        path: campaign,
        handler: inAccount((r, p) => this.updateCampaign(r, p))
      },
      {
        method: 'DELETE',
        path: campaign,
        handler: inAccount((_, p) => this.deleteCampaign(p))
      },
      {
        method: 'GET',
        path: 'ad_accounts/:accountId/aggregate_reports',
        handler: inAccount(r => this.aggregateReport(r))
      },
      {
        method: 'POST',
        path: 'ad_accounts/:accountId/async_reports',
        handler: inAccount(r => {
          const body = parseJsonObject(r)
          if (body instanceof Answer) return body
          const answer = this.asyncReports.create(body)
          return json(answer.status, answer.body)
        })
      },
      {
        method: 'GET',
        path: 'ad_accounts/:accountId/async_reports/:reportId',
        handler: inAccount((_, p) => {
          const answer = this.asyncReports.read(p.reportId ?? '')
          return json(answer.status, answer.body)
        })
      },
      ...EMPTY_LISTS.map(name => ({
        method: 'GET',
        path: `ad_accounts/:accountId/${name}`,
        handler: inAccount(r => this.listPage(r, name, []))
      }))
    ]
  }

  private withBusiness(params: Params, next: () => Answer): Answer {
    if (params.businessId !== this.data.business.id) {
      return apiError(404, 'Business not found', 'Check the business id.')
    }
    return next()
  }

  private withAccount(params: Params, next: () => Answer): Answer {
    if (params.accountId !== this.data.adAccount.id) {
      return apiError(404, 'Ad account not found', 'Check the ad account id.')
    }
    return next()
  }

  private listAccounts(request: RecordedRequest): Answer {
    return this.listPage(request, 'ad_accounts', [this.data.adAccount])
  }

  private listCampaigns(request: RecordedRequest): Answer {
    return this.listPage(request, 'campaigns', this.data.campaigns)
  }

  // https://developer.spotify.com/documentation/ads-api (offset paging)
  private listPage(
    request: RecordedRequest,
    name: string,
    items: unknown[]
  ): Answer {
    const paging = parsePaging(request.query)
    if (paging instanceof Answer) return paging

    const { limit, offset } = paging
    return json(200, {
      paging: {
        page_size: limit,
        total_results: items.length,
        offset,
        current_page: Math.floor(offset / limit) + 1
      },
      [name]: items.slice(offset, offset + limit)
    })
  }

  private readCampaign(params: Params): Answer {
    const found = this.findCampaign(params)
    if (found instanceof Answer) return found
    return json(200, found.campaign)
  }

  private createCampaign(request: RecordedRequest): Answer {
    const body = parseJsonObject(request)
    if (body instanceof Answer) return body

    const invalid =
      checkName(body.name, true) ??
      checkEnum(body, 'objective', CAMPAIGN_OBJECTIVES) ??
      checkEnum(body, 'delivery_goal_group', DELIVERY_GOAL_GROUPS) ??
      checkPurchaseOrder(body.purchase_order)
    if (invalid) return invalid

    const now = isoSeconds(Date.now())
    const campaign: Campaign = {
      id: randomUUID(),
      name: body.name as string,
      created_at: now,
      updated_at: now,
      status: 'ACTIVE',
      objective: optionalString(body.objective) ?? 'EVEN_IMPRESSION_DELIVERY',
      delivery_goal_group: optionalString(body.delivery_goal_group) ?? 'UNSET'
    }
    const purchaseOrder = optionalString(body.purchase_order)
    if (purchaseOrder) campaign.purchase_order = purchaseOrder

    this.data.campaigns.push(campaign)

    // The OpenAPI documents 200, not 201, for createCampaign.
    return json(200, campaign)
  }

  private updateCampaign(request: RecordedRequest, params: Params): Answer {
    const found = this.findCampaign(params)
    if (found instanceof Answer) return found

    const body = parseJsonObject(request)
    if (body instanceof Answer) return body

    const editable = ['name', 'purchase_order', 'status']
    if (!editable.some(key => key in body)) {
      return apiError(400, `Set at least one of ${editable.join(', ')}`)
    }

    const invalid =
      checkName(body.name, false) ??
      checkEnum(body, 'status', CAMPAIGN_STATUSES) ??
      checkPurchaseOrder(body.purchase_order)
    if (invalid) return invalid

    const campaign = found.campaign
    for (const key of editable) {
      const value = optionalString(body[key])
      if (value !== undefined) Object.assign(campaign, { [key]: value })
    }
    campaign.updated_at = isoSeconds(Date.now())
    return json(200, campaign)
  }

  private deleteCampaign(params: Params): Answer {
    const found = this.findCampaign(params)
    if (found instanceof Answer) return found

    this.data.campaigns.splice(found.index, 1)

    // The OpenAPI has no campaign DELETE; its draft deletes answer 204.
    return empty(204)
  }

  private findCampaign(
    params: Params
  ): { campaign: Campaign; index: number } | Answer {
    const id = params.campaignId ?? ''
    if (!UUID.test(id)) {
      return apiError(400, `Invalid campaign id: ${id}`, 'Use a uuid.')
    }

    const index = this.data.campaigns.findIndex(c => c.id === id)
    const campaign = this.data.campaigns[index]
    if (!campaign) {
      return apiError(404, 'Campaign not found', 'Check the campaign id.')
    }
    return { campaign, index }
  }

  // The first page is asked for with the report's parameters; each next page
  // with continuation_token alone.
  private aggregateReport(request: RecordedRequest): Answer {
    const token = request.query.get('continuation_token')
    const cursor = token
      ? this.cursors.get(token)
      : parseReportQuery(request.query, this.settings.reportPageSize)

    if (!cursor) {
      return apiError(
        400,
        'Invalid continuation_token',
        'Send the continuation_token of the previous page unchanged.'
      )
    }
    if (cursor instanceof Answer) return cursor

    const warnings = token && hasOtherParams(request.query) ? [IGNORED] : []
    return this.reportPage(cursor, warnings)
  }

  private reportPage(cursor: ReportCursor, warnings: string[]): Answer {
    const { query, offset } = cursor
    const allRows = this.data.reportRows
    const rows = allRows
      .slice(offset, offset + query.limit)
      .map(row => rowWithFields(row, query.fields))

    const nextOffset = offset + query.limit
    const continuationToken =
      nextOffset < allRows.length
        ? this.saveCursor({ query, offset: nextOffset })
        : ''

    return json(200, {
      continuation_token: continuationToken,
      report_start: query.reportStart ?? allRows[0]?.start_time,
      report_end: query.reportEnd ?? allRows.at(-1)?.end_time,
      granularity: query.granularity,
      rows,
      warnings
    })
  }

  private saveCursor(cursor: ReportCursor): string {
    // Real tokens are long base64 with padding; '=' and '-' test encoding.
    const bytes = randomBytes(64).toString('base64')
    const token = `AMC-${bytes.replace(/\+/g, '-').replace(/\//g, '_')}`
    this.cursors.set(token, cursor)
    return token
  }
}

const IGNORED =
  'continuation_token was supplied with other parameters; they were ignored.'

function matchPath(pattern: string, path: string): Params | undefined {
  const wanted = pattern.split('/')
  const actual = path.split('/')
  if (wanted.length !== actual.length) return undefined

  const params: Params = {}
  for (const [index, part] of wanted.entries()) {
    const segment = actual[index] ?? ''
    if (part.startsWith(':')) {
      if (segment === '') return undefined
      params[part.slice(1)] = safeDecode(segment)
    } else if (part !== segment) {
      return undefined
    }
  }
  return params
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

function parsePaging(
  query: URLSearchParams
): { limit: number; offset: number } | Answer {
  const limit = parseInteger(query.get('limit'), MAX_PAGE_SIZE)
  if (limit === undefined || limit < 1 || limit > MAX_PAGE_SIZE) {
    return apiError(
      400,
      `Invalid limit: ${query.get('limit')}`,
      `limit must be an integer from 1 to ${MAX_PAGE_SIZE}.`
    )
  }

  const offset = parseInteger(query.get('offset'), 0)
  if (offset === undefined) {
    return apiError(
      400,
      `Invalid offset: ${query.get('offset')}`,
      'offset must be an integer of 0 or more.'
    )
  }
  return { limit, offset }
}

/** Undefined when the value is not a whole number of 0 or more. */
function parseInteger(value: string | null, fallback: number) {
  if (value === null) return fallback
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined
}

function parseReportQuery(
  query: URLSearchParams,
  defaultPageSize: number
): ReportCursor | Answer {
  const entityType = query.get('entity_type') ?? ''
  if (!ENTITY_TYPES.includes(entityType)) {
    return apiError(
      400,
      `Invalid entity_type: ${entityType}`,
      `entity_type is required without continuation_token; use one of ${ENTITY_TYPES.join(', ')}.`
    )
  }

  const fields = [...new Set(query.getAll('fields'))]
  const badField = fields.find(field => !REPORT_FIELDS.includes(field))
  if (fields.length === 0 || badField !== undefined) {
    return apiError(
      400,
      `Invalid fields: ${badField ?? '(none)'}`,
      'Repeat the fields key once per field, e.g. fields=IMPRESSIONS&fields=CLICKS.'
    )
  }

  const granularity = query.get('granularity') ?? 'LIFETIME'
  if (!GRANULARITIES.includes(granularity)) {
    return apiError(
      400,
      `Invalid granularity: ${granularity}`,
      `Use one of ${GRANULARITIES.join(', ')}.`
    )
  }

  const range = checkReportRange(query, granularity)
  if (range instanceof Answer) return range

  const limit = parseInteger(query.get('limit'), defaultPageSize)
  if (limit === undefined || limit < 1 || limit > MAX_PAGE_SIZE) {
    return apiError(
      400,
      `Invalid limit: ${query.get('limit')}`,
      `limit must be an integer from 1 to ${MAX_PAGE_SIZE}.`
    )
  }

  return {
    query: { entityType, fields, granularity, limit, ...range },
    offset: 0
  }
}

// https://developer.spotify.com/documentation/ads-api/reference (report_start)
function checkReportRange(
  query: URLSearchParams,
  granularity: string
): { reportStart?: string; reportEnd?: string } | Answer {
  const reportStart = query.get('report_start') ?? undefined
  const reportEnd = query.get('report_end') ?? undefined
  const required = granularity !== 'LIFETIME'

  for (const [name, value] of [
    ['report_start', reportStart],
    ['report_end', reportEnd]
  ] as const) {
    const problem = checkReportTime(value, granularity, required)
    if (problem) {
      return apiError(400, `Invalid ${name}: ${value ?? '(missing)'}`, problem)
    }
  }

  if (reportStart && reportEnd) {
    const span = Date.parse(reportEnd) - Date.parse(reportStart)
    if (span < 0) {
      return apiError(400, 'report_end is before report_start')
    }
    if (granularity !== 'HOUR' && span > MAX_REPORT_RANGE_MS) {
      return apiError(400, 'The report range is longer than 90 days')
    }
  }
  return { reportStart, reportEnd }
}

function checkReportTime(
  value: string | undefined,
  granularity: string,
  required: boolean
): string | undefined {
  if (value === undefined) {
    return required ? `Required for ${granularity} granularity.` : undefined
  }
  if (!WHOLE_HOUR.test(value) || Number.isNaN(Date.parse(value))) {
    return 'Use ISO 8601 UTC in whole hours, e.g. 2026-01-01T00:00:00Z.'
  }
  if (granularity === 'DAY' && !value.endsWith('T00:00:00Z')) {
    return 'DAY granularity needs UTC midnights.'
  }
  return undefined
}

function hasOtherParams(query: URLSearchParams): boolean {
  return [...query.keys()].some(key => key !== 'continuation_token')
}

function parseJsonObject(
  request: RecordedRequest
): Record<string, unknown> | Answer {
  const contentType = request.headers['content-type']
  if (contentType && mediaType(contentType) !== 'application/json') {
    return apiError(415, 'Unsupported media type', 'Send application/json.')
  }

  let value: unknown
  try {
    value = JSON.parse(request.body)
  } catch {
    return apiError(400, 'Invalid JSON body', 'Send a JSON object.')
  }

  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return apiError(400, 'Invalid JSON body', 'Send a JSON object.')
  }
  return value as Record<string, unknown>
}

// CampaignName: 2 to 200 characters, no leading or trailing spaces.
function checkName(value: unknown, required: boolean): Answer | undefined {
  if (value === undefined && !required) return undefined
  if (typeof value !== 'string') {
    return apiError(400, 'name is required', 'Give the campaign a name.')
  }
  if (value.length < 2 || value.length > 200 || !/^\S.*\S$/.test(value)) {
    return apiError(
      400,
      `Invalid name: ${value}`,
      'Use 2 to 200 characters without leading or trailing spaces.'
    )
  }
  return undefined
}

function checkPurchaseOrder(value: unknown): Answer | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string' && value.length >= 2 && value.length <= 45) {
    return undefined
  }
  return apiError(400, 'Invalid purchase_order', 'Use 2 to 45 characters.')
}

function checkEnum(
  body: Record<string, unknown>,
  key: string,
  allowed: readonly string[]
): Answer | undefined {
  const value = body[key]
  if (value === undefined) return undefined
  if (typeof value === 'string' && allowed.includes(value)) return undefined
  return apiError(
    400,
    `Invalid ${key}: ${JSON.stringify(value)}`,
    `Use one of ${allowed.join(', ')}.`
  )
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

// ---------------------------------------------------------------------------
// Faults

interface QueuedFault {
  fault: Fault
  remaining: number
}

class FaultQueue {
  private queued: QueuedFault[] = []

  add(faults: Fault[]): void {
    for (const fault of faults) {
      this.queued.push({ fault, remaining: fault.times ?? 1 })
    }
  }

  /** The fault for this request, if any, counting it as used once. */
  take(request: RecordedRequest): Fault | undefined {
    const entry = this.queued.find(
      queued => queued.remaining > 0 && faultMatches(queued.fault, request)
    )
    if (!entry) return undefined

    entry.remaining -= 1
    this.queued = this.queued.filter(queued => queued.remaining > 0)
    return entry.fault
  }
}

function faultMatches(fault: Fault, request: RecordedRequest): boolean {
  if (fault.method && fault.method.toUpperCase() !== request.method) {
    return false
  }
  for (const [key, value] of Object.entries(fault.query ?? {})) {
    if (request.query.get(key) !== value) return false
  }
  if (fault.path === undefined) return true
  if (typeof fault.path === 'string') return fault.path === request.path

  // A global or sticky RegExp keeps state between tests; start afresh.
  fault.path.lastIndex = 0
  return fault.path.test(request.path)
}

/** Adds a fault's headers to an answer, the fault's own or the real one. */
function withFaultHeaders(answer: Answer, fault: Fault | undefined): Answer {
  for (const [name, value] of Object.entries(fault?.headers ?? {})) {
    answer.headers[name.toLowerCase()] = value
  }
  return answer
}

/** What a fault with a status answers instead of the real handler. */
function faultAnswer(fault: Fault & { status: number }, path: string): Answer {
  const { status, body } = fault
  if (typeof body === 'string') {
    return new Answer(status, { 'content-type': 'text/html' }, body)
  }
  if (body !== undefined) return json(status, body)
  if (status < 400) return empty(status)

  const reason = http.STATUS_CODES[status] ?? 'Error'
  return path === '/api/token'
    ? oauthError('server_error', reason, status)
    : apiError(status, reason)
}

// ---------------------------------------------------------------------------
// Transport

const MAX_BODY_BYTES = 1024 * 1024
const DEFAULT_DRIP_BYTES = 16

interface Services {
  accounts: Accounts
  api: AdsApi
  faults: FaultQueue
  timers: Timers
  requests: RecordedRequest[]
  latencyMs: number
}

/** Reads, records and answers one request; never throws. */
async function serveRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  services: Services
): Promise<void> {
  // A client that hangs up mid-answer must not crash the fake.
  req.on('error', () => undefined)
  res.on('error', () => undefined)

  try {
    const { request, tooLarge } = await readRequest(req)
    services.requests.push(request)

    const fault = services.faults.take(request)
    if (fault?.expireAccessTokens) services.accounts.expireAccessTokens()
    if (fault?.reset) {
      await services.timers.sleep(fault.delayMs ?? 0)
      res.destroy()
      return
    }

    const answer = answerFor(request, tooLarge, fault, services)
    await sendAnswer(res, answer, fault, services)
  } catch (error) {
    answerCrash(res, error)
  }
}

function answerFor(
  request: RecordedRequest,
  tooLarge: boolean,
  fault: Fault | undefined,
  services: Services
): Answer {
  if (fault?.status !== undefined) {
    const answer = faultAnswer({ ...fault, status: fault.status }, request.path)
    return withFaultHeaders(answer, fault)
  }
  if (tooLarge) return apiError(413, 'Request body too large')
  return withFaultHeaders(route(request, services), fault)
}

function route(request: RecordedRequest, services: Services): Answer {
  if (request.path === '/authorize') return services.accounts.authorize(request)
  if (request.path === '/api/token') return services.accounts.token(request)

  const api = /^\/ads\/(v2|v3)\/(.*)$/.exec(request.path)
  if (!api) return unknownPath(request.path)

  const refusal = services.accounts.checkBearer(request.headers.authorization)
  if (refusal) return refusal

  const version = api[1] === 'v2' ? 'v2' : 'v3'
  return services.api.handle(request, version, api[2] ?? '')
}

function answerCrash(res: http.ServerResponse, error: unknown): void {
  if (res.headersSent || res.destroyed) {
    res.destroy()
    return
  }
  const message = error instanceof Error ? error.message : String(error)
  const answer = apiError(500, `The fake failed: ${message}`)
  res.writeHead(answer.status, answer.headers).end(answer.body)
}

async function readRequest(
  req: http.IncomingMessage
): Promise<{ request: RecordedRequest; tooLarge: boolean }> {
  const raw = req.url ?? '/'
  const queryStart = raw.indexOf('?')
  const path = queryStart < 0 ? raw : raw.slice(0, queryStart)
  const query = new URLSearchParams(queryStart < 0 ? '' : raw.slice(queryStart))

  const { body, tooLarge } = await readBody(req)
  const request: RecordedRequest = {
    method: req.method ?? 'GET',
    path,
    query,
    headers: req.headers,
    body
  }
  return { request, tooLarge }
}

function readBody(
  req: http.IncomingMessage
): Promise<{ body: string; tooLarge: boolean }> {
  return new Promise(resolve => {
    const chunks: Buffer[] = []
    let size = 0
    const finish = () =>
      resolve({
        body: Buffer.concat(chunks).toString('utf8'),
        tooLarge: size > MAX_BODY_BYTES
      })

    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', finish)
    // An aborted upload still gets recorded with what arrived.
    req.on('close', finish)
  })
}

async function sendAnswer(
  res: http.ServerResponse,
  answer: Answer,
  fault: Fault | undefined,
  { timers, latencyMs }: Services
): Promise<void> {
  await timers.sleep(fault?.delayMs ?? latencyMs)
  if (res.destroyed) return

  const body = Buffer.from(answer.body, 'utf8')
  const sent = fault?.truncate ? body.subarray(0, body.length >> 1) : body
  const headers = { ...answer.headers }
  if (answer.status !== 204 && answer.status !== 304) {
    // A truncated answer promises more than it sends, even an empty one.
    const promised = fault?.truncate ? Math.max(body.length, 1) : body.length
    headers['content-length'] = String(promised)
  }
  res.writeHead(answer.status, headers)
  res.flushHeaders()

  for (const chunk of chunksOf(sent, fault)) {
    if (res.destroyed) return
    await writeChunk(res, chunk)
    if (fault?.dripMs) await timers.sleep(fault.dripMs)
  }

  if (fault?.truncate) res.destroy()
  else res.end()
}

function chunksOf(body: Buffer, fault: Fault | undefined): Buffer[] {
  if (!fault?.dripMs) return body.length > 0 ? [body] : []

  const size = Math.max(1, fault.dripBytes ?? DEFAULT_DRIP_BYTES)
  const chunks: Buffer[] = []
  for (let start = 0; start < body.length; start += size) {
    chunks.push(body.subarray(start, start + size))
  }
  return chunks
}

function writeChunk(res: http.ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise(resolve => {
    // The write callback may never come when the client is gone.
    const done = () => {
      res.off('close', done)
      resolve()
    }
    res.once('close', done)
    res.write(chunk, done)
  })
}

/** Timers that close() can cancel, so nothing outlives the fake. */
class Timers {
  private readonly pending = new Set<NodeJS.Timeout>()

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve()
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.pending.delete(timer)
        resolve()
      }, ms)
      this.pending.add(timer)
    })
  }

  clear(): void {
    for (const timer of this.pending) clearTimeout(timer)
    this.pending.clear()
  }
}

function trackSockets(server: http.Server, sockets: Set<Socket>): void {
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
}

function listen(server: http.Server, port: number, host: string) {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}

function closeServer(
  server: http.Server,
  sockets: Set<Socket>,
  timers: Timers
): Promise<void> {
  return new Promise(resolve => {
    timers.clear()
    // The callback gets an error when already closed; closed is closed.
    server.close(() => resolve())
    for (const socket of sockets) socket.destroy()
  })
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}
