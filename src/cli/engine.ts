/**
 * What the token and request commands share with the action: its inputs,
 * read from flags and the environment instead of `action.yml`, its
 * transport, and a token source that mints through the refresh-token grant.
 */
import { InputError } from '../errors.js'
import { Transport } from '../http.js'
import { parseInputs, type ActionInputs } from '../inputs.js'
import { RefreshingTokens } from '../token-source.js'
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
  paginate?: boolean
  'max-pages'?: string
  concurrency?: string
  select?: string
  assert?: string
  'wait-for-report'?: boolean
  'poll-interval-seconds'?: string
  'wait-timeout-seconds'?: string
  'report-file'?: string
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
    'max-retries': flags['max-retries'] ?? '',
    paginate: flags.paginate ? 'true' : '',
    'max-pages': flags['max-pages'] ?? '',
    concurrency: flags.concurrency ?? '',
    select: flags.select ?? '',
    assert: flags.assert ?? '',
    'wait-for-report': flags['wait-for-report'] ? 'true' : '',
    'poll-interval-seconds': flags['poll-interval-seconds'] ?? '',
    'wait-timeout-seconds': flags['wait-timeout-seconds'] ?? '',
    'report-file': flags['report-file'] ?? ''
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
 * The engine's token source, with the command line's word on a rotated
 * refresh token: it is not shown, since only the token asked for is printed.
 */
export function refreshingTokens(
  transport: Transport,
  inputs: ActionInputs,
  log: TerminalLog
): RefreshingTokens {
  return new RefreshingTokens(
    transport,
    inputs.tokenUrl,
    inputs.credentials,
    log,
    token => {
      if (!token.refreshToken) return
      log.warning(
        'Spotify returned a new refresh token, which is not shown. SPOTIFY_REFRESH_TOKEN may stop working; if it does, run spotify-ads authorize again.'
      )
    }
  )
}
