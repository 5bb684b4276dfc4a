import { isNativeError } from 'node:util/types'

/**
 * The action's error family. Each class has a stable `name`, keeps what a user
 * needs to act on the failure, and never holds a secret: messages are built
 * from statuses, Spotify's own descriptions and the parts of a request that
 * are safe to show (method, origin and path, never the query or the body).
 */

/** An input that was rejected before any network call. */
export class InputError extends Error {
  override readonly name = 'InputError'

  /**
   * @param input - the input's name as written in `action.yml`
   * @param message - what is wrong and what is accepted
   */
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`Input '${input}' ${message}`)
  }
}

/** The token endpoint refused to mint an access token. */
export class TokenError extends Error {
  override readonly name = 'TokenError'

  constructor(
    message: string,
    readonly status: number,
    readonly code?: string
  ) {
    super(message)
  }
}

/** What a failed Ads API answer told us. */
export interface ApiErrorDetails {
  status: number
  method: string
  /** Origin and path, without the query string. */
  target: string
  messages: string[]
  traceId?: string
}

/** The Ads API answered with a status outside 2xx. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly status: number
  readonly messages: string[]
  readonly traceId?: string

  constructor(details: ApiErrorDetails, hint?: string) {
    super(describeApiError(details, hint))
    this.status = details.status
    this.messages = details.messages
    this.traceId = details.traceId
  }
}

/** No answer: a timeout, a reset or a refused connection, after retries. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError'
}

/** A request we refused to make or to keep following. */
export class RequestError extends Error {
  override readonly name = 'RequestError'
}

/** The response or report file could not be written. */
export class FileError extends Error {
  override readonly name = 'FileError'
}

/** The workflow artifact could not be uploaded. */
export class ArtifactError extends Error {
  override readonly name = 'ArtifactError'
}

function describeApiError(details: ApiErrorDetails, hint?: string): string {
  const parts = [
    `${details.method} ${details.target} answered HTTP ${details.status}`
  ]
  if (details.messages.length > 0) {
    parts.push(`: ${details.messages.join('; ')}`)
  }
  if (details.traceId) {
    parts.push(` (sp_trace_id ${details.traceId})`)
  }
  if (hint) {
    parts.push(`. ${hint}`)
  }
  return parts.join('')
}

/** The message of anything thrown, `Error` or not. */
export function messageOf(error: unknown): string {
  // Note: errors made by Node itself fail `instanceof Error` across realms
  // (a VM context, as under Jest), so the native check comes first.
  if (isNativeError(error) || error instanceof Error) return error.message
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error) ?? String(error)
  } catch {
    return String(error)
  }
}
