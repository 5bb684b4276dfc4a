import { TokenError } from './errors.js'
import type { HttpResponse, Transport } from './http.js'
import type { Credentials } from './inputs.js'
import type { Log } from './log.js'
import { describeTarget } from './url.js'

/** An access token as Spotify's token endpoint returned it. */
export interface AccessToken {
  accessToken: string
  tokenType: string
  expiresIn: number
  expiresAt: Date
  scope: string
  /** Only when Spotify rotated the refresh token: the new one to keep. */
  refreshToken?: string
}

/** Printable ASCII without spaces: what a bearer token may hold. */
const HEADER_SAFE = /^[\x21-\x7e]+$/

/** The Basic credential Spotify's token endpoint expects. */
export function basicCredential(clientId: string, clientSecret: string) {
  return Buffer.from(`${clientId}:${clientSecret}`).toString('base64')
}

/**
 * Mints an access token with the refresh-token grant.
 * https://developer.spotify.com/documentation/web-api/tutorials/refreshing-tokens
 *
 * Every token in the answer is masked before this function returns, so no
 * later log line can show it.
 */
export async function refreshAccessToken(
  transport: Transport,
  tokenUrl: URL,
  credentials: Credentials,
  log: Log
): Promise<AccessToken> {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: credentials.refreshToken
  })
  return requestToken(transport, tokenUrl, credentials, form, log)
}

/**
 * Posts a grant to the token endpoint and reads the answer. Shared by the
 * refresh-token grant and the authorization-code exchange.
 */
export async function requestToken(
  transport: Transport,
  tokenUrl: URL,
  credentials: Pick<Credentials, 'clientId' | 'clientSecret'>,
  form: URLSearchParams,
  log: Log
): Promise<AccessToken> {
  const basic = basicCredential(credentials.clientId, credentials.clientSecret)
  log.mask(basic)

  const response = await transport.send({
    method: 'POST',
    url: tokenUrl,
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json'
    },
    body: form.toString(),
    // Minting a token twice is harmless, so a lost answer may be retried.
    idempotent: true
  })

  const body = parseJson(response.body)
  if (response.status !== 200) {
    throw tokenFailure(tokenUrl, response, body)
  }
  return readToken(tokenUrl, body, log)
}

function readToken(tokenUrl: URL, body: unknown, log: Log): AccessToken {
  const fields = isRecord(body) ? body : {}
  const accessToken = fields.access_token
  if (typeof accessToken !== 'string' || !accessToken) {
    throw new TokenError(
      `The token endpoint ${describeTarget(tokenUrl)} answered HTTP 200 without an access_token${isRecord(body) ? '' : ' (the answer is not JSON)'}. Check that token-url points at Spotify's token endpoint.`,
      200
    )
  }
  log.mask(accessToken)
  const refreshToken = stringField(fields, 'refresh_token')
  if (refreshToken) log.mask(refreshToken)
  // It goes out as `Authorization: Bearer <token>`, where a space or a line
  // break could not be sent, or would split the header.
  if (!HEADER_SAFE.test(accessToken)) {
    throw new TokenError(
      `The token endpoint ${describeTarget(tokenUrl)} answered HTTP 200 with an access_token that holds spaces, line breaks or other characters an Authorization header cannot carry. Check that token-url points at Spotify's token endpoint.`,
      200
    )
  }

  const expiresIn = Number(fields.expires_in ?? 3600)
  const expiresAt = new Date(Date.now() + expiresIn * 1000)
  // Note: checked here, as an invalid date fails later as a bare
  // "Invalid time value".
  if (!Number.isInteger(expiresIn) || expiresIn < 0 || !isValid(expiresAt)) {
    throw new TokenError(
      `The token endpoint ${describeTarget(tokenUrl)} answered HTTP 200 with an expires_in that is not a whole number of seconds. Check that token-url points at Spotify's token endpoint.`,
      200
    )
  }
  return {
    accessToken,
    tokenType: stringField(fields, 'token_type') ?? 'Bearer',
    expiresIn,
    expiresAt,
    scope: stringField(fields, 'scope') ?? '',
    refreshToken
  }
}

/** Turns Spotify's `{error, error_description}` into what to do next. */
function tokenFailure(
  tokenUrl: URL,
  response: HttpResponse,
  body: unknown
): TokenError {
  const { status } = response
  const fields = isRecord(body) ? body : {}
  const code = stringField(fields, 'error')
  const description = stringField(fields, 'error_description')
  const said = [code, description].filter(Boolean).join(': ')

  if (code === 'invalid_grant') {
    return new TokenError(
      `Spotify refused the refresh token (${said}). It is wrong, revoked, or past Spotify's 6-month limit. Authorize the app again (npx spotify-ads authorize) and update the secret passed as refresh-token.`,
      status,
      code
    )
  }
  if (code === 'invalid_client') {
    return new TokenError(
      `Spotify refused the client credentials (${said}). Check client-id and client-secret against the app in Spotify's developer dashboard.`,
      status,
      code
    )
  }
  const detail = said ? `: ${said}` : describeBody(response)
  const gaveUp = response.gaveUp ? ` (${response.gaveUp})` : ''
  return new TokenError(
    `The token endpoint ${describeTarget(tokenUrl)} answered HTTP ${status}${detail}${gaveUp}.`,
    status,
    code
  )
}

function describeBody(response: HttpResponse): string {
  const type = response.headers['content-type'] ?? 'no content type'
  return response.body.length
    ? ` with a ${response.body.length}-byte ${type} body that is not Spotify's error JSON`
    : ''
}

function isValid(date: Date): boolean {
  return !Number.isNaN(date.getTime())
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    return undefined
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function stringField(
  fields: Record<string, unknown>,
  name: string
): string | undefined {
  const value = fields[name]
  return typeof value === 'string' && value ? value : undefined
}
