/**
 * What the token and request commands share with the action: its inputs,
 * read from flags and the environment instead of `action.yml`, its
 * transport, and a token source that mints through the refresh-token grant.
 */
import type { TokenSource } from '../api.js'
import { InputError } from '../errors.js'
import { Transport } from '../http.js'
import { parseInputs, type ActionInputs } from '../inputs.js'
import { refreshAccessToken, type AccessToken } from '../token.js'
import { describeTarget } from '../url.js'
import {
  accountsEndpoint,
  DEFAULT_API_BASE_URL,
  envValue,
  parseAccountsUrl,
  type Env
} from './args.js'
import { UsageError } from './errors.js'
import type { TerminalLog } from './log.js'

export const USER_AGENT = 'spotify-ads-cli/1.0'

/** The credentials, by the names of their environment variables. */
export const CREDENTIAL_VARIABLES = {
  'client-id': 'SPOTIFY_CLIENT_ID',
  'client-secret': 'SPOTIFY_CLIENT_SECRET',
  'refresh-token': 'SPOTIFY_REFRESH_TOKEN'
} as const

/** Flags of the token and request commands that take a number. */
export const ENGINE_OPTIONS = {
  'timeout-seconds': { type: 'string' },
  'max-retries': { type: 'string' }
} as const

/** What a command was given, by the flag names it has. */
export interface EngineFlags {
  path?: string
  method?: string
  query?: string[]
  body?: string
  out?: string
  'accounts-url'?: string
  'api-base-url'?: string
  'timeout-seconds'?: string
  'max-retries'?: string
}

/** How the action's inputs are spelled on the command line, for messages. */
const CLI_NAMES: Record<string, string> = {
  ...CREDENTIAL_VARIABLES,
  path: 'PATH',
  'response-file': '--out',
  'token-url': '--accounts-url'
}

/**
 * Parses flags and credentials with the action's own `parseInputs`, so the
 * command line accepts and refuses exactly what the action does. A refusal
 * names the flag or variable, not the action's input.
 */
export function parseEngineInputs(flags: EngineFlags, env: Env): ActionInputs {
  requireCredentials(env)
  const accountsUrl = parseAccountsUrl(flags['accounts-url'])
  const inputs: Record<string, string> = {
    'client-id': envValue(env, CREDENTIAL_VARIABLES['client-id']),
    'client-secret': envValue(env, CREDENTIAL_VARIABLES['client-secret']),
    'refresh-token': envValue(env, CREDENTIAL_VARIABLES['refresh-token']),
    'token-url': accountsEndpoint(accountsUrl, '/api/token').href,
    'api-base-url': flags['api-base-url'] ?? DEFAULT_API_BASE_URL,
    path: flags.path ?? '',
    method: flags.method ?? '',
    query: (flags.query ?? []).join('\n'),
    body: flags.body ?? '',
    'response-file': flags.out ?? '',
    'timeout-seconds': flags['timeout-seconds'] ?? '',
    'max-retries': flags['max-retries'] ?? ''
  }
  try {
    return parseInputs(name => inputs[name] ?? '')
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(renamed(error))
    throw error
  }
}

function requireCredentials(env: Env): void {
  const missing = Object.values(CREDENTIAL_VARIABLES).filter(
    name => !envValue(env, name)
  )
  if (missing.length === 0) return
  const names = missing.join(', ')
  const verb = missing.length === 1 ? 'is' : 'are'
  throw new UsageError(
    `${names} ${verb} not set. Export ${missing.length === 1 ? 'it' : 'them'} first; read -rs NAME && export NAME keeps a value out of your shell history. spotify-ads authorize gets you a refresh token.`
  )
}

/** `Input 'token-url' must use https://` → `--accounts-url must use https://`. */
function renamed(error: InputError): string {
  const prefix = `Input '${error.input}' `
  const rest = error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message
  return `${CLI_NAMES[error.input] ?? `--${error.input}`} ${rest}`
}

/** The action's transport, with the command line's log and user agent. */
export function createTransport(
  inputs: ActionInputs,
  log: TerminalLog
): Transport {
  return new Transport({
    timeoutMs: inputs.timeoutMs,
    maxRetries: inputs.maxRetries,
    log,
    userAgent: USER_AGENT
  })
}

/**
 * Mints access tokens with the refresh-token grant. Requests that the API
 * refused at once share one renewal.
 */
export class RefreshTokens implements TokenSource {
  private token?: AccessToken
  private renewal?: Promise<string>

  constructor(
    private readonly transport: Transport,
    private readonly inputs: ActionInputs,
    private readonly log: TerminalLog
  ) {}

  current(): string {
    return this.token?.accessToken ?? ''
  }

  renew(rejected?: string): Promise<string> {
    const current = this.token?.accessToken
    if (rejected !== undefined && current && current !== rejected) {
      return Promise.resolve(current)
    }
    this.renewal ??= this.mint()
      .then(token => token.accessToken)
      .finally(() => (this.renewal = undefined))
    return this.renewal
  }

  /**
   * https://developer.spotify.com/documentation/web-api/tutorials/refreshing-tokens
   */
  async mint(): Promise<AccessToken> {
    const { tokenUrl, credentials } = this.inputs
    this.log.info(`Minting an access token at ${describeTarget(tokenUrl)}`)
    const token = await refreshAccessToken(
      this.transport,
      tokenUrl,
      credentials,
      this.log
    )
    this.token = token

    const expiresAt = token.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z')
    const scope = token.scope ? ` (scope: ${token.scope})` : ''
    this.log.info(
      `Minted a ${token.tokenType} access token that expires at ${expiresAt}${scope}.`
    )
    if (token.refreshToken) {
      this.log.warning(
        'Spotify returned a new refresh token, which is not shown. SPOTIFY_REFRESH_TOKEN may stop working; if it does, run spotify-ads authorize again.'
      )
    }
    return token
  }
}
