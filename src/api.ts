import { ApiError, RequestError } from './errors.js'
import type { HttpResponse, Transport } from './http.js'
import type { ApiRequest, Method } from './inputs.js'
import type { Log } from './log.js'
import { describeTarget } from './url.js'

/** Methods that change nothing more when sent twice (RFC 9110, 9.2.2). */
const IDEMPOTENT: ReadonlySet<Method> = new Set(['GET', 'PUT', 'DELETE'])

/** Where the API calls get their bearer token. */
export interface TokenSource {
  current(): string
  /**
   * Mints a new access token after the API refused `rejected`. Requests in
   * flight at once share one renewal.
   */
  renew(rejected: string): Promise<string>
}

/**
 * Sends one request to the Ads API with the bearer token.
 * https://developer.spotify.com/documentation/ads-api
 *
 * A 401 mints a new token once and repeats the request: a long job can
 * outlive an access token. Any other status is returned as it came.
 */
export async function callApi(
  transport: Transport,
  apiBaseUrl: URL,
  request: ApiRequest,
  tokens: TokenSource,
  log: Log
): Promise<HttpResponse> {
  assertSameOrigin(apiBaseUrl, request.url)

  const token = tokens.current()
  const response = await send(transport, request, token)
  if (response.status !== 401) return response

  log.info(
    'The Ads API refused the access token (HTTP 401); minting a new one and trying once more.'
  )
  return send(transport, request, await tokens.renew(token))
}

function send(
  transport: Transport,
  request: ApiRequest,
  accessToken: string
): Promise<HttpResponse> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${accessToken}`,
    accept: 'application/json'
  }
  if (request.body !== undefined) headers['content-type'] = 'application/json'
  return transport.send({
    method: request.method,
    url: request.url,
    headers,
    body: request.body,
    idempotent: IDEMPOTENT.has(request.method)
  })
}

/**
 * The last line of defence of host pinning: inputs are checked already, but
 * no code path may hand the bearer token to another origin.
 */
function assertSameOrigin(apiBaseUrl: URL, url: URL): void {
  if (url.origin !== apiBaseUrl.origin || url.username || url.password) {
    throw new RequestError(
      `Refusing to send the access token to ${url.origin}: it only goes to ${apiBaseUrl.origin}.`
    )
  }
}

/** The longest excerpt of an unexpected body that an error message shows. */
const EXCERPT_LENGTH = 200

/** The most of Spotify's messages that an error message shows. */
const MAX_MESSAGES = 5

/** Builds the error for a non-2xx answer from what Spotify said. */
export function apiError(
  request: ApiRequest,
  response: HttpResponse
): ApiError {
  const said = readSpotifyError(response)
  const hints = [
    response.gaveUp,
    redirectHint(request, response),
    hintFor(response.status)
  ].filter(Boolean)
  return new ApiError(
    {
      status: response.status,
      method: request.method,
      target: describeTarget(request.url),
      messages: said.messages,
      traceId: said.traceId
    },
    hints.map(hint => capitalize(hint as string)).join('. ') || undefined
  )
}

interface SpotifyError {
  messages: string[]
  traceId?: string
}

/**
 * Reads Spotify's error body, `{sp_trace_id, messages, error_codes}` (a
 * recorded 404 used `errorCodes`). Anything else becomes a short excerpt.
 */
export function readSpotifyError(response: HttpResponse): SpotifyError {
  const text = response.body.toString('utf8')
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return { messages: text.trim() ? [excerpt(response, text)] : [] }
  }
  if (typeof body !== 'object' || body === null) {
    return { messages: [shorten(text)] }
  }

  const fields = body as Record<string, unknown>
  const messages = strings(fields.messages)
  const codes = fields.error_codes ?? fields.errorCodes
  if (messages.length === 0 && Array.isArray(codes)) {
    for (const code of codes as Record<string, unknown>[]) {
      const parts = [code?.code, code?.definition].filter(
        part => typeof part === 'string'
      )
      if (parts.length) messages.push(parts.join(': '))
    }
  }
  const nested = fields.error
  if (messages.length === 0 && typeof nested === 'object' && nested !== null) {
    messages.push(...strings([(nested as Record<string, unknown>).message]))
  }
  const traceId =
    typeof fields.sp_trace_id === 'string' ? fields.sp_trace_id : undefined
  return { messages: firstMessages(messages), traceId }
}

/**
 * The first few messages, each shortened: an error body of megabytes must
 * not become an error line of megabytes. The body itself is kept whole.
 */
function firstMessages(messages: string[]): string[] {
  const shown = messages
    .slice(0, MAX_MESSAGES)
    .map(message => shorten(message, 500))
  const more = messages.length - shown.length
  if (more > 0) shown.push(`and ${more} more`)
  return shown
}

function excerpt(response: HttpResponse, text: string): string {
  const type = String(response.headers['content-type'] ?? 'unknown type')
  const plain = text.replace(/<[^>]*>/g, ' ')
  return `the answer is not JSON (${type}, ${response.body.length} bytes): ${shorten(plain)}`
}

export function shorten(text: string, length = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > length ? `${flat.slice(0, length)}…` : flat
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : []
}

/** Redirects are not followed: one could carry the token to another host. */
function redirectHint(
  request: ApiRequest,
  response: HttpResponse
): string | undefined {
  const location = response.headers.location
  if (response.status < 300 || response.status > 399 || !location) {
    return undefined
  }
  let where: string
  try {
    where = new URL(location, request.url).origin
  } catch {
    where = 'an unreadable location'
  }
  return `the answer redirects to ${where}; redirects are not followed, so that the access token never leaves ${request.url.origin}. Use the final URL as path if it is on the same origin`
}

function hintFor(status: number): string | undefined {
  if (status === 401) {
    return 'the access token was refused even after minting a new one: check that the app has been granted Ads API access'
  }
  if (status === 403) {
    return 'the authorized user has no access to this resource: check the ids in path and the user\u2019s role on the ad account'
  }
  if (status === 404) {
    return 'check the path and the ids in it (v3 paths differ from v2, which Spotify has sunset)'
  }
  if (status >= 500) {
    return 'Spotify had a problem; try again later, and quote the sp_trace_id to Spotify support if it lasts'
  }
  return undefined
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
