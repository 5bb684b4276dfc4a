import { parseArgs, type ParseArgsConfig } from 'node:util'
import { describeRefusedUrl, parseServiceUrl } from '../url.js'
import { UsageError } from './errors.js'

/** The environment, as `process.env` has it. */
export type Env = Record<string, string | undefined>

type OptionsConfig = NonNullable<ParseArgsConfig['options']>

export const DEFAULT_ACCOUNTS_URL = 'https://accounts.spotify.com'
export const DEFAULT_API_BASE_URL = 'https://api-partner.spotify.com/ads/v3'

/** Options every command takes. */
export const COMMON_OPTIONS = {
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const satisfies OptionsConfig

/** Options of the commands that talk to Spotify's token endpoint. */
export const ACCOUNTS_OPTIONS = {
  'accounts-url': { type: 'string' }
} as const satisfies OptionsConfig

/**
 * Parses one command's arguments strictly: an unknown option, a missing
 * value or a stray argument is a `UsageError` that says which.
 */
export function parseCommand<T extends OptionsConfig>(
  args: string[],
  options: T
) {
  try {
    return parseArgs({
      args,
      options,
      strict: true,
      allowPositionals: true,
      tokens: true
    })
  } catch (error) {
    throw new UsageError(describeParseError(error))
  }
}

/** Node's message, less its advice on `--` that does not apply here. */
function describeParseError(error: unknown): string {
  // Not `instanceof Error`: the error may come from another realm (a test VM).
  const { message } = (error ?? {}) as { message?: unknown }
  if (typeof message !== 'string') return String(error)
  const first = message.split(/\n|\. To specify/)[0] ?? message
  return first.replace(/^\w/, char => char.toLowerCase())
}

/** True when `--help` or `-h` comes before any `--`. */
export function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--')
  const options = end < 0 ? args : args.slice(0, end)
  return options.includes('--help') || options.includes('-h')
}

/**
 * Spotify's accounts service: https, or http on loopback for tests and
 * fakes. Authorize is at `/authorize`, tokens at `/api/token`.
 */
export function parseAccountsUrl(value: string | undefined): URL {
  const text = value?.trim() || DEFAULT_ACCOUNTS_URL
  const url = parseServiceUrl(text)
  if (typeof url === 'string') {
    throw new UsageError(
      `--accounts-url ${url} (got ${describeRefusedUrl(text)})`
    )
  }
  return url
}

/** A path under the accounts service, e.g. `/api/token`. */
export function accountsEndpoint(accountsUrl: URL, path: string): URL {
  return new URL(`${accountsUrl.href.replace(/\/+$/, '')}${path}`)
}

/** The value of an environment variable, trimmed; `''` when unset. */
export function envValue(env: Env, name: string): string {
  return env[name]?.trim() ?? ''
}
