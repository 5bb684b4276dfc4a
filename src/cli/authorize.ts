/**
 * `spotify-ads authorize`: the one step CI cannot do. A person agrees in the
 * browser; Spotify sends the browser back to a loopback server here with a
 * code; the code becomes a refresh token, printed or stored with gh.
 * https://developer.spotify.com/documentation/web-api/tutorials/code-flow
 */
import { randomBytes } from 'node:crypto'
import { TokenError } from '../errors.js'
import { formatSeconds, Transport } from '../http.js'
import type { Log } from '../log.js'
import { requestToken, type AccessToken } from '../token.js'
import { describeTarget, isLoopbackHost } from '../url.js'
import {
  accountsEndpoint,
  ACCOUNTS_OPTIONS,
  COMMON_OPTIONS,
  envValue,
  parseAccountsUrl,
  parseCommand,
  type Env
} from './args.js'
import { listenForCallback } from './callback.js'
import type { CommandContext } from './command.js'
import { USER_AGENT } from './engine.js'
import { AuthorizeError, UsageError } from './errors.js'
import {
  findOnPath,
  parseRepository,
  SECRET_NAME,
  setRepositorySecret
} from './gh.js'
import type { TerminalLog } from './log.js'

export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:8080/callback'

/** Overrides the 5 minutes to wait for the browser; meant for tests. */
export const TIMEOUT_VARIABLE = 'SPOTIFY_ADS_AUTHORIZE_TIMEOUT_SECONDS'
const DEFAULT_TIMEOUT_SECONDS = 300

/** Spotify expires a refresh token this many months after authorization. */
const REFRESH_TOKEN_MONTHS = 6

const AUTHORIZE_OPTIONS = {
  ...COMMON_OPTIONS,
  ...ACCOUNTS_OPTIONS,
  'client-id': { type: 'string' },
  'redirect-uri': { type: 'string' },
  scope: { type: 'string' },
  'no-open': { type: 'boolean' },
  json: { type: 'boolean' },
  // Takes an optional value, which parseArgs cannot say: see readSetSecret.
  'set-secret': { type: 'boolean' }
} as const

export interface AuthorizeOptions {
  clientId: string
  /** As given: Spotify compares it with the registered one character by character. */
  redirectUri: string
  /** The same, parsed: where to listen. */
  callbackUrl: URL
  scope: string
  open: boolean
  json: boolean
  /** With --set-secret: the repository, or undefined for gh's default. */
  setSecret?: { repository?: string }
  accountsUrl: URL
  timeoutMs: number
  verbose: boolean
}

export function authorizeOptions(args: string[], env: Env): AuthorizeOptions {
  const { values, tokens } = parseCommand(
    splitInlineValues(args),
    AUTHORIZE_OPTIONS
  )
  const redirectUri = values['redirect-uri']?.trim() || DEFAULT_REDIRECT_URI
  return {
    clientId: parseClientId(values['client-id'] ?? env.SPOTIFY_CLIENT_ID),
    redirectUri,
    callbackUrl: parseRedirectUri(redirectUri),
    scope: parseScope(values.scope),
    open: values['no-open'] !== true,
    json: values.json === true,
    setSecret: readSetSecret(tokens),
    accountsUrl: parseAccountsUrl(values['accounts-url']),
    timeoutMs: parseTimeout(env[TIMEOUT_VARIABLE]) * 1000,
    verbose: values.verbose === true
  }
}

/** `--set-secret=REPO` is read as `--set-secret REPO`. */
function splitInlineValues(args: string[]): string[] {
  return args.flatMap(arg =>
    arg.startsWith('--set-secret=')
      ? ['--set-secret', arg.slice('--set-secret='.length)]
      : [arg]
  )
}

type ParsedTokens = ReturnType<typeof parseCommand>['tokens']

/**
 * `--set-secret` takes an optional repository: the argument right after it,
 * when that is not an option. This command takes no other argument.
 */
function readSetSecret(
  tokens: ParsedTokens
): AuthorizeOptions['setSecret'] | undefined {
  let flagIndex: number | undefined
  let repository: string | undefined
  for (const token of tokens) {
    if (token.kind === 'option' && token.name === 'set-secret') {
      flagIndex = token.index
    } else if (
      token.kind === 'positional' &&
      flagIndex !== undefined &&
      token.index === flagIndex + 1 &&
      repository === undefined
    ) {
      repository = parseRepository(token.value)
    } else if (token.kind === 'positional') {
      throw new UsageError(
        `unexpected argument '${token.value}'; authorize takes options only`
      )
    }
  }
  return flagIndex === undefined ? undefined : { repository }
}

function parseClientId(value: string | undefined): string {
  const clientId = value?.trim() ?? ''
  if (!clientId) {
    throw new UsageError(
      '--client-id is missing (or set SPOTIFY_CLIENT_ID); it is on your app\u2019s page on the developer dashboard'
    )
  }
  if (/[\s:]/.test(clientId)) {
    throw new UsageError(
      "--client-id must be one word without spaces or ':'; copy it again from the developer dashboard"
    )
  }
  return clientId
}

/**
 * The browser comes back to this machine, so the redirect URI must be
 * plain http on a loopback address. Spotify refuses `localhost` in redirect
 * URIs: https://developer.spotify.com/documentation/web-api/concepts/redirect_uri
 */
export function parseRedirectUri(value: string): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(`--redirect-uri is not a URL (got '${value}')`)
  }
  if (url.hostname.toLowerCase() === 'localhost') {
    throw new UsageError(
      `--redirect-uri must use 127.0.0.1 or [::1], not localhost, which Spotify refuses in redirect URIs (got '${value}')`
    )
  }
  if (url.protocol !== 'http:' || !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `--redirect-uri must be http:// on a loopback address, such as ${DEFAULT_REDIRECT_URI}, where this command can receive Spotify's redirect (got '${value}')`
    )
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new UsageError(
      `--redirect-uri must not hold credentials, a query or a fragment (got '${value}')`
    )
  }
  return url
}

function parseScope(value: string | undefined): string {
  const scope = value?.trim().split(/\s+/).filter(Boolean).join(' ') ?? ''
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(scope)) {
    throw new UsageError('--scope must not hold control characters')
  }
  return scope
}

function parseTimeout(value: string | undefined): number {
  const text = value?.trim() ?? ''
  if (!text) return DEFAULT_TIMEOUT_SECONDS
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN
  if (!(seconds > 0)) {
    throw new UsageError(
      `${TIMEOUT_VARIABLE} must be a number of seconds above 0; got '${text}'`
    )
  }
  return seconds
}

/** The authorize URL the person opens. */
export function authorizeUrl(options: AuthorizeOptions, state: string): URL {
  const url = accountsEndpoint(options.accountsUrl, '/authorize')
  url.searchParams.set('client_id', options.clientId)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('redirect_uri', options.redirectUri)
  url.searchParams.set('state', state)
  if (options.scope) url.searchParams.set('scope', options.scope)
  return url
}

/** What a successful run hands over. */
interface Authorization {
  token: AccessToken & { refreshToken: string }
  authorizedAt: Date
  expiresAt: Date
  /** Set when gh stored the token: where (undefined: gh's default). */
  stored?: { repository?: string }
}

export async function runAuthorize(
  options: AuthorizeOptions,
  context: CommandContext
): Promise<number> {
  const { log } = context
  const gh = options.setSecret ? requireGh(context.terminal.env) : undefined
  const clientSecret = await readClientSecret(context)

  const transport = new Transport({
    timeoutMs: 30_000,
    maxRetries: 3,
    log,
    userAgent: USER_AGENT
  })
  try {
    const token = await authorizeInBrowser(
      options,
      clientSecret,
      transport,
      context
    )
    const authorization = dated(token)
    announce(options, authorization, log)

    const failure = gh
      ? await storeSecret(gh, options, authorization, context)
      : undefined
    report(options, authorization, context)
    if (failure) throw failure
    return 0
  } finally {
    transport.close()
  }
}

function dated(token: Authorization['token']): Authorization {
  const authorizedAt = new Date()
  return {
    token,
    authorizedAt,
    expiresAt: monthsAfter(authorizedAt, REFRESH_TOKEN_MONTHS)
  }
}

function announce(
  options: AuthorizeOptions,
  { token, expiresAt }: Authorization,
  log: TerminalLog
): void {
  const scope = token.scope ? ` (scope: ${token.scope})` : ''
  log.say(
    [
      `Authorized: Spotify issued a refresh token for client ${options.clientId}${scope}.`,
      `It expires ${REFRESH_TOKEN_MONTHS} months after this authorization, around ${day(expiresAt)}:`,
      'run spotify-ads authorize again before then.',
      ''
    ].join('\n')
  )
}

function requireGh(env: Env): string {
  const gh = findOnPath('gh', env)
  if (!gh) {
    throw new AuthorizeError(
      '--set-secret needs the GitHub CLI, gh, on PATH (https://cli.github.com); install it and run gh auth login, or leave out --set-secret and store the token by hand.'
    )
  }
  return gh
}

/** From SPOTIFY_CLIENT_SECRET, or asked for without echo: never a flag. */
async function readClientSecret({
  terminal,
  log
}: CommandContext): Promise<string> {
  let secret = envValue(terminal.env, 'SPOTIFY_CLIENT_SECRET')
  if (!secret) {
    const answer = await terminal.readSecret(
      'Client secret of the app (from the developer dashboard; not shown): '
    )
    if (answer === undefined) {
      throw new UsageError(
        'SPOTIFY_CLIENT_SECRET is not set, and standard input is not a terminal to ask on; export SPOTIFY_CLIENT_SECRET first'
      )
    }
    secret = answer.trim()
  }
  log.mask(secret)
  if (!secret || /\s/.test(secret)) {
    throw new UsageError(
      'The client secret is empty or holds whitespace; copy it again from your app\u2019s settings on the developer dashboard'
    )
  }
  return secret
}

/** Listens, sends the person to Spotify, and waits for the code's token. */
async function authorizeInBrowser(
  options: AuthorizeOptions,
  clientSecret: string,
  transport: Transport,
  { terminal, log }: CommandContext
): Promise<Authorization['token']> {
  const state = randomBytes(32).toString('base64url')
  const tokenUrl = accountsEndpoint(options.accountsUrl, '/api/token')
  const credentials = { clientId: options.clientId, clientSecret }
  const callback = await listenForCallback({
    redirectUri: options.callbackUrl,
    state,
    timeoutMs: options.timeoutMs,
    exchange: code =>
      exchangeCode(transport, tokenUrl, credentials, code, options, log)
  })
  try {
    const url = authorizeUrl(options, state).href
    log.say(
      `Open this URL in a browser, log in to Spotify and agree:\n\n  ${url}\n`
    )
    if (options.open) {
      const problem = await terminal.openBrowser(url)
      if (problem) {
        log.say(`Could not open a browser (${problem}); open the URL yourself.`)
      }
    }
    log.say(
      `Waiting up to ${formatSeconds(options.timeoutMs)} for Spotify to send the browser to ${options.redirectUri} ...`
    )
    return await callback.result
  } finally {
    callback.close()
  }
}

/**
 * Exchanges the code with Basic credentials and the same redirect URI.
 * https://developer.spotify.com/documentation/web-api/tutorials/code-flow#request-an-access-token
 */
async function exchangeCode(
  transport: Transport,
  tokenUrl: URL,
  credentials: { clientId: string; clientSecret: string },
  code: string,
  options: AuthorizeOptions,
  log: Log
): Promise<Authorization['token']> {
  log.mask(code)
  log.info(`Exchanging the code at ${describeTarget(tokenUrl)}`)
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: options.redirectUri
  })
  let token: AccessToken
  try {
    token = await requestToken(transport, tokenUrl, credentials, form, log)
  } catch (error) {
    throw explainExchangeFailure(error)
  }
  const { refreshToken } = token
  if (!refreshToken) {
    throw new AuthorizeError(
      `The token endpoint ${describeTarget(tokenUrl)} answered without a refresh_token; check --accounts-url.`
    )
  }
  return { ...token, refreshToken }
}

/** The engine's messages speak of the refresh grant; this is the code's. */
function explainExchangeFailure(error: unknown): unknown {
  if (!(error instanceof TokenError)) return error
  if (error.code === 'invalid_grant') {
    return new TokenError(
      'Spotify refused the authorization code (invalid_grant): it was used already, is more than 10 minutes old, or was issued for another redirect URI. Run spotify-ads authorize again.',
      error.status,
      error.code
    )
  }
  if (error.code === 'invalid_client') {
    return new TokenError(
      `${error.message} The client id comes from --client-id or SPOTIFY_CLIENT_ID, the secret from SPOTIFY_CLIENT_SECRET or the prompt.`,
      error.status,
      error.code
    )
  }
  return error
}

/**
 * Runs gh. A failure is returned, not thrown, so that the token is still
 * printed: the code is used up, and the person should not lose it.
 */
async function storeSecret(
  gh: string,
  options: AuthorizeOptions,
  authorization: Authorization,
  { terminal, log }: CommandContext
): Promise<Error | undefined> {
  const repository = options.setSecret?.repository
  try {
    const said = await setRepositorySecret(
      gh,
      authorization.token.refreshToken,
      repository,
      terminal.env
    )
    authorization.stored = { repository }
    log.say(
      `Stored it as the Actions secret ${SECRET_NAME} of ${repository ?? 'the current repository'}${said ? ` (gh: ${said})` : ''}.`
    )
    return undefined
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return new AuthorizeError(
      `${message}. The refresh token is on standard output; store it by hand with gh secret set ${SECRET_NAME}.`
    )
  }
}

/** The refresh token alone on stdout (or the JSON object); advice on stderr. */
function report(
  options: AuthorizeOptions,
  authorization: Authorization,
  { terminal, log }: CommandContext
): void {
  const { token, stored } = authorization
  // The one secret this command prints, the one it was asked for; not
  // even that once gh has stored it.
  if (options.json) {
    const result = {
      ...(stored ? {} : { refresh_token: token.refreshToken }),
      expires_at: isoSeconds(authorization.expiresAt),
      scope: token.scope,
      client_id: options.clientId,
      redirect_uri: options.redirectUri,
      authorized_at: isoSeconds(authorization.authorizedAt),
      ...(stored
        ? { secret: SECRET_NAME, repository: stored.repository ?? null }
        : {})
    }
    terminal.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    return
  }
  if (stored) return

  terminal.stdout.write(`${token.refreshToken}\n`)
  log.say(
    [
      '',
      `Store it as the repository secret ${SECRET_NAME}, out of your shell`,
      'history: in a clone of the repository (or with --repo OWNER/NAME), run',
      '',
      `  gh secret set ${SECRET_NAME}`,
      '',
      'and paste the token when gh asks for it (gh reads it from standard input).',
      'Next time, --set-secret does this for you.'
    ].join('\n')
  )
}

/**
 * The same day so many months on, or the month's last day when it has no
 * such day (31 August + 6 months is 28 or 29 February).
 */
export function monthsAfter(date: Date, months: number): Date {
  const result = new Date(date.getTime())
  const day = result.getUTCDate()
  result.setUTCDate(1)
  result.setUTCMonth(result.getUTCMonth() + months)
  const lastDay = new Date(
    Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)
  ).getUTCDate()
  result.setUTCDate(Math.min(day, lastDay))
  return result
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10)
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
